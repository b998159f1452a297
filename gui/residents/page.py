"""The property desk's resident directory: find a resident by unit, name or phone tail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
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
from gui.page import Page
from gui.residents.admin import ResidentAdminTools
from gui.residents.table import SEARCH_DELAY_MS, ResidentTableModel
from services.residents.records import ResidentInfo

ResidentDialog = Callable[[PageContext, ResidentInfo, QWidget], QDialog]


@dataclass(frozen=True)
class ResidentActions:
    """Dialogs other workflows open for a resident; the navigation wires them (this page imports neither)."""

    parcels: ResidentDialog | None = None
    face: ResidentDialog | None = None


class ResidentsPage(Page):
    def __init__(self, ctx: PageContext, actions: ResidentActions | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.actions = actions or ResidentActions()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("residentSearch")
        self.search_edit.setPlaceholderText(self.tr("Unit (6-1303), name, or the last 4 digits of a phone"))
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
        self.parcels_button.setHidden(self.actions.parcels is None)
        self.face_button.setHidden(self.actions.face is None)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.parcels_button)
        row.addWidget(self.face_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.admin_tools = ResidentAdminTools(ctx, self.selected_resident, self.search, self)
        layout.addWidget(self.admin_tools)

        # Search as the operator types, but once they pause, not on every key.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self.search)
        self.search()

    def title(self) -> str:
        return self.tr("Residents")

    def activated(self) -> None:
        self.search_edit.setFocus()

    def selected_resident(self) -> ResidentInfo | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def show_parcels(self) -> QDialog | None:
        """The selected resident's parcel history (opened by the parcels workflow)."""
        return self._open(self.actions.parcels)

    def show_face(self) -> QDialog | None:
        """Consent, enrolment and deletion of the selected resident's face data (the faces workflow)."""
        return self._open(self.actions.face)

    def _open(self, opener: ResidentDialog | None) -> QDialog | None:
        resident = self.selected_resident()
        if resident is None or opener is None:
            return None
        dialog = opener(self.ctx, resident, self)
        dialog.open()
        return dialog

    def search(self) -> None:
        self._debounce.stop()
        text = self.search_edit.text()
        # key: an older search that finishes after a newer one was asked for is dropped
        self.ctx.tasks.db(
            self.ctx.desk.residents.search, text, owner=self, key="search", done=lambda rows: self._show(text, rows)
        )

    def _show(self, text: str, rows: list[ResidentInfo]) -> None:
        self.model.set_rows(rows)
        self.parcels_button.setEnabled(False)
        self.face_button.setEnabled(False)
        if not rows:
            self.summary.setText(self.tr("No resident matches “{text}”.").format(text=text))
        elif text.strip():
            self.summary.setText(self.tr("{n} residents match “{text}”.").format(n=len(rows), text=text))
        else:
            self.summary.setText(self.tr("{n} residents.").format(n=len(rows)))
