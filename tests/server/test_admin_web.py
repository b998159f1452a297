"""The admin web page: login with lockout, CSRF on every POST, stations, queue, dead letters."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from server.runner import ServerThread
from server.tables import Delivery, Station
from tests.server.conftest import (
    ADMIN_TOKEN,
    StartServer,
    WebhookReceiver,
    admin_headers,
    admin_login,
    csrf_of,
    enrol,
    queue_notice,
    run_sql,
    wait_for,
)


def test_pages_need_a_login_and_the_session_cookie_is_strict(client: httpx.Client) -> None:
    for path in ("/admin", "/admin/messages", "/admin/dead-letters", "/admin/stores", "/admin/couriers"):
        r = client.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/admin/login", path
    wrong = admin_login(client, "not the password")
    assert wrong.status_code == 401 and "Wrong password" in wrong.text
    ok = admin_login(client)
    assert ok.status_code == 303 and ok.headers["location"] == "/admin"
    cookie = ok.headers["set-cookie"].lower()
    assert (
        "cd_admin=" in cookie
        and "httponly" in cookie
        and "samesite=strict" in cookie
        and "path=/admin" in cookie
    )
    assert "站点 · Stations" in client.get("/admin").text


def test_five_wrong_passwords_lock_the_login(client: httpx.Client) -> None:
    codes = [admin_login(client, f"guess-{n}").status_code for n in range(5)]
    assert codes == [401] * 5
    locked = admin_login(client)  # even the right password, for 15 minutes
    assert locked.status_code == 429 and "locked" in locked.text
    assert client.get("/admin").status_code == 303


def test_login_form_without_csrf_is_refused(client: httpx.Client) -> None:
    r = client.post("/admin/login", data={"password": ADMIN_TOKEN})
    assert r.status_code == 403
    assert "cd_admin" not in r.headers.get("set-cookie", "")


def test_enrolment_code_shown_once_and_revoke_through_csrf(client: httpx.Client, db_url: str) -> None:
    assert admin_login(client).status_code == 303
    page = client.get("/admin")
    token = csrf_of(page.text)
    bad = client.post("/admin/stations/code", data={"store_code": "S 1!", "csrf": token})
    assert bad.status_code == 400 and "Store code" in bad.text
    made = client.post("/admin/stations/code", data={"store_code": "S009", "csrf": token})
    assert made.status_code == 200 and "shown only now" in made.text
    code = made.text.split('id="new-code">')[1].split("<")[0]
    assert code not in client.get("/admin").text
    desk = client.post("/api/stations/enrol", json={"code": code, "store_code": "S009", "name": "desk 9"})
    assert desk.status_code == 200
    headers = {"Authorization": f"Bearer {desk.json()['token']}"}
    station_id = desk.json()["station_id"]

    # A POST without the token, or with one from another session, changes nothing.
    assert client.post(f"/admin/stations/{station_id}/revoke").status_code == 403
    with httpx.Client(base_url=str(client.base_url), timeout=10) as other:
        assert admin_login(other).status_code == 303
        foreign = csrf_of(other.get("/admin").text)
    assert client.post(f"/admin/stations/{station_id}/revoke", data={"csrf": foreign}).status_code == 403
    assert run_sql(db_url, select(Station.revoked_at).where(Station.id == station_id))[0].revoked_at is None
    assert client.get("/api/stations/me", headers=headers).status_code == 200

    done = client.post(f"/admin/stations/{station_id}/revoke", data={"csrf": token})
    assert done.status_code == 303
    assert client.get("/api/stations/me", headers=headers).json()["error"] == "revoked_token"
    assert "revoked" in client.get("/admin").text


def test_dead_letter_retried_from_the_page_is_delivered(
    server: ServerThread, client: httpx.Client, receiver: WebhookReceiver, db_url: str
) -> None:
    receiver.script.extend([503, 503, 503])  # max_attempts = 3 in the test settings
    station = enrol(client)
    queue_notice(client, station)
    wait_for(
        lambda: run_sql(db_url, select(Delivery.id).where(Delivery.state == "dead")), what="a dead letter"
    )
    assert admin_login(client).status_code == 303
    dead = client.get("/admin/dead-letters")
    assert "HTTP 503" in dead.text and "Retry" in dead.text
    delivery_id = run_sql(db_url, select(Delivery.id).where(Delivery.state == "dead"))[0].id
    r = client.post(
        f"/admin/deliveries/{delivery_id}/retry",
        data={"csrf": csrf_of(dead.text), "back": "/admin/dead-letters"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/admin/dead-letters"
    wait_for(lambda: len(receiver.posts()) == 4, what="the retried webhook")
    state = run_sql(db_url, select(Delivery.state, Delivery.attempts).where(Delivery.id == delivery_id))[0]
    assert (state.state, state.attempts) == ("sent", 1)
    sent = client.get("/admin/messages?state=sent")
    assert "满50减10" in sent.text and "sent (2)" in sent.text  # inbox + webhook


def test_cancelled_delivery_is_never_sent(
    start_server: StartServer, receiver: WebhookReceiver, db_url: str
) -> None:
    # Quiet hours all day long keep the webhook pending, so it can be cancelled before it goes.
    server = start_server(default_quiet_hours="00:00-23:59", default_timezone="UTC")
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        queue_notice(client, enrol(client))
        assert admin_login(client).status_code == 303
        pending = client.get("/admin/messages?state=pending")
        assert "quiet until" in pending.text
        delivery_id = run_sql(db_url, select(Delivery.id).where(Delivery.state == "pending"))[0].id
        token = csrf_of(pending.text)
        r = client.post(
            f"/admin/deliveries/{delivery_id}/cancel", data={"csrf": token, "back": "https://evil.example/"}
        )
        assert r.status_code == 303 and r.headers["location"] == "/admin/messages"  # no open redirect
        assert (
            run_sql(db_url, select(Delivery.state).where(Delivery.id == delivery_id))[0].state == "cancelled"
        )
        assert "cancelled (1)" in client.get("/admin/messages").text
    assert receiver.posts() == []


def test_store_rules_and_admin_opt_out(client: httpx.Client) -> None:
    station = enrol(client)
    queue_notice(client, station)
    assert admin_login(client).status_code == 303
    token = csrf_of(client.get("/admin/stores").text)
    bad = client.post(
        "/admin/stores",
        data={"store_code": "S001", "timezone": "Mars/Base", "quiet_hours": "22:00-07:00", "csrf": token},
    )
    assert bad.status_code == 400 and "Mars/Base" in bad.text
    saved = client.post(
        "/admin/stores",
        data={
            "store_code": "S001",
            "timezone": "Asia/Shanghai",
            "quiet_hours": "22:30-07:00",
            "mandatory": "parcel_arrived",
            "csrf": token,
        },
    )
    assert saved.status_code == 200 and "22:30-07:00" in saved.text and "parcel_arrived" in saved.text
    refused = client.post(
        "/admin/opt-outs",
        data={
            "store_code": "S001",
            "recipient_key": "member-42",
            "category": "parcel_arrived",
            "csrf": token,
        },
    )
    assert refused.status_code == 400 and "cannot be stopped" in refused.text
    added = client.post(
        "/admin/opt-outs",
        data={
            "store_code": "S001",
            "recipient_key": "member-42",
            "category": "coupon_claimed",
            "csrf": token,
        },
    )
    assert added.status_code == 200 and "coupon_claimed" in added.text
    assert queue_notice(client, station, dedup_key="again")["suppressed"] == "opted out of coupon_claimed"


def test_courier_partners_listed_with_masked_webhooks(client: httpx.Client) -> None:
    made = client.post(
        "/api/admin/couriers",
        json={"code": "SF", "name": "顺丰速运", "webhook_url": "https://hooks.example.com/cd/s3cr3t-path"},
        headers=admin_headers(),
    )
    assert made.status_code == 200, made.text
    assert admin_login(client).status_code == 303
    page = client.get("/admin/couriers")
    assert "顺丰速运" in page.text and "https://hoo***" in page.text
    assert "s3cr3t-path" not in page.text
