"""Group buying at the desk on a real SQLite file: check-ins, consent, suggestions, answers, expiry, races."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import services.groupbuy.service as service_module
from models import Base, GroupBuyConsent, GroupBuyMember, Member, Store
from models.groupbuy import ConsentKind
from services.database import Database, open_database
from services.groupbuy import Limits, Promotion, Tier
from services.groupbuy.service import GroupBuyError, GroupBuyService
from tests.db_fixtures import sqlite_url

LADDER = Promotion((Tier(30000, 5000), Tier(50000, 10000)))
START = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """A demo desk database: a real SQLite file, and PostgreSQL when COUNTERDESK_TEST_PG_URL is set."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("demo_db_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gb(db: Database, clock: Clock) -> GroupBuyService:
    return GroupBuyService(db.sessions, clock=clock)


def _ids(db: Database) -> tuple[int, list[int]]:
    with db.sessions() as s:
        store = s.scalars(select(Store.id)).first()
        members = list(s.scalars(select(Member.id).order_by(Member.id)))
    assert store is not None and len(members) >= 7
    return store, members


def _shop(gb: GroupBuyService, store: int, members: list[int], yuan: list[int], consent: bool = True) -> None:
    for member, basket in zip(members, yuan, strict=True):
        gb.check_in(member, store, basket_fen=basket * 100, items=2, source="phone")
        if consent:
            gb.set_consent(member, ConsentKind.SUGGEST, True)


def test_check_in_keeps_one_live_basket_per_member_and_masks_names(db: Database, gb: GroupBuyService) -> None:
    store, members = _ids(db)
    first = gb.check_in(members[0], store, basket_fen=12000, items=3, source="phone")
    again = gb.check_in(members[0], store, basket_fen=15000, items=4, source="till")
    assert (again.basket_fen, again.items, again.source) == (15000, 4, "till") and again.since == first.since
    live = gb.live(store)
    assert [c.member_id for c in live] == [members[0]]
    with db.sessions() as s:
        name, phone = s.execute(select(Member.name, Member.phone).where(Member.id == members[0])).one()
    assert live[0].name != name and live[0].phone != phone and "****" in live[0].phone
    assert gb.check_out(members[0]) and not gb.check_out(members[0])
    assert gb.live(store) == []
    with pytest.raises(GroupBuyError) as bad:
        gb.check_in(members[0], store, basket_fen=-1)
    assert bad.value.reason == GroupBuyError.BAD_BASKET
    with pytest.raises(GroupBuyError) as bad:
        gb.check_in(members[0], store, source="fax")
    assert bad.value.reason == GroupBuyError.BAD_SOURCE
    with pytest.raises(GroupBuyError) as bad:
        gb.check_in(10**6, store)
    assert bad.value.reason == GroupBuyError.UNKNOWN_MEMBER


def test_consent_is_recorded_withdrawable_and_sets_the_contact_flag(
    db: Database, gb: GroupBuyService
) -> None:
    _, members = _ids(db)
    m = members[0]
    assert not gb.consent(m, ConsentKind.CONTACT).active
    assert gb.set_consent(m, ConsentKind.CONTACT, True).active
    assert gb.set_consent(m, ConsentKind.CONTACT, True).active  # twice: still one active record
    with db.sessions() as s:
        assert s.scalar(select(Member.consent_contact_share).where(Member.id == m)) is True
        assert len(list(s.scalars(select(GroupBuyConsent).where(GroupBuyConsent.member_id == m)))) == 1
    assert not gb.set_consent(m, ConsentKind.CONTACT, False).active
    with db.sessions() as s:
        assert s.scalar(select(Member.consent_contact_share).where(Member.id == m)) is False
        rows = list(s.scalars(select(GroupBuyConsent).where(GroupBuyConsent.member_id == m)))
    assert len(rows) == 1 and rows[0].withdrawn_at is not None and rows[0].purpose == "groupbuy_contact"


