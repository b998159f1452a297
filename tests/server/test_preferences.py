"""Quiet hours (deferred, not dropped; urgent bypasses), opt-out with mandatory categories,
and Apprise URLs encrypted at rest."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from server.crypto import KEY_FILE, SecretBox, mask_url
from server.db import ServerDatabase
from server.delivery.preferences import (
    PreferenceProblem,
    StoreRules,
    opt_out,
    parse_quiet_hours,
    quiet_until,
    rules_for,
    set_rules,
)
from server.runner import ServerThread
from server.tables import Delivery, Message
from tests.server.conftest import (
    StartServer,
    WebhookReceiver,
    admin_login,
    csrf_of,
    enrol,
    feed,
    inbox_path,
    queue_notice,
    run_sql,
    wait_for,
)

SHANGHAI = StoreRules("S001", "Asia/Shanghai", "21:00-08:00", frozenset())


@pytest.mark.parametrize(
    ("utc_now", "until"),
    [
        (datetime(2026, 11, 23, 14, 30, tzinfo=UTC), datetime(2026, 11, 24, 0, 0, tzinfo=UTC)),  # 22:30 local
        (datetime(2026, 11, 23, 23, 0, tzinfo=UTC), datetime(2026, 11, 24, 0, 0, tzinfo=UTC)),  # 07:00 local
        (datetime(2026, 11, 23, 13, 0, tzinfo=UTC), datetime(2026, 11, 24, 0, 0, tzinfo=UTC)),  # 21:00 sharp
        (datetime(2026, 11, 24, 0, 0, tzinfo=UTC), None),  # 08:00 sharp: open again
        (datetime(2026, 11, 23, 4, 0, tzinfo=UTC), None),  # noon
    ],
)
def test_quiet_hours_end_in_store_time(utc_now: datetime, until: datetime | None) -> None:
    assert quiet_until(SHANGHAI, utc_now) == until


def test_daytime_quiet_window_and_bad_settings_are_named() -> None:
    lunch = StoreRules("S", "Europe/Berlin", "12:00-13:30", frozenset())
    assert quiet_until(lunch, datetime(2026, 7, 1, 10, 15, tzinfo=UTC)) == datetime(
        2026, 7, 1, 11, 30, tzinfo=UTC
    )
    assert quiet_until(lunch, datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) is None
    assert parse_quiet_hours("") is None
    for bad, word in [("21-8", "HH:MM"), ("25:00-08:00", "HH:MM"), ("08:00-08:00", "same time")]:
        with pytest.raises(PreferenceProblem, match=word):
            parse_quiet_hours(bad)


def test_quiet_hours_defer_the_webhook_and_urgent_goes_at_once(
    start_server: StartServer, receiver: WebhookReceiver, db_url: str
) -> None:
    now = datetime.now(UTC)
    window = f"{now - timedelta(hours=1):%H:%M}-{now + timedelta(hours=2):%H:%M}"
    server = start_server(default_quiet_hours=window, default_timezone="UTC")
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        quiet = queue_notice(client, station, dedup_key="night")
        urgent = queue_notice(client, station, dedup_key="otp", urgent=True, category="otp")
        wait_for(lambda: receiver.posts(), what="the urgent webhook")
        assert [p.json()["dedup_key"] for p in receiver.posts()] == ["otp"]
        assert urgent["not_before"] is None and quiet["not_before"] is not None
        not_before = datetime.fromisoformat(quiet["not_before"])
        assert timedelta(hours=1) < not_before - now <= timedelta(hours=2, minutes=1)
        # The quiet one is readable in the inbox at once and waits for the webhook.
        assert "满50减10" in client.get(inbox_path(quiet)).text
        rows = run_sql(
            db_url, select(Delivery.state, Delivery.next_attempt_at).where(Delivery.channel == "webhook")
        )
        assert sorted(r.state for r in rows) == ["pending", "sent"]
        # When the quiet hours are over (the clock moved on), it is sent: deferred, not dropped.
        run_sql(
            db_url,
            update(Delivery)
            .where(Delivery.channel == "webhook", Delivery.state == "pending")
            .values(next_attempt_at=datetime.now(UTC)),
        )
        wait_for(lambda: len(receiver.posts()) == 2, what="the deferred webhook")
        assert receiver.posts()[1].json()["dedup_key"] == "night"


def test_mandatory_category_cannot_be_opted_out(
    server: ServerThread, client: httpx.Client, receiver: WebhookReceiver, db_url: str
) -> None:
    db = ServerDatabase(db_url)
    try:
        rules = set_rules(db, "S001", "Asia/Shanghai", "", ["parcel_arrived"])
        with pytest.raises(PreferenceProblem, match="required"):
            opt_out(db, rules, 1, "parcel_arrived", "admin")
    finally:
        db.close()
    station = enrol(client)
    parcel = dict(
        dedup_key="parcel:1",
        template="generic",
        category="parcel_arrived",
        params={"title": "到件", "text": "x"},
    )
    coupon = queue_notice(client, station)
    queue_notice(client, station, **parcel)
    page = client.get(inbox_path(coupon))
    assert page.text.count("Stop messages like this") == 1  # only the optional coupon category
    token = csrf_of(page.text)
    refused = client.post(inbox_path(coupon) + "/opt-out", data={"category": "parcel_arrived", "csrf": token})
    assert refused.status_code == 400 and "cannot be stopped" in refused.text
    everything = client.post(inbox_path(coupon) + "/opt-out", data={"category": "*", "csrf": token})
    assert everything.status_code == 303
    # "*" stops the coupons but not the mandatory parcel notices.
    wait_for(lambda: len(receiver.posts()) == 2, what="the first two webhooks")
    suppressed = queue_notice(client, station, dedup_key="coupon:2")
    kept = queue_notice(client, station, **{**parcel, "dedup_key": "parcel:2"})
    assert suppressed["suppressed"] and not kept["suppressed"]
    wait_for(lambda: len(receiver.posts()) == 3, what="the parcel webhook")
    assert receiver.posts()[2].json()["dedup_key"] == "parcel:2"
    states = dict(run_sql(db_url, select(Message.dedup_key, Message.suppressed)))
    assert states["coupon:2"] == "opted out of coupon_claimed" and states["parcel:2"] == ""
    receipts = [
        i["payload"]
        for i in feed(client, station["headers"])
        if i["topic"] == "delivery.receipt" and i["payload"]["dedup_key"] == "coupon:2"
    ]
    assert {(r["channel"], r["state"]) for r in receipts} == {
        ("inbox", "suppressed"),
        ("webhook", "suppressed"),
    }


def test_parcel_notices_cannot_be_stopped_until_the_store_says_otherwise(
    server: ServerThread, client: httpx.Client, db_url: str
) -> None:
    db = ServerDatabase(db_url)
    try:
        with db.read_session() as s:
            rules = rules_for(s, server.settings, "S001")
        assert "parcel" in rules.mandatory
        with pytest.raises(PreferenceProblem, match="required"):
            opt_out(db, rules, 1, "parcel", "recipient")
        station = enrol(client)
        arrived = queue_notice(client, station, dedup_key="parcel:9", template="generic", category="parcel",
                               params={"title": "到件", "text": "x"})
        page = client.get(inbox_path(arrived))
        assert "Stop messages like this" not in page.text  # nothing optional to stop
        assert " UTC" not in page.text  # times on the store's clock
        # A store that lets residents stop parcel notices says so on the admin page.
        assert "parcel" not in set_rules(db, "S001", "Asia/Shanghai", "", []).mandatory
    finally:
        db.close()


def test_apprise_urls_are_encrypted_at_rest_and_masked_for_the_admin(
    start_server: StartServer, receiver: WebhookReceiver, db_url: str, tmp_path: Path
) -> None:
    server = start_server(data_dir=str(tmp_path / "data"))
    url = receiver.url.replace("http://", "json://") + "/apprise-secret-path"
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        queue_notice(client, station, recipient={"key": "m-9", "name": "王五", "apprise": [url]})
        wait_for(lambda: receiver.posts("/apprise-secret-path"), what="the Apprise post")
        stored = run_sql(db_url, select(Delivery.target).where(Delivery.channel == "apprise"))[0].target
        assert (
            stored.startswith("fernet:") and "apprise-secret-path" not in stored and "127.0.0.1" not in stored
        )
        key_file = tmp_path / "data" / KEY_FILE
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
        assert SecretBox(key_file.read_bytes().strip()).open(stored) == url

        assert admin_login(client).status_code == 303
        queue = client.get("/admin/messages?state=sent")
        assert (
            "apprise" in queue.text
            and mask_url(url) in queue.text
            and "apprise-secret-path" not in queue.text
        )
