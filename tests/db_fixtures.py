"""Database fixtures: real SQLite files, and PostgreSQL when COUNTERDESK_TEST_PG_URL is set."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("COUNTERDESK_TEST_PG_URL", "")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the demo data, built once; tests get copies."""
    from services.database import open_database

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    open_database(sqlite_url(path)).close()
    return path


@pytest.fixture
def demo_db_url(demo_db_template: Path, tmp_path: Path) -> str:
    copy = tmp_path / "desk.sqlite3"
    shutil.copy(demo_db_template, copy)
    return sqlite_url(copy)


@pytest.fixture
def desk(demo_db_url: str) -> Iterator[object]:
    from services.desk import Desk

    d = Desk.open(demo_db_url)
    yield d
    d.close()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    if not PG_URL:
        pytest.skip("COUNTERDESK_TEST_PG_URL is not set (no PostgreSQL server for this run)")
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from models.db import make_engine

    admin = make_engine(PG_URL)
    name = f"counterdesk_test_{uuid.uuid4().hex[:12]}"
    with admin.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
