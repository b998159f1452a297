"""The `member.profile` outbox event: what the server needs to sign a member in on their phone.

The server keeps, per store, the member number, the name already masked (the phone
pages never need more), the phone number (to find the member who types it and to
send the one-time code; the server keeps it encrypted and shows it masked) and the
member's notification contact (Apprise URLs, optional). Emitted in the transaction
that creates or changes the member, so the server never learns of a member the desk
rolled back. docs/server.md "Member phone pages".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import Member
from services.core.journal import emit_event
from services.core.masking import mask_name

TOPIC = "member.profile"


def member_key(member_code: str) -> str:
    """The recipient key the server files a member's messages under (the coupon notices use it too)."""
    return f"member-{member_code}"


def profile_payload(member: Member, apprise: list[str] | None = None, active: bool = True) -> dict[str, Any]:
    return {
        "member_code": member.member_code,
        "name_masked": mask_name(member.name),
        "phone": member.phone,
        "contact": {"apprise": list(apprise or [])},
        "active": active,
    }


def emit_member_profile(session: Session, member: Member, apprise: list[str] | None = None) -> str:
    """Queue the member's profile for the server in the caller's transaction; returns the event id."""
    return emit_event(session, TOPIC, profile_payload(member, apprise))
