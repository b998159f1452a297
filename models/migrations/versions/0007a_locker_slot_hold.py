"""A locker door held for the parcel it is being opened for, until closed again or the hold runs out

Two desks choosing the same free door at once: the first to hold it opens it; the other
is told the slot is taken before any door opens, and ``choose_slot`` skips held doors.

Revision ID: 0007a
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007a"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("locker_slots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_for", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("held_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("locker_slots", schema=None) as batch_op:
        batch_op.drop_column("held_until")
        batch_op.drop_column("held_for")
