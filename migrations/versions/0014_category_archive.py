"""Categories: archived (readable, no new threads) and a revision that keys the cached pages showing them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD and DROP COLUMN, not batch mode: rebuilding the table on SQLite would drop it
    # under the threads that reference it (foreign keys are on).
    op.add_column('categories', sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('categories', sa.Column('revision', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    op.drop_column('categories', 'revision')
    op.drop_column('categories', 'archived')
