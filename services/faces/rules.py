"""Face decisions without I/O: the gallery matrix, the frame vote and the liveness challenges.

Rules and numbers from research/faces.md §4 (measured on this machine and the labelled set):

* accept a resident at distance <= 0.50 (0.45 unattended), only when they beat the next
  *other* resident by >= 0.06;
* release when 3 of the last 5 processed frames name the same resident and no frame in
  that window names someone else; start again when the face leaves; after a time-out,
  send the person to the manual path (pickup code);
* a blink is the eye aspect ratio dropping below 0.7 x the person's own open-eye median
  for 1-4 frames, then coming back; a head turn is the nose moving off the eyes' middle.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from services.core.settings import FaceSettings

Matrix = npt.NDArray[np.float32]
DIM = 128


@dataclass(frozen=True)
class Match:
    """The nearest resident for one probe, and how far ahead of the next resident they are."""

    resident_id: int | None  # None: the gallery (or the candidate set) is empty
    distance: float
    second_id: int | None
    second_distance: float

    @property
    def margin(self) -> float:
        return self.second_distance - self.distance


NO_MATCH = Match(None, float("inf"), None, float("inf"))


class Gallery:
    """Every enrolled encoding as one contiguous float32 matrix, rows grouped by resident.

    ``search`` is a matrix-vector product with pre-computed norms (research §3.3: 4.6 ms
    for 100,000 rows) followed by a per-resident minimum (``np.minimum.reduceat``).
    Updates swap in new arrays under a lock, so a search running on another thread sees
    either the old or the new gallery, never half of one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._set(np.zeros((0, DIM), np.float32), np.zeros(0, np.int64))

    def _set(self, matrix: Matrix, owners: npt.NDArray[np.int64]) -> None:
        order = np.argsort(owners, kind="stable")
        matrix = np.ascontiguousarray(matrix[order], dtype=np.float32)
        owners = owners[order]
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if owners.size else np.zeros(0, np.int64)
        self._matrix = matrix
        self._norms = np.einsum("ij,ij->i", matrix, matrix).astype(np.float32)
        self._owners = owners
        self._starts = starts.astype(np.int64)
        self._residents = owners[starts] if owners.size else np.zeros(0, np.int64)

    def replace_all(self, rows: Iterable[tuple[int, Matrix]]) -> None:
        """Load the gallery: ``(resident_id, encodings (k, 128))`` per resident."""
        matrices, owners = [], []
        for resident_id, encodings in rows:
            enc = np.asarray(encodings, np.float32).reshape(-1, DIM)
            matrices.append(enc)
            owners.append(np.full(len(enc), resident_id, np.int64))
        with self._lock:
            if matrices:
                self._set(np.concatenate(matrices), np.concatenate(owners))
            else:
                self._set(np.zeros((0, DIM), np.float32), np.zeros(0, np.int64))

    def put(self, resident_id: int, encodings: Matrix) -> None:
        """Replace one resident's encodings."""
        enc = np.asarray(encodings, np.float32).reshape(-1, DIM)
        with self._lock:
            keep = self._owners != resident_id
            self._set(np.concatenate([self._matrix[keep], enc]),
                      np.concatenate([self._owners[keep], np.full(len(enc), resident_id, np.int64)]))

    def remove(self, resident_id: int) -> None:
        """Forget a resident at once (face data deleted or consent withdrawn)."""
        with self._lock:
            keep = self._owners != resident_id
            if not keep.all():
                self._set(self._matrix[keep], self._owners[keep])

    def __len__(self) -> int:
        return int(self._owners.size)

    def __contains__(self, resident_id: object) -> bool:
        return isinstance(resident_id, int) and bool(np.any(self._residents == resident_id))

    def resident_ids(self) -> list[int]:
        return [int(r) for r in self._residents]

    def distances(self, probe: Matrix) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """(resident ids, each one's minimum distance to ``probe``), one entry per resident."""
        with self._lock:
            matrix, norms, starts, residents = self._matrix, self._norms, self._starts, self._residents
        if residents.size == 0:
            return residents, np.zeros(0, np.float32)
        p = np.asarray(probe, np.float32).reshape(DIM)
        # |k - p|^2 = |k|^2 - 2 k.p + |p|^2, in place; the square root only per resident
        squared = matrix @ (p * np.float32(-2.0))
        squared += norms
        best = np.minimum.reduceat(squared, starts)
        best += np.float32(p @ p)
        return residents, np.sqrt(np.maximum(best, np.float32(0.0)))

    def search(self, probe: Matrix, candidates: Collection[int] | None = None) -> Match:
        """The nearest resident (among ``candidates`` when given: verification against the
        addressees of waiting parcels) and the nearest *other* resident of the whole gallery."""
        residents, dist = self.distances(probe)
        if residents.size == 0:
            return NO_MATCH
        if candidates is not None:
            allowed = np.isin(residents, np.fromiter(candidates, np.int64, len(candidates)))
            if not allowed.any():
                return NO_MATCH
            best = int(np.flatnonzero(allowed)[np.argmin(dist[allowed])])
        else:
            best = int(np.argmin(dist))
        if residents.size == 1:
            return Match(int(residents[best]), float(dist[best]), None, float("inf"))
        others = dist.copy()
        others[best] = np.inf
        second = int(np.argmin(others))
        return Match(int(residents[best]), float(dist[best]), int(residents[second]), float(dist[second]))


