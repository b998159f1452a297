"""The face engine on real photos: why a photo or frame gives no usable face."""

from __future__ import annotations

import cv2
import numpy as np

from devices.faces import LIVE_PROFILE, EngineProcess, FaceProblem
from devices.faces.engine import read_image
from devices.faces.media import blank_frame, desk_frame
from tests.services.test_faces_data import (  # noqa: F401  (session fixtures)
    FACES,
    FaceSet,
    face_engine_fixture,
    face_set_fixture,
)


def test_multi_face_no_face_small_blurred_and_unreadable_photos_get_their_reason(face_set: FaceSet) -> None:
    engine = face_set.engine
    shot, enc = engine.enrolment_photo(read_image(FACES / "multi_face" / "two_people.jpg"), jitters=1)
    assert shot.problem is FaceProblem.SEVERAL_FACES and enc is None and len(shot.boxes) == 2
    shot, enc = engine.enrolment_photo(read_image(FACES / "no_face" / "dlib_dogs.jpg"), jitters=1)
    assert shot.problem is FaceProblem.NO_FACE and enc is None
    shot, _ = engine.enrolment_photo(read_image(FACES / "persons" / "compreface_b" / "008_B.jpg"), jitters=1)
    assert shot.problem is FaceProblem.TOO_SMALL  # a 12 MP phone photo taken from afar
    chip = read_image(face_set.files["simm"][0])
    assert chip is not None
    shot, enc = engine.enrolment_photo(cv2.GaussianBlur(chip, (15, 15), 0), jitters=1)
    assert shot.problem is FaceProblem.BLURRED and enc is None
    assert engine.enrolment_photo(read_image(FACES / "README.md"), jitters=1)[0].problem is FaceProblem.UNREADABLE


def test_desk_frames_are_found_on_the_640_copy_and_bystanders_are_ignored(face_set: FaceSet) -> None:
    engine = face_set.engine
    image = read_image(face_set.files["simm"][3])
    assert image is not None
    capped, still = engine.still(image)
    assert capped is not None and still.face is not None
    near = desk_frame(capped, still.face)
    big = cv2.resize(near, (1280, 960))  # a 1280-px camera: detection still runs on a 640-px copy
    result = engine.analyse(big, LIVE_PROFILE)
    assert result.shot.face is not None and result.encoding is not None
    assert result.shot.face.height > 300  # the box is in the full frame's pixels
    far = desk_frame(capped, still.face, face_fraction=0.08)  # someone at the back of the office
    assert engine.analyse(far, LIVE_PROFILE).shot.problem in (FaceProblem.TOO_SMALL, FaceProblem.NO_FACE)
    assert engine.analyse(blank_frame(), LIVE_PROFILE).shot.problem is FaceProblem.NO_FACE
    # the same face encodes to the same person whichever frame it came from
    assert float(np.linalg.norm(result.encoding - face_set.encodings["simm"][3])) < 0.2


def test_the_engine_process_answers_like_the_engine_in_this_process(face_set: FaceSet) -> None:
    process = EngineProcess()
    try:
        assert "dlib" in process.start()
        image = read_image(face_set.files["salley"][0])
        shot, enc = process.enrolment_photo(image, jitters=1)
        assert shot.problem is None and enc is not None
        assert float(np.linalg.norm(enc - face_set.encodings["salley"][0])) < 1e-4
    finally:
        process.stop()
    assert not process.running
