"""Products (administrators): list and search (name, code, pinyin initials), filter by category,
add and edit in a dialog, withdraw and restore, import and export CSV with every problem listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.common.messages import say
from gui.common.money_edit import FenEdit
from gui.common.record_table import Index, RecordTableModel
from gui.common.tables import table_view
from gui.context import PageContext
from gui.page import Page
from services.catalog.admin import FieldProblem, Problem, ProductDraft
from services.catalog.csv_io import ImportResult, RowProblem
from services.catalog.records import CategoryRow, ProductRow
from services.core.errors import DeskError, ErrorCode
from services.core.money import format_fen


def problem_text(problem: Problem, params: dict[str, Any]) -> str:
    texts = {
        Problem.REQUIRED: QCoreApplication.translate("Products", "required"),
        Problem.TOO_LONG: QCoreApplication.translate("Products", "longer than {maximum} characters"),
        Problem.BAD_CODE: QCoreApplication.translate("Products", "“{value}” is not an 8-, 12- or 13-digit barcode with a valid check digit"),
        Problem.CODE_TAKEN: QCoreApplication.translate("Products", "the code {value} is already in the catalogue"),
        Problem.CODE_REPEATED: QCoreApplication.translate("Products", "the code {value} is already on line {line}"),
        Problem.BAD_AMOUNT: QCoreApplication.translate("Products", "“{value}” is not an amount in yuan"),
        Problem.OUT_OF_RANGE: QCoreApplication.translate("Products", "must be from {minimum} to {maximum}"),
        Problem.BAD_NUMBER: QCoreApplication.translate("Products", "“{value}” is not a whole number"),
        Problem.BAD_CHOICE: QCoreApplication.translate("Products", "“{value}” is not yes or no"),
        Problem.UNKNOWN_CATEGORY: QCoreApplication.translate("Products", "no category {code} (add it, or give category_name)"),
        Problem.BAD_ENCODING: QCoreApplication.translate("Products", "the file is not UTF-8 text (save it as “CSV UTF-8”)"),
        Problem.BAD_HEADER: QCoreApplication.translate("Products", "the header is wrong: missing {missing}, unknown {unknown}"),
    }
    shown = {k: ", ".join(v) if isinstance(v, list) else v for k, v in params.items()}
    try:
        return texts[problem].format(**shown)
    except KeyError:
        return texts[problem]


def field_text(name: str) -> str:
    return {"code": QCoreApplication.translate("Products", "Code"), "name": QCoreApplication.translate("Products", "Name"), "name_en": QCoreApplication.translate("Products", "English name"), "price": QCoreApplication.translate("Products", "Price"),
            "price_fen": QCoreApplication.translate("Products", "Price"), "unit": QCoreApplication.translate("Products", "Unit"), "category": QCoreApplication.translate("Products", "Category"),
            "category_code": QCoreApplication.translate("Products", "Category"), "active": QCoreApplication.translate("Products", "For sale"), "quick_key": QCoreApplication.translate("Products", "Quick key"),
            "quick_key_order": QCoreApplication.translate("Products", "Quick key order"), "file": QCoreApplication.translate("Products", "File")}.get(name, name)


class ProductTableModel(RecordTableModel):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("Code"), self.tr("Name"), self.tr("Price"), self.tr("Unit"), self.tr("Category"),
                self.tr("Quick key"), self.tr("Status"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: ProductRow = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (r.code, r.name, format_fen(r.price_fen), r.unit, r.category,
                    str(r.quick_key_order) if r.quick_key else "",
                    self.tr("For sale") if r.active else self.tr("Withdrawn"))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return Qt.GlobalColor.darkGray
        return None


class ProductDialog(QDialog):
    """Add (row None) or edit a product; the page saves it on the database worker."""

    def __init__(self, categories: list[CategoryRow], row: ProductRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New product") if row is None else self.tr("Edit product"))
        self.row = row
        self.code = QLineEdit(row.code if row else "")
        self.code.setMaxLength(14)
        self.code.setReadOnly(row is not None)  # scans and past orders point at the code
        self.name = QLineEdit(row.name if row else "")
        self.name.setMaxLength(100)
        self.name_en = QLineEdit(row.name_en if row else "")
        self.name_en.setMaxLength(100)
        self.price = FenEdit()
        self.price.set_fen(row.price_fen if row else None)
        self.unit = QLineEdit(row.unit if row else "")
        self.unit.setMaxLength(16)
        self.category = QComboBox()
        for c in categories:
            self.category.addItem(f"{c.name} ({c.code})", c.code)
        if row:
            self.category.setCurrentIndex(max(0, self.category.findData(row.category_code)))
        self.quick_key = QCheckBox(self.tr("Quick key on the till (items without a barcode)"))
        self.quick_key.setChecked(bool(row and row.quick_key))
        self.quick_key_order = QSpinBox()
        self.quick_key_order.setRange(0, 9999)
        self.quick_key_order.setValue(row.quick_key_order if row else 0)
        self.active = QCheckBox(self.tr("For sale"))
        self.active.setChecked(row.active if row else True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("English name"), self.name_en)
        form.addRow(self.tr("Price"), self.price)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow(self.tr("Category"), self.category)
        form.addRow("", self.quick_key)
        form.addRow(self.tr("Quick key order"), self.quick_key_order)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)

    def draft(self) -> ProductDraft:
        fen = self.price.fen()
        return ProductDraft(code=self.code.text(), name=self.name.text(), name_en=self.name_en.text(),
                            price_fen=-1 if fen is None else fen, unit=self.unit.text(),
                            category_code=str(self.category.currentData() or ""), active=self.active.isChecked(),
                            quick_key=self.quick_key.isChecked(), quick_key_order=self.quick_key_order.value())

    def show_problems(self, problems: list[FieldProblem]) -> None:
        say(self.problems, "\n".join(f"{field_text(p.field)}: {problem_text(p.problem, p.params)}"
                                     for p in problems), error=True)


class ProductsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name, code or pinyin initials (kl finds 可乐)"))
        self.search_edit.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.addItem(self.tr("All categories"), "")
        self.model = ProductTableModel()
        self.table = table_view(self.model, "products")
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.import_problems = QListWidget()
        self.import_problems.hide()
        self.new_button = QPushButton(self.tr("New product…"))
        self.new_button.clicked.connect(lambda: self._open_dialog(None))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button = QPushButton(self.tr("Withdraw"))
        self.active_button.clicked.connect(self.toggle_active)
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_file)
        # tests replace these seams instead of answering file dialogs
        self.choose_file = self._ask_open
        self.choose_target = self._ask_save
        self.dialog: ProductDialog | None = None
        self.categories: list[CategoryRow] = []
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.category)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.edit_button, self.active_button, self.import_button,
                       self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.import_problems)
        layout.addLayout(buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()

    def title(self) -> str:
        return self.tr("Products")

    def activated(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.catalog_admin.categories, owner=self, done=self._show_categories, failed=self._failed)
        self.refresh()
        self.search_edit.setFocus()

    def handle_scan(self, code: str) -> bool:
        self.search_edit.setText(code)
        return True

    def _show_categories(self, rows: list[CategoryRow]) -> None:
        self.categories = rows
        current = self.category.currentData()
        self.category.blockSignals(True)
        while self.category.count() > 1:
            self.category.removeItem(1)
        for c in rows:
            self.category.addItem(f"{c.name} ({c.code})", c.code)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        self.category.blockSignals(False)

    def refresh(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.catalog_admin.products, self.search_edit.text(),
                          str(self.category.currentData() or ""), owner=self, key="search", done=self._show,
                          failed=self._failed)

    def _show(self, rows: list[ProductRow]) -> None:
        self.model.set_rows(rows)
        self._selection_changed()

    def selected(self) -> ProductRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        self.active_button.setText(self.tr("Restore") if row is not None and not row.active else self.tr("Withdraw"))

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open_dialog(row)

    def _open_dialog(self, row: ProductRow | None) -> None:
        self.dialog = ProductDialog(self.categories, row, self)
        self.dialog.save_button.clicked.connect(self._save)
        self.dialog.open()

    def _save(self) -> None:
        dialog = self.dialog
        if dialog is None or not dialog.save_button.isEnabled():
            return
        dialog.save_button.setEnabled(False)  # a double click saves once
        operator = self.ctx.operator.id
        admin = self.ctx.desk.catalog_admin
        if dialog.row is None:
            self.ctx.tasks.db(admin.add_product, dialog.draft(), operator, owner=self, done=self._saved, failed=self._save_failed)
        else:
            self.ctx.tasks.db(admin.edit_product, dialog.row.id, dialog.draft(), operator, owner=self, done=self._saved,
                              failed=self._save_failed)

    def _saved(self, row: ProductRow) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        say(self.notice, self.tr("Saved {code} {name}.").format(code=row.code, name=row.name), ok=True)
        self.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        if self.dialog is None:
            return
        self.dialog.save_button.setEnabled(True)
        if isinstance(exc, DeskError) and exc.code is ErrorCode.PRODUCT_INVALID:
            self.dialog.show_problems(exc.params["problems"])
            return
        self._failed(exc)

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.ctx.tasks.db(self.ctx.desk.catalog_admin.set_active, row.id, not row.active, self.ctx.operator.id,
                          owner=self, done=lambda _r: self._toggled(row), failed=self._failed)

    def _toggled(self, row: ProductRow) -> None:
        say(self.notice, (self.tr("{name} is back on sale.") if not row.active
                          else self.tr("{name} is withdrawn: the till no longer sells it.")).format(name=row.name),
            ok=True)
        self.refresh()

    # -- CSV -------------------------------------------------------------------------------------

    def _ask_open(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import products"), "", self.tr("CSV files (*.csv)"))
        return path

    def _ask_save(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export products"), "products.csv",
                                              self.tr("CSV files (*.csv)"))
        return path

    def import_file(self) -> None:
        path = self.choose_file()
        if not path:
            return
        self.import_button.setEnabled(False)
        say(self.notice, self.tr("Importing {name}…").format(name=Path(path).name))
        self.ctx.tasks.io(Path(path).read_bytes, owner=self, done=self._import_bytes, failed=self._import_failed)

    def _import_bytes(self, data: bytes) -> None:
        self.ctx.tasks.db(self.ctx.desk.catalog_csv.import_csv, data, self.ctx.operator.id, owner=self, done=self._imported,
                          failed=self._import_failed)

    def _imported(self, result: ImportResult) -> None:
        self.import_button.setEnabled(True)
        self.import_problems.clear()
        self.import_problems.hide()
        say(self.notice, self.tr("Imported: {created} new, {updated} updated, {categories} new categories.").format(
            created=result.created, updated=result.updated, categories=result.categories_created), ok=True)
        self.activated()

    def _import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(exc, OSError):
            say(self.notice, self.tr("Cannot read the file: {reason}").format(reason=exc.strerror or str(exc)),
                error=True)
            return
        self._failed(exc)
        if isinstance(exc, DeskError) and exc.code is ErrorCode.PRODUCT_IMPORT_INVALID:
            self.import_problems.clear()
            for p in exc.params["rows"]:
                self.import_problems.addItem(self.row_problem_text(p))
            self.import_problems.show()

    def row_problem_text(self, p: RowProblem) -> str:
        return self.tr("Line {line}, {column}: {problem}").format(
            line=p.line, column=field_text(p.column), problem=problem_text(p.problem, p.params))

    def export_file(self) -> None:
        path = self.choose_target()
        if not path:
            return
        self.ctx.tasks.db(self.ctx.desk.catalog_csv.export_csv, owner=self, done=lambda data: self._write(path, data),
                          failed=self._failed)

    def _write(self, path: str, data: bytes) -> None:
        self.ctx.tasks.io(Path(path).write_bytes, data, owner=self, done=lambda _n: say(
            self.notice, self.tr("Exported the catalogue to {name}.").format(name=Path(path).name), ok=True),
            failed=self._import_failed)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        say(self.notice, error_text(exc), error=True)
