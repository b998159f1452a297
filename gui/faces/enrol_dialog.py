"""Enrol a resident's face, with their recorded consent; or delete their face data in one step.

Consent first: a resident who has not agreed is never enrolled, and the dialog says how
they collect parcels instead (the pickup code). Photos come from files or the desk's
camera (3-5); each is checked in the face engine's child process for exactly one face of
usable size and sharpness, then encoded with extra jitters. The service refuses photos
that disagree with each other or look like another enrolled resident. Only encodings are
stored, with the model version and date; the photos are never written anywhere.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.camera_view import CameraView, Overlay
from gui.common.messages import say
from gui.context import PageContext
from gui.faces.camera import face_camera_settings, open_face_camera
from services.core.masking import mask_name
from services.faces.gallery import MAX_PHOTOS, MIN_PHOTOS, FaceError

if TYPE_CHECKING:
    import numpy as np

    from devices.faces import EngineProcess, FaceShot
    from gui.common.camera_worker import CameraWorker
    from services.faces.gallery import EnrolmentResult, FaceStatus
    from services.residents.records import ResidentInfo

ENROL_JITTERS = 10  # research/faces.md §4.5: 1.8 s a photo, once; tighter same-person distances


def problem_text(problem: str) -> str:
    texts = {
        "no_face": QCoreApplication.translate("FaceEnrol", "no face found"),
        "too_small": QCoreApplication.translate("FaceEnrol", "the face is too small: come closer or use a larger photo"),
        "several_faces": QCoreApplication.translate("FaceEnrol", "more than one face: one person per photo"),
        "blurred": QCoreApplication.translate("FaceEnrol", "the face is blurred: hold still, use more light"),
        "unreadable": QCoreApplication.translate("FaceEnrol", "not an image file"),
    }
    return texts.get(problem, problem)


def face_error_text(error: FaceError) -> str:
    p = error.params
    if error.reason == FaceError.NO_CONSENT:
        return QCoreApplication.translate("FaceEnrol", "No consent is recorded for this resident, so nothing was stored.")
    if error.reason == FaceError.PHOTO_COUNT:
        return QCoreApplication.translate("FaceEnrol", "Use {min} to {max} usable photos (now {count}).").format(
            min=p.get("min"), max=p.get("max"), count=p.get("count"))
    if error.reason == FaceError.PHOTOS_DISAGREE:
        return QCoreApplication.translate(
            "FaceEnrol", "Photos {first} and {second} do not look like the same person (distance {distance}). "
            "Nothing was stored: remove the wrong photo or take new ones.").format(
            first=p.get("first"), second=p.get("second"), distance=p.get("distance"))
    if error.reason == FaceError.MATCHES_OTHER:
        return QCoreApplication.translate(
            "FaceEnrol", "Photo {photo} looks like {name}, who is already enrolled (distance {distance}). "
            "Nothing was stored: check that this is the right resident.").format(
            photo=p.get("photo"), name=p.get("name"), distance=p.get("distance"))
    return QCoreApplication.translate("FaceEnrol", "This resident no longer exists.")


class FaceEnrolDialog(QDialog):
    jitters = ENROL_JITTERS  # tests lower it
    engine_factory: Any = None  # tests use the engine in this process; the desk a child process

    def __init__(self, ctx: PageContext, resident: ResidentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.resident = resident
        self.setWindowTitle(self.tr("Face recognition: {name}").format(name=mask_name(resident.name)))
        self.status_label = QLabel()
        self.status_label.setObjectName("faceConsentStatus")
        self.status_label.setWordWrap(True)
        self.consent_check = QCheckBox(self.tr(
            "The resident agrees to be recognised by face at the desk. Only face encodings are stored, "
            "never photos; they can be deleted at any time."))
        self.consent_check.setObjectName("faceConsent")
        self.consent_button = QPushButton(self.tr("Record consent"))
        self.consent_button.setObjectName("faceRecordConsent")
        self.consent_button.setEnabled(False)
        self.consent_check.toggled.connect(self.consent_button.setEnabled)
        self.consent_button.clicked.connect(self.record_consent)
        self.no_consent_note = QLabel(self.tr(
            "Without consent the resident collects parcels with the pickup code sent to them; no face data is kept."))
        self.no_consent_note.setWordWrap(True)

        self.files_button = QPushButton(self.tr("Add photos from files…"))
        self.files_button.clicked.connect(self.choose_files)
        self.camera_button = QPushButton(self.tr("Start camera"))
        self.camera_button.clicked.connect(self.toggle_camera)
        self.take_button = QPushButton(self.tr("Take photo"))
        self.take_button.setEnabled(False)
        self.take_button.clicked.connect(self.take_photo)
        self.view = CameraView()
        self.view.set_overlay(Overlay.FACE)
        self.view.setVisible(False)
        self.photo_list = QListWidget()
        self.photo_list.setObjectName("facePhotos")
        self.enrol_button = QPushButton(self.tr("Enrol"))
        self.enrol_button.setObjectName("faceEnrol")
        self.enrol_button.setEnabled(False)
        self.enrol_button.clicked.connect(self.enrol)
        self.clear_button = QPushButton(self.tr("Clear photos"))
        self.clear_button.clicked.connect(self.clear_photos)
        self.delete_button = QPushButton(self.tr("Delete all face data"))
        self.delete_button.setObjectName("faceDelete")
        self.delete_button.clicked.connect(self.delete_data)
        self.withdraw_button = QPushButton(self.tr("Withdraw consent"))
        self.withdraw_button.setObjectName("faceWithdraw")
        self.withdraw_button.clicked.connect(self.withdraw)
        self.message = QLabel()
        self.message.setObjectName("faceEnrolMessage")
        self.message.setWordWrap(True)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.consent_check)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_button)
        consent_row.addStretch(1)
        layout.addLayout(consent_row)
        layout.addWidget(self.no_consent_note)
        photo_row = QHBoxLayout()
        for b in (self.files_button, self.camera_button, self.take_button, self.clear_button):
            photo_row.addWidget(b)
        layout.addLayout(photo_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.photo_list, 1)
        actions = QHBoxLayout()
        for b in (self.enrol_button, self.delete_button, self.withdraw_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(close)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.setMinimumWidth(560)

        self.consent = False
        self.encodings: list[np.ndarray] = []
        self.checking = 0
        self.engine: EngineProcess | None = None
        self._engine_lock = threading.Lock()
        self.camera: CameraWorker | None = None
        self._last_frame: np.ndarray | None = None
        self._frame_lock = threading.Lock()
        self._set_consent(False)
        self.refresh()

    # -- consent --------------------------------------------------------------------

    def refresh(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.faces.status, self.resident.id, owner=self, done=self._show_status)

    def _show_status(self, status: FaceStatus) -> None:
        if status.consent and status.consent_at is not None:
            text = self.tr("Consent recorded {when} by {who}.").format(
                when=status.consent_at.astimezone().strftime("%Y-%m-%d %H:%M"), who=status.consent_by or "?")
        else:
            text = self.tr("No consent recorded.")
        if status.encodings:
            text += " " + self.tr("Enrolled: {n} encodings ({model}, {when}).").format(
                n=status.encodings, model=status.model,
                when=status.enrolled_at.astimezone().strftime("%Y-%m-%d") if status.enrolled_at else "")
        else:
            text += " " + self.tr("No face data stored.")
        self.status_label.setText(text)
        self.delete_button.setEnabled(status.encodings > 0)
        self._set_consent(status.consent)

    def _set_consent(self, consent: bool) -> None:
        self.consent = consent
        self.consent_check.setVisible(not consent)
        self.consent_button.setVisible(not consent)
        self.no_consent_note.setVisible(not consent)
        self.withdraw_button.setEnabled(consent)
        for b in (self.files_button, self.camera_button):
            b.setEnabled(consent)
            b.setToolTip("" if consent else self.tr("Record the resident's consent first; "
                                                    "without it they use the pickup code."))
        self._update_enrol()

    def record_consent(self) -> None:
        if not self.consent_check.isChecked():
            return
        self.consent_button.setEnabled(False)
        self.ctx.tasks.db(functools.partial(self.ctx.desk.faces.record_consent, operator_id=self.ctx.operator.id),
                          self.resident.id, owner=self, done=self._show_status, failed=self._failed)

    def withdraw(self) -> None:
        self.ctx.tasks.db(functools.partial(self.ctx.desk.faces.withdraw_consent, operator_id=self.ctx.operator.id),
                          self.resident.id, owner=self, done=lambda n: self._erased(n, withdrawn=True), failed=self._failed)

    def delete_data(self) -> None:
        self.ctx.tasks.db(functools.partial(self.ctx.desk.faces.delete_face_data, operator_id=self.ctx.operator.id),
                          self.resident.id, owner=self, done=lambda n: self._erased(n, withdrawn=False), failed=self._failed)

    def _erased(self, count: int, *, withdrawn: bool) -> None:
        say(self.message, (self.tr("Consent withdrawn; {n} encodings deleted.") if withdrawn
                           else self.tr("{n} encodings deleted. The resident is no longer recognised.")).format(n=count),
            ok=True)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, FaceError):
            say(self.message, face_error_text(exc), error=True)
        else:
            say(self.message, self.tr("Unexpected error: {error}").format(error=exc), error=True)
        self.refresh()

    # -- photos ---------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Photos of the resident"), "",
                                                self.tr("Images (*.jpg *.jpeg *.png *.bmp *.webp)"))
        self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> None:
        from devices.faces.engine import read_image

        for path in paths:
            self._check_photo(path.name, functools.partial(read_image, path))

    def take_photo(self) -> None:
        with self._frame_lock:
            frame = None if self._last_frame is None else self._last_frame.copy()
        if frame is not None:
            self._check_photo(self.tr("camera photo"), lambda: frame)

    def _check_photo(self, label: str, load: Any) -> None:
        if not self.consent:
            say(self.message, self.tr("Record the resident's consent first."), error=True)
            return
        if len(self.encodings) + self.checking >= MAX_PHOTOS:
            say(self.message, self.tr("{max} photos are enough.").format(max=MAX_PHOTOS), error=True)
            return
        self.photo_list.addItem(self.tr("{label}: checking…").format(label=label))
        row = self.photo_list.count() - 1
        self.checking += 1
        self._update_enrol()
        jitters = self.jitters
        self.ctx.tasks.io(self._analyse, load, jitters, owner=self, done=lambda r: self._checked(row, label, r),
                          failed=lambda exc: self._checked(row, label, exc))

    def _analyse(self, load: Any, jitters: int) -> tuple[FaceShot, Any]:
        """Worker: the photo checked and encoded in the engine's child process."""
        from devices.faces import EngineProcess

        factory = type(self).engine_factory
        if factory is not None:
            engine: Any = factory()
            return engine.enrolment_photo(load(), jitters=jitters)  # type: ignore[no-any-return]
        with self._engine_lock:
            if self.engine is None:
                self.engine = EngineProcess()
                self.engine.start()
            process = self.engine
        return process.enrolment_photo(load(), jitters=jitters)

    def _checked(self, row: int, label: str, result: Any) -> None:
        self.checking -= 1
        item = self.photo_list.item(row)
        if isinstance(result, BaseException):
            text = self.tr("{label}: could not be checked ({error})").format(label=label, error=result)
        else:
            shot, encoding = result
            if encoding is None:
                text = self.tr("{label}: not usable: {reason}").format(
                    label=label, reason=problem_text(str(shot.problem)))
            elif len(self.encodings) >= MAX_PHOTOS:
                text = self.tr("{label}: not needed, {max} photos already").format(label=label, max=MAX_PHOTOS)
            else:
                self.encodings.append(encoding)
                text = self.tr("{label}: usable (photo {n})").format(label=label, n=len(self.encodings))
        if item is not None:
            item.setText(text)
        self._update_enrol()

    def clear_photos(self) -> None:
        self.encodings = []
        self.photo_list.clear()
        self._update_enrol()

    def _update_enrol(self) -> None:
        n = len(self.encodings)
        self.enrol_button.setEnabled(self.consent and self.checking == 0 and MIN_PHOTOS <= n <= MAX_PHOTOS)
        self.enrol_button.setToolTip(self.tr("Needs {min} to {max} usable photos; {n} so far.").format(
            min=MIN_PHOTOS, max=MAX_PHOTOS, n=n))

    def enrol(self) -> None:
        if not self.enrol_button.isEnabled():
            return
        self.enrol_button.setEnabled(False)  # a double click stores nothing twice
        version = self.engine.model_version if self.engine is not None else "dlib"
        self.ctx.tasks.db(functools.partial(self.ctx.desk.faces.enrol, jitters=self.jitters, model=version,
                                            operator_id=self.ctx.operator.id),
                          self.resident.id, list(self.encodings), owner=self, done=self._enrolled, failed=self._failed)

    def _enrolled(self, result: EnrolmentResult) -> None:
        say(self.message, self.tr("Enrolled with {n} photos. The photos were not kept.").format(n=result.stored), ok=True)
        self.clear_photos()
        self.refresh()

    # -- camera ---------------------------------------------------------------------

    def toggle_camera(self) -> None:
        if self.camera is not None:
            self._stop_camera()
            return
        cfg = face_camera_settings(self.ctx.settings)
        if cfg is None:
            say(self.message, self.tr("No camera for faces is set (Settings → Faces). Add photos from files."),
                error=True)
            return
        self.camera_button.setEnabled(False)
        self.ctx.tasks.io(open_face_camera, cfg, done=self._camera_opened,
                          failed=lambda exc: say(self.message, self.tr("The camera did not open: {error}").format(
                              error=exc), error=True))

    def _camera_opened(self, source: Any) -> None:
        from gui.common.camera_worker import CameraWorker

        self.camera = CameraWorker(source, parent=self)
        self.camera.frame_ready.connect(self.view.set_frame)
        self.camera.status_changed.connect(self.view.set_status)
        self.camera.add_frame_listener(self._keep_frame)
        self.camera.start()
        self.view.setVisible(True)
        self.camera_button.setText(self.tr("Stop camera"))
        self.camera_button.setEnabled(True)
        self.take_button.setEnabled(True)

    def _keep_frame(self, frame: np.ndarray) -> None:
        with self._frame_lock:
            self._last_frame = frame

    def _stop_camera(self) -> None:
        if self.camera is not None:
            self.camera.stop()
            self.camera.deleteLater()
            self.camera = None
        self.view.setVisible(False)
        self.take_button.setEnabled(False)
        self.camera_button.setText(self.tr("Start camera"))

    def done(self, result: int) -> None:
        self._stop_camera()
        engine, self.engine = self.engine, None
        if engine is not None:
            self.ctx.tasks.io(engine.stop)
        super().done(result)
