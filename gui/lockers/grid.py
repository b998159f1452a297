"""The Lockers page's board grids: one table per lock board, each cell a door with its live state.

Split from ``gui/lockers/page.py``; the page polls, these widgets only show.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.door_texts import door_name

if TYPE_CHECKING:  # the driver pulls in pyserial; keep it off the GUI's import path
    from devices.lockboard import BoardSnapshot, LockBoard, LockBoardError

Index = QModelIndex | QPersistentModelIndex
PollResult = dict[int, "BoardSnapshot | LockBoardError"]

COLUMNS = 6
LOCKS_PER_BOARD = 24
CELL_WIDTH, CELL_HEIGHT = 112, 58


class SlotState(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    UNEXPECTED = "unexpected"
    UNKNOWN = "unknown"


COLOURS = {
    SlotState.CLOSED: QColor("#cfeccf"),
    SlotState.OPEN: QColor("#ffe08a"),
    SlotState.UNEXPECTED: QColor("#f4a6a6"),
    SlotState.UNKNOWN: QColor("#d9d9d9"),
}


def poll_boards(lock_board: LockBoard, boards: list[int]) -> PollResult:
    """Blocking (worker): QUERY_ALL every board. One board failing is its result, not the poll's."""
    from devices.lockboard import LockBoardError

    results: PollResult = {}
    for board in boards:
        try:
            results[board] = lock_board.query_all(board)
        except LockBoardError as exc:
            results[board] = exc
    return results


class LockGridModel(QAbstractTableModel):
    """One board as a grid of ``COLUMNS`` columns; cell (r, c) is lock ``r * COLUMNS + c + 1``."""

    def __init__(
        self, board: int, state_text: Callable[[SlotState], str], lock_count: int = LOCKS_PER_BOARD
    ) -> None:
        super().__init__()
        self.board = board
        self.lock_count = lock_count
        self.state_text = state_text
        self.states = dict.fromkeys(range(1, lock_count + 1), SlotState.UNKNOWN)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else math.ceil(self.lock_count / COLUMNS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def lock_at(self, index: Index) -> int | None:
        lock = index.row() * COLUMNS + index.column() + 1
        return lock if index.isValid() and lock <= self.lock_count else None

    def index_of(self, lock: int) -> QModelIndex:
        return self.index((lock - 1) // COLUMNS, (lock - 1) % COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.lock_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        lock = self.lock_at(index)
        if lock is None:
            return None
        state = self.states[lock]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{door_name(self.board, lock)}\n{self.state_text(state)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Door {door}: {state}").format(
                door=door_name(self.board, lock), state=self.state_text(state)
            )
        if role == Qt.ItemDataRole.BackgroundRole:
            return COLOURS[state]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("black")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def set_snapshot(self, snapshot: BoardSnapshot) -> None:
        for lock in self.states:
            if snapshot.is_closed(lock):
                self.states[lock] = SlotState.CLOSED
            elif lock in snapshot.unexpected_open:
                self.states[lock] = SlotState.UNEXPECTED
            else:
                self.states[lock] = SlotState.OPEN
        self._changed()

    def set_state(self, lock: int, state: SlotState) -> None:
        self.states[lock] = state
        index = self.index_of(lock)
        self.dataChanged.emit(index, index)

    def set_all_unknown(self) -> None:
        self.states = dict.fromkeys(self.states, SlotState.UNKNOWN)
        self._changed()

    def _changed(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, COLUMNS - 1))


class BoardPanel(QGroupBox):
    """One board: a header saying whether it answers, and its grid of locks."""

    def __init__(
        self, board: int, state_text: Callable[[SlotState], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.board = board
        self.setObjectName(f"lockBoard{board}")
        self.header = QLabel()
        self.header.setObjectName(f"lockBoardHeader{board}")
        self.model = LockGridModel(board, state_text)
        self.view = QTableView()
        self.view.setObjectName(f"lockGrid{board}")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        # The selected cell keeps its state colour (a light tint) and gets a thick frame.
        self.view.setStyleSheet(
            "QTableView { selection-background-color: rgba(31, 95, 191, 60); selection-color: black; }"
            "QTableView::item:selected { border: 3px solid #1f5fbf; }"
        )
        for header, size in (
            (self.view.horizontalHeader(), CELL_WIDTH),
            (self.view.verticalHeader(), CELL_HEIGHT),
        ):
            header.setVisible(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(size)
        frame = 2 * self.view.frameWidth()
        self.view.setFixedSize(COLUMNS * CELL_WIDTH + frame, self.model.rowCount() * CELL_HEIGHT + frame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.view)
