"""Promoted products: related items for a product or category, and featured items per store

Revision ID: 0006
Revises: 0005a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promotions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Enum("related", "featured", name="promotionkind", native_enum=False, length=16),
                  nullable=False),
        sa.Column("trigger_kind", sa.Enum("none", "product", "category", name="promotiontrigger",
                                          native_enum=False, length=16), nullable=False),
        sa.Column("trigger_code", sa.String(length=16), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("pitch", sa.String(length=60), nullable=False),
        sa.Column("pitch_en", sa.String(length=80), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(kind = 'featured' AND trigger_kind = 'none' AND trigger_code = '')"
            " OR (kind = 'related' AND trigger_kind IN ('product', 'category') AND trigger_code <> '')",
            name=op.f("ck_promotions_trigger_matches_kind"),
        ),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_promotions_product_id_products")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_promotions_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotions")),
    )
    with op.batch_alter_table("promotions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_promotions_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_promotions_store_id"), ["store_id"], unique=False)
        batch_op.create_index("ix_promotions_trigger", ["trigger_kind", "trigger_code"], unique=False)


def downgrade() -> None:
    op.drop_table("promotions")
