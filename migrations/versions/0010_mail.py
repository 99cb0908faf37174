"""Mail: stored messages (sent by jobs, once per key) and each member's choice of notification mail.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 11:10:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('headers', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.create_index('ix_mail_messages_state_created', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        # Existing members get the same default as new ones (README, "Mail"); every mail can unsubscribe.
        batch_op.add_column(sa.Column('email_notifications', sa.String(length=16), nullable=False,
                                      server_default='immediate'))
        batch_op.add_column(sa.Column('notified_by_mail_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_messages_user_id'))
        batch_op.drop_index('ix_mail_messages_state_created')
    op.drop_table('mail_messages')
    # Natively (SQLite 3.35+): a batch copy of users would drop a table every other one refers to.
    op.drop_column('users', 'notified_by_mail_at')
    op.drop_column('users', 'email_notifications')
