"""Pay-for-another on top of the payments rig (tests/server/payment_rig.py): orders sent as the
desk sends them (sync events), the payer's page driven over HTTP, a fake courier posting tracking
updates, and the invariants read from the server's database. Shared by tests/server/test_payfor*.py
and bench/payments.py."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import select

from server.fake_courier import FakeCourier, register
from server.payfor_tables import PayForOrder
from server.tables import Delivery, Message, Recipient
from tests.server.conftest import csrf_of, event, run_sql
from tests.server.payment_rig import ADMIN, Rig

RECIPIENT_PHONE = "13800001111"
PAYER_PHONE = "13900002222"


def order_payload(order_no: str | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "order_no": order_no or "PF-" + uuid.uuid4().hex[:12],
        "recipient": {"key": "member-R" + uuid.uuid4().hex[:6], "name": "王小明", "phone": RECIPIENT_PHONE,
                      "address": "阳光花园 3 栋 2 单元 1201"},
        "payer": {"key": "", "name": "李四", "phone": PAYER_PHONE},
        "goods": [{"name": "苹果", "qty": 2, "unit_fen": 650}, {"name": "牛奶", "qty": 1, "unit_fen": 1200}],
        "amount_fen": 2500,
        "locale": "zh",
    }
    body.update(overrides)
    return body


def send(rig: Rig, topic: str, payload: dict[str, Any]) -> dict[str, Any]:
    r = rig.client.post("/api/sync/events", json={"events": [event(topic, payload)]},
                        headers=rig.station["headers"])
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()["results"][0]
    return out


def create(rig: Rig, **overrides: Any) -> tuple[dict[str, Any], str]:
    """A pay-for-another order; (payload, payer's link)."""
    payload = order_payload(**overrides)
    result = send(rig, "payfor.create", payload)
    assert result["status"] == "applied", result
    urls = [e["payload"]["pay_url"] for e in rig.feed()
            if e["topic"] == "payfor.requested" and e["payload"]["order_no"] == payload["order_no"]]
    return payload, urls[-1]


def order(rig: Rig, order_no: str) -> dict[str, Any]:
    r = rig.client.get(f"/api/payfor/orders/{order_no}", headers=rig.station["headers"])
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def press_pay(rig: Rig, pay_url: str) -> httpx.Response:
    """The payer opens the link and presses Pay: a 303 to the gateway's hosted page."""
    with httpx.Client(timeout=10) as phone:
        page = phone.get(pay_url)
        assert page.status_code == 200, page.text
        return phone.post(pay_url, data={"csrf": csrf_of(page.text)})


def pay_through_gateway(rig: Rig, pay_url: str, **faults: Any) -> str:
    """Press Pay, set the trade's faults, pay at the gateway; the out_trade_no."""
    r = press_pay(rig, pay_url)
    assert r.status_code == 303, r.text
    assert parse_qs(urlsplit(r.headers["location"]).query)["redirect_url"][0].endswith("/pay/return")
    order_no = order_no_of(rig, pay_url)
    no = order(rig, order_no)["out_trade_no"]
    assert no
    rig.opened.append(no)
    if faults:
        rig.faults(no, **faults)
    assert rig.pay(no)
    return str(no)


def order_no_of(rig: Rig, pay_url: str) -> str:
    for e in rig.feed():
        if e["topic"] == "payfor.requested" and e["payload"]["pay_url"] == pay_url:
            return str(e["payload"]["order_no"])
    raise AssertionError("no such payer link in the feed")


def wait_order(rig: Rig, order_no: str, *states: str, timeout_s: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        last = order(rig, order_no)
        if last["state"] in states:
            return last
        time.sleep(0.05)
    raise AssertionError(f"order {order_no} is {last.get('state')!r}, waited for {states}")


def notices(rig: Rig, key: str) -> list[tuple[str, str]]:
    """(template, body) of every message to this recipient key, oldest first."""
    rows = run_sql(rig.db_url, select(Message.template, Message.body)
                   .join(Recipient, Recipient.id == Message.recipient_id)
                   .where(Recipient.recipient_key == key).order_by(Message.id))
    return [(t, b) for t, b in rows]


def apprise_deliveries(rig: Rig, key: str) -> int:
    return len(run_sql(rig.db_url, select(Delivery.id).join(Message, Message.id == Delivery.message_id)
                       .join(Recipient, Recipient.id == Message.recipient_id)
                       .where(Recipient.recipient_key == key, Delivery.channel == "apprise")))


def orders_in(rig: Rig, state: str) -> int:
    return len(run_sql(rig.db_url, select(PayForOrder.id).where(PayForOrder.state == state)))


def sweep(rig: Rig) -> dict[str, int]:
    r = rig.client.post("/api/admin/payfor/sweep", headers={"Authorization": f"Bearer {ADMIN}"})
    assert r.status_code == 200, r.text
    out: dict[str, int] = r.json()
    return out


def start_courier(rig: Rig, code: str = "SF") -> FakeCourier:
    courier = FakeCourier(rig.server.base_url, code, secrets.token_hex(24))  # use it as `with`
    r = register(courier, ADMIN, "顺丰速运")
    assert r.status_code == 200, r.text
    return courier


def recipient_key_of(payload: dict[str, Any]) -> str:
    """Where the recipient's notices go when reached by phone (no server contact for the member)."""
    return f"phone:{payload['recipient']['phone']}"


def payer_key_of(payload: dict[str, Any]) -> str:
    return str(payload["payer"]["key"] or f"phone:{payload['payer']['phone']}")


def paid_once(rig: Rig, payload: dict[str, Any]) -> None:
    """Exactly one payfor.paid, one receipt notice "paid" to the recipient, one "paid" to the payer."""
    order_no = payload["order_no"]
    paid = [e for e in rig.feed() if e["topic"] == "payfor.paid" and e["payload"]["order_no"] == order_no]
    assert len(paid) == 1, paid
    to_recipient = [b for t, b in notices(rig, recipient_key_of(payload)) if order_no in b]
    assert sum(1 for b in to_recipient if "待发货" in b) == 1, to_recipient
    to_payer = [(t, b) for t, b in notices(rig, payer_key_of(payload)) if order_no in b]
    assert [t for t, _b in to_payer] == ["payfor_request", "payfor_paid"], to_payer


# Notification faults of the sandbox, applied to a pay-for-another order's trade.
PAYFOR_FAULTS: dict[str, dict[str, Any]] = {
    "plain": {},
    "delayed": {"notify_delay_s": 1.0},
    "duplicated": {"notify_duplicate": 4},
    "lost": {"notify_lost": True},
    "5xx_then_ok": {"notify_5xx_then_ok": 2},
    "bad_signature": {"bad_signature": True},
    "stale_timestamp": {"stale_timestamp": True},
}


def payfor_case(rig: Rig, faults: dict[str, Any]) -> None:
    """Order → payer pays with these faults → the order is paid and fulfilled exactly once."""
    payload, pay_url = create(rig)
    no = pay_through_gateway(rig, pay_url, **faults)
    wait_order(rig, payload["order_no"], "paid", timeout_s=30)
    rig.wait_state(no, "paid")
    paid_once(rig, payload)
