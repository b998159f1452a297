"""Outbox: the server's verdict on an event it could not apply ("sync problems")

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("problem", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("problem_reason", sa.String(length=300), nullable=False, server_default=""))
        batch.create_index(batch.f("ix_outbox_problem"), ["problem"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index(batch.f("ix_outbox_problem"))
        batch.drop_column("problem_reason")
        batch.drop_column("problem")
