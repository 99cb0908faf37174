"""Answers: a thread's solution, reactions on posts with per-post counters, read positions, list indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    # Plain ALTER TABLE ADD COLUMN (no batch copy): copying threads or posts on SQLite would trip
    # the search triggers that name them (see 0002).
    if bind.dialect.name == "sqlite":
        op.execute("ALTER TABLE threads ADD COLUMN solution_post_id INTEGER REFERENCES posts (id) ON DELETE SET NULL")
    else:
        op.add_column('threads', sa.Column('solution_post_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_threads_solution_post_id_posts'), 'threads', 'posts',
                              ['solution_post_id'], ['id'], ondelete='SET NULL')
    op.create_index(op.f('ix_threads_solution_post_id'), 'threads', ['solution_post_id'], unique=False)
    op.create_index('ix_threads_activity', 'threads', ['last_post_at', 'id'], unique=False)
    op.create_index('ix_threads_unanswered', 'threads', ['post_count', 'last_post_at'], unique=False)
    for kind in ('thanks', 'helpful', 'insightful'):
        op.add_column('posts', sa.Column(f'{kind}_count', sa.Integer(), nullable=False, server_default='0'))

    op.create_table('post_reactions',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_reactions_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_post_reactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', 'kind', name=op.f('pk_post_reactions'))
    )
    op.create_index(op.f('ix_post_reactions_user_id'), 'post_reactions', ['user_id'], unique=False)

    op.create_table('thread_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_read_post_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_thread_reads_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_thread_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_reads'))
    )
    op.create_index(op.f('ix_thread_reads_thread_id'), 'thread_reads', ['thread_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_thread_reads_thread_id'), table_name='thread_reads')
    op.drop_table('thread_reads')
    op.drop_index(op.f('ix_post_reactions_user_id'), table_name='post_reactions')
    op.drop_table('post_reactions')
    for kind in ('thanks', 'helpful', 'insightful'):
        op.drop_column('posts', f'{kind}_count')  # SQLite 3.35+ drops columns natively
    op.drop_index('ix_threads_unanswered', table_name='threads')
    op.drop_index('ix_threads_activity', table_name='threads')
    op.drop_index(op.f('ix_threads_solution_post_id'), table_name='threads')
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f('fk_threads_solution_post_id_posts'), 'threads', type_='foreignkey')
    op.drop_column('threads', 'solution_post_id')
