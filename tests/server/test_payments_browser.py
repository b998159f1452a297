"""The sandbox's hosted pay page in real Chromium on a phone viewport: wrong PIN, pay, the
merchant's return page (which only reads) turning "paid" once the signed notification
arrived; cancel; the sandbox admin page with the notification log.

COUNTERDESK_UPDATE_SCREENSHOTS=1 also writes docs/screenshots/sandbox-pay.png and
payment-return.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.server.payment_rig import Rig, start_rig, stop_rig

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu"]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),
]


@pytest.fixture
def rig(tmp_path: Path, db_url: str) -> Iterator[Rig]:
    r = start_rig(tmp_path, db_url, query_after_s=3600)  # only the notification can mark it paid
    yield r
    stop_rig(r)


@pytest.fixture
def phone() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
            locale="zh-CN",
        )
        yield context.new_page()
        context.close()
        browser.close()


def shot(page: Any, name: str, tmp_path: Path) -> None:
    path = SHOTS / name if os.environ.get("COUNTERDESK_UPDATE_SCREENSHOTS") else tmp_path / name
    page.screenshot(path=str(path), full_page=True)


def fits_the_phone(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_wrong_pin_then_pay_and_return(rig: Rig, phone: Any, tmp_path: Path) -> None:
    p = rig.open(amount=1234, channel="h5")
    back = quote(rig.server.base_url + "/pay/return", safe="")
    phone.goto(f"{p['pay_url']}?redirect_url={back}")
    assert phone.locator("#amount").inner_text() == "¥12.34"
    assert "测试订单" in phone.locator("#description").inner_text()
    assert fits_the_phone(phone)
    shot(phone, "sandbox-pay.png", tmp_path)

    phone.get_by_label("支付密码").fill("000000")
    phone.get_by_role("button", name="支付", exact=True).click()
    assert "支付密码错误" in phone.locator("#error").inner_text()
    assert phone.title().startswith("错误：")
    assert rig.trade(p["out_trade_no"])["trade_state"] == "NOTPAY"

    phone.get_by_label("支付密码").fill("123456")
    phone.get_by_role("button", name="支付", exact=True).click()
    phone.wait_for_url(f"{rig.server.base_url}/pay/return?out_trade_no={p['out_trade_no']}")
    # The page itself marks nothing: it shows "paid" once the notification was applied.
    phone.wait_for_selector('#state[data-state="paid"]', timeout=15_000)
    assert "商家已收到付款" in phone.locator("#state").inner_text()
    assert fits_the_phone(phone)
    shot(phone, "payment-return.png", tmp_path)
    assert rig.payment(p["out_trade_no"])["state"] == "paid"
    assert len(rig.events("payment.paid", p["order_ref"])) == 1


def test_cancel_leaves_it_unpaid(rig: Rig, phone: Any) -> None:
    p = rig.open(amount=500)
    phone.goto(p["pay_url"])
    phone.get_by_role("button", name="取消").click()
    assert "已取消支付" in phone.locator("#message").inner_text()
    assert rig.trade(p["out_trade_no"])["trade_state"] == "NOTPAY"
    assert rig.payment(p["out_trade_no"])["state"] == "pending"


def test_paid_link_opened_again_and_admin_log(rig: Rig, phone: Any, tmp_path: Path) -> None:
    p = rig.open(amount=800)
    rig.faults(p["out_trade_no"], notify_5xx_then_ok=1)
    phone.goto(p["pay_url"])
    phone.get_by_label("支付密码").fill("123456")
    phone.get_by_role("button", name="支付", exact=True).click()
    assert "支付成功" in phone.locator("#message").inner_text()
    rig.wait_state(p["out_trade_no"], "paid")
    phone.goto(p["pay_url"])
    assert "已经支付" in phone.locator("#message").inner_text()
    phone.goto(rig.sandbox.base_url + "/admin")
    rows = phone.locator("#notifications").inner_text()
    assert p["out_trade_no"] in rows and "TRANSACTION.SUCCESS" in rows
    shot(phone, "sandbox-admin.png", tmp_path)
