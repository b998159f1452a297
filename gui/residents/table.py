"""The residents table, shared by the Residents page and the resident picker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.common.record_table import Index, RecordTableModel
from gui.common.units import unit_text
from services.residents.records import ResidentInfo

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
            unit_text(r.building, r.unit),
            r.name,
            r.phone_masked,
            self.tr("yes") if r.consent_notifications else self.tr("no"),
        )[index.column()]
