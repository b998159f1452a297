"""The member phone pages in a real browser (Debian's Chromium through Playwright) on a phone screen:
phone number → code read from the member's own inbox page → the member's page → sign out.

COUNTERDESK_UPDATE_SCREENSHOTS=1 also writes docs/screenshots/server-member-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.runner import ServerThread
from tests.server.conftest import WebhookReceiver, enrol, event, wait_for
from tests.server.test_pages_browser import CHROMIUM, fits_the_phone, phone, shot  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),
]


def test_sign_in_on_a_phone_with_the_code_from_the_inbox(
    server: ServerThread, phone: Any, receiver: WebhookReceiver, tmp_path: Path  # noqa: F811
) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        r = client.post(
            "/api/sync/events",
            json={"events": [event("member.profile", {"member_code": "M7", "name_masked": "张*丰",
                                                       "phone": "13812345678"})]},
            headers=station["headers"],
        )
        assert r.json()["results"][0]["status"] == "applied"

    phone.goto(server.base_url + "/m/S001")
    assert phone.get_by_role("heading", level=1).inner_text() == "会员登录 · Member sign-in"
    assert fits_the_phone(phone)
    shot(phone, "server-member-sign-in.png", tmp_path)
    phone.get_by_label("手机号码 · Phone number").fill("138 1234 5678")
    phone.get_by_role("button", name="获取验证码 · Send me a code").click()
    phone.wait_for_url("**/m/S001/code")
    assert phone.get_by_role("heading", level=1).inner_text() == "查看消息 · Check your messages"
    assert phone.get_by_label("验证码 · Code").get_attribute("autocomplete") == "one-time-code"

    # The member opens their inbox (the link the webhook/Apprise message carries) in another tab.
    hook = wait_for(lambda: [p.json() for p in receiver.posts() if p.json()["template"] == "member_code"],
                    what="the code message")[0]
    inbox = phone.context.new_page()
    inbox.goto(hook["inbox_url"])
    found = re.search(r"\b(\d{6})\b", inbox.get_by_role("article").first.inner_text())
    assert found is not None
    code = found.group(1)
    inbox.close()

    phone.get_by_label("验证码 · Code").fill("000000" if code != "000000" else "111111")
    phone.get_by_role("button", name="登录 · Sign in").click()
    assert "还可以再试 4 次" in phone.get_by_role("alert").inner_text()
    assert phone.title().startswith("错误：")
    phone.get_by_label("验证码 · Code").fill(code)
    phone.get_by_role("button", name="登录 · Sign in").click()
    phone.wait_for_url("**/m/S001/me")
    assert phone.get_by_role("heading", level=1).inner_text() == "张*丰 · My page"
    assert phone.get_by_text("138****5678").is_visible()
    headings = phone.get_by_role("heading", level=2).all_inner_texts()
    assert headings == ["我的消息 · Messages", "我收到的订单 · Orders paid for me", "通知与同意 · Consents"]
    assert fits_the_phone(phone)
    shot(phone, "server-member-page.png", tmp_path)

    phone.get_by_role("button", name="退出登录 · Sign out").click()
    phone.wait_for_url("**/m/S001?signed_out=1")
    assert phone.get_by_role("status").inner_text().startswith("您已退出登录")
    phone.goto(server.base_url + "/m/S001/me")
    assert phone.url.endswith("/m/S001")
