"""The server's Alembic migrations, applied at start-up; a newer database is refused.

Same pattern as models/migrate.py, but with the server's own scripts and its own
version table, so a database shared with a desk keeps two independent histories.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "server_alembic_version"


class ServerDatabaseTooNew(RuntimeError):
    """The database was migrated by a newer CounterDesk server than this one."""

    def __init__(self, revision: str) -> None:
        super().__init__(f"server database is at revision {revision!r}, unknown to this version")
        self.revision = revision


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest server schema; raise ServerDatabaseTooNew for an unknown revision."""
    before = current_revision(engine)
    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    if before is not None:
        try:
            script.get_revision(before)
        except CommandError as exc:
            raise ServerDatabaseTooNew(before) from exc
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, head_revision()
