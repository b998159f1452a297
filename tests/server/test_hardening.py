"""The seven defects an outside probe found (issue 19), each reproduced against a real uvicorn.

Every test here failed before its fix; they run on a SQLite file and again on
PostgreSQL when COUNTERDESK_TEST_PG_URL is set (the `db_url` fixture).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import select

from server.delivery.courier import sign
from server.fake_courier import FakeCourier
from server.tables import AdminAccount, FeedEvent, Message
from tests.server.conftest import (
    ADMIN_TOKEN,
    StartServer,
    csrf_of,
    enrol,
    event,
    feed,
    notify_payload,
    run_sql,
)
from tests.server.test_courier import SECRET, add_partner, parcel, station_for


def _results(r: httpx.Response) -> list[tuple[str, str]]:
    assert r.status_code == 200, r.text
    return [(x["status"], x["reason"]) for x in r.json()["results"]]


# ---- 1. admin lockout under concurrency ----------------------------------------------------


def _concurrent_logins(base_url: str, passwords: list[str]) -> list[int]:
    """Each password from its own client (own CSRF cookie), all posted at the same moment."""
    clients = [httpx.Client(base_url=base_url, timeout=30) for _ in passwords]
    tokens = [csrf_of(c.get("/admin/login").text) for c in clients]
    barrier = threading.Barrier(len(passwords))

    def post(n: int) -> int:
        barrier.wait()
        return clients[n].post("/admin/login", data={"password": passwords[n], "csrf": tokens[n]}).status_code

    try:
        with ThreadPoolExecutor(len(passwords)) as pool:
            return list(pool.map(post, range(len(passwords))))
    finally:
        for c in clients:
            c.close()


def test_thirty_concurrent_wrong_passwords_check_at_most_five_and_lock(start_server: StartServer, db_url: str) -> None:
    server = start_server()
    codes = Counter(_concurrent_logins(server.base_url, [f"wrong-{n}" for n in range(30)]))
    assert codes == Counter({401: 5, 429: 25}), codes
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        form = client.get("/admin/login")
        right = client.post("/admin/login", data={"password": ADMIN_TOKEN, "csrf": csrf_of(form.text)})
        assert right.status_code == 429, "the lock earned by the failures holds even for the right password"
    failed, locked_until = run_sql(db_url, select(AdminAccount.failed, AdminAccount.locked_until))[0]
    assert failed == 5 and locked_until is not None


def test_right_password_among_concurrent_wrong_ones_is_one_of_at_most_five_checked(
    start_server: StartServer,
) -> None:
    server = start_server()
    passwords = [f"wrong-{n}" for n in range(29)]
    passwords.insert(14, ADMIN_TOKEN)
    codes = Counter(_concurrent_logins(server.base_url, passwords))
    # At most five WRONG guesses are ever checked. The right one, if it was counted before the lock,
    # logs in and takes back its own guess; when that happens before the other guesses arrive, one
    # more wrong guess may be checked in its place, never a sixth wrong one.
    assert codes[401] <= 5 and codes[303] <= 1 and codes[401] + codes[303] + codes[429] == 30, codes


def test_a_lock_earned_by_failures_is_not_cleared_by_a_success(start_server: StartServer, db_url: str) -> None:
    """Sequential: four wrong, the right one (forgiven: no lock), then five wrong lock it."""
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:

        def login(password: str) -> int:
            form = client.get("/admin/login")
            return client.post("/admin/login", data={"password": password, "csrf": csrf_of(form.text)}).status_code

        assert [login(f"w{n}") for n in range(4)] == [401] * 4
        assert login(ADMIN_TOKEN) == 303
        assert run_sql(db_url, select(AdminAccount.failed))[0][0] == 0
        assert [login(f"v{n}") for n in range(5)] == [401] * 5
        assert login(ADMIN_TOKEN) == 429


# ---- 2. deeply nested JSON ----------------------------------------------------------------


def test_deeply_nested_json_is_a_400_everywhere(start_server: StartServer) -> None:
    server = start_server()
    deep = b"[" * 5000 + b"]" * 5000
    with httpx.Client(base_url=server.base_url, timeout=10) as client, \
            FakeCourier(server.base_url, "SF", SECRET) as courier:
        add_partner(client, courier.webhook_url)
        st = enrol(client)
        json_headers = {**st["headers"], "Content-Type": "application/json"}
        r = client.post("/api/sync/events", content=b'{"events": ' + deep + b"}", headers=json_headers)
        assert r.status_code == 400 and r.json()["error"] == "json_too_deep", r.text
        nested = b'{"events": [{"payload": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3000 + b"}]}"
        r = client.post("/api/sync/events", content=nested, headers=json_headers)
        assert r.status_code == 400 and r.json()["error"] == "json_too_deep", r.text
        r = courier.signed_post("/api/courier/manifests", deep)
        assert r.status_code == 400 and r.json()["error"] == "json_too_deep", r.text
        r = courier.signed_post("/api/courier/events", deep)
        assert r.status_code == 400 and r.json()["error"] == "json_too_deep", r.text
        # Bodies FastAPI parses for a model: the same bound, the same answer.
        for path in ("/api/stations/enrol", "/api/admin/couriers", "/api/admin/enrolment-codes"):
            r = client.post(path, content=deep, headers={"Content-Type": "application/json",
                                                         "Authorization": f"Bearer {ADMIN_TOKEN}"})
            assert r.status_code == 400 and r.json()["error"] == "json_too_deep", (path, r.text)
        r = client.put("/api/stations/me/sites", content=deep, headers=json_headers)
        assert r.status_code == 400 and r.json()["error"] == "json_too_deep", r.text


def test_a_payload_nested_too_deep_rejects_that_event_only(start_server: StartServer) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        st = enrol(client)
        deep: Any = "x"
        for _ in range(40):
            deep = {"a": deep}
        batch = [event("notify.member", notify_payload(params=deep)), event("notify.member", notify_payload("ok:1"))]
        results = _results(client.post("/api/sync/events", json={"events": batch}, headers=st["headers"]))
        assert results[0][0] == "rejected" and "nested deeper than 32" in results[0][1]
        assert results[1][0] == "applied"


# ---- 3. lone surrogates -------------------------------------------------------------------


def test_lone_surrogate_rejects_that_event_and_never_blocks_the_batch(start_server: StartServer) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        st = enrol(client)
        bad = event("notify.member", notify_payload("generic:bad", template="generic",
                                                    params={"title": "a\ud800b", "text": "x"}))
        good = event("notify.member", notify_payload("generic:good"))
        # The desk's JSON (ensure_ascii) carries the surrogate as the escape \ud800.
        body = json.dumps({"events": [bad, good]}).encode()
        assert b"\\ud800" in body
        headers = {**st["headers"], "Content-Type": "application/json"}
        for attempt in range(2):  # the retry is answered from the stored rows
            r = client.post("/api/sync/events", content=body, headers=headers)
            results = _results(r)
            assert results[0][0] == "rejected" and "surrogate" in results[0][1], results
            assert "params.title" in results[0][1]
            assert results[1][0] == "applied"
            assert [x["duplicate"] for x in r.json()["results"]] == [attempt == 1] * 2
        # A surrogate in a key, or in a topic without a server handler, is rejected too.
        odd = [event("notify.member", {"\udfff": 1}), event("desk.note", {"text": "\udc00"})]
        results = _results(client.post("/api/sync/events", content=json.dumps({"events": odd}).encode(),
                                       headers=headers))
        assert [s for s, _r in results] == ["rejected", "rejected"], results


# ---- 4. an over-long value on PostgreSQL ---------------------------------------------------


def test_overlong_title_rejects_that_event_only_on_every_database(start_server: StartServer, db_url: str) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        st = enrol(client)
        long_title = event("notify.member", notify_payload("generic:long", template="generic",
                                                           params={"title": "长" * 201, "text": "x"}))
        fits = event("notify.member", notify_payload("generic:fits", template="generic",
                                                     params={"title": "长" * 200, "text": "x"}))
        good = event("notify.member", notify_payload("coupon:ok"))
        results = _results(client.post("/api/sync/events", json={"events": [long_title, fits, good]},
                                       headers=st["headers"]))
        assert results[0][0] == "rejected" and "subject: 201 characters, at most 200" in results[0][1]
        assert [s for s, _r in results[1:]] == ["applied", "applied"], results
    keys = {k for (k,) in run_sql(db_url, select(Message.dedup_key))}
    assert keys == {"generic:fits", "coupon:ok"}


# ---- 5. non-ASCII digits in X-Timestamp ----------------------------------------------------


def test_non_ascii_digits_in_the_timestamp_are_a_401(start_server: StartServer) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client, \
            FakeCourier(server.base_url, "SF", SECRET) as courier:
        add_partner(client, courier.webhook_url)
        body = b'{"type": "collected", "tracking_no": "SF100000000001", "collected_at": "2026-11-24T09:40:00Z"}'
        # Header bytes are read as Latin-1: 0xB2 is '²', 0xB3 '³', 0xB9 '¹' — all isdigit().
        for stamp in (b"\xb2", b"\xb3\xb9", str(int(time.time())).encode() + b"\xb2"):
            headers = {b"Content-Type": b"application/json", b"X-Courier": b"SF", b"X-Timestamp": stamp,
                       b"X-Signature": sign(SECRET, stamp.decode("latin-1"), body).encode(),
                       b"Idempotency-Key": b"k"}
            r = client.post("/api/courier/events", content=body, headers=headers)
            assert r.status_code == 401 and r.json()["error"] == "stale_timestamp", (stamp, r.text)


# ---- 6. courier Idempotency-Key outside the signature --------------------------------------


def test_captured_collected_resent_with_a_new_key_is_applied_once(start_server: StartServer) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client, \
            FakeCourier(server.base_url, "SF", SECRET) as courier:
        add_partner(client, courier.webhook_url)
        desk = station_for(client, "S001", ["C001"])
        assert courier.post_manifest("C001", [parcel("SF100000000001")]).status_code == 200
        body = json.dumps({"type": "collected", "tracking_no": "SF100000000001",
                           "collected_at": "2026-11-24T09:40:00+08:00"}).encode()
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Courier": "SF", "X-Timestamp": ts,
                   "X-Signature": sign(SECRET, ts, body)}
        first = client.post("/api/courier/events", content=body, headers={**headers, "Idempotency-Key": "k-1"})
        assert first.status_code == 200, first.text
        # The attacker's copy: the same signed bytes, a fresh key.
        replay = client.post("/api/courier/events", content=body, headers={**headers, "Idempotency-Key": "k-2"})
        assert replay.status_code == 200 and replay.headers.get("idempotent-replayed") == "true", replay.text
        assert replay.json() == first.json()
        collected = [e for e in feed(client, desk["headers"]) if e["topic"] == "parcel.collected"]
        assert len(collected) == 1, collected
    assert len(run_sql(server.settings.database_url,
                       select(FeedEvent.id).where(FeedEvent.topic == "parcel.collected"))) == 1


# ---- 7. X-Forwarded-For from anyone ---------------------------------------------------------


def test_forwarded_for_is_ignored_unless_the_proxy_is_configured(start_server: StartServer) -> None:
    def guesses(base_url: str) -> list[int]:
        with httpx.Client(base_url=base_url, timeout=10) as client:
            return [client.get(f"/inbox/guess{n:04d}AAAAAAAAAAAAAAAAAAAA",
                               headers={"X-Forwarded-For": f"10.0.{n // 250}.{n % 250 + 1}"}).status_code
                    for n in range(15)]

    default = start_server()
    assert guesses(default.base_url) == [404] * 10 + [429] * 5
    behind_proxy = start_server(forwarded_allow_ips="127.0.0.1")
    assert guesses(behind_proxy.base_url) == [404] * 15  # every address its own window, as configured


# ---- item 11: sync has a rate limit --------------------------------------------------------


def test_sync_is_rate_limited_per_station(start_server: StartServer) -> None:
    server = start_server(sync_rate_limit=3, sync_rate_window_s=60.0)
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        one, two = enrol(client, name="desk 1"), enrol(client, name="desk 2")
        codes = [client.get("/api/sync/feed", headers=one["headers"]).status_code for _ in range(3)]
        r = client.post("/api/sync/events", json={"events": [event("desk.note", {})]}, headers=one["headers"])
        assert codes == [200] * 3 and r.status_code == 429 and r.json()["error"] == "rate_limited"
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert client.get("/api/sync/feed", headers=two["headers"]).status_code == 200  # its own budget
