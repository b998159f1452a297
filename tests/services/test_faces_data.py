"""Encodings of real photos from ../shared/data/faces, computed once per test session.

Other face tests import ``face_set`` from here. Jitters are 1 (tests only; the desk uses 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from devices.faces import FaceEngine
from devices.faces.engine import read_image

FACES = Path(__file__).resolve().parents[3] / "shared" / "data" / "faces"

# person -> photos; the first three are enrolled, the rest are probes
PEOPLE = {
    "simm": ("dlib_john_simm", 5),
    "salley": ("dlib_john_salley", 4),
    "stranger_a": ("deepface_p01", 2),
    "stranger_b": ("fr_biden", 1),
}


@dataclass
class FaceSet:
    engine: FaceEngine
    encodings: dict[str, list[np.ndarray]]
    files: dict[str, list[Path]]


def enrol_with_consent(desk: Any, resident_id: int, encodings: list[np.ndarray]) -> None:
    """Record the resident's consent, then enrol ``encodings`` (test jitters 1)."""
    desk.faces.record_consent(resident_id, operator_id=None)
    desk.faces.enrol(resident_id, encodings, jitters=1, model="test", operator_id=None)


def person_files(folder: str) -> list[Path]:
    return sorted((FACES / "persons" / folder).iterdir())


@pytest.fixture(scope="session", name="face_engine")
def face_engine_fixture() -> FaceEngine:
    if not FACES.is_dir():
        pytest.skip(f"face test data not found at {FACES}")
    engine = FaceEngine()
    engine.load()
    return engine


@pytest.fixture(scope="session", name="face_set")
def face_set_fixture(face_engine: FaceEngine) -> FaceSet:
    encodings: dict[str, list[np.ndarray]] = {}
    files: dict[str, list[Path]] = {}
    for key, (folder, n) in PEOPLE.items():
        paths = person_files(folder)[:n]
        encs = []
        for path in paths:
            shot, enc = face_engine.enrolment_photo(read_image(path), jitters=1)
            assert enc is not None, f"{path}: {shot.problem}"
            encs.append(enc)
        encodings[key], files[key] = encs, paths
    return FaceSet(face_engine, encodings, files)


def test_the_labelled_photos_encode_to_128_floats(face_set: FaceSet) -> None:
    for encs in face_set.encodings.values():
        for enc in encs:
            assert enc.shape == (128,) and enc.dtype == np.float32
