"""The locker diagram: the compound's locker banks on the site plan, and every slot of every bank.

A strip at the top places each bank where it stands (``BankInfo.x_m``/``y_m``), so the
operator sees which bank is near which building; below it each bank is a cabinet of
slots. A slot shows colour *and* words (free, occupied, open, out of service, unknown),
its door name (bank code and slot number) and its size. The slot in use during a
store or pickup is framed in blue (``highlight``).

The widget only shows what it is given: the layout from ``ParcelService.layout()`` and,
where a page polls the boards, the door states (``set_doors``). It never queries anything.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.common.door_texts import door_name
from services.parcels.records import BankInfo, SlotInfo

PLAN_HEIGHT = 84
CELL_W, CELL_H = 70, 40
CELL_GAP = 4
BANK_COLUMNS = 6
BANK_GAP = 18
TITLE_H = 22
MARGIN = 8

DoorKey = tuple[int, int]  # (board, lock)


class SlotLook(enum.Enum):
    FREE = "free"
    OCCUPIED = "occupied"
    OPEN = "open"
    OUT_OF_SERVICE = "out_of_service"
    UNKNOWN = "unknown"


LOOK_COLOURS = {
    SlotLook.FREE: QColor("#cfeccf"),
    SlotLook.OCCUPIED: QColor("#a9c8f0"),
    SlotLook.OPEN: QColor("#ffe08a"),
    SlotLook.OUT_OF_SERVICE: QColor("#9e9e9e"),
    SlotLook.UNKNOWN: QColor("#e6e6e6"),
}


def look_text(look: SlotLook) -> str:
    return {
        SlotLook.FREE: QCoreApplication.translate("LockerDiagram", "free"),
        SlotLook.OCCUPIED: QCoreApplication.translate("LockerDiagram", "occupied"),
        SlotLook.OPEN: QCoreApplication.translate("LockerDiagram", "open"),
        SlotLook.OUT_OF_SERVICE: QCoreApplication.translate("LockerDiagram", "out of service"),
        SlotLook.UNKNOWN: QCoreApplication.translate("LockerDiagram", "unknown"),
    }[look]


def slot_door(bank_code: str, slot_no: int) -> str:
    """How the desk names a parcel door: bank A, slot 3 -> "A-03" (as on the cabinet labels)."""
    return f"{bank_code}-{slot_no:02d}"


def slot_look(slot: SlotInfo, doors: Mapping[DoorKey, bool | None] | None) -> SlotLook:
    """What a slot is, from the records and (when the boards are polled) its door.

    ``doors`` maps (board, lock) to closed (True), open (False) or unknown (None, the
    board did not answer). Without door readings the records alone decide.
    """
    if slot.out_of_service:
        return SlotLook.OUT_OF_SERVICE
    if doors is not None:
        closed = doors.get((slot.board, slot.lock))
        if closed is None:
            return SlotLook.UNKNOWN
        if not closed:
            return SlotLook.OPEN
    return SlotLook.OCCUPIED if slot.parcel_id is not None else SlotLook.FREE


@dataclass(frozen=True)
class _Cell:
    bank: BankInfo
    slot: SlotInfo
    rect: QRect


class LockerDiagram(QWidget):
    """Paints the banks; emits ``slot_clicked(slot_id)`` when a slot is clicked."""

    slot_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockerDiagram")
        self.banks: list[BankInfo] = []
        self.doors: dict[DoorKey, bool | None] | None = None
        self.highlighted: int | None = None
        self.selected: int | None = None
        self._cells: list[_Cell] = []
        self._bank_boxes: list[tuple[BankInfo, QRect]] = []
        self._height = PLAN_HEIGHT
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(CELL_W * BANK_COLUMNS + 2 * MARGIN)

    # -- data -------------------------------------------------------------------

    def set_layout(self, banks: Iterable[BankInfo]) -> None:
        self.banks = sorted(banks, key=lambda b: (b.x_m, b.y_m, b.code))
        self._relayout()

    def set_doors(self, doors: Mapping[DoorKey, bool | None] | None) -> None:
        """Door readings from a poll (None: no poll yet, show the records only)."""
        self.doors = dict(doors) if doors is not None else None
        self.update()

    def highlight(self, slot_id: int | None) -> None:
        """Frame the slot in use (store or pickup); None removes the frame."""
        self.highlighted = slot_id
        self.update()

    def select(self, slot_id: int | None) -> None:
        self.selected = slot_id
        self.update()

    def slot(self, slot_id: int) -> tuple[BankInfo, SlotInfo] | None:
        for bank in self.banks:
            for s in bank.slots:
                if s.id == slot_id:
                    return bank, s
        return None

    def door_text(self, board: int, lock: int) -> str:
        """A board door as staff see it: the slot code the diagram shows, the board door in brackets
        ("A-02 (door 1-02)"); a door no bank slot uses: just the board door."""
        door = door_name(board, lock)
        for bank in self.banks:
            for s in bank.slots:
                if (s.board, s.lock) == (board, lock):
                    return QCoreApplication.translate("LockerDiagram", "{slot} (door {door})").format(
                        slot=slot_door(bank.code, s.no), door=door)
        return door

    def look(self, slot_id: int) -> SlotLook:
        found = self.slot(slot_id)
        if found is None:
            raise KeyError(slot_id)
        return slot_look(found[1], self.doors)

    def slot_text(self, slot_id: int) -> str:
        """The words painted in the slot: door name, then size and state."""
        found = self.slot(slot_id)
        if found is None:
            raise KeyError(slot_id)
        bank, s = found
        return f"{slot_door(bank.code, s.no)} · {s.size}\n{look_text(slot_look(s, self.doors))}"

    def counts(self) -> dict[SlotLook, int]:
        result = dict.fromkeys(SlotLook, 0)
        for bank in self.banks:
            for s in bank.slots:
                result[slot_look(s, self.doors)] += 1
        return result

    # -- geometry ---------------------------------------------------------------

    def _relayout(self) -> None:
        width = max(self.width(), self.minimumWidth())
        self._cells.clear()
        self._bank_boxes.clear()
        x, y = MARGIN, PLAN_HEIGHT + MARGIN
        row_height = 0
        for bank in self.banks:
            rows = max(1, math.ceil(len(bank.slots) / BANK_COLUMNS))
            box_w = BANK_COLUMNS * (CELL_W + CELL_GAP) - CELL_GAP
            box_h = TITLE_H + rows * (CELL_H + CELL_GAP)
            if x > MARGIN and x + box_w > width - MARGIN:
                x, y = MARGIN, y + row_height + BANK_GAP
                row_height = 0
            self._bank_boxes.append((bank, QRect(x, y, box_w, box_h)))
            for i, s in enumerate(sorted(bank.slots, key=lambda s: s.no)):
                r, c = divmod(i, BANK_COLUMNS)
                rect = QRect(x + c * (CELL_W + CELL_GAP), y + TITLE_H + r * (CELL_H + CELL_GAP), CELL_W, CELL_H)
                self._cells.append(_Cell(bank, s, rect))
            x += box_w + BANK_GAP
            row_height = max(row_height, box_h)
        self._height = y + row_height + MARGIN
        self.setMinimumHeight(self._height)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(max(self.minimumWidth(), 900), self._height)

    def resizeEvent(self, event: object) -> None:
        self._relayout()

    def cell_rect(self, slot_id: int) -> QRect:
        for cell in self._cells:
            if cell.slot.id == slot_id:
                return QRect(cell.rect)
        raise KeyError(slot_id)

    def _cell_at(self, pos: QPoint) -> _Cell | None:
        return next((c for c in self._cells if c.rect.contains(pos)), None)

    # -- painting ---------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        self._paint_plan(painter)
        bold = QFont(self.font())
        bold.setBold(True)
        for bank, box in self._bank_boxes:
            painter.setFont(bold)
            painter.setPen(self.palette().text().color())
            title = QCoreApplication.translate("LockerDiagram", "{code} · {name}").format(code=bank.code, name=bank.name)
            painter.drawText(QRect(box.x(), box.y(), box.width(), TITLE_H - 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, box.width()))
        painter.setFont(self.font())
        for cell in self._cells:
            look = slot_look(cell.slot, self.doors)
            painter.fillRect(cell.rect, LOOK_COLOURS[look])
            if look is SlotLook.OUT_OF_SERVICE:
                painter.fillRect(cell.rect, Qt.BrushStyle.BDiagPattern)
            painter.setPen(QPen(QColor("#606060"), 1))
            painter.drawRect(cell.rect.adjusted(0, 0, -1, -1))
            painter.setPen(QColor("white") if look is SlotLook.OUT_OF_SERVICE else QColor("black"))
            metrics = painter.fontMetrics()
            lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, cell.rect.width() - 4)
                     for line in self.slot_text(cell.slot.id).split("\n")]
            painter.drawText(cell.rect, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))
            if cell.slot.id in (self.highlighted, self.selected):
                colour = QColor("#1f5fbf") if cell.slot.id == self.highlighted else QColor("#7a1fa2")
                painter.setPen(QPen(colour, 4))
                painter.drawRect(cell.rect.adjusted(2, 2, -2, -2))
        painter.end()

    def _paint_plan(self, painter: QPainter) -> None:
        """The site-plan strip: each bank as a marker at its position."""
        area = QRect(MARGIN, MARGIN, max(10, self.width() - 2 * MARGIN), PLAN_HEIGHT - 2 * MARGIN)
        painter.setPen(QPen(QColor("#b0b0b0"), 1, Qt.PenStyle.DashLine))
        painter.drawRect(area)
        painter.setPen(QColor("#707070"))
        painter.drawText(area.adjusted(6, 2, -6, -2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         QCoreApplication.translate("LockerDiagram", "Site plan"))
        if not self.banks:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter,
                             QCoreApplication.translate("LockerDiagram", "No locker banks are set up."))
            return
        xs = [b.x_m for b in self.banks]
        ys = [b.y_m for b in self.banks]
        span_x = max(max(xs) - min(xs), 1.0)
        span_y = max(max(ys) - min(ys), 1.0)
        inner = area.adjusted(90, 14, -30, -12)  # clear of the "Site plan" caption
        in_use = self._bank_in_use()
        for bank in self.banks:
            px = inner.x() + round((bank.x_m - min(xs)) / span_x * inner.width())
            py = inner.y() + round((bank.y_m - min(ys)) / span_y * inner.height())
            free = sum(1 for s in bank.slots if slot_look(s, self.doors) is SlotLook.FREE)
            marker = QRect(px - 7, py - 7, 14, 14)
            painter.setPen(QPen(QColor("#1f5fbf"), 3 if bank.code == in_use else 1))
            painter.setBrush(QColor("#1f5fbf") if bank.code == in_use else QColor("#ffffff"))
            painter.drawRect(marker)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(self.palette().text().color())
            label = QCoreApplication.translate("LockerDiagram", "{code} ({free} free)").format(code=bank.code, free=free)
            width = painter.fontMetrics().horizontalAdvance(label)
            x = px + 10 if px + 10 + width <= area.right() - 4 else px - 10 - width  # keep it inside the plan
            painter.drawText(QPoint(x, py + 5), label)

    def _bank_in_use(self) -> str | None:
        if self.highlighted is None:
            return None
        found = self.slot(self.highlighted)
        return found[0].code if found else None

    # -- interaction ------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self._cell_at(event.position().toPoint())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select(cell.slot.id)
            self.slot_clicked.emit(cell.slot.id)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self._cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_text(cell.slot.id), self)
            return True
        return super().event(event)

    def tooltip_text(self, slot_id: int) -> str:
        found = self.slot(slot_id)
        if found is None:
            return ""
        bank, s = found
        text = QCoreApplication.translate(
            "LockerDiagram", "Bank {bank} ({name}), slot {no}, size {size}, board {board} lock {lock}: {state}"
        ).format(bank=bank.code, name=bank.name, no=s.no, size=s.size, board=s.board, lock=s.lock,
                 state=look_text(slot_look(s, self.doors)))
        if s.parcel_tracking:
            text += "\n" + QCoreApplication.translate("LockerDiagram", "Parcel {tracking}").format(tracking=s.parcel_tracking)
        return text
