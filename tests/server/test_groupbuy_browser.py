"""Group buying end to end: a real desk, a real uvicorn server and real Chromium on phone screens.

Three members sign in with their member links, consent, check in and scan; the desk suggests, the
suggestion arrives on their pages without reloading, two accept, the group page shows masked names,
shares, the meeting point and a relayed chat, and the group pays at the till. An inquiry "who buys
X before D" connects two members.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from models import AuditEntry, Member, Product
from server.runner import ServerThread
from server.web.groupbuy import groupbuy_section
from services.desk import Desk
from services.groupbuy.checkout import Payment
from services.sync.client import SyncClient, enrol
from tests.server.conftest import WebhookReceiver, admin_headers, fast_settings
from tests.server.test_pages_browser import ARGS, CHROMIUM, fits_the_phone

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),
]


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def _phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")  # fmt: skip
    return context.new_page()


def _links(desk: Desk) -> dict[str, str]:
    with desk.db.sessions() as s:
        return {str(e.detail["member_code"]): str(e.detail["member_url"])
                for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "feed:member.link"))}  # fmt: skip


def _until(client: SyncClient, check: Any, what: str, tries: int = 40) -> Any:
    """Sync the desk until ``check()`` holds (the desk's sync loop, run by hand)."""
    import time

    for _ in range(tries):
        client.sync()
        found = check()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def test_three_members_group_buy_and_an_inquiry_connects_two(
    browser: Any, desk: Desk, db_url: str, receiver: WebhookReceiver
) -> None:
    server = ServerThread(fast_settings(db_url, receiver), member_sections=[groupbuy_section()])
    server.start()
    try:
        _run(browser, desk, server)
    finally:
        server.stop()


def _run(browser: Any, desk: Desk, server: ServerThread) -> None:
    base = server.base_url
    with httpx.Client(base_url=base, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()["code"]
    client = desk.sync_client(base)
    client.save_token(enrol(base, code, "S001", "till 1"))
    links = _until(client, lambda: _links(desk) if len(_links(desk)) >= 4 else None, "member links")
    with desk.db.sessions() as s:
        members = list(s.scalars(select(Member).where(Member.member_code.in_(list(links))).order_by(Member.id)))[:4]
        price, product = s.execute(select(Product.price_fen, Product.code).where(
            Product.active.is_(True), Product.price_fen.between(7600, 14900)).order_by(Product.price_fen)).first()  # type: ignore[misc]
    a, b, c, d = members
    phones = {}
    for m in (a, b, c, d):
        page = _phone(browser)
        page.goto(links[m.member_code])
        page.wait_for_url("**/m/S001/me")
        assert page.get_by_role("heading", name="拼单 · Group buys").is_visible()
        page.get_by_role("link", name="打开拼单 · Open group buys").click()
        page.wait_for_url("**/m/S001/groupbuy**")
        assert fits_the_phone(page)
        assert m.phone not in page.content()
        phones[m.member_code] = page

    # Consent (PIPL art. 23 wording on the page), check in, scan: A and B two of the product, C one.
    for m, scans in ((a, 2), (b, 2), (c, 1)):
        page = phones[m.member_code]
        assert "目的" in page.get_by_role("region", name="同意 · Consent").inner_text()
        page.get_by_role("button", name="同意 · I agree（推荐 · suggestions）").click()
        page.get_by_role("button", name="我在店里 · Check in").click()
        for _ in range(scans):
            page.get_by_label("商品条码 · Barcode").fill(product)
            page.get_by_role("button", name="加入购物篮 · Add").click()
            page.wait_for_load_state()
    store = desk.groupbuy.store_id("S001")
    _until(client, lambda: len(desk.groupbuy.live(store)) == 3 and sum(c.items for c in desk.groupbuy.live(store)) == 5,
           "three members checked in with their scans")  # fmt: skip
    client.sync()  # the desk's answers (the baskets) go up
    phones[a.member_code].get_by_text("已签到 · Checked in: 2 件 items").wait_for(timeout=10000)

    # The desk suggests; the suggestion arrives on the pages without reloading.
    run = desk.groupbuy_desk.suggest_now("S001")
    assert run.groups, "the engine found no group"
    group = run.groups[0]
    seated = {s.member_id for s in group.seats}
    assert {a.id, b.id} <= seated
    client.sync()
    for m in (a, b):
        card = phones[m.member_code].locator(".suggestion")
        card.wait_for(timeout=10000)
        assert "您可省" in card.inner_text()
    phones[a.member_code].locator(".suggestion").get_by_role("button", name="同意拼单 · Accept").click()
    phones[b.member_code].locator(".suggestion").get_by_role("button", name="同意拼单 · Accept").click()
    if c.id in seated:
        phones[c.member_code].locator(".suggestion").wait_for(timeout=10000)
        phones[c.member_code].locator(".suggestion").get_by_role("button", name="不了 · Decline").click()
    _until(client, lambda: desk.groupbuy.group(group.id).state == "succeeded", "the group to form")
    client.sync()

    # The group page: masked names, shares, meeting point, relayed chat.
    pa, pb = phones[a.member_code], phones[b.member_code]
    pa.goto(f"{base}/m/S001/groupbuy/g/{group.code}")
    assert "收银台" in pa.get_by_role("article").first.inner_text()
    table = pa.get_by_role("table").inner_text()
    assert a.name not in table and b.name not in table and "*" in table
    pa.get_by_label("消息 · Message").fill("我在收银台 at the counter")
    pa.get_by_role("button", name="发送 · Send").click()
    pb.goto(f"{base}/m/S001/groupbuy/g/{group.code}")
    pb.locator(".chat-line").first.wait_for(timeout=10000)
    assert "我在收银台" in pb.locator(".chat-line").first.inner_text()
    assert b.phone not in pb.content() and a.phone not in pb.content()
    phones[d.member_code].goto(f"{base}/m/S001/groupbuy/g/{group.code}")  # not seated: sent back
    assert phones[d.member_code].url.endswith("/m/S001/groupbuy")

    # The group pays at the till: the promotion once, each their own part; the pages follow.
    baskets = {a.id: [(product, 2)], b.id: [(product, 2)]}
    quote = desk.group_checkout.quote(group.id, baskets, "S001")
    assert quote.saving_fen == 5000 and sum(p.share_fen for p in quote.parts) == 5000
    paid = desk.group_checkout.pay(group.id, baskets, {m: Payment("cash", tendered_fen=4 * price) for m in baskets},
                                   "S001")  # fmt: skip
    assert len(paid.receipts) == 2
    client.sync()
    pb.get_by_text("已结账").wait_for(timeout=10000)

    # "Who buys X before D": D wishes it and may be contacted; A asks, requests, D accepts.
    by = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    pd = phones[d.member_code]
    pd.goto(f"{base}/m/S001/groupbuy")
    pd.get_by_role("button", name="同意 · I agree（联系 · contact）").click()
    pd.get_by_label("商品或品类编码 · Product or category code").fill("RICE-10KG")
    pd.get_by_label("日期 · By").fill(by)
    pd.get_by_role("button", name="记录意愿 · Record my wish").click()
    _until(client, lambda: desk.groupbuy.wishes(d.id), "D's wish")
    pa.goto(f"{base}/m/S001/groupbuy")
    pa.get_by_label("商品或品类编码 · Product or category code").fill("RICE-10KG")
    pa.get_by_label("日期 · By").fill(by)
    pa.get_by_role("button", name="谁在此日期前买？· Who buys it by then?").click()
    _until(client, lambda: pa.get_by_role("button", name="请求联系 · Ask to connect").count() > 0, "the contact list")
    assert d.name not in pa.locator("#contacts").inner_text()
    pa.get_by_role("button", name="请求联系 · Ask to connect").click()
    _until(client, lambda: pd.get_by_role("button", name="同意 · Accept").count() > 0, "the request on D's page")
    pd.get_by_role("button", name="同意 · Accept").click()
    _until(client, lambda: pa.get_by_text("已连接").count() > 0, "the connection on A's page")
    assert a.phone not in pd.content() and d.phone not in pa.content()
    client.close()
