"""server tables

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 20:30:06.930313
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_server_meta")),
    )
    op.create_table(
        "server_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("recipient_key", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_recipients")),
        sa.UniqueConstraint("store_code", "recipient_key", name="uq_server_recipients_store_key"),
    )
    op.create_table(
        "server_stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_stations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_stations_token_hash")),
    )
    with op.batch_alter_table("server_stations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_stations_store_code"), ["store_code"], unique=False)

    op.create_table(
        "server_enrolment_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["server_stations.id"],
            name=op.f("fk_server_enrolment_codes_station_id_server_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_enrolment_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_server_enrolment_codes_code_hash")),
    )
    op.create_table(
        "server_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["server_stations.id"], name=op.f("fk_server_feed_station_id_server_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_feed")),
    )
    with op.batch_alter_table("server_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_feed_station_id"), ["station_id"], unique=False)

    op.create_table(
        "server_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("source_event_id", sa.String(length=32), nullable=False),
        sa.Column("dedup_key", sa.String(length=120), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["server_recipients.id"],
            name=op.f("fk_server_messages_recipient_id_server_recipients"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["server_stations.id"], name=op.f("fk_server_messages_station_id_server_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_messages")),
        sa.UniqueConstraint("recipient_id", "dedup_key", name="uq_server_messages_recipient_dedup"),
    )
    with op.batch_alter_table("server_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_messages_recipient_id"), ["recipient_id"], unique=False)

    op.create_table(
        "server_sync_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("client_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["server_stations.id"],
            name=op.f("fk_server_sync_events_station_id_server_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_sync_events")),
        sa.UniqueConstraint("station_id", "event_id", name="uq_server_sync_events_station_event"),
    )
    op.create_table(
        "server_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(length=32), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["server_messages.id"],
            name=op.f("fk_server_deliveries_message_id_server_messages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_deliveries")),
    )
    with op.batch_alter_table("server_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_deliveries_message_id"), ["message_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_server_deliveries_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_server_deliveries_state"), ["state"], unique=False)

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


def downgrade() -> None:
    op.drop_table("server_inbox_links")
    with op.batch_alter_table("server_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_deliveries_state"))
        batch_op.drop_index(batch_op.f("ix_server_deliveries_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_server_deliveries_message_id"))

    op.drop_table("server_deliveries")
    op.drop_table("server_sync_events")
    with op.batch_alter_table("server_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_messages_recipient_id"))

    op.drop_table("server_messages")
    with op.batch_alter_table("server_feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_feed_station_id"))

    op.drop_table("server_feed")
    op.drop_table("server_enrolment_codes")
    with op.batch_alter_table("server_stations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_stations_store_code"))

    op.drop_table("server_stations")
    op.drop_table("server_recipients")
    op.drop_table("server_meta")
