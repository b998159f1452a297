"""Alembic migrations applied at start-up, and the refusal to open a newer database.

One runner for both histories: the desk's (``DESK``, here) and the server's
(server/migrate.py), which differ only in their scripts folder and version table,
so a database shared by a desk and a server keeps two independent histories.
"""

from __future__ import annotations

from dataclasses import dataclass
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
        super().__init__(f"the database is at revision {revision!r}, unknown to this version")
        self.revision = revision


@dataclass(frozen=True)
class Migrations:
    directory: Path
    version_table: str = "alembic_version"  # the scripts' env.py must use the same table

    def config(self, engine: Engine | None = None) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(self.directory))
        if engine is not None:
            cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
        return cfg

    def head(self) -> str:
        """The newest revision; several branch heads (features migrated in parallel) read "a+b"."""
        heads = ScriptDirectory.from_config(self.config()).get_heads()
        assert heads
        return _joined(heads)

    def current(self, engine: Engine) -> str | None:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"version_table": self.version_table})
            heads = context.get_current_heads()
        return _joined(heads) if heads else None

    def upgrade(self, engine: Engine) -> tuple[str | None, str]:
        """Migrate to the newest schema these scripts know; returns (revision before, after).

        Raises DatabaseTooNew when the database carries a revision that is not in the
        scripts: a newer version wrote it, and older code could damage its data.
        """
        before = self.current(engine)
        cfg = self.config(engine)
        if before is not None:
            scripts = ScriptDirectory.from_config(cfg)
            for revision in before.split("+"):
                try:
                    scripts.get_revision(revision)
                except CommandError as exc:
                    raise DatabaseTooNew(revision) from exc
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
        return before, self.head()


def _joined(revisions: tuple[str, ...] | list[str]) -> str:
    return "+".join(sorted(revisions))


DESK = Migrations(MIGRATIONS_DIR)


def head_revision() -> str:
    return DESK.head()


def current_revision(engine: Engine) -> str | None:
    return DESK.current(engine)


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    return DESK.upgrade(engine)
