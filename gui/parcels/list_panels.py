"""The parcel lists of the Parcels page: find (search + filters), needs attention (flagged and
overdue), and recall (parcels the courier takes back: open the door for the courier)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.messages import failure_text, say
from gui.common.tables import table_view
from gui.common.units import unit_text
from gui.context import PageContext
from gui.parcels.door_flow import no_board_text
from gui.parcels.history_dialog import ParcelHistoryDialog, RecipientDialog
from gui.parcels.parcel_table import ParcelTableModel, parcel_door
from services.parcels.records import LIVE_STATES, ParcelInfo, ParcelState

SEARCH_DELAY_MS = 250


def selected(table: QTableView, model: ParcelTableModel) -> ParcelInfo | None:
    return model.parcel(table.currentIndex().row())


class ParcelList(QWidget):
    """A titled parcel table that loads with ``load`` (on the database worker) and can refresh."""

    def __init__(self, ctx: PageContext, name: str, load: Callable[[], list[ParcelInfo]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.load = load
        self.model = ParcelTableModel()
        self.table = table_view(self.model, name)
        self.summary = QLabel()
        self.summary.setObjectName(f"{name}Summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.ctx.tasks.db(self.load, owner=self, key="load", done=self._show, failed=self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        say(self.summary, failure_text(exc), error=True)

    def _show(self, rows: list[ParcelInfo]) -> None:
        self.model.set_rows(rows)
        say(self.summary, self.tr("{n} parcel(s).").format(n=len(rows)) if rows else self.tr("None."))

    def current(self) -> ParcelInfo | None:
        return selected(self.table, self.model)


class FindPanel(QWidget):
    """Search by tracking no, unit, name or phone tail, filtered by state and age."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("parcelSearch")
        self.search_edit.setPlaceholderText(self.tr("Tracking no., unit (6-1303), name, or the last 4 digits of a phone"))
        self.search_edit.setClearButtonEnabled(True)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("parcelStateFilter")
        t1, t2 = ctx.settings.parcels.t1_h, ctx.settings.parcels.t2_h
        for text, states in (
            (self.tr("Waiting in a locker"), LIVE_STATES),
            (self.tr("Announced, not stored"), (ParcelState.ANNOUNCED,)),
            (self.tr("Overdue"), (ParcelState.OVERDUE,)),
            (self.tr("Recall requested"), (ParcelState.RECALL_REQUESTED,)),
            (self.tr("Picked up"), (ParcelState.PICKED_UP,)),
            (self.tr("Returned to courier"), (ParcelState.RETURNED,)),
            (self.tr("All states"), ()),
        ):
            self.state_combo.addItem(text, tuple(states))
        self.age_combo = QComboBox()
        self.age_combo.setObjectName("parcelAgeFilter")
        self.age_combo.addItem(self.tr("Any age"), -1.0)
        self.age_combo.addItem(self.tr("Older than {h} h").format(h=12), 12.0)
        self.age_combo.addItem(self.tr("Older than {h} h").format(h=t1), float(t1))
        self.age_combo.addItem(self.tr("Older than {h} h").format(h=t2), float(t2))
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setObjectName("parcelHistoryButton")
        self.history_button.clicked.connect(self.show_history)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.state_combo)
        top.addWidget(self.age_combo)
        top.addWidget(self.history_button)
        self.list = ParcelList(ctx, "parcelList", functools.partial(ctx.desk.parcels.search, "", states=list(LIVE_STATES)))
        self.list.table.doubleClicked.connect(lambda _i: self.show_history())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.search_edit.returnPressed.connect(self.refresh)
        self.state_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.age_combo.currentIndexChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        self._debounce.stop()
        # read the widgets here, on the GUI thread; the worker only gets plain values
        text, states, age = self.search_edit.text().strip(), self.state_combo.currentData() or (), float(
            self.age_combo.currentData())
        self.list.load = functools.partial(self.ctx.desk.parcels.search, text, states=list(states) or None,
                                           min_age_h=age if age >= 0 else None)
        self.list.refresh()

    def show_history(self) -> None:
        parcel = self.list.current()
        if parcel is not None:
            dialog = ParcelHistoryDialog(self.ctx, self.tr("History of {tracking}").format(tracking=parcel.tracking_no),
                                         functools.partial(lambda p: [p], parcel), self)
            dialog.open()


