"""Handlers get the app's parts through server/deps.py, never from request.app.state."""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from server import deps
from server.app import create_app
from server.settings import ServerSettings
from tests.server.conftest import ADMIN_TOKEN

SERVER = Path(__file__).resolve().parents[2] / "server"
# Separate FastAPI apps with state of their own (main's payment gateway sandbox), not this server's.
OTHER_APPS = ("sandbox",)


def _state_reads(path: Path) -> list[int]:
    """Lines where the module reads `<something>.app.state.<name>` (a request's app)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "state"
            and isinstance(node.value.value, ast.Attribute)
            and node.value.value.attr == "app"
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_dependency_providers_read_the_apps_state() -> None:
    modules = sorted(SERVER.rglob("*.py"))
    assert SERVER / "api" / "sync.py" in modules
    found = {
        str(p.relative_to(SERVER)): lines
        for p in modules
        if p != SERVER / "deps.py"
        and p.relative_to(SERVER).parts[0] not in OTHER_APPS
        and (lines := _state_reads(p))
    }
    assert found == {}, f"read request.app.state through server/deps.py instead: {found}"
    assert _state_reads(SERVER / "deps.py"), "the providers read app.state"


@pytest.fixture
def served_app(db_url: str, tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    """create_app served by a real uvicorn on 127.0.0.1; the app is handed to the test."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = ServerSettings(
        database_url=db_url,
        admin_token=ADMIN_TOKEN,
        public_base_url=base_url,
        data_dir=str(tmp_path),
        delivery_workers=1,
    )
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield app, base_url
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def test_a_handler_takes_its_settings_from_the_dependency(served_app: tuple[FastAPI, str]) -> None:
    """Overriding the settings provider changes what the admin check and the handler see:
    neither reads the settings anywhere else."""
    app, base_url = served_app
    other_token = "another-admin-token-9876543210"
    with httpx.Client(base_url=base_url, timeout=10) as http:
        body = {"store_code": "S1"}
        assert (
            http.post("/api/admin/enrolment-codes", json=body, headers=_bearer(ADMIN_TOKEN)).status_code
            == 200
        )

        served: ServerSettings = app.state.settings
        app.dependency_overrides[deps.get_settings] = lambda: dataclasses.replace(
            served, admin_token=other_token, enrolment_code_ttl_s=60
        )
        refused = http.post("/api/admin/enrolment-codes", json=body, headers=_bearer(ADMIN_TOKEN))
        assert refused.status_code == 401
        assert refused.json()["error"] == "invalid_token"
        started = time.time()
        made = http.post("/api/admin/enrolment-codes", json=body, headers=_bearer(other_token))
        assert made.status_code == 200
        expires = datetime.fromisoformat(made.json()["expires_at"])
        assert expires.timestamp() - started < 120  # the overridden 60 s TTL, not the day

        app.dependency_overrides.clear()
        assert (
            http.post("/api/admin/enrolment-codes", json=body, headers=_bearer(ADMIN_TOKEN)).status_code
            == 200
        )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
