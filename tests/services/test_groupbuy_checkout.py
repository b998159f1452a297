"""Group checkout at the till on a real database: pooled promotion once, shares add up, never paid twice,
refunds of expired groups, and the outbox events the server learns groups from."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Member, Order, OutboxEvent, Product, Store
from models.groupbuy import ConsentKind
from models.orders import OrderStatus
from services.checkout.settle import CheckoutService
from services.core.money import split_largest_remainder
from services.database import Database, open_database
from services.groupbuy import Promotion, Tier
from services.groupbuy.checkout import (
    SETTLE_WINDOW,
    GroupCheckoutService,
    Payment,
    group_code,
    parse_group_code,
)
from services.groupbuy.service import GroupBuyError, GroupBuyService
from services.receipts.orders import ReceiptRecords

LADDER = Promotion((Tier(30000, 5000), Tier(50000, 10000)))


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    url = request.getfixturevalue("demo_db_url" if request.param == "sqlite" else "pg_url")
    database = open_database(str(url))
    yield database
    database.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _setup(db: Database, clock: Clock) -> tuple[GroupBuyService, GroupCheckoutService, str, list[int], list[str]]:
    with db.sessions() as s:
        store_id, store_code = s.execute(select(Store.id, Store.code)).first()  # type: ignore[misc]
        members = list(s.scalars(select(Member.id).order_by(Member.id)))[:3]
        products = list(s.execute(select(Product.code, Product.price_fen).where(Product.active.is_(True))
                                  .order_by(Product.price_fen.desc())))  # fmt: skip
    gb = GroupBuyService(db.sessions, clock=clock)
    gc = GroupCheckoutService(db.sessions, CheckoutService(db.sessions), clock=clock)
    # Three members whose baskets only reach 满300 together.
    for m, basket in zip(members, (18000, 9000, 6000), strict=True):
        gb.check_in(m, store_id, basket_fen=basket, items=2, source="phone")
        gb.set_consent(m, ConsentKind.SUGGEST, True)
    return gb, gc, store_code, members, [code for code, _ in products]


def _baskets(db: Database, members: list[int], codes: list[str]) -> dict[int, list[tuple[str, int]]]:
    """Enough real products per member that the pooled total passes the first tier."""
    return {m: [(codes[i], 3), (codes[i + 3], 2)] for i, m in enumerate(members)}


def _formed(gb: GroupBuyService, store_id: int, members: list[int]) -> int:
    run = gb.suggest(store_id, LADDER)
    assert len(run.groups) == 1
    group = run.groups[0]
    for m in members:
        gb.respond(group.id, m, accept=True)
    assert gb.group(group.id).state == "succeeded"
    return group.id


def _store_id(db: Database) -> int:
    with db.sessions() as s:
        return int(s.scalars(select(Store.id)).first() or 0)


def test_group_code_round_trip() -> None:
    assert group_code(12) == "G000012" and parse_group_code(" g000012 ") == 12
    assert parse_group_code("6901234567892") is None and parse_group_code("G") is None


def test_pooled_promotion_once_shares_add_up_each_receipt_shows_its_share(db: Database, clock: Clock) -> None:
    gb, gc, store_code, members, codes = _setup(db, clock)
    group_id = _formed(gb, _store_id(db), members)
    baskets = _baskets(db, members, codes)
    quote = gc.quote(group_id, baskets, store_code)
    totals = [p.quote.total_fen for p in quote.parts]
    assert quote.pooled_fen == sum(totals) and quote.saving_fen == LADDER.saving(sum(totals), quote.items)
    assert quote.saving_fen > 0
    assert [p.share_fen for p in quote.parts] == split_largest_remainder(quote.saving_fen, totals)
    assert sum(p.share_fen for p in quote.parts) == quote.saving_fen
    assert quote.due_fen == quote.pooled_fen - quote.saving_fen
    assert all(p.name and "*" in p.name for p in quote.parts)

    payments = {m: Payment("cash", tendered_fen=10**7) for m in members}
    paid = gc.pay(group_id, baskets, payments, store_code,
                  expected_due_fen={p.member_id: p.due_fen for p in quote.parts})  # fmt: skip
    assert gb.group(group_id).state == "settled"
    assert len(paid.receipts) == 3
    with db.sessions() as s:
        orders = list(s.scalars(select(Order).where(Order.number.like(f"G{group_id}-%")).order_by(Order.id)))
    assert [o.member_id for o in orders] == members
    assert [o.total_fen for o in orders] == [p.due_fen for p in quote.parts]
    assert sum(o.subtotal_fen - o.total_fen for o in orders) >= quote.saving_fen  # coupons on top, if any
    records = ReceiptRecords(db.sessions)
    for order, part in zip(orders, quote.parts, strict=True):
        receipt, _ = records.receipt(order.number, "en")
        assert (group_code(group_id), part.share_fen) in {(c.title.split()[-1], c.discount_fen) for c in receipt.coupons}
    with db.sessions() as s:
        topics = [e.topic for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]
    assert topics.count("groupbuy.suggested") == 3 and "groupbuy.succeeded" in topics
    assert topics.count("order.paid") == 3 and topics[-1] == "groupbuy.settled"


def test_two_counters_settling_the_same_group_charge_once(db: Database, clock: Clock) -> None:
    gb, gc, store_code, members, codes = _setup(db, clock)
    group_id = _formed(gb, _store_id(db), members)
    baskets = _baskets(db, members, codes)
    payments = {m: Payment("card", reference=f"CARD{m}") for m in members}
    counters = [GroupCheckoutService(db.sessions, CheckoutService(db.sessions), clock=clock) for _ in range(2)]
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def settle(counter: GroupCheckoutService) -> None:
        barrier.wait()
        try:
            outcomes.append(counter.pay(group_id, baskets, payments, store_code))
        except Exception as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=settle, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], GroupBuyError) or "locked" in str(errors[0]).lower()
    with db.sessions() as s:
        assert len(list(s.scalars(select(Order.id).where(Order.number.like(f"G{group_id}-%"))))) == 3
    with pytest.raises(GroupBuyError) as again:
        gc.pay(group_id, baskets, payments, store_code)
    assert again.value.reason == GroupBuyError.GROUP_NOT_PAYABLE and again.value.params["state"] == "settled"


def test_bad_group_checkouts_write_nothing(db: Database, clock: Clock) -> None:
    gb, gc, store_code, members, codes = _setup(db, clock)
    run = gb.suggest(_store_id(db), LADDER)
    group_id = run.groups[0].id
    baskets = _baskets(db, members, codes)
    with pytest.raises(GroupBuyError) as forming:
        gc.quote(group_id, baskets, store_code)
    assert forming.value.reason == GroupBuyError.GROUP_NOT_PAYABLE
    for m in members:
        gb.respond(group_id, m, accept=True)
    with pytest.raises(GroupBuyError) as missing:
        gc.quote(group_id, {members[0]: baskets[members[0]]}, store_code)
    assert missing.value.reason == GroupBuyError.BAD_GROUP_BASKET
    payments = {m: Payment("cash", tendered_fen=10**7) for m in members}
    payments[members[2]] = Payment("cash", tendered_fen=1)  # not enough cash: the whole group is not settled
    with pytest.raises(Exception, match="not_enough_cash"):
        gc.pay(group_id, baskets, payments, store_code)
    assert gb.group(group_id).state == "succeeded"
    with db.sessions() as s:
        assert s.scalar(select(Order.id).where(Order.number.like(f"G{group_id}-%"))) is None


def test_unsettled_groups_expire_and_cancelled_ones_are_refunded(db: Database, clock: Clock) -> None:
    gb, gc, store_code, members, codes = _setup(db, clock)
    store_id = _store_id(db)
    group_id = _formed(gb, store_id, members)
    clock.now += SETTLE_WINDOW + timedelta(minutes=1)
    assert gc.expire_unsettled() == [group_id] and gb.group(group_id).state == "expired"
    assert gc.expire_unsettled() == []
    with pytest.raises(GroupBuyError):
        gc.quote(group_id, _baskets(db, members, codes), store_code)

    for m in members:  # a second group: paid, then the goods come back
        gb.check_in(m, store_id, basket_fen={members[0]: 18000}.get(m, 8000), items=2)
    second = _formed(gb, store_id, members)
    baskets = _baskets(db, members, codes)
    gc.pay(second, baskets, {m: Payment("cash", tendered_fen=10**7) for m in members}, store_code)
    refunded = gc.cancel(second)
    assert len(refunded) == 3 and gb.group(second).state == "expired"
    with db.sessions() as s:
        states = set(s.scalars(select(Order.status).where(Order.number.like(f"G{second}-%"))))
        topics = [e.topic for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]
    assert states == {OrderStatus.REFUNDED}
    assert topics.count("order.refunded") == 3 and topics.count("groupbuy.expired") == 2
    assert gc.refund_expired(second) == []  # nothing refunded twice


def test_connection_request_needs_contact_consent_and_reaches_both(db: Database, clock: Clock) -> None:
    gb, _, _, members, _ = _setup(db, clock)
    asker, willing, shy = members
    day = clock.now.date() + timedelta(days=5)
    for m in members:
        gb.add_wish(m, "RICE-10KG", day)
    gb.set_consent(willing, ConsentKind.CONTACT, True)
    with pytest.raises(GroupBuyError) as no:
        gb.request_connection(asker, shy, "RICE-10KG", day)
    assert no.value.reason == GroupBuyError.NOT_CONTACTABLE
    request = gb.request_connection(asker, willing, "RICE-10KG", day)
    with pytest.raises(GroupBuyError) as wrong:
        gb.answer_connection(request, shy, accept=True)
    assert wrong.value.reason == GroupBuyError.UNKNOWN_REQUEST
    gb.answer_connection(request, willing, accept=True)
    with db.sessions() as s:
        events = [(e.topic, e.payload) for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]
    asked = [p for t, p in events if t == "groupbuy.connection_requested"]
    connected = [p for t, p in events if t == "groupbuy.connected"]
    assert asked[0]["target_id"] == willing and connected[0]["asker_id"] == asker
    with db.sessions() as s:
        phones = set(s.scalars(select(Member.phone).where(Member.id.in_(members))))
    assert not any(phone in str(p) for t, p in events if t.startswith("groupbuy.") for phone in phones)
    assert date.fromisoformat(connected[0]["before"]) == day
