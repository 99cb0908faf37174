"""Reply by email: every incoming message processed, once per Message-ID, with what became of it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('incoming_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_incoming_emails_user_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_incoming_emails_thread_id_threads'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_incoming_emails_post_id_posts'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_emails')),
    sa.UniqueConstraint('message_id', name=op.f('uq_incoming_emails_message_id'))
    )
    with op.batch_alter_table('incoming_emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incoming_emails_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('incoming_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incoming_emails_user_id'))
    op.drop_table('incoming_emails')
