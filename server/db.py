"""The server's database handle: engine, sessions, the link secret, and feed appends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, Table, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models.base import utcnow
from models.db import WRITE_OPTION, make_engine
from server.migrate import upgrade_to_head
from server.security import new_secret
from server.tables import FeedEvent, ServerBase, ServerMeta

LINK_SECRET_KEY = "link_secret"
# The largest id an Integer column holds on PostgreSQL (int4) and SQLite: bounds ids taken from URLs.
MAX_ID = 2**31 - 1


class ServerDatabase:
    """Opens (and migrates) the server database; one per app."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)
        upgrade_to_head(self.engine)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self.is_postgres = self.engine.dialect.name == "postgresql"
        self.link_secret = self._load_or_create_secret()

    def _load_or_create_secret(self) -> str:
        try:
            with self.session() as s:
                row = s.get(ServerMeta, LINK_SECRET_KEY)
                if row is None:
                    row = ServerMeta(key=LINK_SECRET_KEY, value=new_secret())
                    s.add(row)
                return row.value
        except IntegrityError:
            # Another server process created it between our read and our insert.
            with self.session() as s:
                row = s.get(ServerMeta, LINK_SECRET_KEY)
                assert row is not None
                return row.value

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One write transaction: commit on success, roll back on any error.

        On SQLite it begins IMMEDIATE (models.db): a read-then-write transaction
        would otherwise fail at once when another writer committed in between.
        """
        with self._factory() as s, s.begin():
            s.connection(execution_options={WRITE_OPTION: True})
            yield s

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only transaction; on SQLite it does not take the write lock."""
        with self._factory() as s, s.begin():
            yield s

    def append_feed(self, s: Session, station_id: int, topic: str, payload: dict[str, Any]) -> None:
        """Add a feed event in the caller's transaction.

        On PostgreSQL, ids from a sequence can commit out of order, and a reader
        polling `id > cursor` would skip the late one for ever. Appends therefore
        take a table lock held to commit, so feed ids become visible in order.
        SQLite writers are serialised already.
        """
        self.append_feed_many(s, station_id, [(topic, payload)])

    def append_feed_many(self, s: Session, station_id: int, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Several feed events (topic, payload) of one station, in order, in one statement."""
        if not events:
            return
        if self.is_postgres:
            s.execute(text("LOCK TABLE server_feed IN SHARE ROW EXCLUSIVE MODE"))
        now = utcnow()
        s.execute(
            insert(core(FeedEvent)),
            [{"station_id": station_id, "topic": t, "payload": p, "created_at": now} for t, p in events],
        )

    def close(self) -> None:
        self.engine.dispose()


def affected(result: Result[Any]) -> int:
    """Rows matched by an UPDATE: the conditional updates that make claims exclusive read this."""
    return cast(CursorResult[Any], result).rowcount


def core(model: type[ServerBase]) -> Table:
    """A mapped class's table, for Core bulk statements: a list of rows goes out as one
    multi-row statement, where the ORM's bulk path sent one statement per row here."""
    return cast(Table, model.__table__)
