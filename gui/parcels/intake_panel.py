"""Intake at the desk: scan a tracking number, pick courier, size and recipient, store it in a locker.

A scanned (or typed) Code 128 tracking number first looks for a parcel a courier's
manifest already announced; if there is one, its recipient and size come from the
manifest (a flagged one asks for the recipient), otherwise the parcel is registered
here. Then the store flow offers the slot, opens its door on a worker, waits for it to
close and shows the pickup code. Every button is refused while a step runs.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.locker_diagram import slot_door
from gui.common.messages import enter_clicks, failure_text, say
from gui.common.units import unit_text
from gui.context import PageContext
from gui.parcels.parcel_table import flag_text
from gui.parcels.store_flow import StoreFlow, StoreState
from gui.residents.picker import ResidentPicker
from services.parcels.desk import COURIERS
from services.parcels.records import SIZES, ParcelInfo, ParcelState, SlotChoice, StoredParcel
from services.parcels.tracking import guess_courier, is_tracking_no


class IntakePanel(QWidget):
    """``highlight(slot_id)`` while a slot is offered or in use (-1: none); ``stored(StoredParcel)``."""

    highlight = Signal(int)
    stored = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.flow = StoreFlow(ctx.desk, ctx.tasks, ctx.devices, ctx.operator.id, parent=self)
        self.announced: ParcelInfo | None = None
        self.last_code = ""
        self._registering = False

        self.tracking_edit = QLineEdit()
        self.tracking_edit.setObjectName("intakeTracking")
        self.tracking_edit.setPlaceholderText(self.tr("Scan or type the waybill number (Code 128)"))
        self.tracking_edit.returnPressed.connect(lambda: self.take_tracking(self.tracking_edit.text()))
        self.announced_label = QLabel()
        self.announced_label.setObjectName("intakeAnnounced")
        self.announced_label.setWordWrap(True)
        self.announced_label.setVisible(False)
        self.courier_combo = QComboBox()
        self.courier_combo.setObjectName("intakeCourier")
        for code, name in COURIERS.items():
            self.courier_combo.addItem(f"{code} {name}", code)
        self.size_group = QButtonGroup(self)
        sizes = QHBoxLayout()
        for i, size in enumerate(SIZES):
            button = QRadioButton(size)
            button.setObjectName(f"intakeSize{size}")
            button.setToolTip(self.tr("Slot size {size}").format(size=size))
            self.size_group.addButton(button, i)
            sizes.addWidget(button)
        sizes.addStretch(1)
        self.size_group.button(1).setChecked(True)
        self.picker = ResidentPicker(ctx.desk.residents.search, ctx.tasks, "intakeRecipient")
        self.register_button = QPushButton(self.tr("Register and store"))
        self.register_button.setObjectName("intakeRegister")
        self.register_button.clicked.connect(self.register)

        form = QFormLayout()
        form.addRow(self.tr("Tracking no."), self.tracking_edit)
        form.addRow("", self.announced_label)
        form.addRow(self.tr("Courier"), self.courier_combo)
        form.addRow(self.tr("Size"), sizes)
        form.addRow(self.tr("Recipient"), self.picker)
        left = QGroupBox(self.tr("1. Parcel"))
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form, 1)
        left_layout.addWidget(self.register_button)

        big = QFont(self.font())
        big.setPointSize(big.pointSize() + 6)
        big.setBold(True)
        self.door_label = QLabel(self.tr("No parcel yet."))
        self.door_label.setObjectName("intakeDoor")
        self.door_label.setFont(big)
        self.door_label.setWordWrap(True)
        self.slot_label = QLabel()
        self.slot_label.setObjectName("intakeSlot")
        self.slot_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("intakeMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label = QLabel()
        self.code_label.setObjectName("intakeCode")
        self.code_label.setFont(big)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open door"))
        self.open_button.setObjectName("intakeOpen")
        self.open_button.clicked.connect(self.open_door)
        self.another_button = QPushButton(self.tr("Try another slot"))
        self.another_button.setObjectName("intakeAnother")
        self.another_button.clicked.connect(self.try_another)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("intakeCancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.another_button, self.cancel_button):
            buttons.addWidget(b)
        right = QGroupBox(self.tr("2. Locker"))
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.door_label)
        right_layout.addWidget(self.slot_label)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.code_label)
        right_layout.addStretch(1)

        layout = QHBoxLayout(self)
        layout.addWidget(left, 3)
        layout.addWidget(right, 2)

        for button in (self.register_button, self.open_button, self.another_button, self.cancel_button):
            enter_clicks(button)
        self.picker.submitted.connect(lambda _resident: self.register())
        self.flow.offered.connect(self._offered)
        self.flow.opening.connect(self._opening)
        self.flow.stored.connect(self._stored)
        self.flow.failed.connect(self._failed)
        self.flow.cancelled.connect(self._cancelled)
        self._update_buttons()

    # -- the parcel ---------------------------------------------------------------

    @property
    def size(self) -> str:
        return SIZES[max(0, self.size_group.checkedId())]

    def take_tracking(self, code: str) -> bool:
        """A scan or Enter in the tracking field: look for an announced parcel with this number."""
        code = code.strip()
        if self.flow.state in (StoreState.OFFERED, StoreState.STORING, StoreState.CHOOSING) or self._registering:
            self._say(self.tr("Finish or cancel the parcel in progress first."), error=True)
            return False
        self.tracking_edit.setText(code)
        self.code_label.clear()
        if not is_tracking_no(code):
            self._say(self.tr("“{code}” is not a waybill number: expected 6 to 40 letters, digits or symbols, without spaces.").format(code=code),
                      error=True)
            return False
        self.announced = None
        self.announced_label.clear()
        self.announced_label.setVisible(False)
        courier = guess_courier(code)
        if courier:
            self.courier_combo.setCurrentIndex(max(0, self.courier_combo.findData(courier)))
        self.ctx.tasks.db(
            functools.partial(self.ctx.desk.parcels.search, states=[ParcelState.ANNOUNCED], limit=20),
            code,
            owner=self,
            key="announced",  # only the last waybill's answer: an earlier scan's must not fill the form
            done=lambda rows: self._looked_up(code, rows),
        )
        self._say(self.tr("Choose the size and the recipient, then press Register and store."))
        self.picker.edit.setFocus()
        return True

    def _looked_up(self, code: str, rows: list[ParcelInfo]) -> None:
        match = next((p for p in rows if p.tracking_no == code), None)
        self.announced = match
        if match is None:
            self.register_button.setText(self.tr("Register and store"))
            return
        self.courier_combo.setCurrentIndex(max(0, self.courier_combo.findData(match.courier_code)))
        if match.size in SIZES:
            self.size_group.button(SIZES.index(match.size)).setChecked(True)
        text = self.tr("Announced by {courier} for {name}, {unit}.").format(
            courier=match.courier_name or match.courier_code, name=match.recipient_name, unit=unit_text(match.building_code, match.unit_code))
        if match.flag:
            text += " " + self.tr("{flag}: choose the resident below.").format(flag=flag_text(match.flag))
        self.announced_label.setText(text)
        self.announced_label.setVisible(True)
        self.register_button.setText(self.tr("Store"))

    def register(self) -> None:
        """Register the parcel (or take the announced one), then offer a slot."""
        if self._registering or self.flow.state in (StoreState.OFFERED, StoreState.STORING, StoreState.CHOOSING):
            return
        code = self.tracking_edit.text().strip()
        resident = self.picker.resident
        if not is_tracking_no(code):
            self._say(self.tr("Scan or type the waybill number first."), error=True)
            self.tracking_edit.setFocus()
            return
        announced = self.announced if self.announced is not None and self.announced.tracking_no == code else None
        if announced is not None and not announced.flag:
            self._start(announced)
            return
        if resident is None:
            self._say(self.tr("Choose the recipient: search by unit, name or phone tail and select a row."), error=True)
            self.picker.edit.setFocus()
            return
        parcels, op = self.ctx.desk.parcels, self.ctx.operator.id
        self._registering = True
        self._update_buttons()
        if announced is not None:
            self._say(self.tr("Assigning the recipient…"))
            job = functools.partial(parcels.assign_recipient, operator_id=op)
            self.ctx.tasks.db(job, announced.id, resident.id, owner=self,
                              done=self._registered, failed=self._register_failed)
        else:
            self._say(self.tr("Registering…"))
            job = functools.partial(parcels.register, operator_id=op)
            courier = str(self.courier_combo.currentData())
            self.ctx.tasks.db(job, code, courier, self.size, resident.id, owner=self,
                              done=self._registered, failed=self._register_failed)

    def _registered(self, parcel: ParcelInfo) -> None:
        self._registering = False
        self.announced = parcel  # pressed again after a failed or cancelled store: this parcel, not a new one
        self._start(parcel)

    def _register_failed(self, exc: BaseException) -> None:
        self._registering = False
        self._say(failure_text(exc), error=True)
        self._update_buttons()

    def _start(self, parcel: ParcelInfo) -> None:
        self.flow.start(parcel)
        self.door_label.setText(self.tr("Choosing a slot for {tracking}…").format(tracking=parcel.tracking_no))
        self.slot_label.clear()
        self._update_buttons()

    # -- the locker ---------------------------------------------------------------

    def _offered(self, choice: SlotChoice) -> None:
        self.door_label.setText(self.tr("Door {door}").format(door=slot_door(choice.bank_code, choice.slot_no)))
        where = self.tr("Bank {bank} ({name}), slot {no}, size {size}, {m} m from the recipient's building.").format(
            bank=choice.bank_code, name=choice.bank_name, no=choice.slot_no, size=choice.size,
            m=round(choice.distance_m))
        if choice.fallback:
            where += " " + self.tr("The nearest bank has no free slot of this size; this is the next nearest.")
        self.slot_label.setText(where)
        self._say(self.tr("Press Open door, put the parcel in and close the door."))
        self.highlight.emit(choice.slot_id)
        self._update_buttons()
        self.open_button.setFocus()

    def open_door(self) -> None:
        if self.flow.open_door():
            self._update_buttons()

    def _opening(self, choice: SlotChoice) -> None:
        door = slot_door(choice.bank_code, choice.slot_no)
        self._say(self.tr("Door {door} is opening: put the parcel in and close the door. Waiting for the door… "
                          "(Cancel stops waiting; after {seconds} s without the door closing, the parcel is left "
                          "registered but not stored.)").format(door=door, seconds=round(self.flow.close_timeout_s)))
        self._update_buttons()

    def busy_text(self) -> str | None:
        """What logging out now would interrupt, or None."""
        if self.flow.state is not StoreState.STORING or self.flow.choice is None:
            return None
        door = slot_door(self.flow.choice.bank_code, self.flow.choice.slot_no)
        return self.tr("A parcel is being stored: door {door} is open.").format(door=door)

    def _stored(self, result: StoredParcel) -> None:
        p = result.parcel
        door = slot_door(p.bank_code or "", p.slot_no or 0)
        self.door_label.setText(self.tr("Stored in {door}").format(door=door))
        self.code_label.setText(self.tr("Pickup code {code}").format(code=result.pickup_code))
        self._say(self.tr("{tracking} is stored; the recipient was sent the code. Scan the next parcel.").format(
            tracking=p.tracking_no), ok=True)
        self.last_code = result.pickup_code
        self._reset_form()
        self.highlight.emit(-1)
        self.stored.emit(result)
        self._update_buttons()

    def _failed(self, message: str, another: bool) -> None:
        if another:
            message += " " + self.tr("Press Try another slot.")
        self._say(message, error=True)
        self.highlight.emit(-1)
        self._update_buttons()
        if another:
            self.another_button.setFocus()

    def try_another(self) -> None:
        if self.flow.try_another():
            self.door_label.setText(self.tr("Choosing another slot…"))
            self._update_buttons()

    def cancel(self) -> None:
        self.flow.cancel()
        self._update_buttons()

    def _cancelled(self) -> None:
        self.door_label.setText(self.tr("Cancelled: the parcel is registered but not in a locker."))
        self.slot_label.clear()
        self._say(self.tr("Nothing was marked stored. Scan it again to store it later."))
        self.highlight.emit(-1)
        self._update_buttons()

    # -- helpers ------------------------------------------------------------------

    def _reset_form(self) -> None:
        self.tracking_edit.clear()
        self.announced = None
        self.announced_label.clear()
        self.announced_label.setVisible(False)
        self.picker.clear()
        self.register_button.setText(self.tr("Register and store"))
        self.tracking_edit.setFocus()

    def _update_buttons(self) -> None:
        state = self.flow.state
        idle = not self._registering and state not in (StoreState.CHOOSING, StoreState.OFFERED, StoreState.STORING)
        self.register_button.setEnabled(idle)
        self.open_button.setEnabled(state is StoreState.OFFERED)
        self.another_button.setEnabled(state is StoreState.FAILED and bool(self.flow.excluded))
        self.cancel_button.setEnabled(state in (StoreState.OFFERED, StoreState.STORING, StoreState.FAILED))

    def _say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        say(self.message, text, error=error, ok=ok)