def test_wishes(db: Database, gb: GroupBuyService, clock: Clock) -> None:
    _, members = _ids(db)
    wish = gb.add_wish(members[0], "6901234567892", date(2026, 12, 20), quantity=2)
    assert [w.id for w in gb.wishes(members[0])] == [wish.id]
    gb.withdraw_wish(wish.id, members[0])
    assert gb.wishes(members[0]) == []
    for bad in (
        {"product_code": " "},
        {"by_date": date(2026, 12, 1)},
        {"quantity": 0},
        {"max_group_size": 9},
    ):
        args: dict[str, Any] = {"product_code": "X", "by_date": date(2026, 12, 20)} | bad
        with pytest.raises(GroupBuyError) as err:
            gb.add_wish(members[0], args.pop("product_code"), args.pop("by_date"), **args)
        assert err.value.reason == GroupBuyError.BAD_WISH
    with pytest.raises(GroupBuyError):
        gb.withdraw_wish(wish.id, members[0])


def test_who_buys_lists_only_members_who_agreed_to_be_contacted(db: Database, gb: GroupBuyService) -> None:
    _, members = _ids(db)
    asker, willing, shy, late = members[:4]
    for m, day in ((asker, 18), (willing, 15), (shy, 16), (late, 30)):
        gb.add_wish(m, "RICE-10KG", date(2026, 12, day))
    for m in (asker, willing, late):
        gb.set_consent(m, ConsentKind.CONTACT, True)
    found = gb.who_buys(asker, "RICE-10KG", date(2026, 12, 20))
    assert [(c.member_id, c.by_dates) for c in found] == [
        (willing, (date(2026, 12, 15),))
    ]  # not shy, not late
    with db.sessions() as s:
        name = s.scalar(select(Member.name).where(Member.id == willing))
    assert found[0].name != name
    gb.set_consent(willing, ConsentKind.CONTACT, False)
    assert gb.who_buys(asker, "RICE-10KG", date(2026, 12, 20)) == []


def test_only_consenting_checked_in_members_are_suggested(db: Database, gb: GroupBuyService) -> None:
    store, members = _ids(db)
    _shop(gb, store, members[:5], [180, 150, 120, 90, 60])
    _shop(gb, store, members[5:6], [250], consent=False)  # would complete any group, but did not agree
    run = gb.suggest(store, Promotion((Tier(30000, 5000),)), Limits(2, 4))
    assert run.considered == 5 and run.exact and run.value_fen == run.upper_bound_fen == 10000
    assert len(run.groups) == 2
    seated = {seat.member_id for g in run.groups for seat in g.seats}
    assert members[5] not in seated and seated == set(members[:5])
    for g in run.groups:
        assert g.state == "forming" and sum(s.share_fen for s in g.seats) == g.saving_fen == 5000
    # a second run finds nobody free: everyone is in a forming group
    assert gb.suggest(store, Promotion((Tier(30000, 5000),))).groups == ()


def test_all_accept_then_the_group_succeeds_with_shares(db: Database, gb: GroupBuyService) -> None:
    store, members = _ids(db)
    _shop(gb, store, members[:2], [180, 130])
    (group,) = gb.suggest(store, LADDER).groups
    first = gb.respond(group.id, members[0], accept=True)
    assert first.state == "forming"
    with pytest.raises(GroupBuyError) as twice:
        gb.respond(group.id, members[0], accept=True)
    assert twice.value.reason == GroupBuyError.ALREADY_ANSWERED
    with pytest.raises(GroupBuyError) as stranger:
        gb.respond(group.id, members[3], accept=True)
    assert stranger.value.reason == GroupBuyError.NOT_IN_GROUP
    done = gb.respond(group.id, members[1], accept=True)
    assert done.state == "succeeded" and done.saving_fen == 5000
    assert [s.share_fen for s in done.seats] == [2903, 2097]
    with pytest.raises(GroupBuyError) as closed:
        gb.respond(group.id, members[1], accept=False)
    assert closed.value.reason == GroupBuyError.ALREADY_ANSWERED
    # members are free again for the next suggestion
    with db.sessions() as s:
        assert list(s.scalars(select(GroupBuyMember.live_member_id).where(GroupBuyMember.group_id == group.id))) == [
            None, None,
        ]  # fmt: skip


