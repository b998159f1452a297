"""The sandbox's own tables (own MetaData, created on start: a sandbox has no migrations)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from models.base import UTCDateTime

meta = MetaData()

trades = Table(
    "sandbox_trades",
    meta,
    Column("id", Integer, primary_key=True),
    Column("out_trade_no", String(32), unique=True, nullable=False),
    Column("mchid", String(32), nullable=False),
    Column("appid", String(32), nullable=False),
    Column("trade_type", String(10), nullable=False),  # NATIVE | H5
    Column("description", String(127), nullable=False),
    Column("attach", String(128), nullable=False, default=""),
    Column("notify_url", String(256), nullable=False),
    Column("amount_total", Integer, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("time_expire", UTCDateTime(), nullable=True),
    # NOTPAY → SUCCESS → REFUND; NOTPAY → CLOSED (→ SUCCESS only with the pay_after_close fault)
    Column("trade_state", String(10), nullable=False),
    Column("transaction_id", String(32), unique=True, nullable=True),
    Column("pay_token", String(64), unique=True, nullable=False),
    Column("payer_total", Integer, nullable=True),
    Column("payer_openid", String(64), nullable=True),
    Column("success_time", UTCDateTime(), nullable=True),
    Column("closed_at", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("faults", JSON, nullable=False),
    Column("pin_failures", Integer, nullable=False, default=0),
    Column("refund_failures", Integer, nullable=False, default=0),
)

refunds = Table(
    "sandbox_refunds",
    meta,
    Column("id", Integer, primary_key=True),
    Column("out_refund_no", String(64), unique=True, nullable=False),
    Column("refund_id", String(32), unique=True, nullable=False),
    Column("out_trade_no", String(32), nullable=False, index=True),
    Column("transaction_id", String(32), nullable=False),
    Column("amount_refund", Integer, nullable=False),
    Column("amount_total", Integer, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("reason", String(80), nullable=False, default=""),
    Column("notify_url", String(256), nullable=False),
    Column("status", String(12), nullable=False),  # PROCESSING | SUCCESS
    Column("payer_openid", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("success_time", UTCDateTime(), nullable=True),
)

notifications = Table(
    "sandbox_notifications",
    meta,
    Column("id", Integer, primary_key=True),
    Column("notify_id", String(40), unique=True, nullable=False),
    Column("out_trade_no", String(32), nullable=False, index=True),
    Column("event_type", String(32), nullable=False),
    Column("url", String(256), nullable=False),
    Column("body", Text, nullable=False),
    # held (out_of_order) | pending | sending | sent | failed (schedule used up) | lost (fault)
    Column("state", String(10), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_at", UTCDateTime(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime(), nullable=True),
    Column("fault", JSON, nullable=False),
)

attempts = Table(
    "sandbox_notify_attempts",
    meta,
    Column("id", Integer, primary_key=True),
    Column("notification_id", Integer, nullable=False, index=True),
    Column("attempt", Integer, nullable=False),
    Column("copy", Integer, nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("status", Integer, nullable=True),
    Column("counted_ok", Boolean, nullable=False),
    Column("note", String(200), nullable=False, default=""),
    Column("elapsed_ms", Integer, nullable=False),
)
