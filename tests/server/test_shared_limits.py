"""Issue 19 item 9: rate limits and lockouts are shared by every server process.

Two uvicorn servers on one database stand for two API processes. Their limits
count together — in the database by default, in Redis when RATE_LIMIT_STORAGE
says so — and the per-link view limit counts per address, so someone holding a
link cannot lock its owner out.
"""

from __future__ import annotations

import os
import socket
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from server.db import ServerDatabase
from server.ratelimit import DatabaseStorage, RateLimiter
from tests.server.conftest import StartServer, admin_login, enrol, inbox_path, queue_notice

REDIS_URL = os.environ.get("COUNTERDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def _guesses(base_url: str, start: int, count: int) -> list[int]:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        return [client.get(f"/inbox/guess{n:04d}AAAAAAAAAAAAAAAAAAAA").status_code for n in range(start, start + count)]


@pytest.mark.parametrize("storage", ["", "redis"])
def test_two_processes_share_the_bad_link_limit(start_server: StartServer, storage: str) -> None:
    if storage == "redis" and not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    uri = REDIS_URL if storage == "redis" else ""
    one, two = start_server(rate_limit_storage=uri), start_server(rate_limit_storage=uri)
    assert _guesses(one.base_url, 0, 6) == [404] * 6
    assert _guesses(two.base_url, 6, 4) == [404] * 4  # 10 in all: the limit
    assert _guesses(one.base_url, 10, 2) == [429] * 2
    assert _guesses(two.base_url, 12, 2) == [429] * 2


def test_per_process_memory_is_still_available(start_server: StartServer) -> None:
    one, two = start_server(rate_limit_storage="memory://"), start_server(rate_limit_storage="memory://")
    assert _guesses(one.base_url, 0, 10) == [404] * 10
    assert _guesses(two.base_url, 10, 3) == [404] * 3  # its own counters


def test_two_processes_share_the_sync_limit(start_server: StartServer) -> None:
    one = start_server(sync_rate_limit=4)
    two = start_server(sync_rate_limit=4)
    with httpx.Client(timeout=10) as client:
        station = enrol(httpx.Client(base_url=one.base_url, timeout=10))
        codes = [client.get(f"{s.base_url}/api/sync/feed", headers=station["headers"]).status_code
                 for s in (one, two, one, two, one, two)]
    assert codes == [200] * 4 + [429] * 2


def test_admin_lockout_holds_across_processes(start_server: StartServer) -> None:
    one, two = start_server(), start_server()
    with httpx.Client(base_url=one.base_url, timeout=10) as a, httpx.Client(base_url=two.base_url, timeout=10) as b:
        assert [admin_login(a, f"w{n}").status_code for n in range(3)] == [401] * 3
        assert [admin_login(b, f"v{n}").status_code for n in range(2)] == [401] * 2
        assert admin_login(a).status_code == 429 and admin_login(b).status_code == 429


def test_a_link_holder_cannot_lock_the_owner_out(start_server: StartServer) -> None:
    server = start_server(forwarded_allow_ips="127.0.0.1", link_view_limit=5)
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        path = inbox_path(queue_notice(client, station))
        other = {"X-Forwarded-For": "203.0.113.9"}
        owner = {"X-Forwarded-For": "198.51.100.7"}
        assert [client.get(path, headers=other).status_code for _ in range(7)] == [200] * 5 + [429] * 2
        assert client.get(path, headers=owner).status_code == 200


def test_database_counter_is_exact_under_concurrent_hits(db_url: str) -> None:
    db = ServerDatabase(db_url)
    try:
        limiter = RateLimiter(10, 60, DatabaseStorage(db), "t", "race")
        barrier = threading.Barrier(40)

        def hit(_n: int) -> int:
            barrier.wait(timeout=30)
            return limiter.hit("one key")

        with ThreadPoolExecutor(40) as pool:
            waits = list(pool.map(hit, range(40)))
        assert Counter(w == 0 for w in waits)[True] == 10
        assert all(0 < w <= 60 for w in waits if w)
    finally:
        db.close()
