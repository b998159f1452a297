"""Gift orders end to end over real HTTP: a real server (uvicorn) and the real payment gateway
sandbox (tests/server/payment_rig.py). Giver pays → shares → the recipient claims on the link's
pages with a one-time code → the order reaches the desk's feed → notices; and every fault of
issue 15: guessed, reused, expired, revoked links, two phones at once, wrong codes, phone and
address errors, a failing refund, a server restart mid-claim."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from server.runner import ServerThread
from tests.server.conftest import csrf_of, feed
from tests.server.gift_rig import (
    FRIEND,
    GIVER,
    create,
    expire,
    first_slot,
    gift,
    last_code,
    messages,
    paid_online,
    post,
    share,
    wait_gift,
)
from tests.server.payment_rig import Rig, start_rig, stop_rig


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    r = start_rig(tmp_path, f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield r
    stop_rig(r)


def phone(rig: Rig) -> httpx.Client:
    return httpx.Client(base_url=rig.client.base_url, timeout=15, follow_redirects=True)


def claim_steps(rig: Rig, path: str, *, code_phone: str | None = FRIEND, address: str = "杭州市西湖区文三路 1 号",
                pickup: str = "") -> httpx.Response:
    """Open the link, confirm the phone if bound, fill the form, check the answers, confirm."""
    with phone(rig) as c:
        page = c.get(path)
        assert page.status_code == 200, page.text
        form = c.get(path + "/form")
        if code_phone is not None:
            sent = post(c, path + "/code", form.text, phone=code_phone)
            assert sent.status_code == 200, sent.text
            form = post(c, path + "/verify", sent.text, code=last_code(rig, code_phone), phone=code_phone)
            assert form.status_code == 200 and f"{code_phone} ✓" in form.text, form.text
        fields = {"name": "小王", "phone": code_phone or FRIEND, "address": address, "pickup": pickup,
                  "slot": first_slot(form.text)}
        checked = post(c, path + "/check", form.text, **fields)
        assert checked.status_code == 200 and "Check your answers" in checked.text, checked.text
        return post(c, path + "/claim", checked.text, **fields)


def test_pay_share_claim_with_code_then_order_and_notices(rig: Rig) -> None:
    g = paid_online(rig, bind_phone=FRIEND)
    path, _token = share(rig, g["gift_no"])
    with phone(rig) as c:
        page = c.get(path)
        assert "龙井礼盒" in page.text and "生日快乐" in page.text
        assert "168" not in page.text  # never the price
    done = claim_steps(rig, path)
    assert done.status_code == 200 and "Claimed" in done.text
    assert gift(rig, g["gift_no"])["state"] == "claimed"
    claimed = [e for e in feed(rig.client, rig.station["headers"]) if e["topic"] == "gift.claimed"]
    assert [e["payload"]["gift_no"] for e in claimed] == [g["gift_no"]]
    assert claimed[0]["payload"]["address"].startswith("杭州市") and claimed[0]["payload"]["name"] == "小王"
    order = messages(rig, FRIEND, "gift_order")
    assert len(order) == 1 and "已生成订单" in order[0][2]
    to_giver = messages(rig, GIVER, "gift_claimed")
    assert len(to_giver) == 1 and "文三路" not in to_giver[0][2]  # never the address
    # Reused link, cancel after claim: refused, nothing changes.
    with phone(rig) as c:
        again = c.get(path)
        assert again.status_code == 410 and "already" in again.text.lower()
    r = rig.client.post(f"/api/gifts/{g['gift_no']}/cancel", headers=rig.station["headers"])
    assert r.status_code == 409 and r.json()["error"] == "already_claimed"
    r = rig.client.post(f"/api/gifts/{g['gift_no']}/delivered", headers=rig.station["headers"])
    assert r.status_code == 200 and r.json()["state"] == "delivered"
    assert len(messages(rig, FRIEND, "gift_delivered")) == 1


def test_unpaid_cannot_be_shared_and_till_payment_can(rig: Rig) -> None:
    g = create(rig)
    r = rig.client.post(f"/api/gifts/{g['gift_no']}/share", json={}, headers=rig.station["headers"])
    assert r.status_code == 409 and r.json()["error"] == "not_paid"
    r = rig.client.post(f"/api/gifts/{g['gift_no']}/paid-at-till", json={"method": "cash"},
                        headers=rig.station["headers"])
    assert r.status_code == 200 and r.json()["pay_route"] == "till:cash"
    path, _ = share(rig, g["gift_no"], send_to_phone=FRIEND)
    sent = messages(rig, FRIEND, "gift_shared")
    assert len(sent) == 1 and path in sent[0][2] and "生日快乐" in sent[0][2]
    assert claim_steps(rig, path, code_phone=None, pickup="1", address="").status_code == 200


def test_expiry_refunds_the_giver_once_even_when_the_gateway_fails_first(rig: Rig) -> None:
    g = paid_online(rig)
    share(rig, g["gift_no"])
    rig.faults(g["out_trade_no"], refund_fail_then_ok=2)
    assert expire(rig, timedelta(hours=1)) == 0  # not yet
    assert expire(rig, timedelta(hours=25)) == 1
    assert expire(rig, timedelta(hours=26)) == 0  # a second pass finds nothing
    for _ in range(4):
        rig.reconcile()
    done = wait_gift(rig, g["gift_no"], "refunded", timeout_s=30)
    refunds = rig.sandbox_refunds(g["out_trade_no"])
    assert [(x["out_refund_no"], x["amount"]) for x in refunds] == [(done["out_refund_no"], 16800)]
    assert len(messages(rig, GIVER, "gift_expired")) == 1


def test_bad_links_and_two_phones_at_once(rig: Rig) -> None:
    g = paid_online(rig)
    old_path, _ = share(rig, g["gift_no"])
    path, _ = share(rig, g["gift_no"])  # resend: the old link stops working
    with phone(rig) as c:
        assert c.get(old_path).status_code == 404
        assert c.get("/g/" + "A" * 22).status_code == 404  # guessed
        form = c.get(path + "/form")
        slot = first_slot(form.text)
        fields = {"name": "小李", "phone": FRIEND, "address": "上海", "pickup": "", "slot": slot}
        checked = post(c, path + "/check", form.text, **fields)
        results: list[int] = []

        def go() -> None:
            with phone(rig) as other:
                other.cookies.update(c.cookies)
                results.append(other.post(path + "/claim", data={"csrf": csrf_of(checked.text), **fields}).status_code)

        threads = [threading.Thread(target=go) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results) == [200, 410, 410, 410]
    assert len([e for e in feed(rig.client, rig.station["headers"]) if e["topic"] == "gift.claimed"]) == 1
    # Revoked: the link stops working and the gift can be cancelled (refunded).
    g2 = paid_online(rig)
    path2, _ = share(rig, g2["gift_no"])
    rig.client.post(f"/api/gifts/{g2['gift_no']}/revoke", headers=rig.station["headers"])
    with phone(rig) as c:
        assert c.get(path2).status_code == 404
    r = rig.client.post(f"/api/gifts/{g2['gift_no']}/cancel", headers=rig.station["headers"])
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    rig.reconcile()
    wait_gift(rig, g2["gift_no"], "refunded")


def test_codes_phone_format_address_limit_and_expired_link(rig: Rig) -> None:
    g = paid_online(rig, bind_phone=FRIEND)
    path, _ = share(rig, g["gift_no"])
    with phone(rig) as c:
        form = c.get(path + "/form")
        bad = post(c, path + "/code", form.text, phone="12345")
        assert bad.status_code == 422 and "11" in bad.text
        other = post(c, path + "/code", form.text, phone="13700000000")
        assert other.status_code == 403 and len(messages(rig, "13700000000")) == 0
        sent = post(c, path + "/code", form.text, phone=FRIEND)
        right = last_code(rig, FRIEND)
        wrong = "000000" if right != "000000" else "111111"
        for n in range(4):
            r = post(c, path + "/verify", sent.text, code=wrong, phone=FRIEND)
            assert r.status_code == 422 and f"{4 - n} tries left" in r.text, r.text[r.text.find("alert"):][:300]
        r = post(c, path + "/verify", sent.text, code=wrong, phone=FRIEND)
        assert r.status_code == 429
        r = post(c, path + "/verify", sent.text, code=right, phone=FRIEND)  # even the right one: wait
        assert r.status_code == 429
    assert gift(rig, g["gift_no"])["state"] == "shared"
    g2 = paid_online(rig)
    path2, _ = share(rig, g2["gift_no"])
    with phone(rig) as c:
        form = c.get(path2 + "/form")
        long = post(c, path2 + "/check", form.text, name="小张", phone=FRIEND, address="路" * 201, pickup="",
                    slot=first_slot(form.text))
        assert long.status_code == 422 and "200" in long.text
        badphone = post(c, path2 + "/check", form.text, name="小张", phone="1380000", address="x", pickup="",
                        slot=first_slot(form.text))
        assert badphone.status_code == 422 and "11" in badphone.text
    assert expire(rig, timedelta(hours=25)) == 2
    with phone(rig) as c:
        gone = c.get(path2)
        assert gone.status_code == 410 and "expired" in gone.text


def test_server_restart_mid_claim_keeps_the_link_and_claims_once(rig: Rig) -> None:
    g = paid_online(rig)
    path, _ = share(rig, g["gift_no"])
    with phone(rig) as c:
        form = c.get(path + "/form")
        fields = {"name": "小赵", "phone": FRIEND, "address": "北京", "pickup": "", "slot": first_slot(form.text)}
        checked = post(c, path + "/check", form.text, **fields)
        settings, port = rig.server.settings, httpx.URL(rig.server.base_url).port
        rig.server.stop()
        rig.server = ServerThread(settings, port=port)  # the same address: the link is the same
        rig.server.start()
        done = c.post(path + "/claim", data={"csrf": csrf_of(checked.text), **fields})
        assert done.status_code == 200, done.text
        assert c.post(path + "/claim", data={"csrf": csrf_of(checked.text), **fields}).status_code == 410
    assert gift(rig, g["gift_no"])["state"] == "claimed"


def test_migration_0015_matches_the_gift_tables(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import server.gifts_tables  # noqa: F401  (registers the tables on ServerBase.metadata)
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
    assert [d for d in diff if "gift" in repr(d)] == []
