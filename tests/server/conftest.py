"""Server test fixtures: a real uvicorn (ServerThread) on 127.0.0.1 and a real webhook receiver."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from models.db import make_engine
from server.runner import ServerThread
from server.settings import ServerSettings

ADMIN_TOKEN = "test-admin-token-0123456789"
WEBHOOK_SECRET = "test-webhook-secret"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """A tiny HTTP server; answers each POST with the next scripted status (then 200)."""

    script: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    # The POST with this number (1-based) is held open until `release` is set.
    hold_at: int | None = None
    release: threading.Event = field(default_factory=threading.Event)

    def next_status(self, item: Received) -> int:
        with self.lock:
            self.received.append(item)
            held = len(self.received) == self.hold_at
            status = self.script.pop(0) if self.script else 200
        if held:
            self.release.wait(20)
        return status

    def posts(self, path: str = "/hook") -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]


def _handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            status = receiver.next_status(Received(self.path, dict(self.headers.items()), body))
            payload = b'{"ok": true}' if status < 300 else b'{"ok": false}'
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the sender was killed while we held its request

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    rec = WebhookReceiver()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(rec), bind_and_activate=False)
    # Room for every sender connection at once (the default backlog, 5, drops connects).
    httpd.request_queue_size = 128
    httpd.server_bind()
    httpd.server_activate()
    rec.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield rec
    rec.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def fast_settings(db_url: str, receiver: WebhookReceiver, **overrides: Any) -> ServerSettings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "admin_token": ADMIN_TOKEN,
        "webhook_url": receiver.url + "/hook",
        "webhook_secret": WEBHOOK_SECRET,
        "webhook_timeout_s": 5.0,
        "delivery_workers": 2,
        "worker_poll_s": 0.05,
        "retry_delays": (0.05, 0.1, 0.2),
        "retry_jitter": 0.2,
        "max_attempts": 3,
        # Tests run at any hour: no quiet hours unless a test sets them.
        "default_quiet_hours": "",
    }
    values.update(overrides)
    return ServerSettings(**values)


StartServer = Callable[..., ServerThread]


@pytest.fixture
def start_server(db_url: str, receiver: WebhookReceiver) -> Iterator[StartServer]:
    started: list[ServerThread] = []

    def start(**overrides: Any) -> ServerThread:
        thread = ServerThread(fast_settings(db_url, receiver, **overrides))
        thread.start()
        started.append(thread)
        return thread

    yield start
    for thread in started:
        thread.stop()


@pytest.fixture
def server(start_server: StartServer) -> ServerThread:
    return start_server()


@pytest.fixture
def client(server: ServerThread) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        yield c


def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def enrol(client: httpx.Client, store_code: str = "S001", name: str = "desk 1") -> dict[str, Any]:
    code = client.post("/api/admin/enrolment-codes", json={"store_code": store_code}, headers=admin_headers())
    assert code.status_code == 200, code.text
    out = client.post(
        "/api/stations/enrol", json={"code": code.json()["code"], "store_code": store_code, "name": name}
    )
    assert out.status_code == 200, out.text
    body: dict[str, Any] = out.json()
    body["headers"] = {"Authorization": f"Bearer {body['token']}"}
    return body


def event(topic: str, payload: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "event_id": event_id or uuid.uuid4().hex,
        "topic": topic,
        "payload": payload,
        "created_at": datetime.now(UTC).isoformat(),
    }


def notify_payload(dedup_key: str = "coupon_claimed:mc-1", **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "recipient": {"key": "member-42", "name": "张三"},
        "template": "coupon_claimed",
        "locale": "zh",
        "params": {"member_name": "张三", "coupon_title": "满50减10", "expires_on": "2026-12-31"},
        "dedup_key": dedup_key,
    }
    payload.update(overrides)
    return payload


def wait_for(predicate: Callable[[], Any], timeout_s: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def feed(client: httpx.Client, headers: dict[str, str], after: int = 0) -> list[dict[str, Any]]:
    """All feed events after the cursor, following `more` pages."""
    items: list[dict[str, Any]] = []
    while True:
        r = client.get("/api/sync/feed", params={"after": after, "limit": 50}, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        items.extend(body["events"])
        after = body["cursor"]
        if not body["more"]:
            return items


# ---- recipient pages and admin page (links, CSRF, preferences) ----------------------------

_CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF_FIELD.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def queue_notice(client: httpx.Client, station: dict[str, Any], **payload: Any) -> dict[str, Any]:
    """Send one notify.member event; returns its `message.queued` feed payload."""
    body = notify_payload(**payload)
    r = client.post(
        "/api/sync/events", json={"events": [event("notify.member", body)]}, headers=station["headers"]
    )
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "applied", r.text
    queued = [
        i["payload"]
        for i in feed(client, station["headers"])
        if i["topic"] == "message.queued" and i["payload"]["dedup_key"] == body["dedup_key"]
    ]
    assert len(queued) == 1
    return dict(queued[0])


def inbox_path(queued: dict[str, Any]) -> str:
    return urlsplit(str(queued["inbox_url"])).path


def run_sql(db_url: str, statement: Any) -> list[Any]:
    """One statement on the server's database from outside the server (set up or inspect)."""
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(statement)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def admin_login(client: httpx.Client, password: str = ADMIN_TOKEN) -> httpx.Response:
    form = client.get("/admin/login")
    return client.post("/admin/login", data={"password": password, "csrf": csrf_of(form.text)})
