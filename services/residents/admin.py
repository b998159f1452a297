"""Adding and editing residents and units, and importing them from a property office's CSV list.

Phone numbers are mainland mobile numbers, stored as their 11 digits (the model's form:
"13812345678"); typed forms with spaces, dashes or a +86 / 0086 prefix are accepted and
normalised. A unit given as building + unit code is created in an existing building when it
does not exist yet (its floor is the unit code without its last two digits: "1203" → 12).

The CSV import (columns: building, unit, name, phone, notifications) reads files as every
import does (services/core/csv_rows.py) and follows the same rule: all rows or none, every
problem listed with its line number (``DeskError(RESIDENT_IMPORT_INVALID, rows=[RowProblem])``).
A resident already living in that unit with the same phone is reported, so importing the same
file twice adds nobody twice.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import Building, Resident, Unit
from models.db import unit_of_work
from services.core.csv_rows import CsvFault, CsvFileError, csv_rows, decode_csv
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit
from services.residents.directory import resident_info
from services.residents.records import ResidentInfo

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
UNIT_RE = re.compile(r"^\d{3,5}$")
COLUMNS = ("building", "unit", "name", "phone", "notifications")
REQUIRED = ("building", "unit", "name", "phone")
MAX_ROWS = 20_000
TRUE = {"1", "yes", "y", "true", "是", "同意"}
FALSE = {"0", "no", "n", "false", "否", "不同意"}


class Problem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"  # maximum
    BAD_PHONE = "bad_phone"  # not an 11-digit mainland mobile number
    BAD_UNIT = "bad_unit"  # value: 3-5 digits, floor then door ("1203")
    UNKNOWN_BUILDING = "unknown_building"  # code
    FLOOR_NOT_IN_BUILDING = "floor_not_in_building"  # floor, floors
    DUPLICATE = "duplicate"  # line (0 = already in the directory)
    BAD_CHOICE = "bad_choice"  # value
    BAD_ENCODING = "bad_encoding"
    BAD_HEADER = "bad_header"  # missing, unknown


@dataclass(frozen=True)
class FieldProblem:
    field: str
    problem: Problem
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class RowProblem:
    line: int  # 1 = the header line
    column: str  # a CSV column name, or "file"
    problem: Problem
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ResidentDraft:
    building: str
    unit: str
    name: str
    phone: str
    consent_notifications: bool = True


def normalise_phone(text: str) -> str:
    digits = "".join(ch for ch in text if ch not in " -()（）\u00a0")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    return digits


def normalise(d: ResidentDraft) -> ResidentDraft:
    building = d.building.strip().removesuffix("号楼").removesuffix("栋").removesuffix("幢").strip()
    return replace(d, building=building, unit=d.unit.strip(), name=d.name.strip(), phone=normalise_phone(d.phone))


def check_resident(d: ResidentDraft) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if not d.building:
        found.append(FieldProblem("building", Problem.REQUIRED))
    if not d.unit:
        found.append(FieldProblem("unit", Problem.REQUIRED))
    elif not UNIT_RE.match(d.unit):
        found.append(FieldProblem("unit", Problem.BAD_UNIT, {"value": d.unit}))
    if not d.name:
        found.append(FieldProblem("name", Problem.REQUIRED))
    elif len(d.name) > 60:
        found.append(FieldProblem("name", Problem.TOO_LONG, {"maximum": 60}))
    if not d.phone:
        found.append(FieldProblem("phone", Problem.REQUIRED))
    elif not PHONE_RE.match(d.phone):
        found.append(FieldProblem("phone", Problem.BAD_PHONE))
    return found


class _Units:
    """Buildings and units of the compound, creating a missing unit in an existing building."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.buildings = {b.code: b for b in session.scalars(select(Building))}
        self.units = {(b_code, u.code): u for u, b_code in session.execute(
            select(Unit, Building.code).join(Building, Unit.building_id == Building.id))}

    def check(self, d: ResidentDraft, found: list[FieldProblem]) -> None:
        building = self.buildings.get(d.building)
        if d.building and building is None:
            found.append(FieldProblem("building", Problem.UNKNOWN_BUILDING, {"code": d.building}))
        elif building is not None and UNIT_RE.match(d.unit) and (d.building, d.unit) not in self.units:
            floor = int(d.unit[:-2])
            if not 1 <= floor <= building.floors:
                found.append(FieldProblem("unit", Problem.FLOOR_NOT_IN_BUILDING,
                                          {"floor": floor, "floors": building.floors}))

    def unit(self, d: ResidentDraft) -> Unit:
        key = (d.building, d.unit)
        unit = self.units.get(key)
        if unit is None:
            unit = Unit(building_id=self.buildings[d.building].id, code=d.unit, floor=int(d.unit[:-2]))
            self.session.add(unit)
            self.session.flush()
            self.units[key] = unit
        return unit


