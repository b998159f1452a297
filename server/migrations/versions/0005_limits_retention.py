"""rate-limit counters shared by all server processes; partial indexes on the rows still to send

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Claims look only at rows still to send; with these indexes their cost follows the queue,
# not the history (sent / dead / suppressed rows stay out of the index).
_OPEN = "state IN ('pending', 'sending')"


def upgrade() -> None:
    op.create_table(
        "server_rate_limits",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_server_rate_limits")),
    )
    op.create_index(op.f("ix_server_rate_limits_expires_at"), "server_rate_limits", ["expires_at"])
    for table in ("server_deliveries", "server_courier_calls"):
        op.create_index(
            f"ix_{table}_open",
            table,
            ["next_attempt_at", "id"],
            postgresql_where=sa.text(_OPEN),
            sqlite_where=sa.text(_OPEN),
        )


def downgrade() -> None:
    for table in ("server_deliveries", "server_courier_calls"):
        op.drop_index(f"ix_{table}_open", table_name=table)
    op.drop_index(op.f("ix_server_rate_limits_expires_at"), table_name="server_rate_limits")
    op.drop_table("server_rate_limits")
