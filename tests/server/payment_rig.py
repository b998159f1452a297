"""A merchant server and a payment gateway sandbox, both real uvicorns on 127.0.0.1, and the
fault cases run against them. Shared by tests/server/test_payments.py and bench/payments.py:
every case drives the sandbox's fault switches and asserts the state the merchant must end in.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from models.db import make_engine
from server.payments_tables import Payment, PaymentNotifyLog
from server.runner import ServerThread
from server.sandbox import wire
from server.sandbox.keys import SandboxKeys, load_or_create
from server.sandbox.runner import SandboxThread
from server.sandbox.settings import SandboxSettings
from server.settings import ServerSettings
from tests.server.conftest import ADMIN_TOKEN

ADMIN = ADMIN_TOKEN  # conftest.enrol works on a rig


@dataclass
class Rig:
    sandbox: SandboxThread
    server: ServerThread
    client: httpx.Client
    gateway: httpx.Client
    station: dict[str, Any]
    db_url: str
    keys: SandboxKeys
    opened: list[str] = field(default_factory=list)

    # ---------------------------------------------------------------- merchant side

    def open(self, amount: int = 1234, order_ref: str | None = None, **extra: Any) -> dict[str, Any]:
        body = {"order_ref": order_ref or "O-" + uuid.uuid4().hex[:12], "amount_fen": amount,
                "description": "测试订单 test order", **extra}
        r = self.client.post("/api/payments", json=body, headers=self.station["headers"])
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        self.opened.append(out["out_trade_no"])
        return out

    def payment(self, no: str) -> dict[str, Any]:
        r = self.client.get(f"/api/payments/{no}", headers=self.station["headers"])
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    def wait_state(self, no: str, *states: str, timeout_s: float = 20.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        last: dict[str, Any] = {}
        while time.monotonic() < deadline:
            last = self.payment(no)
            if last["state"] in states:
                return last
            time.sleep(0.05)
        raise AssertionError(f"payment {no} is {last.get('state')!r}, waited for {states}")

    def reconcile(self, statement_day: str | None = None) -> dict[str, int]:
        params = {"statement_day": statement_day} if statement_day else {}
        r = self.client.post("/api/admin/payments/reconcile", params=params,
                             headers={"Authorization": f"Bearer {ADMIN}"})
        assert r.status_code == 200, r.text
        out: dict[str, int] = r.json()
        return out

    def feed(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        after = 0
        while True:
            r = self.client.get("/api/sync/feed", params={"after": after, "limit": 200},
                                headers=self.station["headers"])
            assert r.status_code == 200, r.text
            body = r.json()
            items.extend(body["events"])
            after = body["cursor"]
            if not body["more"]:
                return items

    def events(self, topic: str, order_ref: str) -> list[dict[str, Any]]:
        return [e["payload"] for e in self.feed() if e["topic"] == topic and e["payload"]["order_ref"] == order_ref]

    def notify_log(self, no: str) -> list[str]:
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return list(conn.execute(
                    select(PaymentNotifyLog.verdict).where(PaymentNotifyLog.out_trade_no == no)
                    .order_by(PaymentNotifyLog.id)
                ).scalars())
        finally:
            engine.dispose()

    def rejected(self, verdict: str) -> int:
        """How many notifications were rejected with this verdict (they name no trade: unverified)."""
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return len(conn.execute(select(PaymentNotifyLog.id).where(PaymentNotifyLog.verdict == verdict)).all())
        finally:
            engine.dispose()

    # ---------------------------------------------------------------- gateway side

    def faults(self, no: str, **faults: Any) -> None:
        r = self.gateway.post("/admin/api/faults", json={"out_trade_no": no, "faults": faults})
        assert r.status_code == 200, r.text

    def pay(self, no: str, payer: str = "sbx_payer_1") -> bool:
        r = self.gateway.post(f"/admin/api/pay/{no}", params={"payer": payer})
        return bool(r.json()["paid"])

    def trade(self, no: str) -> dict[str, Any]:
        r = self.gateway.get(f"/admin/api/trades/{no}")
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    def sandbox_refunds(self, no: str) -> list[dict[str, Any]]:
        r = self.gateway.get("/admin/api/refunds", params={"out_trade_no": no})
        assert r.status_code == 200, r.text
        out: list[dict[str, Any]] = r.json()
        return out

    def notifications(self, no: str) -> list[dict[str, Any]]:
        r = self.gateway.get("/admin/api/notifications", params={"out_trade_no": no})
        out: list[dict[str, Any]] = r.json()
        return out

    def craft(self, resource: dict[str, Any], event_id: str | None = None, key: rsa.RSAPrivateKey | None = None,
              timestamp: int | None = None, event_type: str = "TRANSACTION.SUCCESS") -> tuple[dict[str, str], bytes]:
        """A notification as the gateway would send it (or a forger, with another key)."""
        original = "transaction" if event_type.startswith("TRANSACTION") else "refund"
        body = json.dumps({
            "id": event_id or str(uuid.uuid4()),
            "create_time": datetime.now(UTC).isoformat(timespec="seconds"),
            "resource_type": "encrypt-resource", "event_type": event_type, "summary": "支付成功",
            "resource": {"original_type": original,
                         **wire.seal(self.keys.apiv3_key, json.dumps(resource, ensure_ascii=False), original)},
        }, ensure_ascii=False, separators=(",", ":"))
        headers = wire.signed_headers(key or self.keys.platform_private, self.keys.platform_key_id, body, timestamp)
        headers["Content-Type"] = "application/json"
        return headers, body.encode()

    def paid_resource(self, no: str, amount: int, transaction_id: str | None = None) -> dict[str, Any]:
        return {
            "mchid": self.keys.mchid, "appid": self.keys.appid, "out_trade_no": no,
            "transaction_id": transaction_id or "4200" + uuid.uuid4().hex[:24],
            "trade_type": "NATIVE", "trade_state": "SUCCESS", "trade_state_desc": "支付成功",
            "success_time": datetime.now(UTC).isoformat(timespec="seconds"),
            "payer": {"openid": "sbx_crafted"},
            "amount": {"total": amount, "payer_total": amount, "currency": "CNY", "payer_currency": "CNY"},
        }

    def post_notification(self, headers: dict[str, str], body: bytes) -> httpx.Response:
        return self.client.post("/api/payments/notify/wechatpay", content=body, headers=headers)

    # ---------------------------------------------------------------- invariants

    def totals(self) -> dict[str, int]:
        """Over every payment this rig opened: double fulfilments, lost payments, wrong amounts."""
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    select(Payment.out_trade_no, Payment.state, Payment.paid_fen, Payment.amount_fen)
                ).all()
        finally:
            engine.dispose()
        paid_events: dict[str, int] = {}
        for e in self.feed():
            if e["topic"] == "payment.paid":
                paid_events[e["payload"]["order_ref"]] = paid_events.get(e["payload"]["order_ref"], 0) + 1
        double = sum(n - 1 for n in paid_events.values() if n > 1)
        lost = wrong = 0
        for p in rows:
            if p.out_trade_no not in self.opened:
                continue
            trade = self.trade(p.out_trade_no)
            gateway_paid = trade["trade_state"] in ("SUCCESS", "REFUND")
            # Lost: the gateway took money and we neither fulfilled with it nor refunded it.
            if gateway_paid and p.state in ("pending", "closed"):
                lost += 1
            if p.state == "paid" and p.paid_fen != p.amount_fen:
                wrong += 1
        return {"double_fulfilments": double, "lost_payments": lost, "wrong_amount_accepted": wrong}


def start_rig(tmp: Path, db_url: str, query_after_s: float = 1.0, reconcile_s: float = 0.2) -> Rig:
    sandbox = SandboxThread(SandboxSettings(
        data_dir=tmp / "sandbox", retry_delays=(0.2, 0.3, 0.5, 1.0, 2.0), poll_s=0.05, refund_delay_s=0.2,
        hold_max_s=30.0,
    ))
    sandbox.start()
    assert sandbox.merchant_config_path is not None
    server = ServerThread(ServerSettings(
        database_url=db_url, admin_token=ADMIN, payment_gateway=str(sandbox.merchant_config_path),
        payment_reconcile_s=reconcile_s, payment_query_after_s=query_after_s, delivery_workers=1,
        sync_rate_limit=1_000_000,  # the rig polls the feed as fast as it can (the limit has its own tests)
        worker_poll_s=0.2, default_quiet_hours="",
    ))
    try:
        server.start()
    except BaseException:
        sandbox.stop()
        raise
    client = httpx.Client(base_url=server.base_url, timeout=15)
    gateway = httpx.Client(base_url=sandbox.base_url, timeout=15)
    code = client.post("/api/admin/enrolment-codes", json={"store_code": "S001"},
                       headers={"Authorization": f"Bearer {ADMIN}"}).json()["code"]
    station = client.post("/api/stations/enrol", json={"code": code, "store_code": "S001", "name": "till"}).json()
    station["headers"] = {"Authorization": f"Bearer {station['token']}"}
    return Rig(sandbox, server, client, gateway, station, db_url, load_or_create(tmp / "sandbox"))


def stop_rig(rig: Rig) -> None:
    rig.client.close()
    rig.gateway.close()
    rig.server.stop()
    rig.sandbox.stop()


def beijing_today() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


# -------------------------------------------------------------------- the fault cases


def _paid_once(rig: Rig, order_ref: str) -> None:
    paid = rig.events("payment.paid", order_ref)
    assert len(paid) == 1, f"{len(paid)} payment.paid events for {order_ref}"


def case_plain(rig: Rig) -> None:
    p = rig.open()
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")
    assert "paid" in rig.notify_log(p["out_trade_no"])
    _paid_once(rig, p["order_ref"])


def case_delayed(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], notify_delay_s=1.0)
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")
    _paid_once(rig, p["order_ref"])


def case_duplicated(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], notify_duplicate=4)
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(rig.notify_log(p["out_trade_no"])) < 4:
        time.sleep(0.05)
    verdicts = rig.notify_log(p["out_trade_no"])
    assert verdicts.count("paid") == 1 and verdicts.count("duplicate") == 3, verdicts
    _paid_once(rig, p["order_ref"])


def case_lost(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], notify_lost=True)
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")  # the reconciler queried
    assert [n["state"] for n in rig.notifications(p["out_trade_no"])] == ["lost"]
    _paid_once(rig, p["order_ref"])


def case_5xx_then_ok(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], notify_5xx_then_ok=2)
    assert rig.pay(p["out_trade_no"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        notes = rig.notifications(p["out_trade_no"])
        if notes and notes[0]["state"] == "sent":
            break
        time.sleep(0.05)
    assert notes[0]["state"] == "sent" and notes[0]["attempts"] == 3, notes
    rig.wait_state(p["out_trade_no"], "paid")
    _paid_once(rig, p["order_ref"])


def case_amount_mismatch(rig: Rig) -> None:
    p = rig.open(amount=5000)
    rig.faults(p["out_trade_no"], amount_mismatch=-4999)
    assert rig.pay(p["out_trade_no"])
    got = rig.wait_state(p["out_trade_no"], "refunded")  # attention → refunded to the payer
    assert got["paid_fen"] == 1 and "amount_mismatch" in got["attention"]
    assert rig.events("payment.paid", p["order_ref"]) == []
    assert rig.events("payment.attention", p["order_ref"])
    assert rig.trade(p["out_trade_no"])["trade_state"] == "REFUND"


def _rejected_then_queried(rig: Rig, fault: str, reason: str) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], **{fault: True})
    before = rig.rejected(f"rejected:{reason}")
    assert rig.pay(p["out_trade_no"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and rig.rejected(f"rejected:{reason}") == before:
        time.sleep(0.05)
    assert rig.rejected(f"rejected:{reason}") > before
    rig.wait_state(p["out_trade_no"], "paid")  # through the signed query answer, not the notification
    _paid_once(rig, p["order_ref"])


def case_bad_signature(rig: Rig) -> None:
    _rejected_then_queried(rig, "bad_signature", "bad_signature")


def case_stale_timestamp(rig: Rig) -> None:
    _rejected_then_queried(rig, "stale_timestamp", "stale_timestamp")


def case_pay_after_close(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], pay_after_close=True)
    r = rig.client.post(f"/api/payments/{p['out_trade_no']}/close", headers=rig.station["headers"])
    assert r.status_code == 200 and r.json()["state"] == "closed", r.text
    assert rig.pay(p["out_trade_no"], payer="sbx_late_payer")
    got = rig.wait_state(p["out_trade_no"], "refunded")
    assert got["attention"] == "paid_after_close"
    assert rig.events("payment.paid", p["order_ref"]) == []
    assert rig.events("payment.closed", p["order_ref"])
    refunds = rig.sandbox_refunds(p["out_trade_no"])
    assert [(r["payer"], r["amount"]) for r in refunds] == [("sbx_late_payer", 1234)]


def case_double_pay(rig: Rig) -> None:
    first = rig.open()
    second = rig.open(order_ref=first["order_ref"], channel="h5")
    assert first["out_trade_no"] != second["out_trade_no"]
    rig.faults(first["out_trade_no"], double_pay=True)
    assert rig.pay(first["out_trade_no"])
    for no in (first["out_trade_no"], second["out_trade_no"]):
        rig.wait_state(no, "paid", "refunded")
    paid_first = rig.payment(first["out_trade_no"])["state"] == "paid"
    rig.wait_state(second["out_trade_no"] if paid_first else first["out_trade_no"], "refunded")
    states = {rig.payment(n)["state"] for n in (first["out_trade_no"], second["out_trade_no"])}
    assert states == {"paid", "refunded"}, states
    assert rig.events("payment.surplus", first["order_ref"])[0]["reason"] == "double_payment"
    _paid_once(rig, first["order_ref"])


def case_refund_fail_then_ok(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], refund_fail_then_ok=2)
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")
    r = rig.client.post(f"/api/payments/{p['out_trade_no']}/refunds", headers=rig.station["headers"],
                        json={"amount_fen": 1234, "reason": "顾客退货", "out_refund_no": "RET-" + p["out_trade_no"]})
    assert r.status_code == 200, r.text
    for _ in range(3):
        rig.reconcile()
    rig.wait_state(p["out_trade_no"], "refunded")
    refunds = rig.sandbox_refunds(p["out_trade_no"])
    assert [(x["out_refund_no"], x["amount"]) for x in refunds] == [("RET-" + p["out_trade_no"], 1234)]
    assert len(rig.events("payment.refunded", p["order_ref"])) == 1


def case_out_of_order(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], out_of_order=True)
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")  # by query: the notification is held back
    r = rig.client.post(f"/api/payments/{p['out_trade_no']}/refunds", headers=rig.station["headers"],
                        json={"amount_fen": 1234, "reason": "取消"})
    assert r.status_code == 200, r.text
    rig.wait_state(p["out_trade_no"], "refunded")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        notes = rig.notifications(p["out_trade_no"])
        if all(n["state"] == "sent" for n in notes) and len(notes) == 2:
            break
        time.sleep(0.05)
    assert sorted(n["event_type"] for n in notes) == ["REFUND.SUCCESS", "TRANSACTION.SUCCESS"], notes
    assert all(n["state"] == "sent" for n in notes), notes
    time.sleep(0.3)
    assert rig.payment(p["out_trade_no"])["state"] == "refunded"  # the late success did not regress it
    _paid_once(rig, p["order_ref"])


def case_close_answers_paid(rig: Rig) -> None:
    p = rig.open()
    rig.faults(p["out_trade_no"], notify_lost=True)
    assert rig.pay(p["out_trade_no"])
    r = rig.client.post(f"/api/payments/{p['out_trade_no']}/close", headers=rig.station["headers"])
    assert r.status_code == 200 and r.json()["state"] == "paid", r.text
    _paid_once(rig, p["order_ref"])


def case_forged(rig: Rig) -> None:
    p = rig.open()
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    headers, body = rig.craft(rig.paid_resource(p["out_trade_no"], 1234), key=forger)
    r = rig.post_notification(headers, body)
    assert r.status_code == 401, r.text
    assert rig.payment(p["out_trade_no"])["state"] == "pending"


def case_stale_crafted(rig: Rig) -> None:
    p = rig.open()
    headers, body = rig.craft(rig.paid_resource(p["out_trade_no"], 1234), timestamp=int(time.time()) - 301)
    assert rig.post_notification(headers, body).status_code == 401
    assert rig.payment(p["out_trade_no"])["state"] == "pending"


def case_replayed(rig: Rig) -> None:
    """A genuine notification sent again (same event id): acknowledged, nothing changes twice."""
    p = rig.open()
    event_id = str(uuid.uuid4())
    headers, body = rig.craft(rig.paid_resource(p["out_trade_no"], 1234), event_id=event_id)
    assert rig.post_notification(headers, body).status_code == 204
    assert rig.payment(p["out_trade_no"])["state"] == "paid"
    for _ in range(3):
        assert rig.post_notification(headers, body).status_code == 204
    assert rig.notify_log(p["out_trade_no"]) == ["paid", "duplicate", "duplicate", "duplicate"]
    _paid_once(rig, p["order_ref"])


def case_wrong_amount_crafted(rig: Rig) -> None:
    """Correctly signed, but for 1 fen on a 1234-fen order: never paid (nopCommerce #1089)."""
    p = rig.open()
    headers, body = rig.craft(rig.paid_resource(p["out_trade_no"], 1))
    assert rig.post_notification(headers, body).status_code == 204
    got = rig.payment(p["out_trade_no"])
    assert got["state"] == "attention" and got["paid_fen"] == 1
    assert rig.events("payment.paid", p["order_ref"]) == []


def case_statement(rig: Rig) -> None:
    """Notification lost and no query yet: the day's bill finds the payment."""
    p = rig.open()
    rig.faults(p["out_trade_no"], notify_lost=True)
    assert rig.pay(p["out_trade_no"])
    counts = rig.reconcile(statement_day=beijing_today())
    assert rig.payment(p["out_trade_no"])["state"] == "paid", counts
    _paid_once(rig, p["order_ref"])


FAULT_CASES: dict[str, Callable[[Rig], None]] = {
    "plain": case_plain,
    "notify_delayed": case_delayed,
    "notify_duplicated_concurrent": case_duplicated,
    "notify_lost": case_lost,
    "notify_5xx_then_ok": case_5xx_then_ok,
    "amount_mismatch": case_amount_mismatch,
    "bad_signature": case_bad_signature,
    "stale_timestamp": case_stale_timestamp,
    "pay_after_close": case_pay_after_close,
    "double_pay": case_double_pay,
    "refund_fail_then_ok": case_refund_fail_then_ok,
    "out_of_order": case_out_of_order,
    "close_answers_paid": case_close_answers_paid,
    "forged_notification": case_forged,
    "stale_crafted_notification": case_stale_crafted,
    "replayed_notification": case_replayed,
    "wrong_amount_signed": case_wrong_amount_crafted,
    "statement_finds_lost_payment": case_statement,
}
