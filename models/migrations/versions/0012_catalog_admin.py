"""Catalogue and staff administration: pinyin initials and quick keys on products, the price
history, partial refunds by line

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from models.initials import name_initials

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("initials", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("quick_key", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("quick_key_order", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index(batch.f("ix_products_initials"), ["initials"], unique=False)
    op.create_table(
        "price_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("price_fen >= 0", name=op.f("ck_price_changes_price_not_negative")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_price_changes_product_id_products")),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"], name=op.f("fk_price_changes_operator_id_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_changes")),
    )
    op.create_index(op.f("ix_price_changes_product_id"), "price_changes", ["product_id"], unique=False)
    with op.batch_alter_table("order_lines") as batch:
        batch.add_column(sa.Column("refunded_quantity", sa.Integer(), nullable=False, server_default="0"))
        batch.create_check_constraint(op.f("ck_order_lines_refund_within_line"),
                                      "refunded_quantity >= 0 AND refunded_quantity <= quantity")
    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_refunds_order_id_orders")),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"], name=op.f("fk_refunds_operator_id_operators")),
        sa.ForeignKeyConstraint(["approved_by"], ["operators.id"], name=op.f("fk_refunds_approved_by_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
    )
    op.create_index(op.f("ix_refunds_order_id"), "refunds", ["order_id"], unique=False)
    op.create_table(
        "refund_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("discount_fen", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["refund_id"], ["refunds.id"], name=op.f("fk_refund_lines_refund_id_refunds"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["order_line_id"], ["order_lines.id"],
                                name=op.f("fk_refund_lines_order_line_id_order_lines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_lines")),
    )
    op.create_index(op.f("ix_refund_lines_refund_id"), "refund_lines", ["refund_id"], unique=False)
    op.create_index(op.f("ix_refund_lines_order_line_id"), "refund_lines", ["order_line_id"], unique=False)
    # Products that exist already get their initials now, so search by initials finds them too.
    conn = op.get_bind()
    products = sa.table("products", sa.column("id", sa.Integer), sa.column("name", sa.String),
                        sa.column("initials", sa.String))
    rows = conn.execute(sa.select(products.c.id, products.c.name)).all()
    if rows:
        conn.execute(products.update().where(products.c.id == sa.bindparam("pid")).values(initials=sa.bindparam("ini")),
                     [{"pid": pid, "ini": name_initials(name)} for pid, name in rows])


def downgrade() -> None:
    op.drop_index(op.f("ix_refund_lines_order_line_id"), table_name="refund_lines")
    op.drop_index(op.f("ix_refund_lines_refund_id"), table_name="refund_lines")
    op.drop_table("refund_lines")
    op.drop_index(op.f("ix_refunds_order_id"), table_name="refunds")
    op.drop_table("refunds")
    with op.batch_alter_table("order_lines") as batch:
        batch.drop_constraint(op.f("ck_order_lines_refund_within_line"), type_="check")
        batch.drop_column("refunded_quantity")
    op.drop_index(op.f("ix_price_changes_product_id"), table_name="price_changes")
    op.drop_table("price_changes")
    with op.batch_alter_table("products") as batch:
        batch.drop_index(batch.f("ix_products_initials"))
        batch.drop_column("quick_key_order")
        batch.drop_column("quick_key")
        batch.drop_column("initials")
