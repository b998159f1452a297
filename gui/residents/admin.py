"""Administrators on the Residents page: add and edit a resident (and their unit), import a CSV list.

The page holds one ``ResidentAdminTools``; its buttons appear for administrators only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.common.messages import say
from gui.context import PageContext
from services.core.errors import DeskError, ErrorCode
from services.residents.admin import FieldProblem, ResidentDraft, RowProblem
from services.residents.records import ResidentInfo


def problem_text(field: str, problem: str, params: dict[str, object]) -> str:
    fields = {"building": QCoreApplication.translate("ResidentAdmin", "Building"),
              "unit": QCoreApplication.translate("ResidentAdmin", "Unit"),
              "name": QCoreApplication.translate("ResidentAdmin", "Name"),
              "phone": QCoreApplication.translate("ResidentAdmin", "Phone"),
              "notifications": QCoreApplication.translate("ResidentAdmin", "Notifications"),
              "file": QCoreApplication.translate("ResidentAdmin", "File")}
    texts = {
        "required": QCoreApplication.translate("ResidentAdmin", "required"),
        "too_long": QCoreApplication.translate("ResidentAdmin", "longer than {maximum}"),
        "bad_phone": QCoreApplication.translate("ResidentAdmin", "not an 11-digit mobile number"),
        "bad_unit": QCoreApplication.translate("ResidentAdmin", "“{value}” is not a unit number like 1203"),
        "unknown_building": QCoreApplication.translate("ResidentAdmin", "no building {code}"),
        "floor_not_in_building": QCoreApplication.translate("ResidentAdmin", "floor {floor}, but the building has {floors}"),
        "duplicate": QCoreApplication.translate("ResidentAdmin", "this resident is already listed (line {line}; 0 = already in the directory)"),
        "bad_choice": QCoreApplication.translate("ResidentAdmin", "“{value}” is not yes or no"),
        "bad_encoding": QCoreApplication.translate("ResidentAdmin", "the file is not UTF-8 text (save it as “CSV UTF-8”)"),
        "bad_header": QCoreApplication.translate("ResidentAdmin", "the header is wrong: missing {missing}, unknown {unknown}"),
    }
    shown = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in params.items()}
    text = texts.get(problem, problem)
    if problem in texts:
        text = text.format(**{"maximum": "", "value": "", "code": "", "floor": "", "floors": "", "line": "",
                              "missing": "", "unknown": "", **shown})
    return f"{fields.get(field, field)}: {text}"


class ResidentEditDialog(QDialog):
    def __init__(self, resident: ResidentInfo | None, phone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident = resident
        self.setWindowTitle(self.tr("New resident") if resident is None else self.tr("Edit resident"))
        self.building = QLineEdit(resident.building if resident else "")
        self.unit = QLineEdit(resident.unit if resident else "")
        self.name = QLineEdit(resident.name if resident else "")
        self.name.setMaxLength(60)
        self.phone = QLineEdit(phone)
        self.phone.setMaxLength(20)
        self.consent = QCheckBox(self.tr("Agrees to pickup notifications"))
        self.consent.setChecked(resident.consent_notifications if resident else True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Building"), self.building)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Mobile phone"), self.phone)
        form.addRow("", self.consent)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)


class ResidentAdminTools(QWidget):
    """New / Edit / Import CSV buttons and the import's problem list, for the Residents page."""

    def __init__(self, ctx: PageContext, selected: Callable[[], ResidentInfo | None], refresh: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.selected, self.refresh = ctx, selected, refresh
        self.new_button = QPushButton(self.tr("New resident…"))
        self.new_button.clicked.connect(lambda: self._open(None, ""))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.clicked.connect(self.import_file)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.import_problems = QListWidget()
        self.import_problems.hide()
        self.choose_file = self._ask_file  # tests replace this seam instead of answering a file dialog
        self.dialog: ResidentEditDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        for b in (self.new_button, self.edit_button, self.import_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.import_problems)
        self.setVisible(ctx.operator.role == "admin")

    def edit_selected(self) -> None:
        resident = self.selected()
        if resident is None:
            say(self.notice, self.tr("Choose a resident first."), error=True)
            return
        self.ctx.tasks.db(self.ctx.desk.resident_admin.phone, resident.id,
                          owner=self, done=lambda phone: self._open(resident, phone), failed=self._failed)

    def _open(self, resident: ResidentInfo | None, phone: str) -> None:
        self.dialog = ResidentEditDialog(resident, phone, self)
        self.dialog.save_button.clicked.connect(self._save)
        self.dialog.open()

    def _save(self) -> None:
        d = self.dialog
        if d is None or not d.save_button.isEnabled():
            return
        d.save_button.setEnabled(False)
        draft = ResidentDraft(d.building.text(), d.unit.text(), d.name.text(), d.phone.text(), d.consent.isChecked())
        self.ctx.tasks.db(self.ctx.desk.resident_admin.save, draft, d.resident.id if d.resident else None,
                          self.ctx.operator.id, owner=self, done=self._saved, failed=self._save_failed)

    def _saved(self, resident: ResidentInfo) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        say(self.notice, self.tr("Saved {name}, {unit}.").format(name=resident.name, unit=resident.address), ok=True)
        self.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        if self.dialog is None:
            return
        self.dialog.save_button.setEnabled(True)
        if isinstance(exc, DeskError) and exc.code is ErrorCode.RESIDENT_INVALID:
            problems: list[FieldProblem] = exc.params["problems"]
            say(self.dialog.problems, "\n".join(problem_text(p.field, p.problem.value, p.params) for p in problems),
                error=True)
            return
        self._failed(exc)

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import residents"), "", self.tr("CSV files (*.csv)"))
        return path

    def import_file(self) -> None:
        path = self.choose_file()
        if not path:
            return
        self.import_button.setEnabled(False)
        self.ctx.tasks.io(Path(path).read_bytes, owner=self, done=self._import_bytes, failed=self._failed)

    def _import_bytes(self, data: bytes) -> None:
        self.ctx.tasks.db(self.ctx.desk.resident_admin.import_csv, data, self.ctx.operator.id, owner=self, done=self._imported,
                          failed=self._failed)

    def _imported(self, n: int) -> None:
        self.import_button.setEnabled(True)
        self.import_problems.clear()
        self.import_problems.hide()
        say(self.notice, self.tr("Imported {n} residents.").format(n=n), ok=True)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(exc, OSError):
            say(self.notice, self.tr("Cannot read the file: {reason}").format(reason=exc.strerror or str(exc)),
                error=True)
            return
        if not isinstance(exc, DeskError):
            raise exc
        say(self.notice, error_text(exc), error=True)
        if exc.code is ErrorCode.RESIDENT_IMPORT_INVALID:
            rows: list[RowProblem] = exc.params["rows"]
            self.import_problems.clear()
            for r in rows:
                self.import_problems.addItem(self.tr("Line {line}: {problem}").format(
                    line=r.line, problem=problem_text(r.column, r.problem.value, r.params)))
            self.import_problems.show()
