"""Item 6 of issue 17: the examples and echoes a newcomer reads are true in the demo."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.common.tasks import TaskRunner
from gui.residents.picker import ResidentPicker
from services.desk import Desk

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_units_name_real_demo_residents(qtbot: QtBot, desk: Desk) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("- **Residents.**"))
    examples = re.findall(r"`([^`]+)`", line)[:2]  # "6-1303", "6号楼1303"
    tasks = TaskRunner()
    try:
        picker = ResidentPicker(desk.residents.search, tasks, "consistencyPicker")
        qtbot.addWidget(picker)
        placeholder = re.search(r"\(([^)]+)\)", picker.edit.placeholderText())
        assert placeholder is not None
        examples.append(placeholder.group(1))
    finally:
        tasks.shutdown()
    assert len(examples) == 3
    for example in examples:
        found = desk.residents.search(example)
        assert found, f"the example unit {example!r} finds no demo resident"
        assert {(r.building, r.unit) for r in found} == {("6", "1303")}


def test_one_unit_format_in_every_table_in_each_language(qapp, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from gui.common.i18n import EN_PLURALS, install_translator
    from gui.common.units import unit_text
    from gui.parcels.parcel_table import ParcelTableModel
    from gui.residents.table import ResidentTableModel
    from services.parcels.records import LIVE_STATES

    parcel = next(p for p in desk.parcels.search("", states=list(LIVE_STATES)) if p.resident_id is not None)
    resident = next(r for r in desk.residents.search("") if r.id == parcel.resident_id)
    residents, parcels = ResidentTableModel(), ParcelTableModel()
    residents.set_rows([resident])
    parcels.set_rows([parcel])
    unit_column = next(c for c in range(parcels.columnCount())
                       if parcels.headerData(c, Qt.Orientation.Horizontal) == "Unit")

    def shown() -> tuple[str, str]:
        return (str(residents.data(residents.index(0, 0))), str(parcels.data(parcels.index(0, unit_column))))

    assert shown() == (f"Bldg {resident.building} · {resident.unit}",) * 2
    translator = install_translator(qapp, "zh_CN")
    try:
        assert translator is not None
        assert shown() == (f"{resident.building}栋{resident.unit}",) * 2
        assert unit_text(resident.building, resident.unit) == f"{resident.building}栋{resident.unit}"
        assert unit_text("", "") == ""
    finally:
        for t in qapp.findChildren(type(translator)):
            if t.objectName() != EN_PLURALS:
                qapp.removeTranslator(t)
    assert QCoreApplication.translate("Units", "Bldg {building} · {unit}") == "Bldg {building} · {unit}"


def test_plural_forms_in_both_languages(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from gui.common.i18n import EN_PLURALS, error_text, install_translator
    from services.core.errors import DeskError, ErrorCode

    def tr(context: str, text: str, n: int) -> str:
        return QCoreApplication.translate(context, text, "", n)

    # English (installed for the session, as main.py does): one and other
    assert tr("CashierPage", "%n item(s)", 1) == "1 item"
    assert tr("CashierPage", "%n item(s)", 3) == "3 items"
    assert tr("OrdersPage", "%n order(s), {total} paid", 1) == "1 order, {total} paid"
    assert tr("PickupPanel", "All %n parcel(s) picked up.", 2) == "All 2 parcels picked up."
    assert error_text(DeskError(ErrorCode.WRONG_PIN, attempts_left=1)).endswith("locked: 1.")
    translator = install_translator(qapp, "zh_CN")
    try:
        assert translator is not None
        assert tr("CashierPage", "%n item(s)", 1) == "1 件"
        assert tr("OrdersPage", "%n order(s), {total} paid", 2) == "2 笔订单，实收 {total}"
        assert "1 次" in error_text(DeskError(ErrorCode.WRONG_PIN, attempts_left=1))
    finally:
        for t in qapp.findChildren(type(translator)):
            if t.objectName() != EN_PLURALS:
                qapp.removeTranslator(t)
    assert tr("CashierPage", "%n item(s)", 1) == "1 item"


def test_a_failed_door_is_named_as_the_diagram_names_its_slot(desk: Desk) -> None:
    from gui.common.i18n import error_text
    from gui.common.locker_diagram import slot_door
    from services.core.errors import DeskError, ErrorCode
    from services.lockers.doors import _where

    bank = desk.parcels.layout()[0]
    slot = bank.slots[6]
    where = _where(bank.name, slot.no, slot.board, slot.lock, bank.code)
    text = error_text(DeskError(ErrorCode.DOOR_NOT_CLOSED, waited_s=120, **where))
    expected = f"{slot_door(bank.code, slot.no)} (door {slot.board}-{slot.lock:02d})"
    assert f"Door {expected} was not closed" in text, text
    assert bank.name not in text  # not "东侧快递柜 #7": one naming, the bank's slot code
