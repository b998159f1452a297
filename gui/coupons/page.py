"""Coupons (administrators): list templates with search and state filter, create, edit, pause/resume, import CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.common.record_table import Index, RecordTableModel
from gui.context import PageContext
from gui.coupons.editor import (
    CouponEditorDialog,
    field_text,
    kind_text,
    problem_text,
    scope_text,
    state_text,
)
from gui.page import Page
from services.core.errors import DeskError, ErrorCode
from services.core.money import format_fen
from services.coupons.admin import TemplateList, TemplateRow
from services.coupons.csv_import import ImportResult, RowProblem


def _value(row: TemplateRow) -> str:
    d = row.draft
    if d.kind == "fixed":
        text = format_fen(d.value_fen)
    elif d.kind == "percent":
        text = f"{d.percent}% ≤ {format_fen(d.cap_fen)}"
    elif d.kind == "threshold":
        text = ", ".join(f"{format_fen(a)}−{format_fen(b)}" for a, b in d.tiers)
    elif d.kind == "buy_n_get_m":
        text = f"{d.buy_n}+{d.get_m}"
    else:
        text = f"{d.percent}%"
    return text


class TemplateTableModel(RecordTableModel):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.rows: list[TemplateRow] = []
        self.zh = language.startswith("zh")

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Code"), self.tr("Title"), self.tr("Kind"), self.tr("Value"), self.tr("Applies to"),
                self.tr("Status"), self.tr("Claimed / stock"), self.tr("Used"), self.tr("Valid until"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        d = r.draft
        if role == Qt.ItemDataRole.DisplayRole:
            title = d.title if self.zh or not d.title_en else d.title_en
            stock = f"{r.claimed} / {d.total_stock}" if d.total_stock is not None else f"{r.claimed} / ∞"
            until = d.valid_until.astimezone().strftime("%Y-%m-%d") if d.valid_until else "—"
            if d.valid_days_after_claim:
                until = self.tr("{until}, {days} d after claim").format(until=until, days=d.valid_days_after_claim)
            scope = scope_text(d.scope)
            if d.store_code:
                scope = f"{scope}: {d.store_code}"
            if d.targets:
                more = self.tr(" (+{n})").format(n=len(d.targets) - 2) if len(d.targets) > 2 else ""
                scope = f"{scope}: {', '.join(d.targets[:2])}{more}"
            return (d.code, title, kind_text(d.kind), _value(r), scope, state_text(r.state), stock, str(r.used),
                    until)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (1, 3, 4):
            return self.data(index, Qt.ItemDataRole.DisplayRole) if index.column() != 4 else "; ".join(
                (d.store_code, *d.targets)).strip("; ")
        if role == Qt.ItemDataRole.ForegroundRole and r.state != "live":
            return Qt.GlobalColor.darkGray
        return None


class CouponsAdminPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Coupon code or title, or scan a product"))
        self.search_edit.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.addItem(self.tr("All"), "")
        for value in ("live", "paused", "expired", "scheduled", "out_of_stock"):
            self.state.addItem(state_text(value), value)
        self.model = TemplateTableModel(ctx.language)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((1, 180), (3, 140), (4, 160)):  # long titles, tiers and targets are elided
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.summary = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.import_problems = QListWidget()
        self.import_problems.hide()
        self.new_button = QPushButton(self.tr("New coupon…"))
        self.new_button.clicked.connect(self.new_template)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.clicked.connect(self.import_file)
        self.choose_file = self._ask_file  # tests replace this seam instead of answering a file dialog
        self.editor: CouponEditorDialog | None = None
        self._busy = False

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.state)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.new_button, self.edit_button, self.pause_button, self.import_button):
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
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self._selection_changed()

    def title(self) -> str:
        return self.tr("Coupons")

    def activated(self) -> None:
        self.refresh()
        self.search_edit.setFocus()

    def handle_scan(self, code: str) -> bool:
        self.search_edit.setText(code)  # a scanned product lists the coupons for it and its category
        self.refresh()
        return True

    # -- list -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._debounce.stop()
        self.ctx.tasks.db(self.ctx.desk.coupon_admin.list_templates, self.search_edit.text(),
                          self.state.currentData(), owner=self, key="search", done=self._show, failed=self._failed)

    def _show(self, found: TemplateList) -> None:
        selected = self.selected()
        self.model.set_rows(list(found.rows))
        if found.more:
            self.summary.setText(self.tr("The newest {shown} coupons shown; search or filter to narrow").format(
                shown=len(found.rows)))
        else:
            self.summary.setText(self.tr("{n} coupons").format(n=len(found.rows)))
        if selected is not None:
            self.select(selected.id)
        self._selection_changed()

    def selected(self) -> TemplateRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select(self, template_id: int) -> None:
        for i, row in enumerate(self.model.rows):
            if row.id == template_id:
                self.table.selectRow(i)
                return

    def _selection_changed(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.pause_button.setEnabled(row is not None)
        self.pause_button.setText(self.tr("Resume") if row is not None and row.state == "paused" else self.tr("Pause"))

    # -- create / edit / pause ------------------------------------------------------------------

    def new_template(self) -> None:
        self._open_editor(None)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open_editor(row)

    def _open_editor(self, row: TemplateRow | None) -> None:
        self.editor = CouponEditorDialog(self.ctx, row, self)
        self.editor.accepted.connect(self._editor_saved)
        self.editor.open()

    def _editor_saved(self) -> None:
        editor = self.editor
        if editor is None or editor.saved is None:
            return
        saved = editor.saved
        self._say(self.tr("Saved coupon {code}.").format(code=saved.draft.code))
        self.search_edit.setText(saved.draft.code)
        self.state.setCurrentIndex(0)
        self.refresh()

    def toggle_pause(self) -> None:
        row = self.selected()
        if row is None or self._busy:
            return
        self._busy = True
        pause = row.state != "paused"
        operator = self.ctx.operator.id if self.ctx.operator else None
        self.ctx.tasks.db(self.ctx.desk.coupon_admin.set_paused, row.id, pause, operator,
                          owner=self, done=lambda r: self._paused(r, pause), failed=self._failed)

    def _paused(self, row: TemplateRow, paused: bool) -> None:
        self._busy = False
        self._say(self.tr("{code} is paused: scans no longer offer it and no one can claim it; members keep the ones "
                          "they hold.").format(code=row.draft.code) if paused
                  else self.tr("{code} is offered again.").format(code=row.draft.code))
        self.refresh()

    # -- import ---------------------------------------------------------------------------------

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import coupons"), "", self.tr("CSV files (*.csv)"))
        return path

    def import_file(self) -> None:
        if self._busy:
            return
        path = self.choose_file()
        if not path:
            return
        self._busy = True
        self.import_button.setEnabled(False)
        self._say(self.tr("Importing {name}…").format(name=Path(path).name))
        self.ctx.tasks.io(Path(path).read_bytes, owner=self, done=self._import_bytes, failed=self._import_failed)

    def _import_bytes(self, data: bytes) -> None:
        operator = self.ctx.operator.id if self.ctx.operator else None
        self.ctx.tasks.db(self.ctx.desk.coupon_import.import_csv, data, self.ctx.settings.store_code, operator,
                          owner=self, done=self._imported, failed=self._import_failed)

    def _imported(self, result: ImportResult) -> None:
        self._busy = False
        self.import_button.setEnabled(True)
        self.import_problems.clear()
        self.import_problems.hide()
        self._say(self.tr("Imported {n} coupons: {codes}").format(n=result.created, codes=", ".join(result.codes)))
        self.search_edit.clear()
        self.state.setCurrentIndex(0)
        self.refresh()

    def _import_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.import_button.setEnabled(True)
        if isinstance(exc, OSError):
            self._say(self.tr("Cannot read the file: {reason}").format(reason=exc.strerror or str(exc)), error=True)
            return
        if not isinstance(exc, DeskError):
            raise exc
        self._say(error_text(exc), error=True)
        if exc.code is ErrorCode.COUPON_IMPORT_INVALID:
            self.import_problems.clear()
            for p in exc.params["rows"]:
                self.import_problems.addItem(self.row_problem_text(p))
            self.import_problems.show()

    def row_problem_text(self, p: RowProblem) -> str:
        where = self.tr("Line {line}").format(line=p.line)
        if p.code:
            where = self.tr("Line {line} ({code})").format(line=p.line, code=p.code)
        return self.tr("{where}, {column}: {problem}").format(
            where=where, column=field_text(p.column), problem=problem_text(p.problem, p.params))

    # -- messages --------------------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if not isinstance(exc, DeskError):
            raise exc
        self._say(error_text(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.notice.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.notice.setText(text)
