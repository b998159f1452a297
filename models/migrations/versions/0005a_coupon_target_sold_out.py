"""Coupon targets also know when their template's stock is gone, so a scan skips sold-out coupons inside the index

After 0005 the scan still read every sold-out category coupon to drop it (about 8 % of a
long history). ``sold_out`` is set by the claim that takes the last unit and cleared when
an administrator adds stock (models/coupons.py keeps it).

Revision ID: 0005a
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005a"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sold_out", sa.Boolean(), nullable=False, server_default=sa.false()))

    targets = sa.table("coupon_targets", sa.column("template_id", sa.Integer()), sa.column("sold_out", sa.Boolean()))
    templates = sa.table("coupon_templates", sa.column("id", sa.Integer()), sa.column("total_stock", sa.Integer()),
                         sa.column("claimed_count", sa.Integer()))
    sold_out = sa.select(templates.c.id).where(templates.c.total_stock.is_not(None),
                                               templates.c.claimed_count >= templates.c.total_stock)
    op.execute(targets.update().where(targets.c.template_id.in_(sold_out)).values(sold_out=True))

    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_targets_live")
        batch_op.create_index("ix_coupon_targets_live", ["target_kind", "target_code", "status", "sold_out",
                                                         "live_until", "live_from", "template_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coupon_targets", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_targets_live")
        batch_op.create_index("ix_coupon_targets_live", ["target_kind", "target_code", "status", "live_until",
                                                         "live_from", "template_id"], unique=False)
        batch_op.drop_column("sold_out")
