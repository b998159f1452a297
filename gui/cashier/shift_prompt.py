"""The till's shift: a banner asking to open one before the first sale, and the open-shift dialog.

The banner is a prompt, not a lock: it says plainly that no shift is open and opens one with
the counted float in two steps, while the sale in progress is never thrown away. The Shifts page
(gui/shifts/) uses the same dialog.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gui.common.i18n import error_text
from gui.common.money_edit import FenEdit
from gui.context import PageContext
from services.core.errors import DeskError
from services.shifts.types import ShiftInfo


class OpenShiftDialog(QDialog):
    """Count the float, open the store's shift; ``opened(ShiftInfo)`` when it is open."""

    opened = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Open a shift"))
        self.float_edit = FenEdit()
        self.float_edit.setPlaceholderText(self.tr("cash in the drawer now, e.g. 500.00"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("optional: how the float is made up"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Open shift"))
        self.buttons.accepted.connect(self.open_shift)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Opening float"), self.float_edit)
        form.addRow(self.tr("Note"), self.note_edit)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def open_shift(self) -> bool:
        fen = self.float_edit.fen()
        if fen is None:
            self.error.setText(self.tr("Type the opening float: the cash counted in the drawer (0 if none)."))
            return False
        self.buttons.setEnabled(False)
        self.ctx.tasks.db(partial(self.ctx.desk.shifts.open, operator_id=self.ctx.operator.id,
                                  note=self.note_edit.text()), self.ctx.settings.store_code, fen,
                          done=self._opened, failed=self._failed)
        return True

    def _opened(self, shift: ShiftInfo) -> None:
        self.buttons.setEnabled(True)
        self.opened.emit(shift)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, DeskError):
            raise exc
        self.error.setText(error_text(exc))


class ShiftBanner(QWidget):
    """Shown on the till while the store has no open shift."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.label = QLabel(self.tr("No shift is open at this till. Open a shift with the cash float "
                                    "before the first sale, so the cash count at closing adds up."))
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.open_button = QPushButton(self.tr("Open shift…"))
        self.open_button.clicked.connect(self.open_dialog)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        self.setVisible(False)
        self.dialog: OpenShiftDialog | None = None

    def refresh(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.shifts.current, self.ctx.settings.store_code, done=self._show,
                          failed=lambda _exc: None)

    def _show(self, shift: ShiftInfo | None) -> None:
        self.setVisible(shift is None)

    def open_dialog(self) -> OpenShiftDialog:
        self.dialog = OpenShiftDialog(self.ctx, self)
        self.dialog.opened.connect(self._show)
        self.dialog.open()
        return self.dialog
