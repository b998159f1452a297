"""Operators administration and manager approvals on a real SQLite file (and PostgreSQL for the
last-administrator race when COUNTERDESK_TEST_PG_URL is set)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import AuditEntry
from models.base import utcnow
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk
from services.staff.admin import Approval, Problem


def _id(desk: Desk, login: str) -> int:
    return next(o.id for o in desk.staff.operators() if o.login == login)


def test_add_operator_log_in_and_roles(desk: Desk) -> None:
    admin = _id(desk, "admin")
    row = desk.staff.add_operator(" Lucy ", "露西", "manager", "4321", by=admin)
    assert (row.login, row.role, row.active) == ("lucy", "manager", True)
    assert desk.auth.login(row.id, "4321").role == "manager"
    assert desk.staff.set_role(row.id, "cashier", by=admin).role == "cashier"
    assert desk.staff.rename(row.id, "Lucy W").name == "Lucy W"
    with pytest.raises(DeskError) as info:
        desk.staff.add_operator("lucy", "", "boss", "12", by=admin)
    problems = {(p.field, p.problem) for p in info.value.params["problems"]}
    assert problems == {("name", Problem.REQUIRED), ("role", Problem.BAD_ROLE), ("pin", Problem.BAD_PIN)}
    with pytest.raises(DeskError) as info:
        desk.staff.add_operator("LUCY", "other", "cashier", "1234")
    assert [p.problem for p in info.value.params["problems"]] == [Problem.LOGIN_TAKEN]
    with pytest.raises(DeskError) as info:
        desk.staff.add_operator("李", "x", "cashier", "1234")
    assert [p.problem for p in info.value.params["problems"]] == [Problem.BAD_LOGIN]


def test_withdrawn_operator_cannot_log_in_and_is_kept(desk: Desk) -> None:
    cashier = _id(desk, "cashier")
    desk.staff.set_active(cashier, False)
    with pytest.raises(DeskError) as info:
        desk.auth.login(cashier, "1111")
    assert info.value.code is ErrorCode.UNKNOWN_OPERATOR
    assert cashier not in {o.id for o in desk.auth.operators()}  # not offered at the login
    assert cashier in {o.id for o in desk.staff.operators()}  # never deleted
    desk.staff.set_active(cashier, True)
    assert desk.auth.login(cashier, "1111").login == "cashier"


def test_reset_pin_lifts_the_lockout(desk: Desk) -> None:
    cashier = _id(desk, "cashier")
    for _ in range(5):
        with pytest.raises(DeskError):
            desk.auth.login(cashier, "0000")
    with pytest.raises(DeskError) as info:
        desk.auth.login(cashier, "1111")
    assert info.value.code is ErrorCode.OPERATOR_LOCKED
    with pytest.raises(DeskError):
        desk.staff.reset_pin(cashier, "abc")
    desk.staff.reset_pin(cashier, "556677", by=_id(desk, "admin"))
    with pytest.raises(DeskError) as info:
        desk.auth.login(cashier, "1111")
    assert info.value.code is ErrorCode.WRONG_PIN
    assert desk.auth.login(cashier, "556677").id == cashier


def test_the_last_admin_stays(desk: Desk) -> None:
    admin = _id(desk, "admin")
    for change in (lambda: desk.staff.set_active(admin, False), lambda: desk.staff.set_role(admin, "cashier")):
        with pytest.raises(DeskError) as info:
            change()
        assert [p.problem for p in info.value.params["problems"]] == [Problem.LAST_ADMIN]
    second = desk.staff.add_operator("boss2", "老板", "admin", "8888")
    desk.staff.set_active(admin, False)
    with pytest.raises(DeskError):
        desk.staff.set_active(second.id, False)
    with pytest.raises(DeskError) as info:
        desk.staff.set_active(999_999, False)
    assert info.value.code is ErrorCode.UNKNOWN_OPERATOR


def test_manager_approval_is_audited_and_shares_the_lockout(desk: Desk) -> None:
    admin, cashier = _id(desk, "admin"), _id(desk, "cashier")
    approver = desk.staff.approve(admin, "9999", Approval.REFUND, "O-1", requested_by=cashier)
    assert approver.id == admin
    with pytest.raises(DeskError) as info:  # a cashier's right PIN does not approve
        desk.staff.approve(cashier, "1111", Approval.VOID, "O-1", requested_by=cashier)
    assert info.value.code is ErrorCode.NOT_APPROVED
    for left in (4, 3, 2, 1):
        with pytest.raises(DeskError) as info:
            desk.staff.approve(admin, "0000", Approval.PRICE_OVERRIDE, "O-2", requested_by=cashier)
        assert info.value.code is ErrorCode.WRONG_PIN and info.value.params["attempts_left"] == left
    with pytest.raises(DeskError) as info:
        desk.staff.approve(admin, "0000", Approval.PRICE_OVERRIDE, "O-2", requested_by=cashier)
    assert info.value.code is ErrorCode.OPERATOR_LOCKED
    with pytest.raises(DeskError) as info:  # locked for the login too
        desk.auth.login(admin, "9999")
    assert info.value.code is ErrorCode.OPERATOR_LOCKED
    assert desk.staff.approve(admin, "9999", Approval.REFUND, "O-3", cashier, now=utcnow() + timedelta(minutes=6))
    with desk.db.sessions() as s:
        entries = s.execute(select(AuditEntry.action, AuditEntry.operator_id, AuditEntry.subject)).all()
    assert ("approved_refund", admin, "O-1") in entries and ("approval_refused", cashier, "O-1") in entries
    assert sum(1 for a, _, _ in entries if a == "approval_failed") == 5


def test_two_admins_withdrawing_each_other_at_once_leave_one(pg_url: str) -> None:
    desk = Desk.open(pg_url)
    try:
        first = _id(desk, "admin")
        second = desk.staff.add_operator("boss2", "老板", "admin", "8888").id
        barrier = threading.Barrier(2)
        refused: list[int] = []

        def withdraw(target: int) -> None:
            barrier.wait()
            try:
                desk.staff.set_active(target, False)
            except DeskError:
                refused.append(target)

        threads = [threading.Thread(target=withdraw, args=(t,)) for t in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(refused) == 1
        assert sum(1 for o in desk.staff.operators() if o.role == "admin" and o.active) == 1
    finally:
        desk.close()
