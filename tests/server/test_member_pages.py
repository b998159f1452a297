"""Member phone pages over real HTTP (a real uvicorn, a real webhook sink): profiles from the desk,
sign-in by one-time code or signed member link, the limits, sign-out, CSRF, the section registry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from models.base import utcnow
from server.members import (
    MemberChallenge,
    MemberPolicy,
    MemberProfile,
    MemberSection,
    SectionContext,
    SectionItem,
)
from server.runner import ServerThread
from server.web.members import CHALLENGE_COOKIE, SESSION_COOKIE
from tests.server.conftest import (
    StartServer,
    WebhookReceiver,
    csrf_of,
    enrol,
    event,
    fast_settings,
    feed,
    run_sql,
    wait_for,
)

PHONE = "13812345678"
CODE = re.compile(r"\b(\d{6})\b")


def profile(member_code: str = "M1", phone: str = PHONE, name: str = "张*丰", **extra: Any) -> dict[str, Any]:
    return {"member_code": member_code, "name_masked": name, "phone": phone, **extra}


def send_profiles(client: httpx.Client, station: dict[str, Any], *profiles: dict[str, Any]) -> list[dict[str, Any]]:
    r = client.post(
        "/api/sync/events",
        json={"events": [event("member.profile", p) for p in profiles]},
        headers=station["headers"],
    )
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


@pytest.fixture
def station(client: httpx.Client) -> dict[str, Any]:
    station = enrol(client)
    results = send_profiles(client, station, profile())
    assert results[0]["status"] == "applied", results
    return station


def codes_sent(receiver: WebhookReceiver) -> list[str]:
    found = []
    for post in receiver.posts():
        body = post.json()
        if body["template"] == "member_code":
            match = CODE.search(body["body"])
            assert match, body
            found.append(match.group(1))
    return found


def ask_code(phone: httpx.Client, phone_number: str = PHONE, store: str = "S001") -> httpx.Response:
    form = phone.get(f"/m/{store}")
    assert form.status_code == 200, form.text
    return phone.post(f"/m/{store}/code", data={"phone": phone_number, "csrf": csrf_of(form.text)})


def try_code(phone: httpx.Client, code: str, store: str = "S001") -> httpx.Response:
    form = phone.get(f"/m/{store}/code")
    assert form.status_code == 200, form.text
    return phone.post(f"/m/{store}/verify", data={"code": code, "csrf": csrf_of(form.text)})


def new_code(phone: httpx.Client, receiver: WebhookReceiver, phone_number: str = PHONE) -> str:
    before = len(codes_sent(receiver))
    r = ask_code(phone, phone_number)
    assert r.status_code == 303 and r.headers["location"] == "/m/S001/code", r.text
    return str(wait_for(lambda: codes_sent(receiver)[before:], what="the code on the webhook")[0])


@pytest.fixture
def phone(server: ServerThread) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        yield c


def test_sign_in_with_the_code_from_the_webhook_shows_the_members_page(
    phone: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver, db_url: str
) -> None:
    code = new_code(phone, receiver)
    hook = next(p.json() for p in receiver.posts() if p.json()["template"] == "member_code")
    assert hook["recipient_key"] == "member-M1" and hook["store_code"] == "S001"
    assert PHONE not in str(hook)
    # Only the hashes of the code and the challenge are kept.
    (row,) = run_sql(db_url, select(MemberChallenge.code_hash, MemberChallenge.token_hash))
    assert code not in row.code_hash and len(row.code_hash) == 64

    done = try_code(phone, code)
    assert done.status_code == 303 and done.headers["location"] == "/m/S001/me"
    cookie = done.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/m/" in cookie and "max-age=" in cookie
    page = phone.get("/m/S001/me")
    assert page.status_code == 200
    assert "张*丰" in page.text and "138****5678" in page.text and PHONE not in page.text
    assert page.headers["cache-control"] == "no-store"
    # Today's sections: messages (the code itself is one) and consents; nothing for features not built.
    assert 'id="section-messages"' in page.text and 'id="section-consents"' in page.text
    assert "登录验证码" not in page.text and "还没有消息" in page.text  # codes are not repeated here
    assert "您没有停止任何通知" in page.text
    assert "section-orders" not in page.text and "section-gifts" not in page.text
    # The sign-in page of a signed-in phone goes straight to the member's page.
    assert phone.get("/m/S001").headers["location"] == "/m/S001/me"


def test_code_from_the_inbox_link(
    phone: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver
) -> None:
    new_code(phone, receiver)
    inbox_url = next(p.json()["inbox_url"] for p in receiver.posts() if p.json()["template"] == "member_code")
    inbox = httpx.get(inbox_url, timeout=10)
    assert inbox.status_code == 200
    # A sign-in code cannot be opted out of: no "stop" button for it.
    assert "member_code" not in inbox.text
    code = CODE.search(inbox.text)
    assert code is not None
    assert try_code(phone, code.group(1)).headers["location"] == "/m/S001/me"


def test_five_wrong_codes_then_a_wait(
    phone: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver
) -> None:
    code = new_code(phone, receiver)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        r = try_code(phone, wrong)
        assert r.status_code == 400 and f"还可以再试 {left} 次" in r.text
        assert "<title>错误：" in r.text and 'role="alert"' in r.text
    fifth = try_code(phone, wrong)
    assert fifth.status_code == 429 and "请稍后再试" in fifth.text and int(fifth.headers["retry-after"]) > 800
    # Even the right code is too late now, and no new code is sent to this phone for a while.
    assert try_code(phone, code).status_code == 429
    again = ask_code(phone)
    assert again.status_code == 429 and "请稍后再试" in again.text
    assert len(codes_sent(receiver)) == 1
    assert phone.get("/m/S001/me").headers["location"] == "/m/S001"


def test_expired_and_reused_codes(
    phone: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver, db_url: str
) -> None:
    code = new_code(phone, receiver)
    run_sql(db_url, update(MemberChallenge).values(expires_at=utcnow()))
    expired = try_code(phone, code)
    assert expired.status_code == 410 and "验证码已过期 · Code expired" in expired.text

    code = new_code(phone, receiver)
    challenge = phone.cookies[CHALLENGE_COOKIE]
    assert try_code(phone, code).status_code == 303
    # Replayed: the same challenge and code on another phone.
    with httpx.Client(base_url=str(phone.base_url), timeout=10) as other:
        form = other.get("/m/S001")
        other.cookies.set(CHALLENGE_COOKIE, challenge, path="/m/")
        reused = other.post("/m/S001/verify", data={"code": code, "csrf": csrf_of(form.text)})
        assert reused.status_code == 410 and "验证码已使用 · Code already used" in reused.text
        assert SESSION_COOKIE not in other.cookies


def test_unknown_phone_gets_the_same_pages_and_no_message(
    phone: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver, server: ServerThread
) -> None:
    known = ask_code(phone)
    with httpx.Client(base_url=server.base_url, timeout=10) as stranger:
        unknown = ask_code(stranger, "13900001111")
        assert (unknown.status_code, unknown.headers["location"]) == (known.status_code, known.headers["location"])
        page_unknown = stranger.get("/m/S001/code")
        page_known = phone.get("/m/S001/code")
        strip = re.compile(r'value="[^"]+"')
        assert strip.sub("", page_unknown.text) == strip.sub("", page_known.text)
        for left in (4, 3):
            r = try_code(stranger, "123456")
            assert r.status_code == 400 and f"还可以再试 {left} 次" in r.text
    wait_for(lambda: codes_sent(receiver), what="the known member's code")
    assert len(codes_sent(receiver)) == 1  # nothing went anywhere for the unknown number


def test_per_phone_send_cap_and_bad_phone(
    phone: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver
) -> None:
    for _ in range(3):
        assert ask_code(phone, "+86 138-1234-5678").status_code == 303
    capped = ask_code(phone)
    assert capped.status_code == 429 and "Retry-After" in capped.headers
    wait_for(lambda: len(codes_sent(receiver)) == 3, what="three codes")
    bad = ask_code(phone, "abc")
    assert bad.status_code == 400 and "手机号码格式不对" in bad.text and 'role="alert"' in bad.text


def test_signed_member_link_signs_in_and_sign_out_ends_the_session(
    phone: httpx.Client, client: httpx.Client, station: dict[str, Any]
) -> None:
    (link,) = [e["payload"] for e in feed(client, station["headers"]) if e["topic"] == "member.link"]
    assert link["member_code"] == "M1"
    path = httpx.URL(link["member_url"]).path
    assert path.startswith("/m/S001/link/")
    r = phone.get(path)
    assert r.status_code == 303 and r.headers["location"] == "/m/S001/me"
    page = phone.get("/m/S001/me")
    assert page.status_code == 200 and "138****5678" in page.text
    cookie = phone.cookies[SESSION_COOKIE]

    # CSRF: a sign-out without the page's token, or with a forged one, changes nothing.
    assert phone.post("/m/S001/sign-out", data={}).status_code == 403
    assert phone.post("/m/S001/sign-out", data={"csrf": "a" * 32 + ".b"}).status_code == 403
    assert phone.get("/m/S001/me").status_code == 200

    out = phone.post("/m/S001/sign-out", data={"csrf": csrf_of(page.text)})
    assert out.status_code == 303 and out.headers["location"] == "/m/S001?signed_out=1"
    assert phone.get("/m/S001/me").headers["location"] == "/m/S001"
    assert "您已退出登录" in phone.get("/m/S001?signed_out=1").text
    # The old cookie is dead on the server too, not only forgotten by the phone.
    replay = httpx.get(str(phone.base_url) + "/m/S001/me", cookies={SESSION_COOKIE: cookie})
    assert replay.status_code == 303
    # A guessed link is unknown; another store's page does not accept this member's link.
    assert phone.get("/m/S001/link/guessed-token-123456").status_code == 404
    enrol(client, store_code="S002")
    assert phone.get(path.replace("/S001/", "/S002/")).status_code == 404


def test_csrf_and_unknown_store(phone: httpx.Client, station: dict[str, Any]) -> None:
    assert phone.post("/m/S001/code", data={"phone": PHONE}).status_code == 403
    assert phone.post("/m/S001/verify", data={"code": "123456"}).status_code == 403
    assert phone.get("/m/NOPE").status_code == 404
    assert phone.get("/m/S001/code").headers["location"] == "/m/S001"  # no code asked yet
    # A forged session cookie is refused without a database row to match.
    assert httpx.get(str(phone.base_url) + "/m/S001/me", cookies={SESSION_COOKIE: "x.y"}).status_code == 303


def test_profiles_update_move_phones_and_reject_bad_payloads(
    phone: httpx.Client, client: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver, db_url: str
) -> None:
    results = send_profiles(
        client, station,
        profile("M2", phone="13900002222", name="李*"),
        profile("M1", phone="13900002222"),  # M1 takes M2's number (the desk moved it)
        profile("M3", phone="12"),
        profile("M4", phone="13900004444", contact={"apprise": ["nonsense"]}),
    )
    assert [r["status"] for r in results] == ["applied", "applied", "rejected", "rejected"]
    assert "payload.phone" in results[2]["reason"] and "apprise" in results[3]["reason"]
    rows = {r.member_code: r for r in run_sql(db_url, select(MemberProfile))}
    assert set(rows) == {"M1", "M2"}
    assert rows["M1"].phone_masked == "139****2222" and rows["M2"].phone_hash is None
    assert all("13900002222" not in r.phone_sealed for r in rows.values())
    # The old number signs in nobody now; the new one signs in M1.
    ask_code(phone, PHONE)
    code = new_code(phone, receiver, "13900002222")
    assert try_code(phone, code).status_code == 303
    assert receiver.posts()[-1].json()["recipient_key"] == "member-M1"
    assert len(codes_sent(receiver)) == 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sections_come_from_the_composition(db_url: str, receiver: WebhookReceiver) -> None:
    def orders(ctx: SectionContext) -> list[SectionItem]:
        return [SectionItem(title=f"订单 for {ctx.member.member_code}", url=f"{ctx.base_path}/orders/1")]

    def gifts(_ctx: SectionContext) -> list[SectionItem]:
        return []

    sections = [
        MemberSection("orders", "我的订单", "My orders", "还没有订单。", "No orders yet.", orders, order=20),
        MemberSection("gifts", "礼物", "Gifts", "还没有礼物。", "No gifts yet.", gifts, order=30),
    ]
    with pytest.raises(ValueError, match="registered twice: orders"):
        ServerThread(fast_settings(db_url, receiver), member_sections=[sections[0], sections[0]]).start()
    thread = ServerThread(fast_settings(db_url, receiver), member_sections=sections, member_policy=MemberPolicy())
    thread.start()
    try:
        with httpx.Client(base_url=thread.base_url, timeout=10) as c:
            station = enrol(c)
            send_profiles(c, station, profile())
            (link,) = [e["payload"] for e in feed(c, station["headers"]) if e["topic"] == "member.link"]
            c.get(httpx.URL(link["member_url"]).path)
            page = c.get("/m/S001/me").text
    finally:
        thread.stop()
    order = [m.group(1) for m in re.finditer(r'id="section-(\w+)"', page)]
    assert order == ["messages", "orders", "payfor_orders", "gifts", "consents"]  # payfor_orders: server/app.py
    assert "订单 for M1" in page and 'href="/m/S001/orders/1"' in page and "还没有礼物。" in page


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_demo_members_reach_the_server_through_the_desk_sync_client(
    start_server: StartServer, receiver: WebhookReceiver, desk: Any, db_url: str
) -> None:
    from sqlalchemy import select as desk_select

    from models import Member
    from services.sync.client import enrol as desk_enrol
    from tests.server.conftest import admin_headers

    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()
    sync = desk.sync_client(server.base_url)
    sync.save_token(desk_enrol(server.base_url, code["code"], "S001", "till 1"))
    assert sync.sync().pending == 0
    assert run_sql(db_url, select(func.count(MemberProfile.id)))[0][0] == 50
    with desk.db.sessions() as s:
        member = s.scalars(desk_select(Member).where(Member.member_code == "M20260007")).one()
        number, name = member.phone, member.name
    with httpx.Client(base_url=server.base_url, timeout=10) as phone:
        code_text = new_code(phone, receiver, number)
        assert try_code(phone, code_text).status_code == 303
        page = phone.get("/m/S001/me").text
    assert name not in page or len(name) < 2
    assert f"{number[:3]}****{number[-4:]}" in page and number not in page
    # The feed's member links came back to the desk (kept in its audit log like inbox links).
    assert sync.pull() >= 0
    sync.close()


def test_messages_and_consents_sections_show_what_the_server_knows(
    phone: httpx.Client, client: httpx.Client, station: dict[str, Any]
) -> None:
    from tests.server.conftest import inbox_path, queue_notice

    queued = queue_notice(client, station, recipient={"key": "member-M1", "name": "张三丰"})
    queue_notice(client, station, recipient={"key": "member-OTHER", "name": "王五"}, dedup_key="x:2",
                 template="generic", params={"title": "别人的消息", "text": "not M1's"})
    inbox = client.get(inbox_path(queued))
    stop = client.post(inbox_path(queued) + "/opt-out", data={"category": "*", "csrf": csrf_of(inbox.text)})
    assert stop.status_code == 303
    (link,) = [e["payload"] for e in feed(client, station["headers"]) if e["topic"] == "member.link"]
    phone.get(httpx.URL(link["member_url"]).path)
    page = phone.get("/m/S001/me").text
    messages = page.split('id="section-messages"')[1].split("</section>")[0]
    consents = page.split('id="section-consents"')[1].split("</section>")[0]
    assert "满50减10" in messages and "别人的消息" not in page
    assert "已停止：所有可选消息" in consents
    # The consent is withdrawable from here: "receive them again" (CSRF-checked) removes the opt-out.
    assert phone.post("/m/S001/consents/resume", data={"category": "*"}).status_code == 403
    resumed = phone.post("/m/S001/consents/resume", data={"category": "*", "csrf": csrf_of(consents)})
    assert resumed.status_code == 303 and resumed.headers["location"] == "/m/S001/me?resumed=1"
    after = phone.get("/m/S001/me?resumed=1").text
    assert "已恢复接收" in after and "您没有停止任何通知" in after
    again = phone.post("/m/S001/consents/resume", data={"category": "*", "csrf": csrf_of(after)})
    assert again.status_code == 400


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_session_cookie_is_secure_behind_an_https_address(start_server: StartServer) -> None:
    server = start_server(public_base_url="https://shop.example.com")
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        station = enrol(c)
        send_profiles(c, station, profile())
        (link,) = [e["payload"] for e in feed(c, station["headers"]) if e["topic"] == "member.link"]
        assert link["member_url"].startswith("https://shop.example.com/m/S001/link/")
        r = c.get(httpx.URL(link["member_url"]).path)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith(SESSION_COOKIE) and "secure" in cookie and "httponly" in cookie


def test_two_tabs_racing_with_the_right_code_sign_in_once(
    phone: httpx.Client, station: dict[str, Any], receiver: WebhookReceiver, db_url: str
) -> None:
    import threading

    from server.members import MemberSession

    code = new_code(phone, receiver)
    form = phone.get("/m/S001/code")
    token = csrf_of(form.text)
    cookies = dict(phone.cookies.items())
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def tab() -> None:
        with httpx.Client(base_url=str(phone.base_url), cookies=cookies, timeout=10) as c:
            barrier.wait()
            statuses.append(c.post("/m/S001/verify", data={"code": code, "csrf": token}).status_code)

    tabs = [threading.Thread(target=tab) for _ in range(6)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join()
    assert sorted(statuses) == [303] + [410] * 5
    assert run_sql(db_url, select(func.count(MemberSession.id)))[0][0] == 1
