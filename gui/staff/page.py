"""Operators (administrators): add operators, change roles, reset PINs, withdraw and restore.

Operators are never deleted (orders point at them); a withdrawn one cannot log in or approve.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text, local_time
from gui.common.messages import say
from gui.common.record_table import Index, RecordTableModel
from gui.common.tables import table_view
from gui.context import PageContext
from gui.login_dialog import role_name
from gui.page import Page
from services.core.errors import DeskError, ErrorCode
from services.staff.admin import FieldProblem, OperatorRow, Problem

ROLES = ("cashier", "manager", "desk", "admin")


def problem_text(p: FieldProblem) -> str:
    field = {"login": QCoreApplication.translate("Operators", "Login"), "name": QCoreApplication.translate("Operators", "Name"), "role": QCoreApplication.translate("Operators", "Role"), "pin": QCoreApplication.translate("Operators", "PIN"),
             "active": QCoreApplication.translate("Operators", "Status")}.get(p.field, p.field)
    texts = {
        Problem.REQUIRED: QCoreApplication.translate("Operators", "required"),
        Problem.TOO_LONG: QCoreApplication.translate("Operators", "longer than {maximum} characters"),
        Problem.BAD_LOGIN: QCoreApplication.translate("Operators", "use letters, digits, . _ or - only"),
        Problem.LOGIN_TAKEN: QCoreApplication.translate("Operators", "the login {value} is taken"),
        Problem.BAD_ROLE: QCoreApplication.translate("Operators", "unknown role {value}"),
        Problem.BAD_PIN: QCoreApplication.translate("Operators", "4 to 8 digits"),
        Problem.LAST_ADMIN: QCoreApplication.translate("Operators", "the last active administrator must stay one"),
    }
    return f"{field}: {texts[p.problem].format(**p.params)}"


class OperatorTableModel(RecordTableModel):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("Login"), self.tr("Name"), self.tr("Role"), self.tr("Status"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: OperatorRow = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = self.tr("Active") if r.active else self.tr("Withdrawn")
            if r.active and r.locked_until is not None:
                status = self.tr("Locked until {time}").format(time=local_time(r.locked_until))
            return (r.login, r.name, role_name(r.role), status)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return Qt.GlobalColor.darkGray
        return None


class OperatorDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New operator"))
        self.login = QLineEdit()
        self.login.setMaxLength(32)
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.role = QComboBox()
        for r in ROLES:
            self.role.addItem(role_name(r), r)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Add"))
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Login"), self.login)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("PIN (4-8 digits)"), self.pin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)


class OperatorsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = OperatorTableModel()
        self.table = table_view(self.model, "operators")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.add_button = QPushButton(self.tr("New operator…"))
        self.add_button.clicked.connect(self.new_operator)
        self.role = QComboBox()
        for r in ROLES:
            self.role.addItem(role_name(r), r)
        self.role_button = QPushButton(self.tr("Set role"))
        self.role_button.clicked.connect(self.set_role)
        self.pin_button = QPushButton(self.tr("Reset PIN…"))
        self.pin_button.clicked.connect(self.reset_pin)
        self.active_button = QPushButton(self.tr("Withdraw"))
        self.active_button.clicked.connect(self.toggle_active)
        self.ask_pin = self._ask_pin  # tests replace this seam instead of answering the input dialog
        self.dialog: OperatorDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        for w in (self.role, self.role_button, self.pin_button, self.active_button):
            buttons.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()

    def title(self) -> str:
        return self.tr("Operators")

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.staff.operators, owner=self, done=self._show, failed=self._failed)

    def _show(self, rows: list[OperatorRow]) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        if chosen is not None:
            for i, r in enumerate(rows):
                if r.id == chosen.id:
                    self.table.selectRow(i)
        self._selection_changed()

    def selected(self) -> OperatorRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        for w in (self.role_button, self.pin_button, self.active_button):
            w.setEnabled(row is not None)
        if row is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(row.role)))
        self.active_button.setText(self.tr("Restore") if row is not None and not row.active else self.tr("Withdraw"))

    def new_operator(self) -> None:
        self.dialog = OperatorDialog(self)
        self.dialog.save_button.clicked.connect(self._add)
        self.dialog.open()

    def _add(self) -> None:
        d = self.dialog
        if d is None or not d.save_button.isEnabled():
            return
        d.save_button.setEnabled(False)
        self.ctx.tasks.db(self.ctx.desk.staff.add_operator, d.login.text(), d.name.text(), d.role.currentData(),
                          d.pin.text(), self.ctx.operator.id, owner=self, done=self._added, failed=self._add_failed)

    def _added(self, row: OperatorRow) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        say(self.notice, self.tr("Added {name} ({login}).").format(name=row.name, login=row.login), ok=True)
        self.refresh()

    def _add_failed(self, exc: BaseException) -> None:
        if self.dialog is None:
            return
        self.dialog.save_button.setEnabled(True)
        if isinstance(exc, DeskError) and exc.code is ErrorCode.OPERATOR_INVALID:
            say(self.dialog.problems, "\n".join(problem_text(p) for p in exc.params["problems"]), error=True)
            return
        self._failed(exc)

    def set_role(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.tasks.db(self.ctx.desk.staff.set_role, row.id, self.role.currentData(), self.ctx.operator.id,
                              owner=self, done=self._changed, failed=self._failed)

    def toggle_active(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.tasks.db(self.ctx.desk.staff.set_active, row.id, not row.active, self.ctx.operator.id,
                              owner=self, done=self._changed, failed=self._failed)

    def _changed(self, row: OperatorRow) -> None:
        status = self.tr("active") if row.active else self.tr("withdrawn: cannot log in")
        say(self.notice, self.tr("{name}: {role}, {status}.").format(name=row.name, role=role_name(row.role),
                                                                      status=status), ok=True)
        self.refresh()

    def _ask_pin(self, row: OperatorRow) -> str:
        pin, ok = QInputDialog.getText(self, self.tr("Reset PIN"), self.tr("New PIN for {name} (4-8 digits)").format(
            name=row.name), QLineEdit.EchoMode.Password)
        return pin if ok else ""

    def reset_pin(self) -> None:
        row = self.selected()
        if row is None:
            return
        pin = self.ask_pin(row)
        if pin:
            self.ctx.tasks.db(self.ctx.desk.staff.reset_pin, row.id, pin, self.ctx.operator.id,
                              owner=self, done=lambda _r: self._pin_reset(row), failed=self._failed)

    def _pin_reset(self, row: OperatorRow) -> None:
        say(self.notice, self.tr("New PIN set for {name}; any lockout is lifted.").format(name=row.name), ok=True)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        if exc.code is ErrorCode.OPERATOR_INVALID:
            say(self.notice, "\n".join(problem_text(p) for p in exc.params["problems"]), error=True)
            return
        say(self.notice, error_text(exc), error=True)
