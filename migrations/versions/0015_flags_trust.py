"""Flags, hidden, deleted and pending posts, and the new-account limits' "established" mark.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ADD COLUMN (no batch copy): copying posts on SQLite would trip its search triggers.
    op.add_column('posts', sa.Column('state', sa.String(length=16), server_default='visible', nullable=False))
    op.add_column('posts', sa.Column('state_reason', sa.Text(), server_default='', nullable=False))
    op.create_index(op.f('ix_posts_state'), 'posts', ['state'], unique=False)
    op.add_column('threads', sa.Column('hidden_count', sa.Integer(), server_default='0', nullable=False))
    op.add_column('users', sa.Column('established', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        'post_flags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), server_default='', nullable=False),
        sa.Column('weighty', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_flags_post_id_posts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_post_flags_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_post_flags')),
        sa.UniqueConstraint('post_id', 'user_id', name='uq_post_flags_post_user'),
    )
    with op.batch_alter_table('post_flags', schema=None) as batch_op:
        batch_op.create_index('ix_post_flags_open', ['resolved_at', 'post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_flags_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('post_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_flags_user_id'))
        batch_op.drop_index('ix_post_flags_open')
    op.drop_table('post_flags')
    op.drop_column('users', 'established')  # SQLite 3.35+ drops columns natively
    op.drop_column('threads', 'hidden_count')
    op.drop_index(op.f('ix_posts_state'), table_name='posts')
    op.drop_column('posts', 'state_reason')
    op.drop_column('posts', 'state')
