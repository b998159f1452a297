"""The Lockers page's "Locker banks" tab: the live diagram, the legend, out-of-service slots.

The page hands in the board readings after each poll (``set_poll``); the layout
(banks, slots, parcels, out of service) is re-read from the records now and then.
An administrator can put a slot taken out of service (jammed lock) back into service.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.common.locker_diagram import LOOK_COLOURS, LockerDiagram, SlotLook, look_text, slot_door
from gui.common.messages import failure_text, say
from gui.context import PageContext
from services.parcels.records import BankInfo

if TYPE_CHECKING:
    from gui.lockers.grid import PollResult


class BanksView(QWidget):
    """``door_selected(board, lock)`` when a slot is clicked on the diagram or in the list."""

    door_selected = Signal(int, int)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_edit = ctx.operator.role == "admin"
        self.confirm: Callable[[str], bool] = self._ask
        self.diagram = LockerDiagram()
        self.diagram.slot_clicked.connect(self._clicked)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.diagram)
        self.summary = QLabel()
        self.summary.setObjectName("banksSummary")
        self.out_list = QListWidget()
        self.out_list.setObjectName("outOfServiceList")
        self.out_list.setMaximumHeight(64)
        self.out_list.currentItemChanged.connect(lambda item, _prev: self._list_selected(item))
        self.back_button = QPushButton(self.tr("Put back into service"))
        self.back_button.setObjectName("slotBackInService")
        self.back_button.clicked.connect(self.back_into_service)
        self.message = QLabel()
        self.message.setObjectName("banksMessage")
        self.message.setWordWrap(True)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_list, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        out_row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._legend())
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Out of service (jammed lock or taken out by staff):")))
        layout.addLayout(out_row)
        layout.addWidget(self.message)
        self._busy = False
        self._update_button()

    def _legend(self) -> QHBoxLayout:
        legend = QHBoxLayout()
        legend.addWidget(QLabel(self.tr("Slots:")))
        for look in SlotLook:
            chip = QLabel(look_text(look))
            fg = "white" if look is SlotLook.OUT_OF_SERVICE else "black"
            chip.setStyleSheet(f"background: {LOOK_COLOURS[look].name()}; color: {fg}; padding: 2px 8px;")
            legend.addWidget(chip)
        legend.addStretch(1)
        return legend

    def refresh(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.parcels.layout, owner=self, key="layout", done=self._laid_out,
                          failed=lambda exc: self._say(failure_text(exc), error=True))

    def _laid_out(self, banks: list[BankInfo]) -> None:
        self.diagram.set_layout(banks)
        self._fill_out_of_service(banks)
        self._summarise()

    def set_poll(self, results: PollResult) -> None:
        """Door readings of every polled board: closed/open, or unknown where a board failed."""
        doors: dict[tuple[int, int], bool | None] = {}
        for board, result in results.items():
            lock_count = getattr(result, "lock_count", 24)
            for lock in range(1, lock_count + 1):
                doors[(board, lock)] = result.is_closed(lock) if not isinstance(result, Exception) else None
        self.diagram.set_doors(doors)
        self._summarise()

    def set_disconnected(self) -> None:
        self.diagram.set_doors({})  # every door unknown
        self._summarise()

    def _summarise(self) -> None:
        counts = self.diagram.counts()
        self.summary.setText(" · ".join(f"{look_text(look)}: {n}" for look, n in counts.items()))

    def _fill_out_of_service(self, banks: list[BankInfo]) -> None:
        current = self.out_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.out_list.clear()
        for bank in banks:
            for s in bank.slots:
                if s.out_of_service:
                    item = QListWidgetItem(self.tr("{door} (board {board} lock {lock}): {reason}").format(
                        door=slot_door(bank.code, s.no), board=s.board, lock=s.lock,
                        reason=s.out_of_service_reason or self.tr("no reason given")))
                    item.setData(Qt.ItemDataRole.UserRole, s.id)
                    self.out_list.addItem(item)
                    if s.id == keep:
                        self.out_list.setCurrentItem(item)
        if self.out_list.count() == 0:
            self.out_list.addItem(self.tr("None: every slot is in service."))
        self._update_button()

    def _clicked(self, slot_id: int) -> None:
        found = self.diagram.slot(slot_id)
        if found is None:
            return
        for i in range(self.out_list.count()):
            if self.out_list.item(i).data(Qt.ItemDataRole.UserRole) == slot_id:
                self.out_list.setCurrentRow(i)
        self.door_selected.emit(found[1].board, found[1].lock)
        self._update_button()

    def _list_selected(self, item: QListWidgetItem | None) -> None:
        slot_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(slot_id, int):
            self.diagram.select(slot_id)
        self._update_button()

    def selected_out_of_service(self) -> int | None:
        item = self.out_list.currentItem()
        slot_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return slot_id if isinstance(slot_id, int) else None

    def _update_button(self) -> None:
        self.back_button.setEnabled(self.can_edit and not self._busy and self.selected_out_of_service() is not None)
        if not self.can_edit:
            self.back_button.setToolTip(self.tr("Only an administrator can put a slot back into service."))

    def _ask(self, question: str) -> bool:
        return QMessageBox.question(self, self.tr("Put back into service"), question) == QMessageBox.StandardButton.Yes

    def back_into_service(self) -> None:
        slot_id = self.selected_out_of_service()
        if not self.can_edit or self._busy or slot_id is None:
            return
        found = self.diagram.slot(slot_id)
        door = slot_door(found[0].code, found[1].no) if found else str(slot_id)
        self._busy = True
        self._update_button()
        if not self.confirm(self.tr("Put slot {door} back into service? Check first that its lock opens and closes.").format(
                door=door)):
            self._busy = False
            self._update_button()
            return
        job = functools.partial(self.ctx.desk.parcels.return_slot_to_service, operator_id=self.ctx.operator.id)
        self.ctx.tasks.db(job, slot_id, owner=self, done=lambda _r: self._back(door), failed=self._back_failed)

    def _back(self, door: str) -> None:
        self._busy = False
        self._say(self.tr("Slot {door} is back in service.").format(door=door), ok=True)
        self.refresh()

    def _back_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._say(failure_text(exc), error=True)
        self._update_button()

    def _say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        say(self.message, text, error=error, ok=ok)
