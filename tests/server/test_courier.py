"""Courier API over real HTTP: a real uvicorn server and the real fake courier service."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from sqlalchemy import func, select

from server.delivery.courier import sign
from server.fake_courier import FakeCourier
from server.runner import ServerThread
from server.tables import CourierCall, CourierParcel, CourierRequest, FeedEvent
from tests.server.conftest import StartServer, admin_headers, enrol, event, feed, run_sql, wait_for

SECRET = "sf-partner-secret-0123456789abcdef"
ANNOUNCED_KEYS = {"courier_code", "courier_name", "tracking_no", "recipient_name", "recipient_phone", "building",
                  "unit", "size", "manifest_id", "arrived_at"}


def parcel(tracking_no: str, **overrides: Any) -> dict[str, Any]:
    p: dict[str, Any] = {"tracking_no": tracking_no, "recipient_name": "张三", "recipient_phone": "13800001111",
                         "building": "1", "unit": "0301", "size": "S"}
    p.update(overrides)
    return p


def add_partner(client: httpx.Client, webhook_url: str, code: str = "SF") -> None:
    r = client.post("/api/admin/couriers", headers=admin_headers(),
                    json={"code": code, "name": "顺丰速运", "webhook_url": webhook_url, "secret": SECRET})
    assert r.status_code == 200, r.text
    assert r.json()["secret"] == SECRET and r.json()["active"] is True


def station_for(client: httpx.Client, store: str, sites: list[str]) -> dict[str, Any]:
    st = enrol(client, store, f"desk {store}")
    r = client.put("/api/stations/me/sites", json={"sites": sites}, headers=st["headers"])
    assert r.status_code == 200 and r.json()["sites"] == sorted(sites), r.text
    return st


def topics(client: httpx.Client, station: dict[str, Any], topic: str) -> list[dict[str, Any]]:
    return [e["payload"] for e in feed(client, station["headers"]) if e["topic"] == topic]


def count(db_url: str, table: Any) -> int:
    return int(run_sql(db_url, select(func.count()).select_from(table))[0][0])


@pytest.fixture
def setup(start_server: StartServer) -> Iterator[tuple[ServerThread, httpx.Client, FakeCourier]]:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=10) as client, \
            FakeCourier(server.base_url, "SF", SECRET, ack_delay_s=0.05, collect_delay_s=0.05) as courier:
        add_partner(client, courier.webhook_url)
        yield server, client, courier


def test_manifest_reaches_only_the_station_serving_the_site_once_per_tracking_number(
    setup: tuple[ServerThread, httpx.Client, FakeCourier],
) -> None:
    _server, client, courier = setup
    desk = station_for(client, "S001", ["C001"])
    other = station_for(client, "S002", ["C002"])

    r = courier.post_manifest("C001", [parcel("SF100000000001"), parcel("SF100000000002", size="L"),
                                       parcel("SF100000000001")])
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["announced"] == ["SF100000000001", "SF100000000002"]
    assert answer["duplicates"] == ["SF100000000001"] and answer["stations"] == 1

    announced = topics(client, desk, "parcel.announced")
    assert [a["tracking_no"] for a in announced] == ["SF100000000001", "SF100000000002"]
    assert set(announced[0]) == ANNOUNCED_KEYS
    assert announced[1]["courier_code"] == "SF" and announced[1]["courier_name"] == "顺丰速运"
    assert announced[1]["size"] == "L" and announced[1]["manifest_id"] == answer["manifest_id"]
    assert announced[1]["arrived_at"].endswith("+00:00")
    assert feed(client, other["headers"]) == []  # another store's station never sees it

    # A second manifest repeating a tracking number announces only the new parcel.
    again = courier.post_manifest("C001", [parcel("SF100000000002"), parcel("SF100000000003")]).json()
    assert again["announced"] == ["SF100000000003"] and again["duplicates"] == ["SF100000000002"]
    assert len(topics(client, desk, "parcel.announced")) == 3

    # A station that stops declaring the site stops getting its manifests: unknown site, nothing stored.
    client.put("/api/stations/me/sites", json={"sites": []}, headers=desk["headers"])
    gone = courier.post_manifest("C001", [parcel("SF100000000009")])
    assert gone.status_code == 404 and gone.json()["error"] == "unknown_site"


def test_bad_requests_get_clear_errors_and_write_nothing(
    setup: tuple[ServerThread, httpx.Client, FakeCourier], db_url: str,
) -> None:
    _server, client, courier = setup
    station_for(client, "S001", ["C001"])
    body = json.dumps({"site": "C001", "parcels": [parcel("SF200000000001")]}).encode()
    path = "/api/courier/manifests"

    def refused(r: httpx.Response, status: int, error: str) -> None:
        assert r.status_code == status, r.text
        assert r.json()["error"] == error and r.json()["message"]

    refused(courier.signed_post(path, body, secret="not-the-secret-at-all"), 401, "bad_signature")
    refused(courier.signed_post(path, body, timestamp=str(int(time.time()) - 301)), 401, "stale_timestamp")
    refused(courier.signed_post(path, body, timestamp="yesterday"), 401, "stale_timestamp")
    refused(courier.signed_post(path, b"{not json"), 400, "malformed_json")
    refused(courier.signed_post(path, json.dumps({"site": "C001", "parcels": [parcel("SF2", size="XL")]}).encode()),
            422, "invalid_request")
    refused(courier.signed_post(path, json.dumps({"site": "C404", "parcels": [parcel("SF200000000001")]}).encode()),
            404, "unknown_site")
    refused(courier.signed_post(path, b" " * (1024 * 1024 + 1)), 413, "body_too_large")
    unsigned = client.post(path, content=body, headers={"Content-Type": "application/json"})
    refused(unsigned, 401, "unknown_courier")
    now = str(int(time.time()))
    no_key = client.post(path, content=body, headers={"X-Courier": "SF", "X-Timestamp": now,
                                                      "X-Signature": sign(SECRET, now, body)})
    refused(no_key, 400, "missing_idempotency_key")
    for table in (CourierRequest, CourierParcel, FeedEvent):
        assert count(db_url, table) == 0, table.__tablename__

    # Idempotency: the same key and body → the first answer again; another body → 409.
    first = courier.signed_post(path, body, "manifest-42")
    assert first.status_code == 200, first.text
    replay = courier.signed_post(path, body, "manifest-42")
    assert replay.status_code == 200 and replay.json() == first.json()
    assert replay.headers["idempotent-replayed"] == "true"
    other = json.dumps({"site": "C001", "parcels": [parcel("SF200000000002")]}).encode()
    refused(courier.signed_post(path, other, "manifest-42"), 409, "idempotency_conflict")
    assert count(db_url, FeedEvent) == 1 and count(db_url, CourierRequest) == 2  # kept under its key and its body's

    # A deactivated partner is refused.
    client.post("/api/admin/couriers/SF/deactivate", headers=admin_headers())
    refused(courier.signed_post(path, other), 401, "unknown_courier")

    # Switched on again with a rotated secret: the old secret is refused, the new one accepted.
    rotated = "rotated-secret-" + "x" * 16
    r = client.put("/api/admin/couriers/SF", json={"secret": rotated, "active": True}, headers=admin_headers())
    assert r.status_code == 200 and r.json()["active"] is True, r.text
    refused(courier.signed_post(path, other), 401, "bad_signature")
    assert courier.signed_post(path, other, secret=rotated).status_code == 200
    unknown = client.put("/api/admin/couriers/ZZ", json={"active": True}, headers=admin_headers())
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_courier"


def test_recall_goes_to_the_courier_signed_retried_once_and_its_answers_come_back(
    setup: tuple[ServerThread, httpx.Client, FakeCourier], db_url: str,
) -> None:
    _server, client, courier = setup
    desk = station_for(client, "S001", ["C001"])
    courier.post_manifest("C001", [parcel("SF300000000001")])
    recall = {"courier_code": "sf", "tracking_no": "SF300000000001", "site": "C001", "reason": "not_collected",
              "requested_at": "2026-11-23T12:00:00+00:00", "recipient_name": "张三",
              "recipient_phone": "13800001111", "building": "1", "unit": "0301"}
    courier.down = True  # the courier's system is down: the call is retried with backoff
    r = client.post("/api/sync/events", json={"events": [event("parcel.recall", recall)]}, headers=desk["headers"])
    assert r.json()["results"][0]["status"] == "applied", r.text
    wait_for(lambda: courier.attempts >= 2, what="retries while the courier is down")
    assert courier.calls() == []
    courier.down = False
    call = wait_for(lambda: courier.calls("parcel.recall"), what="the recall webhook")[0]
    assert call["tracking_no"] == "SF300000000001" and call["courier_code"] == "SF"
    assert call["site"] == "C001" and call["unit"] == "0301" and call["store_code"] == "S001"

    # The courier answers (door to door), then collects; both reach the station's feed.
    ack = wait_for(lambda: topics(client, desk, "parcel.recall_ack"), what="the recall_ack")[0]
    assert ack["courier_code"] == "SF" and ack["instruction"] == "door_to_door" and ack["pickup_by"]
    done = wait_for(lambda: topics(client, desk, "parcel.collected"), what="collected")[0]
    assert done["tracking_no"] == "SF300000000001" and done["collected_at"]

    # The same recall again (another outbox event): deduplicated, the courier hears it once.
    again = client.post("/api/sync/events", json={"events": [event("parcel.recall", recall)]},
                        headers=desk["headers"]).json()["results"][0]
    assert again["status"] == "applied" and again["reason"].startswith("deduplicated")
    stored = {"courier_code": "SF", "tracking_no": "SF300000000001", "site": "C001", "bank": "A", "slot": 3,
              "stored_at": "2026-11-23T10:00:00+00:00"}
    client.post("/api/sync/events", json={"events": [event("parcel.stored", stored)]}, headers=desk["headers"])
    got = wait_for(lambda: courier.calls("parcel.stored"), what="the stored call")[0]
    assert got["bank"] == "A" and got["slot"] == 3
    assert len(courier.calls("parcel.recall")) == 1 and courier.refused == []
    assert [s for (s,) in run_sql(db_url, select(CourierCall.state))] == ["sent", "sent"]


def test_calls_to_a_courier_that_stays_down_end_as_dead_letters_the_desk_hears_of(
    setup: tuple[ServerThread, httpx.Client, FakeCourier],
) -> None:
    _server, client, courier = setup
    desk = station_for(client, "S001", ["C001"])
    courier.down = True
    picked = {"courier_code": "SF", "tracking_no": "SF400000000001", "picked_up_at": "2026-11-23T10:00:00+00:00"}
    unknown = {**picked, "courier_code": "NOPE"}
    r = client.post("/api/sync/events", json={"events": [event("parcel.picked_up", picked),
                                                         event("parcel.picked_up", unknown),
                                                         event("parcel.picked_up", {"courier_code": "SF"})]},
                    headers=desk["headers"]).json()["results"]
    assert [x["status"] for x in r] == ["applied", "rejected", "rejected"]
    assert "not an active courier partner" in r[1]["reason"] and "tracking_no" in r[2]["reason"]
    failed = wait_for(lambda: topics(client, desk, "courier.call_failed"), what="the dead letter")[0]
    assert failed == {"courier_code": "SF", "tracking_no": "SF400000000001", "kind": "parcel.picked_up",
                      "state": "dead", "attempts": 3, "error": "HTTP 503"}
    assert courier.attempts == 3
    partners = client.get("/api/admin/couriers", headers=admin_headers()).json()
    assert partners[0]["code"] == "SF" and partners[0]["calls_dead"] == 1 and "secret" not in partners[0]


def test_courier_answers_about_unknown_parcels_are_refused(
    setup: tuple[ServerThread, httpx.Client, FakeCourier],
) -> None:
    _server, client, courier = setup
    station_for(client, "S001", ["C001"])
    r = courier.post_json("/api/courier/events", {"type": "collected", "tracking_no": "SF999999999999",
                                                  "collected_at": "2026-11-23T10:00:00+00:00"})
    assert r.status_code == 404 and r.json()["error"] == "unknown_parcel"
    bad = courier.post_json("/api/courier/events", {"type": "recall_ack", "tracking_no": "SF999999999999",
                                                    "instruction": "burn_it"})
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_request"
    dup = client.post("/api/admin/couriers", headers=admin_headers(),
                      json={"code": "SF", "name": "again", "webhook_url": ""})
    assert dup.status_code == 409 and dup.json()["error"] == "courier_exists"


def test_signed_bodies_generated_from_the_schema_never_get_a_server_error(
    setup: tuple[ServerThread, httpx.Client, FakeCourier], db_url: str,
) -> None:
    """schemathesis bodies for the courier endpoints, correctly signed, so they get past the signature."""
    server, client, courier = setup
    station_for(client, "S001", ["C001"])
    schema = schemathesis.openapi.from_url(server.base_url + "/openapi.json")
    problems: list[str] = []
    def fuzz(path: str) -> None:
        @settings(max_examples=10, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=schema[path]["POST"].as_strategy())
        def run(case: Any) -> None:
            if isinstance(case.body, dict) and "site" in case.body:
                case.body["site"] = "C001"  # a served site, so valid manifests are written
            body = json.dumps(case.body, ensure_ascii=False).encode()
            r = courier.signed_post(path, body)
            if r.status_code not in (200, 400, 404, 409, 422):
                problems.append(f"{path} {body[:200]!r} → {r.status_code}: {r.text[:200]}")

        run()

    fuzz("/api/courier/manifests")
    fuzz("/api/courier/events")
    assert count(db_url, FeedEvent) > 0  # some generated manifests were accepted and announced
    assert problems == []


def test_two_copies_of_one_manifest_at_once_announce_each_parcel_once(
    setup: tuple[ServerThread, httpx.Client, FakeCourier], db_url: str,
) -> None:
    _server, client, courier = setup
    desk = station_for(client, "S001", ["C001"])
    body = json.dumps({"site": "C001", "parcels": [parcel(f"SF5000000000{i:02d}") for i in range(20)]}).encode()
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: courier.signed_post("/api/courier/manifests", body, "same-key"), range(4)))
    assert {r.status_code for r in answers} == {200}
    assert len({r.text for r in answers}) == 1  # every copy gets the one stored answer
    assert len(topics(client, desk, "parcel.announced")) == 20
    assert count(db_url, CourierRequest) == 2  # its key and its body's
