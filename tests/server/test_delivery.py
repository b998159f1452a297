"""Delivery: notify.member → web inbox + signed webhook + Apprise; retries, dedup, dead letters."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import update

from models.db import make_engine
from server.runner import ServerThread
from server.tables import Link, utcnow
from tests.server.conftest import (
    WEBHOOK_SECRET,
    StartServer,
    WebhookReceiver,
    enrol,
    event,
    feed,
    notify_payload,
    wait_for,
)


def header(headers: dict[str, str], name: str) -> str:
    return next(v for k, v in headers.items() if k.lower() == name.lower())


def receipts(client: httpx.Client, headers: dict[str, str], channel: str) -> list[dict[str, Any]]:
    return [
        i["payload"]
        for i in feed(client, headers)
        if i["topic"] == "delivery.receipt" and i["payload"]["channel"] == channel
    ]


def final_receipt(client: httpx.Client, headers: dict[str, str], channel: str = "webhook") -> dict[str, Any]:
    found = wait_for(lambda: receipts(client, headers, channel), what=f"a {channel} receipt")
    assert len(found) == 1
    return dict(found[0])


def notify(client: httpx.Client, station: dict[str, Any], **payload: Any) -> dict[str, Any]:
    r = client.post(
        "/api/sync/events",
        json={"events": [event("notify.member", notify_payload(**payload))]},
        headers=station["headers"],
    )
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()["results"][0]
    assert result["status"] == "applied", result
    return result


def test_notify_member_reaches_the_inbox_page_and_a_signed_webhook(
    client: httpx.Client, receiver: WebhookReceiver
) -> None:
    station = enrol(client)
    notify(client, station, dedup_key="coupon_claimed:mc-7")
    assert final_receipt(client, station["headers"])["state"] == "sent"
    [post] = receiver.posts()
    expected = (
        "sha256="
        + hmac.new(
            WEBHOOK_SECRET.encode(),
            header(post.headers, "X-CounterDesk-Timestamp").encode() + b"." + post.body,
            hashlib.sha256,
        ).hexdigest()
    )
    assert hmac.compare_digest(header(post.headers, "X-CounterDesk-Signature"), expected)
    body = post.json()
    assert body["dedup_key"] == "coupon_claimed:mc-7"
    assert body["store_code"] == "S001"
    assert "满50减10" in body["subject"] and "2026-12-31" in body["body"]
    assert header(post.headers, "Idempotency-Key") == f"message-{body['message_id']}"

    page = client.get(urlsplit(body["inbox_url"]).path)
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "满50减10" in page.text and "张三" in page.text and "2026-12-31" in page.text
    queued = next(i for i in feed(client, station["headers"]) if i["topic"] == "message.queued")
    assert queued["payload"]["inbox_url"] == body["inbox_url"]
    assert queued["payload"]["channels"] == ["inbox", "webhook"]


def test_apprise_url_is_sent_through_the_apprise_library(
    client: httpx.Client, receiver: WebhookReceiver
) -> None:
    station = enrol(client)
    port = urlsplit(receiver.url).port
    notify(
        client,
        station,
        channels=["apprise"],
        recipient={"key": "member-9", "name": "Li", "apprise": [f"json://127.0.0.1:{port}/apprise"]},
        template="generic",
        locale="en",
        params={"title": "Parcel waiting", "text": "Your parcel is at shelf B."},
        dedup_key="generic:1",
    )
    assert final_receipt(client, station["headers"], "apprise")["state"] == "sent"
    [post] = receiver.posts("/apprise")
    assert post.json()["title"] == "Parcel waiting"
    assert "Your parcel is at shelf B." in post.json()["message"]
    assert "/inbox/" in post.json()["message"]
    assert receiver.posts() == []  # the webhook channel was not asked for


def test_webhook_failing_twice_is_delivered_once_after_retries(
    client: httpx.Client, receiver: WebhookReceiver
) -> None:
    receiver.script = [500, 503]
    station = enrol(client)
    notify(client, station)
    receipt = final_receipt(client, station["headers"])
    assert (receipt["state"], receipt["attempts"]) == ("sent", 3)
    posts = receiver.posts()
    assert [p.json()["attempt"] for p in posts] == [1, 2, 3]
    assert len({header(p.headers, "Idempotency-Key") for p in posts}) == 1
    time.sleep(0.4)
    assert len(receiver.posts()) == 3


def test_repeated_dedup_key_is_delivered_once(client: httpx.Client, receiver: WebhookReceiver) -> None:
    station = enrol(client)
    notify(client, station, dedup_key="coupon_claimed:mc-1")
    second = notify(client, station, dedup_key="coupon_claimed:mc-1")
    assert second["reason"].startswith("deduplicated")
    final_receipt(client, station["headers"])
    time.sleep(0.4)
    assert len(receiver.posts()) == 1
    # The same key for another recipient is another message.
    notify(client, station, dedup_key="coupon_claimed:mc-1", recipient={"key": "member-43", "name": "李四"})
    wait_for(lambda: len(receiver.posts()) == 2, what="second recipient's webhook")


def test_dead_letter_after_max_attempts(client: httpx.Client, receiver: WebhookReceiver) -> None:
    receiver.script = [500] * 10
    station = enrol(client)
    notify(client, station)
    receipt = final_receipt(client, station["headers"])
    assert (receipt["state"], receipt["attempts"], receipt["error"]) == ("dead", 3, "HTTP 500")
    time.sleep(0.5)
    assert len(receiver.posts()) == 3


def test_permanent_rejection_fails_without_retrying(client: httpx.Client, receiver: WebhookReceiver) -> None:
    receiver.script = [400]
    station = enrol(client)
    notify(client, station)
    receipt = final_receipt(client, station["headers"])
    assert (receipt["state"], receipt["attempts"]) == ("failed", 1)
    time.sleep(0.3)
    assert len(receiver.posts()) == 1


def test_inbox_unknown_and_expired_links(
    client: httpx.Client, server: ServerThread, receiver: WebhookReceiver
) -> None:
    unknown = client.get("/inbox/" + "A" * 32)
    assert unknown.status_code == 404
    assert "text/html" in unknown.headers["content-type"] and "Link not found" in unknown.text

    station = enrol(client)
    notify(client, station, recipient={"key": "m-1", "name": "<b>Eve</b>"})
    final_receipt(client, station["headers"])
    path = urlsplit(receiver.posts()[0].json()["inbox_url"]).path
    page = client.get(path)
    # The name is masked on the page (mask_name) and what is left of it HTML-escaped.
    assert page.status_code == 200 and "&lt;*********的消息" in page.text and "<b>Eve" not in page.text

    engine = make_engine(server.settings.database_url)
    with engine.begin() as conn:
        conn.execute(update(Link).values(expires_at=utcnow()))
    engine.dispose()
    gone = client.get(path)
    assert gone.status_code == 410 and "Link expired" in gone.text


def test_several_workers_send_each_message_once(start_server: StartServer, receiver: WebhookReceiver) -> None:
    server = start_server(delivery_workers=4)
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        events = [event("notify.member", notify_payload(dedup_key=f"bulk-{n}")) for n in range(20)]
        assert (
            client.post("/api/sync/events", json={"events": events}, headers=station["headers"]).status_code
            == 200
        )
        wait_for(lambda: len(receipts(client, station["headers"], "webhook")) == 20, what="20 receipts")
    keys = [p.json()["dedup_key"] for p in receiver.posts()]
    assert sorted(keys) == sorted(f"bulk-{n}" for n in range(20))
