"""Parcel lockers: banks on the site plan, slots on lock boards, parcels, their events and reminders

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LIVE_PARCEL_SQL = "state NOT IN ('picked_up', 'returned')"


def upgrade() -> None:
    op.create_table(
        "locker_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("x_m", sa.Double(), nullable=False),
        sa.Column("y_m", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["compound_id"], ["compounds.id"], name=op.f("fk_locker_banks_compound_id_compounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locker_banks")),
        sa.UniqueConstraint("code", name=op.f("uq_locker_banks_code")),
    )
    op.create_index(op.f("ix_locker_banks_compound_id"), "locker_banks", ["compound_id"], unique=False)
    op.create_table(
        "locker_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("size", sa.String(length=2), nullable=False),
        sa.Column("board", sa.Integer(), nullable=False),
        sa.Column("lock", sa.Integer(), nullable=False),
        sa.Column("occupied_by", sa.Integer(), nullable=True),
        sa.Column("out_of_service", sa.Boolean(), nullable=False),
        sa.Column("out_of_service_reason", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["locker_banks.id"], name=op.f("fk_locker_slots_bank_id_locker_banks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locker_slots")),
        sa.UniqueConstraint("bank_id", "number", name="uq_locker_slots_bank_number"),
        sa.UniqueConstraint("board", "lock", name="uq_locker_slots_board_lock"),
        sa.UniqueConstraint("occupied_by", name=op.f("uq_locker_slots_occupied_by")),
    )
    op.create_index("ix_locker_slots_free", "locker_slots", ["bank_id", "size", "occupied_by", "out_of_service"],
                    unique=False)
    op.create_table(
        "parcels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("tracking_no", sa.String(length=40), nullable=False),
        sa.Column("courier_code", sa.String(length=20), nullable=False),
        sa.Column("courier_name", sa.String(length=40), nullable=False),
        sa.Column("manifest_id", sa.String(length=60), nullable=False),
        sa.Column("recipient_name", sa.String(length=60), nullable=False),
        sa.Column("recipient_phone", sa.String(length=20), nullable=False),
        sa.Column("building_code", sa.String(length=16), nullable=False),
        sa.Column("unit_code", sa.String(length=16), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("flag", sa.String(length=24), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=True),
        sa.Column("pickup_code", sa.String(length=8), nullable=True),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("picked_up_via", sa.String(length=16), nullable=False),
        sa.Column("recall_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recall_instruction", sa.String(length=40), nullable=False),
        sa.Column("recall_note", sa.String(length=200), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_action", sa.String(length=16), nullable=False),
        sa.Column("next_action_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminders_sent", sa.Integer(), nullable=False),
        sa.Column("last_reminder_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["compound_id"], ["compounds.id"], name=op.f("fk_parcels_compound_id_compounds")),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"], name=op.f("fk_parcels_resident_id_residents")),
        sa.ForeignKeyConstraint(["slot_id"], ["locker_slots.id"], name=op.f("fk_parcels_slot_id_locker_slots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcels")),
        sa.UniqueConstraint("pickup_code", name=op.f("uq_parcels_pickup_code")),
    )
    op.create_index("uq_parcels_live_tracking", "parcels", ["courier_code", "tracking_no"], unique=True,
                    sqlite_where=sa.text(LIVE_PARCEL_SQL), postgresql_where=sa.text(LIVE_PARCEL_SQL))
    op.create_index("ix_parcels_next_action", "parcels", ["next_action_at"], unique=False)
    op.create_index("ix_parcels_resident_picked", "parcels", ["resident_id", "picked_up_at"], unique=False)
    op.create_index("ix_parcels_state_stored", "parcels", ["state", "stored_at"], unique=False)
    op.create_table(
        "parcel_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"], name=op.f("fk_parcel_events_operator_id_operators")),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], name=op.f("fk_parcel_events_parcel_id_parcels")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_events")),
    )
    op.create_index(op.f("ix_parcel_events_at"), "parcel_events", ["at"], unique=False)
    op.create_index(op.f("ix_parcel_events_parcel_id"), "parcel_events", ["parcel_id"], unique=False)
    op.create_table(
        "parcel_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dedup_key", sa.String(length=80), nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], name=op.f("fk_parcel_reminders_parcel_id_parcels")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_reminders")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_parcel_reminders_dedup_key")),
    )
    op.create_index(op.f("ix_parcel_reminders_parcel_id"), "parcel_reminders", ["parcel_id"], unique=False)
    op.create_table(
        "pickup_lockouts",
        sa.Column("desk_key", sa.String(length=60), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("desk_key", name=op.f("pk_pickup_lockouts")),
    )


def downgrade() -> None:
    op.drop_table("pickup_lockouts")
    op.drop_index(op.f("ix_parcel_reminders_parcel_id"), table_name="parcel_reminders")
    op.drop_table("parcel_reminders")
    op.drop_index(op.f("ix_parcel_events_parcel_id"), table_name="parcel_events")
    op.drop_index(op.f("ix_parcel_events_at"), table_name="parcel_events")
    op.drop_table("parcel_events")
    op.drop_index("ix_parcels_state_stored", table_name="parcels")
    op.drop_index("ix_parcels_resident_picked", table_name="parcels")
    op.drop_index("ix_parcels_next_action", table_name="parcels")
    op.drop_index("uq_parcels_live_tracking", table_name="parcels")
    op.drop_table("parcels")
    op.drop_index("ix_locker_slots_free", table_name="locker_slots")
    op.drop_table("locker_slots")
    op.drop_index(op.f("ix_locker_banks_compound_id"), table_name="locker_banks")
    op.drop_table("locker_banks")
