"""The desk's devices, started after the window shows and owned in one place.

Keyboard-wedge and serial scanners end up in one ``scanned`` signal; the lock board
(a real port, or the simulator on a pseudo-terminal when none is configured) opens on
a worker. Every device reports its state through ``status_changed`` for the status
bar; a device failing never stops the desk.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from gui.common.tasks import TaskRunner
from gui.print_hub import PrintHub
from gui.scan_filter import ScanFilter, ScanFilterConfig
from services.core.settings import CameraSettings, LockBoardSettings, Settings

if TYPE_CHECKING:
    from devices.camera import FrameSource
    from devices.lockboard import LockBoard, LockSimulator, ReconcileReport
    from devices.serial_scanner import SerialScanner

log = logging.getLogger(__name__)

DEMO_CAMERA_PRODUCTS = 8


def open_lock_board(cfg: LockBoardSettings) -> tuple[LockBoard, LockSimulator | None, ReconcileReport, str]:
    """Blocking: open the configured board, or start the simulator and open that."""
    from devices.lockboard import DriverConfig, FaultKind, LockSimulator, SerialLockBoard

    simulator = None
    port = cfg.port
    if not port:
        if not cfg.simulate_when_unset:
            raise RuntimeError("no lock board port configured")
        simulator = LockSimulator(boards=tuple(cfg.board_addresses))
        if cfg.sim_close_after_s > 0:
            simulator.inject(FaultKind.AUTO_CLOSE, delay_ms=cfg.sim_close_after_s * 1000)
        port = simulator.start()
    board = SerialLockBoard(port, DriverConfig(boards=tuple(cfg.board_addresses), baudrate=cfg.baud))
    try:
        report = board.start()
    except Exception:
        board.close()
        if simulator is not None:
            simulator.stop()
        raise
    return board, simulator, report, port


def make_camera_source(cfg: CameraSettings, demo_folder: Path, demo_codes: list[str]) -> FrameSource:
    """Blocking: the frame source the settings ask for; the demo renders its frames on first use."""
    from devices.camera import OpenCVCamera, VirtualCamera

    if cfg.source == "device":
        device: int | str = int(cfg.device) if cfg.device.isdigit() else cfg.device
        return OpenCVCamera(device, width=cfg.width, height=cfg.height)
    if cfg.source == "files":
        return VirtualCamera(cfg.virtual_source, fps=cfg.virtual_fps)
    marker = demo_folder / "codes.txt"
    wanted = "\n".join(demo_codes)
    if not marker.exists() or marker.read_text(encoding="utf-8") != wanted:
        from devices.demo_media import render_product_frames

        for old in demo_folder.glob("*.png"):
            old.unlink()
        render_product_frames(demo_codes, demo_folder)
        marker.write_text(wanted, encoding="utf-8")
    return VirtualCamera(demo_folder, fps=cfg.virtual_fps)


class DeviceHub(QObject):
    scanned = Signal(str)
    status_changed = Signal(str, str, bool)  # device key, translated state, healthy
    lock_board_changed = Signal()
    _serial_code = Signal(str)
    _serial_state = Signal(str, str)

    def __init__(
        self, settings: Settings, tasks: TaskRunner, data_dir: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = tasks
        self.data_dir = data_dir
        self.scan_filter = ScanFilter(self._filter_config(), parent=self)
        self.scan_filter.scanned.connect(self.scanned)
        self.serial_scanner: SerialScanner | None = None
        self.lock_board: LockBoard | None = None
        self.lock_simulator: LockSimulator | None = None
        self.lock_port = ""
        self.lock_error = ""
        self._serial_code.connect(self._on_serial_code)
        self._serial_state.connect(self._on_serial_state)
        # Receipt and label printers (gui/print_hub.py): started with start_printers() once the window shows.
        self.printing = PrintHub(settings, data_dir / "print-spool", parent=self)
        self.printing.status_changed.connect(lambda kind, text, ok: self.status_changed.emit(f"{kind}_printer", text, ok))

    @property
    def lock_boards(self) -> list[int]:
        return list(self.settings.lock_board.board_addresses)

    @property
    def demo_camera_folder(self) -> Path:
        return self.data_dir / "demo-camera"

    def _filter_config(self) -> ScanFilterConfig:
        s = self.settings.scanner
        return ScanFilterConfig(max_gap_ms=float(s.wedge_max_gap_ms), min_length=s.wedge_min_length)

    # -- life cycle -----------------------------------------------------------------

    def start(self, app: QCoreApplication) -> None:
        """Scanners at once; the lock board is started separately (``start_lock_board``)
        once the window has painted, so opening it never delays the first paint."""
        self.scan_filter.install(app)
        self.apply_scanner_settings()

    def stop(self) -> None:
        self.scan_filter.uninstall()
        if self.serial_scanner is not None:
            self.serial_scanner.stop()
            self.serial_scanner = None
        self._close_lock_board()
        self.printing.stop()

    def start_printers(self) -> None:
        self.printing.start()

    def apply_scanner_settings(self) -> None:
        s = self.settings.scanner
        self.scan_filter.set_config(self._filter_config())
        self.scan_filter.set_enabled(s.wedge_enabled)
        self.status_changed.emit(
            "keyboard",
            QCoreApplication.translate("DeviceHub", "keyboard")
            if s.wedge_enabled
            else QCoreApplication.translate("DeviceHub", "off"),
            True,
        )
        if self.serial_scanner is not None:
            self.serial_scanner.stop()
            self.serial_scanner = None
        if s.serial_port:
            from devices.serial_scanner import SerialScanner, SerialScannerConfig, Suffix

            suffix = Suffix[s.serial_suffix] if s.serial_suffix in Suffix.__members__ else Suffix.CR
            config = SerialScannerConfig(port=s.serial_port, baudrate=s.serial_baud, suffix=suffix)
            self.serial_scanner = SerialScanner(
                config,
                on_scan=self._serial_code.emit,
                on_status=lambda st, d: self._serial_state.emit(str(st), d),
            )
            self.serial_scanner.start()

    @Slot(str)
    def _on_serial_code(self, code: str) -> None:
        self.scanned.emit(code)

    @Slot(str, str)
    def _on_serial_state(self, state: str, detail: str) -> None:
        texts = {
            "connected": QCoreApplication.translate("DeviceHub", "connected"),
            "disconnected": QCoreApplication.translate("DeviceHub", "unplugged"),
            "reconnecting": QCoreApplication.translate("DeviceHub", "reconnecting…"),
            "bad_data": QCoreApplication.translate("DeviceHub", "unreadable data"),
            "stopped": QCoreApplication.translate("DeviceHub", "off"),
        }
        ok = state in ("connected", "stopped")
        self.status_changed.emit("serial", texts.get(state, state), ok)
        if not ok:
            log.warning("serial scanner %s: %s", state, detail)

    # -- lock board -----------------------------------------------------------------

    def start_lock_board(self) -> None:
        self._close_lock_board()
        self.status_changed.emit("lock", QCoreApplication.translate("DeviceHub", "connecting…"), True)
        self.tasks.io(
            open_lock_board,
            self.settings.lock_board,
            done=self._lock_board_opened,
            failed=self._lock_board_failed,
        )

    def _lock_board_opened(self, result: tuple[Any, Any, Any, str]) -> None:
        board, simulator, report, port = result
        self.lock_board, self.lock_simulator, self.lock_port, self.lock_error = board, simulator, port, ""
        if report.failed:
            boards = ", ".join(str(b) for b in sorted(report.failed))
            self.status_changed.emit(
                "lock",
                QCoreApplication.translate("DeviceHub", "board {boards} not answering").format(boards=boards),
                False,
            )
        elif simulator is not None:
            self.status_changed.emit("lock", QCoreApplication.translate("DeviceHub", "simulator"), True)
        else:
            self.status_changed.emit("lock", QCoreApplication.translate("DeviceHub", "ready"), True)
        self.lock_board_changed.emit()

    def _lock_board_failed(self, exc: BaseException) -> None:
        self.lock_board, self.lock_simulator = None, None
        self.lock_error = str(exc)
        log.error("lock board did not open: %s", exc)
        self.status_changed.emit("lock", QCoreApplication.translate("DeviceHub", "unavailable"), False)
        self.lock_board_changed.emit()

    def _close_lock_board(self) -> None:
        if self.lock_board is not None:
            self.lock_board.close()
        if self.lock_simulator is not None:
            self.lock_simulator.stop()
        self.lock_board, self.lock_simulator = None, None
