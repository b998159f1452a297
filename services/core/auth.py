"""Operator login with lockout after repeated wrong PINs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session, sessionmaker

from models import Operator
from models.base import utcnow
from models.db import unit_of_work
from services.core.errors import DeskError, ErrorCode
from services.core.journal import record_audit
from services.core.pins import verify_pin
from services.core.records import OperatorInfo

MAX_FAILED_PINS = 5
LOCKOUT = timedelta(minutes=5)


def _info(op: Operator) -> OperatorInfo:
    return OperatorInfo(op.id, op.login, op.name, op.role.value, op.locked_until)


class AuthService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def operators(self) -> list[OperatorInfo]:
        with self._sessions() as session:
            ops = session.scalars(
                select(Operator).where(Operator.active).order_by(Operator.role, Operator.login)
            )
            return [_info(op) for op in ops]

    def login(self, operator_id: int, pin: str, now: datetime | None = None, *,
              action: str = "login") -> OperatorInfo:
        """Check the PIN. Five wrong PINs in a row lock the operator for five minutes.

        ``action`` names the check in the audit log ("login", or "approval" when a manager's PIN
        approves another operator's refund); the lockout counts every kind alike.

        The failure counter moves by a conditional UPDATE, so two desks typing
        wrong PINs for the same operator at once cannot lose a count.
        """
        now = now or utcnow()
        with unit_of_work(self._sessions) as session:
            op = session.get(Operator, operator_id)
            if op is None or not op.active:
                raise DeskError(ErrorCode.UNKNOWN_OPERATOR)
            if op.locked_until is not None and op.locked_until > now:
                raise DeskError(ErrorCode.OPERATOR_LOCKED, until=op.locked_until)
            pin_hash = op.pin_hash
        # The slow hash runs outside any transaction so it holds no database lock.
        ok = verify_pin(pin, pin_hash)
        with unit_of_work(self._sessions) as session:
            if ok:
                session.execute(
                    update(Operator)
                    .where(Operator.id == operator_id)
                    .values(failed_attempts=0, locked_until=None)
                )
                record_audit(session, action, operator_id=operator_id)
                op = session.get(Operator, operator_id)
                assert op is not None
                session.refresh(op)
                return _info(op)
            expired = Operator.locked_until.is_not(None) & (Operator.locked_until <= now)
            base = case((expired, 0), else_=Operator.failed_attempts)
            session.execute(
                update(Operator)
                .where(Operator.id == operator_id)
                .values(
                    failed_attempts=base + 1,
                    locked_until=case(
                        (base + 1 >= MAX_FAILED_PINS, now + LOCKOUT),
                        (expired, None),
                        else_=Operator.locked_until,
                    ),
                )
            )
            failed, locked_until = session.execute(
                select(Operator.failed_attempts, Operator.locked_until).where(Operator.id == operator_id)
            ).one()
            record_audit(session, f"{action}_failed", operator_id=operator_id, detail={"failed": failed})
        if locked_until is not None and locked_until > now:
            raise DeskError(ErrorCode.OPERATOR_LOCKED, until=locked_until)
        raise DeskError(ErrorCode.WRONG_PIN, attempts_left=MAX_FAILED_PINS - failed)
