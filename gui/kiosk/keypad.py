"""A large on-screen numeric keypad for touch screens: digits, delete, clear, OK."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

KEY_STYLE = "QPushButton { font-size: 26pt; min-height: 64px; min-width: 88px; border-radius: 8px;" \
            " background: #ffffff; border: 1px solid #bbb; } QPushButton:pressed { background: #ffe0b2; }"


class NumericKeypad(QWidget):
    """Emits the text typed so far on every key; OK emits ``submitted`` with it (and keeps it)."""

    changed = Signal(str)
    submitted = Signal(str)

    def __init__(self, max_digits: int = 11, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_digits = max_digits
        self.text = ""
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(8)
        layout = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
        labels = {"clear": self.tr("Clear"), "back": "⌫"}
        for index, key in enumerate(layout):
            button = QPushButton(labels.get(key, key))
            button.setObjectName(f"key_{key}")
            button.setStyleSheet(KEY_STYLE)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        ok = QPushButton(self.tr("OK"))
        ok.setObjectName("key_ok")
        ok.setStyleSheet(KEY_STYLE.replace("#ffffff", "#c8e6c9"))
        ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        ok.clicked.connect(lambda: self.press("ok"))
        grid.addWidget(ok, 4, 0, 1, 3)
        self.keys["ok"] = ok

    def press(self, key: str) -> None:
        if key == "ok":
            if self.text:
                self.submitted.emit(self.text)
            return
        if key == "clear":
            self.text = ""
        elif key == "back":
            self.text = self.text[:-1]
        elif key.isdigit() and len(self.text) < self.max_digits:
            self.text += key
        self.changed.emit(self.text)

    def type_text(self, text: str) -> None:
        """Press the keys for ``text`` (a hardware keyboard at the kiosk, and tests)."""
        for ch in text:
            self.press(ch)

    def clear(self) -> None:
        self.text = ""
        self.changed.emit(self.text)
