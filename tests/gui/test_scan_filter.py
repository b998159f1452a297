"""Keyboard-wedge scanner detection with timed key sequences sent through Qt."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from gui.scan_filter import ScanFilter, ScanFilterConfig, ScanSuffix

CODE = "6901234567892"
SCANNER_GAP_S = 0.004  # a scanner: a few ms per key
HUMAN_GAP_S = 0.15  # a quick typist: well over 30 ms per key


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Form(QWidget):
    """A page with two fields; records Enter presses and what the field held then."""

    def __init__(self) -> None:
        super().__init__()
        self.line = QLineEdit()
        self.other = QLineEdit()
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addWidget(self.other)
        self.returns: list[str] = []
        self.line.returnPressed.connect(lambda: self.returns.append(self.line.text()))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.line.setFocus()
    qtbot.waitUntil(form.line.hasFocus, timeout=2000)
    return form


def make_filter(
    qapp: QApplication, clock: FakeClock | None = None, **config: object
) -> Iterator[tuple[ScanFilter, list[str]]]:
    scan_filter = ScanFilter(ScanFilterConfig(**config), clock=clock or time.monotonic)  # type: ignore[arg-type]
    scans: list[str] = []
    scan_filter.scanned.connect(scans.append)
    scan_filter.install(qapp)
    try:
        yield scan_filter, scans
    finally:
        scan_filter.uninstall()
        scan_filter.deleteLater()


@pytest.fixture
def fake_filter(qapp: QApplication, clock: FakeClock) -> Iterator[tuple[ScanFilter, list[str]]]:
    yield from make_filter(qapp, clock)


@pytest.fixture
def real_filter(qapp: QApplication) -> Iterator[tuple[ScanFilter, list[str]]]:
    yield from make_filter(qapp)


def type_keys(qtbot: QtBot, widget: QWidget, text: str, clock: FakeClock, gap_s: float) -> None:
    for ch in text:
        clock.advance(gap_s)
        qtbot.keyClick(widget, ch)


def press_enter(qtbot: QtBot, widget: QWidget, clock: FakeClock, gap_s: float) -> None:
    clock.advance(gap_s)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def settle(qtbot: QtBot, scan_filter: ScanFilter, clock: FakeClock) -> None:
    """Let the keys stop: time passes, and the filter's gap timer runs."""
    clock.advance(1.0)
    qtbot.waitUntil(lambda: not scan_filter.is_holding(), timeout=2000)


