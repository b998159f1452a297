"""PickupFlow, the reusable pickup (the face pickup check calls it with a resident id and via="face")."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from devices.lockboard import FaultKind
from devices.lockboard.protocol import RequestKind
from gui.parcels.pickup_flow import PickupFlow, PickupResult
from services.desk import Desk
from services.parcels.records import LIVE_STATES, ParcelState
from tests.gui.helpers import close_window, log_in, make_window, wait_idle

DOOR_TIMEOUT_MS = 8_000


def test_release_for_resident_via_face_opens_every_door_and_names_the_failed_one(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    live = desk.parcels.search("", states=list(LIVE_STATES))
    resident_id = next(p.resident_id for p in live if p.resident_id is not None)
    extra = desk.parcels.register("YT0099887766", "YTO", "S", resident_id, operator_id=None)  # stored earlier
    desk.parcels.mark_stored(extra.id, desk.parcels.choose_slot(extra.id).slot_id, operator_id=None)
    parcels = desk.parcels.for_resident(resident_id, live_only=True)
    assert len(parcels) >= 2
    window = make_window(qtbot, desk, tmp_path)
    try:
        window.devices.start_lock_board()
        qtbot.waitUntil(lambda: window.devices.lock_board is not None, timeout=10_000)
        log_in(qtbot, window, "desk", "2222")
        sim = window.devices.lock_simulator
        assert sim is not None and window.operator is not None
        jammed = parcels[-1]
        assert jammed.board is not None and jammed.lock is not None
        sim.inject(FaultKind.JAMMED, board=jammed.board, lock=jammed.lock)
        flow = PickupFlow(desk, window.tasks, window.devices, window.operator.id, parent=window)
        flow.close_timeout_s = 10.0
        progress: list[tuple[int, str]] = []
        results: list[PickupResult] = []
        flow.progress.connect(lambda pid, status: progress.append((pid, status)))
        flow.finished.connect(results.append)

        assert flow.release_for_resident(resident_id, via="face")
        assert not flow.release_for_resident(resident_id, via="face")  # one release at a time
        others = [p for p in parcels if p.id != jammed.id]
        qtbot.waitUntil(lambda: {pid for pid, st in progress if st == "opened"} == {p.id for p in others},
                        timeout=DOOR_TIMEOUT_MS)
        qtbot.wait(300)  # the resident takes the parcels
        for p in others:
            assert p.board is not None and p.lock is not None
            sim.person_closes(p.board, p.lock)
        qtbot.waitUntil(lambda: bool(results), timeout=DOOR_TIMEOUT_MS)
        result = results[0]
        assert {p.id for p in result.picked_up} == {p.id for p in others}
        assert [p.id for p in result.left] == [jammed.id]
        assert result.statuses[jammed.id] == "failed:lock_jammed"
        for p in others:
            assert desk.parcels.get(p.id).state is ParcelState.PICKED_UP
            assert len(sim.received(RequestKind.OPEN, p.board, p.lock)) == 1
        assert desk.parcels.get(jammed.id).state in LIVE_STATES  # still in its slot
        history = desk.parcels.history(others[0].id)
        assert history[-1].note == "picked up (face)"
        wait_idle(qtbot, window)
    finally:
        close_window(qtbot, window)
