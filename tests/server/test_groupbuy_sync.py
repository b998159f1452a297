"""Group-buy suggestions travel desk → real server → each chosen member's inbox and webhook, as a message:
what to buy together, how much each saves, the deadline; other members only by masked name."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from models import Member
from models.groupbuy import ConsentKind
from services.core.money import format_fen
from services.desk import Desk
from services.sync.client import enrol
from tests.server.conftest import StartServer, WebhookReceiver, admin_headers, wait_for


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_suggestion_and_formed_group_reach_each_member(
    start_server: StartServer, receiver: WebhookReceiver, desk: Desk
) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()["code"]
    client = desk.sync_client(server.base_url)
    client.save_token(enrol(server.base_url, code, "S001", "till 1"))

    store = desk.groupbuy.store_id("S001")
    with desk.db.sessions() as s:
        members = list(s.execute(select(Member.id, Member.member_code, Member.name, Member.phone)
                                 .order_by(Member.id)).all())[:3]  # fmt: skip
    for (m, *_), basket in zip(members, (18000, 9000, 6000), strict=True):
        desk.groupbuy.check_in(m, store, basket_fen=basket, items=2, source="phone")
        desk.groupbuy.set_consent(m, ConsentKind.SUGGEST, True)
    run = desk.groupbuy_desk.suggest_now("S001")
    group = run.groups[0]
    client.sync()

    posts = wait_for(lambda: [p.json() for p in receiver.posts()] if len(receiver.posts()) >= 3 else None,
                     what="three suggestion webhooks")  # fmt: skip
    by_key = {p["recipient_key"]: p for p in posts if p["template"] == "groupbuy_suggested"}
    assert set(by_key) == {f"member-{code}" for _, code, _, _ in members}
    for seat, (_, code, name, phone) in zip(group.seats, members, strict=True):
        post = by_key[f"member-{code}"]
        assert format_fen(seat.share_fen) in post["subject"] and name in post["subject"] and group.code in post["body"]
        assert "满¥300.00减¥50.00" in post["body"]
        others = [n for _, c, n, _ in members if c != code]
        assert not any(o in post["body"] for o in others)  # the others are masked
        assert phone not in post["body"]

    for m, *_ in members:
        desk.groupbuy.respond(group.id, m, accept=True)
    client.sync()
    wait_for(lambda: sum(p.json()["template"] == "groupbuy_formed" for p in receiver.posts()) == 3,
             what="three formed notices")  # fmt: skip
    client.close()
