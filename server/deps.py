"""What a handler may take from the app, as typed FastAPI dependencies.

`create_app` (server/app.py) puts the app's parts on `app.state` once: the settings,
the database, the delivery workers and (server/links.py `install`) the link guard.
This module is the one place that reads them back; a handler names what it needs:

    @router.get("/api/…")
    def handler(db: DbDep, settings: SettingsDep) -> …:

Every provider takes only the `Request`, so no dependency adds a query parameter to
the OpenAPI schema. Tests and other apps can swap a part with
`app.dependency_overrides[get_db] = …`. The delivery workers (server/delivery/) run
without a request, possibly in another process: they are handed their parts and
never import this module (import-linter: delivery is a layer below).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from server.db import ServerDatabase
from server.delivery.processes import Delivery
from server.gifts import Gifts
from server.links import LinkGuard
from server.members import MemberGuard, MemberSections
from server.payfor import PayFor
from server.payments import Payments
from server.ratelimit import RateLimiter
from server.settings import ServerSettings


def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def get_db(request: Request) -> ServerDatabase:
    db: ServerDatabase = request.app.state.db
    return db


def get_delivery(request: Request) -> Delivery:
    """The delivery workers: a handler that queued messages wakes them."""
    delivery: Delivery = request.app.state.delivery
    return delivery


def get_link_guard(request: Request) -> LinkGuard:
    """The rate limits of the recipient pages (one per app)."""
    guard: LinkGuard = request.app.state.links
    return guard


def get_sync_limiter(request: Request) -> RateLimiter:
    """The stations' sync rate limit (shared by every server process on the database)."""
    limiter: RateLimiter = request.app.state.sync_limiter
    return limiter


def get_payments(request: Request) -> Payments:
    payments: Payments = request.app.state.payments
    return payments


def get_payfor(request: Request) -> PayFor:
    """Pay-for-another orders: the sweeper and the pages' rules."""
    payfor: PayFor = request.app.state.payfor
    return payfor


def get_gifts(request: Request) -> Gifts:
    gifts: Gifts = request.app.state.gifts
    return gifts


def get_gift_bad_links(request: Request) -> RateLimiter:
    """Guessed gift links, per address."""
    limiter: RateLimiter = request.app.state.gift_bad_links
    return limiter


def get_member_guard(request: Request) -> MemberGuard:
    """The limits of the member sign-in."""
    guard: MemberGuard = request.app.state.member_guard
    return guard


def get_member_sections(request: Request) -> MemberSections:
    sections: MemberSections = request.app.state.member_sections
    return sections


SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
DbDep = Annotated[ServerDatabase, Depends(get_db)]
DeliveryDep = Annotated[Delivery, Depends(get_delivery)]
LinkGuardDep = Annotated[LinkGuard, Depends(get_link_guard)]
