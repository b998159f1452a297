"""Parcels as a table (a thin Qt model over ``ParcelInfo`` DTOs) and the words for their states."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from gui.common.locker_diagram import slot_door
from gui.common.record_table import Index, RecordTableModel
from gui.common.units import unit_text
from services.parcels.records import ParcelEventInfo, ParcelInfo, ParcelState


def state_text(state: ParcelState | str) -> str:
    texts = {
        ParcelState.ANNOUNCED: QCoreApplication.translate("Parcels", "announced"),
        ParcelState.STORED: QCoreApplication.translate("Parcels", "stored"),
        ParcelState.REMINDED: QCoreApplication.translate("Parcels", "reminded"),
        ParcelState.OVERDUE: QCoreApplication.translate("Parcels", "overdue"),
        ParcelState.RECALL_REQUESTED: QCoreApplication.translate("Parcels", "recall requested"),
        ParcelState.RETURNED: QCoreApplication.translate("Parcels", "returned to courier"),
        ParcelState.PICKED_UP: QCoreApplication.translate("Parcels", "picked up"),
    }
    try:
        return texts[ParcelState(state)]
    except ValueError:
        return str(state)


def flag_text(flag: str) -> str:
    if flag == "unknown_recipient":
        return QCoreApplication.translate("Parcels", "recipient unknown")
    if flag == "ambiguous_recipient":
        return QCoreApplication.translate("Parcels", "recipient ambiguous")
    return flag


def instruction_text(instruction: str) -> str:
    """The courier's answer to a recall request."""
    if instruction == "door_to_door":
        return QCoreApplication.translate("Parcels", "courier delivers to the door")
    return QCoreApplication.translate("Parcels", "courier: {instruction}").format(instruction=instruction)


def when(value: datetime | None) -> str:
    """A UTC time in the desk's local time, date and minute."""
    return value.astimezone().strftime("%m-%d %H:%M") if value is not None else ""


def age_text(hours: float) -> str:
    if hours < 1:
        return QCoreApplication.translate("Parcels", "{m} min").format(m=max(0, int(hours * 60)))
    if hours < 48:
        return QCoreApplication.translate("Parcels", "{h} h").format(h=int(hours))
    return QCoreApplication.translate("Parcels", "{d} d {h} h").format(d=int(hours // 24), h=int(hours % 24))


def parcel_door(p: ParcelInfo) -> str:
    return slot_door(p.bank_code, p.slot_no) if p.bank_code and p.slot_no is not None else ""


class ParcelTableModel(RecordTableModel):
    rows: list[ParcelInfo]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Tracking no."), self.tr("Courier"), self.tr("Recipient"), self.tr("Unit"),
                self.tr("Phone"), self.tr("Size"), self.tr("State"), self.tr("Locker"), self.tr("Waiting"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            state = state_text(p.state)
            if p.flag:
                state = f"{state} · {flag_text(p.flag)}"
            if p.recall_instruction:
                state = f"{state} · {instruction_text(p.recall_instruction)}"
            return (p.tracking_no, p.courier_name or p.courier_code, p.recipient_name, unit_text(p.building_code, p.unit_code),
                    p.phone_masked, p.size, state, parcel_door(p), age_text(p.age_h))[index.column()]
        alarming = p.flag or p.state in (ParcelState.OVERDUE, ParcelState.RECALL_REQUESTED)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6 and alarming:
            return QColor("#b00020")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Announced {announced}, stored {stored}, picked up {picked}").format(
                announced=when(p.announced_at), stored=when(p.stored_at) or "-", picked=when(p.picked_up_at) or "-")
        return None

    def parcel(self, row: int) -> ParcelInfo | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class EventTableModel(RecordTableModel):
    """A parcel's history: every state change with time, note and operator."""

    rows: list[ParcelEventInfo]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Time"), self.tr("State"), self.tr("Note"), self.tr("Operator"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self.rows[index.row()]
        return (when(e.at), state_text(e.state), e.note, e.operator_name or self.tr("system"))[index.column()]


