"""The Lockers page: every slot of every lock board, live, and an admin-only "Open door".

The boards never speak unasked (docs/lockboard.md), so the page polls QUERY_ALL on a
worker while it is visible: one poll at a time, a tick is skipped while one runs. A
slot shows colour *and* text: closed, open, opened unexpectedly (forced, or opened
while the app was down: ``BoardSnapshot.unexpected_open``) or unknown (its board did
not answer). Opening goes through ``LockBoard.open``, which returns only a confirmed
open; every other outcome is an exception with its own message here, and the page
claims nothing the board did not confirm.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common.door_texts import door_name
from gui.common.messages import failure_text
from gui.context import PageContext
from gui.lockers.banks import BanksView
from gui.lockers.grid import (  # noqa: F401  (SlotState, LockGridModel: the page's public names)
    COLOURS,
    BoardPanel,
    LockGridModel,
    PollResult,
    SlotState,
    poll_boards,
)
from gui.page import Page

if TYPE_CHECKING:  # the driver pulls in pyserial; keep it off the GUI's import path
    from devices.lockboard import LockBoard, OpenResult

POLL_MS = 1500
LAYOUT_EVERY_POLLS = 4


class LockersPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.can_open = ctx.operator.role == "admin"
        # Asked before every open; tests replace it to skip the modal dialog.
        self.confirm: Callable[[str], bool] = self._ask
        self.panels: dict[int, BoardPanel] = {}
        self.selected: tuple[int, int] | None = None
        self._polling = False
        self._opening = False
        self._reconnecting = False
        # Set by shutdown(): no more polling and no second disconnect from the device hub. Not a guard
        # for task callbacks: they are tied to the page as their owner (see gui/common/tasks.py).
        self._closed = False

        self.port_label = QLabel()
        self.port_label.setObjectName("lockPort")
        self.connection_label = QLabel()
        self.connection_label.setObjectName("lockConnection")
        self.connection_label.setWordWrap(True)
        self.reconnect_button = QPushButton(self.tr("Reconnect"))
        self.reconnect_button.setObjectName("lockReconnect")
        self.reconnect_button.clicked.connect(self.reconnect)
        top = QHBoxLayout()
        top.addWidget(self.port_label)
        top.addWidget(self.connection_label, 1)
        top.addWidget(self.reconnect_button)

        boards = QWidget()
        self.boards_layout = QVBoxLayout(boards)
        self.boards_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(boards)

        self.selection_label = QLabel()
        self.selection_label.setObjectName("lockSelection")
        self.open_button = QPushButton(self.tr("Open door"))
        self.open_button.setObjectName("lockOpen")
        self.open_button.clicked.connect(self.request_open)
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.selection_label, 1)
        actions.addWidget(self.open_button)

        self.banks = BanksView(ctx)
        self.banks.door_selected.connect(self.select)
        boards_tab = QWidget()
        boards_layout = QVBoxLayout(boards_tab)
        boards_layout.setContentsMargins(0, 0, 0, 0)
        boards_layout.addWidget(scroll, 1)
        boards_layout.addLayout(self._legend())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("lockerTabs")
        self.tabs.addTab(self.banks, self.tr("Locker banks"))
        self.tabs.addTab(boards_tab, self.tr("Boards"))
        self._polls = 0

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        if not self.can_open:
            note = QLabel(self.tr("Read-only: only an administrator can open doors."))
            note.setObjectName("lockReadOnly")
            layout.addWidget(note)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        ctx.devices.lock_board_changed.connect(self._board_changed)
        self._sync_panels()
        self._board_changed()

    def title(self) -> str:
        return self.tr("Lockers")

    def state_text(self, state: SlotState) -> str:
        return {
            SlotState.CLOSED: self.tr("closed"),
            SlotState.OPEN: self.tr("open"),
            SlotState.UNEXPECTED: self.tr("opened unexpectedly"),
            SlotState.UNKNOWN: self.tr("unknown"),
        }[state]

    def _legend(self) -> QHBoxLayout:
        legend = QHBoxLayout()
        legend.addWidget(QLabel(self.tr("Legend:")))
        hints = {
            SlotState.CLOSED: self.tr("locked and shut"),
            SlotState.OPEN: self.tr("opened by CounterDesk"),
            SlotState.UNEXPECTED: self.tr("forced, or opened while the app was not running"),
            SlotState.UNKNOWN: self.tr("the board does not answer"),
        }
        for state, hint in hints.items():
            chip = QLabel(self.state_text(state))
            chip.setToolTip(hint)
            chip.setStyleSheet(f"background: {COLOURS[state].name()}; color: black; padding: 2px 8px;")
            legend.addWidget(chip)
        legend.addStretch(1)
        return legend

    # -- life cycle -------------------------------------------------------------

    def activated(self) -> None:
        self.banks.refresh()
        self._start_polling()
        panel = self.panels.get(self.selected[0] if self.selected else min(self.panels, default=0))
        if panel is not None:
            panel.view.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._start_polling()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self.timer.stop()
        if not self._closed:  # the window may shut pages down twice (close, then logout)
            self._closed = True
            self.ctx.devices.lock_board_changed.disconnect(self._board_changed)

    def _start_polling(self) -> None:
        if self._closed or not self.isVisible():
            return
        if not self.timer.isActive():
            self.timer.start()
            self.poll()

    # -- the board connection -------------------------------------------------------

    def _sync_panels(self) -> None:
        """One panel per configured board address (the settings may have changed)."""
        wanted = list(self.ctx.devices.lock_boards)
        if wanted == list(self.panels):
            return
        for panel in self.panels.values():
            panel.deleteLater()
        self.panels.clear()
        self.selected = None
        for i, board in enumerate(wanted):
            panel = BoardPanel(board, self.state_text)
            panel.view.selectionModel().currentChanged.connect(
                lambda current, _previous, b=board: self._current_changed(b, current)
            )
            panel.view.activated.connect(lambda _index: self.request_open())
            self.panels[board] = panel
            self.boards_layout.insertWidget(i, panel)

    def _board_changed(self) -> None:
        if self._closed:
            return
        devices = self.ctx.devices
        self._reconnecting = False
        self._sync_panels()
        if devices.lock_simulator is not None:
            self.port_label.setText(self.tr("Simulator on {port}").format(port=devices.lock_port))
        elif devices.lock_port or self.ctx.settings.lock_board.port:
            port = devices.lock_port or self.ctx.settings.lock_board.port  # the one that failed to open
            self.port_label.setText(self.tr("Port {port}").format(port=port))
        else:
            self.port_label.setText("")
        if devices.lock_board is None:
            self._show_disconnected()
        else:
            self.connection_label.setText("")
            self.reconnect_button.setVisible(False)
            for panel in self.panels.values():
                panel.header.setText(
                    self.tr("Board {board}: waiting for the first reading…").format(board=panel.board)
                )
            if self.isVisible():
                self.poll()
        self._update_actions()

    def _show_disconnected(self) -> None:
        error = self.ctx.devices.lock_error
        if error and not self._reconnecting:
            self.connection_label.setText(
                self.tr("The lock board could not be opened: {error}").format(error=error)
            )
            self.connection_label.setStyleSheet("color: #b00020;")
            self.reconnect_button.setVisible(True)
        else:
            self.connection_label.setText(self.tr("Connecting to the lock board…"))
            self.connection_label.setStyleSheet("")
            self.reconnect_button.setVisible(False)
        for panel in self.panels.values():
            panel.model.set_all_unknown()
            panel.header.setText(self.tr("Board {board}: not connected").format(board=panel.board))
        self.banks.set_disconnected()

    def reconnect(self) -> None:
        self._reconnecting = True
        self.ctx.devices.start_lock_board()
        self._show_disconnected()
        self._update_actions()

    # -- polling ----------------------------------------------------------------

    def poll(self) -> None:
        """Ask every board for all its locks, unless a poll is still on its way."""
        board = self.ctx.devices.lock_board
        if self._closed or self._polling or board is None:
            return
        self._polling = True
        self.ctx.tasks.io(
            poll_boards,
            board,
            list(self.panels),
            owner=self,
            done=lambda results: self._polled(board, results),
            failed=lambda exc: self._poll_failed(board, exc),
        )

    def _polled(self, board: LockBoard, results: PollResult) -> None:
        self._polling = False
        if board is not self.ctx.devices.lock_board:
            return  # the hub reconnected meanwhile
        from devices.lockboard import PortUnavailable

        for address, result in results.items():
            panel = self.panels.get(address)
            if panel is None:
                continue
            if isinstance(result, Exception):
                panel.model.set_all_unknown()
                panel.header.setText(
                    self.tr("Board {board}: not answering ({why})").format(
                        board=address, why=self._problem(result)
                    )
                )
                panel.header.setStyleSheet("color: #b00020;")
            else:
                panel.model.set_snapshot(result)
                panel.header.setText(self.tr("Board {board}: answering").format(board=address))
                panel.header.setStyleSheet("")
        self.banks.set_poll(results)
        self._polls += 1
        if self._polls % LAYOUT_EVERY_POLLS == 0:
            self.banks.refresh()  # parcels stored or collected at another desk
        port_gone = bool(results) and all(isinstance(r, PortUnavailable) for r in results.values())
        if port_gone:
            self.connection_label.setText(
                self.tr("The port {port} is unavailable. Check the cable, then press Reconnect.").format(
                    port=self.ctx.devices.lock_port
                )
            )
            self.connection_label.setStyleSheet("color: #b00020;")
        elif not self._reconnecting:
            self.connection_label.setText("")
        self.reconnect_button.setVisible(port_gone)
        self._update_selection_label()

    def _poll_failed(self, board: LockBoard, exc: BaseException) -> None:
        self._polling = False
        if board is not self.ctx.devices.lock_board:
            return
        self.banks.set_disconnected()
        for panel in self.panels.values():
            panel.model.set_all_unknown()
            panel.header.setText(
                self.tr("Board {board}: not answering ({why})").format(board=panel.board, why=exc)
            )

    def _problem(self, exc: BaseException) -> str:
        """A short reason for a board header."""
        from devices.lockboard import CommunicationError, NoReply, PortUnavailable

        if isinstance(exc, PortUnavailable):
            return self.tr("port unavailable")
        if isinstance(exc, NoReply):
            return self.tr("no reply")
        if isinstance(exc, CommunicationError):
            return self.tr("communication error")
        return str(exc)

    # -- selection and opening ----------------------------------------------------

    def select(self, board: int, lock: int) -> None:
        """Make ``board``/``lock`` the selected door (as a click on its cell, or its slot on the diagram, does)."""
        panel = self.panels.get(board)
        if panel is None:
            self._say(self.tr("Board {board} is not configured (Settings → Lock board).").format(board=board), "#b00020")
            return
        panel.view.setCurrentIndex(panel.model.index_of(lock))

    def _current_changed(self, board: int, current: QModelIndex) -> None:
        lock = self.panels[board].model.lock_at(current)
        if lock is None:
            return
        self.selected = (board, lock)
        for other in self.panels.values():
            if other.board != board:
                other.view.setCurrentIndex(QModelIndex())
        self._update_actions()

    def _update_selection_label(self) -> None:
        if self.selected is None:
            self.selection_label.setText(self.tr("Select a door (click it, or use the arrow keys)."))
            return
        board, lock = self.selected
        state = self.panels[board].model.states[lock]
        self.selection_label.setText(
            self.tr("Selected: door {door} ({state})").format(
                door=self.banks.diagram.door_text(board, lock), state=self.state_text(state)
            )
        )

    def _update_actions(self) -> None:
        ready = self.ctx.devices.lock_board is not None and self.selected is not None
        self.open_button.setEnabled(self.can_open and ready and not self._opening)
        if not self.can_open:
            self.open_button.setToolTip(self.tr("Only an administrator can open doors."))
        elif self._opening:
            self.open_button.setToolTip(self.tr("A door is being opened…"))
        elif self.ctx.devices.lock_board is None:
            self.open_button.setToolTip(self.tr("The lock board is not connected."))
        elif self.selected is None:
            self.open_button.setToolTip(self.tr("Select a door first."))
        else:
            self.open_button.setToolTip(self.tr("Open the selected door (Enter)."))
        self._update_selection_label()

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Open door"), question)
        return answer == QMessageBox.StandardButton.Yes

    def request_open(self) -> None:
        """Open the selected door after a confirmation; at most one open is ever in flight."""
        board = self.ctx.devices.lock_board
        if not self.can_open or self._opening or self.selected is None or board is None:
            return
        b, lock = self.selected
        door = self.banks.diagram.door_text(b, lock)  # the slot code the diagram shows, e.g. "A-02 (door 1-02)"
        self._opening = True  # before the dialog: a second click or Enter must not queue another
        self._update_actions()
        if not self.confirm(self.tr("Open door {door}? It will spring open at once.").format(door=door)):
            self._opening = False
            self._update_actions()
            return
        self._say(self.tr("Opening door {door}…").format(door=door), "")
        from services.lockers.doors import open_by_hand  # the driver pulls in pyserial: not at start-up

        self.ctx.tasks.io(
            functools.partial(open_by_hand, operator=self.ctx.operator),
            board,
            self.ctx.desk.parcels,
            b,
            lock,
            owner=self,
            done=self._opened,
            failed=lambda exc: self._open_failed(b, lock, exc),
        )

    def _opened(self, result: OpenResult) -> None:
        self._opening = False
        panel = self.panels.get(result.board)
        if panel is not None:
            panel.model.set_state(result.lock, SlotState.OPEN)
        self._say(self.tr("Door {door} is open").format(door=door_name(result.board, result.lock)), "#1b5e20")
        self._update_actions()

    def _open_failed(self, board: int, lock: int, exc: BaseException) -> None:
        self._opening = False
        self._say(failure_text(exc, board, lock), "#b00020")
        self._update_actions()
        self.poll()  # show what the board says now rather than guessing

    def _say(self, text: str, colour: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
