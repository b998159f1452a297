"""The daily parcel report: stored, picked up, overdue and recalled on a chosen day, exportable as CSV.

The CSV is written on a worker in UTF-8 with a byte-order mark, so Excel opens the
Chinese names and units correctly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.common.messages import failure_text, say
from gui.common.record_table import Index, RecordTableModel
from gui.common.tables import table_view
from gui.common.units import unit_text
from gui.context import PageContext
from gui.parcels.parcel_table import state_text, when
from services.parcels.records import DailyReport, ReportRow


def write_csv(path: str, text: str) -> str:
    """Worker: write ``text`` as UTF-8 with BOM (exactly one), replacing the file whole."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    tmp.write_text(text.removeprefix("\ufeff"), encoding="utf-8-sig", newline="")
    tmp.replace(target)
    return str(target)


class ReportTableModel(RecordTableModel):
    rows: list[ReportRow]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Tracking no."), self.tr("Courier"), self.tr("Unit"), self.tr("Recipient"),
                self.tr("State"), self.tr("Locker"), self.tr("Stored"), self.tr("That day"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        locker = f"{r.bank} {r.slot_no}" if r.bank and r.slot_no is not None else r.bank
        return (r.tracking_no, r.courier_code, unit_text(r.building_code, r.unit_code), r.recipient, state_text(r.state), locker,
                when(r.stored_at), ", ".join(state_text(e) for e in r.events))[index.column()]


class ReportPanel(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Asked for the file to write; tests replace it to skip the modal dialog. "" = cancelled.
        self.ask_path: Callable[[str], str] = self._ask_path
        self.report: DailyReport | None = None
        self.day_edit = QDateEdit(QDate.currentDate())
        self.day_edit.setObjectName("reportDay")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.dateChanged.connect(lambda _d: self.refresh())
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("reportExport")
        self.export_button.clicked.connect(self.export)
        self.totals = QLabel()
        self.totals.setObjectName("reportTotals")
        self.message = QLabel()
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.model = ReportTableModel()
        self.table = table_view(self.model, "reportTable")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day")))
        top.addWidget(self.day_edit)
        top.addWidget(self.totals, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self._exporting = False

    @property
    def day(self) -> date:
        d = self.day_edit.date()
        return date(d.year(), d.month(), d.day())

    def refresh(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.parcels.daily_report, self.day, owner=self, key="report",
                          done=self._show,
                          failed=lambda exc: self._say(failure_text(exc), error=True))

    def _show(self, report: DailyReport) -> None:
        self.report = report
        self.model.set_rows(list(report.rows))
        self.totals.setText(self.tr("Stored {stored} · picked up {picked} · overdue {overdue} · recalled {recalled}").format(
            stored=report.stored, picked=report.picked_up, overdue=report.overdue, recalled=report.recalled))

    def _ask_path(self, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the daily report"), suggested,
                                                    self.tr("CSV files (*.csv)"))
        return path

    def export(self) -> None:
        if self._exporting:
            return
        day = self.day
        path = self.ask_path(str(Path.home() / f"parcels-{day.isoformat()}.csv"))
        if not path:
            return
        self._exporting = True
        self.export_button.setEnabled(False)
        self._say(self.tr("Exporting…"))
        # the CSV text from the database worker, then the file on an I/O worker
        self.ctx.tasks.db(self.ctx.desk.parcels.daily_report_csv, day, owner=self,
                          done=lambda text: self.ctx.tasks.io(functools.partial(write_csv, path), text, owner=self,
                                                              done=self._written, failed=self._export_failed),
                          failed=self._export_failed)

    def _written(self, path: str) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        self._say(self.tr("Saved {path}").format(path=path), ok=True)

    def _export_failed(self, exc: BaseException) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        if isinstance(exc, OSError):
            self._say(self.tr("The file could not be written: {error}").format(error=exc), error=True)
        else:
            self._say(failure_text(exc), error=True)

    def _say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        say(self.message, text, error=error, ok=ok)
