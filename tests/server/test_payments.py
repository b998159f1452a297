"""Payments end to end: the merchant server and the gateway sandbox as real uvicorns on 127.0.0.1.

Every fault the sandbox injects (tests/server/payment_rig.py FAULT_CASES) must end in the
right state with nothing paid twice, nothing lost and no wrong amount accepted; plus the
sandbox's own API rules (idempotent create, close answering "already paid", refund limits).
SQLite always; PostgreSQL too when COUNTERDESK_TEST_PG_URL is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from services.payments import PaymentError, PaymentStatus
from services.payments.wechatpay import WechatPayConfig, WechatPayProvider
from tests.server.payment_rig import FAULT_CASES, Rig, start_rig, stop_rig


@pytest.fixture
def rig(tmp_path: Path, db_url: str) -> Iterator[Rig]:
    r = start_rig(tmp_path, db_url)
    yield r
    stop_rig(r)


@pytest.mark.parametrize("case", sorted(FAULT_CASES))
def test_fault_case(rig: Rig, case: str) -> None:
    FAULT_CASES[case](rig)
    assert rig.totals() == {"double_fulfilments": 0, "lost_payments": 0, "wrong_amount_accepted": 0}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_order_is_bound_to_its_amount_and_retries_get_the_same_trade(rig: Rig) -> None:
    p = rig.open(amount=900, order_ref="ORDER-1")
    again = rig.open(amount=900, order_ref="ORDER-1")
    assert again["out_trade_no"] == p["out_trade_no"] and again["pay_url"] == p["pay_url"]
    r = rig.client.post("/api/payments", headers=rig.station["headers"],
                        json={"order_ref": "ORDER-1", "amount_fen": 901, "description": "x"})
    assert r.status_code == 409 and r.json()["error"] == "order_conflict"
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")
    r = rig.client.post("/api/payments", headers=rig.station["headers"],
                        json={"order_ref": "ORDER-1", "amount_fen": 900, "description": "x"})
    assert r.status_code == 409 and r.json()["error"] == "order_paid"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_refunds_never_exceed_what_was_paid(rig: Rig) -> None:
    p = rig.open(amount=1000)
    assert rig.pay(p["out_trade_no"])
    rig.wait_state(p["out_trade_no"], "paid")
    url = f"/api/payments/{p['out_trade_no']}/refunds"
    h = rig.station["headers"]
    first = rig.client.post(url, headers=h, json={"amount_fen": 700, "out_refund_no": "R-000001"})
    assert first.status_code == 200, first.text
    assert rig.client.post(url, headers=h, json={"amount_fen": 700, "out_refund_no": "R-000001"}).status_code == 200
    too_much = rig.client.post(url, headers=h, json={"amount_fen": 301, "out_refund_no": "R-000002"})
    assert too_much.status_code == 409 and too_much.json()["error"] == "refund_too_large"
    clash = rig.client.post(url, headers=h, json={"amount_fen": 5, "out_refund_no": "R-000001"})
    assert clash.status_code == 409 and clash.json()["error"] == "refund_conflict"
    assert rig.client.post(url, headers=h, json={"amount_fen": 300, "out_refund_no": "R-000002"}).status_code == 200
    rig.wait_state(p["out_trade_no"], "refunded")
    refunds = rig.sandbox_refunds(p["out_trade_no"])
    assert sorted(r["amount"] for r in refunds) == [300, 700]
    assert {r["payer"] for r in refunds} == {"sbx_payer_1"}  # back to the payer, nobody else


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_return_page_never_marks_paid(tmp_path: Path, db_url: str) -> None:
    rig = start_rig(tmp_path, db_url, query_after_s=3600, reconcile_s=3600)
    try:
        p = rig.open()
        rig.faults(p["out_trade_no"], notify_lost=True)
        assert rig.pay(p["out_trade_no"])
        page = rig.client.get("/pay/return", params={"out_trade_no": p["out_trade_no"], "success": "true"})
        assert page.status_code == 200 and 'data-state="pending"' in page.text
        assert rig.payment(p["out_trade_no"])["state"] == "pending"
        rig.reconcile()
        assert rig.payment(p["out_trade_no"])["state"] == "paid"
        assert 'data-state="paid"' in rig.client.get("/pay/return", params={"out_trade_no": p["out_trade_no"]}).text
    finally:
        stop_rig(rig)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_expired_payment_is_closed_and_station_told(tmp_path: Path, db_url: str) -> None:
    rig = start_rig(tmp_path, db_url)
    try:
        p = rig.open(expires_in_s=60)
        from sqlalchemy import update

        from server.payments_tables import Payment
        from tests.server.conftest import run_sql

        run_sql(db_url, update(Payment).where(Payment.out_trade_no == p["out_trade_no"])
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        rig.wait_state(p["out_trade_no"], "closed")
        assert rig.trade(p["out_trade_no"])["trade_state"] == "CLOSED"
        assert len(rig.events("payment.closed", p["order_ref"])) == 1
        assert not rig.pay(p["out_trade_no"])
    finally:
        stop_rig(rig)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sandbox_wire_rules(rig: Rig) -> None:
    """Straight to the sandbox with the SDK-based provider: the APIv3 rules a real gateway enforces."""
    assert rig.sandbox.merchant_config_path is not None
    provider = WechatPayProvider(WechatPayConfig.from_file(rig.sandbox.merchant_config_path))
    try:
        expires = datetime.now(UTC) + timedelta(minutes=5)
        kw = {"currency": "CNY", "description": "d", "notify_url": "http://127.0.0.1:9/n", "expires_at": expires}
        a = provider.create(out_trade_no="WIRE0001", amount_fen=100, **kw)  # type: ignore[arg-type]
        assert provider.create(out_trade_no="WIRE0001", amount_fen=100, **kw).pay_url == a.pay_url  # type: ignore[arg-type]
        with pytest.raises(PaymentError) as err:
            provider.create(out_trade_no="WIRE0001", amount_fen=101, **kw)  # type: ignore[arg-type]
        assert err.value.code == "trade_no_conflict"
        with pytest.raises(PaymentError) as err:
            provider.query("NOSUCH01")
        assert err.value.code == "not_found"
        with pytest.raises(PaymentError) as err:
            provider.refund(out_trade_no="WIRE0001", out_refund_no="RW1", amount_fen=1, total_fen=100,
                            reason="", notify_url="http://127.0.0.1:9/n")
        assert err.value.code == "invalid_request"  # not paid
        assert rig.pay("WIRE0001")
        assert provider.close("WIRE0001").status == PaymentStatus.PAID  # close answers "already paid"
    finally:
        provider.close_client()
    unsigned = httpx.post(rig.sandbox.base_url + "/v3/pay/transactions/native", json={})
    assert unsigned.status_code == 401 and unsigned.json()["code"] == "SIGN_ERROR"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_answers_from_an_impostor_gateway_are_refused(rig: Rig, tmp_path: Path) -> None:
    """A provider pointed at a sandbox with other keys: its answers do not verify."""
    import dataclasses
    import json

    from server.sandbox.keys import load_or_create

    other = load_or_create(tmp_path / "impostor")
    assert rig.sandbox.merchant_config_path is not None
    config = WechatPayConfig.from_file(rig.sandbox.merchant_config_path)
    config = dataclasses.replace(config, platform_public_key=other.platform_public_pem)
    provider = WechatPayProvider(config)
    try:
        with pytest.raises(PaymentError) as err:
            provider.create(out_trade_no="IMPOSTOR1", amount_fen=100, currency="CNY", description="d",
                            notify_url="http://127.0.0.1:9/n", expires_at=datetime.now(UTC) + timedelta(minutes=5))
        assert err.value.code == "bad_response"
    finally:
        provider.close_client()
    assert json.loads(rig.sandbox.merchant_config_path.read_text())["apiv3_key"] == rig.keys.apiv3_key


def test_migration_0004_matches_the_payment_tables(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import server.payments_tables  # noqa: F401  (registers the tables on ServerBase.metadata)
    from models.db import make_engine
    from server.migrate import upgrade_to_head
    from server.tables import ServerBase

    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        upgrade_to_head(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), ServerBase.metadata)
    finally:
        engine.dispose()
    payment_diff = [d for d in diff if "payment" in repr(d)]
    assert payment_diff == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_payment_endpoints_fuzzed_with_a_gateway(rig: Rig) -> None:
    """schemathesis on the payment operations of a server that has a gateway: never a 5xx."""
    import schemathesis

    from tests.server.payment_rig import ADMIN
    from tests.server.test_schema_fuzz import fuzz_operation

    schema = schemathesis.openapi.from_url(rig.server.base_url + "/openapi.json")
    operations = [
        op for op in (r.ok() for r in schema.get_all_operations()) if "payments" in op.label
    ]
    assert len(operations) >= 5, [op.label for op in operations]
    identities = [{}, rig.station["headers"], {"Authorization": f"Bearer {ADMIN}"}]
    problems: list[str] = []
    for operation in operations:
        problems.extend(fuzz_operation(rig.server, operation, identities))  # type: ignore[arg-type]
    assert problems == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_gateway_down_at_create_then_the_same_trade_number(rig: Rig) -> None:
    from server.sandbox.runner import SandboxThread

    port, settings = rig.sandbox.port, rig.sandbox.settings
    rig.sandbox.stop()
    down = rig.client.post("/api/payments", headers=rig.station["headers"],
                           json={"order_ref": "DOWN-1", "amount_fen": 700, "description": "网关不可用"})
    assert down.status_code == 502 and down.json()["error"] == "gateway_unavailable", down.text
    rig.sandbox = SandboxThread(settings, port=port)
    rig.sandbox.start()
    up = rig.open(amount=700, order_ref="DOWN-1")
    assert rig.trade(up["out_trade_no"])["trade_state"] == "NOTPAY"
    from sqlalchemy import select

    from server.payments_tables import Payment
    from tests.server.conftest import run_sql

    assert len(run_sql(rig.db_url, select(Payment.out_trade_no))) == 1  # retried, not a second attempt
    assert rig.pay(up["out_trade_no"])
    rig.wait_state(up["out_trade_no"], "paid")


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_concurrent_opens_of_one_order_share_one_attempt(rig: Rig) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.server.conftest import enrol

    body = {"order_ref": "SAME-1", "amount_fen": 321, "description": "同时打开"}

    def open_one(_: int) -> str:
        r = httpx.post(rig.server.base_url + "/api/payments", json=body, headers=rig.station["headers"], timeout=15)
        assert r.status_code == 200, r.text
        return str(r.json()["out_trade_no"])

    first = open_one(0)
    closed = rig.client.post(f"/api/payments/{first}/close", headers=rig.station["headers"])
    assert closed.json()["state"] == "closed"
    # The order exists and has no open attempt: every till would make one without the order lock.
    with ThreadPoolExecutor(6) as pool:
        numbers = set(pool.map(open_one, range(6)))
    assert first not in numbers
    assert len(numbers) == 1
    other = enrol(rig.client, name="another till")
    r = rig.client.post("/api/payments", json=body, headers=other["headers"])
    assert r.status_code == 409 and r.json()["error"] == "order_conflict"
    assert rig.client.get(f"/api/payments/{numbers.pop()}", headers=other["headers"]).status_code == 404


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_payment_handlers_run_in_the_same_transaction(rig: Rig) -> None:
    """A handler that fails rolls the payment back too; the gateway's retry applies both, once."""
    from server.payment_views import PaymentChange

    seen: list[str] = []
    failures = [1]

    def handler(_s: object, _db: object, _settings: object, change: PaymentChange) -> None:
        if change.topic == "payment.paid" and failures:
            failures.pop()
            raise RuntimeError("the recipient notice could not be queued")
        seen.append(f"{change.topic}:{change.order_ref}")

    assert rig.server.app is not None
    payments = rig.server.app.state.payments
    payments.handlers = (handler,)  # what server/app.py passes for a feature that follows payments
    try:
        p = rig.open()
        assert rig.pay(p["out_trade_no"])
        rig.wait_state(p["out_trade_no"], "paid")
        notes = rig.notifications(p["out_trade_no"])
        assert notes[0]["log"][0]["status"] == 500 and notes[0]["attempts"] == 2, notes
        assert seen == [f"payment.paid:{p['order_ref']}"]
        _paid_once = len(rig.events("payment.paid", p["order_ref"]))
        assert _paid_once == 1
    finally:
        payments.handlers = ()
