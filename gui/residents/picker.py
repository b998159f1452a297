"""Pick a resident: search by unit, name or phone tail (phones masked), select a row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.common.tables import table_view
from gui.common.tasks import TaskRunner
from gui.common.units import unit_text
from gui.residents.table import SEARCH_DELAY_MS, ResidentTableModel
from services.residents.records import ResidentInfo


class ResidentPicker(QWidget):
    """``chosen(ResidentInfo)`` when a row is selected; ``resident`` holds the current choice.

    Enter searches; Enter again on the same text with a resident selected (the only match is
    selected by itself) emits ``submitted(ResidentInfo)``, so a form can go on by keyboard alone.
    """

    chosen = Signal(object)
    submitted = Signal(object)

    def __init__(self, search_fn: Callable[[str], list[ResidentInfo]], tasks: TaskRunner, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_fn = search_fn
        self.tasks = tasks
        self.resident: ResidentInfo | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{name}Search")
        self.edit.setPlaceholderText(self.tr("Unit (6-1303), name, or the last 4 digits of a phone"))
        self.edit.setClearButtonEnabled(True)
        self.model = ResidentTableModel()
        self.table = table_view(self.model, f"{name}Table")
        self.table.setMinimumHeight(90)
        self.summary = QLabel()
        self.summary.setObjectName(f"{name}Summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search)
        self.edit.textChanged.connect(lambda _t: self._debounce.start())
        self.edit.returnPressed.connect(self._enter)
        self._shown_text: str | None = None
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select(cur.row()))

    def _enter(self) -> None:
        if self.resident is not None and self._shown_text == self.edit.text().strip():
            self.submitted.emit(self.resident)
        else:
            self.search()

    def search(self) -> None:
        self._debounce.stop()
        text = self.edit.text().strip()
        if not text:
            self.tasks.drop_pending(self, "search")
            self._show(text, [])
            return
        self.tasks.db(self.search_fn, text, owner=self, key="search", done=lambda rows: self._show(text, rows))

    def _show(self, text: str, rows: list[ResidentInfo]) -> None:
        self._shown_text = text
        self.model.set_rows(rows)
        self.resident = None
        if not text:
            self.summary.setText(self.tr("Type to find the recipient."))
        elif not rows:
            self.summary.setText(self.tr("No resident matches “{text}”.").format(text=text))
        else:
            self.summary.setText(self.tr("{n} residents match; select one.").format(n=len(rows)))
            if len(rows) == 1:
                self.table.selectRow(0)

    def _select(self, row: int) -> None:
        self.resident = self.model.rows[row] if 0 <= row < len(self.model.rows) else None
        if self.resident is not None:
            self.summary.setText(self.tr("Chosen: {name}, {unit}").format(
                name=self.resident.name, unit=unit_text(self.resident.building, self.resident.unit)))
            self.chosen.emit(self.resident)

    def clear(self) -> None:
        self.edit.clear()
        self.tasks.drop_pending(self, "search")
        self.model.set_rows([])
        self.resident = None
        self.summary.setText(self.tr("Type to find the recipient."))
