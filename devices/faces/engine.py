"""One face engine: HOG detection on a downscaled copy, 128-d encodings, 68-point landmarks.

Coordinates are ``FaceBox`` (top, right, bottom, left) in the pixels of the frame that was
given, whatever copy the detector ran on. Frames are BGR ``uint8`` (as OpenCV and
``devices.camera`` give them).

Figures on this machine (research/faces.md §3): HOG on a 640-px-wide copy with upsample 0
takes ~65 ms, the encoding ~190 ms per face (linear in jitters), 68-point landmarks 4 ms.
CNN detection (3-5 s a frame on CPU) is never used.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Frame = npt.NDArray[np.uint8]
Encoding = npt.NDArray[np.float32]
Landmarks = dict[str, list[tuple[int, int]]]

MODEL_NAME = "dlib_face_recognition_resnet_model_v1"


class FaceProblem(StrEnum):
    """Why a frame or photo gives no usable face; the GUI words them."""

    NO_FACE = "no_face"
    TOO_SMALL = "too_small"  # faces found, none near enough (or a photo's face too small)
    SEVERAL_FACES = "several_faces"  # more than one face of usable size
    BLURRED = "blurred"  # the face is not sharp enough to encode reliably
    UNREADABLE = "unreadable"  # a file that is not an image


@dataclass(frozen=True)
class DetectProfile:
    """How to look for faces. ``max_side``: the detection copy's long side (never upscaled);
    ``min_face_px``: faces smaller than this in that copy are bystanders (or false hits) and
    are ignored; ``min_sharpness``: variance of the Laplacian of the face at 150 px."""

    max_side: int
    upsample: int
    min_face_px: int
    min_sharpness: float


# The desk camera: a 640-px copy, no upsampling (a person at the desk has a face > 64 px there).
LIVE_PROFILE = DetectProfile(max_side=640, upsample=0, min_face_px=64, min_sharpness=0.0)
# Enrolment photos: stills capped at 1024 px (as a webcam frame would be), upsample 1. The
# least sharp real photo of the labelled set scores 11; a face blurred over ~10 % of its
# height scores under 8.
STILL_PROFILE = DetectProfile(max_side=1024, upsample=1, min_face_px=60, min_sharpness=8.0)


@dataclass(frozen=True)
class FaceBox:
    top: int
    right: int
    bottom: int
    left: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def as_css(self) -> tuple[int, int, int, int]:
        """face_recognition's (top, right, bottom, left)."""
        return (self.top, self.right, self.bottom, self.left)

    def scaled(self, factor: float) -> FaceBox:
        return FaceBox(round(self.top * factor), round(self.right * factor),
                       round(self.bottom * factor), round(self.left * factor))


@dataclass(frozen=True)
class FaceShot:
    """What one frame holds: every face found, the one to use (or the problem), and timings."""

    boxes: tuple[FaceBox, ...]
    face: FaceBox | None
    problem: FaceProblem | None
    detect_ms: float
    sharpness: float = 0.0


@dataclass(frozen=True)
class Analysis:
    """A frame analysed for recognition: the shot and, when it has one usable face, its encoding."""

    shot: FaceShot
    encoding: Encoding | None
    encode_ms: float


@dataclass(frozen=True)
class Look:
    """A frame analysed for liveness: the shot and the usable face's 68 landmarks."""

    shot: FaceShot
    landmarks: Landmarks | None


def eye_aspect_ratio(eye: list[tuple[int, int]]) -> float:
    """Soukupová & Čech: (|p2-p6| + |p3-p5|) / (2 |p1-p4|) over the six points of one eye."""
    p = np.asarray(eye, dtype=np.float64)
    if p.shape != (6, 2):
        raise ValueError("an eye has six landmarks")
    width = float(np.linalg.norm(p[0] - p[3]))
    if width <= 0:
        return 0.0
    return float((np.linalg.norm(p[1] - p[5]) + np.linalg.norm(p[2] - p[4])) / (2.0 * width))


def head_yaw(landmarks: Landmarks) -> float:
    """Nose tip against the middle of the eyes, in inter-ocular distances (0 = facing the camera;
    the sign follows the image's x axis)."""
    left = np.mean(np.asarray(landmarks["left_eye"], dtype=np.float64), axis=0)
    right = np.mean(np.asarray(landmarks["right_eye"], dtype=np.float64), axis=0)
    nose = np.mean(np.asarray(landmarks["nose_tip"], dtype=np.float64), axis=0)
    span = float(np.linalg.norm(right - left))
    if span <= 0:
        return 0.0
    return float((nose[0] - (left[0] + right[0]) / 2.0) / span)


def sharpness(frame: Frame, box: FaceBox) -> float:
    """Variance of the Laplacian over the face, resized to 150 px tall (so size does not count)."""
    h, w = frame.shape[:2]
    top, bottom = max(0, box.top), min(h, box.bottom)
    left, right = max(0, box.left), min(w, box.right)
    if bottom - top < 8 or right - left < 8:
        return 0.0
    crop = cv2.cvtColor(frame[top:bottom, left:right], cv2.COLOR_BGR2GRAY)
    scale = 150.0 / crop.shape[0]
    crop = cv2.resize(crop, (max(8, round(crop.shape[1] * scale)), 150), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(crop, cv2.CV_64F).var())


