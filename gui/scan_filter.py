"""Recognise a keyboard-wedge barcode scanner by keystroke timing.

A USB scanner in keyboard mode "types" a code a few milliseconds per key and ends it
with Enter (or Tab). People type tens of milliseconds per key at best. The filter sits on
the QApplication, so it sees keys whatever widget has focus:

* printable keys are held back while they might be the start of a scan;
* if the keys keep coming faster than ``max_gap_ms`` and end with the suffix after at
  least ``min_length`` characters, they were a scan: ``scanned(code)`` is emitted and no
  widget ever sees those keys (a focused QLineEdit stays as it was);
* otherwise (a gap, a too short burst, another key) the held keys are replayed, in
  order, to the widgets they were meant for, so typing is only delayed by one gap.

Timing uses an injectable monotonic clock rather than event timestamps, which are not
set consistently by every platform plugin (QTest leaves them at 0).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Flag, auto

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class ScanSuffix(Flag):
    """Keys that may end a scan. ``NONE``: the scanner sends no suffix and a burst ends
    when the keys stop coming."""

    NONE = 0
    ENTER = auto()
    TAB = auto()


@dataclass(frozen=True)
class ScanFilterConfig:
    max_gap_ms: float = 30.0
    min_length: int = 6
    suffix: ScanSuffix = ScanSuffix.ENTER
    max_length: int = 256


_ALLOWED_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
_KEY_TYPES = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)


@dataclass
class _Held:
    target: QWidget
    event: QKeyEvent


def _copy(event: QKeyEvent) -> QKeyEvent:
    """A copy we own: the original is destroyed by its sender after the filter returns."""
    return QKeyEvent(
        event.type(),
        event.key(),
        event.modifiers(),
        event.nativeScanCode(),
        event.nativeVirtualKey(),
        event.nativeModifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
    )


class ScanFilter(QObject):
    """Application-wide event filter that turns scanner bursts into ``scanned(code)``.

    Install once with ``install(app)``; the active page connects to ``scanned``.
    """

    scanned = Signal(str)

    def __init__(
        self,
        config: ScanFilterConfig | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._config = config or ScanFilterConfig()
        self._clock = clock
        self._enabled = True
        self._held: list[_Held] = []
        self._chars: list[str] = []
        self._last_press = 0.0
        self._replaying = False
        self._eat_releases: Counter[int] = Counter()
        self._app: QCoreApplication | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_gap_timeout)

    # -- public API -----------------------------------------------------------------

    @property
    def config(self) -> ScanFilterConfig:
        return self._config

    def set_config(self, config: ScanFilterConfig) -> None:
        self._flush_as_typing()
        self._config = config

    def is_enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Switch detection off (e.g. on a settings page) or on; held keys are released."""
        if not enabled:
            self._flush_as_typing()
            self._eat_releases.clear()
        self._enabled = enabled

    def install(self, app: QCoreApplication) -> None:
        self.uninstall()
        app.installEventFilter(self)
        self._app = app

    def uninstall(self) -> None:
        self._flush_as_typing()
        if self._app is not None and shiboken6.isValid(self._app):
            self._app.removeEventFilter(self)
        self._app = None

    def is_holding(self) -> bool:
        """True while keys are held back because a scan may be in progress."""
        return bool(self._chars)

    # -- filter ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or not self._enabled or event.type() not in _KEY_TYPES:
            return False
        # Keys reach the QWindow first and are then sent on to the focus widget;
        # handle them once, at the widget.
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            return self._shortcut_override(event)
        if kind == QEvent.Type.KeyRelease:
            return self._key_release(watched, event)
        return self._key_press(watched, event)

    def _shortcut_override(self, event: QKeyEvent) -> bool:
        # During a burst, claim the key as ordinary input so that a shortcut on, say,
        # Return does not fire and swallow the scan's suffix.
        if self._chars and (self._is_char(event) or self._is_suffix(event)):
            event.accept()
            return True
        return False

    def _key_release(self, watched: QWidget, event: QKeyEvent) -> bool:
        if self._eat_releases[event.key()] > 0:
            self._eat_releases[event.key()] -= 1
            return True
        if self._chars:
            self._held.append(_Held(watched, _copy(event)))
            return True
        return False

    def _key_press(self, watched: QWidget, event: QKeyEvent) -> bool:
        now = self._clock()
        self._eat_releases.pop(event.key(), None)
        if self._chars and self._gap_ms(now) > self._config.max_gap_ms:
            self._flush_as_typing()
        if self._is_char(event):
            if len(self._chars) >= self._config.max_length:
                self._flush_as_typing()
            self._held.append(_Held(watched, _copy(event)))
            self._chars.append(event.text())
            self._last_press = now
            self._timer.start(max(1, round(self._config.max_gap_ms)))
            return True
        if self._chars and event.key() == Qt.Key.Key_Shift:
            # Scanners press Shift around capital letters; hold it with the burst.
            self._held.append(_Held(watched, _copy(event)))
            return True
        if self._chars and self._is_suffix(event):
            if len(self._chars) >= self._config.min_length:
                self._eat_releases[event.key()] += 1
                self._finish_scan()
                return True
            self._flush_as_typing()
            return False
        self._flush_as_typing()
        return False

    # -- bursts ---------------------------------------------------------------------

    def _gap_ms(self, now: float) -> float:
        return (now - self._last_press) * 1000.0

    def _on_gap_timeout(self) -> None:
        if not self._chars:
            return
        remaining = self._config.max_gap_ms - self._gap_ms(self._clock())
        if remaining > 0:
            self._timer.start(max(1, round(remaining)))
            return
        if self._config.suffix == ScanSuffix.NONE and len(self._chars) >= self._config.min_length:
            self._finish_scan()
        else:
            self._flush_as_typing()

    def _finish_scan(self) -> None:
        code = "".join(self._chars)
        pressed = Counter(h.event.key() for h in self._held if h.event.type() == QEvent.Type.KeyPress)
        released = Counter(
            h.event.key() for h in self._held if h.event.type() == QEvent.Type.KeyRelease
        )
        self._eat_releases.update(pressed - released)
        self._held.clear()
        self._chars.clear()
        self._timer.stop()
        # Emit from the event loop, not from inside the event filter: a slot that opens
        # a dialog would otherwise run a nested loop in the middle of key delivery.
        QTimer.singleShot(0, self, lambda: self.scanned.emit(code))

    def _flush_as_typing(self) -> None:
        """Deliver held keys to their widgets, in the order they were pressed."""
        held, self._held = self._held, []
        self._chars.clear()
        self._timer.stop()
        if not held:
            return
        self._replaying = True
        try:
            for item in held:
                target: QWidget | None = item.target
                if target is None or not shiboken6.isValid(target):
                    target = QApplication.focusWidget()
                if target is not None:
                    QCoreApplication.sendEvent(target, item.event)
        finally:
            self._replaying = False

    def _is_char(self, event: QKeyEvent) -> bool:
        text = event.text()
        return (
            len(text) == 1
            and text.isprintable()
            and not event.isAutoRepeat()
            and not (event.modifiers() & ~_ALLOWED_MODIFIERS)
        )

    def _is_suffix(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~_ALLOWED_MODIFIERS:
            return False
        key = event.key()
        suffix = self._config.suffix
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return bool(suffix & ScanSuffix.ENTER)
        if key == Qt.Key.Key_Tab:
            return bool(suffix & ScanSuffix.TAB)
        return False
