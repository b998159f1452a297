"""Shifts: opening float, cash moves with a reason, closing count, kept X and Z reports

Revision ID: 0011
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("open_store_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.Enum("open", "closed", name="shiftstate", native_enum=False, length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opening_float_fen", sa.Integer(), nullable=False),
        sa.Column("opening_note", sa.String(length=200), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("counted_cash_fen", sa.Integer(), nullable=True),
        sa.Column("expected_cash_fen", sa.Integer(), nullable=True),
        sa.Column("difference_fen", sa.Integer(), nullable=True),
        sa.Column("closing_note", sa.String(length=200), nullable=False),
        sa.Column("z_number", sa.Integer(), nullable=True),
        sa.CheckConstraint("opening_float_fen >= 0", name=op.f("ck_shifts_float_not_negative")),
        sa.CheckConstraint("counted_cash_fen IS NULL OR counted_cash_fen >= 0",
                           name=op.f("ck_shifts_count_not_negative")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_shifts_store_id_stores")),
        sa.ForeignKeyConstraint(["open_store_id"], ["stores.id"], name=op.f("fk_shifts_open_store_id_stores")),
        sa.ForeignKeyConstraint(["opened_by"], ["operators.id"], name=op.f("fk_shifts_opened_by_operators")),
        sa.ForeignKeyConstraint(["closed_by"], ["operators.id"], name=op.f("fk_shifts_closed_by_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
        sa.UniqueConstraint("open_store_id", name=op.f("uq_shifts_open_store_id")),
        sa.UniqueConstraint("store_id", "z_number", name=op.f("uq_shifts_store_id")),
    )
    op.create_index(op.f("ix_shifts_store_id"), "shifts", ["store_id"], unique=False)
    op.create_table(
        "cash_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("in", "out", name="cashmovekind", native_enum=False, length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_cash_moves_amount_positive")),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"], name=op.f("fk_cash_moves_shift_id_shifts")),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"], name=op.f("fk_cash_moves_operator_id_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_moves")),
    )
    op.create_index(op.f("ix_cash_moves_shift_id"), "cash_moves", ["shift_id"], unique=False)
    op.create_table(
        "shift_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"], name=op.f("fk_shift_reports_shift_id_shifts")),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"],
                                name=op.f("fk_shift_reports_operator_id_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_reports")),
        sa.UniqueConstraint("shift_id", "kind", "seq", name=op.f("uq_shift_reports_shift_id")),
    )
    op.create_index(op.f("ix_shift_reports_shift_id"), "shift_reports", ["shift_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_shift_reports_shift_id"), table_name="shift_reports")
    op.drop_table("shift_reports")
    op.drop_index(op.f("ix_cash_moves_shift_id"), table_name="cash_moves")
    op.drop_table("cash_moves")
    op.drop_index(op.f("ix_shifts_store_id"), table_name="shifts")
    op.drop_table("shifts")
