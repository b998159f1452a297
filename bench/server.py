"""Server delivery throughput and sync speed.

    uv run python bench/server.py [--messages 3000] [--no-pg]

1. Messages per second from enqueue (notify.member events POSTed to /api/sync/events in
   batches of 200, as the desk sends them) to receipt at a local webhook sink, on SQLite
   and on PostgreSQL (a fresh database on postgresql+psycopg://postgres@127.0.0.1:5432,
   dropped afterwards). "Workers" are delivery processes (`--delivery-processes N`), each
   one worker thread keeping SEND_CONCURRENCY sends in flight; `pg_in_process` runs the
   one worker as threads of the API process instead (the desk's in-process server). The
   server runs as its own process (`run_server`), the sink as another (a stdlib HTTP/1.1
   server that counts dedup keys), so they do not share a GIL; all share the machine's
   cores, and `cpu_s` says how much each took. `lost` = messages never received,
   `duplicated` = receipts beyond one per message, summed over all runs.
2. Baseline in the same run: the sink's throughput for the same signed webhook bodies sent
   one after another by one thread with the server's own sender (`channels.send_webhook`),
   without the queue.
3. `sync_10k_s`: a desk SQLite file with 10,000 outbox events (notify.member, inbox channel)
   pushed through services/sync/client.py SyncClient to a SQLite server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from common import machine, write_result  # noqa: E402  (bench/ is on sys.path when run as a script)

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ADMIN = "bench-admin-token-0123456789"
SECRET = "bench-webhook-secret"
GOAL = 1000.0
SEND_CONCURRENCY = 32
LAUNCH = "import sys; from server.runner import run_server; sys.exit(run_server(sys.argv[1:]))"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- the webhook sink (its own process) ---------------------------------------------------


def _sink_main(port: int, ready: Any) -> None:
    keys: Counter[str] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the sender reuses its connections
        # Headers and body are separate writes: without TCP_NODELAY each answer waits
        # ~40 ms for the client's delayed ACK (a sink artefact, not the server's cost).
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            key = json.loads(body).get("dedup_key", "")
            with lock:
                keys[key] += 1
            self._answer(b'{"ok":true}')

        def do_GET(self) -> None:
            with lock:
                data = {"unique": len(keys), "total": sum(keys.values())}
                if self.path == "/keys":
                    data["keys"] = dict(keys)
                if self.path == "/reset":
                    keys.clear()
            self._answer(json.dumps(data).encode())

        def _answer(self, payload: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler, bind_and_activate=False)
    # A listen backlog for every sender connection at once (the default, 5, drops some of
    # 32+ simultaneous connects; those sends then fail and wait for their retry).
    httpd.request_queue_size = 256
    httpd.server_bind()
    httpd.server_activate()
    httpd.daemon_threads = True
    ready.set()
    httpd.serve_forever()


class Sink:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._conn: http.client.HTTPConnection | None = None
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Event()
        self.proc = ctx.Process(target=_sink_main, args=(self.port, ready), daemon=True)
        self.proc.start()
        if not ready.wait(20):
            raise RuntimeError("the webhook sink did not start")

    def stats(self, path: str = "/stats") -> dict[str, Any]:
        # One kept-alive connection: a new httpx client per poll (every 50 ms) cost ~50 ms
        # of CPU for its TLS context, taken from the server under test on this 2-core machine.
        if self._conn is None:
            self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self._conn.request("GET", path)
        return dict(json.loads(self._conn.getresponse().read()))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.join(10)


# ---- the server (its own process) ---------------------------------------------------------


class Server:
    def __init__(self, db_url: str, processes: int, home: Path, webhook: str | None) -> None:
        """`processes` delivery processes; 0 = one delivery thread in the API process."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            COUNTERDESK_HOME=str(home),
            COUNTERDESK_SERVER_ADMIN_TOKEN=ADMIN,
            COUNTERDESK_SERVER_POLL_S="0.05",
            COUNTERDESK_SERVER_QUIET_HOURS="",
            COUNTERDESK_SERVER_SEND_CONCURRENCY=str(SEND_CONCURRENCY),
        )
        if webhook:
            env.update(COUNTERDESK_SERVER_WEBHOOK_URL=webhook, COUNTERDESK_SERVER_WEBHOOK_SECRET=SECRET)
        args = ["--port", str(self.port), "--database-url", db_url, "--delivery-processes", str(processes)]
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            "server did not start: " + (self.proc.stderr.read().decode()[-2000:] if self.proc.stderr else "")
        )

    def enrol(self) -> dict[str, str]:
        with httpx.Client(base_url=self.url, timeout=30) as c:
            code = c.post(
                "/api/admin/enrolment-codes",
                json={"store_code": "B001"},
                headers={"Authorization": f"Bearer {ADMIN}"},
            )
            code.raise_for_status()
            out = c.post(
                "/api/stations/enrol",
                json={"code": code.json()["code"], "store_code": "B001", "name": "bench"},
            )
            out.raise_for_status()
            return {"Authorization": f"Bearer {out.json()['token']}"}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def notify_event(i: int, run: str, channels: list[str]) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4().hex,
        "topic": "notify.member",
        "payload": {
            "recipient": {"key": f"m{i % 500}", "name": "张三"},
            "template": "generic",
            "locale": "zh",
            "params": {"title": f"通知 {i}", "text": "您的包裹已到 · bench"},
            "channels": channels,
            "dedup_key": f"{run}:{i}",
        },
        "created_at": datetime.now(UTC).isoformat(),
    }


def _ticks(pid: int) -> int:
    """utime + stime of a process, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def cpu_s(pids: list[int]) -> float:
    return sum(_ticks(pid) for pid in pids) / os.sysconf("SC_CLK_TCK")


def server_pids(pid: int) -> list[int]:
    """The server and its children (delivery processes)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid, *map(int, children)]


