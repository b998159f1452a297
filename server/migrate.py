"""The server's Alembic history: its own scripts and version table, run by the desk's runner."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from models.migrate import DatabaseTooNew, Migrations

VERSION_TABLE = "server_alembic_version"
SERVER = Migrations(Path(__file__).resolve().parent / "migrations", VERSION_TABLE)

ServerDatabaseTooNew = DatabaseTooNew  # a too-new server database fails like a desk one


def head_revision() -> str:
    return SERVER.head()


def current_revision(engine: Engine) -> str | None:
    return SERVER.current(engine)


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest server schema; raise DatabaseTooNew for an unknown revision."""
    return SERVER.upgrade(engine)
