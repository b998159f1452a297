"""Group buying on the server: the groups and connection requests the desks announce, the relayed chat,
and the members' actions sent back to their store's desk through the feed.

The desk owns the groups (services/groupbuy/); the server keeps what the members' phone pages show,
learned from the desk's outbox events (``groupbuy.*``, services/groupbuy/events.py), and relays what
members do (check in, scan, answer, wish, consent, ask to be connected) to the desk as feed events
(services/groupbuy/feed.py). Names are masked in everything stored here; the chat is relayed by the
server so nobody's phone number is revealed. docs/groupbuy.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import UTCDateTime, utcnow
from server.db import affected
from server.security import new_secret
from server.tables import FeedEvent, ServerBase, Station

GROUP_TOPICS = ("groupbuy.suggested", "groupbuy.succeeded", "groupbuy.expired", "groupbuy.settled")
CONNECTION_TOPICS = ("groupbuy.connection_requested", "groupbuy.connected", "groupbuy.connection_declined")
# What a member's phone may send to the desk (services/groupbuy/feed.py applies them).
MEMBER_ACTIONS = (
    "groupbuy.check_in", "groupbuy.scan", "groupbuy.check_out", "groupbuy.answer", "groupbuy.wish", "groupbuy.wish_withdrawn",
    "groupbuy.consent", "groupbuy.who_buys", "groupbuy.connection_request", "groupbuy.connection_answer",
)  # fmt: skip
INQUIRY_TOPIC = "groupbuy.contacts"
BASKET_TOPIC = "groupbuy.basket"
CHAT_MAX = 300


class ServerGroup(ServerBase):
    """A group as its desk last announced it (``data``: the event's group payload, masked names)."""

    __tablename__ = "server_groupbuy_groups"
    __table_args__ = (UniqueConstraint("station_id", "group_id", name="uq_server_groupbuy_groups_station_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"))
    store_code: Mapped[str] = mapped_column(String(40), index=True)
    group_id: Mapped[int] = mapped_column(Integer)  # the desk's id
    code: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(12))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ServerGroupSeat(ServerBase):
    __tablename__ = "server_groupbuy_seats"
    __table_args__ = (UniqueConstraint("group_row_id", "member_code", name="uq_server_groupbuy_seats_group_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_row_id: Mapped[int] = mapped_column(ForeignKey("server_groupbuy_groups.id"))
    member_code: Mapped[str] = mapped_column(String(20), index=True)  # server/members.py names members by code


class ServerGroupChat(ServerBase):
    """A line of a group's relayed chat: the sender by masked name, never their number."""

    __tablename__ = "server_groupbuy_chat"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_row_id: Mapped[int] = mapped_column(ForeignKey("server_groupbuy_groups.id"), index=True)
    member_code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(String(CHAT_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ServerConnection(ServerBase):
    """ "Who buys X before D": a member's request to be connected to another, and its answer."""

    __tablename__ = "server_groupbuy_connections"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[str] = mapped_column(String(32), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("server_stations.id"))
    store_code: Mapped[str] = mapped_column(String(40), index=True)
    asker_code: Mapped[str] = mapped_column(String(20), index=True)
    target_code: Mapped[str] = mapped_column(String(20), index=True)
    state: Mapped[str] = mapped_column(String(12))  # requested | connected | declined
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ServerInquiry(ServerBase):
    """ "Who buys X before D" asked from a phone; ``contacts`` is the desk's answer (masked names), None until then."""

    __tablename__ = "server_groupbuy_inquiries"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[str] = mapped_column(String(32), unique=True)
    store_code: Mapped[str] = mapped_column(String(40), index=True)
    asker_code: Mapped[str] = mapped_column(String(20), index=True)
    product_code: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(String(10))
    contacts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ServerBasket(ServerBase):
    """A member's live basket as their desk last reported it (their phone page shows it)."""

    __tablename__ = "server_groupbuy_baskets"
    __table_args__ = (UniqueConstraint("store_code", "member_code", name="uq_server_groupbuy_baskets_store_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_code: Mapped[str] = mapped_column(String(40))
    member_code: Mapped[str] = mapped_column(String(20))
    checked_in: Mapped[bool] = mapped_column(default=False)
    basket_fen: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    last: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # the item just scanned
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # why the last scan did not count
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ActionRefused(ValueError):
    """A member action the server does not relay (unknown topic, no desk enrolled for the store)."""


@dataclass(frozen=True)
class GroupView:
    row_id: int
    code: str
    state: str
    data: dict[str, Any]  # the desk's group payload (seats with masked names, shares, meeting point)


# ---- what the desk announces (sync handlers) ---------------------------------------------


def apply_group_event(session: Session, station_id: int, store_code: str, topic: str, payload: dict[str, Any]) -> str:
    """Record a group as its desk announced it; the seats list who may see it. Idempotent."""
    if topic not in GROUP_TOPICS:
        raise ValueError(f"not a group topic: {topic}")
    group_id = int(payload["group_id"])
    data = {k: v for k, v in payload.items() if k not in ("member_id", "member_code", "own_basket_fen", "share_fen", "tier")}
    state = str(payload["state"])
    now = utcnow()
    done = affected(session.execute(
        update(ServerGroup)
        .where(ServerGroup.station_id == station_id, ServerGroup.group_id == group_id)
        .values(state=state, data=data, updated_at=now)
    ))  # fmt: skip
    if not done:
        session.add(ServerGroup(station_id=station_id, store_code=store_code, group_id=group_id,
                                code=str(payload["code"]), state=state, data=data, updated_at=now))  # fmt: skip
        session.flush()
    row_id = session.scalar(
        select(ServerGroup.id).where(ServerGroup.station_id == station_id, ServerGroup.group_id == group_id)
    )
    assert row_id is not None
    seated = set(session.scalars(select(ServerGroupSeat.member_code).where(ServerGroupSeat.group_row_id == row_id)))
    for seat in payload.get("seats", []):
        code = str(seat["member_code"])
        if code not in seated:
            session.add(ServerGroupSeat(group_row_id=row_id, member_code=code))
            seated.add(code)
    return f"group {payload['code']} {state}"


def apply_connection_event(
    session: Session, station_id: int, store_code: str, topic: str, payload: dict[str, Any]
) -> str:
    if topic not in CONNECTION_TOPICS:
        raise ValueError(f"not a connection topic: {topic}")
    request_id = str(payload["request_id"])
    state = {"groupbuy.connection_requested": "requested", "groupbuy.connected": "connected"}.get(topic, "declined")
    done = 0
    if state != "requested":  # the answer moves a request on, once
        done = affected(session.execute(
            update(ServerConnection)
            .where(ServerConnection.request_id == request_id, ServerConnection.state == "requested")
            .values(state=state, data={**payload}, updated_at=utcnow())
        ))  # fmt: skip
    exists = session.scalar(select(ServerConnection.id).where(ServerConnection.request_id == request_id))
    if not done and exists is None:
        session.add(ServerConnection(request_id=request_id, station_id=station_id, store_code=store_code,
                                     asker_code=str(payload["asker_code"]), target_code=str(payload["target_code"]),
                                     state=state, data={**payload}))  # fmt: skip
    return f"connection {request_id} {state}"


def apply_basket_event(session: Session, store_code: str, payload: dict[str, Any]) -> str:
    member_code = str(payload["member_code"])
    values = {"checked_in": bool(payload["checked_in"]), "basket_fen": int(payload["basket_fen"]),
              "items": int(payload["items"]), "last": payload.get("last"), "error": payload.get("error"),
              "updated_at": utcnow()}  # fmt: skip
    done = affected(session.execute(
        update(ServerBasket).where(ServerBasket.store_code == store_code, ServerBasket.member_code == member_code)
        .values(**values)
    ))  # fmt: skip
    if not done:
        session.add(ServerBasket(store_code=store_code, member_code=member_code, **values))
    return f"basket of {member_code}: {values['basket_fen']} fen"


def live_basket(session: Session, store_code: str, member_code: str) -> ServerBasket | None:
    return session.scalar(
        select(ServerBasket).where(ServerBasket.store_code == store_code, ServerBasket.member_code == member_code)
    )


def apply_contacts_event(session: Session, payload: dict[str, Any]) -> str:
    """The desk answered an inquiry: its contact list (consenting members, masked) for the asker's page."""
    contacts = [{"member_id": int(c["member_id"]), "name": str(c["name"]), "by_dates": [str(d) for d in c["by_dates"]]}
                for c in payload["contacts"]]  # fmt: skip
    done = affected(session.execute(
        update(ServerInquiry).where(ServerInquiry.inquiry_id == str(payload["inquiry_id"]),
                                    ServerInquiry.asker_code == str(payload["asker_code"]))
        .values(contacts=contacts)
    ))  # fmt: skip
    return f"inquiry {payload['inquiry_id']}: {len(contacts)} contacts" if done else "inquiry unknown here; ignored"


def ask_who_buys(session: Session, store_code: str, asker_code: str, product_code: str, before: str) -> str:
    """Record the member's inquiry and ask the desk; returns the inquiry id the page polls."""
    inquiry_id = new_secret()[:32]
    session.add(ServerInquiry(inquiry_id=inquiry_id, store_code=store_code, asker_code=asker_code,
                              product_code=product_code, before=before))  # fmt: skip
    send_to_desk(session, store_code, "groupbuy.who_buys", {"inquiry_id": inquiry_id, "asker_code": asker_code,
                                                            "product_code": product_code, "before": before})  # fmt: skip
    return inquiry_id


def inquiry(session: Session, asker_code: str, inquiry_id: str) -> ServerInquiry | None:
    return session.scalar(
        select(ServerInquiry).where(ServerInquiry.inquiry_id == inquiry_id, ServerInquiry.asker_code == asker_code)
    )


# ---- what a member's page reads ----------------------------------------------------------


def member_groups(session: Session, store_code: str, member_code: str) -> list[GroupView]:
    rows = session.scalars(
        select(ServerGroup)
        .join(ServerGroupSeat, ServerGroupSeat.group_row_id == ServerGroup.id)
        .where(ServerGroup.store_code == store_code, ServerGroupSeat.member_code == member_code)
        .order_by(ServerGroup.id.desc())
        .limit(20)
    )
    return [GroupView(g.id, g.code, g.state, g.data) for g in rows]


def group_for(session: Session, store_code: str, member_code: str, code: str) -> GroupView | None:
    """The group with ``code`` if the member has a seat in it (others cannot see it)."""
    return next((g for g in member_groups(session, store_code, member_code) if g.code == code), None)


def post_chat(session: Session, group: GroupView, member_code: str, name_masked: str, text: str) -> None:
    text = " ".join(text.split())[:CHAT_MAX]
    if not text:
        raise ActionRefused("empty message")
    session.add(ServerGroupChat(group_row_id=group.row_id, member_code=member_code, name=name_masked, text=text))


def chat(session: Session, group: GroupView, after: int = 0) -> list[ServerGroupChat]:
    return list(session.scalars(
        select(ServerGroupChat).where(ServerGroupChat.group_row_id == group.row_id, ServerGroupChat.id > after)
        .order_by(ServerGroupChat.id).limit(200)
    ))  # fmt: skip


def member_connections(session: Session, store_code: str, member_code: str) -> list[ServerConnection]:
    return list(session.scalars(
        select(ServerConnection)
        .where(ServerConnection.store_code == store_code,
               (ServerConnection.asker_code == member_code) | (ServerConnection.target_code == member_code))
        .order_by(ServerConnection.id.desc()).limit(20)
    ))  # fmt: skip


# ---- what a member sends to the desk ------------------------------------------------------


def send_to_desk(session: Session, store_code: str, topic: str, payload: dict[str, Any]) -> int:
    """Queue a member's action on the feed of the store's desk (its first enrolled, live station)."""
    if topic not in MEMBER_ACTIONS:
        raise ActionRefused(f"not a member action: {topic}")
    station_id = session.scalar(
        select(Station.id).where(Station.store_code == store_code, Station.revoked_at.is_(None)).order_by(Station.id)
    )
    if station_id is None:
        raise ActionRefused(f"no desk enrolled for store {store_code}")
    event = FeedEvent(station_id=station_id, topic=topic, payload=payload)
    session.add(event)
    session.flush()
    return event.id
