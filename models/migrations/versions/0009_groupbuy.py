"""Group buying at the desk: check-ins, wishes, consents, suggested groups and their members

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "groupbuy_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("promotion", sa.JSON(), nullable=False),
        sa.Column("min_size", sa.Integer(), nullable=False),
        sa.Column("basket_fen", sa.Integer(), nullable=False),
        sa.Column("saving_fen", sa.Integer(), nullable=False),
        sa.Column("gain_fen", sa.Integer(), nullable=False),
        sa.Column("bonus_fen", sa.Integer(), nullable=False),
        sa.Column("run_value_fen", sa.Integer(), nullable=False),
        sa.Column("run_upper_bound_fen", sa.Integer(), nullable=False),
        sa.Column("run_exact", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_groupbuy_groups_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groupbuy_groups")),
    )
    op.create_index(op.f("ix_groupbuy_groups_expires_at"), "groupbuy_groups", ["expires_at"], unique=False)
    op.create_index(op.f("ix_groupbuy_groups_state"), "groupbuy_groups", ["state"], unique=False)
    op.create_index(op.f("ix_groupbuy_groups_store_id"), "groupbuy_groups", ["store_id"], unique=False)
    op.create_table(
        "groupbuy_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("basket_fen", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("live_member_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_groupbuy_checkins_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_groupbuy_checkins_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groupbuy_checkins")),
        sa.UniqueConstraint("live_member_id", name=op.f("uq_groupbuy_checkins_live_member_id")),
    )
    op.create_index(op.f("ix_groupbuy_checkins_member_id"), "groupbuy_checkins", ["member_id"], unique=False)
    op.create_index(op.f("ix_groupbuy_checkins_store_id"), "groupbuy_checkins", ["store_id"], unique=False)
    op.create_table(
        "groupbuy_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("purpose", sa.String(length=60), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("live_key", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_groupbuy_consents_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groupbuy_consents")),
        sa.UniqueConstraint("live_key", name=op.f("uq_groupbuy_consents_live_key")),
    )
    op.create_index(op.f("ix_groupbuy_consents_member_id"), "groupbuy_consents", ["member_id"], unique=False)
    op.create_table(
        "groupbuy_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("basket_fen", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("share_fen", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("live_member_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groupbuy_groups.id"], name=op.f("fk_groupbuy_members_group_id_groupbuy_groups")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_groupbuy_members_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groupbuy_members")),
        sa.UniqueConstraint("group_id", "member_id", name="uq_groupbuy_members_group_member"),
        sa.UniqueConstraint("live_member_id", name=op.f("uq_groupbuy_members_live_member_id")),
    )
    op.create_index(op.f("ix_groupbuy_members_group_id"), "groupbuy_members", ["group_id"], unique=False)
    op.create_index(op.f("ix_groupbuy_members_member_id"), "groupbuy_members", ["member_id"], unique=False)
    op.create_table(
        "groupbuy_wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("product_code", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("by_date", sa.Date(), nullable=False),
        sa.Column("max_group_size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_groupbuy_wishes_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groupbuy_wishes")),
    )
    op.create_index(op.f("ix_groupbuy_wishes_member_id"), "groupbuy_wishes", ["member_id"], unique=False)
    op.create_index(
        op.f("ix_groupbuy_wishes_product_code"), "groupbuy_wishes", ["product_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_groupbuy_wishes_product_code"), table_name="groupbuy_wishes")
    op.drop_index(op.f("ix_groupbuy_wishes_member_id"), table_name="groupbuy_wishes")
    op.drop_table("groupbuy_wishes")
    op.drop_index(op.f("ix_groupbuy_members_member_id"), table_name="groupbuy_members")
    op.drop_index(op.f("ix_groupbuy_members_group_id"), table_name="groupbuy_members")
    op.drop_table("groupbuy_members")
    op.drop_index(op.f("ix_groupbuy_consents_member_id"), table_name="groupbuy_consents")
    op.drop_table("groupbuy_consents")
    op.drop_index(op.f("ix_groupbuy_checkins_store_id"), table_name="groupbuy_checkins")
    op.drop_index(op.f("ix_groupbuy_checkins_member_id"), table_name="groupbuy_checkins")
    op.drop_table("groupbuy_checkins")
    op.drop_index(op.f("ix_groupbuy_groups_store_id"), table_name="groupbuy_groups")
    op.drop_index(op.f("ix_groupbuy_groups_state"), table_name="groupbuy_groups")
    op.drop_index(op.f("ix_groupbuy_groups_expires_at"), table_name="groupbuy_groups")
    op.drop_table("groupbuy_groups")
