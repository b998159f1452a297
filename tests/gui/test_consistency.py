"""Item 6 of issue 17: the examples and echoes a newcomer reads are true in the demo."""

from __future__ import annotations

import re
from pathlib import Path

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
