"""The desk's side of the courier contract: site declaration, feed handlers applied once with the cursor."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AppMeta, Parcel
from server.fake_courier import UNKNOWN_UNIT, DemoCourier, FakeCourier, demo_parcels, demo_recipients
from services.desk import Desk
from services.parcels.feed import HANDLERS as PARCEL_FEED
from services.sync.client import CURSOR_KEY, FeedHandler, SyncClient, enrol
from tests.server.conftest import ADMIN_TOKEN, StartServer, admin_headers
from tests.server.test_courier import SECRET, add_partner

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _client(desk: Desk, base_url: str, handlers: dict[str, FeedHandler] | None = None) -> SyncClient:
    with httpx.Client(base_url=base_url, timeout=10) as c:
        code = c.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()).json()
    client = SyncClient(desk.db.sessions, base_url, handlers=PARCEL_FEED if handlers is None else handlers)
    client.save_token(enrol(base_url, code["code"], "S001", "front desk"))
    return client


def _meta(desk: Desk, key: str) -> str | None:
    with desk.db.sessions() as s:
        row = s.get(AppMeta, key)
        return row.value if row is not None else None


def test_demo_manifest_reaches_the_desk_and_each_feed_event_is_applied_once(
    start_server: StartServer, desk: Desk, demo_db_url: str
) -> None:
    server = start_server()
    with FakeCourier(server.base_url, "SF", SECRET) as courier:
        with httpx.Client(base_url=server.base_url, timeout=10) as c:
            add_partner(c, courier.webhook_url)
        handlers: dict[str, FeedHandler] = {}
        client = _client(desk, server.base_url, handlers)
        # Before the desk declares its compound, the server knows no station for C001.
        parcels = demo_parcels(demo_recipients(demo_db_url, "C001"), "SF", 3)
        assert courier.post_manifest("C001", parcels).json()["error"] == "unknown_site"
        client.sync()  # declares C001 (the demo compound) for store S001's station
        assert courier.post_manifest("C001", parcels).status_code == 200

        seen: list[str] = []

        def trivial(session: Session, payload: dict[str, Any]) -> None:
            seen.append(payload["tracking_no"])
            session.add(AppMeta(key=f"seen:{payload['tracking_no']}", value=payload["unit"]))

        def broken(_session: Session, _payload: dict[str, Any]) -> None:
            raise RuntimeError("handler bug")

        # A handler that fails rolls the page back: the cursor stays, nothing is half-applied.
        cursor = _meta(desk, CURSOR_KEY)
        handlers["parcel.announced"] = broken
        with pytest.raises(RuntimeError):
            client.pull()
        assert _meta(desk, CURSOR_KEY) == cursor

        handlers["parcel.announced"] = trivial
        assert client.pull() == 4
        assert client.pull() == 0  # applied once: a second pull finds nothing new
        assert seen == [p["tracking_no"] for p in parcels]
        assert _meta(desk, f"seen:{parcels[-1]['tracking_no']}") == UNKNOWN_UNIT["unit"]
        assert _meta(desk, CURSOR_KEY) != cursor


def test_parcel_feed_handlers_store_announced_parcels_and_flag_the_unknown_unit(
    start_server: StartServer, desk: Desk, demo_db_url: str
) -> None:
    server = start_server()
    with FakeCourier(server.base_url, "SF", SECRET) as courier:
        with httpx.Client(base_url=server.base_url, timeout=10) as c:
            add_partner(c, courier.webhook_url)
        client = _client(desk, server.base_url)
        assert client.declare_sites() == ["C001"]
        parcels = demo_parcels(demo_recipients(demo_db_url), "SF", 4, seed=11)
        assert courier.post_manifest("C001", parcels).json()["announced"] == [p["tracking_no"] for p in parcels]
        client.sync()
        client.sync()
    numbers = [p["tracking_no"] for p in parcels]
    with desk.db.sessions() as s:
        rows = {p.tracking_no: p for p in s.scalars(select(Parcel).where(Parcel.tracking_no.in_(numbers)))}
    assert sorted(rows) == sorted(numbers) and all(r.state == "announced" for r in rows.values())
    known, unknown = parcels[:-1], parcels[-1]
    assert all(rows[p["tracking_no"]].resident_id is not None for p in known)  # real demo residents
    assert rows[unknown["tracking_no"]].resident_id is None and rows[unknown["tracking_no"]].flag



def test_the_demo_courier_registers_again_on_each_start_and_its_manifest_reaches_the_desk_once(
    start_server: StartServer, desk: Desk, demo_db_url: str
) -> None:
    """What `uv run main.py` does with its in-process server: the Desk menu's courier demo."""
    server = start_server()
    client = _client(desk, server.base_url)
    client.sync()  # the desk declares C001
    first = DemoCourier(server.base_url, ADMIN_TOKEN, demo_db_url)
    first.stop()
    demo = DemoCourier(server.base_url, ADMIN_TOKEN, demo_db_url)  # a later run: new port, new secret
    try:
        assert demo.deliver(3) == 4  # three residents and the unit that does not exist
        client.sync()
        with desk.db.sessions() as s:
            announced = s.scalars(select(Parcel).where(Parcel.state == "announced",
                                                       Parcel.tracking_no.like("SF%"))).all()
        assert len(announced) >= 4 and sum(1 for p in announced if p.resident_id is None) >= 1
        assert demo.deliver(2) == 3  # a second manifest: new tracking numbers, announced as well
    finally:
        demo.stop()
