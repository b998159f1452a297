"""payfor: orders paid by another person, payers' pre-bound recipient contacts, delivery updates

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _s(name: str, length: int, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "server_payfor_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        _s("order_no", 40),
        sa.Column("station_id", sa.Integer(), nullable=False),
        _s("store_code", 40),
        _s("recipient_key", 80),
        _s("recipient_name", 80),
        _s("recipient_phone", 20),
        _s("recipient_address", 200),
        _s("payer_key", 80),
        _s("payer_name", 80),
        _s("payer_phone", 20),
        sa.Column("goods", sa.JSON(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        _s("locale", 4),
        _s("state", 16),
        _s("contact_kind", 10),
        _s("contact_key", 80),
        _s("contact_detail", 200),
        sa.Column("payer_link_id", sa.Integer(), nullable=True),
        sa.Column("requests_sent", sa.Integer(), nullable=False),
        _s("out_trade_no", 32, nullable=True),
        _s("courier_code", 20),
        _s("tracking_no", 40),
        _s("courier_name", 80),
        _s("courier_phone", 20),
        _s("delivery_status", 20),
        _when("created_at"),
        _when("expires_at"),
        _when("paid_at", nullable=True),
        _when("closed_at", nullable=True),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_payfor_orders_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payfor_orders")),
        sa.UniqueConstraint("order_no", name=op.f("uq_server_payfor_orders_order_no")),
    )
    op.create_index(op.f("ix_server_payfor_orders_station_id"), "server_payfor_orders", ["station_id"])
    op.create_index(op.f("ix_server_payfor_orders_state"), "server_payfor_orders", ["state"])
    op.create_index(op.f("ix_server_payfor_orders_tracking_no"), "server_payfor_orders", ["tracking_no"])
    op.create_table(
        "server_payfor_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        _s("store_code", 40),
        _s("payer_key", 80),
        _s("recipient_key", 80),
        _s("apprise_url", 500),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payfor_contacts")),
        sa.UniqueConstraint("store_code", "payer_key", "recipient_key",
                            name=op.f("uq_server_payfor_contacts_store_code")),
    )
    op.create_table(
        "server_payfor_tracking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        _s("request_key", 100),
        _s("status", 20),
        _s("note", 200),
        _when("at"),
        _when("created_at"),
        sa.ForeignKeyConstraint(["order_id"], ["server_payfor_orders.id"],
                                name=op.f("fk_server_payfor_tracking_order_id_server_payfor_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payfor_tracking")),
        sa.UniqueConstraint("order_id", "request_key", name=op.f("uq_server_payfor_tracking_order_id")),
    )
    op.create_index(op.f("ix_server_payfor_tracking_order_id"), "server_payfor_tracking", ["order_id"])


def downgrade() -> None:
    op.drop_table("server_payfor_tracking")
    op.drop_table("server_payfor_contacts")
    op.drop_index(op.f("ix_server_payfor_orders_tracking_no"), table_name="server_payfor_orders")
    op.drop_index(op.f("ix_server_payfor_orders_state"), table_name="server_payfor_orders")
    op.drop_index(op.f("ix_server_payfor_orders_station_id"), table_name="server_payfor_orders")
    op.drop_table("server_payfor_orders")
