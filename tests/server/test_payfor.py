"""Pay-for-another end to end against real uvicorns (server + gateway sandbox) and a fake courier:
order from the desk's outbox → payer's single-use link → gateway → the order is the recipient's,
receipt-assist notices to the recipient only, "paid"/"delivered" to the payer; contact routing
(claims 2-4); expiry, cancel, resend; every sandbox fault fulfilled once; forged/replayed/stale
notifications change nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import update

from models.base import utcnow
from server.payfor_tables import PayForOrder
from tests.server.conftest import run_sql
from tests.server.payfor_rig import (
    PAYER_PHONE,
    PAYFOR_FAULTS,
    apprise_deliveries,
    create,
    notices,
    order,
    order_no_of,
    paid_once,
    pay_through_gateway,
    payer_key_of,
    payfor_case,
    press_pay,
    recipient_key_of,
    send,
    start_courier,
    sweep,
    wait_order,
)
from tests.server.payment_rig import Rig, start_rig, stop_rig


@pytest.fixture
def rig(tmp_path: Path, db_url: str) -> Iterator[Rig]:
    r = start_rig(tmp_path, db_url)
    yield r
    stop_rig(r)


def test_recipient_at_the_till_payer_pays_tracking_reaches_the_recipient_only(rig: Rig) -> None:
    payload, pay_url = create(rig)
    order_no = payload["order_no"]
    assert order(rig, order_no)["contact_kind"] == "phone"
    with httpx.Client(timeout=10) as phone:
        page = phone.get(pay_url)
    assert page.status_code == 200
    assert "¥25.00" in page.text and "王*明" in page.text and "阳光花园" in page.text
    assert "2 单元 1201" not in page.text and "王小明" not in page.text  # masked name and address

    no = pay_through_gateway(rig, pay_url)
    wait_order(rig, order_no, "paid")
    rig.wait_state(no, "paid")
    paid_once(rig, payload)
    # The payer's link is used up: a clear page, not the order again.
    with httpx.Client(timeout=10) as phone:
        again = phone.get(pay_url)
    assert again.status_code == 410 and "只能使用一次" in again.text

    with start_courier(rig) as courier:
        assert send(rig, "payfor.ship", {"order_no": order_no, "courier_code": "SF",
                                         "tracking_no": "SF700000000001"})["status"] == "applied"
        r = courier.post_tracking("SF700000000001", "out_for_delivery", key="t1",
                                  courier_name="张师傅", courier_phone="13700003333")
        assert r.status_code == 200 and r.json()["duplicate"] is False
        assert courier.post_tracking("SF700000000001", "out_for_delivery", key="t1",
                                     courier_name="张师傅", courier_phone="13700003333").json()["duplicate"]
        assert courier.post_tracking("SF700000000001", "delivered", key="t2").status_code == 200
        assert courier.post_tracking("SF799999999999", "delivered", key="t3").status_code == 404
        bad = courier.signed_post("/api/courier/tracking", b'{"tracking_no":"SF700000000001","status":"delivered"}',
                                  secret="wrong" * 8)
        assert bad.status_code == 401

    to_recipient = [b for _t, b in notices(rig, recipient_key_of(payload)) if order_no in b]
    assert len(to_recipient) == 4  # paid, shipped, out for delivery, delivered (the replay made none)
    assert "SF700000000001" in to_recipient[1] and "张师傅" in to_recipient[2] and "13700003333" in to_recipient[2]
    assert "已签收" in to_recipient[3]
    to_payer = [(t, b) for t, b in notices(rig, payer_key_of(payload)) if order_no in b]
    assert [t for t, _b in to_payer] == ["payfor_request", "payfor_paid", "payfor_delivered"]
    assert not any("SF700000000001" in b or "张师傅" in b for _t, b in to_payer)

    found = re.search(r"https?://\S+/payfor/order/[A-Za-z0-9_-]+", to_recipient[-1])
    assert found, to_recipient[-1]
    url = found.group(0)
    with httpx.Client(timeout=10) as phone:
        mine = phone.get(url)
    assert mine.status_code == 200
    assert 'data-delivery="delivered"' in mine.text and "SF700000000001" in mine.text and "张师傅" in mine.text
    tracking = [e["payload"]["status"] for e in rig.feed()
                if e["topic"] == "payfor.tracking" and e["payload"]["order_no"] == order_no]
    assert tracking == ["shipped", "out_for_delivery", "delivered"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_contact_chain_server_then_prebound_then_phone_then_none(rig: Rig) -> None:
    headers = rig.station["headers"]
    # claim 2: the server already has a contact for this member's identifier.
    known = send(rig, "notify.member", {"recipient": {"key": "member-K1", "name": "赵六"}, "template": "generic",
                                        "params": {"title": "hi", "text": "hello"}, "dedup_key": "hello-K1"})
    assert known["status"] == "applied", known
    p1, _ = create(rig, recipient={"key": "member-K1", "name": "赵六", "phone": "13811112222", "address": "1-1"})
    assert order(rig, p1["order_no"])["contact_kind"] == "server"
    # claim 3: the payer bound a contact for this recipient in advance (an Apprise URL).
    p2, _ = create(rig, recipient={"key": "member-K2", "name": "钱七", "phone": "", "address": "1-2",
                                   "bind_contact": "json://127.0.0.1:9/hook"})
    assert order(rig, p2["order_no"])["contact_kind"] == "prebound"
    # claim 4: only a phone number.
    p3, _ = create(rig, recipient={"key": "", "name": "", "phone": "13822223333", "address": "1-3"})
    assert order(rig, p3["order_no"])["contact_kind"] == "phone"
    # nothing at all: flagged at the desk before sending, and refused if sent anyway.
    check = rig.client.get("/api/payfor/contact", params={"recipient_key": "member-K9", "payer_key": "member-P"},
                           headers=headers)
    assert check.json()["kind"] == "none"
    refused = send(rig, "payfor.create", {**p1, "order_no": "PF-none0001",
                                          "recipient": {"key": "member-K9", "name": "孙八", "phone": ""}})
    assert refused["status"] == "rejected" and "recipient_no_contact" in refused["reason"]
    assert rig.client.get("/api/payfor/orders/PF-none0001", headers=headers).status_code == 404

    for p in (p1, p2):
        pay_through_gateway(rig, next(e["payload"]["pay_url"] for e in rig.feed()
                                  if e["topic"] == "payfor.requested" and e["payload"]["order_no"] == p["order_no"]))
        wait_order(rig, p["order_no"], "paid")
    assert any(t == "payfor_receipt" for t, _b in notices(rig, "member-K1"))
    assert any(t == "payfor_receipt" for t, _b in notices(rig, "member-K2"))
    assert apprise_deliveries(rig, "member-K2") >= 1  # the pre-bound contact is a channel of the notice


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bad_orders_are_refused_with_the_reason_and_nothing_written(rig: Rig) -> None:
    cases = {
        "amount_mismatch": {"amount_fen": 2600},
        "payer_is_recipient": {"payer": {"key": "", "name": "x", "phone": "13800001111"}},
        "payer_unknown": {"payer": {"key": "", "name": "x", "phone": ""}},
        "payload.goods": {"goods": []},
        "payload.order_no": {"order_no": "nope"},
    }
    from tests.server.payfor_rig import order_payload

    for reason, override in cases.items():
        out = send(rig, "payfor.create", order_payload(**override))
        assert out["status"] == "rejected" and reason in out["reason"], (reason, out)
    assert run_sql(rig.db_url, PayForOrder.__table__.select()) == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_expiry_closes_and_tells_the_recipient_and_the_link_says_so(rig: Rig) -> None:
    payload, pay_url = create(rig)
    no = press_pay(rig, pay_url)
    assert no.status_code == 303
    out_trade_no = order(rig, payload["order_no"])["out_trade_no"]
    run_sql(rig.db_url, update(PayForOrder).where(PayForOrder.order_no == payload["order_no"])
            .values(expires_at=utcnow() - timedelta(seconds=1)))
    sweep(rig)  # (the sweeper thread may have been first)
    wait_order(rig, payload["order_no"], "closed")
    assert rig.payment(out_trade_no)["state"] == "closed"
    assert rig.trade(out_trade_no)["trade_state"] == "CLOSED"
    assert [t for t, b in notices(rig, recipient_key_of(payload)) if payload["order_no"] in b] == ["payfor_closed"]
    with httpx.Client(timeout=10) as phone:
        page = phone.get(pay_url)
    assert page.status_code == 410 and "过期" in page.text
    assert sweep(rig)["closed"] == 0  # told once


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cancel_revokes_the_link_and_a_late_payment_is_refunded_not_fulfilled(rig: Rig) -> None:
    payload, pay_url = create(rig)
    assert press_pay(rig, pay_url).status_code == 303
    no = order(rig, payload["order_no"])["out_trade_no"]
    rig.faults(no, pay_after_close=True)
    assert send(rig, "payfor.cancel", {"order_no": payload["order_no"]})["status"] == "applied"
    with httpx.Client(timeout=10) as phone:
        page = phone.get(pay_url)
    assert page.status_code == 410 and "已被取消" in page.text
    sweep(rig)
    wait_order(rig, payload["order_no"], "cancelled")
    assert rig.pay(no)  # the sandbox lets this trade be paid after close
    rig.wait_state(no, "surplus", "refunded")
    rig.wait_state(no, "refunded", timeout_s=30)
    assert order(rig, payload["order_no"])["state"] == "cancelled"
    assert not any(t == "payfor_receipt" for t, _b in notices(rig, recipient_key_of(payload)))
    assert send(rig, "payfor.cancel", {"order_no": payload["order_no"]})["status"] == "rejected"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_resend_revokes_the_old_link(rig: Rig) -> None:
    payload, first = create(rig)
    out = send(rig, "payfor.resend", {"order_no": payload["order_no"]})
    assert out["status"] == "applied", out
    urls = [e["payload"]["pay_url"] for e in rig.feed()
            if e["topic"] == "payfor.requested" and e["payload"]["order_no"] == payload["order_no"]]
    assert len(urls) == 2 and urls[0] == first
    with httpx.Client(timeout=10) as phone:
        assert phone.get(first).status_code == 410
        assert phone.get(urls[1]).status_code == 200
    requests = [t for t, b in notices(rig, f"phone:{PAYER_PHONE}") if payload["order_no"] in b]
    assert requests == ["payfor_request", "payfor_request"]
    assert order_no_of(rig, urls[1]) == payload["order_no"]


@pytest.mark.parametrize("fault", sorted(PAYFOR_FAULTS))
def test_every_notification_fault_fulfils_the_order_once(rig: Rig, fault: str) -> None:
    payfor_case(rig, PAYFOR_FAULTS[fault])
    assert rig.totals() == {"double_fulfilments": 0, "lost_payments": 0, "wrong_amount_accepted": 0}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_forged_stale_mismatched_and_replayed_notifications_change_nothing(rig: Rig) -> None:
    payload, pay_url = create(rig)
    assert press_pay(rig, pay_url).status_code == 303
    no = order(rig, payload["order_no"])["out_trade_no"]
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = rig.post_notification(*rig.craft(rig.paid_resource(no, 2500), key=other))
    stale = rig.post_notification(*rig.craft(rig.paid_resource(no, 2500), timestamp=int(utcnow().timestamp()) - 900))
    assert forged.status_code == 401 and stale.status_code == 401
    mismatched = rig.post_notification(*rig.craft(rig.paid_resource(no, 1)))
    assert mismatched.status_code in (200, 204)
    assert order(rig, payload["order_no"])["state"] == "awaiting_payer"
    assert not any(t == "payfor_receipt" for t, _b in notices(rig, recipient_key_of(payload)))
    assert rig.rejected("rejected:bad_signature") >= 1 and rig.rejected("rejected:stale_timestamp") >= 1

    # A genuine notification, then the same copy replayed: fulfilled once.
    payload2, pay_url2 = create(rig)
    assert press_pay(rig, pay_url2).status_code == 303
    no2 = order(rig, payload2["order_no"])["out_trade_no"]
    rig.opened.append(no2)
    headers, body = rig.craft(rig.paid_resource(no2, 2500), event_id="evt-replay-1")
    assert rig.post_notification(headers, body).status_code == 204
    assert rig.post_notification(headers, body).status_code in (200, 204)
    wait_order(rig, payload2["order_no"], "paid")
    paid_once(rig, payload2)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_members_page_lists_the_orders_paid_for_them(rig: Rig) -> None:
    from server.db import ServerDatabase
    from server.members import SectionContext, SignedInMember
    from server.payfor_member import received_orders_section

    payload, pay_url = create(rig, recipient={"key": "member-M20260007", "name": "周九", "phone": "13833334444",
                                              "address": "2-2"})
    pay_through_gateway(rig, pay_url)
    wait_order(rig, payload["order_no"], "paid")
    section = received_orders_section()
    db = ServerDatabase(rig.db_url)
    try:
        with db.read_session() as s:
            member = SignedInMember(1, "S001", "M20260007", "member-M20260007", "周*", "138****4444", 0, "")
            items = section.load(SectionContext(s, member, rig.server.settings, db, "/m/S001"))
            other = SignedInMember(2, "S001", "M20260008", "member-M20260008", "x", "x", 0, "")
            assert section.load(SectionContext(s, other, rig.server.settings, db, "/m/S001")) == []
    finally:
        db.close()
    assert [i.title for i in items] == [f"订单 {payload['order_no']} · Order"]
    with httpx.Client(timeout=10) as phone:
        page = phone.get(items[0].url)
    assert page.status_code == 200 and payload["order_no"] in page.text
