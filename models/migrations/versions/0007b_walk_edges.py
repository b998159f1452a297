"""Walkways of the compound, for slot choice by walking distance when a site configures them

Revision ID: 0007b
Revises: 0007a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007b"
down_revision = "0007a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walk_edges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("a", sa.String(length=40), nullable=False),
        sa.Column("b", sa.String(length=40), nullable=False),
        sa.Column("metres", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["compound_id"], ["compounds.id"], name=op.f("fk_walk_edges_compound_id_compounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_edges")),
        sa.UniqueConstraint("compound_id", "a", "b", name="uq_walk_edges_compound_a_b"),
    )


def downgrade() -> None:
    op.drop_table("walk_edges")
