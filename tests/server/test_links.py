"""Signed links and the recipient pages: gone pages, private headers, rate limits, CSRF, single use."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from server.db import ServerDatabase
from server.links import consume, create_link, hash_prefix, revoke
from server.runner import ServerThread
from server.tables import Link, OptOut
from tests.server.conftest import (
    StartServer,
    WebhookReceiver,
    csrf_of,
    enrol,
    inbox_path,
    queue_notice,
    run_sql,
    wait_for,
)


def assert_private(response: httpx.Response) -> None:
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-robots-tag"] == "noindex"


def test_token_guessing_flood_gets_429_and_never_a_hit(start_server: StartServer) -> None:
    """push_sync test 12: 100 wrong tokens from one IP → 10 × 404, then only 429 with
    Retry-After, and from then on even a valid link is refused to that IP (zero hits)."""
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)
        valid = inbox_path(queue_notice(client, station))
        answers = [client.get(f"/inbox/guess{n:04d}AAAAAAAAAAAAAAAAAAAA") for n in range(100)]
        codes = [a.status_code for a in answers]
        assert codes[:10] == [404] * 10 and codes[10:] == [429] * 90
        assert 0 < int(answers[-1].headers["retry-after"]) <= 600
        assert "Too many requests" in answers[-1].text
        assert_private(answers[0])
        assert_private(answers[-1])
        refused = client.get(valid)
        assert refused.status_code == 429 and "满50减10" not in refused.text


def test_views_of_one_link_are_limited_per_minute(start_server: StartServer) -> None:
    server = start_server(link_view_limit=3)
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        path = inbox_path(queue_notice(client, enrol(client)))
        codes = [client.get(path).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_used_and_revoked_links_get_410_pages(
    server: ServerThread, client: httpx.Client, db_url: str
) -> None:
    path = inbox_path(queue_notice(client, enrol(client)))
    ok = client.get(path)
    assert ok.status_code == 200 and "满50减10" in ok.text
    assert_private(ok)

    run_sql(db_url, update(Link).values(max_uses=1, uses=1))
    used = client.get(path)
    assert used.status_code == 410 and "Link already used" in used.text and "链接已使用" in used.text
    assert_private(used)

    run_sql(db_url, update(Link).values(max_uses=None, revoked_at=Link.created_at))
    revoked = client.get(path)
    assert revoked.status_code == 410 and "Link cancelled" in revoked.text


def test_single_use_link_is_consumed_once_and_tokens_are_stored_hashed(db_url: str) -> None:
    db = ServerDatabase(db_url)
    try:
        with db.session() as s:
            token = create_link(s, "gift_claim", "gift:42", ttl_s=3600, max_uses=1)
        assert len(token) >= 22  # 128 bits, URL-safe
        with db.read_session() as s:
            row = s.scalars(select(Link)).one()
        assert (
            row.token_hash != token
            and token not in row.token_hash
            and row.token_hash.startswith(hash_prefix(token))
        )
        with db.session() as s:
            first = consume(s, row.id)
        with db.session() as s:
            second = consume(s, row.id)
        assert (first, second) == (True, False)

        with db.session() as s:
            other = create_link(s, "track", "order:7", ttl_s=3600)
            s.flush()
            other_id = s.scalars(select(Link.id).where(Link.subject == "order:7")).one()
        assert other
        with db.session() as s:
            assert consume(s, other_id) and consume(s, other_id)  # reusable until revoked
            assert revoke(s, other_id)
        with db.session() as s:
            assert not consume(s, other_id)
    finally:
        db.close()


def test_logs_keep_only_a_hash_prefix_of_tokens(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    token = "secretguess0123456789abcdefXYZ"
    with caplog.at_level(logging.INFO, logger="server.links"):
        assert client.get(f"/inbox/{token}").status_code == 404
    # Everything the server logged (its own loggers, uvicorn's); the test's HTTP client logs its URLs.
    server_log = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore")))
    assert hash_prefix(token) in server_log
    assert token not in server_log


def test_opt_out_form_needs_its_own_csrf_token(
    server: ServerThread, client: httpx.Client, receiver: WebhookReceiver, db_url: str
) -> None:
    station = enrol(client)
    path = inbox_path(queue_notice(client, station))
    other = inbox_path(
        queue_notice(client, station, dedup_key="k2", recipient={"key": "member-7", "name": "李四"})
    )
    page = client.get(path)
    assert "Stop messages like this" in page.text
    token = csrf_of(page.text)
    form = {"category": "coupon_claimed"}

    # No token; a token from another recipient's page; the right token without its cookie: 403.
    assert client.post(path + "/opt-out", data=form).status_code == 403
    other_token = csrf_of(client.get(other).text)
    refused = client.post(path + "/opt-out", data={**form, "csrf": other_token})
    assert refused.status_code == 403 and "Page out of date" in refused.text
    with httpx.Client(base_url=server.base_url, timeout=10) as stranger:
        assert stranger.post(path + "/opt-out", data={**form, "csrf": token}).status_code == 403
    assert run_sql(db_url, select(OptOut.id)) == []

    done = client.post(path + "/opt-out", data={**form, "csrf": token})
    assert done.status_code == 303 and done.headers["location"] == path + "?stopped=coupon_claimed"
    assert_private(done)
    after = client.get(done.headers["location"])
    assert "You will not get these messages any more" in after.text
    assert "Stop messages like this" not in after.text
    # A double click: the second POST changes nothing and does not fail.
    assert client.post(path + "/opt-out", data={**form, "csrf": token}).status_code == 303
    assert len(run_sql(db_url, select(OptOut.id))) == 1

    # The next coupon notice to this member is kept as suppressed: nothing goes out.
    wait_for(lambda: len(receiver.posts()) == 2, what="the first two webhooks")
    queued = queue_notice(client, station, dedup_key="coupon_claimed:mc-2")
    assert queued["suppressed"] == "opted out of coupon_claimed"
    # The other member still gets theirs; workers take due rows oldest first, so had the
    # suppressed one been queued it would have gone before this one.
    queue_notice(client, station, dedup_key="k3", recipient={"key": "member-7", "name": "李四"})
    wait_for(lambda: len(receiver.posts()) == 3, what="the other member's webhook")
    assert [p.json()["dedup_key"] for p in receiver.posts()][2] == "k3"
    assert "满50减10" in client.get(path).text and client.get(path).text.count("<article>") == 1


def test_migration_0002_moves_inbox_links_onto_signed_links(tmp_path: Path) -> None:
    """A server database from before 0002 keeps its inbox links working: same token hashes,
    same expiry, now in server_links with the recipient as subject."""
    from alembic import command
    from sqlalchemy import text

    from models.db import make_engine
    from server.migrate import SERVER

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    cfg = SERVER.config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO server_stations VALUES (1, 'S001', 'd', 'h', '2026-01-01 00:00:00', NULL, NULL)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO server_recipients VALUES (7, 'S001', 'member-7', '李四', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO server_messages VALUES (3, 7, 1, 'e', 'k', 'generic', 'zh', 's', 'b', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO server_inbox_links VALUES (1, 7, 3, :h, '2026-01-01 00:00:00', '2099-01-01 00:00:00')"
            ),
            {"h": "ab" * 32},
        )
    engine.dispose()
    db = ServerDatabase(url)  # migrates to head
    try:
        with db.read_session() as s:
            link = s.scalars(select(Link)).one()
        assert (link.token_hash, link.purpose, link.subject, link.uses) == (
            "ab" * 32,
            "inbox",
            "recipient:7",
            0,
        )
        assert link.expires_at.year == 2099
    finally:
        db.close()
