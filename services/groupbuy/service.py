"""Group buying at the desk, persisted: check-ins and live baskets, wishes, consents, suggestions, answers.

The engine (``engine.plan_groups``) is pure; this module feeds it the checked-in members who
consented to being suggested, stores the groups it chooses (state ``forming``), and takes the
members' answers. When every member has answered, the accepted ones form the group if pooling
their baskets still saves money (``succeeded``, shares recomputed among them), else it ends
(``expired``); a group nobody finished answering expires at ``expires_at`` (``expire_due``).

Races are settled by the database: one live check-in, one active consent of each kind and one
forming seat per member are unique columns (models/groupbuy.py), and every state change is a
conditional UPDATE whose row count says whether this caller made it. Names and phones are
masked in everything returned; nothing here is shown to other members without consent.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import String, select, update
from sqlalchemy import cast as sa_cast
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import (
    AuditEntry,
    GroupBuyCheckIn,
    GroupBuyConsent,
    GroupBuyGroup,
    GroupBuyMember,
    GroupBuyWish,
    Member,
    Store,
)
from models.base import utcnow
from models.db import unit_of_work
from models.groupbuy import Answer, ConsentKind, GroupState
from services.catalog.lookup import CatalogService
from services.catalog.records import ProductInfo
from services.core.journal import emit_event, record_audit
from services.core.masking import mask_name, mask_phone
from services.core.money import split_largest_remainder
from services.groupbuy.engine import plan_groups
from services.groupbuy.events import group_event, notify_payloads, suggestion_events
from services.groupbuy.types import (
    MAX_FEN,
    MAX_GROUP_SIZE,
    BuyN,
    Compatibility,
    Limits,
    Promotion,
    Shopper,
    Tier,
    Wish,
)

SOURCES = ("phone", "kiosk", "till")
PURPOSES = {
    ConsentKind.SUGGEST: "groupbuy_suggest",  # be put in suggested groups; others see a masked name and share
    ConsentKind.CONTACT: "groupbuy_contact",  # be listed to members asking who buys a product, contacted via the desk
}


class GroupBuyError(Exception):
    """A refused group-buy action; ``reason`` is one of the constants below, ``params`` name the detail."""

    UNKNOWN_MEMBER = "unknown_member"  # member_id
    UNKNOWN_STORE = "unknown_store"  # store_id
    BAD_BASKET = "bad_basket"  # field, value
    BAD_SOURCE = "bad_source"  # source, allowed
    BAD_WISH = "bad_wish"  # field, value
    UNKNOWN_WISH = "unknown_wish"  # wish_id
    UNKNOWN_GROUP = "unknown_group"  # group_id
    NOT_IN_GROUP = "not_in_group"  # group_id, member_id
    ALREADY_ANSWERED = "already_answered"  # group_id, member_id, answer
    GROUP_CLOSED = "group_closed"  # group_id, state
    GROUP_NOT_PAYABLE = "group_not_payable"  # group_id, state (not formed, already settled, expired)
    BAD_GROUP_BASKET = "bad_group_basket"  # group_id, field, members (missing or not in the group)
    NOT_CONTACTABLE = "not_contactable"  # member_id (no contact consent, or not on the asker's list)
    UNKNOWN_REQUEST = "unknown_request"  # request_id

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(f"{reason}: {params}")
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class CheckInInfo:
    member_id: int
    name: str  # masked
    phone: str  # masked
    store_id: int
    source: str
    basket_fen: int
    items: int
    since: datetime
    updated_at: datetime


@dataclass(frozen=True)
class WishInfo:
    id: int
    member_id: int
    product_code: str
    quantity: int
    by_date: date
    max_group_size: int


@dataclass(frozen=True)
class ConsentInfo:
    member_id: int
    kind: str
    active: bool
    granted_at: datetime | None


@dataclass(frozen=True)
class ContactInfo:
    """A member who agreed to be contacted about a product: masked name, never a phone number."""

    member_id: int  # what a connection request names; the desk relays, numbers stay private
    name: str  # masked
    product_code: str
    by_dates: tuple[date, ...]


@dataclass(frozen=True)
class SeatInfo:
    member_id: int
    name: str  # masked
    basket_fen: int
    share_fen: int
    answer: str


@dataclass(frozen=True)
class GroupInfo:
    id: int
    state: str
    expires_at: datetime
    basket_fen: int
    saving_fen: int
    gain_fen: int
    bonus_fen: int
    seats: tuple[SeatInfo, ...]
    # the certificate of the suggestion run that made it: its value, its upper bound, proven best or not
    run_value_fen: int = 0
    run_upper_bound_fen: int = 0
    run_exact: bool = False

    @property
    def code(self) -> str:
        """What the members show at the till (services/groupbuy/checkout.py parses it)."""
        return f"G{self.id:06d}"


@dataclass(frozen=True)
class SuggestionRun:
    """The groups one run created, and the engine's certificate over everyone it considered."""

    groups: tuple[GroupInfo, ...]
    considered: int  # checked-in members with suggestion consent and no forming group
    value_fen: int
    upper_bound_fen: int
    exact: bool


