"""Enrolling a resident's face from the Residents page: consent first, photos checked, one-step deletion."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.faces.enrol_dialog import FaceEnrolDialog
from gui.residents.page import ResidentsPage
from services.desk import Desk
from tests.gui.helpers import close_window, log_in, make_window, wait_idle
from tests.services.test_faces_data import (  # noqa: F401  (session fixtures)
    FACES,
    FaceSet,
    face_engine_fixture,
    face_set_fixture,
)


def test_consent_then_photos_then_enrol_and_delete(qtbot: QtBot, desk: Desk, face_set: FaceSet,
                                                   tmp_path: Path) -> None:
    window = make_window(qtbot, desk, tmp_path)
    FaceEnrolDialog.engine_factory = lambda: face_set.engine
    FaceEnrolDialog.jitters = 1
    try:
        log_in(qtbot, window, "desk", "2222")
        page = window.show_page(ResidentsPage)
        assert isinstance(page, ResidentsPage)
        wait_idle(qtbot, window)
        page.table.selectRow(0)
        assert page.face_button.isEnabled()
        dialog = page.show_face()
        assert isinstance(dialog, FaceEnrolDialog)
        rid = dialog.resident.id
        wait_idle(qtbot, window)
        assert "No consent" in dialog.status_label.text()
        assert not dialog.files_button.isEnabled() and "pickup code" in dialog.no_consent_note.text()
        dialog.add_files([face_set.files["simm"][0]])
        assert "consent first" in dialog.message.text() and dialog.photo_list.count() == 0

        assert not dialog.consent_button.isEnabled()
        dialog.consent_check.setChecked(True)
        dialog.consent_button.click()
        wait_idle(qtbot, window)
        assert "Consent recorded" in dialog.status_label.text() and "李强" in dialog.status_label.text()
        assert dialog.files_button.isEnabled()

        dialog.add_files([*face_set.files["simm"][:2], FACES / "multi_face" / "two_people.jpg"])
        qtbot.waitUntil(lambda: dialog.checking == 0, timeout=15_000)
        texts = [dialog.photo_list.item(i).text() for i in range(dialog.photo_list.count())]
        assert "more than one face" in texts[2] and len(dialog.encodings) == 2
        assert not dialog.enrol_button.isEnabled()  # two usable photos are not enough
        dialog.add_files([face_set.files["simm"][2]])
        qtbot.waitUntil(lambda: dialog.enrol_button.isEnabled(), timeout=15_000)
        dialog.enrol_button.click()
        dialog.enrol_button.click()
        wait_idle(qtbot, window)
        assert "Enrolled with 3 photos" in dialog.message.text()
        assert desk.faces.status(rid).encodings == 3
        assert desk.faces.gallery().search(face_set.encodings["simm"][3]).resident_id == rid

        dialog.delete_button.click()
        wait_idle(qtbot, window)
        assert desk.faces.status(rid).encodings == 0 and rid not in desk.faces.gallery()
        assert "3 encodings deleted" in dialog.message.text()
        dialog.withdraw_button.click()
        wait_idle(qtbot, window)
        assert not desk.faces.status(rid).consent and not dialog.files_button.isEnabled()
        dialog.accept()
    finally:
        FaceEnrolDialog.engine_factory = None
        FaceEnrolDialog.jitters = 10
        close_window(qtbot, window)
