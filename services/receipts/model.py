"""Plain records a receipt or a parcel label is laid out from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.checkout.records import OrderReceipt
from services.parcels.records import ParcelInfo

QR_KINDS = ("gift", "pay_for_another", "e_invoice")


@dataclass(frozen=True)
class ShopInfo:
    """The shop's header and footer lines (Settings → Printer)."""

    name: str
    header: tuple[str, ...] = ()  # address, phone, tax number …
    footer: tuple[str, ...] = ()  # returns policy, thanks, Wi-Fi …


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price_fen: int
    discount_fen: int  # this line's share of the coupons
    total_fen: int


@dataclass(frozen=True)
class ReceiptCoupon:
    title: str
    discount_fen: int


@dataclass(frozen=True)
class ReceiptQr:
    kind: str  # one of QR_KINDS
    url: str


@dataclass(frozen=True)
class ReceiptData:
    number: str
    created_at: datetime  # UTC; printed in the desk's local time
    operator_name: str
    member_code: str  # "" for no member
    member_phone_masked: str
    lines: tuple[ReceiptLine, ...]
    coupons: tuple[ReceiptCoupon, ...]
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    payment_method: str  # "cash" | "card" | "qr"
    payment_reference: str
    tendered_fen: int
    change_fen: int
    qr: ReceiptQr | None = None
    reprint: bool = False


def from_order_receipt(r: OrderReceipt, language: str, qr: ReceiptQr | None = None) -> ReceiptData:
    """What CheckoutService.pay returns, as a receipt (names in the receipt's language)."""
    zh = language.startswith("zh")
    return ReceiptData(
        number=r.number,
        created_at=r.created_at,
        operator_name=r.operator_name,
        member_code=r.member.member_code if r.member else "",
        member_phone_masked=r.member.phone_masked if r.member else "",
        lines=tuple(
            ReceiptLine(line.name if zh or not line.name_en else line.name_en, line.quantity,
                        line.unit_price_fen, line.discount_fen, line.total_fen)
            for line in r.quote.lines
        ),
        coupons=tuple(
            ReceiptCoupon(c.title if zh or not c.title_en else c.title_en, c.discount_fen)
            for c in r.quote.coupons
            if c.applied
        ),
        subtotal_fen=r.quote.subtotal_fen,
        discount_fen=r.quote.discount_fen,
        total_fen=r.quote.total_fen,
        payment_method=r.payment_method,
        payment_reference=r.payment_reference,
        tendered_fen=r.tendered_fen,
        change_fen=r.change_fen,
        qr=qr,
    )


@dataclass(frozen=True)
class ParcelLabelData:
    tracking_number: str
    courier: str
    recipient_name: str  # printed masked
    recipient_phone: str  # printed masked (an already masked "138****1234" is printed as it is)
    unit: str  # "6-1203"
    bank: str  # locker bank / shelf
    slot: str
    pickup_code: str  # printed as a QR code and in digits
    stored_at: datetime


def label_from_parcel(parcel: ParcelInfo, pickup_code: str) -> ParcelLabelData:
    """The label of a parcel just stored (the pickup code is known only at that moment)."""
    return ParcelLabelData(
        tracking_number=parcel.tracking_no,
        courier=parcel.courier_name or parcel.courier_code,
        recipient_name=parcel.recipient_name,
        recipient_phone=parcel.phone_masked,
        unit=parcel.unit_label,
        bank=parcel.bank_name or parcel.bank_code or "",
        slot=str(parcel.slot_no) if parcel.slot_no is not None else "",
        pickup_code=pickup_code,
        stored_at=parcel.stored_at or parcel.announced_at,
    )
