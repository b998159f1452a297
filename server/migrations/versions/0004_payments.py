"""payments: payable orders, payment attempts, refunds, applied gateway events, notification log

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "server_payment_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_ref", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("paid_payment_id", sa.Integer(), nullable=True),
        _when("created_at"),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_payment_orders_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payment_orders")),
        sa.UniqueConstraint("order_ref", name=op.f("uq_server_payment_orders_order_ref")),
    )
    op.create_table(
        "server_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("out_trade_no", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("description", sa.String(length=127), nullable=False),
        sa.Column("pay_url", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attention", sa.String(length=200), nullable=False),
        sa.Column("transaction_id", sa.String(length=64), nullable=True),
        sa.Column("payer_ref", sa.String(length=64), nullable=True),
        sa.Column("paid_fen", sa.Integer(), nullable=True),
        sa.Column("refund_requested_fen", sa.Integer(), nullable=False),
        sa.Column("refunded_fen", sa.Integer(), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        _when("paid_at", True),
        _when("closed_at", True),
        _when("checked_at", True),
        sa.ForeignKeyConstraint(["order_id"], ["server_payment_orders.id"],
                                name=op.f("fk_server_payments_order_id_server_payment_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payments")),
        sa.UniqueConstraint("out_trade_no", name=op.f("uq_server_payments_out_trade_no")),
    )
    op.create_index(op.f("ix_server_payments_order_id"), "server_payments", ["order_id"])
    op.create_index(op.f("ix_server_payments_state"), "server_payments", ["state"])
    op.create_table(
        "server_payment_refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("out_refund_no", sa.String(length=64), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.Column("refund_id", sa.String(length=64), nullable=False),
        sa.Column("payer_ref", sa.String(length=64), nullable=False),
        sa.Column("to_account", sa.String(length=80), nullable=False),
        _when("created_at"),
        _when("next_try_at"),
        _when("done_at", True),
        sa.ForeignKeyConstraint(["payment_id"], ["server_payments.id"],
                                name=op.f("fk_server_payment_refunds_payment_id_server_payments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payment_refunds")),
        sa.UniqueConstraint("out_refund_no", name=op.f("uq_server_payment_refunds_out_refund_no")),
    )
    op.create_index(op.f("ix_server_payment_refunds_payment_id"), "server_payment_refunds", ["payment_id"])
    op.create_index(op.f("ix_server_payment_refunds_state"), "server_payment_refunds", ["state"])
    op.create_table(
        "server_payment_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("out_trade_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        _when("received_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payment_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_server_payment_events_event_id")),
    )
    op.create_index(op.f("ix_server_payment_events_out_trade_no"), "server_payment_events", ["out_trade_no"])
    op.create_table(
        "server_payment_notify_log",
        sa.Column("id", sa.Integer(), nullable=False),
        _when("received_at"),
        sa.Column("verdict", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("out_trade_no", sa.String(length=32), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_payment_notify_log")),
    )
    op.create_index(op.f("ix_server_payment_notify_log_received_at"), "server_payment_notify_log", ["received_at"])


def downgrade() -> None:
    op.drop_table("server_payment_notify_log")
    op.drop_table("server_payment_events")
    op.drop_table("server_payment_refunds")
    op.drop_table("server_payments")
    op.drop_table("server_payment_orders")
