"""A gift in real Chromium on a phone viewport: the giver pays on the sandbox's pay page, the
station shares the link, the recipient claims it with a one-time code, name, address and slot,
checks the answers and confirms; the order reaches the desk's feed and the notice the inbox;
another gift, unclaimed, is refunded at expiry (the expiry pass run as of a later time)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import feed
from tests.server.gift_rig import (
    FRIEND,
    GIVER,
    create,
    expire,
    last_code,
    messages,
    paid_online,
    share,
    wait_gift,
)
from tests.server.payment_rig import Rig, start_rig, stop_rig
from tests.server.test_payments_browser import ARGS, CHROMIUM, fits_the_phone, shot

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    r = start_rig(tmp_path, f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield r
    stop_rig(r)


@pytest.fixture
def phone() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


def test_giver_pays_shares_recipient_claims_with_code_and_expiry_refund(
    rig: Rig, phone: Any, tmp_path: Path
) -> None:
    g = create(rig, bind_phone=FRIEND)
    r = rig.client.post(f"/api/gifts/{g['gift_no']}/pay", headers=rig.station["headers"])
    assert r.status_code == 200, r.text
    phone.goto(r.json()["pay_url"])  # the giver pays on the phone
    phone.get_by_label("支付密码").fill("123456")
    phone.get_by_role("button", name="支付", exact=True).click()
    assert "支付成功" in phone.locator("#message").inner_text()
    wait_gift(rig, g["gift_no"], "paid")
    path, _ = share(rig, g["gift_no"])

    phone.goto(rig.server.base_url + path)  # the recipient
    assert "龙井礼盒" in phone.content() and "168" not in phone.content()
    assert fits_the_phone(phone)
    shot(phone, "gift-page.png", tmp_path)
    phone.locator("#claim").click()
    phone.locator("input[name=phone]").fill(FRIEND)
    phone.locator("#send-code").click()
    phone.locator("input[name=code]").fill(last_code(rig, FRIEND))
    phone.locator("#verify").click()
    assert f"{FRIEND} ✓" in phone.content()
    phone.locator("input[name=name]").fill("小王")
    phone.locator("input[name=address]").fill("杭州市西湖区文三路 1 号")
    phone.locator("#next").click()
    assert "Check your answers" in phone.content()
    assert fits_the_phone(phone)
    phone.locator("#confirm").click()
    assert "领取成功" in phone.content()

    assert wait_gift(rig, g["gift_no"], "claimed")
    assert [e["payload"]["name"] for e in feed(rig.client, rig.station["headers"])
            if e["topic"] == "gift.claimed"] == ["小王"]
    assert len(messages(rig, FRIEND, "gift_order")) == 1
    assert len(messages(rig, GIVER, "gift_claimed")) == 1

    other = paid_online(rig)
    share(rig, other["gift_no"])
    assert expire(rig, timedelta(hours=25)) == 1
    rig.reconcile()
    done = wait_gift(rig, other["gift_no"], "refunded")
    assert [x["out_refund_no"] for x in rig.sandbox_refunds(other["out_trade_no"])] == [done["out_refund_no"]]
