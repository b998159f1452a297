"""Gift HTTP for the stations (desk, till, the giver's phone flow): create, pay, share, revoke,
cancel, list by state; and the admin's expiry pass. The rules are in server/gifts.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

import segno
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from server.auth import current_station, require_admin
from server.deps import get_gifts
from server.errors import ApiError
from server.gifts import GIFT_STATES, GiftProblem, Gifts, GiftView
from server.stations import StationIdentity

router = APIRouter(tags=["gifts"])
Station = Annotated[StationIdentity, Depends(current_station)]
T = TypeVar("T")


class GiftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_code: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=80)
    amount_fen: int = Field(gt=0, le=100_000_000)
    giver_phone: str = Field(min_length=1, max_length=20)
    wording: str = Field(default="", max_length=200)
    image_url: str = Field(default="", max_length=300)
    message: str = Field(default="", max_length=140)
    bind_phone: str | None = Field(default=None, max_length=20)
    locale: Literal["zh", "en"] = "zh"
    # The store's link lifetime (the desk's store setting; 24 h by default).
    link_ttl_s: int = Field(default=24 * 3600, ge=600, le=30 * 86400)


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    send_to_phone: str | None = Field(default=None, max_length=20)
    send_to_apprise: str | None = Field(default=None, max_length=500)


class TillIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: Literal["cash", "card", "qr"]


def _gifts(request: Request) -> Gifts:
    gifts: Gifts = get_gifts(request)
    return gifts


async def _call(fn: Callable[[], T]) -> T:
    try:
        return await run_in_threadpool(fn)
    except GiftProblem as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc


def _out(v: GiftView) -> dict[str, Any]:
    out = asdict(v)
    for k in ("expires_at", "claimed_at"):
        out[k] = out[k].isoformat() if out[k] is not None else None
    return out


@router.post("/api/gifts")
async def create_gift(body: GiftIn, station: Station, request: Request) -> dict[str, Any]:
    gifts = _gifts(request)
    return _out(await _call(lambda: gifts.create(station, **body.model_dump())))


@router.get("/api/gifts")
async def list_gifts(
    station: Station, request: Request, state: Annotated[str | None, Query(max_length=12)] = None,
) -> dict[str, Any]:
    if state is not None and state not in GIFT_STATES:
        raise ApiError(422, "bad_state", f"state must be one of {', '.join(GIFT_STATES)}")
    gifts = _gifts(request)
    views = await _call(lambda: gifts.by_state(station, state))
    counts = await _call(lambda: gifts.counts(station))
    return {"gifts": [_out(v) for v in views], "counts": counts}


@router.get("/api/gifts/{gift_no}")
async def get_gift(gift_no: str, station: Station, request: Request) -> dict[str, Any]:
    gifts = _gifts(request)
    return _out(await _call(lambda: gifts.view(gift_no, station)))


@router.post("/api/gifts/{gift_no}/pay")
async def pay_gift(gift_no: str, station: Station, request: Request) -> dict[str, Any]:
    gifts = _gifts(request)
    view = await _call(lambda: gifts.pay_online(gift_no, station))
    return {"out_trade_no": view.out_trade_no, "pay_url": view.pay_url, "state": view.state,
            "amount_fen": view.amount_fen}


@router.post("/api/gifts/{gift_no}/paid-at-till")
async def paid_at_till(gift_no: str, body: TillIn, station: Station, request: Request) -> dict[str, Any]:
    gifts = _gifts(request)
    return _out(await _call(lambda: gifts.paid_at_till(station, gift_no, body.method)))


@router.post("/api/gifts/{gift_no}/share")
async def share_gift(gift_no: str, body: ShareIn, station: Station, request: Request) -> dict[str, Any]:
    """A new claim link (the old one stops working): the URL and its QR code (SVG), for the giver's
    page, the receipt and the customer display."""
    gifts = _gifts(request)
    view, token = await _call(lambda: gifts.share(
        gift_no, station, send_to_phone=body.send_to_phone, send_to_apprise=body.send_to_apprise))
    url = gifts.claim_url(token)
    return {"gift": _out(view), "claim_url": url, "qr_svg": segno.make(url, error="m").svg_inline(scale=4)}


@router.post("/api/gifts/{gift_no}/revoke")
async def revoke_gift(gift_no: str, station: Station, request: Request) -> dict[str, Any]:
    gifts = _gifts(request)
    return _out(await _call(lambda: gifts.revoke(gift_no, station)))


@router.post("/api/gifts/{gift_no}/cancel")
async def cancel_gift(gift_no: str, station: Station, request: Request) -> dict[str, Any]:
    gifts = _gifts(request)
    return _out(await _call(lambda: gifts.cancel(gift_no, station)))


@router.post("/api/gifts/{gift_no}/delivered")
async def delivered(gift_no: str, station: Station, request: Request) -> dict[str, Any]:
    gifts = _gifts(request)
    return _out(await _call(lambda: gifts.mark_delivered(gift_no, station)))


@router.post("/api/admin/gifts/expire", dependencies=[Depends(require_admin)])
async def expire(request: Request, now: Annotated[datetime | None, Query()] = None) -> dict[str, int]:
    """Run the expiry pass now; `now` (ISO time) runs it as of that time (tests, catching up)."""
    if now is not None and now.tzinfo is None:
        raise ApiError(422, "naive_time", "now must carry a time zone (e.g. 2026-12-09T10:00:00+00:00)")
    gifts = _gifts(request)
    moment = now.astimezone(UTC) if now is not None else None
    return {"expired": await _call(lambda: gifts.expire_pass(moment))}


def install(app: FastAPI, gifts: Gifts) -> None:
    """Routes; app.state.gifts is the Gifts object (its on_payment goes to the Payments handlers)."""
    app.state.gifts = gifts
    app.include_router(router)
