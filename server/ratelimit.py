"""Rate limits shared by every server process: the `limits` library over the server database
(default) or Redis (`RATE_LIMIT_STORAGE=redis://…`).

Several API processes on one database (the documented way to scale) now count
together: a fixed window per key (`limit` hits per `window_s`, the window starting
at the key's first hit), kept in `server_rate_limits` by one atomic upsert per hit
(`DatabaseStorage`) or in Redis. `memory://` keeps the old per-process counters.

A key found over its limit is also remembered in this process until its window
ends, so a flood from one address costs no database or Redis round trip per
request once it is refused (the recipient pages promise "429 without a lookup").

Keys are namespaced per server database (`namespace`), so servers that share one
Redis but not a database never count each other's hits.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from datetime import timedelta

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import case, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from models.base import utcnow
from server.db import ServerDatabase
from server.security import sha256_hex
from server.tables import RateCounter


class DatabaseStorage(Storage):
    """A `limits` storage in the server database: one row per key, `count` and `expires_at`.

    `incr` is a single INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL and
    SQLite), so concurrent hits from any number of processes are counted exactly and
    an expired window restarts in the same statement. Counters commit without waiting
    for the WAL flush on PostgreSQL (a crash may forget a few hits; never a problem
    for a limit). Expired rows are deleted by the retention job (server/retention.py).
    """

    STORAGE_SCHEME = None

    def __init__(self, db: ServerDatabase) -> None:
        super().__init__()
        self._db = db

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    @staticmethod
    def _key(key: str) -> str:
        return key if len(key) <= 200 else "sha256:" + sha256_hex(key)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = utcnow()
        insert = pg_insert if self._db.is_postgres else sqlite_insert
        upsert = insert(RateCounter).values(
            key=self._key(key), count=amount, expires_at=now + timedelta(seconds=expiry)
        )
        expired = RateCounter.expires_at <= now
        statement = upsert.on_conflict_do_update(
            index_elements=[RateCounter.key],
            set_={
                "count": case((expired, amount), else_=RateCounter.count + amount),
                "expires_at": case((expired, upsert.excluded.expires_at), else_=RateCounter.expires_at),
            },
        ).returning(RateCounter.count)
        with self._db.write_connection(durable=False) as conn:
            return int(conn.execute(statement).scalar_one())

    def get(self, key: str) -> int:
        with self._db.read_session() as s:
            count = s.scalar(
                select(RateCounter.count).where(
                    RateCounter.key == self._key(key), RateCounter.expires_at > utcnow()
                )
            )
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        with self._db.read_session() as s:
            expires = s.scalar(select(RateCounter.expires_at).where(RateCounter.key == self._key(key)))
        return expires.timestamp() if expires is not None else time.time()

    def check(self) -> bool:
        with self._db.read_session() as s:
            s.scalar(select(func.count()).select_from(RateCounter).where(RateCounter.key == ""))
        return True

    def reset(self) -> int | None:
        with self._db.write_connection() as conn:
            return conn.execute(delete(RateCounter)).rowcount

    def clear(self, key: str) -> None:
        with self._db.write_connection() as conn:
            conn.execute(delete(RateCounter).where(RateCounter.key == self._key(key)))


def make_storage(uri: str, db: ServerDatabase) -> Storage:
    """"" = the server database; "memory://" = this process only; "redis://host:port/n" = Redis."""
    if not uri.strip():
        return DatabaseStorage(db)
    storage = storage_from_string(uri.strip())
    if not isinstance(storage, Storage):
        raise ValueError(f"rate_limit_storage {uri!r}: an async storage cannot be used here")
    return storage


class RateLimiter:
    """Fixed window per key: `limit` hits per `window_s`; `hit` says how long to wait if over."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        storage: Storage | None = None,
        namespace: str = "",
        name: str = "",
        max_blocked: int = 50_000,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._item = RateLimitItemPerSecond(limit, max(1, round(window_s)), namespace=f"cd{namespace}")
        self._limiter = FixedWindowRateLimiter(storage or MemoryStorage())
        self._name = name
        # key -> monotonic deadline: refused without asking the storage until then.
        self._blocked: OrderedDict[str, float] = OrderedDict()
        self._max_blocked = max_blocked
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again (0 = now), without counting a hit."""
        local = self._local_wait(key)
        if local:
            return local
        if self._limiter.test(self._item, self._name, key):
            return 0
        return self._wait(key)

    def hit(self, key: str) -> int:
        """Count one hit; returns 0 if allowed, else the whole seconds until the window ends."""
        local = self._local_wait(key)
        if local:
            return local
        if self._limiter.hit(self._item, self._name, key):
            return 0
        return self._wait(key)

    def _wait(self, key: str) -> int:
        reset_at, _remaining = self._limiter.get_window_stats(self._item, self._name, key)
        wait = max(1, math.ceil(reset_at - time.time()))
        with self._lock:
            self._blocked[key] = time.monotonic() + wait
            self._blocked.move_to_end(key)
            while len(self._blocked) > self._max_blocked:
                self._blocked.popitem(last=False)
        return wait

    def _local_wait(self, key: str) -> int:
        with self._lock:
            until = self._blocked.get(key)
            if until is None:
                return 0
            left = until - time.monotonic()
            if left <= 0:
                del self._blocked[key]
                return 0
            return max(1, math.ceil(left))
