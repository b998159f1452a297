"""The pickup check page driven by a virtual camera playing a video built from real photos."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from devices.faces.engine import read_image
from devices.faces.media import blank_frame, desk_frame, write_video
from gui.faces.pickup_check import PickupCheckPage
from services.core.masking import mask_name
from services.core.settings import Settings
from services.desk import Desk
from services.parcels.records import ParcelState
from tests.gui.helpers import close_window, log_in, make_window, wait_idle
from tests.services.test_faces_data import (  # noqa: F401  (session fixtures)
    FaceSet,
    enrol_with_consent,
    face_engine_fixture,
    face_set_fixture,
)

RECOGNISE_MS = 60_000  # the face engine's child process loads its models first (2-5 s; 20+ s on a loaded machine)


def _video(face_set: FaceSet, person: str, index: int, path: Path) -> Path:
    image = read_image(face_set.files[person][index])
    capped, shot = face_set.engine.still(image)
    assert capped is not None and shot.face is not None
    face = desk_frame(capped, shot.face)
    return write_video([blank_frame()] * 5 + [face] * 40, path, fps=10.0)


def test_a_resident_is_recognised_shown_masked_with_parcels_and_released_after_liveness_and_staff(
        qtbot: QtBot, desk: Desk, face_set: FaceSet, tmp_path: Path) -> None:
    rid = sorted(desk.faces.residents_with_parcels())[0]
    enrol_with_consent(desk, rid, face_set.encodings["simm"][:3])
    waiting = desk.parcels.for_resident(rid, live_only=True)
    resident = desk.faces.who(rid)
    settings = Settings()
    settings.faces.camera_source = "files"
    settings.faces.camera_files = str(_video(face_set, "simm", 3, tmp_path / "desk.avi"))
    settings.camera.virtual_fps = 10.0
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=10_000)
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(PickupCheckPage)
        assert isinstance(page, PickupCheckPage)
        qtbot.waitUntil(lambda: page.resident is not None, timeout=RECOGNISE_MS)
        assert page.resident is not None and page.resident.id == rid
        assert mask_name(resident.name) in page.resident_label.text()
        assert resident.name not in page.resident_label.text() or len(resident.name) < 2
        assert page.parcel_list.count() == len(waiting) > 0
        assert waiting[0].tracking_no[-4:] in page.parcel_list.item(0).text()
        assert "blink" in page.prompt.text()
        # a photo never blinks: nothing can be released while the liveness check waits
        qtbot.wait(1500)
        assert not page.release_button.isEnabled()
        qtbot.waitUntil(lambda: page.reminded is True, timeout=20_000)  # passing-by reminder, once today
        decisions = desk.faces.decisions(5)
        assert decisions[0].outcome == "recognised" and decisions[0].resident_id == rid
        assert decisions[0].distance is not None and decisions[0].distance <= 0.5
        assert decisions[0].mode == "verify"

        # the deterrent off (Settings → Faces): staff confirmation alone releases
        settings.faces.liveness = False
        page.next_person()
        qtbot.waitUntil(lambda: page.release_button.isEnabled(), timeout=RECOGNISE_MS)
        qtbot.waitUntil(lambda: page.reminded is not None, timeout=20_000)
        assert page.reminded is False  # already reminded today
        sim = window.devices.lock_simulator
        assert sim is not None
        page.release_button.click()
        page.release_button.click()  # a double click opens nothing twice
        qtbot.waitUntil(lambda: page.flow is not None and len(page.flow.statuses) == len(waiting), timeout=20_000)
        for p in waiting:
            assert p.board is not None and p.lock is not None
            sim.person_closes(p.board, p.lock)
        qtbot.waitUntil(lambda: "handed out" in page.message.text(), timeout=20_000)
        for p in waiting:
            assert desk.parcels.get(p.id).state is ParcelState.PICKED_UP
        assert desk.faces.decisions(1)[0].outcome == "released"
        wait_idle(qtbot, window)
    finally:
        close_window(qtbot, window)


def test_a_stranger_is_told_to_use_the_pickup_code(
        qtbot: QtBot, desk: Desk, face_set: FaceSet, tmp_path: Path) -> None:
    rid = sorted(desk.faces.residents_with_parcels())[0]
    enrol_with_consent(desk, rid, face_set.encodings["simm"][:3])
    settings = Settings()
    settings.faces.camera_source = "files"
    settings.faces.camera_files = str(_video(face_set, "stranger_a", 0, tmp_path / "stranger.avi"))
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    PickupCheckPage.engine_factory = lambda: face_set.engine  # in this process: no model loading again
    try:
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(PickupCheckPage)
        assert isinstance(page, PickupCheckPage)
        qtbot.waitUntil(lambda: "pickup code" in page.status.text(), timeout=RECOGNISE_MS)
        wait_idle(qtbot, window)
        assert page.resident is None and page.parcel_list.count() == 0
        assert not page.release_button.isEnabled()
        assert page.view.boxes()  # the face box is drawn
        decision = desk.faces.decisions(1)[0]
        assert decision.outcome in ("not_recognised", "timeout") and decision.resident_id is None
        wait_idle(qtbot, window)
    finally:
        PickupCheckPage.engine_factory = None
        close_window(qtbot, window)


def test_without_a_face_camera_the_page_shows_one_state_and_what_to_do(
        qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    """The demo's camera plays barcodes: the page says so once, with the way out, and claims no analysis."""
    window = make_window(qtbot, desk, tmp_path)  # Settings(): the Camera tab's demo source, faces "same"
    try:
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(PickupCheckPage)
        assert isinstance(page, PickupCheckPage)
        wait_idle(qtbot, window)
        text = page.status.text()
        assert "demo-faces" in text and "Settings → Faces" in text and "pickup code" in text
        assert not page.analysing.isVisible()  # "the camera is analysing faces here" would contradict it
        assert page.view.status_text() == "Camera off"
        assert page.worker is None and page.camera is None
    finally:
        close_window(qtbot, window)
