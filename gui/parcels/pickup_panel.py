"""Pickup at the desk: by pickup code, by scanning the code the resident shows, or by staff search
with an ID check. Shows the resident's waiting parcels; "Open doors" releases them all with live
progress per door (``PickupFlow``)."""

from __future__ import annotations

import functools
import socket

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.messages import enter_clicks, failure_text, say
from gui.common.tables import table_view
from gui.context import PageContext
from gui.parcels.parcel_table import ParcelTableModel, parcel_door
from gui.parcels.pickup_flow import PickupFlow, PickupResult, progress_text
from gui.residents.picker import ResidentPicker
from services.parcels.records import ParcelInfo


def desk_key(store_code: str) -> str:
    """Wrong-code lockouts count per desk: this store's code and this computer."""
    return f"{store_code}/{socket.gethostname()}"


class PickupPanel(QWidget):
    """``highlight(slot_id)`` for the door being worked on (-1: none); ``done()`` after a release."""

    highlight = Signal(int)
    done = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.flow = PickupFlow(ctx.desk, ctx.tasks, ctx.devices, ctx.operator.id, parent=self)
        self.parcels: list[ParcelInfo] = []
        self.via = ""
        self._looking = False
        self._items: dict[int, QListWidgetItem] = {}

        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("pickupCode")
        self.code_edit.setPlaceholderText(self.tr("Pickup code (digits)"))
        self.code_edit.setValidator(QRegularExpressionValidator(r"\d{0,12}", self.code_edit))
        self.code_edit.returnPressed.connect(lambda: self.find_by_code(self.code_edit.text(), "code"))
        self.code_button = QPushButton(self.tr("Find"))
        self.code_button.setObjectName("pickupFind")
        self.code_button.clicked.connect(lambda: self.find_by_code(self.code_edit.text(), "code"))
        code_box = QGroupBox(self.tr("By pickup code (typed, or scanned from the resident's phone)"))
        code_row = QHBoxLayout(code_box)
        code_row.addWidget(self.code_edit, 1)
        code_row.addWidget(self.code_button)

        self.picker = ResidentPicker(ctx.desk.residents.search, ctx.tasks, "pickupResident")
        self.id_check = QCheckBox(self.tr("I checked the resident's ID"))
        self.id_check.setObjectName("pickupIdChecked")
        self.staff_button = QPushButton(self.tr("Show their parcels"))
        self.staff_button.setObjectName("pickupStaff")
        self.staff_button.clicked.connect(self.find_for_resident)
        staff_box = QGroupBox(self.tr("By staff search (no code)"))
        staff = QVBoxLayout(staff_box)
        staff.addWidget(self.picker, 1)
        row = QHBoxLayout()
        row.addWidget(self.id_check, 1)
        row.addWidget(self.staff_button)
        staff.addLayout(row)

        self.model = ParcelTableModel()
        self.table = table_view(self.model, "pickupParcels")
        for column in (1, 4):  # courier and phone: the counter needs the door, not these
            self.table.hideColumn(column)
        self.open_button = QPushButton(self.tr("Open doors"))
        self.open_button.setObjectName("pickupOpen")
        self.open_button.clicked.connect(self.open_doors)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("pickupCancel")
        self.cancel_button.setToolTip(self.tr("Stop waiting for the open doors: their parcels stay in their slots."))
        self.cancel_button.clicked.connect(self.cancel)
        self._cancelled = False
        self.progress = QListWidget()
        self.progress.setObjectName("pickupProgress")
        self.progress.setMaximumHeight(110)
        self.message = QLabel()
        self.message.setObjectName("pickupMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        waiting = QGroupBox(self.tr("Waiting parcels"))
        right = QVBoxLayout(waiting)
        right.addWidget(self.table, 1)
        door_row = QHBoxLayout()
        door_row.addWidget(self.open_button, 1)
        door_row.addWidget(self.cancel_button)
        right.addLayout(door_row)
        right.addWidget(self.progress)
        right.addWidget(self.message)

        left = QVBoxLayout()
        left.addWidget(code_box)
        left.addWidget(staff_box, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(waiting, 3)

        for button in (self.code_button, self.staff_button, self.open_button, self.cancel_button):
            enter_clicks(button)
        self.flow.progress.connect(self._progress)
        self.flow.finished.connect(self._finished)
        self.flow.failed.connect(self._flow_failed)
        self._update_buttons()

    # -- finding the parcels ----------------------------------------------------------

    def find_by_code(self, code: str, via: str) -> bool:
        code = code.strip()
        if self._looking or self.flow.busy:
            return False
        if not code.isdigit():
            self._say(self.tr("Type the pickup code: digits only."), error=True)
            return False
        self._looking = True
        self._update_buttons()
        job = functools.partial(self.ctx.desk.parcels.find_by_pickup_code,
                                desk_key=desk_key(self.ctx.settings.store_code))
        self.ctx.tasks.db(job, code, owner=self, done=lambda rows: self._found(rows, via), failed=self._find_failed)
        return True

    def find_for_resident(self) -> None:
        resident = self.picker.resident
        if self._looking or self.flow.busy:
            return
        if resident is None:
            self._say(self.tr("Find the resident first: search and select a row."), error=True)
            return
        if not self.id_check.isChecked():
            self._say(self.tr("Check the resident's ID and tick “I checked the resident's ID” first."), error=True)
            return
        self._looking = True
        self._update_buttons()
        job = functools.partial(self.ctx.desk.parcels.for_resident, live_only=True)
        self.ctx.tasks.db(job, resident.id, owner=self, done=lambda rows: self._found(rows, "staff"),
                          failed=self._find_failed)

    def _found(self, rows: list[ParcelInfo], via: str) -> None:
        self._looking = False
        self.code_edit.clear()
        self.parcels, self.via = list(rows), via
        self.model.set_rows(self.parcels)
        self.progress.clear()
        self._items.clear()
        if rows:
            self._say(self.tr("{n} parcel(s) waiting. Press Open doors.").format(n=len(rows)))
            self.open_button.setFocus()
        else:
            self._say(self.tr("No parcel is waiting for this resident."))
        self._update_buttons()

    def _find_failed(self, exc: BaseException) -> None:
        self._looking = False
        self.code_edit.selectAll()
        self._say(failure_text(exc), error=True)
        self._update_buttons()

    def handle_scan(self, code: str) -> bool:
        """A scan on the pickup panel is the code the resident shows on their phone."""
        self.code_edit.setText(code)
        return self.find_by_code(code, "resident_code")

    # -- opening the doors ----------------------------------------------------------

    def open_doors(self) -> None:
        if self.flow.busy or not self.parcels:
            return
        if self.via == "staff" and not self.id_check.isChecked():
            self._say(self.tr("Check the resident's ID first."), error=True)
            return
        self.progress.clear()
        self._items.clear()
        for p in self.parcels:
            item = QListWidgetItem(self.tr("{door} {tracking}: waiting").format(door=parcel_door(p), tracking=p.tracking_no))
            self._items[p.id] = item
            self.progress.addItem(item)
        self._cancelled = False
        if self.flow.release(self.parcels, self.via):
            self._say(self.tr("Opening %n door(s)… The resident takes the parcels and closes the doors; "
                              "Cancel stops waiting.", "", len(self.parcels)))
        self._update_buttons()

    def cancel(self) -> None:
        """Stop waiting for the doors: parcels whose door has not closed stay in their slots (not picked up)."""
        if not self.flow.busy:
            return
        self._cancelled = True
        self.flow.cancel()
        self._say(self.tr("Cancelling…"))
        self._update_buttons()

    def busy_text(self) -> str | None:
        """What logging out now would interrupt, or None."""
        if not self.flow.busy:
            return None
        return self.tr("A pickup is in progress: %n door(s) may stand open.", "", len(self.parcels))

    def _progress(self, parcel_id: int, status: str) -> None:
        p = next((x for x in self.parcels if x.id == parcel_id), None)
        item = self._items.get(parcel_id)
        if p is None or item is None:
            return
        item.setText(f"{parcel_door(p)} {p.tracking_no}: {progress_text(status)}")
        if p.slot_id is not None:
            self.highlight.emit(p.slot_id)

    def _finished(self, result: PickupResult) -> None:
        self.highlight.emit(-1)
        n, m = len(result.picked_up), len(result.requested)
        if not result.left:
            self._say(self.tr("All %n parcel(s) picked up.", "", n), ok=True)
        elif self._cancelled:
            self._say(self.tr("Cancelled: %n parcel(s) were not marked picked up and stay waiting in their slots. "
                              "Close any door left open; the resident can collect them later with the same code.",
                              "", len(result.left)), error=True)
        else:
            doors = ", ".join(
                self.tr("{door} ({why})").format(door=parcel_door(p), why=progress_text(result.statuses.get(p.id, "failed")))
                for p in result.left)
            text = self.tr("{n} of {m} parcel(s) picked up. Still in their slot: {doors}.").format(n=n, m=m, doors=doors)
            if any(result.statuses.get(p.id) == "failed:door_not_closed" for p in result.left):
                text += " " + self.tr("Nobody closed the door in time, so those parcels were not marked picked up: "
                                      "check the locker, close the door, and open it again here if the parcel is "
                                      "still inside.")
            self._say(text, error=True)
        self._cancelled = False
        self.parcels = list(result.left)
        self.model.set_rows(self.parcels)
        self.id_check.setChecked(False)
        self._update_buttons()
        self.done.emit()

    def _flow_failed(self, message: str) -> None:
        self.highlight.emit(-1)
        self._say(message, error=True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._looking or self.flow.busy
        self.code_button.setEnabled(not busy)
        self.staff_button.setEnabled(not busy)
        self.open_button.setEnabled(not busy and bool(self.parcels))
        self.cancel_button.setEnabled(self.flow.busy and not self._cancelled)

    def _say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        say(self.message, text, error=error, ok=ok)
