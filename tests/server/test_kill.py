"""A server process SIGKILLed mid-delivery: after a restart no message is lost, none is sent
under a second Idempotency-Key, only the sends not yet recorded at the kill (at most the
worker's send concurrency) are repeated, and each message gets exactly one `sent` receipt."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import (
    ADMIN_TOKEN,
    WEBHOOK_SECRET,
    WebhookReceiver,
    enrol,
    event,
    feed,
    notify_payload,
    wait_for,
)

REPO = Path(__file__).resolve().parents[2]
LAUNCH = "import sys; from server.runner import run_server; sys.exit(run_server(sys.argv[1:]))"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(
        self, db_url: str, receiver: WebhookReceiver, home: Path, concurrency: int = 1, processes: int = 0
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            COUNTERDESK_HOME=str(home),
            COUNTERDESK_SERVER_ADMIN_TOKEN=ADMIN_TOKEN,
            COUNTERDESK_SERVER_WEBHOOK_URL=receiver.url + "/hook",
            COUNTERDESK_SERVER_WEBHOOK_SECRET=WEBHOOK_SECRET,
            COUNTERDESK_SERVER_WORKERS="1",
            COUNTERDESK_SERVER_SEND_CONCURRENCY=str(concurrency),
            COUNTERDESK_SERVER_DELIVERY_PROCESSES=str(processes),
            COUNTERDESK_SERVER_POLL_S="0.05",
            COUNTERDESK_SERVER_CLAIM_LEASE_S="1",
            COUNTERDESK_SERVER_RETRY_DELAYS="0.05,0.1",
            COUNTERDESK_SERVER_QUIET_HOURS="",
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--port", str(self.port), "--database-url", db_url],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

        def up() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"server exited: {self.proc.stderr.read().decode() if self.proc.stderr else ''}"
                )
            try:
                return httpx.get(self.url + "/health", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        # Two cold interpreters import FastAPI and SQLAlchemy (3 s each here, 10 s on a loaded machine).
        wait_for(up, timeout_s=120, what="server process health")

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(15)
        if self.proc.stderr:
            self.proc.stderr.close()


@pytest.fixture
def processes() -> Iterator[list[ServerProcess]]:
    started: list[ServerProcess] = []
    yield started
    for p in started:
        p.stop()


@pytest.mark.parametrize("concurrency", [1, 4])
def test_sigkill_mid_delivery_loses_nothing_and_keeps_one_key_per_message(
    db_url: str, receiver: WebhookReceiver, tmp_path: Path, processes: list[ServerProcess], concurrency: int
) -> None:
    receiver.hold_at = 3
    first = ServerProcess(db_url, receiver, tmp_path, concurrency)
    processes.append(first)
    keys = [f"kill-{n}" for n in range(12)]
    with httpx.Client(base_url=first.url, timeout=10) as client:
        station = enrol(client)
        batch = {"events": [event("notify.member", notify_payload(dedup_key=k)) for k in keys]}
        assert client.post("/api/sync/events", json=batch, headers=station["headers"]).status_code == 200
    wait_for(lambda: len(receiver.posts()) >= 3, what="the third webhook POST (held open)")
    first.kill()
    receiver.release.set()

    second = ServerProcess(db_url, receiver, tmp_path, concurrency)
    processes.append(second)
    with httpx.Client(base_url=second.url, timeout=10) as client:

        def sent() -> list[dict[str, object]]:
            return [
                i["payload"]
                for i in feed(client, station["headers"])
                if i["topic"] == "delivery.receipt" and i["payload"]["channel"] == "webhook"
            ]

        receipts = wait_for(
            lambda: len(sent()) >= len(keys) and sent(), timeout_s=20, what="a webhook receipt per message"
        )
    assert sorted(str(r["dedup_key"]) for r in receipts) == sorted(keys)
    assert all(r["state"] == "sent" for r in receipts)
    posts = receiver.posts()
    assert sorted({p.json()["dedup_key"] for p in posts}) == sorted(keys)
    per_key = Counter(p.json()["dedup_key"] for p in posts)
    # Only the requests not recorded at the kill may be repeated (one at a time: only the one
    # in flight), and under the same Idempotency-Key.
    assert sum(per_key.values()) <= len(keys) + concurrency
    assert max(per_key.values()) <= 2
    if concurrency == 1:
        assert [k for k, n in per_key.items() if n == 2] == [posts[2].json()["dedup_key"]]
    for p in posts:
        key = next(v for k, v in p.headers.items() if k.lower() == "idempotency-key")
        assert key == f"message-{p.json()['message_id']}"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_delivery_processes_share_the_queue_and_stop_with_the_server(
    db_url: str, receiver: WebhookReceiver, tmp_path: Path, processes: list[ServerProcess]
) -> None:
    server = ServerProcess(db_url, receiver, tmp_path, concurrency=4, processes=2)
    processes.append(server)
    workers = server.children()
    assert len(workers) >= 2  # the two delivery processes (and multiprocessing's tracker)
    keys = [f"proc-{n}" for n in range(40)]
    with httpx.Client(base_url=server.url, timeout=10) as client:
        station = enrol(client)
        batch = {"events": [event("notify.member", notify_payload(dedup_key=k)) for k in keys]}
        assert client.post("/api/sync/events", json=batch, headers=station["headers"]).status_code == 200

        def receipts() -> list[dict[str, object]]:
            return [
                i["payload"]
                for i in feed(client, station["headers"])
                if i["topic"] == "delivery.receipt" and i["payload"]["channel"] == "webhook"
            ]

        done = wait_for(lambda: len(receipts()) >= len(keys) and receipts(), what="a receipt per message")
    assert sorted(str(r["dedup_key"]) for r in done) == sorted(keys)
    assert Counter(p.json()["dedup_key"] for p in receiver.posts()) == Counter(keys)  # each once
    # The server dies without a word: its delivery processes notice and stop too.
    server.kill()
    wait_for(lambda: not any(_alive(pid) for pid in workers), timeout_s=10, what="delivery processes to stop")
