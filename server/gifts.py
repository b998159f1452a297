"""Gift orders on the server: a giver pays for a present, shares a single-use claim link,
the recipient claims it with name, phone, address and a delivery slot (issue 15).

Rules (research/commerce.md §3, seeds/004 S1–S14):

- Only a paid gift can be shared. Paying is the gateway's `payment.paid` for the order
  reference `gift_no` (a phone giver), or the till's word (cash/card/QR at the counter).
- The claim link is 128 random bits; only its SHA-256 is stored. Sharing again (resend)
  replaces the hash, so the old link stops working; revoking clears it.
- Claiming is one conditional UPDATE (state = shared, hash = this link's, not expired):
  two phones claiming at once — one row changes, the other finds nothing to change and is
  told the gift was claimed. The gift order (unique per gift) and the notices are written in
  the same transaction: a crash mid-claim leaves either all of it or none of it.
- A gift bound to a phone needs that phone confirmed by a one-time code: 6 digits, valid
  10 min, 5 wrong tries and then a 15 min wait (tries counted by conditional UPDATE).
- Unclaimed at expiry: the expiry pass moves paid|shared → expired by conditional UPDATE and,
  in the same transaction, asks for the refund to the payment the giver paid with, under the
  refund number `GX<gift_no>` — the reconciler sends and re-sends it with that same number
  until the gateway says done; `payment.refunded` then moves the gift to refunded.
- No cancel after a claim; the address never reaches the giver.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.base import utcnow
from server.db import ServerDatabase, affected
from server.delivery.notify import apply_notify_batch
from server.gifts_tables import Gift, GiftOrder
from server.payment_views import PaymentChange, PaymentView
from server.payments import Payments
from server.settings import ServerSettings
from server.stations import StationIdentity
from server.tables import Station

log = logging.getLogger(__name__)
BEIJING = ZoneInfo("Asia/Shanghai")

GIFT_PREFIX = "GIFT-"
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
DEFAULT_TTL_S = 24 * 3600
OTP_TTL_S = 600
OTP_TRIES = 5
OTP_WAIT_S = 900
MAX_NAME = 40
MAX_ADDRESS = 200
MAX_MESSAGE = 140
# The store's delivery calendar: these windows on each of the next days (Beijing time).
SLOT_WINDOWS = ("09:00-12:00", "14:00-18:00")
SLOT_DAYS = 3
GIFT_STATES = ("created", "paid", "shared", "claimed", "delivered", "expired", "cancelled", "refunded")
LIVE = ("paid", "shared")

Clock = Callable[[], datetime]


class GiftProblem(Exception):
    """A request the gift rules refuse; `code` is stable, `message` names the problem."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class GiftView:
    """What the giver and the desk see (never the recipient's address)."""

    gift_no: str
    state: str
    title: str
    amount_fen: int
    message: str
    bind_phone: str | None
    pay_route: str
    out_trade_no: str | None
    out_refund_no: str | None
    expires_at: datetime | None
    claimed_at: datetime | None


@dataclass(frozen=True)
class ClaimView:
    """What the recipient's page shows: the gift, never its price."""

    gift_no: str
    title: str
    wording: str
    image_url: str
    message: str
    needs_code: bool
    phone_confirmed: str | None
    slots: tuple[str, ...]


@dataclass(frozen=True)
class ClaimForm:
    name: str
    phone: str
    address: str
    pickup: bool
    slot: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def check_phone(phone: str, what: str = "phone") -> str:
    phone = phone.strip().replace(" ", "").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE_RE.match(phone):
        raise GiftProblem(422, "bad_phone", f"{what} must be a mainland mobile number of 11 digits starting with 1")
    return phone


def slots_for(now: datetime) -> tuple[str, ...]:
    """The delivery slots offered at `now`: each window on each of the next SLOT_DAYS days."""
    today = now.astimezone(BEIJING).date()
    return tuple(
        f"{(today + timedelta(days=d)).isoformat()} {w}" for d in range(1, SLOT_DAYS + 1) for w in SLOT_WINDOWS
    )


