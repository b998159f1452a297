"""The main window: navigation by role, one page per workflow, status bar.

It shows at once; the database opens on the worker and is attached when ready
(``attach_desk``), then the login dialog appears over the window.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from gui.common.i18n import error_text
from gui.common.tasks import TaskRunner
from gui.context import PageContext
from gui.customer_display.window import CustomerDisplayController
from gui.login_dialog import LoginDialog, role_name
from gui.navigation import pages_for
from gui.page import Page
from gui.settings_dialog import SettingsDialog
from gui.status_bar import DeskStatusBar
from services.core.errors import DeskError
from services.core.records import OperatorInfo, OutboxStatus
from services.core.settings import Settings, save_settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from gui.device_hub import DeviceHub
    from services.desk import Desk

log = logging.getLogger(__name__)

OUTBOX_REFRESH_MS = 10_000


class MainWindow(QMainWindow):
    courier_demo_ready = Signal(object)  # Callable[[], int]: post a demo manifest, returns parcels announced
    def __init__(
        self, settings: Settings, settings_file: Path, tasks: TaskRunner, language: str, devices: DeviceHub
    ) -> None:
        super().__init__()
        self.devices = devices
        devices.printing.language = language
        self.settings = settings
        self.settings_file = settings_file
        self.tasks = tasks
        self.language = language
        self.desk: Desk | None = None
        self.operator: OperatorInfo | None = None
        self.pages: list[Page] = []
        self.login_dialog: LoginDialog | None = None
        self.demo_hint = False

        self.setWindowTitle(self.tr("CounterDesk"))
        self.resize(1180, 720)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(180)
        self.nav.currentRowChanged.connect(self._show_page)
        self.stack = QStackedWidget()
        self.startup_label = QLabel(self.tr("Opening the database…"))
        self.startup_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.startup_label.setWordWrap(True)
        self.stack.addWidget(self.startup_label)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = DeskStatusBar()
        self.setStatusBar(self.status)
        self.customer_display = CustomerDisplayController(settings, settings_file, tasks, language, self)
        self._deliver_demo_parcels: Callable[[], int] | None = None
        self._build_menu()
        self.courier_demo_ready.connect(self._enable_courier_demo)

        devices.scanned.connect(self.route_scan)
        devices.lock_board_changed.connect(self.check_lockers)
        devices.lock_board_changed.connect(
            lambda: self.lock_sim_action.setVisible(self.devices.lock_simulator is not None))
        devices.status_changed.connect(self._device_status)

        self.outbox_timer = QTimer(self)
        self.outbox_timer.setInterval(OUTBOX_REFRESH_MS)
        self.outbox_timer.timeout.connect(self.refresh_outbox)
        # Parcel reminders at residents' habitual times, overdue notices, recalls (services/parcels/reminders.py).
        self.reminder_timer = QTimer(self)
        self.reminder_timer.setInterval(max(10, settings.parcels.reminder_interval_s) * 1000)
        self.reminder_timer.timeout.connect(self.run_parcel_reminders)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Desk"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.logout_action = QAction(self.tr("&Log out"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+L"))
        self.logout_action.triggered.connect(self.logout)
        self.logout_action.setEnabled(False)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        # Shown once a demo courier runs beside the in-process server (main.py server_connector).
        self.courier_demo_action = QAction(self.tr("Courier demo: deliver parcels"), self)
        self.courier_demo_action.setVisible(False)
        self.courier_demo_action.triggered.connect(self._courier_demo)
        # Shown while the built-in lock-board simulator runs (no port configured: the demo).
        self._lock_sim_panel: QDialog | None = None
        self.lock_sim_action = QAction(self.tr("Lock-board simulator…"), self)
        self.lock_sim_action.setVisible(False)
        self.lock_sim_action.triggered.connect(self.open_lock_simulator)
        for action in (self.settings_action, self.logout_action, self.customer_display.action,
                       self.courier_demo_action, self.lock_sim_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_action)

    def open_lock_simulator(self) -> QDialog | None:
        simulator = self.devices.lock_simulator
        if simulator is None:
            return None
        from gui.lockers.sim_panel import LockSimulatorPanel

        panel = self._lock_sim_panel
        if panel is None or panel.simulator is not simulator:  # one panel per simulator, kept while it runs
            panel = self._lock_sim_panel = LockSimulatorPanel(simulator, self.devices.lock_board, self.tasks, self)
        panel.show()
        panel.raise_()
        return panel

    # -- lockers after a restart ------------------------------------------------

    def check_lockers(self) -> None:
        """Compare the parcel records with every board once it answers (after a restart or power loss)."""
        board, desk = self.devices.lock_board, self.desk
        if board is None or desk is None:
            return
        from services.lockers.doors import reconcile  # imports SQLAlchemy: never before the first paint

        self.tasks.io(reconcile, board, desk.parcels, owner=self, done=self._lockers_checked)

    def _lockers_checked(self, lines: list[str]) -> None:
        for line in lines:
            log.warning("locker check: %s", line)
        # A closed door on an out-of-service slot is listed on the Lockers page already; a door that
        # stands open or a board that stays silent needs a person now.
        problems = [line for line in lines if not line.startswith("out_of_service_closed")]
        if not problems:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Locker check"), self.tr(
            "%n locker door(s) do not match the parcel records. Check them before storing or handing out "
            "parcels; nothing was changed.", "", len(problems)), QMessageBox.StandardButton.Ok, self)
        box.setDetailedText("\n".join(problems))
        box.setModal(False)
        box.show()
        self.locker_check_box = box

    # -- courier demo ---------------------------------------------------------

    def _enable_courier_demo(self, deliver: Callable[[], int]) -> None:
        self._deliver_demo_parcels = deliver
        self.courier_demo_action.setVisible(True)

    def _courier_demo(self) -> None:
        if self._deliver_demo_parcels is None:
            return
        self.courier_demo_action.setEnabled(False)  # one manifest at a time
        self.tasks.io(self._deliver_demo_parcels, owner=self, done=self._courier_demo_done,
                      failed=self._courier_demo_failed)

    def _courier_demo_done(self, count: int) -> None:
        self.courier_demo_action.setEnabled(True)
        self.status.showMessage(self.tr(
            "The demo courier announced %n parcel(s); they appear on the Parcels page with the next sync.", "", count
        ), 15000)

    def _courier_demo_failed(self, exc: BaseException) -> None:
        self.courier_demo_action.setEnabled(True)
        QMessageBox.warning(self, self.tr("Courier demo"),
                            self.tr("The demo courier could not deliver: {error}").format(error=exc))

    # -- database -------------------------------------------------------------

    def attach_desk(self, desk: Desk, demo_hint: bool) -> None:
        self.desk = desk
        self.demo_hint = demo_hint
        self.status.show_database(desk.database_status)
        self.startup_label.setText(self.tr("Log in to start."))
        self.refresh_outbox()
        self.outbox_timer.start()
        desk.apply_parcel_settings(self.settings.parcels)
        self.reminder_timer.start()
        self.show_login()

    def show_database_error(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, DeskError) else f"{type(exc).__name__}: {exc}"
        log.error("database did not open: %s", text)
        self.status.show_database_error(text)
        self.startup_label.setText(text + "\n\n" + self.tr("Open Desk → Settings… to choose another database, then restart."))
        self.startup_label.setStyleSheet("color: #b00020;")

    def refresh_outbox(self) -> None:
        if self.desk is not None:
            self.tasks.db(self.desk.outbox_status, owner=self, done=self._outbox_refreshed, failed=self._outbox_failed)

    def run_parcel_reminders(self) -> None:
        if self.desk is not None:
            self.tasks.db(self.desk.parcel_reminders.run_pass, failed=self._reminders_failed)

    def _reminders_failed(self, exc: BaseException) -> None:
        log.warning("parcel reminder pass failed: %s", exc)

    def _outbox_refreshed(self, status: OutboxStatus) -> None:
        self.status.show_outbox(status)

    def _outbox_failed(self, exc: BaseException) -> None:
        log.warning("outbox status unavailable: %s", exc)
        self.status.sync_label.setText(self.tr("Sync: database unavailable"))

    # -- operators --------------------------------------------------------------

    def show_login(self) -> LoginDialog | None:
        if self.desk is None:
            return None
        self.login_dialog = LoginDialog(self.desk, self.tasks, self.demo_hint, self)
        self.login_dialog.logged_in.connect(self.set_operator)
        self.login_dialog.open()
        return self.login_dialog

    def set_operator(self, operator: OperatorInfo) -> None:
        assert self.desk is not None
        self._clear_pages()
        self.operator = operator
        ctx = PageContext(self.desk, self.tasks, self.settings, operator, self.language, self.devices)
        for spec in pages_for(operator.role):
            page = spec.factory(ctx)
            self.pages.append(page)
            self.stack.addWidget(page)
            QListWidgetItem(page.title(), self.nav)
        self.customer_display.follow(self.pages)
        if not self.pages:
            self.startup_label.setText(self.tr("No workflow is available for the role {role} yet.").format(role=role_name(operator.role)))
        self.status.show_operator(operator.name, role_name(operator.role))
        self.logout_action.setEnabled(True)
        self.settings_action.setEnabled(operator.role == "admin")
        if self.pages:
            self.nav.setCurrentRow(0)
        self.activateWindow()  # keys (and page shortcuts) go to the desk once the login closes

    def logout(self) -> None:
        """Log out; while a page waits for a door (a pickup or a store in progress) ask first, never cancel silently."""
        busy = [text for page in self.pages if (text := page.busy_text())]
        if not busy:
            self._log_out_now()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Log out"), " ".join(busy) + "\n\n" + self.tr(
            "Logging out now stops waiting for the door: a parcel whose door has not closed is not marked stored "
            "or picked up and stays where it is, and the door must be closed by hand. Log out anyway?"),
            QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("logoutBusyBox")
        stay = box.addButton(self.tr("Stay and finish"), QMessageBox.ButtonRole.RejectRole)
        leave = box.addButton(self.tr("Stop waiting and log out"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(stay)
        leave.clicked.connect(self._log_out_anyway)
        box.setModal(False)
        box.show()
        self.logout_box = box

    def _log_out_anyway(self) -> None:
        for page in self.pages:
            if text := page.busy_text():
                log.warning("logged out while busy: %s", text)
        self._log_out_now()

    def _log_out_now(self) -> None:
        self._clear_pages()
        self.operator = None
        self.status.show_operator("", "")
        self.logout_action.setEnabled(False)
        self.settings_action.setEnabled(True)
        self.startup_label.setText(self.tr("Log in to start."))
        self.show_login()

    def _clear_pages(self) -> None:
        self.customer_display.follow([])
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav.blockSignals(False)
        for page in self.pages:
            page.shutdown()
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.stack.setCurrentWidget(self.startup_label)

    def _show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentWidget(self.pages[row])
            self.pages[row].activated()

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def page(self, cls: type[Page]) -> Page | None:
        return next((p for p in self.pages if isinstance(p, cls)), None)

    def show_page(self, cls: type[Page]) -> Page | None:
        for row, page in enumerate(self.pages):
            if isinstance(page, cls):
                self.nav.setCurrentRow(row)
                return page
        return None

    # -- scanners ---------------------------------------------------------------

    def route_scan(self, code: str) -> bool:
        """A scanner read goes to the page in front; with none (logged out) it is dropped."""
        if self.login_dialog is not None and self.login_dialog.isVisible():
            return False
        page = self.current_page()
        return page.handle_scan(code) if page is not None else False

    def _device_status(self, key: str, text: str, ok: bool) -> None:
        names = {"keyboard": self.tr("Scanner"), "serial": self.tr("Serial scanner"),
                 "camera": self.tr("Camera"), "lock": self.tr("Lockers"),
                 "receipt_printer": self.tr("Printer"), "label_printer": self.tr("Label printer")}
        self.status.show_device(names.get(key, key), text, ok)

    # -- settings ---------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self, self.tasks)
        dialog.accepted.connect(lambda: self._settings_accepted(dialog))
        dialog.open()
        return dialog

    def _settings_accepted(self, dialog: SettingsDialog) -> None:
        new = dialog.result_settings
        try:
            save_settings(new, self.settings_file)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Settings"), self.tr("The settings could not be saved: {error}").format(error=exc))
            return
        restart = (new.database_url != self.settings.database_url or new.language != self.settings.language
                   or new.sync != self.settings.sync)
        scanner_changed = new.scanner != self.settings.scanner
        lock_board_changed = new.lock_board != self.settings.lock_board
        printer_changed = new.printer != self.settings.printer
        # Copy field by field so pages holding this Settings object see the change.
        for name in vars(new):
            setattr(self.settings, name, getattr(new, name))
        if scanner_changed:
            self.devices.apply_scanner_settings()
        if lock_board_changed:
            self.devices.start_lock_board()
        if printer_changed:
            self.devices.printing.settings_changed()
        if restart:
            QMessageBox.information(self, self.tr("Settings"), self.tr("Saved. Restart CounterDesk for the new database, language or server."))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.outbox_timer.stop()
        self.reminder_timer.stop()
        self.customer_display.shutdown()
        for page in self.pages:
            page.shutdown()
        super().closeEvent(event)
