"""Migrations beside the desk's schema, the CLI enrolment code, and ServerThread start/stop."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect, text

from models.db import make_engine
from models.migrate import current_revision as desk_revision
from models.migrate import upgrade_to_head as desk_upgrade
from server.app import create_app
from server.migrate import ServerDatabaseTooNew, head_revision
from server.migrate import current_revision as server_revision
from server.runner import ServerThread, run_server
from server.settings import ServerSettings


def test_server_and_desk_migrations_share_one_database_without_mixing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    engine = make_engine(url)
    desk_before = desk_upgrade(engine)[1]
    settings = ServerSettings(database_url=url, public_base_url="http://127.0.0.1:1", delivery_workers=0)
    create_app(settings).state.db.close()
    create_app(settings).state.db.close()  # opening again is a no-op upgrade
    tables = set(inspect(engine).get_table_names())
    assert {"alembic_version", "server_alembic_version", "server_messages", "outbox"} <= tables
    assert desk_revision(engine) == desk_before
    assert server_revision(engine) == head_revision()
    assert desk_upgrade(engine) == (desk_before, desk_before)  # the desk still sees only its own history
    engine.dispose()


def test_a_newer_server_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    settings = ServerSettings(database_url=url, public_base_url="http://127.0.0.1:1", delivery_workers=0)
    create_app(settings).state.db.close()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE server_alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(ServerDatabaseTooNew):
        create_app(settings)
    thread = ServerThread(settings)
    with pytest.raises(ServerDatabaseTooNew):
        thread.start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", thread.port))  # the failed start gave its port back


def test_settings_that_cannot_work_are_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    with pytest.raises(ValueError, match="webhook_secret"):
        create_app(ServerSettings(database_url=url, public_base_url="http://h", webhook_url="http://h/hook"))
    with pytest.raises(ValueError, match="public_base_url"):
        create_app(ServerSettings(database_url=url))


def test_cli_enrolment_code_works_on_the_served_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run_server(["--database-url", url, "--new-enrolment-code", "S007"]) == 0
    code = capsys.readouterr().out.split()[0]
    thread = ServerThread(ServerSettings(database_url=url, delivery_workers=0))
    with thread, httpx.Client(base_url=thread.base_url) as client:
        r = client.post(
            "/api/stations/enrol", json={"code": code, "store_code": "S007", "name": "back office"}
        )
        assert r.status_code == 200, r.text
        assert r.json()["store_code"] == "S007"
    assert thread.settings.public_base_url == thread.base_url


def test_server_thread_stops_cleanly_and_frees_its_port(tmp_path: Path) -> None:
    thread = ServerThread(ServerSettings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))
    thread.start()
    assert httpx.get(thread.base_url + "/health").json() == {"status": "ok", "database": "sqlite"}
    thread.stop()
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", thread.port))
    again = ServerThread(ServerSettings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"), port=thread.port)
    with again:
        assert httpx.get(again.base_url + "/health").status_code == 200
