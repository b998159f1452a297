from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from models.db import unit_of_work
from services.core.journal import emit_event, record_audit
from services.desk import Desk


def test_find_resident_by_unit_name_and_phone_tail(desk: Desk) -> None:
    everyone = desk.residents.search("")
    assert len(everyone) == 100
    one = everyone[0]
    assert "****" in one.phone_masked
    by_unit = desk.residents.search(f"{one.building}-{one.unit}")
    assert one in by_unit and all(r.unit == one.unit and r.building == one.building for r in by_unit)
    assert one in desk.residents.search(f"{one.building}号楼{one.unit}")
    assert one in desk.residents.search(one.name)
    tail = one.phone_masked[-4:]
    assert one in desk.residents.search(tail)
    assert desk.residents.search("不存在的人") == []


def test_outbox_event_commits_with_its_change(desk: Desk) -> None:
    before = desk.outbox_status().pending  # the demo's member.profile events
    with unit_of_work(desk.db.sessions) as s:
        record_audit(s, "test_change")
        event_id = emit_event(s, "member.coupon_claimed", {"member": 1, "amount_fen": 500})
    assert len(event_id) == 32
    status = desk.outbox_status()
    assert status.pending == before + 1 and status.oldest_pending is not None
    assert status.oldest_pending.tzinfo is not None


def test_outbox_event_rolls_back_with_its_change(desk: Desk) -> None:
    before = desk.outbox_status().pending

    def failing(session: Session) -> None:
        emit_event(session, "member.coupon_claimed", {"member": 1})
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError), unit_of_work(desk.db.sessions) as s:
        failing(s)
    assert desk.outbox_status().pending == before
