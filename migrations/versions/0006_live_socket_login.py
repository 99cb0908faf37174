"""Live sockets remember the sign-in they were opened with, so signing out one browser closes only its sockets.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 17:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('live_sockets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_live_sockets_login_hash'), ['login_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('live_sockets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_sockets_login_hash'))
        batch_op.drop_column('login_hash')
