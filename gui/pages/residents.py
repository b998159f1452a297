"""The property desk's resident directory: find a resident by unit, name or phone tail."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.context import PageContext
from gui.models.record_table import Index, RecordTableModel
from gui.pages.base import Page
from services.records import ResidentInfo

SEARCH_DELAY_MS = 200


class ResidentTableModel(RecordTableModel):
    rows: list[ResidentInfo]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Unit"), self.tr("Name"), self.tr("Phone"), self.tr("Notifications"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        return (
            self.tr("Bldg {building} · {unit}").format(building=r.building, unit=r.unit),
            r.name,
            r.phone_masked,
            self.tr("yes") if r.consent_notifications else self.tr("no"),
        )[index.column()]


class ResidentsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("residentSearch")
        self.search_edit.setPlaceholderText(self.tr("Unit (6-1203), name, or the last 4 digits of a phone"))
        self.search_edit.setClearButtonEnabled(True)
        self.model = ResidentTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("residentSummary")
        self.parcels_button = QPushButton(self.tr("Parcels…"))
        self.parcels_button.setObjectName("residentParcels")
        self.parcels_button.setToolTip(self.tr("The selected resident's parcels, with every state change"))
        self.parcels_button.setEnabled(False)
        self.parcels_button.clicked.connect(self.show_parcels)
        self.table.doubleClicked.connect(lambda _index: self.show_parcels())
        self.face_button = QPushButton(self.tr("Face…"))
        self.face_button.setObjectName("residentFace")
        self.face_button.setToolTip(self.tr("Consent and face enrolment for the pickup check, or delete face data"))
        self.face_button.setEnabled(False)
        self.face_button.clicked.connect(self.show_face)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.parcels_button.setEnabled(current.isValid()))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.face_button.setEnabled(current.isValid()))
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.parcels_button)
        row.addWidget(self.face_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

        # Search as the operator types, but once they pause, not on every key.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self.search)
        self._generation = 0
        self.search()

    def title(self) -> str:
        return self.tr("Residents")

    def activated(self) -> None:
        self.search_edit.setFocus()

    def selected_resident(self) -> ResidentInfo | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def show_parcels(self) -> QDialog | None:
        """The selected resident's parcel history (gui/parcels/history_dialog.py)."""
        resident = self.selected_resident()
        if resident is None:
            return None
        from gui.parcels.history_dialog import resident_history

        dialog = resident_history(self.ctx, resident, self)
        dialog.open()
        return dialog

    def show_face(self) -> QDialog | None:
        """Consent, enrolment and deletion of the selected resident's face data (gui/dialogs/face_enrol.py)."""
        resident = self.selected_resident()
        if resident is None:
            return None
        from gui.dialogs.face_enrol import FaceEnrolDialog

        dialog = FaceEnrolDialog(self.ctx, resident, self)
        dialog.open()
        return dialog

    def search(self) -> None:
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        text = self.search_edit.text()
        self.ctx.tasks.db(
            self.ctx.desk.residents.search, text, done=lambda rows: self._show(generation, text, rows)
        )

    def _show(self, generation: int, text: str, rows: list[ResidentInfo]) -> None:
        if generation != self._generation:
            return  # an older search finished after a newer one was asked for
        self.model.set_rows(rows)
        self.parcels_button.setEnabled(False)
        self.face_button.setEnabled(False)
        if not rows:
            self.summary.setText(self.tr("No resident matches “{text}”.").format(text=text))
        elif text.strip():
            self.summary.setText(self.tr("{n} residents match “{text}”.").format(n=len(rows), text=text))
        else:
            self.summary.setText(self.tr("{n} residents.").format(n=len(rows)))
