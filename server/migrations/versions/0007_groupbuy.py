"""groupbuy: groups and seats as the desks announce them, the relayed chat, connection requests, inquiries

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


def _when(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "server_groupbuy_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _when("updated_at"),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_groupbuy_groups_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_groupbuy_groups")),
        sa.UniqueConstraint("station_id", "group_id", name="uq_server_groupbuy_groups_station_group"),
    )
    op.create_index(op.f("ix_server_groupbuy_groups_store_code"), "server_groupbuy_groups", ["store_code"])
    op.create_table(
        "server_groupbuy_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_row_id", sa.Integer(), nullable=False),
        sa.Column("member_code", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["group_row_id"], ["server_groupbuy_groups.id"],
                                name=op.f("fk_server_groupbuy_seats_group_row_id_server_groupbuy_groups")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_groupbuy_seats")),
        sa.UniqueConstraint("group_row_id", "member_code", name="uq_server_groupbuy_seats_group_member"),
    )
    op.create_index(op.f("ix_server_groupbuy_seats_member_code"), "server_groupbuy_seats", ["member_code"])
    op.create_table(
        "server_groupbuy_chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_row_id", sa.Integer(), nullable=False),
        sa.Column("member_code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["group_row_id"], ["server_groupbuy_groups.id"],
                                name=op.f("fk_server_groupbuy_chat_group_row_id_server_groupbuy_groups")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_groupbuy_chat")),
    )
    op.create_index(op.f("ix_server_groupbuy_chat_group_row_id"), "server_groupbuy_chat", ["group_row_id"])
    op.create_table(
        "server_groupbuy_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("asker_code", sa.String(length=20), nullable=False),
        sa.Column("target_code", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _when("updated_at"),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_groupbuy_connections_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_groupbuy_connections")),
        sa.UniqueConstraint("request_id", name=op.f("uq_server_groupbuy_connections_request_id")),
    )
    for column in ("store_code", "asker_code", "target_code"):
        op.create_index(op.f(f"ix_server_groupbuy_connections_{column}"), "server_groupbuy_connections", [column])
    op.create_table(
        "server_groupbuy_inquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("asker_code", sa.String(length=20), nullable=False),
        sa.Column("product_code", sa.String(length=40), nullable=False),
        sa.Column("before", sa.String(length=10), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=True),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_groupbuy_inquiries")),
        sa.UniqueConstraint("inquiry_id", name=op.f("uq_server_groupbuy_inquiries_inquiry_id")),
    )
    for column in ("store_code", "asker_code"):
        op.create_index(op.f(f"ix_server_groupbuy_inquiries_{column}"), "server_groupbuy_inquiries", [column])
    op.create_table(
        "server_groupbuy_baskets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("member_code", sa.String(length=20), nullable=False),
        sa.Column("checked_in", sa.Boolean(), nullable=False),
        sa.Column("basket_fen", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("last", sa.JSON(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_groupbuy_baskets")),
        sa.UniqueConstraint("store_code", "member_code", name="uq_server_groupbuy_baskets_store_member"),
    )


def downgrade() -> None:
    for table in ("server_groupbuy_baskets", "server_groupbuy_inquiries", "server_groupbuy_connections", "server_groupbuy_chat", "server_groupbuy_seats",
                  "server_groupbuy_groups"):
        op.drop_table(table)
