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

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import GroupBuyGroup, GroupBuyMember, Member, Store
from services.core.masking import mask_name

MEETING_POINT = "counter"  # where a formed group meets to pay together: the store's till


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
            "own_basket_fen": seat["basket_fen"],
            "share_fen": seat["share_fen"],
            "tier": max(reached, key=lambda t: t["spend_fen"]) if reached else None,
            "answer_by": group["expires_at"],
        })  # fmt: skip
    return out
