"""Opening the desk's database: connect, migrate, load the demo data on a fresh one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import models
from models.db import describe_url, make_engine, make_session_factory, unit_of_work
from models.migrate import DatabaseTooNew, upgrade_to_head
from services.core.errors import DeskError, ErrorCode
from services.core.records import DatabaseStatus

log = logging.getLogger(__name__)


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    status: DatabaseStatus

    def close(self) -> None:
        self.engine.dispose()


def _is_empty(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return not session.scalar(select(func.count(models.Store.id)))


def open_database(url: str, *, load_demo: bool = True) -> Database:
    """Connect to ``url``, migrate it to the newest schema and, if it has no data, load the demo shop.

    Raises DeskError(DATABASE_TOO_NEW / DATABASE_DAMAGED / DATABASE_UNREACHABLE).
    Nothing is deleted or overwritten when any of those happens.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    shown = describe_url(url)
    try:
        before, after = upgrade_to_head(engine)
    except DatabaseTooNew as exc:
        engine.dispose()
        raise DeskError(ErrorCode.DATABASE_TOO_NEW, url=shown, revision=exc.revision) from exc
    except DatabaseError as exc:  # OperationalError included
        engine.dispose()
        reason = str(exc.orig)
        damaged = parsed.get_backend_name() == "sqlite" and (
            "not a database" in reason or "malformed" in reason or not isinstance(exc, OperationalError)
        )
        code = ErrorCode.DATABASE_DAMAGED if damaged else ErrorCode.DATABASE_UNREACHABLE
        raise DeskError(code, url=shown, reason=reason) from exc
    sessions = make_session_factory(engine)
    demo_loaded = False
    if load_demo and _is_empty(sessions):
        from services.demo.shop import load_demo_data

        with unit_of_work(sessions) as session:
            load_demo_data(session)
        demo_loaded = True
        log.info("loaded demo data into %s", shown)
    status = DatabaseStatus(
        url=shown,
        backend=parsed.get_backend_name(),
        revision=after,
        created=before is None,
        demo_loaded=demo_loaded,
    )
    return Database(engine, sessions, status)


def reset_demo_data(db: Database) -> None:
    """Delete every row (schema and migration stamp kept) and load the demo data again."""
    from services.demo.shop import load_demo_data

    with unit_of_work(db.sessions) as session:
        for table in reversed(models.Base.metadata.sorted_tables):
            session.execute(delete(table))
        load_demo_data(session)
