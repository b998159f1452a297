"""Settings: database, language and devices. Saved to the settings file on OK."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import LANGUAGES
from gui.print_hub import fault_text, print_test_page, status_text
from services.core.settings import Settings

if TYPE_CHECKING:
    from gui.common.tasks import TaskRunner


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings`` holds the new ones after OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks  # runs the printer tab's test page off the GUI thread
        self.setWindowTitle(self.tr("Settings"))
        self.original = settings
        self.result_settings = copy.deepcopy(settings)
        self._apply: list[Callable[[Settings], None]] = []

        tabs = QTabWidget()
        tabs.addTab(self._general_tab(), self.tr("General"))
        tabs.addTab(self._scanner_tab(), self.tr("Scanner"))
        tabs.addTab(self._camera_tab(), self.tr("Camera"))
        tabs.addTab(self._lock_board_tab(), self.tr("Lock board"))
        tabs.addTab(self._sync_tab(), self.tr("Sync"))
        tabs.addTab(self._parcels_tab(), self.tr("Parcels"))
        tabs.addTab(self._faces_tab(), self.tr("Faces"))
        tabs.addTab(self._printer_tab(), self.tr("Printer"))
        self.tabs = tabs

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def add_tab(self, widget: QWidget, title: str, apply: Callable[[Settings], None]) -> None:
        """Device pages add their own settings tab; ``apply`` copies its fields into the settings."""
        self.tabs.addTab(widget, title)
        self._apply.append(apply)

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language_combo = QComboBox()
        self.language_combo.addItem(self.tr("Follow the system"), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.original.language)))
        self.db_edit = QLineEdit(self.original.database_url)
        self.db_edit.setPlaceholderText(self.tr("empty: the SQLite file in the user data folder"))
        self.store_edit = QLineEdit(self.original.store_code)
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow(self.tr("Database URL"), self.db_edit)
        note = QLabel(self.tr("e.g. postgresql://user@host/counterdesk. Language and database changes take effect after a restart."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow("", note)
        form.addRow(self.tr("Store code"), self.store_edit)

        def apply(s: Settings) -> None:
            s.language = self.language_combo.currentData()
            s.database_url = self.db_edit.text().strip()
            s.store_code = self.store_edit.text().strip() or s.store_code

        self._apply.append(apply)
        return page

    def _scanner_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        scanner = self.original.scanner
        self.wedge_check = QCheckBox(self.tr("Recognise USB scanners that type like a keyboard"))
        self.wedge_check.setChecked(scanner.wedge_enabled)
        self.gap_spin = QSpinBox()
        self.gap_spin.setRange(5, 200)
        self.gap_spin.setSuffix(" ms")
        self.gap_spin.setValue(scanner.wedge_max_gap_ms)
        self.min_len_spin = QSpinBox()
        self.min_len_spin.setRange(3, 40)
        self.min_len_spin.setValue(scanner.wedge_min_length)
        self.serial_port_edit = QLineEdit(scanner.serial_port)
        self.serial_port_edit.setPlaceholderText(self.tr("empty: no serial scanner (e.g. /dev/ttyUSB0, COM3)"))
        self.serial_baud_combo = QComboBox()
        for baud in (9600, 19200, 38400, 57600, 115200):
            self.serial_baud_combo.addItem(str(baud), baud)
        self.serial_baud_combo.setCurrentIndex(max(0, self.serial_baud_combo.findData(scanner.serial_baud)))
        self.serial_suffix_combo = QComboBox()
        for suffix in ("CR", "LF", "CRLF"):
            self.serial_suffix_combo.addItem(suffix, suffix)
        self.serial_suffix_combo.setCurrentIndex(max(0, self.serial_suffix_combo.findData(scanner.serial_suffix)))
        form.addRow(self.wedge_check)
        form.addRow(self.tr("Longest gap between keys"), self.gap_spin)
        form.addRow(self.tr("Shortest code"), self.min_len_spin)
        form.addRow(self.tr("Serial scanner port"), self.serial_port_edit)
        form.addRow(self.tr("Baud rate"), self.serial_baud_combo)
        form.addRow(self.tr("Code ends with"), self.serial_suffix_combo)

        def apply(s: Settings) -> None:
            s.scanner.wedge_enabled = self.wedge_check.isChecked()
            s.scanner.wedge_max_gap_ms = self.gap_spin.value()
            s.scanner.wedge_min_length = self.min_len_spin.value()
            s.scanner.serial_port = self.serial_port_edit.text().strip()
            s.scanner.serial_baud = self.serial_baud_combo.currentData()
            s.scanner.serial_suffix = self.serial_suffix_combo.currentData()

        self._apply.append(apply)
        return page

    def _camera_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        camera = self.original.camera
        self.camera_source_combo = QComboBox()
        self.camera_source_combo.addItem(self.tr("Demo: the demo products on a virtual camera"), "demo")
        self.camera_source_combo.addItem(self.tr("Webcam"), "device")
        self.camera_source_combo.addItem(self.tr("Video file or image folder"), "files")
        self.camera_source_combo.setCurrentIndex(max(0, self.camera_source_combo.findData(camera.source)))
        self.camera_device_edit = QLineEdit(camera.device)
        self.camera_device_edit.setPlaceholderText(self.tr("0 for the first webcam, or a device path"))
        self.camera_width_spin = QSpinBox()
        self.camera_width_spin.setRange(160, 3840)
        self.camera_width_spin.setValue(camera.width)
        self.camera_height_spin = QSpinBox()
        self.camera_height_spin.setRange(120, 2160)
        self.camera_height_spin.setValue(camera.height)
        self.camera_files_edit = QLineEdit(camera.virtual_source)
        self.camera_fps_spin = QSpinBox()
        self.camera_fps_spin.setRange(1, 60)
        self.camera_fps_spin.setValue(round(camera.virtual_fps))
        self.agree_spin = QSpinBox()
        self.agree_spin.setRange(1, 10)
        self.agree_spin.setValue(camera.frames_to_agree)
        self.repeat_spin = QSpinBox()
        self.repeat_spin.setRange(0, 10000)
        self.repeat_spin.setSingleStep(250)
        self.repeat_spin.setSuffix(" ms")
        self.repeat_spin.setValue(camera.repeat_window_ms)
        form.addRow(self.tr("Source"), self.camera_source_combo)
        form.addRow(self.tr("Webcam"), self.camera_device_edit)
        form.addRow(self.tr("Width"), self.camera_width_spin)
        form.addRow(self.tr("Height"), self.camera_height_spin)
        form.addRow(self.tr("Video or folder"), self.camera_files_edit)
        form.addRow(self.tr("Frames per second (video/folder)"), self.camera_fps_spin)
        form.addRow(self.tr("Frames that must agree"), self.agree_spin)
        form.addRow(self.tr("Ignore the same code again within"), self.repeat_spin)

        def apply(s: Settings) -> None:
            s.camera.source = self.camera_source_combo.currentData()
            s.camera.device = self.camera_device_edit.text().strip() or "0"
            s.camera.width = self.camera_width_spin.value()
            s.camera.height = self.camera_height_spin.value()
            s.camera.virtual_source = self.camera_files_edit.text().strip()
            s.camera.virtual_fps = float(self.camera_fps_spin.value())
            s.camera.frames_to_agree = self.agree_spin.value()
            s.camera.repeat_window_ms = self.repeat_spin.value()

        self._apply.append(apply)
        return page

    def _lock_board_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        board = self.original.lock_board
        self.lock_port_edit = QLineEdit(board.port)
        self.lock_port_edit.setPlaceholderText(self.tr("empty: use the built-in simulator"))
        self.lock_baud_combo = QComboBox()
        for baud in (9600, 19200, 38400):
            self.lock_baud_combo.addItem(str(baud), baud)
        self.lock_baud_combo.setCurrentIndex(max(0, self.lock_baud_combo.findData(board.baud)))
        self.lock_boards_edit = QLineEdit(", ".join(str(b) for b in board.board_addresses))
        self.lock_boards_edit.setPlaceholderText(self.tr("board addresses on the RS-485 line, e.g. 1, 2"))
        self.simulate_check = QCheckBox(self.tr("Simulate the board when no port is set"))
        self.simulate_check.setChecked(board.simulate_when_unset)
        self.sim_close_spin = QDoubleSpinBox()
        self.sim_close_spin.setObjectName("simCloseAfter")
        self.sim_close_spin.setRange(0, 120)
        self.sim_close_spin.setDecimals(0)
        self.sim_close_spin.setSuffix(self.tr(" s"))
        self.sim_close_spin.setSpecialValueText(self.tr("never (close on the simulator panel)"))
        self.sim_close_spin.setValue(board.sim_close_after_s)
        self.lock_error = QLabel()
        self.lock_error.setStyleSheet("color: #b00020;")
        form.addRow(self.tr("Serial port"), self.lock_port_edit)
        form.addRow(self.tr("Baud rate"), self.lock_baud_combo)
        form.addRow(self.tr("Boards"), self.lock_boards_edit)
        form.addRow(self.simulate_check)
        form.addRow(self.tr("Simulated person closes a door after"), self.sim_close_spin)
        form.addRow(self.lock_error)

        def apply(s: Settings) -> None:
            s.lock_board.port = self.lock_port_edit.text().strip()
            s.lock_board.baud = self.lock_baud_combo.currentData()
            s.lock_board.board_addresses = self._board_addresses()
            s.lock_board.simulate_when_unset = self.simulate_check.isChecked()
            s.lock_board.sim_close_after_s = self.sim_close_spin.value()

        self._apply.append(apply)
        return page

    def _sync_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        sync = self.original.sync
        self.sync_mode_combo = QComboBox()
        self.sync_mode_combo.addItem(self.tr("Built-in server on this computer"), "in_process")
        self.sync_mode_combo.addItem(self.tr("Server on the network"), "remote")
        self.sync_mode_combo.addItem(self.tr("Off"), "off")
        self.sync_mode_combo.setCurrentIndex(max(0, self.sync_mode_combo.findData(sync.mode)))
        self.sync_url_edit = QLineEdit(sync.server_url)
        self.sync_url_edit.setPlaceholderText("https://counterdesk.example.com")
        self.sync_code_edit = QLineEdit(sync.enrolment_code)
        self.sync_code_edit.setPlaceholderText(self.tr("one-time code from the server's admin (XXXX-XXXX-XXXX-XXXX)"))
        form.addRow(self.tr("Server"), self.sync_mode_combo)
        form.addRow(self.tr("Server address"), self.sync_url_edit)
        form.addRow(self.tr("Enrolment code"), self.sync_code_edit)
        note = QLabel(self.tr("Takes effect after a restart. The code is used once; the desk keeps its own token."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow("", note)

        def apply(s: Settings) -> None:
            s.sync.mode = self.sync_mode_combo.currentData()
            s.sync.server_url = self.sync_url_edit.text().strip()
            s.sync.enrolment_code = self.sync_code_edit.text().strip()

        self._apply.append(apply)
        return page

    def _parcels_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        parcels = self.original.parcels
        self.t1_spin = QSpinBox()
        self.t1_spin.setRange(1, 24 * 30)
        self.t1_spin.setSuffix(" h")
        self.t1_spin.setValue(parcels.t1_h)
        self.t2_spin = QSpinBox()
        self.t2_spin.setRange(2, 24 * 60)
        self.t2_spin.setSuffix(" h")
        self.t2_spin.setValue(parcels.t2_h)
        self.quiet_from_edit = QTimeEdit(QTime.fromString(parcels.quiet_from, "HH:mm"))
        self.quiet_to_edit = QTimeEdit(QTime.fromString(parcels.quiet_to, "HH:mm"))
        self.pickup_time_edit = QTimeEdit(QTime.fromString(parcels.default_pickup_time, "HH:mm"))
        for edit in (self.quiet_from_edit, self.quiet_to_edit, self.pickup_time_edit):
            edit.setDisplayFormat("HH:mm")
        self.parcels_error = QLabel()
        self.parcels_error.setStyleSheet("color: #b00020;")
        form.addRow(self.tr("Overdue reminder after (T1)"), self.t1_spin)
        form.addRow(self.tr("Recall to the courier after (T2)"), self.t2_spin)
        form.addRow(self.tr("Quiet hours from"), self.quiet_from_edit)
        form.addRow(self.tr("Quiet hours until"), self.quiet_to_edit)
        form.addRow(self.tr("Reminder time for new residents"), self.pickup_time_edit)
        note = QLabel(self.tr("Counted from storing. Residents with a pickup history are reminded at their usual time; "
                              "no reminder is sent in quiet hours."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow("", note)
        form.addRow(self.parcels_error)

        def apply(s: Settings) -> None:
            s.parcels.t1_h = self.t1_spin.value()
            s.parcels.t2_h = self.t2_spin.value()
            s.parcels.quiet_from = self.quiet_from_edit.time().toString("HH:mm")
            s.parcels.quiet_to = self.quiet_to_edit.time().toString("HH:mm")
            s.parcels.default_pickup_time = self.pickup_time_edit.time().toString("HH:mm")

        self._apply.append(apply)
        return page

    def _faces_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        faces = self.original.faces
        self.face_source_combo = QComboBox()
        self.face_source_combo.addItem(self.tr("Same as the Camera tab"), "same")
        self.face_source_combo.addItem(self.tr("Webcam"), "device")
        self.face_source_combo.addItem(self.tr("Video file or image folder"), "files")
        self.face_source_combo.setCurrentIndex(max(0, self.face_source_combo.findData(faces.camera_source)))
        self.face_device_edit = QLineEdit(faces.camera_device)
        self.face_files_edit = QLineEdit(faces.camera_files)
        self.face_threshold_spin = QDoubleSpinBox()
        self.face_threshold_spin.setRange(0.30, 0.60)
        self.face_threshold_spin.setSingleStep(0.01)
        self.face_threshold_spin.setValue(faces.threshold)
        self.face_margin_spin = QDoubleSpinBox()
        self.face_margin_spin.setRange(0.0, 0.30)
        self.face_margin_spin.setSingleStep(0.01)
        self.face_margin_spin.setValue(faces.margin)
        self.face_agree_spin = QSpinBox()
        self.face_agree_spin.setRange(1, 10)
        self.face_agree_spin.setValue(faces.frames_to_agree)
        self.face_liveness_check = QCheckBox(self.tr("Ask for a blink before parcels are released"))
        self.face_liveness_check.setChecked(faces.liveness)
        self.face_factor_combo = QComboBox()
        self.face_factor_combo.addItem(self.tr("Staff confirm on screen"), "staff")
        self.face_factor_combo.addItem(self.tr("Resident types the pickup code"), "code")
        self.face_factor_combo.setCurrentIndex(max(0, self.face_factor_combo.findData(faces.second_factor)))
        self.face_unattended_check = QCheckBox(self.tr("Unattended: distance 0.45 or nearer and the pickup code always"))
        self.face_unattended_check.setChecked(faces.unattended)
        self.face_reminders_check = QCheckBox(self.tr("Remind residents seen at the desk of waiting parcels (once a day)"))
        self.face_reminders_check.setChecked(faces.passing_reminders)
        form.addRow(self.tr("Camera"), self.face_source_combo)
        form.addRow(self.tr("Webcam"), self.face_device_edit)
        form.addRow(self.tr("Video or folder"), self.face_files_edit)
        form.addRow(self.tr("Accept at distance up to"), self.face_threshold_spin)
        form.addRow(self.tr("Margin over the next resident"), self.face_margin_spin)
        form.addRow(self.tr("Frames that must agree (of 5)"), self.face_agree_spin)
        form.addRow("", self.face_liveness_check)
        form.addRow(self.tr("Release also needs"), self.face_factor_combo)
        form.addRow("", self.face_unattended_check)
        form.addRow("", self.face_reminders_check)

        def apply(s: Settings) -> None:
            s.faces.camera_source = self.face_source_combo.currentData()
            s.faces.camera_device = self.face_device_edit.text().strip() or "0"
            s.faces.camera_files = self.face_files_edit.text().strip()
            s.faces.threshold = round(self.face_threshold_spin.value(), 2)
            s.faces.margin = round(self.face_margin_spin.value(), 2)
            s.faces.frames_to_agree = self.face_agree_spin.value()
            s.faces.liveness = self.face_liveness_check.isChecked()
            s.faces.second_factor = self.face_factor_combo.currentData()
            s.faces.unattended = self.face_unattended_check.isChecked()
            s.faces.passing_reminders = self.face_reminders_check.isChecked()

        self._apply.append(apply)
        return page

    def _printer_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        printer = self.original.printer
        self.receipt_printer_edit = QLineEdit(printer.receipt_printer)
        self.receipt_printer_edit.setPlaceholderText(self.tr("empty: no printer (receipts on screen and as PDF)"))
        self.label_printer_edit = QLineEdit(printer.label_printer)
        self.label_printer_edit.setPlaceholderText(self.tr("empty: no parcel labels"))
        self.roll_combo = QComboBox()
        for mm in (58, 80):
            self.roll_combo.addItem(self.tr("{mm} mm").format(mm=mm), mm)
        self.roll_combo.setCurrentIndex(max(0, self.roll_combo.findData(printer.width_mm)))
        self.label_roll_combo = QComboBox()
        for mm in (58, 80):
            self.label_roll_combo.addItem(self.tr("{mm} mm").format(mm=mm), mm)
        self.label_roll_combo.setCurrentIndex(max(0, self.label_roll_combo.findData(printer.label_width_mm)))
        self.header_edit = QPlainTextEdit("\n".join(printer.header))
        self.header_edit.setPlaceholderText(self.tr("lines under the shop's name: address, phone …"))
        self.header_edit.setFixedHeight(64)
        self.footer_edit = QPlainTextEdit("\n".join(printer.footer))
        self.footer_edit.setFixedHeight(64)
        self.test_print_button = QPushButton(self.tr("Print test page"))
        self.test_print_button.clicked.connect(self.print_test_page)
        self.printer_result = QLabel()
        self.printer_result.setWordWrap(True)
        form.addRow(self.tr("Receipt printer"), self.receipt_printer_edit)
        form.addRow(self.tr("Label printer"), self.label_printer_edit)
        note = QLabel(self.tr("e.g. usb://04b8:0202, serial:///dev/ttyUSB0?baudrate=9600, tcp://192.168.1.50:9100; "
                              "add ?encoding=gbk, ascii or image for printers without GB18030."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow("", note)
        form.addRow(self.tr("Receipt roll"), self.roll_combo)
        form.addRow(self.tr("Label roll"), self.label_roll_combo)
        form.addRow(self.tr("Receipt header"), self.header_edit)
        form.addRow(self.tr("Receipt footer"), self.footer_edit)
        form.addRow(self.test_print_button, self.printer_result)

        def apply(s: Settings) -> None:
            s.printer.receipt_printer = self.receipt_printer_edit.text().strip()
            s.printer.label_printer = self.label_printer_edit.text().strip()
            s.printer.width_mm = self.roll_combo.currentData()
            s.printer.label_width_mm = self.label_roll_combo.currentData()
            s.printer.header = _lines(self.header_edit.toPlainText())
            s.printer.footer = _lines(self.footer_edit.toPlainText())

        self._apply.append(apply)
        return page

    def print_test_page(self) -> bool:
        """The sample receipt on the printer typed above (saved or not), on the I/O pool."""
        url = self.receipt_printer_edit.text().strip()
        if not url:
            self._printer_result(self.tr("Type the receipt printer's address first."), False)
            return False
        if self.tasks is None:
            return False
        self.test_print_button.setEnabled(False)
        self._printer_result(self.tr("Printing the test page on {url}…").format(url=url), True)
        self.tasks.io(print_test_page, url, self.roll_combo.currentData(), _lines(self.header_edit.toPlainText()),
                      _lines(self.footer_edit.toPlainText()), self.original.language or "zh_CN",
                      done=lambda status: self._test_printed(url, status),
                      failed=lambda exc: self._test_failed(url, exc))
        return True

    def _test_printed(self, url: str, status: object) -> None:
        self.test_print_button.setEnabled(True)
        self._printer_result(self.tr("Test page sent to {url}; the printer says: {status}.").format(
            url=url, status=status_text(status)), True)  # type: ignore[arg-type]

    def _test_failed(self, url: str, exc: BaseException) -> None:
        self.test_print_button.setEnabled(True)
        fault = getattr(exc, "fault", None)
        text = fault_text(str(fault.value)) if fault is not None else f"{type(exc).__name__}: {exc}"
        self._printer_result(self.tr("Nothing printed on {url}: {problem}.").format(url=url, problem=text), False)

    def _printer_result(self, text: str, ok: bool) -> None:
        self.printer_result.setText(text)
        self.printer_result.setStyleSheet("" if ok else "color: #b00020;")

    def _board_addresses(self) -> list[int]:
        parts = [p for p in self.lock_boards_edit.text().replace("，", ",").split(",") if p.strip()]
        values = [int(p) for p in parts if p.strip().isdigit()]
        if not values or len(values) != len(parts) or any(not 1 <= v <= 99 for v in values) or len(set(values)) != len(values):
            raise ValueError(self.tr("Board addresses must be distinct numbers from 1 to 99, separated by commas."))
        return values

    def accept(self) -> None:
        if self.t2_spin.value() <= self.t1_spin.value():
            self.parcels_error.setText(self.tr("T2 (recall) must be longer than T1 (overdue reminder)."))
            self.tabs.setCurrentIndex(self.tabs.indexOf(self.t1_spin.parentWidget()))
            return
        try:
            self._board_addresses()
        except ValueError as exc:
            self.lock_error.setText(str(exc))
            self.tabs.setCurrentIndex(self.tabs.indexOf(self.lock_error.parentWidget()))
            return
        for edit in (self.receipt_printer_edit, self.label_printer_edit):
            problem = _printer_url_problem(edit.text().strip())
            if problem:
                self._printer_result(problem, False)
                self.tabs.setCurrentIndex(self.tabs.indexOf(self.printer_result.parentWidget()))
                edit.setFocus()
                return
        for apply in self._apply:
            apply(self.result_settings)
        super().accept()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _printer_url_problem(url: str) -> str:
    """"" when the address names a printer (or is empty), else what is wrong with it."""
    if not url:
        return ""
    from devices.printer.base import PrinterError
    from devices.printer.transport import parse_printer_url

    try:
        parse_printer_url(url)
    except PrinterError as exc:
        return QCoreApplication.translate("SettingsDialog", "Not a printer address: {url} ({problem}).").format(
            url=url, problem=exc.detail)
    return ""
