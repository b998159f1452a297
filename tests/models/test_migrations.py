from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from models.db import make_engine
from models.migrate import current_revision, head_revision, upgrade_to_head
from services.core.errors import DeskError, ErrorCode
from services.database import open_database
from tests.db_fixtures import sqlite_url

TABLES = {"operators", "stores", "categories", "products", "members", "audit_log", "outbox",
          "compounds", "buildings", "units", "residents", "app_meta"}


def _check_fresh_database(url: str) -> None:
    db = open_database(url)
    try:
        assert db.status.created and db.status.demo_loaded
        assert db.status.revision == head_revision()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        assert current_revision(db.engine) == head_revision()
    finally:
        db.close()
    # Opening again migrates nothing and loads nothing twice.
    again = open_database(url)
    try:
        assert not again.status.created and not again.status.demo_loaded
        with again.engine.connect() as conn:
            assert conn.execute(text("select count(*) from stores")).scalar() == 1
    finally:
        again.close()


def test_migrations_from_empty_sqlite(tmp_path: Path) -> None:
    _check_fresh_database(sqlite_url(tmp_path / "nested" / "desk.sqlite3"))


def test_migrations_from_empty_postgresql(pg_url: str) -> None:
    _check_fresh_database(pg_url)


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "x.sqlite3"))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


def test_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    open_database(url).close()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(DeskError) as info:
        open_database(url)
    assert info.value.code is ErrorCode.DATABASE_TOO_NEW
    assert info.value.params["revision"] == "9999_from_the_future"
    engine = make_engine(url)
    with engine.connect() as conn:  # nothing was changed or dropped
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "9999_from_the_future"
        assert conn.execute(text("select count(*) from products")).scalar() >= 200
    engine.dispose()


def test_damaged_file_gets_a_clear_error_and_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    garbage = b"this is not a database, it is a shopping list\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(DeskError) as info:
        open_database(sqlite_url(path))
    assert info.value.code is ErrorCode.DATABASE_DAMAGED
    assert path.read_bytes() == garbage


def test_unreachable_postgresql_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DeskError) as info:
        open_database("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert info.value.code is ErrorCode.DATABASE_UNREACHABLE
    assert "127.0.0.1" in info.value.params["url"]


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "d.sqlite3"))
    assert upgrade_to_head(engine) == (None, head_revision())
    assert upgrade_to_head(engine) == (head_revision(), head_revision())
    engine.dispose()
