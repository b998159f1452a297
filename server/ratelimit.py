"""In-memory rate limits for the recipient pages (per server process).

Documented limits: counters live in this process only, so N server processes allow
N times the limit, and a restart forgets them. Both are acceptable for what they
guard (guessing 128-bit tokens is hopeless anyway; the limit keeps the logs and the
database quiet). Keys are bounded: at most `max_keys` are tracked, the oldest
windows are dropped first.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    """Fixed window per key: `limit` hits per `window_s`; `hit` says how long to wait if over."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._windows: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again (0 = now), without counting a hit."""
        with self._lock:
            return self._wait(key, self._clock())

    def hit(self, key: str) -> int:
        """Count one hit; returns 0 if allowed, else the whole seconds until the window ends."""
        now = self._clock()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= self.window_s:
                start, count = now, 0
            if count >= self.limit:
                return self._wait(key, now)
            self._windows[key] = (start, count + 1)
            self._windows.move_to_end(key)
            while len(self._windows) > self._max_keys:
                self._windows.popitem(last=False)
            return 0

    def _wait(self, key: str, now: float) -> int:
        start, count = self._windows.get(key, (now, 0))
        if now - start >= self.window_s or count < self.limit:
            return 0
        return max(1, math.ceil(start + self.window_s - now))
