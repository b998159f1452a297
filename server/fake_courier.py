"""A fake courier company over real HTTP, for the demo and the tests.

It posts signed manifests addressed to real residents of the demo compound (read from a
desk database, plus one parcel for a unit that does not exist, so the desk flags it),
receives the server's signed webhook calls (stored / picked_up / recall) on
`POST /webhook`, verifies each signature, keeps what it received, and answers each
recall with a signed `recall_ack` (door_to_door) after `ack_delay_s`, then `collected`
after `collect_delay_s` more.

    uv run main.py fake-courier --server http://127.0.0.1:8765 --secret <partner secret> \\
        --code SF --port 8790 [--admin-token T  # registers the partner with this webhook]

In tests: `with FakeCourier(server_url, "SF", secret) as courier: ...` (127.0.0.1, random port).
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from models.db import make_engine
from server.delivery.channels import SIGNATURE_HEADER as OUR_SIGNATURE
from server.delivery.channels import TIMESTAMP_HEADER as OUR_TIMESTAMP
from server.delivery.courier import (
    COURIER_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
    signature_ok,
    timestamp_fresh,
)
from server.validation import header_int
from services.core.safe_json import loads_bounded

UNKNOWN_UNIT = {"recipient_name": "查无此人", "recipient_phone": "13900000000", "building": "99", "unit": "9999"}


@dataclass(frozen=True)
class Recipient:
    name: str
    phone: str
    building: str
    unit: str


def demo_recipients(desk_db_url: str, site: str = "C001") -> list[Recipient]:
    """Residents of `site` in a desk database (read-only query), in a stable order."""
    from models import Building, Compound, Resident, Unit

    engine = make_engine(desk_db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Resident.name, Resident.phone, Building.code, Unit.code)
                .join(Unit, Resident.unit_id == Unit.id)
                .join(Building, Unit.building_id == Building.id)
                .join(Compound, Building.compound_id == Compound.id)
                .where(Compound.code == site)
                .order_by(Resident.id)
            ).all()
    finally:
        engine.dispose()
    return [Recipient(*row) for row in rows]


def demo_parcels(recipients: list[Recipient], code: str, count: int, seed: int = 6) -> list[dict[str, Any]]:
    """`count` parcels for real residents (seeded choice) and one for a unit that does not exist."""
    if not recipients:
        raise ValueError("no residents to address parcels to: is this the demo desk database?")
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    parcels: list[dict[str, Any]] = []
    for r in rng.sample(recipients, min(count, len(recipients))):
        parcels.append({
            "tracking_no": f"{code}{rng.randrange(10**11, 10**12)}", "recipient_name": r.name,
            "recipient_phone": r.phone, "building": r.building, "unit": r.unit,
            "size": rng.choice("SSSMML"), "arrived_at": (now - timedelta(minutes=rng.randrange(5, 90))).isoformat(),
        })
    parcels.append({"tracking_no": f"{code}{rng.randrange(10**11, 10**12)}", **UNKNOWN_UNIT, "size": "M",
                    "arrived_at": now.isoformat()})
    return parcels


@dataclass
class Answer:
    """A signed request the fake courier sent to the server, and what came back."""

    path: str
    body: dict[str, Any]
    status: int
    response: Any


@dataclass
class FakeCourier:
    server_url: str
    code: str
    secret: str
    ack_delay_s: float = 0.2
    collect_delay_s: float = 0.2
    instruction: str = "door_to_door"
    host: str = "127.0.0.1"
    port: int = 0
    # While True the webhook answers 503 (the courier's system is down): the server retries.
    down: bool = False
    received: list[dict[str, Any]] = field(default_factory=list)  # verified webhook bodies
    refused: list[str] = field(default_factory=list)  # why unverifiable webhooks were refused
    answers: list[Answer] = field(default_factory=list)
    attempts: int = 0  # every webhook POST, refused and down included

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: set[str] = set()
        self._timers: list[threading.Timer] = []
        self._http = httpx.Client(base_url=self.server_url.rstrip("/"), timeout=10)
        self._httpd = ThreadingHTTPServer((self.host, self.port), self._handler())
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-courier", daemon=True)

    @property
    def webhook_url(self) -> str:
        return f"http://{self.host}:{self.port}/webhook"

    def start(self) -> FakeCourier:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            for t in self._timers:
                t.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._http.close()

    def __enter__(self) -> FakeCourier:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- to the server ------------------------------------------------------------------

    def signed_post(self, path: str, body: bytes, key: str | None = None, *, timestamp: str | None = None,
                    secret: str | None = None) -> httpx.Response:
        """POST `body` as this courier; `timestamp`/`secret` override for tests of refusals."""
        ts = timestamp or str(int(time.time()))
        headers = {
            "Content-Type": "application/json", COURIER_HEADER: self.code, TIMESTAMP_HEADER: ts,
            SIGNATURE_HEADER: sign(secret or self.secret, ts, body), "Idempotency-Key": key or uuid.uuid4().hex,
        }
        return self._http.post(path, content=body, headers=headers)

    def post_json(self, path: str, data: dict[str, Any], key: str | None = None) -> httpx.Response:
        r = self.signed_post(path, json.dumps(data, ensure_ascii=False).encode(), key)
        with self._lock:
            self.answers.append(Answer(path, data, r.status_code, r.json()))
        return r

    def post_manifest(self, site: str, parcels: list[dict[str, Any]], key: str | None = None) -> httpx.Response:
        return self.post_json("/api/courier/manifests", {"site": site, "parcels": parcels}, key)

    def post_tracking(self, tracking_no: str, status: str, key: str | None = None, **extra: Any) -> httpx.Response:
        """A delivery update of a pay-for-another order it carries (courier_name, courier_phone, note, at)."""
        return self.post_json("/api/courier/tracking", {"tracking_no": tracking_no, "status": status, **extra}, key)

    # -- from the server ----------------------------------------------------------------

    def calls(self, kind: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [b for b in self.received if kind is None or b.get("type") == kind]

    def _webhook(self, headers: dict[str, str], raw: bytes) -> int:
        with self._lock:
            self.attempts += 1
            if self.down:
                return 503
        ts = headers.get(OUR_TIMESTAMP.lower(), "")
        if not timestamp_fresh(ts) or not signature_ok(self.secret, ts, raw, headers.get(OUR_SIGNATURE.lower(), "")):
            with self._lock:
                self.refused.append("bad signature or stale timestamp")
            return 401
        body = loads_bounded(raw)
        key = headers.get("idempotency-key", "")
        with self._lock:
            if key in self._seen:
                return 200  # a repeat of a call we have: acknowledged, not recorded twice
            self._seen.add(key)
            self.received.append(body)
        if body.get("type") == "parcel.recall":
            self._later(self.ack_delay_s, self._ack, str(body["tracking_no"]))
        return 200

    def _later(self, delay: float, fn: Any, *args: Any) -> None:
        timer = threading.Timer(delay, fn, args)
        timer.daemon = True
        with self._lock:
            self._timers.append(timer)
        timer.start()

    def _ack(self, tracking_no: str) -> None:
        pickup_by = (datetime.now(UTC) + timedelta(hours=4)).replace(microsecond=0).isoformat()
        self.post_json("/api/courier/events", {"type": "recall_ack", "tracking_no": tracking_no,
                                               "instruction": self.instruction, "pickup_by": pickup_by,
                                               "note": "courier will deliver to the door"}, f"ack-{tracking_no}")
        self._later(self.collect_delay_s, self._collected, tracking_no)

    def _collected(self, tracking_no: str) -> None:
        self.post_json("/api/courier/events", {"type": "collected", "tracking_no": tracking_no,
                                               "collected_at": datetime.now(UTC).isoformat()},
                       f"collected-{tracking_no}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        courier = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = header_int(self.headers.get("Content-Length")) or 0
                raw = self.rfile.read(min(length, 1 << 20))
                status = 404
                if self.path == "/webhook":
                    try:
                        status = courier._webhook({k.lower(): v for k, v in self.headers.items()}, raw)
                    except (ValueError, KeyError):
                        status = 400
                out = json.dumps({"ok": status == 200}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *_args: object) -> None:
                pass

        return Handler


def register(courier: FakeCourier, admin_token: str, name: str) -> httpx.Response:
    """Register the courier as a partner with its webhook and secret, or update it if it exists."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    server = courier.server_url.rstrip("/")
    r = httpx.post(f"{server}/api/admin/couriers", timeout=10, headers=headers,
                   json={"code": courier.code, "name": name, "webhook_url": courier.webhook_url,
                         "secret": courier.secret})
    if r.status_code == 409:  # registered by an earlier run: new webhook port and secret
        r = httpx.put(f"{server}/api/admin/couriers/{courier.code}", timeout=10, headers=headers,
                      json={"name": name, "webhook_url": courier.webhook_url, "secret": courier.secret,
                            "active": True})
    return r