def test_a_decline_that_breaks_the_saving_ends_the_group(db: Database, gb: GroupBuyService) -> None:
    store, members = _ids(db)
    _shop(gb, store, members[:2], [180, 130])
    (group,) = gb.suggest(store, LADDER).groups
    ended = gb.respond(group.id, members[1], accept=False)
    assert ended.state == "expired"
    with pytest.raises(GroupBuyError) as closed:
        gb.respond(group.id, members[0], accept=True)
    assert closed.value.reason == GroupBuyError.GROUP_CLOSED


def test_a_decline_the_others_can_carry_recomputes_the_shares(db: Database, gb: GroupBuyService) -> None:
    store, members = _ids(db)
    _shop(gb, store, members[:3], [250, 200, 80])  # ¥530 together reaches 满500减100; ¥450 still 满300减50
    (group,) = gb.suggest(store, LADDER).groups
    assert sorted(s.member_id for s in group.seats) == members[:3] and group.saving_fen == 10000
    gb.respond(group.id, members[2], accept=False)
    assert gb.group(group.id).state == "forming"  # the other two can still save together
    gb.respond(group.id, members[0], accept=True)
    done = gb.respond(group.id, members[1], accept=True)
    assert done.state == "succeeded" and done.saving_fen == 5000 and done.basket_fen == 45000
    assert {s.member_id: s.share_fen for s in done.seats} == {
        members[0]: 2778,
        members[1]: 2222,
        members[2]: 0,
    }


def test_withdrawing_suggestion_consent_declines_open_invitations(db: Database, gb: GroupBuyService) -> None:
    store, members = _ids(db)
    _shop(gb, store, members[:2], [180, 130])
    (group,) = gb.suggest(store, LADDER).groups
    gb.set_consent(members[0], ConsentKind.SUGGEST, False)
    assert gb.group(group.id).state == "expired"
    assert gb.suggest(store, LADDER).groups == ()  # member 0 no longer consents


def test_groups_expire_and_free_their_members(db: Database, gb: GroupBuyService, clock: Clock) -> None:
    store, members = _ids(db)
    _shop(gb, store, members[:2], [180, 130])
    (group,) = gb.suggest(store, LADDER, ttl=timedelta(minutes=10)).groups
    gb.respond(group.id, members[0], accept=True)
    clock.now = START + timedelta(minutes=11)
    with pytest.raises(GroupBuyError) as late:
        gb.respond(group.id, members[1], accept=True)
    assert late.value.reason == GroupBuyError.GROUP_CLOSED and late.value.params["state"] == "expired"
    assert gb.expire_due() == 1 and gb.expire_due() == 0
    assert gb.group(group.id).state == "expired"
    again = gb.suggest(store, LADDER).groups
    assert len(again) == 1 and again[0].id != group.id


def test_two_desks_suggesting_at_once_never_seat_a_member_twice(
    db: Database, db_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, members = _ids(db)
    gb = GroupBuyService(db.sessions, clock=clock)
    _shop(gb, store, members[:4], [180, 130, 150, 160])
    other_db = open_database(db_url)
    other = GroupBuyService(other_db.sessions, clock=clock)
    both_read = threading.Barrier(2, timeout=30)
    real_plan = service_module.plan_groups

    def plan_after_both_read(*args: Any, **kwargs: Any) -> Any:
        both_read.wait()  # both desks have read the same free members before either writes
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(service_module, "plan_groups", plan_after_both_read)
    runs: list[Any] = []
    threads = [
        threading.Thread(target=lambda s=s: runs.append(s.suggest(store, LADDER))) for s in (gb, other)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other_db.close()
    assert len(runs) == 2
    seats = [seat.member_id for run in runs for g in run.groups for seat in g.seats]
    assert len(seats) == len(set(seats)) == 4  # the slower desk's groups were skipped, not doubled
    assert min(len(run.groups) for run in runs) == 0 < max(len(run.groups) for run in runs)


def test_the_migration_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    database = open_database(sqlite_url(tmp_path / "fresh.sqlite3"), load_demo=False)
    try:
        with database.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        database.close()
    ours = [d for d in diff if "groupbuy" in repr(d)]
    assert ours == []
