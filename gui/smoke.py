"""``--smoke-test``: open every page of every role offscreen, render it, and report.

Exit code 0 when everything rendered and no error reached the crash handler;
otherwise non-zero with the reason on stderr.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.cashier.page import CashierPage
from gui.crash import CrashHandler
from gui.main_window import MainWindow
from services.demo.shop import DEMO_OPERATORS

if TYPE_CHECKING:
    from services.desk import Desk

TIMEOUT_MS = 120_000


class SmokeRun:
    def __init__(self, app: QApplication, window: MainWindow, crash: CrashHandler, shots: Path | None) -> None:
        self.app = app
        self.window = window
        self.crash = crash
        self.shots = shots
        self.rendered: list[str] = []
        QTimer.singleShot(TIMEOUT_MS, lambda: self.fail("timed out waiting for the desk"))

    def fail(self, reason: str) -> None:
        print(f"smoke test FAILED: {reason}", file=sys.stderr)
        self.app.exit(1)

    def _settle(self) -> None:
        """Let the page's background loads finish so the render shows real content."""
        deadline = time.monotonic() + 10
        self.app.processEvents()
        while self.window.tasks.pending and time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        self.app.processEvents()

    def _grab(self, widget: QWidget, name: str) -> None:
        pixmap = widget.grab()
        if pixmap.isNull() or pixmap.width() < 50:
            raise RuntimeError(f"{name} rendered nothing")
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            pixmap.save(str(self.shots / f"{name}.png"))
        self.rendered.append(name)

    def desk_ready(self, desk: Desk) -> None:
        try:
            dialog = self.window.login_dialog
            if dialog is None:
                raise RuntimeError("no login dialog after the database opened")
            self._settle()
            self._grab(dialog, "login")
            for _login, name, role, pin in DEMO_OPERATORS:
                self._log_in(name, pin)
                self._render_pages(desk, role.value)
                self.window.logout()
            settings = self.window.open_settings()
            for i in range(settings.tabs.count()):
                settings.tabs.setCurrentIndex(i)
                self._grab(settings, f"settings-{i}")
            settings.reject()
        except Exception as exc:  # the smoke test reports any failure as its result
            self.fail(f"{type(exc).__name__}: {exc}")
            return
        if self.crash.shown:
            self.fail("errors were shown: " + "; ".join(self.crash.shown))
            return
        print("smoke test OK: rendered " + ", ".join(self.rendered))
        self.app.exit(0)

    def _log_in(self, name: str, pin: str) -> None:
        """Log in through the dialog, as an operator would."""
        self._settle()
        dialog = self.window.login_dialog
        if dialog is None or not dialog.isVisible():
            raise RuntimeError("the login dialog is not showing")
        dialog.select_operator(name)
        dialog.pin_edit.setText(pin)
        dialog.buttons.accepted.emit()
        self._settle()
        if self.window.operator is None or self.window.operator.name != name:
            raise RuntimeError(f"could not log in as {name}: {dialog.message.text()!r}")

    def _render_pages(self, desk: Desk, role: str) -> None:
        if not self.window.pages:
            raise RuntimeError(f"role {role} has no pages")
        for row in range(len(self.window.pages)):
            self.window.nav.setCurrentRow(row)
            page = self.window.pages[row]
            if isinstance(page, CashierPage):
                self._ring_up(desk, page)
            self._settle()
            self._grab(self.window, f"{role}-{type(page).__name__}")
            if role == "desk":
                self._parcel_shots(desk, page)
            if role == "admin" and isinstance(page, CashierPage):
                self._grab(self.window, "main-window")
                self._scan_by_camera(page)
                self._customer_screens(desk, page)

    def _parcel_shots(self, desk: Desk, page: object) -> None:
        """docs/screenshots/parcels.png (a scanned parcel with its door offered) and lockers.png."""
        from gui.lockers.page import LockersPage
        from gui.parcels.page import ParcelsPage
        from gui.parcels.store_flow import StoreState

        if isinstance(page, LockersPage):
            deadline = time.monotonic() + 10
            while not page.banks.diagram.banks and time.monotonic() < deadline:
                self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            self._settle()
            self._grab(self.window, "lockers")
        if not isinstance(page, ParcelsPage):
            return
        resident = desk.residents.search("")[7]
        if not page.handle_scan("SF2026112300017"):
            raise RuntimeError(f"the parcels page refused a waybill scan: {page.intake.message.text()!r}")
        self._settle()
        page.intake.picker.edit.setText(f"{resident.building}-{resident.unit}")
        page.intake.picker.search()
        self._settle()
        page.intake.picker.table.selectRow(0)
        page.intake.register()
        deadline = time.monotonic() + 10
        while page.intake.flow.state is not StoreState.OFFERED and time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if page.intake.flow.state is not StoreState.OFFERED:
            raise RuntimeError(f"no slot offered for the demo parcel: {page.intake.message.text()!r}")
        self._settle()
        self._grab(self.window, "parcels")
        page.intake.cancel()  # registered, never stored: no door is opened by the smoke test
        self._settle()

    def _customer_screens(self, desk: Desk, page: CashierPage) -> None:
        """docs/screenshots/customer-display.png (following this basket) and kiosk.png (a product, a member)."""
        from PySide6.QtGui import QImage

        from gui.kiosk.window import KioskWindow

        page.handle_scan("M20260005")
        self._settle()
        controller = self.window.customer_display
        controller.action.setChecked(True)
        self._settle()
        if controller.display is None or not page.basket.lines:
            raise RuntimeError("the customer display did not open over a basket")
        self.app.processEvents()
        if controller.display.state.phase != "basket":
            raise RuntimeError(f"the customer display shows {controller.display.state.phase!r}, not the basket")
        self._grab(controller.display, "customer-display")
        controller.action.setChecked(False)

        kiosk = KioskWindow(self.window.settings, self.window.tasks, self.window.language, self.window.devices)
        kiosk.resize(1280, 800)
        kiosk.show()
        kiosk.attach_desk(desk, camera=False)  # the camera ran above; one of its frames stands in for the preview
        frames = sorted(self.window.devices.demo_camera_folder.glob("*.png"))
        if frames:
            kiosk.camera_view.set_frame(QImage(str(frames[0])))
        kiosk.scan(page.basket.lines[0].product.code)
        self._settle()
        kiosk.scan("M20260005")
        self._settle()
        try:
            if kiosk.screen_name != "product" or not kiosk.offers or kiosk.member is None:
                raise RuntimeError(f"the kiosk shows no coupons for a scan: {kiosk.message.text()!r}")
            self._grab(kiosk, "kiosk")
        finally:
            kiosk.unlocked = True
            kiosk.close()
            kiosk.deleteLater()

    def _scan_by_camera(self, page: CashierPage) -> None:
        """Turn the (demo) camera on and wait until it rings up a product by itself."""
        before = page.basket.item_count
        page.camera_button.setChecked(True)
        deadline = time.monotonic() + 30
        while page.basket.item_count == before and time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if page.basket.item_count == before:
            raise RuntimeError("the camera rang up nothing in 30 s")
        self._settle()
        self._grab(self.window, "cashier-camera")
        page.camera_button.setChecked(False)
        self._settle()

    def _ring_up(self, desk: Desk, page: CashierPage) -> None:
        """Scan a few demo products the way a scanner would, and check they landed."""
        codes = [p.code for p in (desk.catalog.search("可乐")[:1] + desk.catalog.search("面包")[:2]
                                  + desk.catalog.search("牛奶")[:1])]
        for code in codes + codes[:1]:
            self.window.route_scan(code)
        self._settle()
        if page.basket.item_count != len(codes) + 1 or page.basket.total_fen <= 0:
            raise RuntimeError(f"cashier did not ring up {codes}: {page.message.text()!r}")

