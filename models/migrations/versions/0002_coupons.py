"""coupons

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 20:28:01.646055
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
        "coupon_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("title_en", sa.String(length=80), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "fixed",
                "percent",
                "threshold",
                "buy_n_get_m",
                "cheapest_item",
                name="couponkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "scope",
            sa.Enum(
                "order", "store", "product", "category", name="couponscope", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("value_fen", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("cap_fen", sa.Integer(), nullable=False),
        sa.Column("tiers", sa.JSON(), nullable=False),
        sa.Column("buy_n", sa.Integer(), nullable=False),
        sa.Column("get_m", sa.Integer(), nullable=False),
        sa.Column("min_spend_fen", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_days_after_claim", sa.Integer(), nullable=True),
        sa.Column("total_stock", sa.Integer(), nullable=True),
        sa.Column("claimed_count", sa.Integer(), nullable=False),
        sa.Column("per_member_limit", sa.Integer(), nullable=False),
        sa.Column("exclusivity_group", sa.String(length=32), nullable=False),
        sa.Column("exclusive", sa.Boolean(), nullable=False),
        sa.Column("surfaced_by_scan", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "paused", name="couponstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("per_member_limit >= 1", name=op.f("ck_coupon_templates_limit_positive")),
        sa.CheckConstraint("percent >= 0 AND percent <= 100", name=op.f("ck_coupon_templates_percent_range")),
        sa.CheckConstraint(
            "total_stock IS NULL OR claimed_count <= total_stock",
            name=op.f("ck_coupon_templates_stock_not_overrun"),
        ),
        sa.CheckConstraint(
            "value_fen >= 0 AND cap_fen >= 0 AND min_spend_fen >= 0",
            name=op.f("ck_coupon_templates_money_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_coupon_templates_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupon_templates")),
        sa.UniqueConstraint("code", name=op.f("uq_coupon_templates_code")),
    )
    with op.batch_alter_table("coupon_templates", schema=None) as batch_op:
        batch_op.create_index("ix_coupon_templates_surface", ["status", "store_id"], unique=False)

    op.create_table(
        "coupon_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=8), nullable=False),
        sa.Column("target_code", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["coupon_templates.id"],
            name=op.f("fk_coupon_targets_template_id_coupon_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupon_targets")),
        sa.UniqueConstraint(
            "template_id", "target_kind", "target_code", name=op.f("uq_coupon_targets_template_id")
        ),
    )
    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.create_index("ix_coupon_targets_lookup", ["target_kind", "target_code"], unique=False)

    op.create_table(
        "member_coupons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("claim_no", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "claimed",
                "used",
                "released",
                "expired",
                name="membercouponstate",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.CheckConstraint("claim_no >= 1", name=op.f("ck_member_coupons_claim_no_positive")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_coupons_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["coupon_templates.id"],
            name=op.f("fk_member_coupons_template_id_coupon_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_coupons")),
        sa.UniqueConstraint(
            "template_id", "member_id", "claim_no", name=op.f("uq_member_coupons_template_id")
        ),
    )
    with op.batch_alter_table("member_coupons", schema=None) as batch_op:
        batch_op.create_index("ix_member_coupons_member_state", ["member_id", "state"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("member_coupons", schema=None) as batch_op:
        batch_op.drop_index("ix_member_coupons_member_state")

    op.drop_table("member_coupons")
    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_targets_lookup")

    op.drop_table("coupon_targets")
    with op.batch_alter_table("coupon_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_templates_surface")

    op.drop_table("coupon_templates")
