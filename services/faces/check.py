"""The pickup check's per-frame work, without Qt: detect, encode, vote; then the liveness challenge.

``FaceCheck.process(frame)`` is called on a worker thread with the newest frame (older
ones are dropped while it is busy); it returns a ``FrameResult`` for the preview and,
once per appearance of a face, a ``Decision``. ``LivenessCheck`` then runs the cheaper
loop (detection on a 320-px copy + 68-point landmarks, ~20 ms a frame) for a blink or
head turns. Both are used by gui/faces/worker.py and by bench/faces.py.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from devices.faces import DetectProfile, FaceBox, FaceProblem, eye_aspect_ratio, head_yaw
from devices.faces.engine import LIVE_PROFILE, Analysis, Frame, Look
from services.faces.rules import (
    NO_MATCH,
    BlinkCheck,
    Challenge,
    Decision,
    FrameVote,
    Gallery,
    Match,
    Thresholds,
    TurnCheck,
    challenge_sequence,
)

# Liveness needs >= 10 landmark frames a second: detect on a 320-px copy (research §1.4: 12.6 ms).
LIVENESS_PROFILE = DetectProfile(max_side=320, upsample=0, min_face_px=32, min_sharpness=0.0)


class Analyser(Protocol):
    """``devices.faces.FaceEngine`` (in this process) or ``EngineProcess`` (a child process)."""

    def analyse(self, frame: Frame, profile: DetectProfile = ..., *, jitters: int = 1) -> Analysis: ...

    def look(self, frame: Frame, profile: DetectProfile) -> Look: ...


@dataclass(frozen=True)
class FrameResult:
    boxes: tuple[FaceBox, ...]
    face: FaceBox | None
    problem: FaceProblem | None
    match: Match | None
    decision: Decision | None
    mode: str  # "verify": against the addressees of waiting parcels; "search": everyone enrolled
    detect_ms: float
    encode_ms: float


class FaceCheck:
    def __init__(self, engine: Analyser, gallery: Gallery, thresholds: Thresholds,
                 *, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.gallery = gallery
        self.vote = FrameVote(thresholds)
        self.candidates: frozenset[int] | None = None
        self._clock = clock

    @property
    def mode(self) -> str:
        return "verify" if self.candidates else "search"

    def set_candidates(self, candidates: Collection[int] | None) -> None:
        """Verify against these residents (those with parcels waiting) instead of searching everyone."""
        self.candidates = frozenset(candidates) if candidates else None

    def reset(self) -> None:
        self.vote.reset()

    def process(self, frame: Frame) -> FrameResult:
        if self.vote.decided:  # decided for this appearance: only watch for the face leaving
            look = self.engine.look(frame, LIVE_PROFILE)
            self.vote.feed(NO_MATCH if look.shot.face is not None else None, self._clock())
            return FrameResult(look.shot.boxes, look.shot.face, look.shot.problem, None, None, self.mode,
                               look.shot.detect_ms, 0.0)
        analysis = self.engine.analyse(frame, LIVE_PROFILE, jitters=1)
        shot = analysis.shot
        if shot.face is None or analysis.encoding is None:
            self.vote.feed(None, self._clock())
            return FrameResult(shot.boxes, None, shot.problem, None, None, self.mode, shot.detect_ms, 0.0)
        match = self.gallery.search(analysis.encoding, self.candidates)
        decision = self.vote.feed(match, self._clock())
        return FrameResult(shot.boxes, shot.face, None, match, decision, self.mode, shot.detect_ms,
                           analysis.encode_ms)


@dataclass(frozen=True)
class LivenessStep:
    box: FaceBox | None
    challenge: Challenge | None  # the one being asked for now; None once all passed
    passed: bool  # all challenges done
    problem: FaceProblem | None
    expired: bool  # the time ran out before the challenges were done


class LivenessCheck:
    """Blink (or turn left and right, in a random order) within ``timeout_s``."""

    def __init__(self, engine: Analyser, kind: str = "blink", *, timeout_s: float = 8.0,
                 clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None) -> None:
        self.engine = engine
        self._clock = clock
        self.challenges = list(challenge_sequence(kind, (rng or random.Random()).random()))
        self._index = 0
        self._check = self._new_check()
        self._deadline = clock() + timeout_s

    def _new_check(self) -> BlinkCheck | TurnCheck:
        challenge = self.challenges[self._index]
        if challenge is Challenge.BLINK:
            return BlinkCheck()
        return TurnCheck(direction=-1 if challenge is Challenge.TURN_LEFT else 1)

    @property
    def current(self) -> Challenge | None:
        return self.challenges[self._index] if self._index < len(self.challenges) else None

    def process(self, frame: Frame) -> LivenessStep:
        if self.current is None:
            return LivenessStep(None, None, True, None, False)
        expired = self._clock() > self._deadline
        look = self.engine.look(frame, LIVENESS_PROFILE)
        shot, marks = look.shot, look.landmarks
        if shot.face is None or marks is None or expired:
            return LivenessStep(shot.face, self.current, False, shot.problem, expired)
        check = self._check
        if isinstance(check, BlinkCheck):
            done = check.feed((eye_aspect_ratio(marks["left_eye"]) + eye_aspect_ratio(marks["right_eye"])) / 2)
        else:
            done = check.feed(head_yaw(marks))
        if done:
            self._index += 1
            if self.current is not None:
                self._check = self._new_check()
        return LivenessStep(shot.face, self.current, self.current is None, None, False)
