"""Gift helpers over a payment rig (real server + real sandbox): shared by tests/server/test_gifts*.py."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select

from server.tables import Message, Recipient
from tests.server.conftest import csrf_of, run_sql
from tests.server.payment_rig import ADMIN, Rig

GIVER = "13800000001"
FRIEND = "13900000002"


def create(rig: Rig, **extra: Any) -> dict[str, Any]:
    body = {"product_code": "TEA-01", "title": "龙井礼盒 Longjing tea box", "amount_fen": 16800,
            "giver_phone": GIVER, "wording": "一份心意", "message": "生日快乐！", **extra}
    r = rig.client.post("/api/gifts", json=body, headers=rig.station["headers"])
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def gift(rig: Rig, no: str) -> dict[str, Any]:
    r = rig.client.get(f"/api/gifts/{no}", headers=rig.station["headers"])
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def wait_gift(rig: Rig, no: str, state: str, timeout_s: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        last = gift(rig, no)
        if last["state"] == state:
            return last
        time.sleep(0.05)
    raise AssertionError(f"gift {no} is {last.get('state')!r}, waited for {state}")


def paid_online(rig: Rig, **extra: Any) -> dict[str, Any]:
    g = create(rig, **extra)
    r = rig.client.post(f"/api/gifts/{g['gift_no']}/pay", headers=rig.station["headers"])
    assert r.status_code == 200, r.text
    assert rig.pay(r.json()["out_trade_no"])
    return wait_gift(rig, g["gift_no"], "paid")


def share(rig: Rig, no: str, **body: Any) -> tuple[str, str]:
    """(claim path, token)."""
    r = rig.client.post(f"/api/gifts/{no}/share", json=body, headers=rig.station["headers"])
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["qr_svg"].startswith("<svg")
    path = urlsplit(out["claim_url"]).path
    return path, path.rsplit("/", 1)[1]


def expire(rig: Rig, after: timedelta) -> int:
    now = (datetime.now(UTC) + after).isoformat()
    r = rig.client.post("/api/admin/gifts/expire", params={"now": now},
                        headers={"Authorization": f"Bearer {ADMIN}"})
    assert r.status_code == 200, r.text
    return int(r.json()["expired"])


def messages(rig: Rig, phone: str, template: str | None = None) -> list[tuple[str, str, str]]:
    """(template, subject, body) of the messages to a phone, oldest first."""
    rows = run_sql(rig.db_url, select(Message.template, Message.subject, Message.body)
                   .join(Recipient, Recipient.id == Message.recipient_id)
                   .where(Recipient.recipient_key == f"gift:{phone}").order_by(Message.id))
    return [(t, s, b) for t, s, b in rows if template is None or t == template]


def last_code(rig: Rig, phone: str) -> str:
    found = re.search(r"\b(\d{6})\b", messages(rig, phone, "gift_code")[-1][2])
    assert found
    return found.group(1)


def post(client: httpx.Client, path: str, html: str, **fields: str) -> httpx.Response:
    return client.post(path, data={"csrf": csrf_of(html), **fields})


def first_slot(html: str) -> str:
    found = re.search(r'<option value="([^"]+)"', html)
    assert found
    return found.group(1)
