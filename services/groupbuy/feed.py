"""Group-buy topics of the server's feed: what members did on their phone pages, applied at the desk.

The server keeps the phone pages; the desk owns the groups. A member's check-in and scans, answers,
wishes, consents and connection requests travel up the feed and are applied here by the same
``GroupBuyService`` the desk page uses, inside the feed's transaction (each handler in a savepoint:
the service's own units of work join it, see ``joined``). A payload that cannot be applied (a group
that closed meanwhile, an unknown member, a malformed field) is written to the audit log and skipped,
so one bad event never stalls the feed. What the desk decides goes back down as outbox events
(services/groupbuy/events.py).

Topics and payloads (a member is named by ``member_code`` — the server's own ids mean nothing here —
or by the desk's ``member_id``; likewise ``asker_code`` / ``target_code``):

- ``groupbuy.check_in``: member_id, store_code, basket_fen, items, source ("phone" or "kiosk") → ``groupbuy.basket``
- ``groupbuy.scan``: member_id, store_code, code (a product barcode), quantity → ``groupbuy.basket``
- ``groupbuy.check_out``: member_id
- ``groupbuy.answer``: group_id, member_id, accept
- ``groupbuy.wish``: member_id, product_code, by (ISO date), quantity, max_group_size
- ``groupbuy.wish_withdrawn``: member_id, product_code
- ``groupbuy.consent``: member_id, kind ("suggest" or "contact"), granted
- ``groupbuy.who_buys``: inquiry_id, asker_id, product_code, before (ISO date) → ``groupbuy.contacts``
- ``groupbuy.connection_request``: asker_id, target_id, product_code, before (ISO date)
- ``groupbuy.connection_answer``: request_id, target_id, accept
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from models.base import utcnow
from models.groupbuy import ConsentKind
from services.core.errors import DeskError
from services.core.journal import record_audit
from services.groupbuy.service import GroupBuyError, GroupBuyService

log = logging.getLogger(__name__)

FeedHandler = Callable[[Session, dict[str, Any]], None]


def joined(session: Session) -> sessionmaker[Session]:
    """Sessions on ``session``'s connection whose transactions are savepoints inside its transaction.

    SQLAlchemy's "join an external transaction" pattern: the service commits its unit of work
    (releasing a savepoint) and the feed's transaction commits or rolls back everything with the cursor.
    """
    return sessionmaker(bind=session.connection(), expire_on_commit=False, join_transaction_mode="create_savepoint")


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _member(gb: GroupBuyService, p: dict[str, Any], role: str = "member") -> int:
    """The desk's id of the member a payload names: ``<role>_code`` (the server's way) or ``<role>_id``."""
    code = p.get(f"{role}_code")
    return gb.member_id_of(str(code)) if code is not None else int(p[f"{role}_id"])


def _source(p: dict[str, Any]) -> str:
    source = str(p.get("source", "phone"))
    if source == "till":
        raise ValueError("the till checks in at the desk, not through the feed")
    return source


def _check_in(gb: GroupBuyService, p: dict[str, Any]) -> None:
    member_id = _member(gb, p)
    gb.check_in_at(member_id, str(p["store_code"]), int(p.get("basket_fen", 0)), int(p.get("items", 0)), _source(p))
    gb.publish_basket(member_id)


def _scan(gb: GroupBuyService, p: dict[str, Any]) -> None:
    member_id, quantity = _member(gb, p), int(p.get("quantity", 1))
    try:
        _, product = gb.scan(member_id, str(p["store_code"]), str(p["code"]), quantity=quantity, source=_source(p))
    except DeskError as exc:  # an unknown or withdrawn product: the member's page says so
        gb.publish_basket(member_id, error=exc.code.value, code=str(p["code"]))
        return
    gb.publish_basket(member_id, product, quantity)


def _check_out(gb: GroupBuyService, p: dict[str, Any]) -> None:
    member_id = _member(gb, p)
    gb.check_out(member_id)
    gb.publish_basket(member_id)


def _answer(gb: GroupBuyService, p: dict[str, Any]) -> None:
    gb.respond(int(p["group_id"]), _member(gb, p), accept=_bool(p["accept"]))


def _wish(gb: GroupBuyService, p: dict[str, Any]) -> None:
    gb.add_wish(_member(gb, p), str(p["product_code"]), date.fromisoformat(str(p["by"])),
                quantity=int(p.get("quantity", 1)), max_group_size=int(p.get("max_group_size", 4)))  # fmt: skip


def _wish_withdrawn(gb: GroupBuyService, p: dict[str, Any]) -> None:
    member_id, code = _member(gb, p), str(p["product_code"]).strip()
    for wish in gb.wishes(member_id):
        if wish.product_code == code:
            gb.withdraw_wish(wish.id, member_id)


def _consent(gb: GroupBuyService, p: dict[str, Any]) -> None:
    gb.set_consent(_member(gb, p), ConsentKind(str(p["kind"])), _bool(p["granted"]))


def _who_buys(gb: GroupBuyService, p: dict[str, Any]) -> None:
    gb.publish_who_buys(str(p["inquiry_id"]), _member(gb, p, "asker"), str(p["product_code"]),
                        date.fromisoformat(str(p["before"])))  # fmt: skip


def _connection_request(gb: GroupBuyService, p: dict[str, Any]) -> None:
    gb.request_connection(_member(gb, p, "asker"), int(p["target_id"]), str(p["product_code"]),
                          date.fromisoformat(str(p["before"])))  # fmt: skip


def _connection_answer(gb: GroupBuyService, p: dict[str, Any]) -> None:
    gb.answer_connection(str(p["request_id"]), _member(gb, p, "target"), accept=_bool(p["accept"]))


_APPLY: dict[str, Callable[[GroupBuyService, dict[str, Any]], None]] = {
    "groupbuy.check_in": _check_in,
    "groupbuy.scan": _scan,
    "groupbuy.check_out": _check_out,
    "groupbuy.answer": _answer,
    "groupbuy.wish": _wish,
    "groupbuy.wish_withdrawn": _wish_withdrawn,
    "groupbuy.consent": _consent,
    "groupbuy.who_buys": _who_buys,
    "groupbuy.connection_request": _connection_request,
    "groupbuy.connection_answer": _connection_answer,
}


def feed_handlers(clock: Callable[[], datetime] = utcnow) -> dict[str, FeedHandler]:
    """The desk's handlers for the group-buy topics (services/desk.py adds them to ``feed_handlers``)."""

    def make(topic: str) -> FeedHandler:
        apply = _APPLY[topic]

        def handler(session: Session, payload: dict[str, Any]) -> None:
            try:
                with session.begin_nested():
                    apply(GroupBuyService(joined(session), clock=clock), payload)
            except (GroupBuyError, DeskError, KeyError, ValueError, TypeError) as exc:
                log.warning("feed %s skipped: %s", topic, exc)
                reason = (exc.reason if isinstance(exc, GroupBuyError) else
                          exc.code.value if isinstance(exc, DeskError) else type(exc).__name__)  # fmt: skip
                record_audit(session, "groupbuy_feed_skipped", subject=topic,
                             detail={"reason": reason, "error": str(exc)[:200]})  # fmt: skip

        return handler

    return {topic: make(topic) for topic in _APPLY}
