"""Receipts and parcel labels laid out on a roll's character grid (devices.printer.ticket).

Rules that keep a receipt readable on 32 columns (58 mm) as on 48 (80 mm):

* A number is never split: the quantity, price and amount columns are as wide as the
  widest value in this order (or their heading), right-aligned, and a row that cannot
  hold them all puts them on a row of their own.
* A name that does not fit beside the numbers is wrapped on its own row(s) above them,
  at spaces where it has any, else between characters (Chinese has no spaces).
* Widths count cells, not characters: a Chinese character takes two (East Asian Width).
* Amounts on the receipt carry ``￥`` (U+FFE5), never ``¥`` (research/till_printing.md §4).
* The member's phone is printed masked, as the order record has it; a parcel label
  masks the recipient's name and phone.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, tzinfo

from devices.printer.symbols import barcode_fits
from devices.printer.ticket import (
    YEN,
    Barcode,
    Block,
    Feed,
    QrCode,
    Roll,
    Rule,
    Span,
    TextRow,
    Ticket,
    char_cells,
    text_cells,
)
from services.core.masking import mask_name, mask_phone
from services.core.money import format_fen
from services.receipts.model import ParcelLabelData, ReceiptData, ShopInfo
from services.shifts.types import ShiftReport

_LABELS: dict[str, tuple[str, str]] = {
    "order": ("单号", "Order"),
    "time": ("时间", "Time"),
    "cashier": ("收银员", "Cashier"),
    "member": ("会员", "Member"),
    "item": ("商品", "Item"),
    "qty": ("数量", "Qty"),
    "price": ("单价", "Price"),
    "amount": ("金额", "Amount"),
    "share": ("  优惠分摊", "  coupon share"),
    "items": ("件数", "Items"),
    "subtotal": ("小计", "Subtotal"),
    "discount": ("优惠合计", "Discount"),
    "total": ("应付", "TOTAL"),
    "cash": ("现金", "Cash"),
    "card": ("银行卡", "Card"),
    "qr": ("扫码支付", "QR payment"),
    "change": ("找零", "Change"),
    "reference": ("交易号", "Ref."),
    "reprint": ("*** 重印 ***", "*** REPRINT ***"),
    "gift": ("扫码领取礼物", "Scan to claim your gift"),
    "pay_for_another": ("扫码为此单付款", "Scan to pay for this order"),
    "e_invoice": ("扫码开具电子发票", "Scan for your e-invoice"),
    "tracking": ("运单号", "Waybill"),
    "courier": ("快递", "Courier"),
    "recipient": ("收件人", "Recipient"),
    "unit": ("房号", "Unit"),
    "slot": ("柜格", "Locker"),
    "pickup": ("取件码", "Pickup code"),
    "stored": ("入柜", "Stored"),
    "x_report": ("X 报表（班中）", "X REPORT (mid-shift)"),
    "z_report": ("Z 报表（交班）", "Z REPORT (shift closed)"),
    "shift": ("班次", "Shift"),
    "opened": ("开班", "Opened"),
    "until": ("截至", "Until"),
    "closed": ("交班", "Closed"),
    "orders": ("订单数", "Orders"),
    "gross": ("原价合计", "Gross sales"),
    "sales": ("实收合计", "Net sales"),
    "refunds": ("退款", "Refunds"),
    "coupons_used": ("用券", "Coupons used"),
    "discounted_orders": ("优惠订单", "Discounted orders"),
    "float": ("备用金", "Opening float"),
    "cash_in": ("存入", "Cash in"),
    "cash_out": ("取出", "Cash out"),
    "expected": ("应有现金", "Expected cash"),
    "counted": ("实点现金", "Counted cash"),
    "difference": ("差额", "Difference"),
}


def label(key: str, language: str) -> str:
    zh, en = _LABELS[key]
    return zh if language.startswith("zh") else en


def yuan(fen: int) -> str:
    """'￥1,234.56' / '-￥3.00'."""
    return format_fen(fen, symbol=YEN)


def plain(fen: int) -> str:
    """'1,234.56' for the item columns, whose heading says what they are."""
    return format_fen(fen, symbol="")


def clean(text: str) -> str:
    """One line of printable text: runs of whitespace become one space, control characters go
    (an ESC in a product name would otherwise reach the printer as a command)."""
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch.isspace()).split())


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into rows of at most ``width`` cells: at the last space that fits, else anywhere."""
    text = clean(text)
    if width < 2:
        raise ValueError("wrap width must be at least 2 cells")
    rows: list[str] = []
    while text_cells(text) > width:
        used, cut, last_space = 0, 0, -1
        for i, ch in enumerate(text):
            w = char_cells(ch)
            if used + w > width:
                break
            used += w
            cut = i + 1
            if ch == " ":
                last_space = i
        if last_space > 0:
            rows.append(text[:last_space])
            text = text[last_space + 1 :]
        else:
            rows.append(text[:cut])
            text = text[cut:].lstrip()
    if text or not rows:
        rows.append(text)
    return rows


