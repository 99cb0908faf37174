"""Thread moderation and edit history: a merged thread's new address, every version of a post.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ADD COLUMN (no batch copy): copying threads on SQLite would trip the
    # search triggers that name it (see 0007).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE threads ADD COLUMN merged_into_id INTEGER REFERENCES threads (id) ON DELETE SET NULL")
    else:
        op.add_column('threads', sa.Column('merged_into_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_threads_merged_into_id_threads'), 'threads', 'threads',
                              ['merged_into_id'], ['id'], ondelete='SET NULL')

    op.create_table('post_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_revisions_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_post_revisions_editor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_revisions'))
    )
    op.create_index('ix_post_revisions_post_number', 'post_revisions', ['post_id', 'number'], unique=True)


def downgrade():
    op.drop_index('ix_post_revisions_post_number', table_name='post_revisions')
    op.drop_table('post_revisions')
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f('fk_threads_merged_into_id_threads'), 'threads', type_='foreignkey')
    op.drop_column('threads', 'merged_into_id')  # SQLite 3.35+ drops columns natively
