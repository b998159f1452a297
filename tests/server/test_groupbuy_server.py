"""The server's side of group buying over real HTTP: groups learned from the desk's outbox, members' answers
sent back through the feed and applied at the desk, the relayed chat, connection requests; and the migration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from models import Member
from server.db import ServerDatabase
from server.groupbuy import (
    ActionRefused,
    ask_who_buys,
    chat,
    group_for,
    inquiry,
    live_basket,
    member_connections,
    member_groups,
    post_chat,
    send_to_desk,
)
from services.desk import Desk
from services.sync.client import enrol
from tests.server.conftest import StartServer, admin_headers


def test_migration_0007_matches_the_groupbuy_tables(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import server.groupbuy  # noqa: F401  (registers the tables on ServerBase.metadata)
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
    assert [d for d in diff if "groupbuy" in repr(d)] == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_answers_travel_back_and_the_group_forms(start_server: StartServer, desk: Desk, db_url: str) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()["code"]
    client = desk.sync_client(server.base_url)
    client.save_token(enrol(server.base_url, code, "S001", "till 1"))
    sdb = ServerDatabase(db_url)

    with desk.db.sessions() as s:
        members = list(s.execute(select(Member.id, Member.member_code, Member.phone).order_by(Member.id)).all())[:4]
    ids = [m for m, _, _ in members]
    codes = [c for _, c, _ in members]  # the server names members by card code
    # The members check in and consent on their phones: the server relays it to the desk.
    with sdb.session() as s:
        for m, basket in zip(codes[:3], (18000, 9000, 6000), strict=True):
            send_to_desk(s, "S001", "groupbuy.check_in",
                         {"member_code": m, "store_code": "S001", "basket_fen": basket, "items": 2, "source": "phone"})
            send_to_desk(s, "S001", "groupbuy.consent", {"member_code": m, "kind": "suggest", "granted": True})
        with pytest.raises(ActionRefused):
            send_to_desk(s, "S001", "order.paid", {})
        with pytest.raises(ActionRefused):
            send_to_desk(s, "S999", "groupbuy.check_out", {"member_code": codes[0]})
    client.sync()
    store = desk.groupbuy.store_id("S001")
    assert sorted(c.member_id for c in desk.groupbuy.live(store)) == sorted(ids[:3])

    # A member scans items on the phone: the desk prices them and reports the basket back.
    cola = desk.catalog.search("可乐")[0]
    with sdb.session() as s:
        send_to_desk(s, "S001", "groupbuy.scan", {"member_code": codes[2], "store_code": "S001", "code": cola.code,
                                                  "quantity": 2})
        send_to_desk(s, "S001", "groupbuy.scan", {"member_code": codes[2], "store_code": "S001",
                                                  "code": "6900000000000"})
    client.sync()
    client.sync()
    assert [c.basket_fen for c in desk.groupbuy.live(store) if c.member_id == ids[2]] == [6000 + 2 * cola.price_fen]
    with sdb.read_session() as s:
        mine = live_basket(s, "S001", codes[2])
        assert mine is not None and mine.checked_in and mine.basket_fen == 6000 + 2 * cola.price_fen
        assert mine.items == 4 and mine.last is None and mine.error == {"reason": "malformed_code",
                                                                         "code": "6900000000000"}

    group = desk.groupbuy_desk.suggest_now("S001").groups[0]
    client.sync()
    with sdb.read_session() as s:
        mine = member_groups(s, "S001", codes[0])
        assert [(g.code, g.state) for g in mine] == [(group.code, "forming")]
        assert member_groups(s, "S001", codes[3]) == []  # not seated: cannot see it
        names = [seat["name"] for seat in mine[0].data["seats"]]
        assert all("*" in n for n in names) and mine[0].data["meeting_point"] == "counter"
        assert not any(phone in str(mine[0].data) for _, _, phone in members)

    with sdb.session() as s:
        for m in codes[:3]:
            send_to_desk(s, "S001", "groupbuy.answer", {"group_id": group.id, "member_code": m, "accept": True})
    client.sync()  # pull the answers (the desk decides), push the outcome
    assert desk.groupbuy.group(group.id).state == "succeeded"
    client.sync()
    with sdb.session() as s:
        view = group_for(s, "S001", codes[1], group.code)
        assert view is not None and view.state == "succeeded"
        post_chat(s, view, codes[1], names[1], "  I'm at the counter  ")
        with pytest.raises(ActionRefused):
            post_chat(s, view, codes[1], names[1], "   ")
    with sdb.read_session() as s:
        view = group_for(s, "S001", codes[0], group.code)
        assert view is not None
        assert [(c.name, c.text) for c in chat(s, view)] == [(names[1], "I'm at the counter")]
        assert group_for(s, "S001", codes[3], group.code) is None

    # "Who buys X before D": a connection request and its acceptance, relayed both ways.
    by = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    with sdb.session() as s:
        send_to_desk(s, "S001", "groupbuy.wish", {"member_code": codes[3], "product_code": "RICE-10KG", "by": by})
        send_to_desk(s, "S001", "groupbuy.consent", {"member_code": codes[3], "kind": "contact", "granted": True})
        asked_id = ask_who_buys(s, "S001", codes[0], "RICE-10KG", by)
    client.sync()
    client.sync()
    with sdb.read_session() as s:
        answer = inquiry(s, codes[0], asked_id)
        assert answer is not None and answer.contacts is not None
        assert [(c["member_id"], c["by_dates"]) for c in answer.contacts] == [(ids[3], [by])]
        assert "*" in answer.contacts[0]["name"] and inquiry(s, codes[1], asked_id) is None
    with sdb.session() as s:  # the asker picks the contact from the list: named by the list's handle
        send_to_desk(s, "S001", "groupbuy.connection_request",
                     {"asker_code": codes[0], "target_id": answer.contacts[0]["member_id"],
                      "product_code": "RICE-10KG", "before": by})
    client.sync()
    client.sync()
    with sdb.read_session() as s:
        asked = member_connections(s, "S001", codes[3])
        assert [(c.asker_code, c.state) for c in asked] == [(codes[0], "requested")]
        request_id = asked[0].request_id
    with sdb.session() as s:
        send_to_desk(s, "S001", "groupbuy.connection_answer",
                     {"request_id": request_id, "target_code": codes[3], "accept": True})
    client.sync()
    client.sync()
    with sdb.read_session() as s:
        assert [c.state for c in member_connections(s, "S001", codes[0])] == ["connected"]
    sdb.close()
    client.close()
