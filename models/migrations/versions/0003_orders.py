"""orders

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 20:32:12.988556
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("subtotal_fen", sa.Integer(), nullable=False),
        sa.Column("discount_fen", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column(
            "payment_method",
            sa.Enum("cash", "card", "qr", name="paymentmethod", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("payment_reference", sa.String(length=64), nullable=False),
        sa.Column("tendered_fen", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("paid", "refunded", name="orderstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("discount_fen >= 0 AND total_fen >= 0", name=op.f("ck_orders_money_not_negative")),
        sa.CheckConstraint("total_fen = subtotal_fen - discount_fen", name=op.f("ck_orders_total_adds_up")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_orders_member_id_members")),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_orders_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_orders_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_orders_number")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_created_at", ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_member_id"), ["member_id"], unique=False)

    op.create_table(
        "order_coupons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("member_coupon_id", sa.Integer(), nullable=False),
        sa.Column("discount_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_coupon_id"],
            ["member_coupons.id"],
            name=op.f("fk_order_coupons_member_coupon_id_member_coupons"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_coupons_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_coupons")),
        sa.UniqueConstraint("member_coupon_id", name=op.f("uq_order_coupons_member_coupon_id")),
    )
    with op.batch_alter_table("order_coupons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_coupons_order_id"), ["order_id"], unique=False)

    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=14), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("discount_fen", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "total_fen = unit_price_fen * quantity - discount_fen", name=op.f("ck_order_lines_line_adds_up")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_lines_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_order_lines_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_lines_order_id"), ["order_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_order_id"))

    op.drop_table("order_lines")
    with op.batch_alter_table("order_coupons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_coupons_order_id"))

    op.drop_table("order_coupons")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_member_id"))
        batch_op.drop_index("ix_orders_created_at")

    op.drop_table("orders")
