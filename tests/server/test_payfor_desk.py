"""The desk's side of pay-for-another against a real server + gateway sandbox: a basket sent
through the outbox, the payer's link back through the feed, paid → the order in the recipient
member's history; cancel; a recipient with no contact refused before anything is queued."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from models import Member, OutboxEvent
from server.payfor_tables import PayForOrder
from services.desk import Desk
from services.payfor.desk import GoodsLine, Party, PayForDesk, PayForProblem
from services.sync.client import SyncClient, enrol
from tests.server.conftest import admin_headers, run_sql, wait_for
from tests.server.payfor_rig import press_pay, sweep
from tests.server.payment_rig import Rig, start_rig, stop_rig

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

GOODS = [GoodsLine("苹果", 2, 650), GoodsLine("牛奶", 1, 1200)]


@pytest.fixture
def rig(tmp_path: Path, db_url: str) -> Iterator[Rig]:
    r = start_rig(tmp_path, db_url)
    yield r
    stop_rig(r)


def _client(desk: Desk, base_url: str) -> SyncClient:
    with httpx.Client(base_url=base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()
    client = SyncClient(desk.db.sessions, base_url, handlers=desk.feed_handlers)
    client.save_token(enrol(base_url, code["code"], "S001", "front desk"))
    return client


def _members(desk: Desk) -> tuple[int, int]:
    with desk.db.sessions() as s:
        a, b = s.scalars(select(Member.id).order_by(Member.id).limit(2)).all()
    return a, b


def _outbox(desk: Desk) -> int:
    with desk.db.sessions() as s:
        return int(s.scalar(select(func.count(OutboxEvent.id))) or 0)


def test_basket_to_payer_to_the_recipient_members_history(rig: Rig, desk: Desk) -> None:
    recipient, payer = _members(desk)
    payfor = PayForDesk(desk.db.sessions)
    client = _client(desk, rig.server.base_url)
    sent = payfor.send(GOODS, Party(member_id=recipient), Party(member_id=payer), address="1 栋 101")
    assert sent.state == "sent" and sent.amount_fen == 2500
    client.sync()
    waiting = payfor.awaiting_payer()
    assert [o.order_no for o in waiting] == [sent.order_no]
    assert waiting[0].pay_url.startswith(rig.server.base_url + "/payfor/pay/")
    assert waiting[0].contact_kind == "phone"

    assert press_pay(rig, waiting[0].pay_url).status_code == 303
    ((no,),) = run_sql(rig.db_url, select(PayForOrder.out_trade_no).where(PayForOrder.order_no == sent.order_no))
    assert rig.pay(no)

    def synced_paid() -> bool:
        client.sync()
        return payfor.get(sent.order_no).state == "paid"

    wait_for(synced_paid, 20, "the desk hears payfor.paid")
    assert payfor.awaiting_payer() == []
    assert [o.order_no for o in payfor.paid_for_another()] == [sent.order_no]
    history = payfor.for_member(recipient)
    assert [o.order_no for o in history] == [sent.order_no]
    assert [g.name for g in history[0].goods] == ["苹果", "牛奶"]
    assert payfor.for_member(payer) == []  # the payer did not receive it


def test_cancel_at_the_desk(rig: Rig, desk: Desk) -> None:
    recipient, _payer = _members(desk)
    payfor = PayForDesk(desk.db.sessions)
    client = _client(desk, rig.server.base_url)
    sent = payfor.send(GOODS, Party(member_id=recipient), Party(phone="13900009999"))
    client.sync()
    payfor.cancel(sent.order_no)
    client.sync()
    sweep(rig)

    def synced_cancelled() -> bool:
        client.sync()
        return payfor.get(sent.order_no).state == "cancelled"

    wait_for(synced_cancelled, 20, "the desk hears payfor.cancelled")
    with pytest.raises(PayForProblem) as err:
        payfor.resend(sent.order_no)
    assert err.value.code == "not_awaiting_payer"


def test_no_contact_bad_phone_and_self_payment_are_refused_before_sending(db_url: str, desk: Desk) -> None:
    recipient, _payer = _members(desk)
    payfor = PayForDesk(desk.db.sessions)
    before = _outbox(desk)
    cases = [
        (Party(), Party(phone="13900009999"), "recipient_no_contact"),
        (Party(phone="123"), Party(phone="13900009999"), "bad_phone"),
        (Party(member_id=recipient), Party(), "payer_unknown"),
        (Party(member_id=recipient), Party(member_id=recipient), "payer_is_recipient"),
    ]
    for r, p, code in cases:
        with pytest.raises(PayForProblem) as err:
            payfor.send(GOODS, r, p)
        assert err.value.code == code
    with pytest.raises(PayForProblem) as err:
        payfor.send([], Party(member_id=recipient), Party(phone="13900009999"))
    assert err.value.code == "empty_basket"
    assert _outbox(desk) == before and payfor.awaiting_payer() == []
