"""`uv run main.py kiosk`: the coupon kiosk on its own, full screen, with the desk's database."""

from __future__ import annotations

import argparse
import sys

from services.core.settings import Settings


def kiosk_language(settings: Settings, cli_language: str | None) -> str:
    """--lang beats Settings.display.kiosk_language; the kiosk faces shoppers, so it starts in Chinese."""
    return cli_language or settings.display.kiosk_language or "zh_CN"


def run_kiosk(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from gui.common.i18n import install_translator
    from gui.common.tasks import TaskRunner
    from gui.crash import CrashHandler
    from gui.device_hub import DeviceHub
    from gui.gc_guard import MainThreadGC
    from gui.kiosk.window import KioskWindow
    from services.core.logs import setup_logging
    from services.core.paths import app_paths
    from services.core.settings import load_settings, resolve_database_url

    paths = app_paths().ensure()
    setup_logging(paths.log_file)
    settings = load_settings(paths.settings_file)
    url = resolve_database_url(settings, args.db, paths.default_db_file)

    app = QApplication(sys.argv[:1])
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("CounterDesk")
    language = kiosk_language(settings, args.lang)
    install_translator(app, language)
    crash = CrashHandler(paths.log_file)
    crash.install()
    gc_guard = MainThreadGC(app)
    tasks = TaskRunner()
    devices = DeviceHub(settings, tasks, paths.data_dir)
    kiosk = KioskWindow(settings, tasks, language, devices)
    devices.scanned.connect(kiosk.scan)  # a USB or serial scanner at the kiosk works like the camera
    kiosk.exit_requested.connect(app.quit)
    kiosk.showFullScreen()
    devices.start(app)

    def open_desk() -> object:
        from services.desk import Desk

        return Desk.open(url)

    def failed(exc: BaseException) -> None:
        kiosk.message.setText(str(exc))

    tasks.db(open_desk, done=lambda desk: kiosk.attach_desk(desk), failed=failed)  # type: ignore[arg-type]
    code = app.exec()
    devices.stop()
    kiosk.stop_camera()
    tasks.shutdown()
    gc_guard.stop()
    if kiosk.desk is not None:
        kiosk.desk.close()
    return code