def fit_long_side(frame: Frame, max_side: int) -> Frame:
    """A copy whose long side is at most ``max_side`` (never enlarged)."""
    h, w = frame.shape[:2]
    factor = max_side / max(h, w)
    if factor >= 1.0:
        return frame
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return np.asarray(cv2.resize(frame, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def read_image(path: Path | str) -> Frame | None:
    """A photo file as BGR, or None when it is not a readable image (non-ASCII paths work)."""
    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return None if image is None else np.asarray(image, dtype=np.uint8)


class FaceEngine:
    """Thread-safe wrapper over ``face_recognition``; the library is imported on first use.

    dlib's detector and models are not documented as re-entrant, so calls are serialised
    by a lock; the desk runs one recognition worker anyway.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fr: Any = None

    @property
    def loaded(self) -> bool:
        return self._fr is not None

    def load(self) -> None:
        """Import face_recognition and its models (seconds: call it on a worker)."""
        if self._fr is None:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # face_recognition_models uses pkg_resources
                import face_recognition  # type: ignore[import-untyped]
            self._fr = face_recognition

    @property
    def model_version(self) -> str:
        self.load()
        import face_recognition_models  # type: ignore[import-untyped]

        return f"{MODEL_NAME} (face_recognition_models {getattr(face_recognition_models, '__version__', '?')})"

    def detect(self, frame: Frame, profile: DetectProfile = LIVE_PROFILE) -> FaceShot:
        """Find faces on a downscaled copy; pick the one face of usable size or name the problem."""
        self.load()
        started = time.perf_counter()
        small = fit_long_side(frame, profile.max_side)
        factor = frame.shape[1] / small.shape[1]
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        with self._lock:
            found = self._fr.face_locations(rgb, number_of_times_to_upsample=profile.upsample, model="hog")
        detect_ms = (time.perf_counter() - started) * 1000.0
        small_boxes = [FaceBox(*css) for css in found]
        boxes = tuple(b.scaled(factor) for b in small_boxes)
        usable = [(s, b) for s, b in zip(small_boxes, boxes, strict=True) if s.height >= profile.min_face_px]
        if not boxes:
            return FaceShot(boxes, None, FaceProblem.NO_FACE, detect_ms)
        if not usable:
            return FaceShot(boxes, None, FaceProblem.TOO_SMALL, detect_ms)
        if len(usable) > 1:
            return FaceShot(boxes, None, FaceProblem.SEVERAL_FACES, detect_ms)
        face = usable[0][1]
        sharp = sharpness(frame, face) if profile.min_sharpness > 0 else 0.0
        if profile.min_sharpness > 0 and sharp < profile.min_sharpness:
            return FaceShot(boxes, None, FaceProblem.BLURRED, detect_ms, sharp)
        return FaceShot(boxes, face, None, detect_ms, sharp)

    def encode(self, frame: Frame, box: FaceBox, *, jitters: int = 1) -> Encoding:
        """The 128-d descriptor of the face in ``box`` (5-point alignment), as float32."""
        self.load()
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        with self._lock:
            encodings = self._fr.face_encodings(rgb, [box.as_css()], num_jitters=max(1, jitters), model="small")
        return np.asarray(encodings[0], dtype=np.float32)

    def landmarks(self, frame: Frame, box: FaceBox) -> Landmarks:
        """The 68-point landmarks of the face in ``box`` (eyes for blinks, nose for head turns)."""
        self.load()
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        with self._lock:
            marks = self._fr.face_landmarks(rgb, [box.as_css()], model="large")
        return {k: [(int(x), int(y)) for x, y in v] for k, v in marks[0].items()}

    def analyse(self, frame: Frame, profile: DetectProfile = LIVE_PROFILE, *, jitters: int = 1) -> Analysis:
        """Detect, then encode the one usable face (if any)."""
        shot = self.detect(frame, profile)
        if shot.face is None:
            return Analysis(shot, None, 0.0)
        started = time.perf_counter()
        encoding = self.encode(frame, shot.face, jitters=jitters)
        return Analysis(shot, encoding, (time.perf_counter() - started) * 1000.0)

    def look(self, frame: Frame, profile: DetectProfile) -> Look:
        """Detect, then the usable face's landmarks (the liveness loop)."""
        shot = self.detect(frame, profile)
        if shot.face is None:
            return Look(shot, None)
        return Look(shot, self.landmarks(frame, shot.face))

    def enrolment_photo(self, image: Frame | None, *, jitters: int,
                        profile: DetectProfile = STILL_PROFILE) -> tuple[FaceShot, Encoding | None]:
        """An enrolment photo checked and, when usable, encoded with ``jitters``."""
        capped, shot = self.still(image, profile)
        if capped is None or shot.face is None:
            return shot, None
        return shot, self.encode(capped, shot.face, jitters=jitters)

    def still(self, image: Frame | None, profile: DetectProfile = STILL_PROFILE) -> tuple[Frame | None, FaceShot]:
        """An enrolment photo: capped to ``profile.max_side`` and checked for one sharp, big face.

        Returns the capped image (encode on it) and the shot."""
        if image is None:
            return None, FaceShot((), None, FaceProblem.UNREADABLE, 0.0)
        capped = fit_long_side(image, profile.max_side)
        return capped, self.detect(capped, profile)
