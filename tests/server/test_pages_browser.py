"""The recipient and admin pages in a real browser (Debian's Chromium through Playwright),
on a phone-sized screen: Chinese inbox, the opt-out form through CSRF, the expired-link
page, admin login → stations.

COUNTERDESK_UPDATE_SCREENSHOTS=1 also writes docs/screenshots/server-inbox.png and
server-admin.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from server.runner import ServerThread
from server.tables import Link, OptOut, utcnow
from tests.server.conftest import ADMIN_TOKEN, enrol, inbox_path, queue_notice, run_sql

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu"]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),
]


@pytest.fixture
def phone() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
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


def test_inbox_on_a_phone_opt_out_and_expired_link(
    server: ServerThread, phone: Any, db_url: str, tmp_path: Path
) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        queued = queue_notice(client, station, recipient={"key": "member-42", "name": "张三丰"})
        queue_notice(
            client,
            station,
            dedup_key="generic:1",
            template="generic",
            params={"title": "周末会员日", "text": "本周六全场会员价，欢迎光临。"},
            recipient={"key": "member-42", "name": "张三丰"},
        )
    url = server.base_url + inbox_path(queued)
    response = phone.goto(url)
    assert response.status == 200
    assert phone.get_by_role("heading", level=1).inner_text() == "张*丰的消息 · Messages"
    assert phone.get_by_text("满50减10").first.is_visible()
    assert fits_the_phone(phone)
    shot(phone, "server-inbox.png", tmp_path)

    phone.get_by_role("button", name="停止店铺消息 · shop news · Stop messages like this").click()
    phone.wait_for_url("**stopped=generic")
    assert phone.get_by_role("status").inner_text().startswith("已停止这类消息")
    assert [r.category for r in run_sql(db_url, select(OptOut.category))] == ["generic"]

    run_sql(db_url, update(Link).values(expires_at=utcnow()))
    gone = phone.goto(url)
    assert gone.status == 410
    assert phone.get_by_role("heading", level=1).inner_text() == "链接已过期 · Link expired"
    assert fits_the_phone(phone)


def test_admin_login_to_stations_on_a_phone(server: ServerThread, phone: Any, tmp_path: Path) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        enrol(client, name="收银台 1")
        queue_notice(client, enrol(client, name="物业前台"))
    phone.goto(server.base_url + "/admin")
    assert phone.url.endswith("/admin/login")
    phone.get_by_label("密码 · Password").fill("wrong")
    phone.get_by_role("button", name="登录 · Log in").click()
    assert phone.get_by_role("alert").inner_text() == "密码错误 · Wrong password"
    phone.get_by_label("密码 · Password").fill(ADMIN_TOKEN)
    phone.get_by_role("button", name="登录 · Log in").click()
    phone.wait_for_url("**/admin")
    assert phone.get_by_role("heading", level=1).inner_text() == "站点 · Stations"
    phone.get_by_label("店铺代码 · Store code").fill("S002")
    phone.get_by_role("button", name="生成注册码 · New enrolment code").click()
    code = phone.locator("#new-code").inner_text()
    assert len(code) == 19 and code.count("-") == 3
    assert phone.get_by_text("收银台 1").is_visible()
    shot(phone, "server-admin.png", tmp_path)