def pairwise_distances(encodings: Matrix) -> npt.NDArray[np.float32]:
    """Distances between every pair of rows (for checking enrolment photos agree)."""
    e = np.asarray(encodings, np.float32)
    diff = e[:, None, :] - e[None, :, :]
    result: npt.NDArray[np.float32] = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff)).astype(np.float32)
    return result


# ------------------------------------------------------------------ the frame vote


class Outcome(StrEnum):
    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not_recognised"  # a face, consistently nobody enrolled (or not close enough)
    AMBIGUOUS = "ambiguous"  # close to two residents: staff decide, nothing opens
    TIMEOUT = "timeout"  # no decision in time: manual path


@dataclass(frozen=True)
class Thresholds:
    distance: float = 0.50
    margin: float = 0.06
    frames_to_agree: int = 3
    window: int = 5
    timeout_s: float = 5.0
    leave_frames: int = 2  # consecutive frames without a usable face: the person left


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    resident_id: int | None
    distance: float
    margin: float
    frames: int  # processed frames it took
    seconds: float  # since the face appeared


@dataclass
class FrameVote:
    """Feeds processed frames; returns a ``Decision`` once per appearance of a face.

    ``feed(None, t)`` is a frame without a usable face. After a decision nothing more is
    decided until the face has left (``leave_frames`` empty frames) and a face comes back.
    """

    thresholds: Thresholds = field(default_factory=Thresholds)
    _votes: deque[tuple[str, int | None, Match]] = field(default_factory=deque)
    _appeared_at: float | None = None
    _frames: int = 0
    _empty: int = 0
    _decided: bool = False

    @property
    def face_present(self) -> bool:
        return self._appeared_at is not None

    @property
    def decided(self) -> bool:
        return self._decided

    def reset(self) -> None:
        self._votes.clear()
        self._appeared_at = None
        self._frames = 0
        self._empty = 0
        self._decided = False

    def feed(self, match: Match | None, now: float) -> Decision | None:
        t = self.thresholds
        if match is None:
            self._empty += 1
            if self._empty >= t.leave_frames:
                self.reset()
            return None
        self._empty = 0
        if self._appeared_at is None:
            self._appeared_at = now
        if self._decided:
            return None
        self._frames += 1
        if match.resident_id is not None and match.distance <= t.distance:
            kind = "yes" if match.margin >= t.margin else "ambiguous"
        else:
            kind = "no"
        self._votes.append((kind, match.resident_id if kind != "no" else None, match))
        while len(self._votes) > t.window:
            self._votes.popleft()
        return self._decide(now)

    def _decide(self, now: float) -> Decision | None:
        t = self.thresholds
        assert self._appeared_at is not None
        elapsed = now - self._appeared_at
        named = [(rid, m) for kind, rid, m in self._votes if kind == "yes"]
        ids = {rid for rid, _ in named}
        if len(ids) == 1 and len(named) >= t.frames_to_agree:
            best = min((m for _, m in named), key=lambda m: m.distance)
            return self._done(Outcome.RECOGNISED, best.resident_id, best, elapsed)
        last = [m for _, _, m in self._votes]
        nearest = min(last, key=lambda m: m.distance)
        if sum(1 for kind, _, _ in self._votes if kind == "no") >= t.frames_to_agree:
            return self._done(Outcome.NOT_RECOGNISED, None, nearest, elapsed)
        if sum(1 for kind, _, _ in self._votes if kind == "ambiguous") >= t.frames_to_agree:
            return self._done(Outcome.AMBIGUOUS, None, nearest, elapsed)
        if elapsed >= t.timeout_s:
            return self._done(Outcome.TIMEOUT, None, nearest, elapsed)
        return None

    def _done(self, outcome: Outcome, resident_id: int | None, m: Match, elapsed: float) -> Decision:
        self._decided = True
        return Decision(outcome, resident_id, m.distance, m.margin, self._frames, elapsed)


