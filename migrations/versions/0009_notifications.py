"""Notifications and watches: what members are told, and the threads and categories they follow.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03 11:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

ONCE_PER_POST = sa.text("kind IN ('reply', 'mention', 'watched')")
UNREAD_REACTION = sa.text("kind = 'reaction' AND read_at IS NULL")


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('event', sa.String(length=16), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_notifications_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_notifications_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_notifications_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_read', ['user_id', 'read_at', 'id'], unique=False)
        batch_op.create_index('ix_notifications_user_mailed', ['user_id', 'mailed_at'], unique=False)
        batch_op.create_index('ix_notifications_thread_id', ['thread_id'], unique=False)
        batch_op.create_index('ix_notifications_post_id', ['post_id'], unique=False)
        batch_op.create_index('uq_notifications_user_post_once', ['user_id', 'post_id'], unique=True,
                              sqlite_where=ONCE_PER_POST, postgresql_where=ONCE_PER_POST)
        batch_op.create_index('uq_notifications_user_post_reaction', ['user_id', 'post_id'], unique=True,
                              sqlite_where=UNREAD_REACTION, postgresql_where=UNREAD_REACTION)

    op.create_table('watches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(thread_id IS NULL) <> (category_id IS NULL)', name=op.f('ck_watches_one_target')),
    sa.CheckConstraint("level IN ('watching', 'tracking', 'normal', 'muted')", name=op.f('ck_watches_level')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_watches_category_id_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_watches_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_watches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watches')),
    sa.UniqueConstraint('user_id', 'thread_id', name='uq_watches_user_thread'),
    sa.UniqueConstraint('user_id', 'category_id', name='uq_watches_user_category')
    )
    with op.batch_alter_table('watches', schema=None) as batch_op:
        batch_op.create_index('ix_watches_thread_level', ['thread_id', 'level'], unique=False)
        batch_op.create_index('ix_watches_category_level', ['category_id', 'level'], unique=False)


def downgrade():
    with op.batch_alter_table('watches', schema=None) as batch_op:
        batch_op.drop_index('ix_watches_category_level')
        batch_op.drop_index('ix_watches_thread_level')
    op.drop_table('watches')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('uq_notifications_user_post_reaction')
        batch_op.drop_index('uq_notifications_user_post_once')
        batch_op.drop_index('ix_notifications_post_id')
        batch_op.drop_index('ix_notifications_thread_id')
        batch_op.drop_index('ix_notifications_user_mailed')
        batch_op.drop_index('ix_notifications_user_read')
    op.drop_table('notifications')
