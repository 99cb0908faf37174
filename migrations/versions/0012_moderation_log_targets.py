"""Moderation log: actions on posts and threads (the thread, the post and a short detail).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('post_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('detail', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_moderation_actions_thread_id'), ['thread_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_moderation_actions_thread_id_threads'), 'threads',
                                    ['thread_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_moderation_actions_post_id_posts'), 'posts',
                                    ['post_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_moderation_actions_post_id_posts'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_moderation_actions_thread_id_threads'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_moderation_actions_thread_id'))
        batch_op.drop_column('detail')
        batch_op.drop_column('post_id')
        batch_op.drop_column('thread_id')
