"""Face detection, encoding and landmarks over ``face_recognition`` (dlib), without Qt.

Importing ``face_recognition`` loads dlib and its models (1.5-3 s), so nothing here
imports it at module level: ``FaceEngine`` loads it on first use, on whatever worker
thread first asks. See docs/faces.md and research/faces.md for the figures behind the
defaults.
"""

from devices.faces.engine import (
    LIVE_PROFILE,
    MODEL_NAME,
    STILL_PROFILE,
    Analysis,
    DetectProfile,
    FaceBox,
    FaceEngine,
    FaceProblem,
    FaceShot,
    Look,
    eye_aspect_ratio,
    head_yaw,
)
from devices.faces.process import EngineGone, EngineProcess

__all__ = [
    "LIVE_PROFILE",
    "MODEL_NAME",
    "STILL_PROFILE",
    "Analysis",
    "DetectProfile",
    "EngineGone",
    "EngineProcess",
    "FaceBox",
    "FaceEngine",
    "FaceProblem",
    "FaceShot",
    "Look",
    "eye_aspect_ratio",
    "head_yaw",
]