def promotion_json(promotion: Promotion) -> dict[str, Any]:
    out: dict[str, Any] = {"tiers": [[t.spend_fen, t.off_fen] for t in promotion.tiers]}
    if promotion.buy_n is not None:
        out["buy_n"] = [promotion.buy_n.items, promotion.buy_n.off_fen]
    return out


def promotion_from_json(data: dict[str, Any]) -> Promotion:
    buy_n = data.get("buy_n")
    return Promotion(
        tuple(Tier(int(s), int(o)) for s, o in data.get("tiers", [])),
        BuyN(int(buy_n[0]), int(buy_n[1])) if buy_n else None,
    )


class GroupBuyService:
    def __init__(self, sessions: sessionmaker[Session], *, clock: Callable[[], datetime] = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    # ------------------------------------------------------------------ check-ins

    def check_in(
        self, member_id: int, store_id: int, *, basket_fen: int = 0, items: int = 0, source: str = "till"
    ) -> CheckInInfo:
        """The member is in the store; their terminal's latest basket replaces the one before."""
        if source not in SOURCES:
            raise GroupBuyError(GroupBuyError.BAD_SOURCE, source=source, allowed=SOURCES)
        for field_name, value in (("basket_fen", basket_fen), ("items", items)):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_FEN:
                raise GroupBuyError(GroupBuyError.BAD_BASKET, field=field_name, value=value)
        now = self._now()
        for attempt in range(2):
            try:
                with unit_of_work(self._sessions) as session:
                    self._member(session, member_id)
                    if session.get(Store, store_id) is None:
                        raise GroupBuyError(GroupBuyError.UNKNOWN_STORE, store_id=store_id)
                    moved = changed(
                        session,
                        update(GroupBuyCheckIn)
                        .where(GroupBuyCheckIn.live_member_id == member_id)
                        .values(
                            store_id=store_id,
                            basket_fen=basket_fen,
                            items=items,
                            source=source,
                            updated_at=now,
                        ),
                    )
                    if not moved:
                        session.add(GroupBuyCheckIn(
                            member_id=member_id, store_id=store_id, source=source, basket_fen=basket_fen,
                            items=items, checked_in_at=now, updated_at=now, live_member_id=member_id,
                        ))  # fmt: skip
                break
            except IntegrityError:  # another terminal checked the member in at the same moment
                if attempt:
                    raise
        info = self._live_check_in(member_id)
        assert info is not None
        return info

    def member_id_of(self, member_code: str) -> int:
        """The member with this card code (how the server names a member: its ids are its own)."""
        with self._sessions() as session:
            member_id = session.scalar(select(Member.id).where(Member.member_code == member_code.strip().upper()))
        if member_id is None:
            raise GroupBuyError(GroupBuyError.UNKNOWN_MEMBER, member_id=member_code)
        return member_id

    def store_id(self, store_code: str) -> int:
        with self._sessions() as session:
            store_id = session.scalar(select(Store.id).where(Store.code == store_code))
        if store_id is None:
            raise GroupBuyError(GroupBuyError.UNKNOWN_STORE, store_id=store_code)
        return store_id

    def check_in_at(self, member_id: int, store_code: str, basket_fen: int, items: int, source: str = "till"
                    ) -> CheckInInfo:  # fmt: skip
        """``check_in`` by the store's code: the till's basket when the cashier identifies a member."""
        return self.check_in(member_id, self.store_id(store_code), basket_fen=basket_fen, items=items, source=source)

    def scan(self, member_id: int, store_code: str, code: str, *, quantity: int = 1, source: str = "phone"
             ) -> tuple[CheckInInfo, ProductInfo]:  # fmt: skip
        """An item the member scanned on their phone (or the kiosk) joins their live basket, at the catalogue price.

        The basket grows by an atomic increment, so two scans at once both count. Unknown or
        withdrawn products raise the catalogue's DeskError and change nothing.
        """
        if not 1 <= quantity <= 99:
            raise GroupBuyError(GroupBuyError.BAD_BASKET, field="quantity", value=quantity)
        product = CatalogService(self._sessions).lookup(code)
        store_id = self.store_id(store_code)
        added = product.price_fen * quantity
        with unit_of_work(self._sessions) as session:
            grown = changed(
                session,
                update(GroupBuyCheckIn)
                .where(GroupBuyCheckIn.live_member_id == member_id, GroupBuyCheckIn.store_id == store_id)
                .values(basket_fen=GroupBuyCheckIn.basket_fen + added, items=GroupBuyCheckIn.items + quantity,
                        source=source, updated_at=self._now()),
            )  # fmt: skip
        if not grown:
            self.check_in(member_id, store_id, basket_fen=added, items=quantity, source=source)
        info = self._live_check_in(member_id)
        assert info is not None
        return info, product

    def publish_basket(
        self, member_id: int, last: ProductInfo | None = None, quantity: int = 1, *, error: str = "", code: str = ""
    ) -> None:
        """Tell the server the member's live basket (their phone page shows it): ``groupbuy.basket``."""
        info = self._live_check_in(member_id)
        with unit_of_work(self._sessions) as session:
            member = self._member(session, member_id)
            store_code = session.scalar(select(Store.code).where(Store.id == info.store_id)) if info else None
            emit_event(session, "groupbuy.basket", {
                "member_code": member.member_code, "store_code": store_code or "", "checked_in": info is not None,
                "basket_fen": info.basket_fen if info else 0, "items": info.items if info else 0,
                "last": {"code": last.code, "name": last.name, "price_fen": last.price_fen, "quantity": quantity}
                if last else None,
                "error": {"reason": error, "code": code[:40]} if error else None,
            })  # fmt: skip

    def check_out(self, member_id: int) -> bool:
        """The member left (or closed the page); False when they were not checked in."""
        with unit_of_work(self._sessions) as session:
            return bool(
                changed(
                    session,
                    update(GroupBuyCheckIn)
                    .where(GroupBuyCheckIn.live_member_id == member_id)
                    .values(checked_out_at=self._now(), live_member_id=None),
                )
            )

    def live(self, store_id: int) -> list[CheckInInfo]:
        """Checked-in members of a store, largest basket first (masked names and phones)."""
        with self._sessions() as session:
            rows = session.execute(
                select(GroupBuyCheckIn, Member)
                .join(Member, Member.id == GroupBuyCheckIn.member_id)
                .where(GroupBuyCheckIn.live_member_id.is_not(None), GroupBuyCheckIn.store_id == store_id)
                .order_by(GroupBuyCheckIn.basket_fen.desc(), GroupBuyCheckIn.id)
            ).all()
            return [_check_in_info(c, m) for c, m in rows]

    def _live_check_in(self, member_id: int) -> CheckInInfo | None:
        with self._sessions() as session:
            row = session.execute(
                select(GroupBuyCheckIn, Member)
                .join(Member, Member.id == GroupBuyCheckIn.member_id)
                .where(GroupBuyCheckIn.live_member_id == member_id)
            ).first()
            return _check_in_info(row[0], row[1]) if row else None

    # ------------------------------------------------------------------ wishes and consent

    def add_wish(
        self, member_id: int, product_code: str, by_date: date, *, quantity: int = 1, max_group_size: int = 4
    ) -> WishInfo:
        code = product_code.strip()
        if not code or len(code) > 40:
            raise GroupBuyError(GroupBuyError.BAD_WISH, field="product_code", value=product_code)
        if by_date < self._now().date():
            raise GroupBuyError(GroupBuyError.BAD_WISH, field="by_date", value=by_date.isoformat())
        if not 1 <= quantity <= 999:
            raise GroupBuyError(GroupBuyError.BAD_WISH, field="quantity", value=quantity)
        if not 2 <= max_group_size <= MAX_GROUP_SIZE:
            raise GroupBuyError(GroupBuyError.BAD_WISH, field="max_group_size", value=max_group_size)
        with unit_of_work(self._sessions) as session:
            self._member(session, member_id)
            wish = GroupBuyWish(member_id=member_id, product_code=code, quantity=quantity, by_date=by_date,
                                max_group_size=max_group_size, created_at=self._now())  # fmt: skip
            session.add(wish)
            session.flush()
            return _wish_info(wish)

    def withdraw_wish(self, wish_id: int, member_id: int) -> None:
        with unit_of_work(self._sessions) as session:
            done = changed(
                session,
                update(GroupBuyWish)
                .where(GroupBuyWish.id == wish_id, GroupBuyWish.member_id == member_id,
                       GroupBuyWish.withdrawn_at.is_(None))
                .values(withdrawn_at=self._now())
            )  # fmt: skip
            if not done:
                raise GroupBuyError(GroupBuyError.UNKNOWN_WISH, wish_id=wish_id)

    def wishes(self, member_id: int) -> list[WishInfo]:
        with self._sessions() as session:
            rows = session.scalars(
                select(GroupBuyWish)
                .where(GroupBuyWish.member_id == member_id, GroupBuyWish.withdrawn_at.is_(None))
                .order_by(GroupBuyWish.by_date, GroupBuyWish.id)
            )
            return [_wish_info(w) for w in rows]

    def set_consent(self, member_id: int, kind: ConsentKind, granted: bool, *, operator_id: int | None = None
                    ) -> ConsentInfo:  # fmt: skip
        """Give or withdraw one consent. Withdrawing suggestion consent declines the member's open invitations."""
        kind = ConsentKind(kind)
        key = f"{member_id}:{kind.value}"
        now = self._now()
        with unit_of_work(self._sessions) as session:
            member = self._member(session, member_id)
            if granted:
                exists = session.scalar(select(GroupBuyConsent.id).where(GroupBuyConsent.live_key == key))
                if exists is None:
                    session.add(GroupBuyConsent(member_id=member_id, kind=kind.value, purpose=PURPOSES[kind],
                                                granted_at=now, live_key=key))  # fmt: skip
            else:
                session.execute(
                    update(GroupBuyConsent).where(GroupBuyConsent.live_key == key)
                    .values(withdrawn_at=now, live_key=None)
                )  # fmt: skip
            if kind is ConsentKind.CONTACT:
                member.consent_contact_share = granted
            record_audit(session, f"groupbuy_consent_{'granted' if granted else 'withdrawn'}",
                         subject=f"member-{member_id}", detail={"kind": kind.value}, operator_id=operator_id)  # fmt: skip
        if not granted and kind is ConsentKind.SUGGEST:
            for group_id in self._forming_groups_of(member_id):
                with contextlib.suppress(GroupBuyError):  # answered or closed meanwhile
                    self.respond(group_id, member_id, accept=False)
        return self.consent(member_id, kind)

    def consent(self, member_id: int, kind: ConsentKind) -> ConsentInfo:
        with self._sessions() as session:
            row = session.scalars(
                select(GroupBuyConsent).where(
                    GroupBuyConsent.live_key == f"{member_id}:{ConsentKind(kind).value}"
                )
            ).first()
            return ConsentInfo(
                member_id, ConsentKind(kind).value, row is not None, row.granted_at if row else None
            )

    def who_buys(self, asker_id: int, product_code: str, before: date) -> list[ContactInfo]:
        """ "Who buys ``product_code`` by ``before``": members who consented to be contacted and wish it.

        Their wishes must fall due between today and ``before``; the asker is never listed.
        """
        code = product_code.strip()
        if not code:
            raise GroupBuyError(GroupBuyError.BAD_WISH, field="product_code", value=product_code)
        today = self._now().date()
        with self._sessions() as session:
            self._member(session, asker_id)
            rows = session.execute(
                select(GroupBuyWish.member_id, Member.name, GroupBuyWish.by_date)
                .join(Member, Member.id == GroupBuyWish.member_id)
                .join(GroupBuyConsent, GroupBuyConsent.live_key == sa_cast(GroupBuyWish.member_id, String).concat(":contact"))
                .where(GroupBuyWish.product_code == code, GroupBuyWish.withdrawn_at.is_(None),
                       GroupBuyWish.by_date >= today, GroupBuyWish.by_date <= before,
                       GroupBuyWish.member_id != asker_id)
                .order_by(GroupBuyWish.by_date, GroupBuyWish.member_id)
            ).all()  # fmt: skip
        found: dict[int, tuple[str, list[date]]] = {}
        for member_id, name, by_date in rows:
            found.setdefault(member_id, (name, []))[1].append(by_date)
        return [ContactInfo(m, mask_name(name), code, tuple(days)) for m, (name, days) in found.items()]

    def publish_who_buys(self, inquiry_id: str, asker_id: int, product_code: str, before: date) -> list[ContactInfo]:
        """``who_buys`` asked from a phone: the answer goes to the server for the asker's page."""
        contacts = self.who_buys(asker_id, product_code, before)
        with unit_of_work(self._sessions) as session:
            asker = self._member(session, asker_id)
            emit_event(session, "groupbuy.contacts", {
                "inquiry_id": inquiry_id[:32], "asker_id": asker_id, "asker_code": asker.member_code,
                "product_code": product_code.strip(),
                "before": before.isoformat(),
                "contacts": [{"member_id": c.member_id, "name": c.name,
                              "by_dates": [d.isoformat() for d in c.by_dates]} for c in contacts],
            })  # fmt: skip
        return contacts

    # ------------------------------------------------------------------ connection requests

    def request_connection(self, asker_id: int, target_id: int, product_code: str, before: date) -> str:
        """The asker wants to be connected to a member from their "who buys" list; returns the request id.

        Only a member who is on that list (consented to contact, wishes the product by ``before``)
        can be asked. The server relays the request to the target's page; no number is revealed.
        """
        if target_id not in {c.member_id for c in self.who_buys(asker_id, product_code, before)}:
            raise GroupBuyError(GroupBuyError.NOT_CONTACTABLE, member_id=target_id)
        request_id = secrets.token_hex(8)
        with unit_of_work(self._sessions) as session:
            asker = self._member(session, asker_id)
            detail = {"asker_id": asker_id, "target_id": target_id, "product_code": product_code.strip(),
                      "before": before.isoformat()}  # fmt: skip
            record_audit(
                session, "groupbuy_connect_requested", subject=f"connect-{request_id}", detail=detail
            )
            target = self._member(session, target_id)
            emit_event(session, "groupbuy.connection_requested",
                       {"request_id": request_id, **detail, "asker_name": mask_name(asker.name),
                        "asker_code": asker.member_code, "target_code": target.member_code,
                        "target_name": mask_name(target.name)})  # fmt: skip
        return request_id

    def answer_connection(self, request_id: str, target_id: int, *, accept: bool) -> None:
        """The target's answer. Accepting needs their contact consent still active; both are then connected.

        Answering twice sends the answer twice; the server keeps the first (it dedups on the request id).
        """
        with unit_of_work(self._sessions) as session:
            entry = session.scalar(
                select(AuditEntry).where(AuditEntry.action == "groupbuy_connect_requested",
                                         AuditEntry.subject == f"connect-{request_id}")
            )  # fmt: skip
            if entry is None or entry.detail.get("target_id") != target_id:
                raise GroupBuyError(GroupBuyError.UNKNOWN_REQUEST, request_id=request_id)
            live = session.scalar(
                select(GroupBuyConsent.id).where(GroupBuyConsent.live_key == f"{target_id}:{ConsentKind.CONTACT.value}")
            )  # fmt: skip
            if accept and live is None:
                raise GroupBuyError(GroupBuyError.NOT_CONTACTABLE, member_id=target_id)
            target = self._member(session, target_id)
            asker = self._member(session, int(entry.detail["asker_id"]))
            topic = "groupbuy.connected" if accept else "groupbuy.connection_declined"
            record_audit(session, topic.replace(".", "_")[:40], subject=f"connect-{request_id}")
            emit_event(session, topic, {
                "request_id": request_id, "asker_id": asker.id, "target_id": target.id,
                "asker_code": asker.member_code, "target_code": target.member_code,
                "asker_name": mask_name(asker.name), "target_name": mask_name(target.name),
                "product_code": entry.detail["product_code"], "before": entry.detail["before"],
            })  # fmt: skip

    # ------------------------------------------------------------------ suggestions

    def suggest(
        self,
        store_id: int,
        promotion: Promotion,
        limits: Limits | None = None,
        compatibility: Compatibility | None = None,
        *,
        ttl: timedelta = timedelta(minutes=30),
    ) -> SuggestionRun:
        """Group the store's checked-in, consenting members who are in no forming group, and store the groups.

        A group whose member got a forming seat elsewhere meanwhile (another desk's run) is
        skipped, not half-stored: each group is written in its own savepoint.
        """
        limits = limits or Limits()
        now = self._now()
        with self._sessions() as session:
            rows = session.execute(
                select(GroupBuyCheckIn)
                .join(GroupBuyConsent, GroupBuyConsent.live_key == sa_cast(GroupBuyCheckIn.member_id, String).concat(":suggest"))
                .where(GroupBuyCheckIn.live_member_id.is_not(None), GroupBuyCheckIn.store_id == store_id)
                .where(GroupBuyCheckIn.member_id.not_in(
                    select(GroupBuyMember.live_member_id).where(GroupBuyMember.live_member_id.is_not(None))))
                .order_by(GroupBuyCheckIn.member_id)
            ).scalars().all()  # fmt: skip
            wishes: dict[int, list[Wish]] = {}
            for w in session.scalars(
                select(GroupBuyWish).where(
                    GroupBuyWish.member_id.in_([r.member_id for r in rows]),
                    GroupBuyWish.withdrawn_at.is_(None),
                    GroupBuyWish.by_date >= now.date(),
                )
            ):
                wishes.setdefault(w.member_id, []).append(Wish(w.product_code, w.by_date))
            shoppers = [
                Shopper(str(r.member_id), r.basket_fen, r.items, tuple(wishes.get(r.member_id, ())))
                for r in rows
            ]
        plan = plan_groups(shoppers, promotion, limits, compatibility)
        baskets = {s.id: s for s in shoppers}
        created: list[int] = []
        with unit_of_work(self._sessions) as session:
            for g in plan.groups:
                try:
                    with session.begin_nested():
                        group = GroupBuyGroup(
                            store_id=store_id, state=GroupState.FORMING.value, created_at=now, expires_at=now + ttl,
                            promotion=promotion_json(promotion), min_size=limits.min_size, basket_fen=g.basket_fen,
                            saving_fen=g.saving_fen, gain_fen=g.gain_fen, bonus_fen=g.bonus_fen,
                            run_value_fen=plan.value_fen, run_upper_bound_fen=plan.upper_bound_fen,
                            run_exact=plan.exact,
                        )  # fmt: skip
                        session.add(group)
                        session.flush()
                        for member, share in zip(g.members, g.shares_fen, strict=True):
                            s = baskets[member]
                            session.add(GroupBuyMember(
                                group_id=group.id, member_id=int(member), basket_fen=s.basket_fen, items=s.items,
                                share_fen=share, live_member_id=int(member),
                            ))  # fmt: skip
                        session.flush()
                    created.append(group.id)
                    for payload in suggestion_events(session, group.id):
                        emit_event(session, "groupbuy.suggested", payload)
                    for payload in notify_payloads(session, group.id, "groupbuy_suggested"):
                        emit_event(session, "notify.member", payload)
                except IntegrityError:
                    continue
            record_audit(session, "groupbuy_suggested", subject=f"store-{store_id}",
                         detail={"groups": created, "value_fen": plan.value_fen,
                                 "upper_bound_fen": plan.upper_bound_fen, "exact": plan.exact})  # fmt: skip
        return SuggestionRun(tuple(self.group(i) for i in created), len(shoppers), plan.value_fen,
                             plan.upper_bound_fen, plan.exact)  # fmt: skip

    # ------------------------------------------------------------------ answers and the lifecycle

    def respond(self, group_id: int, member_id: int, *, accept: bool) -> GroupInfo:
        """A member's answer; decides the group once nobody is left to answer (or it cannot form any more)."""
        now = self._now()
        answer = Answer.ACCEPTED if accept else Answer.DECLINED
        with unit_of_work(self._sessions) as session:
            open_group = select(GroupBuyGroup.id).where(
                GroupBuyGroup.id == group_id, GroupBuyGroup.state == GroupState.FORMING.value,
                GroupBuyGroup.expires_at > now,
            )  # fmt: skip
            done = changed(
                session,
                update(GroupBuyMember)
                .where(GroupBuyMember.group_id == group_id, GroupBuyMember.member_id == member_id,
                       GroupBuyMember.answer == Answer.PENDING.value, GroupBuyMember.group_id.in_(open_group))
                .values(answer=answer.value, answered_at=now,
                        live_member_id=member_id if accept else None)
                .execution_options(synchronize_session=False)
            )  # fmt: skip
            if not done:
                self._why_not(session, group_id, member_id, now)
        self.decide(group_id)
        return self.group(group_id)

    def decide(self, group_id: int) -> str:
        """Close a forming group when its answers allow: succeeded, expired, or still forming."""
        now = self._now()
        with unit_of_work(self._sessions) as session:
            group = session.get(GroupBuyGroup, group_id)
            if group is None:
                raise GroupBuyError(GroupBuyError.UNKNOWN_GROUP, group_id=group_id)
            if group.state != GroupState.FORMING.value:
                return group.state
            seats = list(session.scalars(select(GroupBuyMember).where(GroupBuyMember.group_id == group_id)))
            pending = [s for s in seats if s.answer == Answer.PENDING.value]
            accepted = [s for s in seats if s.answer == Answer.ACCEPTED.value]
            promotion = promotion_from_json(group.promotion)
            hopeful = accepted + pending
            if pending and _pooled_gain(promotion, hopeful) > 0 and len(hopeful) >= group.min_size:
                return group.state  # still waiting, and it can still form
            formed = len(accepted) >= group.min_size and _pooled_gain(promotion, accepted) > 0
            state = GroupState.SUCCEEDED if formed else GroupState.EXPIRED
            won = changed(
                session,
                update(GroupBuyGroup)
                .where(GroupBuyGroup.id == group_id, GroupBuyGroup.state == GroupState.FORMING.value)
                .values(state=state.value, decided_at=now),
            )
            if not won:  # another answer decided it first
                return session.scalar(select(GroupBuyGroup.state).where(GroupBuyGroup.id == group_id)) or ""
            if formed:
                basket = sum(s.basket_fen for s in accepted)
                saving = promotion.saving(basket, sum(s.items for s in accepted))
                shares = split_largest_remainder(saving, [s.basket_fen for s in accepted] if basket else
                                                 [1] * len(accepted))  # fmt: skip
                for seat, share in zip(accepted, shares, strict=True):
                    seat.share_fen = share
                for seat in pending + [s for s in seats if s.answer == Answer.DECLINED.value]:
                    seat.share_fen = 0
                group.basket_fen, group.saving_fen = basket, saving
                group.gain_fen = _pooled_gain(promotion, accepted)
            session.execute(
                update(GroupBuyMember).where(GroupBuyMember.group_id == group_id).values(live_member_id=None)
            )
            record_audit(session, f"groupbuy_{state.value}", subject=f"group-{group_id}",
                         detail={"accepted": [s.member_id for s in accepted]})  # fmt: skip
            if formed:
                session.flush()
                for payload in notify_payloads(session, group_id, "groupbuy_formed"):
                    emit_event(session, "notify.member", payload)
            emit_event(session, f"groupbuy.{state.value}", {**group_event(session, group_id),
                                                            "why": "" if formed else "not_enough_accepted"})  # fmt: skip
            return state.value

    def expire_due(self) -> int:
        """Forming groups past ``expires_at`` expire (a periodic job); returns how many did."""
        now = self._now()
        with unit_of_work(self._sessions) as session:
            due = list(session.scalars(
                select(GroupBuyGroup.id).where(GroupBuyGroup.state == GroupState.FORMING.value,
                                               GroupBuyGroup.expires_at <= now)
            ))  # fmt: skip
            expired = 0
            for group_id in due:
                won = changed(
                    session,
                    update(GroupBuyGroup)
                    .where(GroupBuyGroup.id == group_id, GroupBuyGroup.state == GroupState.FORMING.value)
                    .values(state=GroupState.EXPIRED.value, decided_at=now),
                )
                session.execute(
                    update(GroupBuyMember)
                    .where(GroupBuyMember.group_id == group_id)
                    .values(live_member_id=None)
                )
                if won:
                    emit_event(
                        session, "groupbuy.expired", {**group_event(session, group_id), "why": "no_answer"}
                    )
                expired += won
            if expired:
                record_audit(session, "groupbuy_expired", detail={"groups": due})
        return expired

    def group(self, group_id: int) -> GroupInfo:
        with self._sessions() as session:
            group = session.get(GroupBuyGroup, group_id)
            if group is None:
                raise GroupBuyError(GroupBuyError.UNKNOWN_GROUP, group_id=group_id)
            rows = session.execute(
                select(GroupBuyMember, Member)
                .join(Member, Member.id == GroupBuyMember.member_id)
                .where(GroupBuyMember.group_id == group_id)
                .order_by(GroupBuyMember.id)
            ).all()
            seats = tuple(SeatInfo(s.member_id, mask_name(m.name), s.basket_fen, s.share_fen, s.answer)
                          for s, m in rows)  # fmt: skip
            return GroupInfo(group.id, group.state, group.expires_at, group.basket_fen, group.saving_fen,
                             group.gain_fen, group.bonus_fen, seats, group.run_value_fen,
                             group.run_upper_bound_fen, group.run_exact)  # fmt: skip

    def groups(self, store_id: int, states: Sequence[str] = (GroupState.FORMING.value,)) -> list[GroupInfo]:
        with self._sessions() as session:
            ids = list(session.scalars(
                select(GroupBuyGroup.id)
                .where(GroupBuyGroup.store_id == store_id, GroupBuyGroup.state.in_(list(states)))
                .order_by(GroupBuyGroup.id)
            ))  # fmt: skip
        return [self.group(i) for i in ids]

    # ------------------------------------------------------------------ helpers

    def _forming_groups_of(self, member_id: int) -> list[int]:
        with self._sessions() as session:
            return list(session.scalars(
                select(GroupBuyMember.group_id)
                .join(GroupBuyGroup, GroupBuyGroup.id == GroupBuyMember.group_id)
                .where(GroupBuyMember.member_id == member_id, GroupBuyMember.answer == Answer.PENDING.value,
                       GroupBuyGroup.state == GroupState.FORMING.value)
            ))  # fmt: skip

    @staticmethod
    def _member(session: Session, member_id: int) -> Member:
        member = session.get(Member, member_id)
        if member is None:
            raise GroupBuyError(GroupBuyError.UNKNOWN_MEMBER, member_id=member_id)
        return member

    @staticmethod
    def _why_not(session: Session, group_id: int, member_id: int, now: datetime) -> None:
        group = session.get(GroupBuyGroup, group_id)
        if group is None:
            raise GroupBuyError(GroupBuyError.UNKNOWN_GROUP, group_id=group_id)
        seat = session.scalar(
            select(GroupBuyMember).where(
                GroupBuyMember.group_id == group_id, GroupBuyMember.member_id == member_id
            )
        )
        if seat is None:
            raise GroupBuyError(GroupBuyError.NOT_IN_GROUP, group_id=group_id, member_id=member_id)
        if seat.answer != Answer.PENDING.value:
            raise GroupBuyError(GroupBuyError.ALREADY_ANSWERED, group_id=group_id, member_id=member_id,
                                answer=seat.answer)  # fmt: skip
        state = group.state if group.expires_at > now else GroupState.EXPIRED.value
        raise GroupBuyError(GroupBuyError.GROUP_CLOSED, group_id=group_id, state=state)


def changed(session: Session, statement: Any) -> int:
    """Rows a conditional UPDATE changed: 0 means its condition no longer held."""
    result = session.execute(statement)
    return int(cast(CursorResult[Any], result).rowcount)


def _pooled_gain(promotion: Promotion, seats: Sequence[GroupBuyMember]) -> int:
    pooled = promotion.saving(sum(s.basket_fen for s in seats), sum(s.items for s in seats))
    return pooled - sum(promotion.saving(s.basket_fen, s.items) for s in seats)


def _check_in_info(c: GroupBuyCheckIn, m: Member) -> CheckInInfo:
    return CheckInInfo(c.member_id, mask_name(m.name), mask_phone(m.phone), c.store_id, c.source, c.basket_fen,
                       c.items, c.checked_in_at, c.updated_at)  # fmt: skip


def _wish_info(w: GroupBuyWish) -> WishInfo:
    return WishInfo(w.id, w.member_id, w.product_code, w.quantity, w.by_date, w.max_group_size)
