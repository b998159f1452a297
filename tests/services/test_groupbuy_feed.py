"""The server's group-buy feed topics applied at the desk, inside the feed's transaction as SyncClient does it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from models import AuditEntry, Member, OutboxEvent, Store
from models.db import unit_of_work
from services.core.journal import record_audit
from services.database import Database, open_database
from services.groupbuy.desk import STORE_PROMOTION
from services.groupbuy.feed import feed_handlers
from services.groupbuy.service import GroupBuyService


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    url = request.getfixturevalue("demo_db_url" if request.param == "sqlite" else "pg_url")
    database = open_database(str(url))
    yield database
    database.close()


def _apply(db: Database, events: list[tuple[str, dict[str, Any]]]) -> None:
    """One feed page: audit each event, apply its handler, all in one transaction (services/sync/client.py)."""
    handlers = feed_handlers()
    with unit_of_work(db.sessions) as session:
        for topic, payload in events:
            record_audit(session, f"feed:{topic}"[:40], detail=payload)
            handlers[topic](session, dict(payload))


def test_phone_actions_from_the_feed_reach_the_desk(db: Database) -> None:
    gb = GroupBuyService(db.sessions)
    with db.sessions() as s:
        store_code = s.scalars(select(Store.code)).first()
        members = list(s.scalars(select(Member.id).order_by(Member.id)))[:3]
    by = (datetime.now(UTC) + timedelta(days=4)).date().isoformat()
    page: list[tuple[str, dict[str, Any]]] = []
    for m, basket in zip(members, (18000, 9000, 6000), strict=True):
        page += [("groupbuy.check_in", {"member_id": m, "store_code": store_code, "basket_fen": basket,
                                        "items": 2, "source": "phone"}),
                 ("groupbuy.consent", {"member_id": m, "kind": "suggest", "granted": True}),
                 ("groupbuy.wish", {"member_id": m, "product_code": "RICE-10KG", "by": by})]  # fmt: skip
    page.append(("groupbuy.consent", {"member_id": members[1], "kind": "contact", "granted": True}))
    page.append(("groupbuy.answer", {"group_id": 999999, "member_id": members[0], "accept": True}))  # skipped
    page.append(("groupbuy.check_in", {"member_id": members[0], "store_code": store_code, "source": "till"}))
    _apply(db, page)
    store = gb.store_id(str(store_code))
    assert sorted(c.member_id for c in gb.live(store)) == sorted(members)
    assert [w.product_code for w in gb.wishes(members[2])] == ["RICE-10KG"]
    with db.sessions() as s:
        skipped = list(s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "groupbuy_feed_skipped")))
    assert [d["reason"] for d in skipped] == ["unknown_group", "ValueError"]

    run = gb.suggest(store, STORE_PROMOTION)
    group = run.groups[0]
    _apply(db, [("groupbuy.answer", {"group_id": group.id, "member_id": m, "accept": True}) for m in members])
    assert gb.group(group.id).state == "succeeded"

    _apply(db, [("groupbuy.connection_request", {"asker_id": members[0], "target_id": members[1],
                                                 "product_code": "RICE-10KG", "before": by})])  # fmt: skip
    with db.sessions() as s:
        request = s.scalars(select(OutboxEvent.payload).where(OutboxEvent.topic == "groupbuy.connection_requested")).one()
    _apply(db, [("groupbuy.connection_answer", {"request_id": request["request_id"], "target_id": members[1],
                                                "accept": True}),
                ("groupbuy.wish_withdrawn", {"member_id": members[2], "product_code": "RICE-10KG"}),
                ("groupbuy.check_out", {"member_id": members[2]})])  # fmt: skip
    with db.sessions() as s:
        assert s.scalars(select(OutboxEvent.id).where(OutboxEvent.topic == "groupbuy.connected")).one()
    assert gb.wishes(members[2]) == [] and members[2] not in {c.member_id for c in gb.live(store)}


def test_a_feed_page_that_fails_leaves_nothing_applied(db: Database) -> None:
    gb = GroupBuyService(db.sessions)
    with db.sessions() as s:
        store_code = s.scalars(select(Store.code)).first()
        member = s.scalars(select(Member.id)).first()
    with pytest.raises(RuntimeError), unit_of_work(db.sessions) as session:
        feed_handlers()["groupbuy.check_in"](session, {"member_id": member, "store_code": store_code,
                                                       "basket_fen": 100, "items": 1})  # fmt: skip
        raise RuntimeError("the cursor could not be written")
    assert gb.live(gb.store_id(str(store_code))) == []
