"""Coupon targets carry their template's status and validity, so a scan skips dead coupons inside the index

A shop that has run for years holds thousands of expired or paused category/store
coupons; a scan used to read each of them to throw it away (bench/coupons.py: p95
92 ms on 1,000,000 templates). Targets now copy status, valid_from and valid_until
(``live_until``: the end of time when a template has no end) and are found by
(target_kind, target_code, status, live_until); the basket-wide index decides start,
stock, store and surfacing too. models/coupons.py keeps the copy in step.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


def upgrade() -> None:
    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.Enum("active", "paused", name="couponstatus", native_enum=False,
                                                        length=16), nullable=True))
        batch_op.add_column(sa.Column("live_from", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("live_until", sa.DateTime(timezone=True), nullable=True))

    targets = sa.table("coupon_targets", sa.column("template_id", sa.Integer()), sa.column("status", sa.String()),
                       sa.column("live_from", sa.DateTime(timezone=True)),
                       sa.column("live_until", sa.DateTime(timezone=True)))
    templates = sa.table("coupon_templates", sa.column("id", sa.Integer()), sa.column("status", sa.String()),
                         sa.column("valid_from", sa.DateTime(timezone=True)),
                         sa.column("valid_until", sa.DateTime(timezone=True)))

    def of_template(column: sa.ColumnClause[object]) -> sa.ScalarSelect[object]:
        return sa.select(column).where(templates.c.id == targets.c.template_id).scalar_subquery()

    op.execute(targets.update().values(
        status=of_template(templates.c.status),
        live_from=of_template(templates.c.valid_from),
        live_until=sa.func.coalesce(of_template(templates.c.valid_until),
                                    sa.bindparam("end_of_time", END_OF_TIME, type_=sa.DateTime(timezone=True))),
    ))

    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column("live_until", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_index("ix_coupon_targets_lookup")
        batch_op.create_index("ix_coupon_targets_live", ["target_kind", "target_code", "status", "live_until",
                                                         "live_from", "template_id"], unique=False)
    with op.batch_alter_table("coupon_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_templates_basket_wide")
        batch_op.create_index("ix_coupon_templates_basket_wide", [
            "scope", "status", "valid_until", "valid_from", "total_stock", "claimed_count", "store_id",
            "surfaced_by_scan"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coupon_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_templates_basket_wide")
        batch_op.create_index("ix_coupon_templates_basket_wide", ["scope", "status", "valid_until"], unique=False)
    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_targets_live")
        batch_op.create_index("ix_coupon_targets_lookup", ["target_kind", "target_code"], unique=False)
        batch_op.drop_column("live_until")
        batch_op.drop_column("live_from")
        batch_op.drop_column("status")
