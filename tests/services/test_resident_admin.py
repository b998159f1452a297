"""Adding, editing and importing residents and units on a real SQLite file."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Resident, Unit
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk
from services.residents.admin import Problem, ResidentDraft, RowProblem, normalise_phone


def _count(desk: Desk) -> int:
    with desk.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(Resident)) or 0


def _building(desk: Desk) -> str:
    return desk.residents.search("")[0].building


def test_phone_forms() -> None:
    assert normalise_phone("+86 138-1234-5678") == "13812345678"
    assert normalise_phone("0086 13812345678") == "13812345678"


def test_add_and_edit_a_resident_creating_the_unit(desk: Desk) -> None:
    b = _building(desk)
    added = desk.resident_admin.save(ResidentDraft(f"{b}号楼", "0299", "陈静", "+86 139 0000 1234"), operator_id=3)
    assert (added.building, added.unit, added.phone_masked) == (b, "0299", "139****1234")
    assert desk.resident_admin.phone(added.id) == "13900001234"
    assert [r.id for r in desk.residents.search(f"{b}-0299")] == [added.id]
    changed = desk.resident_admin.save(ResidentDraft(b, "0299", "陈静静", "13900004321", False), added.id)
    assert changed.name == "陈静静" and changed.phone_masked == "139****4321" and not changed.consent_notifications
    with desk.db.sessions() as s:
        assert s.scalar(select(Unit.floor).where(Unit.code == "0299")) == 2


def test_bad_resident_lists_every_problem(desk: Desk) -> None:
    before = _count(desk)
    with pytest.raises(DeskError) as info:
        desk.resident_admin.save(ResidentDraft("ZZ", "12a", "", "1234567"))
    assert info.value.code is ErrorCode.RESIDENT_INVALID
    assert {(p.field, p.problem) for p in info.value.params["problems"]} == {
        ("building", Problem.UNKNOWN_BUILDING), ("unit", Problem.BAD_UNIT), ("name", Problem.REQUIRED),
        ("phone", Problem.BAD_PHONE)}
    with pytest.raises(DeskError) as info:
        desk.resident_admin.save(ResidentDraft(_building(desk), "9901", "x", "13800000000"))
    assert [p.problem for p in info.value.params["problems"]] == [Problem.FLOOR_NOT_IN_BUILDING]
    assert _count(desk) == before


def _csv(text: str, bom: bool = False) -> bytes:
    return ("\ufeff" if bom else "").encode() + text.encode()


def test_import_all_rows(desk: Desk) -> None:
    b = _building(desk)
    before = _count(desk)
    data = _csv(f"Building;Unit;Name;Phone;Notifications\n{b};0301;周一;13700000001;是\n\n{b}号楼;0302;吴二;"
                f"+86 137 0000 0002;否\n", bom=True)
    assert desk.resident_admin.import_csv(data) == 2
    assert _count(desk) == before + 2
    found = desk.residents.search(f"{b}-0302")
    assert [r.name for r in found] == ["吴二"] and not found[0].consent_notifications
    with pytest.raises(DeskError) as info:  # the same file again adds nobody
        desk.resident_admin.import_csv(data)
    assert [(r.line, r.problem, r.params) for r in info.value.params["rows"]] == [
        (2, Problem.DUPLICATE, {"line": 0}), (4, Problem.DUPLICATE, {"line": 0})]


def test_import_lists_bad_rows_by_line_and_adds_nothing(desk: Desk) -> None:
    b = _building(desk)
    before = _count(desk)
    data = _csv(f"building\tunit\tname\tphone\tnotifications\n{b}\t0401\t郑三\t13700000003\t\n"
                f"ZZ\t0402\t王四\t1370000\tmaybe\n{b}\t0401\t郑三\t13700000003\t1\n")
    with pytest.raises(DeskError) as info:
        desk.resident_admin.import_csv(data)
    rows: list[RowProblem] = info.value.params["rows"]
    assert info.value.code is ErrorCode.RESIDENT_IMPORT_INVALID
    assert {(r.line, r.column, r.problem) for r in rows} == {
        (3, "building", Problem.UNKNOWN_BUILDING), (3, "phone", Problem.BAD_PHONE),
        (3, "notifications", Problem.BAD_CHOICE), (4, "phone", Problem.DUPLICATE)}
    assert _count(desk) == before and desk.residents.search(f"{b}-0401") == []


@pytest.mark.parametrize(("data", "problem"), [
    (b"building,unit,name\n", Problem.BAD_HEADER),
    ("building,unit,name,phone\n6,0101,张,13700000001\n".encode("gbk"), Problem.BAD_ENCODING),
    (b"building,unit,name,phone\n", Problem.REQUIRED),
])
def test_import_file_problems(desk: Desk, data: bytes, problem: Problem) -> None:
    with pytest.raises(DeskError) as info:
        desk.resident_admin.import_csv(data)
    assert [r.problem for r in info.value.params["rows"]] == [problem]