def deliver(courier: FakeCourier, site: str, parcels: list[dict[str, Any]], wait_s: float) -> httpx.Response:
    """Post one manifest.

    Until a desk has declared the site (its first sync) the server answers unknown_site:
    post again with the same Idempotency-Key (safe to repeat) for up to `wait_s` seconds.
    """
    key = uuid.uuid4().hex
    deadline = time.monotonic() + wait_s
    while True:
        r = courier.post_manifest(site, parcels, key)
        if r.status_code != 404 or time.monotonic() > deadline:
            return r
        time.sleep(2)


class DemoCourier:
    """The fake courier beside the desk's in-process server, so the demo desk receives manifests
    and its recalls are answered (door to door after a few seconds, collected later)."""

    def __init__(self, server_url: str, admin_token: str, desk_db_url: str, site: str = "C001") -> None:
        self.site = site
        self.desk_db_url = desk_db_url
        self.courier = FakeCourier(server_url, "SF", secrets.token_hex(24), ack_delay_s=5.0,
                                   collect_delay_s=30.0).start()
        r = register(self.courier, admin_token, "顺丰速运")
        if r.status_code != 200:
            self.courier.stop()
            raise RuntimeError(f"the demo courier could not register: HTTP {r.status_code} {r.text[:200]}")

    def deliver(self, count: int = 4) -> int:
        """Announce `count` new parcels for demo residents (plus one for a unit that does not exist)."""
        parcels = demo_parcels(demo_recipients(self.desk_db_url, self.site), self.courier.code, count,
                               seed=secrets.randbits(32))
        r = deliver(self.courier, self.site, parcels, wait_s=30.0)
        if r.status_code != 200:
            raise RuntimeError(f"the server refused the manifest: HTTP {r.status_code} {r.text[:200]}")
        return len(r.json()["announced"])

    def stop(self) -> None:
        self.courier.stop()