def test_fast_burst_is_one_scan_and_leaves_the_field_alone(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    form.line.setText("note")
    with qtbot.waitSignal(scan_filter.scanned, timeout=2000) as blocker:
        type_keys(qtbot, form.line, CODE, clock, SCANNER_GAP_S)
        press_enter(qtbot, form.line, clock, SCANNER_GAP_S)
    assert blocker.args == [CODE]
    assert scans == [CODE]
    assert form.line.text() == "note"
    assert form.returns == []


def test_real_time_burst_is_a_scan(
    qtbot: QtBot, form: Form, real_filter: tuple[ScanFilter, list[str]]
) -> None:
    scan_filter, scans = real_filter
    with qtbot.waitSignal(scan_filter.scanned, timeout=2000) as blocker:
        qtbot.keyClicks(form.line, CODE)
        qtbot.keyClick(form.line, Qt.Key.Key_Return)
    assert blocker.args == [CODE]
    assert scans == [CODE]
    assert form.line.text() == ""


def test_real_time_human_typing_is_typed_not_scanned(
    qtbot: QtBot, form: Form, real_filter: tuple[ScanFilter, list[str]]
) -> None:
    _, scans = real_filter
    for ch in "Li 13800138000":
        qtbot.keyClick(form.line, ch)
        qtbot.wait(60)
    qtbot.keyClick(form.line, Qt.Key.Key_Return)
    qtbot.wait(60)
    assert form.line.text() == "Li 13800138000"
    assert form.returns == ["Li 13800138000"]
    assert scans == []


def test_human_typing_with_controlled_clock(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    type_keys(qtbot, form.line, "123456789", clock, HUMAN_GAP_S)
    press_enter(qtbot, form.line, clock, HUMAN_GAP_S)
    settle(qtbot, scan_filter, clock)
    assert form.line.text() == "123456789"
    assert form.returns == ["123456789"]
    assert scans == []


def test_short_fast_sequence_is_delivered_as_typing_in_order(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    """Two keys rolled over quickly plus Enter: below min length, so it is typing."""
    scan_filter, scans = fake_filter
    type_keys(qtbot, form.line, "12", clock, SCANNER_GAP_S)
    assert form.line.text() == ""  # held while it might still become a scan
    press_enter(qtbot, form.line, clock, SCANNER_GAP_S)
    assert form.line.text() == "12"
    assert form.returns == ["12"]  # the digits arrived before the Enter
    settle(qtbot, scan_filter, clock)
    assert scans == []


def test_held_keys_are_released_when_the_keys_stop(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    type_keys(qtbot, form.line, "ab", clock, SCANNER_GAP_S)
    assert scan_filter.is_holding()
    settle(qtbot, scan_filter, clock)
    assert form.line.text() == "ab"
    assert scans == []


def test_a_gap_inside_a_burst_makes_it_typing(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    type_keys(qtbot, form.line, "1234", clock, SCANNER_GAP_S)
    clock.advance(0.1)
    type_keys(qtbot, form.line, "5678", clock, SCANNER_GAP_S)
    press_enter(qtbot, form.line, clock, SCANNER_GAP_S)
    settle(qtbot, scan_filter, clock)
    assert form.line.text() == "12345678"
    assert form.returns == ["12345678"]
    assert scans == []


def test_long_fast_burst_without_the_suffix_is_typing(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    type_keys(qtbot, form.line, CODE, clock, SCANNER_GAP_S)
    settle(qtbot, scan_filter, clock)
    assert form.line.text() == CODE
    assert scans == []


def test_typing_then_a_scan(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    type_keys(qtbot, form.line, "qty", clock, HUMAN_GAP_S)
    clock.advance(HUMAN_GAP_S)
    with qtbot.waitSignal(scan_filter.scanned, timeout=2000):
        type_keys(qtbot, form.line, "96385074", clock, SCANNER_GAP_S)
        press_enter(qtbot, form.line, clock, SCANNER_GAP_S)
    assert scans == ["96385074"]
    assert form.line.text() == "qty"


def test_capitals_with_shift_are_one_scan(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    with qtbot.waitSignal(scan_filter.scanned, timeout=2000):
        for ch in "AB-1234":
            clock.advance(SCANNER_GAP_S)
            if ch.isupper():
                qtbot.keyPress(form.line, Qt.Key.Key_Shift)
                qtbot.keyClick(form.line, ch, Qt.KeyboardModifier.ShiftModifier)
                qtbot.keyRelease(form.line, Qt.Key.Key_Shift)
            else:
                qtbot.keyClick(form.line, ch)
        press_enter(qtbot, form.line, clock, SCANNER_GAP_S)
    assert scans == ["AB-1234"]
    assert form.line.text() == ""


def test_control_keys_pass_at_once_after_held_keys(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    _, scans = fake_filter
    type_keys(qtbot, form.line, "12", clock, SCANNER_GAP_S)
    clock.advance(SCANNER_GAP_S)
    qtbot.keyClick(form.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert form.line.text() == "12"
    assert form.line.selectedText() == "12"  # Ctrl+A ran after the digits
    assert scans == []


def test_disabled_filter_lets_bursts_through(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, scans = fake_filter
    scan_filter.set_enabled(False)
    type_keys(qtbot, form.line, CODE, clock, SCANNER_GAP_S)
    press_enter(qtbot, form.line, clock, SCANNER_GAP_S)
    assert form.line.text() == CODE
    assert form.returns == [CODE]

    scan_filter.set_enabled(True)
    form.line.clear()
    with qtbot.waitSignal(scan_filter.scanned, timeout=2000):
        type_keys(qtbot, form.line, CODE, clock, SCANNER_GAP_S)
        press_enter(qtbot, form.line, clock, SCANNER_GAP_S)
    assert scans == [CODE]
    assert form.line.text() == ""


def test_disabling_mid_burst_delivers_held_keys(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    scan_filter, _ = fake_filter
    type_keys(qtbot, form.line, "123", clock, SCANNER_GAP_S)
    scan_filter.set_enabled(False)
    assert form.line.text() == "123"


def test_tab_suffix_does_not_move_focus(
    qtbot: QtBot, form: Form, qapp: QApplication, clock: FakeClock
) -> None:
    for scan_filter, scans in make_filter(qapp, clock, suffix=ScanSuffix.ENTER | ScanSuffix.TAB):
        with qtbot.waitSignal(scan_filter.scanned, timeout=2000):
            type_keys(qtbot, form.line, CODE, clock, SCANNER_GAP_S)
            clock.advance(SCANNER_GAP_S)
            qtbot.keyClick(form.line, Qt.Key.Key_Tab)
        assert scans == [CODE]
        assert form.line.hasFocus()
        assert form.line.text() == ""


def test_scanner_without_suffix(
    qtbot: QtBot, form: Form, qapp: QApplication, clock: FakeClock
) -> None:
    for scan_filter, scans in make_filter(qapp, clock, suffix=ScanSuffix.NONE, min_length=8):
        type_keys(qtbot, form.line, CODE, clock, SCANNER_GAP_S)
        with qtbot.waitSignal(scan_filter.scanned, timeout=2000) as blocker:
            clock.advance(1.0)
        assert blocker.args == [CODE]
        assert form.line.text() == ""
        # A short fast sequence is still typing.
        type_keys(qtbot, form.line, "123", clock, SCANNER_GAP_S)
        settle(qtbot, scan_filter, clock)
        assert form.line.text() == "123"
        assert scans == [CODE]


def test_return_shortcut_does_not_swallow_the_suffix(
    qtbot: QtBot, form: Form, fake_filter: tuple[ScanFilter, list[str]], clock: FakeClock
) -> None:
    """A page's Return shortcut must not fire for a scan, but still works for people."""
    scan_filter, scans = fake_filter
    fired: list[bool] = []
    form.line.setParent(None)  # QLineEdit claims Return itself; test on a plain page
    form.line.deleteLater()
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), form)
    shortcut.activated.connect(lambda: fired.append(True))
    form.other.hide()
    form.setFocus()
    qtbot.waitUntil(form.hasFocus, timeout=2000)

    with qtbot.waitSignal(scan_filter.scanned, timeout=2000):
        type_keys(qtbot, form, CODE, clock, SCANNER_GAP_S)
        press_enter(qtbot, form, clock, SCANNER_GAP_S)
    assert scans == [CODE]
    assert fired == []

    press_enter(qtbot, form, clock, HUMAN_GAP_S)
    assert fired == [True]
