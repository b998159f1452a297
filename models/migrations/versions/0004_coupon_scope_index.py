"""Index coupon templates by scope, so a scan finds the basket-wide ones without walking all of them

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coupon_templates", schema=None) as batch_op:
        batch_op.create_index("ix_coupon_templates_basket_wide", ["scope", "status", "valid_until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coupon_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_templates_basket_wide")
