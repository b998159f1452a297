"""The lock-board simulator panel (Desk menu, only while the built-in simulator runs): play the person at
the lockers — push a door shut, force one open, jam a lock, keep a door from latching, unplug the board —
to try every way a parcel flow can end, without hardware."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.common.door_texts import door_name
from gui.common.messages import say
from gui.common.tasks import TaskRunner

if TYPE_CHECKING:
    from devices.lockboard import LockBoard, LockSimulator

REFRESH_MS = 400


class LockSimulatorPanel(QDialog):
    def __init__(self, simulator: LockSimulator, board: LockBoard | None, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockSimulatorPanel")
        self.setWindowTitle(self.tr("Lock-board simulator"))
        self.simulator, self.board, self.tasks = simulator, board, tasks
        self.unplugged = False
        intro = QLabel(self.tr(
            "Plays the person at the lockers. Select a door, then close it, force it open, jam its lock "
            "(the next open fails) or keep it from latching (it reads open after being pushed shut). "
            "Unplug the board to try a lost connection."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("simDoors")
        self.table.setHorizontalHeaderLabels([self.tr("Door"), self.tr("State")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.doors = [(b, lock) for b, model in sorted(simulator.boards.items()) for lock in sorted(model.locks)]
        self.table.setRowCount(len(self.doors))
        for row, (b, lock) in enumerate(self.doors):
            self.table.setItem(row, 0, QTableWidgetItem(door_name(b, lock)))
            self.table.setItem(row, 1, QTableWidgetItem(""))
        self.table.selectRow(0)
        self.message = QLabel()
        self.message.setObjectName("simMessage")
        self.message.setWordWrap(True)

        buttons = QGridLayout()
        actions = (
            ("simClose", self.tr("Push the door shut"), self.close_door),
            ("simForce", self.tr("Force the door open"), self.force_open),
            ("simJam", self.tr("Jam the lock (next open fails)"), self.jam),
            ("simAjar", self.tr("Keep it from latching"), self.ajar),
            ("simClear", self.tr("Repair this door"), self.repair),
        )
        for n, (name, text, slot) in enumerate(actions):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button, n // 2, n % 2)
        self.plug_button = QPushButton(self.tr("Unplug the board"))
        self.plug_button.setObjectName("simPlug")
        self.plug_button.setAutoDefault(False)
        self.plug_button.clicked.connect(self.toggle_plug)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.plug_button)
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(460, 560)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    # -- what the doors are doing ------------------------------------------------

    def selected(self) -> tuple[int, int]:
        return self.doors[max(0, self.table.currentRow())]

    def state_text(self, b: int, lock: int) -> str:
        from devices.lockboard import FaultKind

        view = self.simulator.lock_state(b, lock)
        plan = self.simulator.plan
        words = [self.tr("closed") if view.closed else self.tr("open")]
        if plan.peek(FaultKind.JAMMED, b, lock) is not None:
            words.append(self.tr("jammed"))
        if plan.peek(FaultKind.AJAR, b, lock) is not None:
            words.append(self.tr("does not latch"))
        return " · ".join(words)

    def refresh(self) -> None:
        for row, (b, lock) in enumerate(self.doors):
            item = self.table.item(row, 1)
            text = self.state_text(b, lock)
            if item.text() != text:
                item.setText(text)
                item.setForeground(Qt.GlobalColor.darkRed if not text.startswith(self.tr("closed")) else
                                   Qt.GlobalColor.black)

    # -- the person at the lockers -----------------------------------------------

    def close_door(self) -> None:
        b, lock = self.selected()
        self.simulator.person_closes(b, lock)
        self._done(self.tr("Door {door} pushed shut.").format(door=door_name(b, lock)))

    def force_open(self) -> None:
        b, lock = self.selected()
        self.simulator.person_opens(b, lock)
        self._done(self.tr("Door {door} forced open.").format(door=door_name(b, lock)))

    def jam(self) -> None:
        from devices.lockboard import FaultKind

        b, lock = self.selected()
        self.simulator.inject(FaultKind.JAMMED, board=b, lock=lock, times=1)
        self._done(self.tr("The lock of door {door} is jammed: the next open fails.").format(door=door_name(b, lock)))

    def ajar(self) -> None:
        from devices.lockboard import FaultKind

        b, lock = self.selected()
        self.simulator.inject(FaultKind.AJAR, board=b, lock=lock)
        self._done(self.tr("Door {door} no longer latches: pushed shut, it still reads open.").format(
            door=door_name(b, lock)))

    def repair(self) -> None:
        b, lock = self.selected()
        for fault in self.simulator.plan.active():
            if (fault.board, fault.lock) == (b, lock):  # this door's faults, not the demo's standing ones
                self.simulator.plan.remove(fault)
        self.simulator.person_closes(b, lock)
        self._done(self.tr("Door {door} repaired and shut.").format(door=door_name(b, lock)))

    def toggle_plug(self) -> None:
        self.plug_button.setEnabled(False)
        if self.unplugged:
            self.tasks.io(self.simulator.restore, owner=self, done=self._plugged_in)
        else:
            self.tasks.io(self.simulator.vanish, owner=self, done=lambda _r: self._unplugged())

    def _unplugged(self) -> None:
        self.unplugged = True
        self.plug_button.setText(self.tr("Plug the board back in"))
        self.plug_button.setEnabled(True)
        self._done(self.tr("The board is unplugged: opening a door now fails with a lost connection."))

    def _plugged_in(self, port: str) -> None:
        self.unplugged = False
        if self.board is not None:
            self.board.set_port(port)  # the next call reopens it and compares the doors again
        self.plug_button.setText(self.tr("Unplug the board"))
        self.plug_button.setEnabled(True)
        self._done(self.tr("The board is plugged back in."))

    def _done(self, text: str) -> None:
        say(self.message, text, ok=True)
        self.refresh()

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)
