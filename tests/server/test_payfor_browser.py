"""Pay-for-another in real Chromium on a 390×844 phone: the payer's page (masked recipient),
Pay → the gateway's hosted page → PIN → the return page turns paid; the recipient's order page
shows tracking and the courier; the payer's link opened again is a clear "used" page.

COUNTERDESK_UPDATE_SCREENSHOTS=1 also writes docs/screenshots/payfor-payer.png and payfor-order.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server.payfor_rig import create, notices, recipient_key_of, send, start_courier, wait_order
from tests.server.payment_rig import Rig, start_rig, stop_rig
from tests.server.test_payments_browser import CHROMIUM, fits_the_phone, phone, shot

__all__ = ["phone"]  # the fixture, shared with the payments browser test

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),
]


@pytest.fixture
def rig(tmp_path: Path, db_url: str) -> Iterator[Rig]:
    r = start_rig(tmp_path, db_url, query_after_s=3600)  # only the notification can mark it paid
    yield r
    stop_rig(r)


def test_payer_pays_on_the_phone_and_the_recipient_sees_tracking(rig: Rig, phone: Any, tmp_path: Path) -> None:
    payload, pay_url = create(rig)
    phone.goto(pay_url)
    assert "¥25.00" in phone.locator("#amount").inner_text()
    assert phone.locator("#recipient").inner_text() == "王*明"
    assert "1201" not in phone.locator("#address").inner_text()
    assert fits_the_phone(phone)
    shot(phone, "payfor-payer.png", tmp_path)

    phone.locator("#pay").click()
    phone.wait_for_url(re.compile(re.escape(rig.sandbox.base_url) + r"/pay/.*"))
    phone.get_by_label("支付密码").fill("123456")
    phone.get_by_role("button", name="支付", exact=True).click()
    phone.wait_for_url(re.compile(re.escape(rig.server.base_url) + r"/pay/return\?out_trade_no=.*"))
    phone.wait_for_selector('#state[data-state="paid"]', timeout=15_000)
    wait_order(rig, payload["order_no"], "paid")

    phone.goto(pay_url)  # the single-use link, again
    assert "只能使用一次" in phone.content()

    with start_courier(rig) as courier:
        send(rig, "payfor.ship", {"order_no": payload["order_no"], "courier_code": "SF",
                                  "tracking_no": "SF700000000009"})
        assert courier.post_tracking("SF700000000009", "out_for_delivery", key="b1",
                                     courier_name="张师傅", courier_phone="13700003333").status_code == 200
    body = [b for t, b in notices(rig, recipient_key_of(payload)) if t == "payfor_receipt"][-1]
    found = re.search(r"https?://\S+/payfor/order/[A-Za-z0-9_-]+", body)
    assert found
    phone.goto(found.group(0))
    assert phone.locator("#tracking").inner_text() == "SF700000000009"
    assert "张师傅" in phone.locator("#courier").inner_text()
    assert "派送中" in phone.locator("#status").inner_text()
    assert fits_the_phone(phone)
    shot(phone, "payfor-order.png", tmp_path)
