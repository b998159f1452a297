"""Turning per-frame decodes into scans: frame consensus and repeat suppression.

Every decoder misreads now and then *with a valid check digit* (barcodes.md), but a
misread rarely repeats in the next frame; so a camera code counts only after
``required`` consecutive frames agree. And a product held in front of the camera for
a second must be rung up once, not thirty times: the same code is suppressed for
``window_s`` seconds after it was accepted, unless it left the view in between.

Pure Python, no Qt, no threads; the clock is injectable so tests need no sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from devices.barcode.types import Read

Clock = Callable[[], float]


@dataclass
class _Track:
    streak: int = 0          # consecutive frames (up to now) that contained the code
    missing: int = 0         # consecutive frames (up to now) that did not
    accepted_at: float | None = None
    left_since_accept: bool = False


class FrameConsensus:
    """Accepts a code seen in ``required`` consecutive frames; suppresses quick repeats.

    Call ``feed(reads)`` once per decoded frame (an empty list for a frame with no code;
    skipping empty frames would glue streaks together). It returns the reads accepted
    on this frame, usually none.

    - ``required``: consecutive frames that must contain the same code (text+format).
    - ``window_s``: after an accept, the same code is not accepted again for this long...
    - ``leave_frames``: ...unless it was missing from this many consecutive frames (it left
      the view - the cashier took the item away and showed it again). More than one
      frame, because a decoder misses a code in single frames while it is still there.
    - ``repeat_in_view``: when False, a code that never leaves the view is accepted once
      no matter how long it stays; when True (default) it repeats every ``window_s``.
    """

    def __init__(self, required: int = 2, window_s: float = 1.5, *, leave_frames: int = 3,
                 repeat_in_view: bool = True, clock: Clock = time.monotonic) -> None:
        if required < 1 or leave_frames < 1 or window_s < 0:
            raise ValueError("required and leave_frames must be >= 1, window_s >= 0")
        self.required = required
        self.window_s = window_s
        self.leave_frames = leave_frames
        self.repeat_in_view = repeat_in_view
        self._clock = clock
        self._tracks: dict[Read, _Track] = {}

    def feed(self, reads: Iterable[Read]) -> list[Read]:
        now = self._clock()
        seen = list(dict.fromkeys(reads))  # unique, order kept (Read equality: text+format)
        accepted: list[Read] = []
        for read in seen:
            track = self._tracks.setdefault(read, _Track())
            track.streak += 1
            track.missing = 0
            if track.streak >= self.required and self._may_accept(track, now):
                track.accepted_at = now
                track.left_since_accept = False
                accepted.append(read)
        present = set(seen)
        for read, track in list(self._tracks.items()):
            if read in present:
                continue
            track.streak = 0
            track.missing += 1
            if track.missing >= self.leave_frames:
                track.left_since_accept = True
                expired = track.accepted_at is None or now - track.accepted_at >= self.window_s
                if expired:
                    del self._tracks[read]  # nothing left to remember about it
        return accepted

    def _may_accept(self, track: _Track, now: float) -> bool:
        if track.accepted_at is None or track.left_since_accept:
            return True
        return self.repeat_in_view and now - track.accepted_at >= self.window_s

    def reset(self) -> None:
        """Forget everything (camera switched, scanning paused)."""
        self._tracks.clear()


class RepeatSuppressor:
    """For hardware scanners: the same code again within ``window_s`` is not a new scan.

    The window runs from the last *accepted* scan, so a scanner in continuous mode that
    keeps sending the same code yields one scan per window, not one ever.
    """

    def __init__(self, window_s: float = 1.5, *, clock: Clock = time.monotonic) -> None:
        self.window_s = window_s
        self._clock = clock
        self._last: dict[Hashable, float] = {}

    def accept(self, code: Hashable) -> bool:
        """True when ``code`` is a new scan (and remember it), False for a repeat."""
        now = self._clock()
        last = self._last.get(code)
        if last is not None and now - last < self.window_s:
            return False
        self._last = {c: t for c, t in self._last.items() if now - t < self.window_s}
        self._last[code] = now
        return True
