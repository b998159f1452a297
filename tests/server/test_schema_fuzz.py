"""schemathesis against the served OpenAPI schema on a real uvicorn: no endpoint answers 5xx,
whatever it is sent, with no token, a station token or the admin token."""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from server.runner import ServerThread
from tests.server.conftest import StartServer, admin_headers, enrol

EXAMPLES_PER_OPERATION = 15


def fuzz_operation(server: ServerThread, operation: Any, identities: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        for headers in identities:
            response = case.call(base_url=server.base_url, headers=headers, timeout=10)
            if response.status_code >= 500:
                problems.append(
                    f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:200]}"
                )

    run()
    return problems


def test_no_server_errors_on_any_endpoint(start_server: StartServer) -> None:
    server = start_server(bad_link_limit=10_000, link_view_limit=10_000)
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        station = enrol(client)["headers"]
    schema = schemathesis.openapi.from_url(server.base_url + "/openapi.json")
    identities = [{}, station, admin_headers()]
    problems: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8, [op.label for op in operations]
    for operation in operations:
        problems.extend(fuzz_operation(server, operation, identities))
    assert problems == []
    # The server is still healthy afterwards.
    assert httpx.get(server.base_url + "/health", timeout=5).json()["status"] == "ok"
