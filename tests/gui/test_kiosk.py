"""The coupon kiosk: a product held up to the (virtual) camera, its coupons, a claim by typed phone,
the inactivity reset that forgets the shopper, and the administrator's PIN as the only way out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from devices.demo_media import render_product_frames
from gui.common.tasks import TaskRunner
from gui.device_hub import DeviceHub
from gui.kiosk.window import KioskWindow
from models import Member
from services.core.settings import Settings
from services.desk import Desk


@pytest.fixture
def kiosk(qtbot: QtBot, desk: Desk, tmp_path: Path) -> Iterator[KioskWindow]:
    cola = next(p for p in desk.catalog.search("可乐") if p.name == "可乐 500ml")
    frames = tmp_path / "frames"
    render_product_frames([cola.code], frames, hold_frames=6, gap_frames=2)
    settings = Settings()
    settings.camera.source = "files"  # a virtual camera playing a cola held up, again and again
    settings.camera.virtual_source = str(frames)
    settings.camera.virtual_fps = 20.0
    settings.display.kiosk_idle_s = 2
    settings.display.kiosk_hold_s = 1
    tasks = TaskRunner()
    window = KioskWindow(settings, tasks, "en", DeviceHub(settings, tasks, tmp_path / "data"))
    window.show()
    window.attach_desk(desk)
    yield window
    window.unlocked = True
    window.close()
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10000)
    tasks.shutdown()
    window.deleteLater()


def _idle(qtbot: QtBot, kiosk: KioskWindow) -> None:
    qtbot.waitUntil(lambda: kiosk.tasks.pending == 0, timeout=10000)


def _visible_text(kiosk: KioskWindow) -> str:
    return "\n".join(label.text() for label in kiosk.findChildren(QLabel) if label.isVisibleTo(kiosk))


def _member(desk: Desk) -> tuple[int, str, str]:
    with desk.db.sessions() as s:
        m = s.scalars(select(Member).order_by(Member.id).offset(4)).first()
        assert m is not None
        return m.id, m.phone, m.name


def test_camera_scan_shows_coupons_claim_with_typed_phone_then_inactivity_forgets_the_shopper(
        qtbot: QtBot, kiosk: KioskWindow, desk: Desk) -> None:
    assert kiosk.screen_name == "attract"
    qtbot.waitUntil(lambda: kiosk.screen_name == "product" and bool(kiosk.offers), timeout=20000)
    _idle(qtbot, kiosk)
    assert kiosk.product is not None and kiosk.product.name == "可乐 500ml"
    codes = [r.offer.code for r in kiosk.offers]
    assert codes[0] == "COLA1" and "DRINK20" in codes  # ¥1.00 off beats 20 % of ¥3.50, best first
    first_row = kiosk.offer_rows[0]
    assert "best for this basket: saves ¥1.00" in first_row.findChild(QLabel).text()

    claim = first_row.findChild(QPushButton)
    qtbot.mouseClick(claim, Qt.MouseButton.LeftButton)  # not identified yet: the keypad asks first
    assert kiosk.screen_name == "keypad"
    member_id, phone, name = _member(desk)
    for digit in phone:
        qtbot.mouseClick(kiosk.keypad.keys[digit], Qt.MouseButton.LeftButton)
    assert kiosk.entry.text() == f"{phone[:3]}****{phone[-4:]}"
    assert phone not in _visible_text(kiosk)
    qtbot.mouseClick(kiosk.keypad.keys["ok"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Done!" in kiosk.message.text(), timeout=5000)
    _idle(qtbot, kiosk)
    assert "可乐立减1元" in kiosk.message.text()
    assert [c.code for c in desk.coupons.wallet(member_id)] == ["COLA1"]
    assert kiosk.screen_name == "product"
    assert f"{phone[:3]}****{phone[-4:]}" in kiosk.member_label.text() and name not in kiosk.member_label.text()
    assert kiosk.offer_rows[0].findChild(QPushButton).text() == "Claimed ✓"

    # Nobody touches the screen: the kiosk forgets the shopper and shows the attract screen.
    qtbot.waitUntil(lambda: kiosk.screen_name == "attract", timeout=6000)
    assert kiosk.member is None and kiosk.product is None and not kiosk.offers
    assert kiosk.keypad.text == "" and kiosk.entry.text() == "" and kiosk.member_label.text() == ""
    shown = _visible_text(kiosk)
    assert phone[-4:] not in shown and "可乐立减1元" not in shown


def test_unknown_number_is_named_and_only_the_admin_pin_closes_the_kiosk(qtbot: QtBot, kiosk: KioskWindow) -> None:
    qtbot.waitUntil(lambda: kiosk.screen_name == "product" and bool(kiosk.offers), timeout=20000)
    _idle(qtbot, kiosk)
    qtbot.mouseClick(kiosk.identify_button, Qt.MouseButton.LeftButton)
    kiosk.keypad.type_text("19900000000")
    kiosk.keypad.press("ok")
    _idle(qtbot, kiosk)
    assert "could not find that number" in kiosk.message.text() and kiosk.member is None
    assert kiosk.screen_name == "keypad" and kiosk.entry.text() == ""

    exits: list[bool] = []
    kiosk.exit_requested.connect(lambda: exits.append(True))
    kiosk.close()  # Alt+F4 and the like: refused, the PIN is asked for
    assert kiosk.isVisible() and kiosk.screen_name == "keypad" and "administrator PIN" in kiosk.keypad_prompt.text()
    kiosk.keypad.type_text("1111")  # the cashier's PIN does not close it
    kiosk.keypad.press("ok")
    _idle(qtbot, kiosk)
    assert kiosk.isVisible() and not exits and "Wrong PIN" in kiosk.message.text()
    assert kiosk.entry.text() == ""
    kiosk.keypad.type_text("9999")
    assert kiosk.entry.text() == "••••"
    kiosk.keypad.press("ok")
    _idle(qtbot, kiosk)
    assert exits == [True] and not kiosk.isVisible()


def test_an_answer_for_the_previous_shopper_is_dropped_after_the_reset(qtbot: QtBot, kiosk: KioskWindow) -> None:
    """The reset destroys the shopper who asked (their tasks' owner): a late member lookup is not shown."""
    _idle(qtbot, kiosk)
    gate = threading.Event()
    kiosk.tasks.db(gate.wait, 10)  # the database worker is busy: the lookup below waits its turn
    kiosk.scan("M20260003")
    kiosk.reset()
    gate.set()
    _idle(qtbot, kiosk)
    assert kiosk.member is None

    kiosk.scan("M20260003")  # the same card for the new shopper is shown
    _idle(qtbot, kiosk)
    assert kiosk.member is not None and kiosk.member.member_code == "M20260003"