def postgres_pids() -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if "(postgres)" in stat.read_text():
                found.append(int(stat.parent.name))
        except OSError:
            continue
    return found


def deliver_run(db_url: str, workers: int, n: int, sink: Sink, home: Path, label: str) -> dict[str, Any]:
    sink.stats("/reset")
    server = Server(db_url, workers, home, sink.url + "/hook")
    try:
        headers = server.enrol()
        events = [notify_event(i, label, ["webhook"]) for i in range(n)]
        watched = {
            "server": server_pids(server.proc.pid),
            "sink": [sink.proc.pid or 0],
            "postgres": postgres_pids(),
        }
        before = {name: cpu_s(pids) for name, pids in watched.items()}
        start = time.perf_counter()
        with httpx.Client(base_url=server.url, timeout=120) as c:
            for k in range(0, n, 200):  # the desk's SyncClient batch size
                r = c.post("/api/sync/events", json={"events": events[k : k + 200]}, headers=headers)
                r.raise_for_status()
        enqueued_s = time.perf_counter() - start
        deadline = time.monotonic() + 600
        while sink.stats()["unique"] < n and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        used = {name: round(cpu_s(pids) - before[name], 2) for name, pids in watched.items()}
        # Wait a little longer: a duplicate would arrive after the last first copy.
        time.sleep(0.5)
        keys = sink.stats("/keys")["keys"]
    finally:
        server.stop()
    wanted = {f"{label}:{i}" for i in range(n)}
    got = {k: v for k, v in keys.items() if k in wanted}
    result = {
        "messages": n,
        "workers": workers,
        "enqueue_s": round(enqueued_s, 3),
        "elapsed_s": round(elapsed, 3),
        "msgs_per_s": round(n / elapsed, 1),
        "lost": n - len(got),
        "duplicated": sum(v - 1 for v in got.values()),
        "cpu_s": used,
    }
    print(label, result, file=sys.stderr)
    return result


def baseline(sink: Sink, n: int) -> float:
    """The sink fed directly by the server's sender, one thread, no queue."""
    from server.delivery.channels import send_webhook

    sink.stats("/reset")
    start = time.perf_counter()
    for i in range(n):
        payload = notify_event(i, "baseline", ["webhook"])["payload"] | {"message_id": i}
        outcome = send_webhook(sink.url + "/hook", SECRET, payload, f"message-{i}", 10)
        assert outcome.ok, outcome
    return round(n / (time.perf_counter() - start), 1)


def fresh_pg_db() -> tuple[str, str]:
    import psycopg

    name = f"counterdesk_bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_pg_db(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sync_10k(home: Path) -> dict[str, Any]:
    from models import OutboxEvent
    from models.db import make_engine, make_session_factory, unit_of_work
    from models.migrate import upgrade_to_head
    from services.sync.client import SyncClient, enrol

    engine = make_engine(f"sqlite:///{home / 'desk.sqlite3'}")
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as s:
        for i in range(10_000):
            e = notify_event(i, "sync", ["inbox"])
            s.add(OutboxEvent(topic=e["topic"], payload=e["payload"]))
    server = Server(f"sqlite:///{home / 'sync_server.sqlite3'}", 0, home, None)
    try:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            code = c.post(
                "/api/admin/enrolment-codes",
                json={"store_code": "B001"},
                headers={"Authorization": f"Bearer {ADMIN}"},
            )
        client = SyncClient(sessions, server.url, handlers={}, timeout=120)
        client.save_token(enrol(server.url, code.json()["code"], "B001", "bench desk"))
        start = time.perf_counter()
        sent = client.push()
        elapsed = time.perf_counter() - start
        client.close()
    finally:
        server.stop()
        engine.dispose()
    assert sent == 10_000, sent
    return {"events": sent, "seconds": round(elapsed, 3), "events_per_s": round(sent / elapsed, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL runs")
    args = parser.parse_args()
    n = args.messages
    sink = Sink()
    runs: dict[str, Any] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="counterdesk-bench-") as tmp:
            home = Path(tmp)
            runs["baseline_sink_msgs_per_s"] = baseline(sink, n)
            runs["sqlite_1w"] = deliver_run(f"sqlite:///{home / 's1.sqlite3'}", 1, n, sink, home, "sqlite_1w")
            if not args.no_pg:
                for label, workers in (("pg_in_process", 0), ("pg_1w", 1), ("pg_2w", 2), ("pg_4w", 4)):
                    name, url = fresh_pg_db()
                    try:
                        runs[label] = deliver_run(url, workers, n, sink, home, label)
                    finally:
                        drop_pg_db(name)
            runs["sync_10k"] = sync_10k(home)
    finally:
        sink.stop()
    delivery = [v for k, v in runs.items() if isinstance(v, dict) and "lost" in v]
    result: dict[str, Any] = {
        "msgs_per_s_sqlite_1w": runs["sqlite_1w"]["msgs_per_s"],
        "msgs_per_s_pg_1w": runs["pg_1w"]["msgs_per_s"] if "pg_1w" in runs else None,
        "msgs_per_s_pg_4w": runs["pg_4w"]["msgs_per_s"] if "pg_4w" in runs else None,
        "lost": sum(r["lost"] for r in delivery),
        "duplicated": sum(r["duplicated"] for r in delivery),
        "sync_10k_s": runs["sync_10k"]["seconds"],
        "baseline_sink_msgs_per_s": runs["baseline_sink_msgs_per_s"],
        "goal_pg_msgs_per_s": GOAL,
        "send_concurrency": SEND_CONCURRENCY,
        "runs": runs,
        "machine": machine(("fastapi", "uvicorn", "sqlalchemy", "psycopg", "httpx")),
    }
    write_result("server", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
