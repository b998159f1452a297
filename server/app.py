"""FastAPI application factory: database (migrated on open), routers, delivery workers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from server import links
from server.api import courier as courier_api
from server.api import gifts as gifts_api
from server.api import payfor as payfor_api
from server.api import payments as payments_api
from server.api import stations, sync
from server.db import ServerDatabase
from server.delivery.processes import make_delivery
from server.errors import install_error_handlers
from server.gifts import Gifts
from server.members import MemberPolicy, MemberSection
from server.payfor import on_payment_change
from server.payfor_member import received_orders_section
from server.ratelimit import RateLimiter, make_storage
from server.security import sha256_hex
from server.settings import ServerSettings
from server.web import admin as admin_web
from server.web import gifts as gifts_web
from server.web import groupbuy as groupbuy_web
from server.web import inbox
from server.web import members as member_pages


def create_app(
    settings: ServerSettings,
    member_sections: Sequence[MemberSection] = (),
    member_policy: MemberPolicy | None = None,
) -> FastAPI:
    """Build the app. The database is opened and migrated here, so a bad URL or a
    too-new database fails at once (ServerDatabaseTooNew), not on the first request.

    `member_sections`: the features' sections of the member's own page (/m/<store>/me),
    shown after messages and before consents as their `order` says; docs/server.md."""
    if not settings.public_base_url:
        raise ValueError("public_base_url is required: message links are built from it")
    if settings.webhook_url and not settings.webhook_secret:
        raise ValueError("webhook_secret is required when webhook_url is set: receivers verify the signature")
    db = ServerDatabase(settings.database_url)
    delivery = make_delivery(db, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        delivery.start()
        app.state.payments.start()
        gifts.start(settings.gift_expiry_s)
        app.state.payfor.start()
        try:
            yield
        finally:
            app.state.payfor.stop()
            gifts.stop()
            app.state.payments.stop()
            delivery.stop()
            db.close()

    app = FastAPI(title="CounterDesk server", version="0.1.0", lifespan=lifespan)
    # Handlers never read app.state: they take these as typed dependencies (server/deps.py).
    app.state.settings = settings
    app.state.db = db
    app.state.delivery = delivery
    # Rate limits live in the database (or Redis): every server process on it counts together.
    app.state.rate_storage = make_storage(settings.rate_limit_storage, db)
    app.state.rate_namespace = sha256_hex(db.link_secret)[:12]
    app.state.sync_limiter = RateLimiter(
        settings.sync_rate_limit,
        settings.sync_rate_window_s,
        app.state.rate_storage,
        app.state.rate_namespace,
        "sync",
    )
    install_error_handlers(app)
    links.install(app, settings)
    app.include_router(stations.router)
    app.include_router(sync.router)
    app.include_router(courier_api.router)
    app.include_router(inbox.router)
    member_pages.install(
        app, [*member_pages.default_sections(), received_orders_section(), *member_sections], member_policy
    )
    app.include_router(groupbuy_web.router)  # /m/<store>/groupbuy: behind the member sign-in
    admin_web.install(app, settings, db)
    gifts = Gifts(db, settings)
    # Routes + reconciler (lifespan); the flows that follow a payment get each change in its transaction.
    gifts.payments = payments_api.install(app, settings, db, handlers=[gifts.on_payment, on_payment_change])
    gifts_api.install(app, gifts)
    gifts_web.install(app, settings)
    payfor_api.install(app, settings, db)  # pay-for-another pages + sweeper (lifespan)

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, object]:
        return {"status": "ok", "database": db.engine.dialect.name}

    return app
