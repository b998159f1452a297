"""Migrations 0005/0005a: existing coupon targets take their template's status, validity and stock state."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from models.db import make_engine
from models.migrate import DESK
from tests.db_fixtures import sqlite_url


def test_upgrade_copies_status_and_validity_onto_existing_targets(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "old.sqlite3"))
    cfg = DESK.config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    with engine.begin() as conn:
        for tid, status, until, stock in ((1, "paused", "'2030-01-01 00:00:00.000000'", "NULL"),
                                          (2, "active", "NULL", "5")):
            conn.execute(text(
                "INSERT INTO coupon_templates (id, code, title, title_en, kind, scope, value_fen, percent, cap_fen, "
                "tiers, buy_n, get_m, min_spend_fen, valid_from, valid_until, total_stock, claimed_count, per_member_limit, "
                "exclusivity_group, \"exclusive\", surfaced_by_scan, status, created_at) VALUES "
                f"({tid}, 'C{tid}', 't', '', 'fixed', 'category', 100, 0, 0, '[]', 0, 0, 0, "
                f"'2020-01-01 00:00:00.000000', {until}, {stock}, 5, 1, '', 0, 1, '{status}', '2020-01-01 00:00:00.000000')"))
            conn.execute(text(f"INSERT INTO coupon_targets (template_id, target_kind, target_code) "
                              f"VALUES ({tid}, 'category', 'DRINK')"))
    DESK.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT template_id, status, live_from, live_until, sold_out FROM coupon_targets ORDER BY template_id")).all()
        plan = " ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT template_id FROM coupon_targets WHERE target_kind = 'category' "
            "AND target_code = 'DRINK' AND status = 'active' AND sold_out = 0 AND live_until > '2026-01-01'")))
    engine.dispose()
    assert [(r[0], r[1], r[2][:10], r[3][:10], r[4]) for r in rows] == [
        (1, "paused", "2020-01-01", "2030-01-01", 0), (2, "active", "2020-01-01", "9999-12-31", 1)]
    assert "COVERING INDEX ix_coupon_targets_live" in plan and "live_until>?" in plan
