"""Issue 19 item 10: retention deletes old final deliveries, old feed rows and ended rate
windows, and never a delivery still to send; `--prune` runs it from the command line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, update

from models.base import utcnow
from server.db import ServerDatabase
from server.ratelimit import DatabaseStorage
from server.retention import prune
from server.runner import run_server
from server.tables import Delivery, FeedEvent, RateCounter
from tests.server.conftest import StartServer, enrol, queue_notice, run_sql


def _count(db_url: str, model: type[Delivery] | type[FeedEvent] | type[RateCounter]) -> int:
    return int(run_sql(db_url, select(func.count()).select_from(model))[0][0])


def test_prune_keeps_open_work_and_recent_history(start_server: StartServer, db_url: str) -> None:
    server = start_server(webhook_url="", webhook_secret="")
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        for n in range(3):
            queue_notice(client, station, dedup_key=f"k{n}")
    server.stop()
    old = utcnow() - timedelta(days=100)
    # Two of the three messages' deliveries are old history, one of them still pending.
    run_sql(db_url, update(Delivery).where(Delivery.id <= 2).values(created_at=old))
    run_sql(db_url, update(Delivery).where(Delivery.id == 2).values(state="pending"))
    run_sql(db_url, update(FeedEvent).where(FeedEvent.id <= 2).values(created_at=old))
    feed_before = _count(db_url, FeedEvent)

    db = ServerDatabase(db_url)
    try:
        storage = DatabaseStorage(db)
        storage.incr("gone", 1)
        storage.incr("live", 3600)
        run_sql(db_url, update(RateCounter).where(RateCounter.key == "gone").values(expires_at=old))
        pruned = prune(db, delivery_days=90, feed_days=90, batch=1)
    finally:
        db.close()
    assert (pruned.deliveries, pruned.feed, pruned.rate_counters) == (1, 2, 1)
    states = dict(run_sql(db_url, select(Delivery.id, Delivery.state)))
    assert 1 not in states and states[2] == "pending" and len(states) == 2
    assert _count(db_url, FeedEvent) == feed_before - 2
    keys = {k for (k,) in run_sql(db_url, select(RateCounter.key))}
    assert "live" in keys and "gone" not in keys


def test_prune_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/server.sqlite3"
    assert run_server(["--database-url", url, "--prune"]) == 0
    assert "pruned 0 deliveries, 0 feed events, 0 rate-limit counters" in capsys.readouterr().out
