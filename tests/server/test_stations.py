"""Health, OpenAPI, enrolment and bearer-token authentication against a real uvicorn."""

from __future__ import annotations

import httpx

from server.runner import ServerThread
from tests.server.conftest import admin_headers, enrol


def test_health_and_openapi(client: httpx.Client) -> None:
    assert client.get("/health").json()["status"] == "ok"
    schema = client.get("/openapi.json").json()
    for path in ("/api/stations/enrol", "/api/sync/events", "/api/sync/feed", "/inbox/{token}"):
        assert path in schema["paths"]
    assert "requestBody" in schema["paths"]["/api/sync/events"]["post"]


def test_enrol_gives_a_token_that_authenticates(client: httpx.Client) -> None:
    station = enrol(client, "S001", "front desk")
    assert len(station["token"]) >= 40
    me = client.get("/api/stations/me", headers=station["headers"])
    assert me.status_code == 200
    assert me.json() == {"station_id": station["station_id"], "store_code": "S001", "name": "front desk"}


def test_enrolment_code_is_single_use_and_store_bound(client: httpx.Client) -> None:
    code = client.post(
        "/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()
    ).json()
    wrong_store = client.post("/api/stations/enrol", json={"code": code["code"], "store_code": "S002"})
    assert wrong_store.status_code == 403
    assert wrong_store.json()["error"] == "invalid_enrolment_code"
    # Lower case and no dashes, as someone might type it, still works once.
    typed = code["code"].replace("-", "").lower()
    first = client.post("/api/stations/enrol", json={"code": typed, "store_code": "S001"})
    assert first.status_code == 200
    again = client.post("/api/stations/enrol", json={"code": code["code"], "store_code": "S001"})
    assert again.status_code == 403
    unknown = client.post("/api/stations/enrol", json={"code": "AAAA-BBBB-CCCC-DDDD", "store_code": "S001"})
    assert unknown.status_code == 403


def test_admin_endpoints_need_the_admin_token(client: httpx.Client) -> None:
    assert client.post("/api/admin/enrolment-codes", json={"store_code": "S001"}).status_code == 401
    bad = client.post(
        "/api/admin/enrolment-codes", json={"store_code": "S001"}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401
    assert bad.json()["error"] == "invalid_token"


def test_missing_malformed_unknown_and_revoked_tokens_get_401(client: httpx.Client) -> None:
    station = enrol(client)
    cases = {
        "missing_token": {},
        "malformed_token": {"Authorization": "Basic abc"},
        "invalid_token": {"Authorization": "Bearer cds_not-a-real-token"},
    }
    for reason, headers in cases.items():
        for method, path in (("GET", "/api/sync/feed"), ("POST", "/api/sync/events")):
            r = client.request(method, path, headers=headers, json={"events": []})
            assert r.status_code == 401, (reason, path)
            assert r.json()["error"] == reason
            assert r.headers["www-authenticate"] == "Bearer"
    revoke = client.post(f"/api/admin/stations/{station['station_id']}/revoke", headers=admin_headers())
    assert revoke.status_code == 200
    r = client.get("/api/sync/feed", headers=station["headers"])
    assert r.status_code == 401
    assert r.json()["error"] == "revoked_token"
    listed = client.get("/api/admin/stations", headers=admin_headers()).json()
    assert listed[0]["revoked_at"] is not None


def test_a_value_the_database_cannot_store_is_a_clear_4xx_and_writes_nothing(
    client: httpx.Client, server: ServerThread
) -> None:
    code = client.post(
        "/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=admin_headers()
    ).json()
    # A NUL in a name: PostgreSQL refuses the text (SQLite takes it). Never a 500.
    r = client.post(
        "/api/stations/enrol", json={"code": code["code"], "store_code": "S001", "name": "desk\x00"}
    )
    if not server.settings.database_url.startswith("postgresql"):
        assert r.status_code == 200
        return
    assert r.status_code == 422 and r.json()["error"] == "unstorable_value", r.text
    # Nothing was written: the code is still unused.
    again = client.post("/api/stations/enrol", json={"code": code["code"], "store_code": "S001"})
    assert again.status_code == 200