def _default_desk_db() -> str:
    from services.core.paths import app_paths

    return f"sqlite:///{app_paths().ensure().default_db_file}"


def run_fake_courier(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py fake-courier", description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="the CounterDesk server's base URL")
    parser.add_argument("--secret", required=True, help="this partner's HMAC secret")
    parser.add_argument("--code", default="SF", help="partner code (default SF)")
    parser.add_argument("--name", default="顺丰速运", help="partner name when registering")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--site", default="C001", help="site (compound code) of the manifest")
    parser.add_argument("--parcels", type=int, default=8, help="parcels on the manifest (plus one unknown unit)")
    parser.add_argument("--desk-db", default="", help="desk database with the residents (default: the desk's)")
    parser.add_argument("--admin-token", default="", help="register the partner (this webhook) first")
    parser.add_argument("--ack-delay", type=float, default=5.0)
    parser.add_argument("--collect-delay", type=float, default=30.0)
    parser.add_argument("--wait", type=float, default=300.0, help="seconds to keep retrying while no desk serves the site")
    args = parser.parse_args(argv)
    courier = FakeCourier(args.server, args.code.upper(), args.secret, ack_delay_s=args.ack_delay,
                          collect_delay_s=args.collect_delay, host=args.host, port=args.port)
    with courier:
        if args.admin_token:
            r = register(courier, args.admin_token, args.name)
            print(f"register {courier.code}: HTTP {r.status_code}" + ("" if r.status_code == 200 else f" {r.text[:200]}"))
        try:
            recipients = demo_recipients(args.desk_db or _default_desk_db(), args.site)
        except SQLAlchemyError as exc:
            recipients = []
            print(f"cannot read residents: {type(exc).__name__}")
        if not recipients:
            print(f"no residents of {args.site} in the desk database: run `main.py demo-reset` or pass --desk-db")
            return 2
        r = deliver(courier, args.site, demo_parcels(recipients, courier.code, args.parcels), args.wait)
        print(f"manifest for {args.site}: HTTP {r.status_code} {r.text[:400]}")
        print(f"webhook at {courier.webhook_url}; Ctrl-C to stop")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0