class AttentionPanel(QWidget):
    """Flagged parcels (recipient unknown or ambiguous: choose the resident) and overdue parcels."""

    changed = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Tests replace this to answer the dialog; it returns the chosen resident id or None.
        self.ask_recipient: Callable[[ParcelInfo], int | None] = self._ask_recipient
        self.flagged = ParcelList(ctx, "flaggedList", self._load_flagged)
        self.overdue = ParcelList(ctx, "overdueList", functools.partial(
            ctx.desk.parcels.search, "", states=[ParcelState.OVERDUE]))
        self.choose_button = QPushButton(self.tr("Choose recipient…"))
        self.choose_button.setObjectName("flaggedChoose")
        self.choose_button.clicked.connect(self.choose_recipient)
        self.message = QLabel()
        self.message.setObjectName("attentionMessage")
        self.message.setWordWrap(True)
        flagged_box = QGroupBox(self.tr("Recipient unknown or ambiguous (never guessed)"))
        fl = QVBoxLayout(flagged_box)
        fl.addWidget(self.flagged, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.choose_button)
        fl.addLayout(row)
        overdue_box = QGroupBox(self.tr("Overdue: reminded, not collected"))
        ol = QVBoxLayout(overdue_box)
        ol.addWidget(self.overdue)
        layout = QVBoxLayout(self)
        layout.addWidget(flagged_box, 1)
        layout.addWidget(overdue_box, 1)

    def _load_flagged(self) -> list[ParcelInfo]:
        rows = self.ctx.desk.parcels.search("", states=[ParcelState.ANNOUNCED, *LIVE_STATES])
        return [p for p in rows if p.flag]

    def refresh(self) -> None:
        self.flagged.refresh()
        self.overdue.refresh()

    def _ask_recipient(self, parcel: ParcelInfo) -> int | None:
        dialog = RecipientDialog(self.ctx, parcel, self)
        if dialog.exec() == RecipientDialog.DialogCode.Accepted and dialog.resident is not None:
            return dialog.resident.id
        return None

    def choose_recipient(self) -> None:
        parcel = self.flagged.current()
        if parcel is None:
            say(self.message, self.tr("Select a flagged parcel first."), error=True)
            return
        resident_id = self.ask_recipient(parcel)
        if resident_id is None:
            return
        self.choose_button.setEnabled(False)
        job = functools.partial(self.ctx.desk.parcels.assign_recipient, operator_id=self.ctx.operator.id)
        self.ctx.tasks.db(job, parcel.id, resident_id, owner=self, done=self._assigned, failed=self._assign_failed)

    def _assigned(self, parcel: ParcelInfo) -> None:
        self.choose_button.setEnabled(True)
        say(self.message, self.tr("{tracking} now belongs to {name}, {unit}.").format(
            tracking=parcel.tracking_no, name=parcel.recipient_name, unit=unit_text(parcel.building_code, parcel.unit_code)), ok=True)
        self.refresh()
        self.changed.emit()

    def _assign_failed(self, exc: BaseException) -> None:
        self.choose_button.setEnabled(True)
        say(self.message, failure_text(exc), error=True)


class RecallPanel(QWidget):
    """Parcels the courier was asked to take back: when the courier comes, open the door for them."""

    changed = Signal()
    highlight = Signal(int)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.confirm: Callable[[str], bool] = self._ask
        self.list = ParcelList(ctx, "recallList", functools.partial(
            ctx.desk.parcels.search, "", states=[ParcelState.RECALL_REQUESTED]))
        self.open_button = QPushButton(self.tr("Open the door for the courier"))
        self.open_button.setObjectName("recallOpen")
        self.open_button.clicked.connect(self.release_to_courier)
        self.message = QLabel()
        self.message.setObjectName("recallMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(self.tr("Parcels stored longer than {h} h are recalled to their courier, who delivers them to "
                              "the door. The courier's answer is shown in the State column.").format(
            h=ctx.settings.parcels.t2_h))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self._busy = False

    def refresh(self) -> None:
        self.list.refresh()

    def _ask(self, question: str) -> bool:
        return QMessageBox.question(self, self.tr("Recall"), question) == QMessageBox.StandardButton.Yes

    def release_to_courier(self) -> None:
        parcel = self.list.current()
        board = self.ctx.devices.lock_board
        if self._busy:
            return
        if parcel is None:
            say(self.message, self.tr("Select the parcel the courier is collecting."), error=True)
            return
        if board is None:
            say(self.message, no_board_text(), error=True)
            return
        door = parcel_door(parcel)
        self._busy = True  # before the dialog: a second click must not queue another
        self.open_button.setEnabled(False)
        if not self.confirm(self.tr("Open door {door} for the courier of {tracking}?").format(
                door=door, tracking=parcel.tracking_no)):
            self._busy = False
            self.open_button.setEnabled(True)
            return
        from services.lockers import doors as locker_ops

        say(self.message, self.tr("Door {door} is opening: the courier takes the parcel and closes the door…").format(
            door=door))
        if parcel.slot_id is not None:
            self.highlight.emit(parcel.slot_id)
        job = functools.partial(locker_ops.release_to_courier, operator_id=self.ctx.operator.id)
        self.ctx.tasks.io(job, board, self.ctx.desk.parcels, parcel.id, owner=self,
                          done=self._released, failed=lambda exc: self._failed(parcel, exc))

    def _released(self, parcel: ParcelInfo) -> None:
        self._busy = False
        self.open_button.setEnabled(True)
        self.highlight.emit(-1)
        say(self.message, self.tr("{tracking} was returned to the courier.").format(tracking=parcel.tracking_no), ok=True)
        self.refresh()
        self.changed.emit()

    def _failed(self, parcel: ParcelInfo, exc: BaseException) -> None:
        self._busy = False
        self.open_button.setEnabled(True)
        self.highlight.emit(-1)
        say(self.message, failure_text(exc, parcel.board, parcel.lock), error=True)