# ------------------------------------------------------------------ liveness


class Challenge(StrEnum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


@dataclass
class BlinkCheck:
    """A blink against the person's own open-eye baseline (research §1.4).

    ``feed(ear, t)`` per landmark frame (>= 10 fps). The baseline is the median EAR of the
    first ``baseline_frames`` frames; a blink is ``closed_ratio`` x baseline or less for
    1-``max_closed_frames`` frames, then back above ``open_ratio`` x baseline.
    """

    baseline_frames: int = 5
    closed_ratio: float = 0.7
    open_ratio: float = 0.85
    max_closed_frames: int = 4
    _samples: list[float] = field(default_factory=list)
    _closed: int = 0
    passed: bool = False

    @property
    def baseline(self) -> float | None:
        if len(self._samples) < self.baseline_frames:
            return None
        return float(np.median(self._samples[: self.baseline_frames]))

    def feed(self, ear: float) -> bool:
        if self.passed:
            return True
        base = self.baseline
        if base is None:
            self._samples.append(ear)
            return False
        if ear <= self.closed_ratio * base:
            self._closed += 1
        else:
            if 1 <= self._closed <= self.max_closed_frames and ear >= self.open_ratio * base:
                self.passed = True
            self._closed = 0
        return self.passed


@dataclass
class TurnCheck:
    """Turn the head one way (``direction`` -1 = image left, +1 = image right): the nose moves
    more than ``min_offset`` inter-ocular distances off its own straight-ahead position."""

    direction: int
    min_offset: float = 0.18
    baseline_frames: int = 3
    _samples: list[float] = field(default_factory=list)
    passed: bool = False

    def feed(self, yaw: float) -> bool:
        if self.passed:
            return True
        if len(self._samples) < self.baseline_frames:
            self._samples.append(yaw)
            return False
        straight = float(np.median(self._samples))
        if (yaw - straight) * self.direction >= self.min_offset:
            self.passed = True
        return self.passed


def challenge_sequence(kind: str, rng_value: float) -> Sequence[Challenge]:
    """The challenges for ``kind`` ("blink" or "turn"); head turns in a random order."""
    if kind == "turn":
        return (Challenge.TURN_LEFT, Challenge.TURN_RIGHT) if rng_value < 0.5 else (
            Challenge.TURN_RIGHT, Challenge.TURN_LEFT)
    return (Challenge.BLINK,)


def thresholds_for(settings: FaceSettings) -> Thresholds:
    """The vote's rules from the settings; unattended mode uses the stricter distance."""
    distance = settings.threshold
    if settings.unattended:
        distance = min(distance, settings.unattended_threshold)
    window = max(1, settings.window_frames)
    return Thresholds(distance=distance, margin=settings.margin,
                      frames_to_agree=max(1, min(settings.frames_to_agree, window)),
                      window=window, timeout_s=max(1.0, settings.timeout_s))


def needs_pickup_code(settings: FaceSettings) -> bool:
    """Release after a face needs the resident's pickup code too (unattended, or configured so)."""
    return settings.unattended or settings.second_factor == "code"
