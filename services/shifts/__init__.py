"""Till shifts: opening float, cash in/out, X and Z reports reconciled with the orders."""

from services.shifts.service import ShiftService
from services.shifts.types import CashMoveInfo, ShiftInfo, ShiftReport, TenderTotal

__all__ = ["CashMoveInfo", "ShiftInfo", "ShiftReport", "ShiftService", "TenderTotal"]
