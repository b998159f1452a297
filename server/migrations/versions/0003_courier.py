"""courier partners, station sites, courier requests (idempotency), announced parcels, courier calls

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "server_station_sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("site_code", sa.String(length=40), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_station_sites_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_station_sites")),
        sa.UniqueConstraint("station_id", "site_code", name="uq_server_station_sites_station_site"),
    )
    op.create_index(op.f("ix_server_station_sites_site_code"), "server_station_sites", ["site_code"])
    op.create_table(
        "server_courier_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("webhook_url", sa.String(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_courier_partners")),
        sa.UniqueConstraint("code", name=op.f("uq_server_courier_partners_code")),
    )
    op.create_table(
        "server_courier_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["partner_id"], ["server_courier_partners.id"],
                                name=op.f("fk_server_courier_requests_partner_id_server_courier_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_courier_requests")),
        sa.UniqueConstraint("partner_id", "idempotency_key", name="uq_server_courier_requests_key"),
    )
    op.create_table(
        "server_courier_parcels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("tracking_no", sa.String(length=40), nullable=False),
        sa.Column("site_code", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["partner_id"], ["server_courier_partners.id"],
                                name=op.f("fk_server_courier_parcels_partner_id_server_courier_partners")),
        sa.ForeignKeyConstraint(["request_id"], ["server_courier_requests.id"],
                                name=op.f("fk_server_courier_parcels_request_id_server_courier_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_courier_parcels")),
        sa.UniqueConstraint("partner_id", "tracking_no", name="uq_server_courier_parcels_tracking"),
    )
    op.create_table(
        "server_courier_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("tracking_no", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("next_attempt_at"),
        _when("lease_until", nullable=True),
        sa.Column("claim_token", sa.String(length=32), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        _when("sent_at", nullable=True),
        _when("created_at"),
        sa.ForeignKeyConstraint(["partner_id"], ["server_courier_partners.id"],
                                name=op.f("fk_server_courier_calls_partner_id_server_courier_partners")),
        sa.ForeignKeyConstraint(["station_id"], ["server_stations.id"],
                                name=op.f("fk_server_courier_calls_station_id_server_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_courier_calls")),
        sa.UniqueConstraint("partner_id", "tracking_no", "kind", name="uq_server_courier_calls_tracking_kind"),
    )
    op.create_index(op.f("ix_server_courier_calls_state"), "server_courier_calls", ["state"])
    op.create_index(op.f("ix_server_courier_calls_next_attempt_at"), "server_courier_calls", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("server_courier_calls")
    op.drop_table("server_courier_parcels")
    op.drop_table("server_courier_requests")
    op.drop_table("server_courier_partners")
    op.drop_table("server_station_sites")