class _Sheet:
    """Rows being laid out for one roll."""

    def __init__(self, roll: Roll) -> None:
        self.roll = roll
        self.columns = roll.columns
        self.blocks: list[Block] = []

    def row(self, *spans: Span, bold: bool = False, tall: bool = False) -> None:
        self.blocks.append(TextRow(tuple(s for s in spans if s.text), bold=bold, tall=tall))

    def left(self, text: str, *, bold: bool = False, tall: bool = False, indent: int = 0) -> None:
        for part in wrap(text, self.columns - indent):
            self.row(Span(indent, part), bold=bold, tall=tall)

    def center(self, text: str, *, bold: bool = False, tall: bool = False) -> None:
        for part in wrap(text, self.columns):
            self.row(Span((self.columns - text_cells(part)) // 2, part), bold=bold, tall=tall)

    def right_span(self, text: str, end: int | None = None) -> Span:
        end = self.columns if end is None else end
        return Span(end - text_cells(text), text)

    def pair(self, name: str, value: str, *, bold: bool = False, tall: bool = False) -> None:
        """``name`` on the left, ``value`` right-aligned on the same row when both fit, never split."""
        name, value = clean(name), clean(value)
        vw = text_cells(value)
        if vw > self.columns:
            raise ValueError(f"{value!r} is wider than a {self.columns}-column roll")
        room = self.columns - vw - 1
        if text_cells(name) <= room:
            self.row(Span(0, name), self.right_span(value), bold=bold, tall=tall)
            return
        if room >= 8:
            parts = wrap(name, room)
            for part in parts[:-1]:
                self.row(Span(0, part), bold=bold, tall=tall)
            self.row(Span(0, parts[-1]), self.right_span(value), bold=bold, tall=tall)
            return
        self.left(name, bold=bold, tall=tall)
        self.row(self.right_span(value), bold=bold, tall=tall)

    def rule(self, char: str = "-") -> None:
        self.blocks.append(Rule(char))


def _barcode_ok(data: str, roll: Roll) -> bool:
    """Code 128 takes printable ASCII, and must fit the head at a scannable module width."""
    return bool(data) and data.isascii() and data.isprintable() and barcode_fits(data, roll.dots)


def _local(when: datetime, tz: tzinfo | None) -> str:
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def receipt_ticket(data: ReceiptData, shop: ShopInfo, roll: Roll, language: str = "zh_CN",
                   tz: tzinfo | None = None) -> Ticket:
    """The receipt for one order on a roll (``tz``: the desk's zone; default the machine's)."""
    s = _Sheet(roll)

    def L(key: str) -> str:
        return label(key, language)

    # Header: the shop's name and lines from Settings.
    s.center(shop.name, bold=True, tall=True)
    for line in shop.header:
        s.center(line)
    if data.reprint:
        s.center(L("reprint"), bold=True)
    s.rule("=")
    s.pair(L("order"), data.number)
    s.pair(L("time"), _local(data.created_at, tz))
    if data.operator_name:
        s.pair(L("cashier"), data.operator_name)
    if data.member_code:
        s.pair(L("member"), f"{data.member_code} {data.member_phone_masked}".strip())
    s.rule()
    _items(s, data, language)
    s.rule()
    s.pair(L("items"), str(sum(line.quantity for line in data.lines)))
    s.pair(L("subtotal"), yuan(data.subtotal_fen))
    for coupon in data.coupons:
        s.pair(coupon.title, yuan(-coupon.discount_fen))
    if data.discount_fen:
        s.pair(L("discount"), yuan(-data.discount_fen))
    s.pair(L("total"), yuan(data.total_fen), bold=True, tall=True)
    method = data.payment_method if data.payment_method in ("cash", "card", "qr") else ""
    paid = data.tendered_fen if data.payment_method == "cash" else data.total_fen
    s.pair(L(method) if method else data.payment_method, yuan(paid))
    if data.payment_method == "cash":
        s.pair(L("change"), yuan(data.change_fen))
    elif data.payment_reference:
        s.pair(L("reference"), data.payment_reference)
    s.rule()
    for line in shop.footer:
        s.center(line)
    if _barcode_ok(data.number, roll):
        s.blocks.append(Barcode(data.number))
    if data.qr is not None:
        s.blocks.append(QrCode(data.qr.url, L(data.qr.kind)))
    s.blocks.append(Feed(1))
    return Ticket(roll, tuple(s.blocks), title=f"receipt {data.number}", open_drawer=data.payment_method == "cash",
                  meta={"kind": "receipt", "order": data.number})


def _items(s: _Sheet, data: ReceiptData, language: str) -> None:
    def L(key: str) -> str:
        return label(key, language)

    heads = (L("item"), L("qty"), L("price"), L("amount"))
    rows = [(line, str(line.quantity), plain(line.unit_price_fen), plain(line.unit_price_fen * line.quantity))
            for line in data.lines]
    wq = max([text_cells(heads[1])] + [len(r[1]) for r in rows])
    wp = max([text_cells(heads[2])] + [len(r[2]) for r in rows])
    wa = max([text_cells(heads[3])] + [len(r[3]) for r in rows])
    numbers = wq + 1 + wp + 1 + wa
    if numbers > s.columns:  # absurd sizes: each number on a row of its own, still whole
        for line, q, p, a in rows:
            s.left(line.name)
            s.row(Span(2, f"{q} x {p}"[: s.columns - 2]))
            s.row(s.right_span(a))
            if line.discount_fen:
                s.pair(L("share"), plain(-line.discount_fen))
        return
    name_w = s.columns - numbers - 1
    q_end, p_end = name_w + 1 + wq, name_w + 1 + wq + 1 + wp

    def numbers_row(name: str, q: str, p: str, a: str, bold: bool = False) -> None:
        s.row(Span(0, name), s.right_span(q, q_end), s.right_span(p, p_end), s.right_span(a), bold=bold)

    numbers_row(heads[0] if text_cells(heads[0]) <= name_w else "", *heads[1:], bold=True)
    for line, q, p, a in rows:
        name = clean(line.name)
        if name_w >= 4 and text_cells(name) <= name_w:
            numbers_row(name, q, p, a)
        else:
            s.left(line.name)
            numbers_row("", q, p, a)
        if line.discount_fen:
            s.pair(L("share"), plain(-line.discount_fen))


def label_ticket(data: ParcelLabelData, roll: Roll, language: str = "zh_CN", tz: tzinfo | None = None) -> Ticket:
    """A parcel label: where it is, whose it is (masked), and the pickup code as a QR code."""
    s = _Sheet(roll)

    def L(key: str) -> str:
        return label(key, language)

    s.pair(L("slot"), f"{data.bank}-{data.slot}" if data.bank else data.slot, bold=True, tall=True)
    s.pair(L("unit"), data.unit, bold=True, tall=True)
    s.rule()
    phone = data.recipient_phone if "*" in data.recipient_phone else mask_phone(data.recipient_phone)
    s.pair(L("recipient"), f"{mask_name(data.recipient_name)} {phone if data.recipient_phone else ''}".strip())
    if data.courier:
        s.pair(L("courier"), data.courier)
    s.pair(L("tracking"), data.tracking_number)
    s.pair(L("stored"), _local(data.stored_at, tz))
    if _barcode_ok(data.tracking_number, roll):
        s.blocks.append(Barcode(data.tracking_number, caption=False))
    s.blocks.append(QrCode(data.pickup_code, f"{L('pickup')} {data.pickup_code}"))
    return Ticket(roll, tuple(s.blocks), title=f"label {data.tracking_number}",
                  meta={"kind": "label", "tracking": data.tracking_number})


def shift_report_ticket(report: ShiftReport, shop: ShopInfo, roll: Roll, language: str = "zh_CN",
                        tz: tzinfo | None = None) -> Ticket:
    """An X or Z report on the till's roll: sales by tender, refunds, coupons, cash expected vs counted."""
    s = _Sheet(roll)

    def L(key: str) -> str:
        return label(key, language)

    s.center(shop.name, bold=True)
    s.center(f"{L('z_report' if report.kind == 'Z' else 'x_report')} #{report.number}", bold=True, tall=True)
    s.rule("=")
    s.pair(L("shift"), f"{report.store_code} #{report.shift_id}")
    s.pair(L("opened"), _local(report.opened_at, tz))
    s.pair(L("closed" if report.kind == "Z" else "until"), _local(report.until, tz))
    for who in (report.opened_by, report.closed_by):
        if who:
            s.pair(L("cashier"), who)
    s.rule()
    s.pair(L("orders"), str(report.orders))
    s.pair(L("gross"), yuan(report.gross_fen))
    s.pair(L("discount"), yuan(-report.discount_fen))
    s.pair(L("sales"), yuan(report.sales_fen), bold=True)
    for t in report.tenders:
        s.pair(f"  {L(t.method) if t.method in ('cash', 'card', 'qr') else t.method} ×{t.count}", yuan(t.total_fen))
    s.pair(f"{L('refunds')} ×{report.refunds}", yuan(-report.refunds_fen))
    for t in report.refund_tenders:
        s.pair(f"  {L(t.method) if t.method in ('cash', 'card', 'qr') else t.method} ×{t.count}", yuan(-t.total_fen))
    s.pair(f"{L('coupons_used')} ×{report.coupons_used}", yuan(-report.coupons_value_fen))
    s.pair(L("discounted_orders"), str(report.discounted_orders))
    s.rule()
    s.pair(L("float"), yuan(report.opening_float_fen))
    s.pair(L("cash"), yuan(sum(t.total_fen for t in report.tenders if t.method == "cash")))
    s.pair(L("refunds"), yuan(-sum(t.total_fen for t in report.refund_tenders if t.method == "cash")))
    s.pair(L("cash_in"), yuan(report.cash_in_fen))
    s.pair(L("cash_out"), yuan(-report.cash_out_fen))
    for move in report.moves:
        s.pair(f"  {move.reason}", yuan(move.amount_fen if move.kind == "in" else -move.amount_fen))
    s.pair(L("expected"), yuan(report.expected_cash_fen), bold=True)
    if report.counted_cash_fen is not None and report.difference_fen is not None:
        s.pair(L("counted"), yuan(report.counted_cash_fen), bold=True)
        s.pair(L("difference"), yuan(report.difference_fen), bold=True, tall=True)
    s.blocks.append(Feed(1))
    return Ticket(roll, tuple(s.blocks), title=f"{report.kind} report {report.store_code} #{report.number}",
                  meta={"kind": f"{report.kind.lower()}_report", "shift": str(report.shift_id)})
