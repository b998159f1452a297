"""What the desk tells the server about group buying (outbox topics), built inside the change's transaction.

Topics (payloads carry member ids for routing to each member's phone page, and only masked names):

- ``groupbuy.suggested``: one per chosen member: the group, what to buy together (the pooled basket
  and the promotion tier it reaches), how much this member saves, the deadline to answer.
- ``groupbuy.succeeded`` / ``groupbuy.expired``: the group formed (seats with each one's share and the
  meeting point) or ended; ``why`` says why it expired.
- ``groupbuy.settled``: paid together at the till (services/groupbuy/checkout.py).
- ``groupbuy.connection_requested`` / ``groupbuy.connected`` / ``groupbuy.connection_declined``:
  "who buys X before D" — a member asked to be connected to another who consented to contact.

No phone number ever leaves the desk in these payloads; the server relays messages between members.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import GroupBuyGroup, GroupBuyMember, Member, Store
from models.groupbuy import Answer
from services.core.masking import mask_name
from services.core.money import format_fen

MEETING_POINT = "counter"  # where a formed group meets to pay together: the store's till
SETTLE_WINDOW = timedelta(hours=2)  # a formed group pays together within this, or expires


def promotion_text(promotion: dict[str, Any]) -> list[dict[str, int]]:
    """The promotion's tiers as the phone page shows them ("满300减50")."""
    return [{"spend_fen": int(s), "off_fen": int(o)} for s, o in promotion.get("tiers", [])]


def group_event(session: Session, group_id: int) -> dict[str, Any]:
    """The group as the server and the members' pages see it."""
    group = session.get(GroupBuyGroup, group_id)
    assert group is not None
    store_code = session.scalar(select(Store.code).where(Store.id == group.store_id)) or ""
    rows = session.execute(
        select(GroupBuyMember, Member.member_code, Member.name)
        .join(Member, Member.id == GroupBuyMember.member_id)
        .where(GroupBuyMember.group_id == group_id)
        .order_by(GroupBuyMember.id)
    ).all()
    return {
        "group_id": group.id,
        "code": f"G{group.id:06d}",
        "store_code": store_code,
        "state": group.state,
        "expires_at": group.expires_at.isoformat(),
        "basket_fen": group.basket_fen,
        "saving_fen": group.saving_fen,
        "promotion": promotion_text(group.promotion),
        "meeting_point": MEETING_POINT,
        "seats": [
            {"member_id": seat.member_id, "member_code": code, "name": mask_name(name),
             "basket_fen": seat.basket_fen, "share_fen": seat.share_fen, "answer": seat.answer}
            for seat, code, name in rows
        ],
    }  # fmt: skip


def suggestion_events(session: Session, group_id: int) -> list[dict[str, Any]]:
    """One ``groupbuy.suggested`` payload per chosen member: together, the tier reached, their saving."""
    group = group_event(session, group_id)
    reached = [t for t in group["promotion"] if t["spend_fen"] <= group["basket_fen"]]
    out = []
    for seat in group["seats"]:
        out.append({
            **group,
            "member_id": seat["member_id"],
            "member_code": seat["member_code"],
            "own_basket_fen": seat["basket_fen"],
            "share_fen": seat["share_fen"],
            "tier": max(reached, key=lambda t: t["spend_fen"]) if reached else None,
            "answer_by": group["expires_at"],
        })  # fmt: skip
    return out


def _local(when: datetime, zone: str) -> str:
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("Asia/Shanghai")
    return when.astimezone(tz).strftime("%m-%d %H:%M")


def notify_payloads(session: Session, group_id: int, template: str) -> list[dict[str, Any]]:
    """``notify.member`` messages (server/delivery/notify.py) to the group's members, one each.

    ``groupbuy_suggested`` goes to every chosen member: what to buy together (the pooled basket and
    the tier it reaches), how much this member saves, the deadline. ``groupbuy_formed`` goes to the
    members who accepted: the code to show at the counter and the time to pay by. Each member sees
    the others by masked name only; no phone number leaves the desk.
    """
    group = session.get(GroupBuyGroup, group_id)
    assert group is not None
    zone = session.scalar(select(Store.timezone).where(Store.id == group.store_id)) or "Asia/Shanghai"
    rows: list[tuple[GroupBuyMember, Member]] = [
        (seat, member)
        for seat, member in session.execute(
            select(GroupBuyMember, Member)
            .join(Member, Member.id == GroupBuyMember.member_id)
            .where(GroupBuyMember.group_id == group_id)
            .order_by(GroupBuyMember.id)
        ).all()
    ]
    formed = template == "groupbuy_formed"
    if formed:
        rows = [(seat, m) for seat, m in rows if seat.answer == Answer.ACCEPTED.value]
    tiers = sorted(promotion_text(group.promotion), key=lambda t: t["spend_fen"])
    reached = [t for t in tiers if t["spend_fen"] <= group.basket_fen] or tiers[:1]
    tier = reached[-1] if reached else {"spend_fen": 0, "off_fen": 0}
    code = f"G{group.id:06d}"
    out = []
    for seat, member in rows:
        others = [mask_name(m.name) for s, m in rows if s.member_id != seat.member_id]
        params: dict[str, Any] = {
            "member_name": member.name, "code": code, "share": format_fen(seat.share_fen),
            "others": len(others), "other_names": "、".join(others), "names": "、".join(mask_name(m.name) for _, m in rows),
            "pooled": format_fen(group.basket_fen), "spend": format_fen(tier["spend_fen"]),
            "off": format_fen(tier["off_fen"]), "answer_by": _local(group.expires_at, zone),
            "pay_by": _local((group.decided_at or group.created_at) + SETTLE_WINDOW, zone),
        }  # fmt: skip
        out.append({
            "recipient": {"key": f"member-{member.member_code}", "name": member.name},
            "template": template,
            "locale": "zh",
            "params": params,
            "category": "groupbuy",
            "dedup_key": f"{template}:group:{group.id}:member:{member.id}",
        })  # fmt: skip
    return out
