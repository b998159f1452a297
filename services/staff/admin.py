"""Operators administration and manager approval.

Operators are never deleted (orders, audit entries and parcels point at them): a withdrawn
operator cannot log in or approve. The last active administrator can be neither withdrawn
nor given another role, so a desk can never lock every administrator out.

A manager approval (refunds, price overrides, voids) checks the approver's PIN through the
same code as the login, so wrong PINs count toward the same five-minute lockout, and the
audit log records who approved what for whom.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import Operator, Role
from models.db import unit_of_work
from services.core.auth import AuthService
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit
from services.core.pins import hash_pin, valid_pin_format
from services.core.records import OperatorInfo

APPROVER_ROLES = frozenset({Role.MANAGER.value, Role.ADMIN.value})


class Approval(enum.StrEnum):
    REFUND = "refund"
    PRICE_OVERRIDE = "price_override"
    VOID = "void"


class Problem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"  # maximum
    BAD_LOGIN = "bad_login"  # value: letters, digits, . _ - only
    LOGIN_TAKEN = "login_taken"  # value
    BAD_ROLE = "bad_role"  # value
    BAD_PIN = "bad_pin"  # 4-8 digits
    LAST_ADMIN = "last_admin"  # the only active administrator cannot be withdrawn or demoted


@dataclass(frozen=True)
class FieldProblem:
    field: str
    problem: Problem
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class OperatorRow:
    id: int
    login: str
    name: str
    role: str
    active: bool
    locked_until: datetime | None


def _row(op: Operator) -> OperatorRow:
    return OperatorRow(op.id, op.login, op.name, op.role.value, op.active, op.locked_until)


def _role(value: str, problems: list[FieldProblem]) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        problems.append(FieldProblem("role", Problem.BAD_ROLE, {"value": value}))
        return None


def _invalid(problems: list[FieldProblem]) -> DeskError:
    return DeskError(ErrorCode.OPERATOR_INVALID, problems=problems)


class StaffService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._auth = AuthService(sessions)

    def operators(self) -> list[OperatorRow]:
        """Everyone, withdrawn operators too (the Operators page shows and can restore them)."""
        with self._sessions() as session:
            return [_row(op) for op in session.scalars(select(Operator).order_by(Operator.active.desc(),
                                                                                  Operator.login))]

    def add_operator(self, login: str, name: str, role: str, pin: str, by: int | None = None) -> OperatorRow:
        login, name = login.strip().lower(), name.strip()
        problems: list[FieldProblem] = []
        if not login:
            problems.append(FieldProblem("login", Problem.REQUIRED))
        elif len(login) > 32:
            problems.append(FieldProblem("login", Problem.TOO_LONG, {"maximum": 32}))
        elif not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in login):
            problems.append(FieldProblem("login", Problem.BAD_LOGIN, {"value": login}))
        if not name:
            problems.append(FieldProblem("name", Problem.REQUIRED))
        elif len(name) > 60:
            problems.append(FieldProblem("name", Problem.TOO_LONG, {"maximum": 60}))
        chosen = _role(role, problems)
        if not valid_pin_format(pin):
            problems.append(FieldProblem("pin", Problem.BAD_PIN))
        if problems:
            raise _invalid(problems)
        assert chosen is not None
        pin_hash = hash_pin(pin)  # slow: outside the transaction
        try:
            with unit_of_work(self._sessions) as session:
                op = Operator(login=login, name=name, role=chosen, pin_hash=pin_hash)
                session.add(op)
                session.flush()
                record_audit(session, "operator_added", subject=login, operator_id=by,
                             detail={"operator_id": op.id, "role": chosen.value})
                return _row(op)
        except IntegrityError as exc:  # the login exists (unique constraint: also against another desk)
            raise _invalid([FieldProblem("login", Problem.LOGIN_TAKEN, {"value": login})]) from exc

    def rename(self, operator_id: int, name: str, by: int | None = None) -> OperatorRow:
        name = name.strip()
        if not name or len(name) > 60:
            raise _invalid([FieldProblem("name", Problem.REQUIRED if not name else Problem.TOO_LONG,
                                         {} if not name else {"maximum": 60})])
        with unit_of_work(self._sessions) as session:
            op = self._get(session, operator_id)
            op.name = name
            record_audit(session, "operator_renamed", subject=op.login, operator_id=by)
            return _row(op)

    def set_role(self, operator_id: int, role: str, by: int | None = None) -> OperatorRow:
        problems: list[FieldProblem] = []
        chosen = _role(role, problems)
        if problems:
            raise _invalid(problems)
        assert chosen is not None
        with unit_of_work(self._sessions) as session:
            self._change_keeping_an_admin(session, operator_id, role=chosen)
            op = self._get(session, operator_id)
            session.refresh(op)
            record_audit(session, "operator_role_set", subject=op.login, operator_id=by,
                         detail={"role": chosen.value})
            return _row(op)

    def set_active(self, operator_id: int, active: bool, by: int | None = None) -> OperatorRow:
        """Withdraw an operator (no more logins or approvals) or restore one."""
        with unit_of_work(self._sessions) as session:
            self._change_keeping_an_admin(session, operator_id, active=active)
            op = self._get(session, operator_id)
            session.refresh(op)
            record_audit(session, "operator_restored" if active else "operator_withdrawn", subject=op.login,
                         operator_id=by)
            return _row(op)

    def reset_pin(self, operator_id: int, pin: str, by: int | None = None) -> None:
        """A new PIN; it also lifts a lockout."""
        if not valid_pin_format(pin):
            raise _invalid([FieldProblem("pin", Problem.BAD_PIN)])
        pin_hash = hash_pin(pin)
        with unit_of_work(self._sessions) as session:
            op = self._get(session, operator_id)
            op.pin_hash, op.failed_attempts, op.locked_until = pin_hash, 0, None
            record_audit(session, "operator_pin_reset", subject=op.login, operator_id=by)

    def approve(self, approver_id: int, pin: str, action: Approval, subject: str, requested_by: int | None,
                now: datetime | None = None) -> OperatorInfo:
        """Check a manager's (or administrator's) PIN for ``action`` on ``subject``.

        Raises WRONG_PIN / OPERATOR_LOCKED / UNKNOWN_OPERATOR as the login does (and counts toward
        the same lockout), NOT_APPROVED when the approver's role may not approve. Records who
        approved what for whom in the audit log.
        """
        approver = self._auth.login(approver_id, pin, now, action="approval")
        allowed = approver.role in APPROVER_ROLES
        with unit_of_work(self._sessions) as session:  # the refusal is recorded too, so it commits
            record_audit(session, f"approved_{action.value}" if allowed else "approval_refused", subject=subject,
                         operator_id=approver_id,
                         detail={"action": action.value, "requested_by": requested_by, "role": approver.role})
        if not allowed:
            raise DeskError(ErrorCode.NOT_APPROVED, action=action.value, role=approver.role)
        return approver

    @staticmethod
    def _get(session: Session, operator_id: int) -> Operator:
        op = session.get(Operator, operator_id)
        if op is None:
            raise DeskError(ErrorCode.UNKNOWN_OPERATOR)
        return op

    @staticmethod
    def _change_keeping_an_admin(session: Session, operator_id: int, *, role: Role | None = None,
                                 active: bool | None = None) -> None:
        """Apply the change in one conditional UPDATE that refuses to leave no active administrator:
        two administrators withdrawing each other at once cannot both succeed."""
        values: dict[str, Any] = {}
        if role is not None:
            values["role"] = role
        if active is not None:
            values["active"] = active
        if session.get(Operator, operator_id) is None:
            raise DeskError(ErrorCode.UNKNOWN_OPERATOR)
        # Lock the active administrators' rows (PostgreSQL; SQLite writers are serialised anyway), so
        # the count below sees a withdrawal committed by another desk a moment ago.
        session.execute(select(Operator.id).where(Operator.role == Role.ADMIN, Operator.active)
                        .order_by(Operator.id).with_for_update())
        keeps_admin = (role in (None, Role.ADMIN)) and active in (None, True)
        stmt = update(Operator).where(Operator.id == operator_id).values(**values)
        if not keeps_admin:
            others = (select(func.count()).select_from(Operator)
                      .where(Operator.role == Role.ADMIN, Operator.active, Operator.id != operator_id)
                      .scalar_subquery())
            stmt = stmt.where((Operator.role != Role.ADMIN) | (Operator.active.is_(False)) | (others > 0))
        done = session.execute(stmt)
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise _invalid([FieldProblem("role" if role is not None else "active", Problem.LAST_ADMIN)])
