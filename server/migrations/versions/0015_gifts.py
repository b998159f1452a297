"""gifts: paid presents with a hashed single-use claim link, and the orders their claims generate

Revision ID: 0015
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0008"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "server_gifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gift_no", sa.String(length=40), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("product_code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("wording", sa.String(length=200), nullable=False),
        sa.Column("image_url", sa.String(length=300), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("giver_phone", sa.String(length=20), nullable=False),
        sa.Column("locale", sa.String(length=2), nullable=False),
        sa.Column("message", sa.String(length=140), nullable=False),
        sa.Column("bind_phone", sa.String(length=20), nullable=True),
        sa.Column("link_ttl_s", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("pay_route", sa.String(length=20), nullable=False),
        sa.Column("out_trade_no", sa.String(length=32), nullable=True),
        sa.Column("out_refund_no", sa.String(length=64), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        _when("expires_at"),
        sa.Column("otp_hash", sa.String(length=64), nullable=True),
        sa.Column("otp_phone", sa.String(length=20), nullable=True),
        _when("otp_expires_at"),
        sa.Column("otp_tries", sa.Integer(), nullable=False),
        _when("otp_wait_until"),
        sa.Column("confirmed_phone", sa.String(length=20), nullable=True),
        _when("created_at", nullable=False),
        _when("paid_at"),
        _when("claimed_at"),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_gifts_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_gifts")),
        sa.UniqueConstraint("gift_no", name=op.f("uq_server_gifts_gift_no")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_gifts_token_hash")),
    )
    op.create_index(op.f("ix_server_gifts_station_id"), "server_gifts", ["station_id"])
    op.create_index(op.f("ix_server_gifts_state"), "server_gifts", ["state"])
    op.create_index(op.f("ix_server_gifts_expires_at"), "server_gifts", ["expires_at"])
    op.create_table(
        "server_gift_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gift_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("pickup", sa.Boolean(), nullable=False),
        sa.Column("slot", sa.String(length=40), nullable=False),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(["gift_id"], ["server_gifts.id"],
                                name=op.f("fk_server_gift_orders_gift_id_server_gifts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_gift_orders")),
        sa.UniqueConstraint("gift_id", name=op.f("uq_server_gift_orders_gift_id")),
    )


def downgrade() -> None:
    op.drop_table("server_gift_orders")
    op.drop_index(op.f("ix_server_gifts_expires_at"), table_name="server_gifts")
    op.drop_index(op.f("ix_server_gifts_state"), table_name="server_gifts")
    op.drop_index(op.f("ix_server_gifts_station_id"), table_name="server_gifts")
    op.drop_table("server_gifts")
