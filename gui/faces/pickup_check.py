"""Pickup check: the desk camera recognises a resident, lists their waiting parcels, asks for a
blink (or head turn), then releases the parcels through the parcels feature's PickupFlow.

Nothing heavy runs on the GUI thread: frames are analysed by ``FaceWorker`` (face engine in
a child process), the database through the task runner, the doors through ``PickupFlow``.
Faces are checked against the residents who have parcels waiting (verification), not the
whole building, when anyone has; every decision is logged with its distance and margin.
Strangers get "not recognised — use your pickup code". The liveness challenge is only a
deterrent, so a release also needs staff to confirm on screen, or the resident's pickup
code (Settings → Faces; always in unattended mode).
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.camera_view import CameraView, Overlay, OverlayBox
from gui.common.locker_diagram import slot_door
from gui.common.messages import failure_text, say
from gui.common.units import unit_text
from gui.context import PageContext
from gui.faces.camera import face_camera_settings, open_face_camera
from gui.page import Page
from services.core.masking import mask_name
from services.core.settings import CameraSettings
from services.faces.rules import Challenge, Outcome, needs_pickup_code, thresholds_for

if TYPE_CHECKING:
    from devices.camera import FrameSource
    from gui.common.camera_worker import CameraWorker
    from gui.faces.worker import FaceWorker
    from gui.parcels.pickup_flow import PickupFlow, PickupResult
    from services.faces.check import Analyser, FrameResult, LivenessStep
    from services.faces.rules import Decision, Gallery
    from services.parcels.records import ParcelInfo
    from services.residents.records import ResidentInfo

log = logging.getLogger(__name__)


class PickupCheckPage(Page):
    # Tests inject an in-process engine here; by default the engine runs in a child process.
    engine_factory: Any = None

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view = CameraView()
        self.view.set_overlay(Overlay.FACE)
        self.view.set_mirrored(True)
        self.analysing = QLabel(self.tr("● The camera is analysing faces here. No picture is stored."))
        self.analysing.setStyleSheet("color: #b00020;")
        self.analysing.setWordWrap(True)
        self.analysing.setVisible(False)  # only while the camera runs: never beside "no camera"
        self.status = QLabel()
        self.status.setObjectName("faceStatus")
        self.status.setWordWrap(True)
        font = self.status.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.4)
        self.status.setFont(font)
        self.mode_label = QLabel()
        self.mode_label.setObjectName("faceMode")
        self.mode_label.setWordWrap(True)
        self.resident_label = QLabel()
        self.resident_label.setObjectName("faceResident")
        self.parcel_list = QListWidget()
        self.parcel_list.setObjectName("faceParcels")
        self.prompt = QLabel()
        self.prompt.setObjectName("facePrompt")
        self.prompt.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("facePickupCode")
        self.code_edit.setPlaceholderText(self.tr("Pickup code"))
        self.code_edit.setVisible(False)
        self.code_edit.textChanged.connect(lambda _t: self._update_release())
        self.release_button = QPushButton(self.tr("Release parcels"))
        self.release_button.setObjectName("faceRelease")
        self.release_button.setEnabled(False)
        self.release_button.clicked.connect(self.release)
        self.next_button = QPushButton(self.tr("Next person"))
        self.next_button.setObjectName("faceNext")
        self.next_button.clicked.connect(self.next_person)
        self.message = QLabel()
        self.message.setObjectName("faceMessage")
        self.message.setWordWrap(True)

        side = QVBoxLayout()
        side.addWidget(self.status)
        side.addWidget(self.mode_label)
        side.addWidget(self.resident_label)
        side.addWidget(self.parcel_list, 1)
        side.addWidget(self.prompt)
        side.addWidget(self.code_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.release_button)
        buttons.addWidget(self.next_button)
        side.addLayout(buttons)
        side.addWidget(self.message)
        left = QVBoxLayout()
        left.addWidget(self.view, 1)
        left.addWidget(self.analysing)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(side, 2)

        self.camera: CameraWorker | None = None
        self.worker: FaceWorker | None = None
        self.flow: PickupFlow | None = None
        self.resident: ResidentInfo | None = None
        self.parcels: list[ParcelInfo] = []
        self.decision: Decision | None = None
        self.live_ok = False
        self.reminded: bool | None = None
        # The camera session: bumped by stop(). Not only a task guard, so not a task key: it also
        # silences the face worker's ready signal of a stopped session, and a camera source that
        # opens after stop() must still be delivered to be closed (see _camera_opened).
        self._generation = 0
        self._candidates: set[int] = set()

    def title(self) -> str:
        return self.tr("Pickup check")

    # -- life cycle -----------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.stop()

    def shutdown(self) -> None:
        self.stop()

    def start(self) -> None:
        if self.worker is not None:
            return
        cfg = face_camera_settings(self.ctx.settings)
        if cfg is None:
            self._no_camera()
            return
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("Loading the face models…"))
        self.ctx.tasks.db(self.ctx.desk.faces.gallery, owner=self, done=lambda g: self._gallery_loaded(generation, g, cfg))

    def _no_camera(self) -> None:
        """One state, and what to do about it: the demo's barcode camera shows no faces."""
        self.view.set_status("stopped", "")
        self.analysing.setVisible(False)
        if self.ctx.settings.faces.camera_source == "same" and self.ctx.settings.camera.source == "demo":
            text = self.tr("No camera for faces: the Camera tab plays the demo's product barcodes, which show no "
                           "faces. Choose a webcam or a video for faces in Settings → Faces, or enrol demo "
                           "residents from photos with “uv run main.py demo-faces FOLDER”. Until then, residents "
                           "collect parcels with their pickup code on the Parcels page.")
        else:
            text = self.tr("No camera for faces is set. Choose a webcam or a video in Settings → Faces. Until then, "
                           "residents collect parcels with their pickup code on the Parcels page.")
        self.status.setText(text)
        self.mode_label.clear()

    def _gallery_loaded(self, generation: int, gallery: Gallery, cfg: CameraSettings) -> None:
        if generation != self._generation:
            return
        from gui.faces.worker import FaceWorker

        factory = type(self).engine_factory
        engine: Analyser | None = factory() if factory is not None else None
        self.worker = FaceWorker(gallery, thresholds_for(self.ctx.settings.faces), engine=engine, parent=self)
        self.worker.ready.connect(lambda _version: self._engine_ready(generation, cfg))
        self.worker.unavailable.connect(self._engine_failed)
        self.worker.frame_result.connect(self._on_result)
        self.worker.liveness_step.connect(self._on_liveness)
        self.worker.start()
        self.refresh_candidates()

    def _engine_ready(self, generation: int, cfg: CameraSettings) -> None:
        if generation != self._generation:
            return
        self.status.setText(self.tr("Starting the camera…"))
        self.view.set_status("starting", "")
        self.ctx.tasks.io(open_face_camera, cfg, done=lambda source: self._camera_opened(generation, source),
                          failed=lambda exc: self._camera_failed(generation, exc))

    def _camera_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.view.set_status("lost", str(exc))
        self.analysing.setVisible(False)
        self.status.setText(self.tr("The camera did not open: {error}. Check it in Settings → Faces; meanwhile use "
                                    "pickup codes.").format(error=exc))

    def _camera_opened(self, generation: int, source: FrameSource) -> None:
        if generation != self._generation or self.worker is None:
            source.close()
            return
        from gui.common.camera_worker import CameraWorker

        self.camera = CameraWorker(source, parent=self)
        self.camera.frame_ready.connect(self.view.set_frame)
        self.camera.status_changed.connect(self.view.set_status)
        self.camera.add_frame_listener(self.worker.offer)
        self.camera.start()
        self.analysing.setVisible(True)
        self.status.setText(self.tr("Step in front of the camera."))

    def _engine_failed(self, detail: str) -> None:
        self.view.set_status("stopped", "")
        self.analysing.setVisible(False)
        self.status.setText(self.tr("Face recognition is not available on this desk ({detail}). Use pickup codes.")
                            .format(detail=detail))

    def stop(self) -> None:
        self._generation += 1
        if self.camera is not None:
            if self.worker is not None:
                self.camera.remove_frame_listener(self.worker.offer)
            self.camera.stop()
            self.camera.deleteLater()
            self.camera = None
        if self.worker is not None:
            self.worker.stop()
            self.worker.deleteLater()
            self.worker = None
        self.view.clear()
        self.analysing.setVisible(False)
        self._clear_resident()

    def refresh_candidates(self) -> None:
        """Verify faces against the residents with parcels waiting (everyone enrolled if none)."""
        self.ctx.tasks.db(self.ctx.desk.faces.residents_with_parcels, owner=self, done=self._set_candidates)

    def _set_candidates(self, ids: set[int]) -> None:
        self._candidates = set(ids)
        if self.worker is not None:
            self.worker.set_candidates(ids)
        self.mode_label.setText(
            self.tr("Checking against the {n} residents with parcels waiting.").format(n=len(ids)) if ids
            else self.tr("No parcels are waiting: checking against every enrolled resident."))

    # -- recognition ----------------------------------------------------------------

    def _on_result(self, result: FrameResult) -> None:
        boxes = [OverlayBox(b.left, b.top, b.width, b.height) for b in result.boxes]
        self.view.set_boxes(boxes)
        if result.decision is not None:
            self._decided(result.decision, result.mode)
            return
        if self.resident is not None or self.decision is not None:
            if result.face is None and result.problem is not None and self.decision is not None \
                    and self.decision.outcome is not Outcome.RECOGNISED:
                self.decision = None  # the stranger left: ready for the next person
            else:
                return
        texts = {
            "no_face": self.tr("Step in front of the camera."),
            "too_small": self.tr("Come closer to the camera."),
            "several_faces": self.tr("One person at a time, please."),
        }
        if result.problem is not None:
            self.status.setText(texts.get(result.problem.value, self.tr("Step in front of the camera.")))
        elif result.face is not None:
            self.status.setText(self.tr("Checking…"))

    def _decided(self, decision: Decision, mode: str) -> None:
        self.decision = decision
        self.ctx.tasks.db(functools.partial(
            self.ctx.desk.faces.log_decision, decision.outcome.value, decision.resident_id, decision.distance,
            decision.margin, mode=mode, frames=decision.frames, operator_id=self.ctx.operator.id))
        if decision.outcome is Outcome.RECOGNISED and decision.resident_id is not None:
            if self.worker is not None:
                self.worker.pause()
            rid = decision.resident_id
            self.status.setText(self.tr("Recognised."))
            self.ctx.tasks.db(self._load_resident, rid, owner=self, done=self._show_resident,
                              failed=lambda exc: say(self.message, failure_text(exc), error=True))
            return
        if decision.outcome is Outcome.AMBIGUOUS:
            self.status.setText(self.tr("Looks like more than one resident. Staff: check their ID, or use the pickup code."))
        elif decision.outcome is Outcome.TIMEOUT:
            self.status.setText(self.tr("Not recognised in time — please use your pickup code."))
        else:
            self.status.setText(self.tr("Not recognised — please use your pickup code."))

    def _load_resident(self, resident_id: int) -> tuple[ResidentInfo, list[ParcelInfo]]:
        """Worker: who it is and what waits for them."""
        return (self.ctx.desk.faces.who(resident_id),
                self.ctx.desk.parcels.for_resident(resident_id, live_only=True))

    def _show_resident(self, loaded: tuple[ResidentInfo, list[ParcelInfo]]) -> None:
        resident, parcels = loaded
        self.resident, self.parcels = resident, [p for p in parcels if p.slot_id is not None]
        self.resident_label.setText(self.tr("{name} · {unit}").format(
            name=mask_name(resident.name), unit=unit_text(resident.building, resident.unit)))
        self.parcel_list.clear()
        for p in self.parcels:
            door = slot_door(p.bank_code, p.slot_no) if p.bank_code and p.slot_no is not None else "?"
            self.parcel_list.addItem(self.tr("{courier} …{tail} · door {door} · {size}").format(
                courier=p.courier_name or p.courier_code, tail=p.tracking_no[-4:], door=door, size=p.size))
        if not self.parcels:
            self.status.setText(self.tr("Recognised: no parcels are waiting."))
            if self.worker is not None:
                self.worker.resume()
            return
        self.status.setText(self.tr("Recognised: {n} parcels waiting.").format(n=len(self.parcels)))
        if self.ctx.settings.faces.passing_reminders:
            self.ctx.tasks.db(self.ctx.desk.faces.remind_passing_by, resident.id, owner=self, done=self._reminded)
        faces = self.ctx.settings.faces
        if faces.liveness and self.worker is not None:
            self.worker.start_liveness(faces.liveness_kind)
            self.prompt.setText(self.tr("Liveness check: please look at the camera and blink.")
                                if faces.liveness_kind != "turn" else self.tr("Liveness check: follow the prompts."))
        else:
            self._ready_to_release()

    def _reminded(self, result: Any) -> None:
        self.reminded = bool(result.reminded)
        if result.reminded:
            say(self.message, self.tr("A reminder of the waiting parcels was sent to the resident."), ok=True)

    def _on_liveness(self, step: LivenessStep) -> None:
        if self.resident is None:
            return
        if step.passed:
            self.prompt.setText(self.tr("Liveness check passed."))
            self._log_extra("live")
            self._ready_to_release()
        elif step.expired:
            self.prompt.setText(self.tr("The liveness check timed out. Use the pickup code, or press Next person to try again."))
            self._log_extra("liveness_failed")
        elif step.challenge is Challenge.BLINK:
            self.prompt.setText(self.tr("Please look at the camera and blink."))
        elif step.challenge is Challenge.TURN_LEFT:
            self.prompt.setText(self.tr("Please turn your head towards the left of the screen."))
        elif step.challenge is Challenge.TURN_RIGHT:
            self.prompt.setText(self.tr("Please turn your head towards the right of the screen."))

    def _log_extra(self, outcome: str) -> None:
        d = self.decision
        if d is None:
            return
        self.ctx.tasks.db(functools.partial(
            self.ctx.desk.faces.log_decision, outcome, d.resident_id, d.distance, d.margin,
            mode="verify" if self._candidates else "search", frames=d.frames, operator_id=self.ctx.operator.id))

    def _ready_to_release(self) -> None:
        self.live_ok = True
        if needs_pickup_code(self.ctx.settings.faces):
            self.code_edit.setVisible(True)
            self.code_edit.setFocus()
            self.prompt.setText(self.prompt.text() + " " + self.tr("Now type your pickup code."))
        else:
            self.release_button.setText(self.tr("Staff: it is {name} — release").format(
                name=mask_name(self.resident.name) if self.resident else ""))
        self._update_release()

    def _update_release(self) -> None:
        ready = self.live_ok and self.resident is not None and bool(self.parcels)
        if needs_pickup_code(self.ctx.settings.faces):
            ready = ready and bool(self.code_edit.text().strip())
        busy = self.flow is not None and self.flow.busy
        self.release_button.setEnabled(ready and not busy)

    # -- release --------------------------------------------------------------------

    def _pickup_flow(self) -> PickupFlow:
        if self.flow is None:
            from gui.parcels.pickup_flow import PickupFlow

            self.flow = PickupFlow(self.ctx.desk, self.ctx.tasks, self.ctx.devices, self.ctx.operator.id, parent=self)
            self.flow.finished.connect(self._released)
            self.flow.failed.connect(self._release_failed)
            self.flow.progress.connect(lambda _pid, _status: None)
        return self.flow

    def release(self) -> None:
        if not self.release_button.isEnabled() or self.resident is None:
            return
        self.release_button.setEnabled(False)  # a double click opens nothing twice
        if needs_pickup_code(self.ctx.settings.faces):
            from gui.parcels.pickup_panel import desk_key

            self.ctx.tasks.db(functools.partial(self.ctx.desk.parcels.find_by_pickup_code,
                                                desk_key=desk_key(self.ctx.settings.store_code)),
                              self.code_edit.text().strip(), owner=self, done=self._code_checked, failed=self._release_failed_exc)
            return
        self._open(self.parcels)

    def _code_checked(self, parcels: list[ParcelInfo]) -> None:
        assert self.resident is not None
        mine = [p for p in parcels if p.resident_id == self.resident.id]
        if not mine:
            self._release_failed(self.tr("That pickup code is not for the recognised resident. Nothing was opened."))
            return
        self._open(mine)

    def _open(self, parcels: list[ParcelInfo]) -> None:
        say(self.message, self.tr("Opening {n} doors…").format(n=len(parcels)))
        if not self._pickup_flow().release(parcels, "face"):
            self._update_release()

    def _released(self, result: PickupResult) -> None:
        self._log_extra("released")
        text = self.tr("{n} parcels handed out.").format(n=len(result.picked_up))
        if result.left:
            text += " " + self.tr("{n} stay in their lockers (see the Parcels page).").format(n=len(result.left))
        say(self.message, text, ok=not result.left, error=bool(result.left))
        self.parcels = list(result.left)
        self.parcel_list.clear()
        self.release_button.setEnabled(False)
        self.refresh_candidates()

    def _release_failed(self, text: str) -> None:
        say(self.message, text, error=True)
        self._update_release()

    def _release_failed_exc(self, exc: BaseException) -> None:
        self._release_failed(failure_text(exc))

    def next_person(self) -> None:
        self._clear_resident()
        if self.worker is not None:
            self.worker.recognise_again()
        self.status.setText(self.tr("Step in front of the camera."))

    def _clear_resident(self) -> None:
        self.resident, self.parcels, self.decision = None, [], None
        self.live_ok, self.reminded = False, None
        self.resident_label.clear()
        self.parcel_list.clear()
        self.prompt.clear()
        self.code_edit.clear()
        self.code_edit.setVisible(False)
        self.release_button.setText(self.tr("Release parcels"))
        self.release_button.setEnabled(False)
        self.message.clear()
