"""payfor: the desk's pay-for-another orders (sent, requested, paid, closed; delivery updates)

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payfor_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=40), nullable=False),
        sa.Column("recipient_member_id", sa.Integer(), nullable=True),
        sa.Column("recipient_name", sa.String(length=60), nullable=False),
        sa.Column("recipient_phone", sa.String(length=20), nullable=False),
        sa.Column("payer_member_id", sa.Integer(), nullable=True),
        sa.Column("payer_name", sa.String(length=60), nullable=False),
        sa.Column("payer_phone", sa.String(length=20), nullable=False),
        sa.Column("goods", sa.JSON(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("pay_url", sa.String(length=300), nullable=False),
        sa.Column("contact_kind", sa.String(length=10), nullable=False),
        sa.Column("requests_sent", sa.Integer(), nullable=False),
        sa.Column("delivery_status", sa.String(length=20), nullable=False),
        sa.Column("tracking_no", sa.String(length=40), nullable=False),
        sa.Column("courier_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["recipient_member_id"], ["members.id"],
                                name=op.f("fk_payfor_orders_recipient_member_id_members")),
        sa.ForeignKeyConstraint(["payer_member_id"], ["members.id"],
                                name=op.f("fk_payfor_orders_payer_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payfor_orders")),
        sa.UniqueConstraint("order_no", name=op.f("uq_payfor_orders_order_no")),
    )
    op.create_index(op.f("ix_payfor_orders_recipient_member_id"), "payfor_orders", ["recipient_member_id"])
    op.create_index(op.f("ix_payfor_orders_state"), "payfor_orders", ["state"])


def downgrade() -> None:
    op.drop_index(op.f("ix_payfor_orders_state"), table_name="payfor_orders")
    op.drop_index(op.f("ix_payfor_orders_recipient_member_id"), table_name="payfor_orders")
    op.drop_table("payfor_orders")