class ResidentAdminService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def phone(self, resident_id: int) -> str:
        """The full number, for the edit dialog only (lists show it masked)."""
        with self._sessions() as session:
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise DeskError(ErrorCode.RECIPIENT_UNKNOWN, resident_id=resident_id)
            return resident.phone

    def save(self, draft: ResidentDraft, resident_id: int | None = None, operator_id: int | None = None) -> ResidentInfo:
        """Add a resident (``resident_id`` None) or change one: name, phone, unit, consent."""
        d = normalise(draft)
        problems = check_resident(d)
        with unit_of_work(self._sessions) as session:
            units = _Units(session)
            units.check(d, problems)
            resident = session.get(Resident, resident_id) if resident_id is not None else None
            if resident_id is not None and resident is None:
                raise DeskError(ErrorCode.RECIPIENT_UNKNOWN, resident_id=resident_id)
            if problems:
                raise DeskError(ErrorCode.RESIDENT_INVALID, problems=problems)
            unit = units.unit(d)
            if resident is None:
                resident = Resident(unit_id=unit.id, name=d.name, phone=d.phone,
                                    consent_notifications=d.consent_notifications)
                session.add(resident)
                action = "resident_added"
            else:
                resident.unit_id, resident.name, resident.phone = unit.id, d.name, d.phone
                resident.consent_notifications = d.consent_notifications
                action = "resident_changed"
            session.flush()
            record_audit(session, action, subject=f"{d.building}-{d.unit}", operator_id=operator_id,
                         detail={"resident_id": resident.id})
            return resident_info(resident, unit, units.buildings[d.building])

    def import_csv(self, data: bytes, operator_id: int | None = None) -> int:
        """All rows or none; returns how many residents were added."""
        try:
            parsed = list(csv_rows(decode_csv(data), COLUMNS, REQUIRED))
        except CsvFileError as exc:
            problem = Problem.BAD_ENCODING if exc.fault is CsvFault.BAD_ENCODING else Problem.BAD_HEADER
            raise DeskError(ErrorCode.RESIDENT_IMPORT_INVALID, rows=[
                RowProblem(exc.line, "file", problem, exc.params)]) from exc
        if not parsed:
            raise DeskError(ErrorCode.RESIDENT_IMPORT_INVALID, rows=[RowProblem(2, "file", Problem.REQUIRED)])
        if len(parsed) > MAX_ROWS:
            raise DeskError(ErrorCode.RESIDENT_IMPORT_INVALID, rows=[RowProblem(parsed[MAX_ROWS][0], "file",
                                                                                Problem.TOO_LONG,
                                                                                {"maximum": MAX_ROWS})])
        with unit_of_work(self._sessions) as session:
            units = _Units(session)
            existing = {(b, u, phone) for b, u, phone in session.execute(
                select(Building.code, Unit.code, Resident.phone).join(Unit, Resident.unit_id == Unit.id)
                .join(Building, Unit.building_id == Building.id))}
            seen: dict[tuple[str, str, str], int] = {}
            drafts: list[ResidentDraft] = []
            problems: list[RowProblem] = []
            for line, cells in parsed:
                found: list[FieldProblem] = []
                consent_text = (cells.get("notifications") or "").strip().lower()
                consent = True if not consent_text else consent_text in TRUE
                if consent_text and consent_text not in TRUE | FALSE:
                    found.append(FieldProblem("notifications", Problem.BAD_CHOICE, {"value": consent_text}))
                d = normalise(ResidentDraft(cells.get("building") or "", cells.get("unit") or "",
                                            cells.get("name") or "", cells.get("phone") or "", consent))
                found += check_resident(d)
                units.check(d, found)
                key = (d.building, d.unit, d.phone)
                if key in existing:
                    found.append(FieldProblem("phone", Problem.DUPLICATE, {"line": 0}))
                elif key in seen:
                    found.append(FieldProblem("phone", Problem.DUPLICATE, {"line": seen[key]}))
                seen.setdefault(key, line)
                problems += [RowProblem(line, p.field, p.problem, p.params) for p in found]
                drafts.append(d)
            if problems:
                raise DeskError(ErrorCode.RESIDENT_IMPORT_INVALID, rows=problems)
            for d in drafts:
                session.add(Resident(unit_id=units.unit(d).id, name=d.name, phone=d.phone,
                                     consent_notifications=d.consent_notifications))
            record_audit(session, "residents_imported", subject=f"{len(drafts)} residents", operator_id=operator_id)
            return len(drafts)
