"""web pages: signed links, opt-outs, store delivery rules, admin login; message category,
urgency, not_before and suppression; delivery targets widened for encrypted values

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_links_token_hash")),
    )
    op.create_table(
        "server_opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["server_recipients.id"],
            name=op.f("fk_server_opt_outs_recipient_id_server_recipients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_opt_outs")),
        sa.UniqueConstraint("recipient_id", "category", name="uq_server_opt_outs_recipient_category"),
    )
    op.create_table(
        "server_store_prefs",
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("quiet_hours", sa.String(length=11), nullable=False),
        sa.Column("mandatory", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("store_code", name=op.f("pk_server_store_prefs")),
    )
    op.create_table(
        "server_admin_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_admin_account")),
    )
    op.create_table(
        "server_admin_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_admin_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_admin_sessions_token_hash")),
    )
    # The inbox moves onto the signed links: same token hashes, same expiry.
    op.execute(
        "INSERT INTO server_links (token_hash, purpose, subject, created_at, expires_at, uses) "
        "SELECT token_hash, 'inbox', 'recipient:' || CAST(recipient_id AS VARCHAR(20)), created_at, expires_at, 0 "
        "FROM server_inbox_links"
    )
    op.drop_table("server_inbox_links")
    with op.batch_alter_table("server_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("suppressed", sa.String(length=120), nullable=False, server_default=""))
    with op.batch_alter_table("server_deliveries", schema=None) as batch_op:
        batch_op.alter_column(
            "target", existing_type=sa.String(length=500), type_=sa.Text(), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("server_deliveries", schema=None) as batch_op:
        batch_op.alter_column(
            "target", existing_type=sa.Text(), type_=sa.String(length=500), existing_nullable=False
        )
    with op.batch_alter_table("server_messages", schema=None) as batch_op:
        batch_op.drop_column("suppressed")
        batch_op.drop_column("not_before")
        batch_op.drop_column("urgent")
        batch_op.drop_column("category")
    op.create_table(
        "server_inbox_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["server_messages.id"],
            name=op.f("fk_server_inbox_links_message_id_server_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["server_recipients.id"],
            name=op.f("fk_server_inbox_links_recipient_id_server_recipients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_inbox_links")),
        sa.UniqueConstraint("message_id", name=op.f("uq_server_inbox_links_message_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_inbox_links_token_hash")),
    )
    # Links of other purposes have no place in the old table; inbox links cannot be mapped
    # back to their message (the subject names the recipient), so they are not restored.
    op.drop_table("server_admin_sessions")
    op.drop_table("server_admin_account")
    op.drop_table("server_store_prefs")
    op.drop_table("server_opt_outs")
    op.drop_table("server_links")
