"""Account safety: verified email addresses, an email change waiting for its link, deleted accounts.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pending_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    # Accounts from before verification existed keep writing: their address counts as verified.
    op.execute("UPDATE users SET email_verified_at = created_at")


def downgrade():
    # Natively (SQLite 3.35+): a batch copy of users would drop a table every other one refers to.
    op.drop_column('users', 'deleted_at')
    op.drop_column('users', 'pending_email')
    op.drop_column('users', 'email_verified_at')
