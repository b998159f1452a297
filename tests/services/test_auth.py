from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import AuditEntry, Operator
from models.base import utcnow
from services.core.auth import LOCKOUT, MAX_FAILED_PINS
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk


def _op(desk: Desk, login: str) -> int:
    return next(o.id for o in desk.auth.operators() if o.login == login)


def test_operators_listed_without_secrets(desk: Desk) -> None:
    ops = desk.auth.operators()
    assert {o.login for o in ops} == {"cashier", "desk", "admin"}
    assert all(not hasattr(o, "pin_hash") for o in ops)


def test_pins_are_stored_as_salted_slow_hashes(desk: Desk) -> None:
    with desk.db.sessions() as s:
        hashes = s.scalars(select(Operator.pin_hash)).all()
    assert all(h.startswith("scrypt$") for h in hashes)
    assert not any("1111" in h or "9999" in h for h in hashes)
    assert len(set(hashes)) == len(hashes)


def test_right_pin_logs_in_and_is_audited(desk: Desk) -> None:
    op = desk.auth.login(_op(desk, "cashier"), "1111")
    assert op.role == "cashier" and op.name == "王芳"
    with desk.db.sessions() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.operator_id == op.id)) == "login"


def test_five_wrong_pins_lock_the_operator(desk: Desk) -> None:
    op_id = _op(desk, "cashier")
    now = utcnow()
    for attempt in range(1, MAX_FAILED_PINS):
        with pytest.raises(DeskError) as info:
            desk.auth.login(op_id, "0000", now=now)
        assert info.value.code is ErrorCode.WRONG_PIN
        assert info.value.params["attempts_left"] == MAX_FAILED_PINS - attempt
    with pytest.raises(DeskError) as info:
        desk.auth.login(op_id, "0000", now=now)
    assert info.value.code is ErrorCode.OPERATOR_LOCKED
    # Locked: even the right PIN is refused until the lock runs out.
    with pytest.raises(DeskError) as info:
        desk.auth.login(op_id, "1111", now=now + timedelta(minutes=1))
    assert info.value.code is ErrorCode.OPERATOR_LOCKED
    # Another operator is not affected.
    assert desk.auth.login(_op(desk, "admin"), "9999", now=now).login == "admin"
    # After the lockout the right PIN works and the counter starts again.
    later = now + LOCKOUT + timedelta(seconds=1)
    assert desk.auth.login(op_id, "1111", now=later).login == "cashier"
    with pytest.raises(DeskError) as info:
        desk.auth.login(op_id, "0000", now=later)
    assert info.value.params["attempts_left"] == MAX_FAILED_PINS - 1


def test_expired_lock_gives_a_fresh_count_after_wrong_pin(desk: Desk) -> None:
    op_id = _op(desk, "desk")
    now = utcnow()
    for _ in range(MAX_FAILED_PINS):
        with pytest.raises(DeskError):
            desk.auth.login(op_id, "1234", now=now)
    later = now + LOCKOUT + timedelta(seconds=5)
    with pytest.raises(DeskError) as info:
        desk.auth.login(op_id, "1234", now=later)
    assert info.value.code is ErrorCode.WRONG_PIN
    assert info.value.params["attempts_left"] == MAX_FAILED_PINS - 1


def test_unknown_operator(desk: Desk) -> None:
    with pytest.raises(DeskError) as info:
        desk.auth.login(424242, "1111")
    assert info.value.code is ErrorCode.UNKNOWN_OPERATOR
