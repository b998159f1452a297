"""Walk-in group buying at the desk: live check-ins, wishes, consents, suggested groups and their answers.

Races are settled by the database, never by read-then-write: a column ``live_*`` holds the
member's id (or member:kind) only while the row is live and is unique, so a member has at
most one live check-in, one active consent of each kind and one seat in a forming group;
closing a row sets it back to NULL (any number of NULLs may coexist).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class GroupState(enum.StrEnum):
    FORMING = "forming"  # suggested, waiting for answers until expires_at
    SUCCEEDED = "succeeded"  # enough members accepted: they shop together
    EXPIRED = "expired"  # not enough accepted in time (or too many declined), or not paid by the deadline
    SETTLED = "settled"  # paid together at the till (services/groupbuy/checkout.py)


class Answer(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ConsentKind(enum.StrEnum):
    SUGGEST = "suggest"  # may be put in suggested groups with other members (they see a masked name)
    CONTACT = (
        "contact"  # may be listed to members asking "who buys X before D" and contacted through the desk
    )


class GroupBuyCheckIn(Base):
    """A member in the store: their live basket as the terminal (phone, kiosk, till) last sent it."""

    __tablename__ = "groupbuy_checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    source: Mapped[str] = mapped_column(String(12))  # "phone", "kiosk" or "till"
    basket_fen: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    live_member_id: Mapped[int | None] = mapped_column(Integer, unique=True)  # = member_id until checked out


class GroupBuyWish(Base):
    """ "I would buy ``quantity`` of ``product_code`` together with others, by ``by_date``"."""

    __tablename__ = "groupbuy_wishes"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    product_code: Mapped[str] = mapped_column(String(40), index=True)  # a product or a category code
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    by_date: Mapped[date] = mapped_column(Date)
    max_group_size: Mapped[int] = mapped_column(Integer, default=4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class GroupBuyConsent(Base):
    """A member's consent to one use of their data (PIPL art. 23), with its purpose; withdrawals stay on record."""

    __tablename__ = "groupbuy_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # ConsentKind
    purpose: Mapped[str] = mapped_column(String(60))  # the purpose code shown when it was given
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    live_key: Mapped[str | None] = mapped_column(String(40), unique=True)  # "member_id:kind" while active


class GroupBuyGroup(Base):
    """A suggested group and the engine's certificate for the suggestion run that made it."""

    __tablename__ = "groupbuy_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), index=True, default=GroupState.FORMING.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    promotion: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # tiers / buy_n it was made for
    min_size: Mapped[int] = mapped_column(Integer, default=2)
    basket_fen: Mapped[int] = mapped_column(Integer, default=0)
    saving_fen: Mapped[int] = mapped_column(Integer, default=0)
    gain_fen: Mapped[int] = mapped_column(Integer, default=0)
    bonus_fen: Mapped[int] = mapped_column(Integer, default=0)
    run_value_fen: Mapped[int] = mapped_column(Integer, default=0)  # the suggestion run's value ...
    run_upper_bound_fen: Mapped[int] = mapped_column(Integer, default=0)  # ... its upper bound ...
    run_exact: Mapped[bool] = mapped_column(default=False)  # ... and whether it is proven best


class GroupBuyMember(Base):
    """A member's seat in a group: basket when suggested, share of the saving, answer."""

    __tablename__ = "groupbuy_members"
    __table_args__ = (UniqueConstraint("group_id", "member_id", name="uq_groupbuy_members_group_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groupbuy_groups.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    basket_fen: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    share_fen: Mapped[int] = mapped_column(Integer, default=0)
    answer: Mapped[str] = mapped_column(String(10), default=Answer.PENDING.value)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    live_member_id: Mapped[int | None] = mapped_column(
        Integer, unique=True
    )  # = member_id while the group forms
