"""Faces: encodings (never photos), consent records, the decision log, passing-by reminders

Revision ID: 0008
Revises: 0007b
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "face_encodings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("jitters", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolled_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"], name=op.f("fk_face_encodings_resident_id_residents")),
        sa.ForeignKeyConstraint(["enrolled_by"], ["operators.id"], name=op.f("fk_face_encodings_enrolled_by_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_encodings")),
    )
    op.create_index(op.f("ix_face_encodings_resident_id"), "face_encodings", ["resident_id"], unique=False)
    op.create_table(
        "face_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"], name=op.f("fk_face_consents_resident_id_residents")),
        sa.ForeignKeyConstraint(["recorded_by"], ["operators.id"], name=op.f("fk_face_consents_recorded_by_operators")),
        sa.ForeignKeyConstraint(["withdrawn_by"], ["operators.id"], name=op.f("fk_face_consents_withdrawn_by_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_consents")),
    )
    op.create_index(op.f("ix_face_consents_resident_id"), "face_consents", ["resident_id"], unique=False)
    op.create_table(
        "face_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("distance", sa.Float(), nullable=True),
        sa.Column("margin", sa.Float(), nullable=True),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("frames", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"], name=op.f("fk_face_decisions_operator_id_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_decisions")),
    )
    op.create_index(op.f("ix_face_decisions_at"), "face_decisions", ["at"], unique=False)
    op.create_table(
        "face_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"], name=op.f("fk_face_reminders_resident_id_residents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_reminders")),
        sa.UniqueConstraint("resident_id", "local_day", name="uq_face_reminders_resident_day"),
    )


def downgrade() -> None:
    op.drop_table("face_reminders")
    op.drop_index(op.f("ix_face_decisions_at"), table_name="face_decisions")
    op.drop_table("face_decisions")
    op.drop_index(op.f("ix_face_consents_resident_id"), table_name="face_consents")
    op.drop_table("face_consents")
    op.drop_index(op.f("ix_face_encodings_resident_id"), table_name="face_encodings")
    op.drop_table("face_encodings")
