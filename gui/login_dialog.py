"""Operator login: pick the operator, type the PIN. The PIN check runs on the database worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.common.tasks import TaskRunner
from services.core.errors import DeskError
from services.core.records import OperatorInfo

if TYPE_CHECKING:
    from services.desk import Desk


def role_name(role: str) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        "cashier": QCoreApplication.translate("Roles", "Cashier"),
        "desk": QCoreApplication.translate("Roles", "Property desk"),
        "admin": QCoreApplication.translate("Roles", "Administrator"),
    }
    return names.get(role, role)


class LoginDialog(QDialog):
    logged_in = Signal(object)  # OperatorInfo

    def __init__(self, desk: Desk, tasks: TaskRunner, demo_hint: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CounterDesk — log in"))
        self.setModal(True)
        self._desk = desk
        self._tasks = tasks
        self._busy = False

        self.operator_combo = QComboBox()
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self))
        self.pin_edit.setPlaceholderText(self.tr("4–8 digits"))
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.addRow(self.tr("Operator"), self.operator_combo)
        form.addRow(self.tr("PIN"), self.pin_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.accepted.connect(self._try_login)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if demo_hint:
            hint = QLabel(self.tr("Demo data: PIN 1111 for the cashier, 2222 for the desk, 9999 for the administrator."))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.operator_combo.setEnabled(False)
        self._tasks.db(desk.auth.operators, owner=self, done=self._fill_operators)

    def _fill_operators(self, operators: list[OperatorInfo]) -> None:
        self.operator_combo.clear()
        for op in operators:
            self.operator_combo.addItem(f"{op.name} · {role_name(op.role)}", op.id)
        self.operator_combo.setEnabled(True)
        self.pin_edit.setFocus()

    def select_operator(self, login_or_name: str) -> None:
        for i in range(self.operator_combo.count()):
            if login_or_name in self.operator_combo.itemText(i):
                self.operator_combo.setCurrentIndex(i)
                return

    def _try_login(self) -> None:
        if self._busy or self.operator_combo.currentIndex() < 0:
            return  # a double Enter while the PIN is being checked does nothing
        pin = self.pin_edit.text()
        if not pin:
            self.message.setText(self.tr("Type your PIN."))
            return
        self._busy = True
        self.buttons.setEnabled(False)
        self._tasks.db(self._desk.auth.login, self.operator_combo.currentData(), pin, owner=self, done=self._ok, failed=self._failed)

    def _ok(self, operator: OperatorInfo) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        self.pin_edit.clear()
        self.logged_in.emit(operator)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        if not isinstance(exc, DeskError):
            raise exc
        self.pin_edit.clear()
        self.pin_edit.setFocus()
        self.message.setText(error_text(exc))

    def reject(self) -> None:
        """Escape does not dismiss the login: without an operator the desk is unusable."""
