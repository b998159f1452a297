"""Sync: exactly-once application of outbox batches, the feed cursor, and refused bodies."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from server.runner import ServerThread
from server.tables import Message, SyncEvent
from tests.server.conftest import enrol, event, feed, notify_payload


def count(server: ServerThread, model: type) -> int:
    from models.db import make_engine

    engine = make_engine(server.settings.database_url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def post(client: httpx.Client, headers: dict[str, str], events: list[dict[str, object]]) -> httpx.Response:
    return client.post("/api/sync/events", json={"events": events}, headers=headers)


def test_same_batch_twice_shuffled_and_inner_duplicates_apply_once(
    client: httpx.Client, server: ServerThread
) -> None:
    station = enrol(client)
    events = [event("sale.recorded", {"order_no": n, "total_fen": 1000 + n}) for n in range(5)]
    events.append(event("notify.member", notify_payload(dedup_key="k-1")))
    first = post(client, station["headers"], events)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["acked"] == [e["event_id"] for e in events]
    assert [r["duplicate"] for r in body["results"]] == [False] * 6
    assert [r["status"] for r in body["results"]] == ["stored"] * 5 + ["applied"]

    again = post(client, station["headers"], events).json()
    assert again["acked"] == body["acked"]
    assert all(r["duplicate"] for r in again["results"])
    assert [r["status"] for r in again["results"]] == [r["status"] for r in body["results"]]

    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    fresh = event("sale.recorded", {"order_no": 99, "total_fen": 5})
    mixed = [*shuffled, fresh, fresh, shuffled[0]]
    out = post(client, station["headers"], mixed).json()
    assert out["acked"] == list(dict.fromkeys(e["event_id"] for e in mixed))
    by_id = [(r["event_id"], r["duplicate"]) for r in out["results"]]
    assert (fresh["event_id"], False) in by_id and (fresh["event_id"], True) in by_id
    assert count(server, SyncEvent) == 7
    assert count(server, Message) == 1


def test_reused_event_id_with_another_payload_is_a_conflict(
    client: httpx.Client, server: ServerThread
) -> None:
    station = enrol(client)
    original = event("sale.recorded", {"total_fen": 100})
    post(client, station["headers"], [original])
    changed = {**original, "payload": {"total_fen": 999}}
    out = post(client, station["headers"], [changed]).json()
    assert out["acked"] == [original["event_id"]]
    assert out["results"][0]["status"] == "conflict"
    assert count(server, SyncEvent) == 1


def test_event_ids_are_per_station(client: httpx.Client, server: ServerThread) -> None:
    a, b = enrol(client, "S001"), enrol(client, "S002")
    shared = event("sale.recorded", {"total_fen": 1})
    assert post(client, a["headers"], [shared]).json()["results"][0]["duplicate"] is False
    assert post(client, b["headers"], [shared]).json()["results"][0]["duplicate"] is False
    assert count(server, SyncEvent) == 2


def test_rejected_payload_is_acknowledged_and_kept_rejected(
    client: httpx.Client, server: ServerThread
) -> None:
    station = enrol(client)
    bad = event("notify.member", notify_payload(params={"member_name": "x"}))
    out = post(client, station["headers"], [bad]).json()
    assert out["acked"] == [bad["event_id"]]
    assert out["results"][0]["status"] == "rejected"
    assert "coupon_title" in out["results"][0]["reason"]
    again = post(client, station["headers"], [bad]).json()["results"][0]
    assert (again["status"], again["duplicate"]) == ("rejected", True)
    assert count(server, Message) == 0


def test_one_batch_applies_in_order_rejects_a_bad_event_and_dedups_within_itself(
    client: httpx.Client, server: ServerThread
) -> None:
    station = enrol(client)
    first = event("notify.member", notify_payload("claim:1"))
    # PostgreSQL text cannot hold a NUL: rejected with a reason, not a server error.
    nul = event("notify.member", notify_payload("claim:2", recipient={"key": "member\x0042"}))
    again = event("notify.member", notify_payload("claim:1"))  # the dedup key of `first`
    other = event("notify.member", notify_payload("claim:1", recipient={"key": "member-7"}))
    r = post(client, station["headers"], [first, nul, again, other])
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "rejected", "applied", "applied"]
    assert "NUL" in results[1]["reason"] and "recipient.key" in results[1]["reason"]
    first_id = int(results[0]["reason"].split()[1])
    assert results[2]["reason"].startswith(f"deduplicated: message {first_id} ")
    assert results[3]["reason"].endswith("queued")  # same key, another person: a message of its own
    assert count(server, Message) == 2
    queued = [i["payload"] for i in feed(client, station["headers"]) if i["topic"] == "message.queued"]
    assert [q["source_event_id"] for q in queued] == [first["event_id"], other["event_id"]]


def test_oversized_malformed_and_invalid_bodies_write_nothing(
    client: httpx.Client, server: ServerThread
) -> None:
    station = enrol(client)
    h = station["headers"]
    big = {"events": [event("sale.recorded", {"blob": "x" * (1024 * 1024)})]}
    r = client.post(
        "/api/sync/events", content=json.dumps(big), headers={**h, "Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert r.json()["error"] == "body_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is enforced while reading
        yield b'{"events": [{"event_id": "' + b"0" * 32 + b'", "topic": "t", "payload": {"x": "'
        for _ in range(20):
            yield b"y" * 65536
        yield b'"}, "created_at": "2026-11-23T10:00:00+00:00"}]}'

    r = client.post("/api/sync/events", content=chunks(), headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert "content-length" not in r.request.headers

    r = client.post(
        "/api/sync/events", content=b'{"events": [', headers={**h, "Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["error"] == "malformed_json"

    good = event("sale.recorded", {"total_fen": 1})
    invalid_cases = [
        {"events": [good, {**good, "event_id": "NOT-HEX"}]},
        {"events": [good, {**good, "event_id": "a" * 32, "created_at": "2026-11-23T10:00:00"}]},  # naive time
        {"events": [good, {**good, "event_id": "b" * 32, "payload": [1, 2]}]},
        {"events": [good, {**good, "event_id": "c" * 32, "topic": ""}]},
        {"events": []},
        {"evts": [good]},
        [good],
    ]
    for case in invalid_cases:
        r = client.post("/api/sync/events", json=case, headers=h)
        assert r.status_code == 422, case
        assert r.json()["error"] == "invalid_request"
        assert r.json()["details"]
    assert count(server, SyncEvent) == 0


def test_feed_cursor_pages_in_order_and_only_for_this_station(client: httpx.Client) -> None:
    a, b = enrol(client, "S001"), enrol(client, "S002")
    events = [
        event("notify.member", notify_payload(dedup_key=f"k-{n}", channels=["inbox"])) for n in range(3)
    ]
    post(client, a["headers"], events)
    items = feed(client, a["headers"])
    # Per message: message.queued and the inbox receipt, in the order they were written.
    assert [i["topic"] for i in items] == ["message.queued", "delivery.receipt"] * 3
    cursors = [i["cursor"] for i in items]
    assert cursors == sorted(cursors)
    assert [i["payload"]["source_event_id"] for i in items[::2]] == [e["event_id"] for e in events]

    page = client.get("/api/sync/feed", params={"after": 0, "limit": 4}, headers=a["headers"]).json()
    assert len(page["events"]) == 4 and page["more"] is True
    rest = client.get("/api/sync/feed", params={"after": page["cursor"]}, headers=a["headers"]).json()
    assert [i["cursor"] for i in rest["events"]] == cursors[4:]
    assert rest["more"] is False
    empty = client.get("/api/sync/feed", params={"after": rest["cursor"]}, headers=a["headers"]).json()
    assert empty == {"events": [], "cursor": rest["cursor"], "more": False}

    assert feed(client, b["headers"]) == []
    bad = client.get("/api/sync/feed", params={"after": -1}, headers=a["headers"])
    assert bad.status_code == 422


def test_concurrent_copies_of_one_batch_apply_once(client: httpx.Client, server: ServerThread) -> None:
    station = enrol(client)
    events = [
        event("notify.member", notify_payload(dedup_key=f"race-{n}", channels=["inbox"])) for n in range(4)
    ]
    events += [event("sale.recorded", {"total_fen": n}) for n in range(4)]

    def push(_: int) -> list[str]:
        with httpx.Client(base_url=server.base_url, timeout=30) as c:
            r = post(c, station["headers"], events)
            assert r.status_code == 200, r.text
            return list(r.json()["acked"])

    with ThreadPoolExecutor(max_workers=6) as pool:
        acks = list(pool.map(push, range(6)))
    assert all(a == [e["event_id"] for e in events] for a in acks)
    assert count(server, SyncEvent) == 8
    assert count(server, Message) == 4
    queued = [i for i in feed(client, station["headers"]) if i["topic"] == "message.queued"]
    assert len(queued) == 4
