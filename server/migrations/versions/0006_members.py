"""member phone pages: members (from the desks' member.profile), sign-in codes, phone sessions

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "server_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("member_code", sa.String(length=20), nullable=False),
        sa.Column("member_key", sa.String(length=80), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("name_masked", sa.String(length=80), nullable=False),
        sa.Column("phone_masked", sa.String(length=20), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=True),
        sa.Column("phone_sealed", sa.Text(), nullable=False),
        sa.Column("apprise_sealed", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_members_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_members")),
        sa.UniqueConstraint("store_code", "member_code", name="uq_server_members_store_code"),
        sa.UniqueConstraint("store_code", "phone_hash", name="uq_server_members_store_phone"),
    )
    op.create_table(
        "server_member_challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("store_code", sa.String(length=40), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        _when("used_at", nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["server_members.id"],
                                name=op.f("fk_server_member_challenges_member_id_server_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_member_challenges")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_member_challenges_token_hash")),
    )
    op.create_index(op.f("ix_server_member_challenges_phone_hash"), "server_member_challenges", ["phone_hash"])
    op.create_table(
        "server_member_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=8), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        _when("revoked_at", nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["server_members.id"],
                                name=op.f("fk_server_member_sessions_member_id_server_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_member_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_server_member_sessions_token_hash")),
    )
    op.create_index(op.f("ix_server_member_sessions_member_id"), "server_member_sessions", ["member_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_server_member_sessions_member_id"), table_name="server_member_sessions")
    op.drop_table("server_member_sessions")
    op.drop_index(op.f("ix_server_member_challenges_phone_hash"), table_name="server_member_challenges")
    op.drop_table("server_member_challenges")
    op.drop_table("server_members")
