"""Typing an amount of money: the text is parsed to integer fen (services.core.money.parse_yuan), never a float."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from services.core.money import format_fen, parse_yuan

MAX_YUAN_DIGITS = 7  # up to ¥9,999,999.99


class FenEdit(QLineEdit):
    """``fen()`` is the typed amount in fen, or None while the field is empty or unfinished."""

    fen_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pattern = QRegularExpression(rf"^[¥￥]?\d{{0,{MAX_YUAN_DIGITS}}}(\.\d{{0,2}})?$")
        self.setValidator(QRegularExpressionValidator(pattern, self))
        self.setPlaceholderText("¥0.00")
        self.textChanged.connect(lambda _text: self.fen_changed.emit())

    def fen(self) -> int | None:
        try:
            return parse_yuan(self.text())
        except ValueError:
            return None

    def set_fen(self, fen: int | None) -> None:
        self.setText("" if fen is None else format_fen(fen, symbol="").replace(",", ""))
