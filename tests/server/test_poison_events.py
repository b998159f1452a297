"""Issue 19 item 8: a poison event never blocks a desk.

Every shape of bad event the probe found goes through the real desk sync client
(services/sync.py) to a real uvicorn, between good events. The good ones are applied,
the outbox drains, and each bad one is a "sync problem" at the desk
(services/sync_problems.py) and, when the server kept it, on the admin page.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from models import OutboxEvent
from server.tables import Message
from services.core.journal import emit_event
from services.desk import Desk
from services.sync.client import SyncClient, SyncError, SyncProblem, enrol
from services.sync.problems import count_sync_problems, sync_problems
from tests.server.conftest import StartServer, admin_headers, admin_login, notify_payload, run_sql


def _enrolled_client(desk: Desk, base_url: str) -> SyncClient:
    with httpx.Client(base_url=base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()["code"]
    client = desk.sync_client(base_url)
    client.save_token(enrol(base_url, code, "S001", "till 1"))
    return client


def _nested(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


def _generic(key: str, title: str, text: str = "x") -> dict[str, object]:
    return notify_payload(key, template="generic", params={"title": title, "text": text})


# (what, topic, payload, the problem the desk must record, words of its reason)
POISON: list[tuple[str, str, dict[str, object], str, str]] = [
    ("lone surrogate", "notify.member", _generic("bad:surrogate", "a\ud800b"), "rejected", "surrogate"),
    ("surrogate in a key", "desk.note", {"\udfff": 1}, "rejected", "surrogate"),
    ("NUL character", "notify.member", _generic("bad:nul", "a\x00b"), "rejected", "NUL"),
    ("title over the column", "notify.member", _generic("bad:long", "长" * 201), "rejected", "at most 200"),
    ("payload nested 40 deep", "notify.member", _generic("bad:deep", "t", ) | {"params": _nested(40)},
     "rejected", "nested deeper than 32"),
    ("batch nested past the body bound", "desk.note", {"deep": _nested(80)}, "refused", "json_too_deep"),
    ("not JSON (NaN)", "desk.note", {"value": float("nan")}, "refused", "malformed_json"),
    ("body over 1 MiB", "desk.note", {"blob": "x" * (1024 * 1024 + 10)}, "refused", "body_too_large"),
    ("unknown courier", "parcel.stored", {"courier_code": "NOPE", "tracking_no": "SF1", "site": "C001",
                                          "bank": "A", "slot": "1", "stored_at": "2026-11-23T12:00:00+00:00"},
     "rejected", "not an active courier"),
    ("unknown template", "notify.member", notify_payload("bad:template", template="nope"), "rejected", "nope"),
]


def test_every_poison_event_is_a_sync_problem_and_the_rest_goes_through(
    start_server: StartServer, desk: Desk, db_url: str
) -> None:
    server = start_server()
    client = _enrolled_client(desk, server.base_url)
    already = desk.outbox_status().pending  # the demo's member profiles wait in the outbox too
    good_keys: list[str] = []
    expected: dict[str, tuple[str, str, str]] = {}
    with desk.db.sessions.begin() as s:
        for n, (what, topic, payload, problem, words) in enumerate(POISON):
            key = f"good:{n}"
            good_keys.append(key)
            emit_event(s, "notify.member", notify_payload(key))  # a good event before each bad one
            expected[emit_event(s, topic, payload)] = (what, problem, words)
        good_keys.append("good:last")
        emit_event(s, "notify.member", notify_payload("good:last"))

    report = client.sync()
    assert report.pending == 0, "the outbox drained past every poison event"
    assert report.sent == already + len(POISON) * 2 + 1
    assert client.sync().sent == 0  # nothing is left over or sent again

    stored = {k for (k,) in run_sql(db_url, select(Message.dedup_key))}
    assert stored == set(good_keys), "every good event was applied, no bad one"

    with desk.db.sessions() as s:
        problems = {p.event_id: p for p in sync_problems(s)}
        assert count_sync_problems(s) == len(POISON)
        assert all(e.sent_at is not None for e in s.scalars(select(OutboxEvent)))
    for event_id, (what, problem, words) in expected.items():
        got = problems[event_id]
        assert got.problem == problem and words in got.reason, (what, got)

    # The server kept the ones it rejected (acknowledged); the admin page lists them.
    with httpx.Client(base_url=server.base_url, timeout=10) as web:
        assert admin_login(web).status_code == 303
        page = web.get("/admin/sync-problems")
        assert page.status_code == 200
        assert page.text.count("<code>") == sum(1 for *_x, problem, _w in POISON if problem == "rejected")
        assert "surrogate" in page.text and "at most 200" in page.text
    client.close()


def test_a_rate_limited_desk_waits_and_marks_nothing(start_server: StartServer, desk: Desk) -> None:
    """429 is "later": the batch is not split, nothing becomes a sync problem, the outbox waits."""
    server = start_server(sync_rate_limit=2, sync_rate_window_s=60.0)
    client = _enrolled_client(desk, server.base_url)
    already = desk.outbox_status().pending  # the demo's member profiles: the same one batch
    with desk.db.sessions.begin() as s:
        emit_event(s, "notify.member", notify_payload("first"))
    assert client.sync().sent == already + 1  # one batch + one feed page: the whole budget
    with desk.db.sessions.begin() as s:
        emit_event(s, "notify.member", notify_payload("second"))
        emit_event(s, "notify.member", notify_payload("third"))
    with pytest.raises(SyncError) as info:
        client.sync()
    assert info.value.problem is SyncProblem.OFFLINE and "429" in info.value.detail
    with desk.db.sessions() as s:
        assert count_sync_problems(s) == 0
        assert len(s.scalars(select(OutboxEvent.id).where(OutboxEvent.sent_at.is_(None))).all()) == 2
    client.close()
