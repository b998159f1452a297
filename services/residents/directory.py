"""The compound's residents, found the way a desk operator asks: by unit, name or phone tail."""

from __future__ import annotations

import re

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from models import Building, Resident, Unit
from services.core.masking import mask_phone
from services.residents.records import ResidentInfo

# "6-1203", "6#1203", "6号楼1203", "6 1203": building and unit
_UNIT_RE = re.compile(r"^\s*(\w{1,4}?)\s*(?:-|#|号楼|栋|幢|\s)\s*(\d{2,5})\s*$")


def _query() -> Select[Resident, Unit, Building]:
    return select(Resident, Unit, Building).join(Unit, Resident.unit_id == Unit.id).join(Building)


def resident_info(resident: Resident, unit: Unit, building: Building) -> ResidentInfo:
    return ResidentInfo(
        id=resident.id, name=resident.name, phone_masked=mask_phone(resident.phone),
        building=building.code, unit=unit.code,
        consent_face=resident.consent_face, consent_notifications=resident.consent_notifications,
    )


class ResidentService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def search(self, text: str, limit: int = 200) -> list[ResidentInfo]:
        """Empty text lists everyone. "6-1203" finds a unit; 4 digits also match a phone's last four."""
        text = text.strip()
        query = _query()
        unit_match = _UNIT_RE.match(text)
        if unit_match:
            query = query.where(and_(Building.code == unit_match.group(1), Unit.code == unit_match.group(2)))
        elif text.isdigit():
            conditions = [Unit.code == text]
            if len(text) >= 4:
                conditions.append(Resident.phone.like(f"%{text}"))
            query = query.where(or_(*conditions))
        elif text:
            query = query.where(Resident.name.like(f"%{text}%"))
        query = query.order_by(Building.code, Unit.floor, Unit.code, Resident.name).limit(limit)
        with self._sessions() as session:
            return [resident_info(row[0], row[1], row[2]) for row in session.execute(query).all()]
