"""Courier and sync JSON inputs fuzzed with hypothesis against a real uvicorn (issue 19 item 11).

Any JSON a desk or a courier can send — lone surrogates, NUL, deep nesting, long texts,
odd numbers — gets a 2xx or a 4xx, never a 5xx; a sync batch that is accepted answers
every event, and a rejected event never takes the good one beside it down.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.delivery.courier import sign
from tests.server.conftest import StartServer, enrol, notify_payload
from tests.server.test_courier import SECRET, add_partner, station_for

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

# Texts with what hurt before: lone surrogates, NUL, other controls, CJK, long runs.
texts = st.one_of(
    st.text(st.characters(codec=None, categories=None), max_size=12),
    st.sampled_from(["a\ud800b", "\udfff", "a\x00b", "长" * 201, "x" * 400, "²", ""]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False,
                                                                                     allow_infinity=False), texts)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=12,
)
nested = st.integers(1, 120).map(lambda n: json.loads("[" * n + "]" * n))


def notify_variants() -> st.SearchStrategy[dict[str, Any]]:
    """Real notify payloads with one field replaced by anything."""
    base = notify_payload("fuzz")
    return st.one_of(
        st.builds(lambda k, v: {**base, k: v}, st.sampled_from(sorted(base)), st.one_of(documents, nested)),
        st.builds(lambda v: {**base, "template": "generic", "params": {"title": v, "text": v}}, texts),
        st.builds(lambda v: {**base, "recipient": {"key": v, "name": v}}, texts),
    )


def _event(topic: str, payload: Any) -> dict[str, Any]:
    return {"event_id": uuid.uuid4().hex, "topic": topic, "payload": payload,
            "created_at": datetime.now(UTC).isoformat()}


def test_any_sync_payload_is_answered_per_event(start_server: StartServer) -> None:
    server = start_server(sync_rate_limit=100_000)
    with httpx.Client(base_url=server.base_url, timeout=20) as client:
        station = enrol(client)
        headers = {**station["headers"], "Content-Type": "application/json"}

        @FUZZ
        @given(st.sampled_from(["notify.member", "parcel.stored", "desk.note"]),
               st.one_of(notify_variants(), st.dictionaries(texts, documents, max_size=4)))
        def check(topic: str, payload: dict[str, Any]) -> None:
            good = _event("notify.member", notify_payload(uuid.uuid4().hex))
            body = json.dumps({"events": [_event(topic, payload), good]}).encode()
            r = client.post("/api/sync/events", content=body, headers=headers)
            assert r.status_code < 500, r.text
            if r.status_code == 200:
                results = r.json()["results"]
                assert [x["status"] for x in results][1] == "applied", results
                assert results[0]["status"] in ("applied", "stored", "rejected"), results

        check()


def test_any_courier_body_is_a_2xx_or_4xx(start_server: StartServer) -> None:
    server = start_server()
    with httpx.Client(base_url=server.base_url, timeout=20) as client:
        add_partner(client, "http://127.0.0.1:9/unused")
        station_for(client, "S001", ["C001"])

        parcel_like = st.fixed_dictionaries(
            {"tracking_no": texts, "recipient_name": texts, "recipient_phone": texts, "building": texts,
             "unit": texts, "size": st.sampled_from(["S", "M", "L", "XL"])})
        bodies = st.one_of(
            documents,
            nested,
            st.builds(lambda p: {"site": "C001", "parcels": [p]}, parcel_like),
            st.builds(lambda t, c: {"type": "collected", "tracking_no": t, "collected_at": c}, texts, texts),
        )

        @FUZZ
        @given(st.sampled_from(["/api/courier/manifests", "/api/courier/events"]), bodies)
        def check(path: str, document: Any) -> None:
            raw = json.dumps(document).encode()
            ts = str(int(time.time()))
            r = client.post(path, content=raw, headers={
                "Content-Type": "application/json", "X-Courier": "SF", "X-Timestamp": ts,
                "X-Signature": sign(SECRET, ts, raw), "Idempotency-Key": uuid.uuid4().hex})
            assert r.status_code < 500, r.text
            assert r.status_code in (200, 400, 404, 422), r.text

        check()