def gift_view(g: Gift) -> GiftView:
    return GiftView(
        g.gift_no, g.state, g.title, g.amount_fen, g.message, g.bind_phone, g.pay_route,
        g.out_trade_no, g.out_refund_no, g.expires_at, g.claimed_at,
    )


def refund_no(gift_no: str) -> str:
    """The one refund number of a gift: every retry of its refund uses it (idempotent)."""
    return "GX" + gift_no.removeprefix(GIFT_PREFIX)


class Gifts:
    """The gift rules of one server app. `clock` is injectable (tests, the bench)."""

    def __init__(
        self, db: ServerDatabase, settings: ServerSettings, payments: Payments | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.db = db
        self.settings = settings
        self.payments = payments
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ giver side

    def create(
        self,
        station: StationIdentity,
        *,
        product_code: str,
        title: str,
        amount_fen: int,
        giver_phone: str,
        wording: str = "",
        image_url: str = "",
        message: str = "",
        bind_phone: str | None = None,
        locale: str = "zh",
        link_ttl_s: int = DEFAULT_TTL_S,
    ) -> GiftView:
        if amount_fen <= 0:
            raise GiftProblem(422, "invalid_amount", "amount_fen must be a positive number of fen")
        if not product_code.strip() or not title.strip():
            raise GiftProblem(422, "missing_product", "a gift needs a product code and a title")
        if len(message) > MAX_MESSAGE:
            raise GiftProblem(422, "message_too_long", f"the message is over {MAX_MESSAGE} characters")
        if not 600 <= link_ttl_s <= 30 * 86400:
            raise GiftProblem(422, "bad_ttl", "the link must last between 10 minutes and 30 days")
        giver = check_phone(giver_phone, "the giver's phone")
        bound = check_phone(bind_phone, "the recipient's phone") if bind_phone else None
        with self.db.session() as s:
            g = Gift(
                gift_no=GIFT_PREFIX + secrets.token_hex(10).upper(),
                station_id=station.station_id,
                product_code=product_code.strip()[:64],
                title=title.strip()[:80],
                wording=wording[:200],
                image_url=image_url[:300],
                amount_fen=amount_fen,
                giver_phone=giver,
                locale="en" if locale == "en" else "zh",
                message=message,
                bind_phone=bound,
                link_ttl_s=link_ttl_s,
                state="created",
                created_at=self.clock(),
            )
            s.add(g)
            s.flush()
            return gift_view(g)

    def _gift(self, s: Session, gift_no: str, station: StationIdentity | None = None) -> Gift:
        g = s.scalar(select(Gift).where(Gift.gift_no == gift_no))
        if g is None or (station is not None and g.station_id != station.station_id):
            raise GiftProblem(404, "unknown_gift", f"no gift {gift_no}")
        return g

    def view(self, gift_no: str, station: StationIdentity | None = None) -> GiftView:
        with self.db.read_session() as s:
            return gift_view(self._gift(s, gift_no, station))

    def by_state(self, station: StationIdentity, state: str | None = None, limit: int = 200) -> list[GiftView]:
        with self.db.read_session() as s:
            q = select(Gift).where(Gift.station_id == station.station_id)
            if state is not None:
                q = q.where(Gift.state == state)
            return [gift_view(g) for g in s.scalars(q.order_by(Gift.id.desc()).limit(limit))]

    def pay_online(self, gift_no: str, station: StationIdentity | None = None) -> PaymentView:
        """The giver's payment at the gateway (the same attempt on every retry)."""
        if self.payments is None:
            raise GiftProblem(404, "payments_not_configured", "no payment gateway is configured on this server")
        with self.db.read_session() as s:
            g = self._gift(s, gift_no, station)
            if g.state != "created":
                raise GiftProblem(409, "already_paid", f"gift {gift_no} is {g.state}, not waiting for payment")
            amount, title, station_id = g.amount_fen, g.title, g.station_id
        return self.payments.open_payment(
            order_ref=gift_no, amount_fen=amount, description=f"礼物 Gift: {title}"[:127],
            station_id=station_id, channel="h5",
        )

    def paid_at_till(self, station: StationIdentity, gift_no: str, method: str) -> GiftView:
        """The till took the money (cash, card or QR as in checkout)."""
        if method not in ("cash", "card", "qr"):
            raise GiftProblem(422, "bad_method", "method must be cash, card or qr")
        now = self.clock()
        with self.db.session() as s:
            g = self._gift(s, gift_no, station)
            moved = affected(s.execute(
                update(Gift).where(Gift.id == g.id, Gift.state == "created")
                .values(state="paid", pay_route=f"till:{method}", paid_at=now,
                        expires_at=now + timedelta(seconds=g.link_ttl_s))
                .execution_options(synchronize_session=False)
            ))
            if not moved:
                raise GiftProblem(409, "already_paid", f"gift {gift_no} is {g.state}, not waiting for payment")
            s.refresh(g)
            return gift_view(g)

    def share(
        self, gift_no: str, station: StationIdentity | None = None, *,
        send_to_phone: str | None = None, send_to_apprise: str | None = None,
    ) -> tuple[GiftView, str]:
        """A new claim link (the previous one stops working) and, optionally, a notice with it.

        Returns the view and the raw token; the token is never stored, only its hash."""
        phone = check_phone(send_to_phone, "the phone to send to") if send_to_phone else None
        if send_to_apprise is not None and not (3 <= len(send_to_apprise) <= 500 and "://" in send_to_apprise):
            raise GiftProblem(422, "bad_channel", "the Apprise channel must be a URL like tgram://… (3–500 chars)")
        token = secrets.token_urlsafe(16)  # 128 bits
        now = self.clock()
        with self.db.session() as s:
            g = self._gift(s, gift_no, station)
            moved = affected(s.execute(
                update(Gift).where(Gift.id == g.id, Gift.state.in_(LIVE))
                .values(state="shared", token_hash=token_hash(token),
                        expires_at=now + timedelta(seconds=g.link_ttl_s))
                .execution_options(synchronize_session=False)
            ))
            if not moved:
                if g.state == "created":
                    raise GiftProblem(409, "not_paid", "only a paid gift can be shared")
                raise GiftProblem(409, "not_shareable", f"gift {gift_no} is {g.state}: its link cannot be shared")
            s.refresh(g)
            if phone or send_to_apprise:
                self._notify(s, g, key=f"gift:{phone or g.gift_no}", template="gift_shared",
                             apprise=[send_to_apprise] if send_to_apprise else [],
                             params={"title": g.title, "message": g.message or "",
                                     "link": self.claim_url(token)},
                             dedup=f"gift-shared:{g.gift_no}:{token_hash(token)[:16]}")
            return gift_view(g), token

    def claim_url(self, token: str) -> str:
        return self.settings.public_base_url.rstrip("/") + f"/g/{token}"

    def revoke(self, gift_no: str, station: StationIdentity | None = None) -> GiftView:
        with self.db.session() as s:
            g = self._gift(s, gift_no, station)
            s.execute(update(Gift).where(Gift.id == g.id, Gift.state == "shared")
                      .values(state="paid", token_hash=None).execution_options(synchronize_session=False))
            s.refresh(g)
            return gift_view(g)

    def cancel(self, gift_no: str, station: StationIdentity | None = None) -> GiftView:
        """Cancel before the claim; the money goes back the way it came. After a claim: refused."""
        with self.db.session() as s:
            g = self._gift(s, gift_no, station)
            moved = affected(s.execute(
                update(Gift).where(Gift.id == g.id, Gift.state.in_((*LIVE, "created")))
                .values(state="cancelled", token_hash=None).execution_options(synchronize_session=False)
            ))
            if not moved:
                raise GiftProblem(409, "already_claimed" if g.state in ("claimed", "delivered") else "not_cancellable",
                                  f"gift {gift_no} is {g.state}: it can no longer be cancelled")
            s.refresh(g)
            if g.paid_at is not None:
                self._refund(s, [g], "礼物取消 gift cancelled")
            return gift_view(g)

    def mark_delivered(self, gift_no: str, station: StationIdentity) -> GiftView:
        with self.db.session() as s:
            g = self._gift(s, gift_no, station)
            moved = affected(s.execute(
                update(Gift).where(Gift.id == g.id, Gift.state == "claimed").values(state="delivered")
                .execution_options(synchronize_session=False)))
            if not moved:
                raise GiftProblem(409, "not_claimed", f"gift {gift_no} is {g.state}, not claimed")
            s.refresh(g)
            self._notify(s, g, key=f"gift:{self._order(s, g).phone}", template="gift_delivered",
                         params={"title": g.title}, dedup=f"gift-delivered:{g.gift_no}")
            return gift_view(g)

    def _order(self, s: Session, g: Gift) -> GiftOrder:
        o = s.scalar(select(GiftOrder).where(GiftOrder.gift_id == g.id))
        assert o is not None
        return o

    # ------------------------------------------------------------ recipient side

    def _by_token(self, s: Session, token: str) -> Gift:
        """The gift behind a link, or a problem saying why the link does not work."""
        if not 16 <= len(token) <= 64:
            raise GiftProblem(404, "unknown_link", "this gift link is not valid")
        g = s.scalar(select(Gift).where(Gift.token_hash == token_hash(token)))
        if g is None:
            # Revoked, replaced, reused after a claim or guessed: all look the same from outside.
            raise GiftProblem(404, "unknown_link", "this gift link is not valid (it may have been replaced or cancelled)")
        if g.state != "shared":
            raise GiftProblem(410, "already_claimed" if g.state in ("claimed", "delivered") else "expired",
                              "this gift has been claimed already" if g.state in ("claimed", "delivered")
                              else "this gift link has expired")
        if g.expires_at is not None and g.expires_at <= self.clock():
            raise GiftProblem(410, "expired", "this gift link has expired")
        return g

    def open(self, token: str) -> ClaimView:
        with self.db.read_session() as s:
            g = self._by_token(s, token)
            return ClaimView(g.gift_no, g.title, g.wording, g.image_url, g.message,
                             g.bind_phone is not None, g.confirmed_phone, slots_for(self.clock()))

    def send_code(self, token: str, phone: str) -> None:
        """A one-time code to the phone the giver bound the gift to."""
        phone = check_phone(phone)
        now = self.clock()
        code = f"{secrets.randbelow(1_000_000):06d}"
        with self.db.session() as s:
            g = self._by_token(s, token)
            if g.bind_phone is None:
                raise GiftProblem(409, "no_code_needed", "this gift needs no code")
            if g.otp_wait_until is not None and g.otp_wait_until > now:
                raise GiftProblem(429, "wait", "too many wrong codes: please wait 15 minutes")
            if phone != g.bind_phone:
                # Not sent: the giver chose the phone; the page does not reveal which one.
                raise GiftProblem(403, "wrong_phone", "this gift was sent to another phone number")
            s.execute(update(Gift).where(Gift.id == g.id).values(
                otp_hash=self._code_hash(g, code), otp_phone=phone,
                otp_expires_at=now + timedelta(seconds=OTP_TTL_S)).execution_options(synchronize_session=False))
            self._notify(s, g, key=f"gift:{phone}", template="gift_code", params={"code": code},
                         dedup=f"gift-code:{g.gift_no}:{secrets.token_hex(4)}", urgent=True)

    def _code_hash(self, g: Gift, code: str) -> str:
        return hmac.new(self.db.link_secret.encode(), f"{g.gift_no}:{code}".encode(), "sha256").hexdigest()

    def check_code(self, token: str, code: str) -> None:
        now = self.clock()
        with self.db.session() as s:
            g = self._by_token(s, token)
            # Count the try first (conditional UPDATE), then compare: racing guesses all count.
            took = affected(s.execute(
                update(Gift).where(
                    Gift.id == g.id, Gift.otp_hash.is_not(None), Gift.otp_tries < OTP_TRIES,
                    (Gift.otp_wait_until.is_(None)) | (Gift.otp_wait_until <= now),
                ).values(otp_tries=Gift.otp_tries + 1).execution_options(synchronize_session=False)))
            if not took:
                if g.otp_hash is None and not (g.otp_wait_until is not None and g.otp_wait_until > now):
                    raise GiftProblem(409, "no_code", "ask for a code first")
                raise GiftProblem(429, "wait", "too many wrong codes: please wait 15 minutes")
            s.refresh(g)
            ok = (g.otp_expires_at is not None and g.otp_expires_at > now
                  and hmac.compare_digest(g.otp_hash or "", self._code_hash(g, code.strip())))
            problem: GiftProblem | None = None
            if ok:
                s.execute(update(Gift).where(Gift.id == g.id).values(
                    confirmed_phone=g.otp_phone, otp_hash=None, otp_tries=0, otp_wait_until=None)
                    .execution_options(synchronize_session=False))
            elif g.otp_tries >= OTP_TRIES:
                s.execute(update(Gift).where(Gift.id == g.id).values(
                    otp_hash=None, otp_tries=0, otp_wait_until=now + timedelta(seconds=OTP_WAIT_S))
                    .execution_options(synchronize_session=False))
                problem = GiftProblem(429, "wait", "too many wrong codes: please wait 15 minutes")
            elif g.otp_expires_at is None or g.otp_expires_at <= now:
                problem = GiftProblem(422, "code_expired", "the code has expired: ask for a new one")
            else:
                problem = GiftProblem(422, "wrong_code", f"wrong code ({OTP_TRIES - g.otp_tries} tries left)")
        # Raised after the commit: the counted try must stay counted.
        if problem is not None:
            raise problem

    def check_form(self, token: str, form: ClaimForm) -> ClaimForm:
        """The form, cleaned; a problem naming the first field that is wrong."""
        name = form.name.strip()
        if not name:
            raise GiftProblem(422, "missing_name", "please enter the recipient's name")
        if len(name) > MAX_NAME:
            raise GiftProblem(422, "name_too_long", f"the name is over {MAX_NAME} characters")
        phone = check_phone(form.phone)
        address = form.address.strip()
        if len(address) > MAX_ADDRESS:
            raise GiftProblem(422, "address_too_long", f"the address is over {MAX_ADDRESS} characters")
        if not form.pickup and not address:
            raise GiftProblem(422, "missing_address", "enter an address or choose pick up at the store")
        if form.slot not in slots_for(self.clock()):
            raise GiftProblem(422, "bad_slot", "choose one of the delivery times offered")
        with self.db.read_session() as s:
            g = self._by_token(s, token)
            if g.bind_phone is not None and g.confirmed_phone != phone:
                raise GiftProblem(403, "phone_not_confirmed", "confirm the phone with the code sent to it first")
        return ClaimForm(name, phone, "" if form.pickup else address, form.pickup, form.slot)

    def claim(self, token: str, form: ClaimForm) -> GiftView:
        """Generate the gift order, exactly once (see the module docstring)."""
        form = self.check_form(token, form)
        now = self.clock()
        h = token_hash(token)
        with self.db.session() as s:
            gift_id = s.scalar(select(Gift.id).where(Gift.token_hash == h))
            won = gift_id is not None and affected(s.execute(
                update(Gift).where(Gift.id == gift_id, Gift.token_hash == h, Gift.state == "shared",
                                   Gift.expires_at > now)
                .values(state="claimed", claimed_at=now)
                .execution_options(synchronize_session=False)))
            if not won:
                raise GiftProblem(410, "already_claimed", "this gift has been claimed already (or its link expired)")
            g = s.get(Gift, gift_id)
            assert g is not None
            s.refresh(g)
            try:
                with s.begin_nested():
                    s.add(GiftOrder(gift_id=g.id, name=form.name, phone=form.phone, address=form.address,
                                    pickup=form.pickup, slot=form.slot, created_at=now))
            except IntegrityError as exc:  # cannot happen after the UPDATE won; kept loud
                raise GiftProblem(410, "already_claimed", "this gift has been claimed already") from exc
            # The desk's feed: the order to prepare (name, phone, address, slot are the store's to see).
            self.db.append_feed(s, g.station_id, "gift.claimed", {
                "gift_no": g.gift_no, "product_code": g.product_code, "title": g.title,
                "name": form.name, "phone": form.phone, "address": form.address,
                "pickup": form.pickup, "slot": form.slot,
            })
            self._notify(s, g, key=f"gift:{form.phone}", template="gift_order", name=form.name,
                         params={"title": g.title, "slot": form.slot, "pickup": form.pickup},
                         dedup=f"gift-order:{g.gift_no}")
            # The giver hears "claimed" — never the address.
            self._notify(s, g, key=f"gift:{g.giver_phone}", template="gift_claimed",
                         params={"title": g.title}, dedup=f"gift-claimed:{g.gift_no}")
            return gift_view(g)

    # ------------------------------------------------------------ money back

    def _refund(self, s: Session, gifts: Sequence[Gift], reason: str) -> None:
        """Ask for the refunds of these gifts (same transaction as their state change): a gift paid
        at the gateway goes back to the payment it was paid with, under its one refund number;
        a till-paid gift is refunded at the till (the desk hears `gift.refund_at_till`)."""
        s.execute(update(Gift), [{"id": g.id, "out_refund_no": refund_no(g.gift_no)} for g in gifts],
                  execution_options={"synchronize_session": False})
        online = [g for g in gifts if g.out_trade_no is not None and self.payments is not None]
        for g in gifts:
            if g not in online:
                self.db.append_feed(s, g.station_id, "gift.refund_at_till",
                                    {"gift_no": g.gift_no, "amount_fen": g.amount_fen, "pay_route": g.pay_route})
        if online and self.payments is not None:
            refused = self.payments.add_full_refunds(
                s, [(g.out_trade_no or "", refund_no(g.gift_no), reason) for g in online])
            for trade in refused:  # refunded by hand already: nothing more to send back
                log.warning("gift payment %s was refunded already; no second refund asked", trade)

    def expire_pass(self, now: datetime | None = None, batch: int = 2000) -> int:
        """Every paid or shared gift past its expiry → expired, refund asked, giver told. Returns how many.

        Set-based, batches of `batch` gifts, one transaction each: a crash loses at most the
        open batch, which the next pass takes again (its rows are still paid|shared)."""
        now = now or self.clock()
        done = 0
        while True:
            with self.db.session() as s:
                ids = list(s.scalars(select(Gift.id).where(Gift.state.in_(LIVE), Gift.expires_at <= now)
                                     .order_by(Gift.id).limit(batch)))
                if not ids:
                    return done
                moved = set(s.scalars(
                    update(Gift).where(self.db.one_of(Gift.id, ids), Gift.state.in_(LIVE), Gift.expires_at <= now)
                    .values(state="expired").returning(Gift.id).execution_options(synchronize_session=False)))
                gifts = list(s.scalars(select(Gift).where(self.db.one_of(Gift.id, list(moved))))) if moved else []
                if gifts:
                    self._refund(s, gifts, "礼物未领取 gift not claimed")
                notices: dict[int, list[tuple[str, dict[str, Any]]]] = {}
                for g in gifts:
                    notices.setdefault(g.station_id, []).append(self._notice(
                        g, key=f"gift:{g.giver_phone}", template="gift_expired", params={"title": g.title},
                        dedup=f"gift-expired:{g.gift_no}"))
                for station_id, events in notices.items():
                    self._send(s, station_id, events)
                done += len(gifts)
            if len(ids) < batch:
                return done

    def on_payment(self, s: Session, _db: ServerDatabase, _settings: ServerSettings, change: PaymentChange) -> None:
        """PaymentHandler: a gift's payment was paid or refunded (inside the payment's transaction)."""
        if not change.order_ref.startswith(GIFT_PREFIX):
            return
        now = self.clock()
        if change.topic == "payment.paid":
            g = s.scalar(select(Gift).where(Gift.gift_no == change.order_ref))
            if g is None:
                return
            s.execute(update(Gift).where(Gift.id == g.id, Gift.state == "created").values(
                state="paid", pay_route="gateway", out_trade_no=change.out_trade_no, paid_at=now,
                expires_at=now + timedelta(seconds=g.link_ttl_s)).execution_options(synchronize_session=False))
        elif change.topic == "payment.refunded" and change.payload.get("fully_refunded"):
            s.execute(update(Gift).where(Gift.gift_no == change.order_ref,
                                         Gift.state.in_(("expired", "cancelled")))
                      .values(state="refunded").execution_options(synchronize_session=False))

    def counts(self, station: StationIdentity) -> dict[str, int]:
        with self.db.read_session() as s:
            rows = s.execute(select(Gift.state, func.count()).where(Gift.station_id == station.station_id)
                             .group_by(Gift.state))
            return {state: int(n) for state, n in rows}

    # ------------------------------------------------------------ notices

    def _notify(
        self, s: Session, g: Gift, *, key: str, template: str, params: dict[str, Any], dedup: str,
        name: str = "", apprise: Sequence[str] = (), urgent: bool = False,
    ) -> None:
        """A message through the server's delivery (inbox, plus Apprise if given), same transaction."""
        self._send(s, g.station_id, [self._notice(g, key=key, template=template, params=params, dedup=dedup,
                                                  name=name, apprise=apprise, urgent=urgent)])

    @staticmethod
    def _notice(
        g: Gift, *, key: str, template: str, params: dict[str, Any], dedup: str,
        name: str = "", apprise: Sequence[str] = (), urgent: bool = False,
    ) -> tuple[str, dict[str, Any]]:
        payload: dict[str, Any] = {
            "recipient": {"key": key[:80], "name": name[:80], "apprise": list(apprise)},
            "template": template, "locale": g.locale, "params": params,
            "dedup_key": dedup[:120], "category": "gifts", "urgent": urgent,
        }
        return hashlib.sha256(dedup.encode()).hexdigest()[:32], payload

    def _send(self, s: Session, station_id: int, events: list[tuple[str, dict[str, Any]]]) -> None:
        station = s.get(Station, station_id)
        assert station is not None
        identity = StationIdentity(station.id, station.store_code, station.name)
        for status, note in apply_notify_batch(s, self.db, self.settings, identity, events):
            if status == "rejected":
                log.error("gift notice rejected: %s", note)

    # ------------------------------------------------------------ expiry thread

    def start(self, every_s: float = 60.0) -> None:
        self._thread = threading.Thread(target=self._run, args=(every_s,), name="gifts-expiry", daemon=True)
        self._thread.start()

    def _run(self, every_s: float) -> None:
        while not self._stop.is_set():
            try:
                self.expire_pass()
            except Exception:  # the loop must outlive a database restart
                log.exception("gift expiry pass failed")
            self._stop.wait(every_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)
