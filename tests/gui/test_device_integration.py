"""Devices reaching the cashier: keyboard-wedge bursts, the virtual camera, a serial scanner on a pty."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.cashier.page import CashierPage
from gui.main_window import MainWindow
from services.core.settings import Settings
from services.desk import Desk
from tests.gui.helpers import close_window, log_in, make_window, wait_idle


def _cashier(qtbot: QtBot, window: MainWindow) -> CashierPage:
    log_in(qtbot, window, "cashier", "1111")
    page = window.current_page()
    assert isinstance(page, CashierPage)
    return page


def _codes_in_basket(page: CashierPage) -> list[str]:
    return [line.product.code for line in page.basket.lines]


def test_wedge_burst_lands_in_the_basket_not_in_the_field(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    window.devices.scan_filter.install(QApplication.instance())  # type: ignore[arg-type]
    page = _cashier(qtbot, window)
    page.code_edit.setFocus()
    code = desk.catalog.search("牙刷")[0].code
    qtbot.keyClicks(page.code_edit, code)  # a scanner: all keys within a few milliseconds
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _codes_in_basket(page) == [code], timeout=3000)
    wait_idle(qtbot, window)
    assert page.code_edit.text() == ""
    assert page.basket.item_count == 1  # one scan, not a scan plus a typed Enter


def test_human_typing_still_works_with_the_filter(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    window.devices.scan_filter.install(QApplication.instance())  # type: ignore[arg-type]
    page = _cashier(qtbot, window)
    page.code_edit.setFocus()
    code = desk.catalog.search("雨伞")[0].code
    for ch in code:
        qtbot.keyClick(page.code_edit, ch)
        qtbot.wait(45)  # a person: well over the 30 ms scanner gap
    qtbot.waitUntil(lambda: page.code_edit.text() == code, timeout=2000)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert _codes_in_basket(page) == [code]


def test_virtual_camera_rings_up_demo_products(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    settings = Settings()
    settings.camera.virtual_fps = 25.0
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    try:
        page = _cashier(qtbot, window)
        qtbot.mouseClick(page.camera_button, Qt.MouseButton.LeftButton)
        assert page.camera_button.isChecked()
        qtbot.waitUntil(lambda: len(page.basket.lines) >= 3, timeout=30000)
        shown = [p.code for p in desk.catalog.search("")[:8]]
        rung_up = _codes_in_basket(page)
        assert set(rung_up) <= set(shown)
        # Each product was held in view for several frames but rang up once.
        assert all(line.quantity == 1 for line in page.basket.lines)
        assert page.camera_view.has_image()
        assert "Camera: scanning" in window.status.devices_label.text()
        qtbot.mouseClick(page.camera_button, Qt.MouseButton.LeftButton)
        assert page.camera is None and not page.camera_view.isVisible()
        wait_idle(qtbot, window)
        settled = len(page.basket.lines)
        qtbot.wait(600)
        assert len(page.basket.lines) == settled  # nothing more once the camera is off
    finally:
        close_window(qtbot, window)


def test_camera_source_missing_is_reported_and_recovers(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    settings = Settings()
    settings.camera.source = "files"
    settings.camera.virtual_source = str(tmp_path / "unplugged")
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    try:
        page = _cashier(qtbot, window)
        page.camera_button.setChecked(True)
        qtbot.waitUntil(lambda: "retrying" in window.status.devices_label.text(), timeout=10000)
        assert page.model.rowCount() == 0
        # The camera comes back: frames of a demo product appear in the folder.
        from devices.demo_media import render_product_frames

        code = desk.catalog.search("可乐")[0].code
        render_product_frames([code], tmp_path / "unplugged", hold_frames=8)
        qtbot.waitUntil(lambda: _codes_in_basket(page) == [code], timeout=20000)
        page.camera_button.setChecked(False)
    finally:
        close_window(qtbot, window)


def test_serial_scanner_on_a_pty(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    master, slave = os.openpty()
    settings = Settings()
    settings.scanner.serial_port = os.ttyname(slave)
    window = make_window(qtbot, desk, tmp_path, settings=settings)
    try:
        page = _cashier(qtbot, window)
        window.devices.apply_scanner_settings()
        qtbot.waitUntil(lambda: "Serial scanner: connected" in window.status.devices_label.text(), timeout=5000)
        code = desk.catalog.search("电池")[0].code
        os.write(master, code[:5].encode())
        time.sleep(0.05)
        os.write(master, code[5:].encode() + b"\r")
        qtbot.waitUntil(lambda: _codes_in_basket(page) == [code], timeout=5000)
    finally:
        close_window(qtbot, window)
        os.close(master)
        os.close(slave)
