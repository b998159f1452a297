"""Alembic migrations applied at start-up, and the refusal to open a newer database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseTooNew(RuntimeError):
    """The database was migrated by a newer CounterDesk than this one."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
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
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    """Migrate the database to the newest schema this code knows.

    Returns (revision before, revision after). Raises DatabaseTooNew when the
    database carries a revision that is not in our scripts: a newer app wrote it,
    and opening it with older code could damage data.
    """
    before = current_revision(engine)
    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    if before is not None:
        try:
            script.get_revision(before)
        except CommandError as exc:
            raise DatabaseTooNew(before) from exc
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, head_revision()
