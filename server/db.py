"""The server's database handle: engine, sessions, the link secret, and feed appends."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    Connection,
    CursorResult,
    Engine,
    Result,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
    text,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker
from sqlalchemy.sql.schema import ColumnDefault

from models.base import utcnow
from models.db import WRITE_OPTION, make_engine
from server.migrate import upgrade_to_head
from server.security import new_secret
from server.tables import FeedEvent, ServerBase, ServerMeta

LINK_SECRET_KEY = "link_secret"
T = TypeVar("T")

# The largest id an Integer column holds on PostgreSQL (int4) and SQLite: bounds ids taken from URLs.
MAX_ID = 2**31 - 1
# Session.info key of the feed events a transaction will write at commit.
_PENDING_FEED = "counterdesk_pending_feed"


class ServerDatabase:
    """Opens (and migrates) the server database; one per app."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)
        upgrade_to_head(self.engine)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._factory, "before_commit", self._write_feed)
        event.listen(self._factory, "after_rollback", lambda s: s.info.pop(_PENDING_FEED, None))
        self.is_postgres = self.engine.dialect.name == "postgresql"
        # Delivery claims and outcomes (write_connection(durable=False)): on PostgreSQL their
        # own pool, whose sessions commit without waiting for the WAL flush and skip the
        # liveness ping (a connection lost to a database restart fails that one claim or
        # record, which is retried, and the pool drops it).
        self._fast_engine = (
            create_engine(
                self.engine.url,
                pool_pre_ping=False,
                connect_args={"options": "-c synchronous_commit=off"},
            )
            if self.is_postgres
            else self.engine
        )
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
        """Add a feed event to the caller's transaction (written just before it commits)."""
        self.append_feed_many(s, station_id, [(topic, payload)])

    def append_feed_many(self, s: Session, station_id: int, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Several feed events (topic, payload) of one station, in order.

        On PostgreSQL, ids from a sequence can commit out of order, and a reader
        polling `id > cursor` would skip the late one for ever. Feed rows are
        therefore inserted at commit, under a table lock held to the end of the
        commit, so feed ids become visible in order; deferring them to commit keeps
        that lock for milliseconds, not for the whole of a sync batch, and a
        transaction holding it waits for nothing else (no deadlock). SQLite writers
        are serialised already.
        """
        s.info.setdefault(_PENDING_FEED, []).extend((station_id, t, p) for t, p in events)

    def _write_feed(self, s: Session) -> None:
        pending = s.info.pop(_PENDING_FEED, None)
        if pending:
            # The transaction's other rows first: once it holds the feed lock it must not
            # wait on anyone (an insert could wait on another transaction's unique key
            # while that one waits for the lock).
            s.flush()
            self.write_feed(s.connection(), pending)

    def write_feed(self, conn: Connection, rows: list[tuple[int, str, dict[str, Any]]]) -> None:
        """Insert feed events (station id, topic, payload) as the last statement before commit."""
        if self.is_postgres:
            conn.execute(text("LOCK TABLE server_feed IN SHARE ROW EXCLUSIVE MODE"))
        now = utcnow()
        self.insert_rows(
            conn,
            FeedEvent,
            [{"station_id": sid, "topic": t, "payload": p, "created_at": now} for sid, t, p in rows],
        )

    def insert_rows(
        self, conn: Connection | Session, model: type[ServerBase], rows: list[dict[str, Any]]
    ) -> None:
        """Insert many rows of one table (every row with the same keys) in the caller's transaction.

        PostgreSQL: COPY, which takes a sync batch's ~1,400 rows in a fraction of the CPU
        of an executemany (bench/server.py). The table's Python-side column defaults are
        applied here, as an ORM or Core insert would. SQLite: executemany.
        """
        if not rows:
            return
        table = core(model)
        if not self.is_postgres:
            conn.execute(insert(table), rows)
            return
        given = list(rows[0])
        defaults = {
            c.name: c.default
            for c in table.columns
            if c.name not in rows[0] and isinstance(c.default, ColumnDefault)
        }
        # PostgreSQL only; SQLite servers never load the driver.
        import psycopg
        from psycopg.types.json import Json

        if isinstance(conn, Session):
            conn.flush()  # pending ORM rows first: copied rows may refer to them
            conn = conn.connection()
        raw = conn.connection.driver_connection
        assert raw is not None
        names = given + list(defaults)
        json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
        columns = ", ".join('"' + name + '"' for name in names)
        statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    values = [Json(row[n]) if n in json_columns else row[n] for n in given]
                    # A callable default is wrapped by SQLAlchemy to take an (unused) context.
                    values.extend(d.arg(None) if d.is_callable else d.arg for d in defaults.values())
                    copy.write_row(values)
        except psycopg.Error as exc:
            # As SQLAlchemy would raise it (IntegrityError for a unique-key race, …).
            raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc

    @contextmanager
    def write_connection(self, durable: bool = True) -> Iterator[Connection]:
        """A Core write transaction for the hot paths (delivery claims and outcomes): no ORM
        unit of work, a fraction of a Session's cost per statement.

        `durable=False` commits on PostgreSQL without waiting for the WAL flush: for
        claims and outcomes only (server/delivery/worker.py says why that is safe).
        """
        with (self.engine if durable else self._fast_engine).connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    def next_ids(self, s: Session, model: type[ServerBase], count: int) -> list[int]:
        """`count` fresh ids from a PostgreSQL table's id sequence, in increasing order."""
        assert self.is_postgres, "SQLite has no sequences; insert with RETURNING there"
        table = core(model).name
        return list(
            s.scalars(
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
                {"table": table, "count": count},
            )
        )

    def one_of(self, column: InstrumentedAttribute[T], values: Collection[T]) -> ColumnElement[bool]:
        """`column IN values` for long lists. On PostgreSQL `= ANY(array)`: one parameter, so
        the statement text stays the same for any number of values and the driver reuses
        its parsed and prepared form (an IN list of 200 made a new 4 kB statement each time)."""
        if self.is_postgres:
            return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
        return column.in_(values)

    def close(self) -> None:
        self.engine.dispose()
        self._fast_engine.dispose()


def affected(result: Result[Any]) -> int:
    """Rows matched by an UPDATE: the conditional updates that make claims exclusive read this."""
    return cast(CursorResult[Any], result).rowcount


def core(model: type[ServerBase]) -> Table:
    """A mapped class's table, for Core bulk statements: a list of rows goes out as one
    multi-row statement, where the ORM's bulk path sent one statement per row here."""
    return cast(Table, model.__table__)
