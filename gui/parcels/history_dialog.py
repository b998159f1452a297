"""Parcels with their history: a resident's parcels (from the Residents page) or one parcel."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSplitter, QVBoxLayout, QWidget

from gui.common.messages import failure_text
from gui.common.tables import table_view
from gui.common.units import unit_text
from gui.context import PageContext
from gui.parcels.parcel_table import EventTableModel, ParcelTableModel
from gui.residents.picker import ResidentPicker
from services.parcels.records import ParcelInfo
from services.residents.records import ResidentInfo


class ParcelHistoryDialog(QDialog):
    """Loads the parcels with ``load`` on the database worker; selecting one shows its events."""

    def __init__(self, ctx: PageContext, title: str, load: Callable[[], list[ParcelInfo]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setObjectName("parcelHistory")
        self.summary = QLabel(self.tr("Loading…"))
        self.summary.setObjectName("parcelHistorySummary")
        self.parcels = ParcelTableModel()
        self.parcel_table = table_view(self.parcels, "parcelHistoryParcels")
        self.events = EventTableModel()
        self.event_table = table_view(self.events, "parcelHistoryEvents")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.parcel_table)
        split.addWidget(self.event_table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(860, 520)
        self.parcel_table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show_events(cur.row()))
        ctx.tasks.db(load, owner=self, done=self._loaded, failed=self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        self.summary.setText(failure_text(exc))

    def _loaded(self, rows: list[ParcelInfo]) -> None:
        self.parcels.set_rows(rows)
        self.summary.setText(self.tr("{n} parcel(s). Select one to see its history.").format(n=len(rows))
                             if rows else self.tr("No parcels."))
        if rows:
            self.parcel_table.selectRow(0)

    def _show_events(self, row: int) -> None:
        parcel = self.parcels.parcel(row)
        if parcel is None:
            return
        self.ctx.tasks.db(self.ctx.desk.parcels.history, parcel.id, owner=self, key="events",
                          done=self.events.set_rows)


def resident_history(ctx: PageContext, resident: ResidentInfo, parent: QWidget | None = None) -> ParcelHistoryDialog:
    title = QCoreApplication.translate("ParcelHistoryDialog", "Parcels of {name}, {unit}").format(
        name=resident.name, unit=unit_text(resident.building, resident.unit))
    load = functools.partial(ctx.desk.parcels.for_resident, resident.id, live_only=False)
    return ParcelHistoryDialog(ctx, title, load, parent)


class RecipientDialog(QDialog):
    """Choose the resident for a flagged parcel; ``resident`` after OK."""

    def __init__(self, ctx: PageContext, parcel: ParcelInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose the recipient"))
        self.resident: ResidentInfo | None = None
        about = QLabel(self.tr("{tracking} ({courier}) for “{name}”, {unit}, phone {phone}").format(
            tracking=parcel.tracking_no, courier=parcel.courier_name or parcel.courier_code,
            name=parcel.recipient_name, unit=unit_text(parcel.building_code, parcel.unit_code) or "-", phone=parcel.phone_masked or "-"))
        about.setWordWrap(True)
        self.picker = ResidentPicker(ctx.desk.residents.search, ctx.tasks, "recipientDialog")
        if parcel.unit_label:
            self.picker.edit.setText(parcel.unit_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.picker.chosen.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 420)

    def _chosen(self, resident: ResidentInfo) -> None:
        self.resident = resident
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
