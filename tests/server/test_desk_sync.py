"""The desk's sync client against a real server: a coupon-claim notice travels desk → server → inbox + webhook."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from models import AuditEntry, OutboxEvent
from services.desk import Desk
from services.sync.client import SyncClient, SyncError, SyncProblem, enrol
from tests.server.conftest import StartServer, WebhookReceiver, admin_headers, wait_for


def _enrolled_client(desk: Desk, base_url: str) -> SyncClient:
    with httpx.Client(base_url=base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()["code"]
    client = desk.sync_client(base_url)
    client.save_token(enrol(base_url, code, "S001", "till 1"))
    return client


def _pending(desk: Desk) -> int:
    with desk.db.sessions() as s:
        return len(s.scalars(select(OutboxEvent.id).where(OutboxEvent.sent_at.is_(None))).all())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_claim_notice_reaches_inbox_and_webhook_once_across_an_outage(
    start_server: StartServer, receiver: WebhookReceiver, desk: Desk
) -> None:
    server = start_server()
    client = _enrolled_client(desk, server.base_url)
    assert client.sync().sent == 50  # the demo members' profiles (member phone pages)
    member = desk.coupons.find_member("M20260009")
    desk.coupons.claim_by_code("MJ100", member.id, "S001")
    report = client.sync()
    assert report.sent == 1 and report.pending == 0

    hook = wait_for(lambda: receiver.posts(), what="the webhook")[0].json()
    assert hook["recipient_key"] == "member-M20260009" and hook["template"] == "coupon_claimed"
    assert "全场满100减10" in hook["body"] and member.name in hook["subject"]
    # The server's feed tells the desk where the member's inbox is; the page shows the notice.
    wait_for(lambda: client.pull() >= 0 and _inbox_url(desk), what="the inbox link in the feed")
    page = httpx.get(_inbox_url(desk), timeout=10)
    assert page.status_code == 200 and "全场满100减10" in page.text

    # The server goes away: claims keep working at the desk and wait in the outbox.
    server.stop()
    desk.coupons.claim_by_code("DRINK20", member.id, "S001")
    desk.coupons.claim_by_code("DRINK20", member.id, "S001")
    with pytest.raises(SyncError) as info:
        client.sync()
    assert info.value.problem is SyncProblem.OFFLINE
    assert _pending(desk) == 2
    with desk.db.sessions() as s:
        assert max(e.attempts for e in s.scalars(select(OutboxEvent))) == 1

    # Back online (same database, new port): everything goes through, once.
    again = start_server()
    client.base_url = again.base_url
    assert client.sync().sent == 2 and _pending(desk) == 0
    assert client.sync().sent == 0  # nothing is sent twice
    wait_for(lambda: len(receiver.posts()) == 3, what="three webhook posts")
    client.close()


def _inbox_url(desk: Desk) -> str | None:
    with desk.db.sessions() as s:
        for entry in s.scalars(select(AuditEntry).where(AuditEntry.action == "feed:message.queued")):
            url = entry.detail.get("inbox_url")
            if url:
                return str(url)
    return None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_revoked_or_missing_token_is_reported(start_server: StartServer, desk: Desk) -> None:
    server = start_server()
    client = desk.sync_client(server.base_url)
    with pytest.raises(SyncError) as info:
        client.sync()
    assert info.value.problem is SyncProblem.NOT_ENROLLED
    client.save_token("not-a-real-token-" + "x" * 30)
    desk.coupons.claim_by_code("NEW5", desk.coupons.find_member("M20260010").id, "S001")
    with pytest.raises(SyncError) as info:
        client.sync()
    assert info.value.problem is SyncProblem.UNAUTHORIZED
    assert _pending(desk) == 51  # nothing marked sent without an acknowledgement (50 demo profiles + 1)
    client.close()
