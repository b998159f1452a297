"""The task runner's owner and key: callbacks for a destroyed owner and stale keyed answers are dropped."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui.common.tasks import TaskRunner
from services.desk import Desk
from tests.services.parcel_helpers import residents_of


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def gated(gate: threading.Event, value: Any) -> Any:
    """A job that finishes only when the test lets it."""
    assert gate.wait(5)
    return value


def wait_idle(qtbot: QtBot, tasks: TaskRunner) -> None:
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)


def test_owner_deleted_before_delivery_gets_no_callback(qtbot: QtBot, tasks: TaskRunner) -> None:
    parent = QWidget()
    owner = QWidget(parent)
    gate = threading.Event()
    got: list[object] = []
    tasks.db(gated, gate, "answer", owner=owner, done=got.append, failed=got.append)
    tasks.io(gated, gate, "other", owner=owner, done=got.append)
    assert tasks.pending == 2
    shiboken6.delete(owner)  # a closed panel: the C++ object is gone, the wrapper is not
    gate.set()
    wait_idle(qtbot, tasks)
    assert got == []
    parent.deleteLater()


def test_owner_destroyed_signal_drops_the_callback(qtbot: QtBot, tasks: TaskRunner) -> None:
    """A parentless dialog closed and released: the runner holds it weakly, so it really goes."""
    owner = QObject()
    gate = threading.Event()
    got: list[object] = []
    destroyed: list[bool] = []
    owner.destroyed.connect(lambda *_: destroyed.append(True))
    tasks.db(gated, gate, "answer", owner=owner, done=got.append)
    del owner  # last Python reference: the QObject is deleted now, not when the task ends
    assert destroyed == [True]
    gate.set()
    wait_idle(qtbot, tasks)
    assert got == []


def test_live_owner_gets_its_callbacks(qtbot: QtBot, tasks: TaskRunner) -> None:
    owner = QObject()
    got: list[object] = []
    tasks.db(lambda: 1, owner=owner, done=got.append)
    tasks.io(lambda: 1 / 0, owner=owner, failed=lambda exc: got.append(type(exc)))
    wait_idle(qtbot, tasks)
    assert sorted(map(str, got)) == sorted(["1", str(ZeroDivisionError)])


def test_stale_keyed_result_dropped_latest_delivered(qtbot: QtBot, tasks: TaskRunner) -> None:
    owner = QObject()
    other = QObject()
    first, second = threading.Event(), threading.Event()
    got: list[str] = []
    # On the I/O pool the first search can finish after the second: only the second is shown.
    tasks.io(gated, first, "old", owner=owner, key="search", done=got.append)
    tasks.io(gated, second, "new", owner=owner, key="search", done=got.append)
    # The same key on another owner, and another key on the same owner, are not stale.
    tasks.io(gated, second, "other owner", owner=other, key="search", done=got.append)
    tasks.io(gated, second, "other key", owner=owner, key="layout", done=got.append)
    second.set()
    qtbot.waitUntil(lambda: tasks.pending == 1, timeout=5000)
    first.set()
    wait_idle(qtbot, tasks)
    assert sorted(got) == ["new", "other key", "other owner"]


def test_stale_keyed_error_dropped_too(qtbot: QtBot, tasks: TaskRunner) -> None:
    owner = QObject()
    gate = threading.Event()
    got: list[object] = []

    def fails() -> None:
        assert gate.wait(5)
        raise RuntimeError("stale")

    with qtbot.capture_exceptions() as raised:
        tasks.io(fails, owner=owner, key="search", done=got.append)  # no failed: would reach the handler
        tasks.db(lambda: "fresh", owner=owner, key="search", done=got.append)
        qtbot.waitUntil(lambda: tasks.pending == 1, timeout=5000)
        gate.set()
        wait_idle(qtbot, tasks)
    assert got == ["fresh"]
    assert raised == []


def test_error_without_failed_reaches_the_app_handler_while_owner_lives(qtbot: QtBot, tasks: TaskRunner) -> None:
    owner = QObject()
    with qtbot.capture_exceptions() as raised:
        tasks.db(lambda: 1 / 0, owner=owner, key="search")
        tasks.db(lambda: 1 / 0)  # no owner at all: the same
        wait_idle(qtbot, tasks)
    assert [type(exc) for _type, exc, _tb in raised] == [ZeroDivisionError, ZeroDivisionError]


def test_error_without_failed_for_a_destroyed_owner_is_dropped(qtbot: QtBot, tasks: TaskRunner) -> None:
    owner = QObject()
    gate = threading.Event()

    def fails() -> None:
        assert gate.wait(5)
        raise RuntimeError("for nobody")

    with qtbot.capture_exceptions() as raised:
        tasks.db(fails, owner=owner)
        shiboken6.delete(owner)
        gate.set()
        wait_idle(qtbot, tasks)
    assert raised == []


def test_a_key_needs_an_owner(tasks: TaskRunner) -> None:
    with pytest.raises(ValueError, match="owner"):
        tasks.db(lambda: None, key="search")
    assert tasks.pending == 0


def test_drop_pending_makes_answers_on_their_way_stale(qtbot: QtBot, tasks: TaskRunner) -> None:
    """A search box cleared while a search runs: the old answer must not fill the cleared list."""
    owner = QObject()
    gate = threading.Event()
    got: list[str] = []
    tasks.io(gated, gate, "old", owner=owner, key="search", done=got.append)
    tasks.drop_pending(owner, "search")
    gate.set()
    wait_idle(qtbot, tasks)
    assert got == []
    tasks.db(lambda: "new", owner=owner, key="search", done=got.append)
    wait_idle(qtbot, tasks)
    assert got == ["new"]


def test_resident_picker_shows_nothing_from_a_search_overtaken_by_clear(
        qtbot: QtBot, tasks: TaskRunner, desk: Desk) -> None:
    """The picker on the real desk: clear() while a search waits makes its answer stale."""
    from gui.residents.picker import ResidentPicker

    resident = residents_of(desk, "1")[0]
    picker = ResidentPicker(desk.residents.search, tasks, "testPicker")
    qtbot.addWidget(picker)
    picker.edit.setText(resident.name)
    picker.search()
    wait_idle(qtbot, tasks)
    assert picker.model.rows  # the search itself finds residents

    gate = threading.Event()
    tasks.db(gate.wait, 10)  # the database worker is busy: the search below waits its turn
    picker.search()
    picker.clear()
    gate.set()
    wait_idle(qtbot, tasks)
    assert picker.model.rows == []
