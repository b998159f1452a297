"""Receipts: HTML for the screen and the printer, PDF through Qt's printing."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from services.checkout.records import OrderReceipt
from services.core.money import format_fen

RECEIPT_WIDTH_MM = 80  # a till roll


def receipt_html(r: OrderReceipt, language: str) -> str:
    zh = language.startswith("zh")
    l_change = QCoreApplication.translate("Receipt", "Change")
    l_reference = QCoreApplication.translate("Receipt", "Reference")
    l_member = QCoreApplication.translate("Receipt", "Member")
    l_order = QCoreApplication.translate("Receipt", "Order")
    l_subtotal = QCoreApplication.translate("Receipt", "Subtotal")
    l_discount = QCoreApplication.translate("Receipt", "Discount")
    l_total = QCoreApplication.translate("Receipt", "Total")
    l_thank_you = QCoreApplication.translate("Receipt", "Thank you!")
    rows = []
    for line in r.quote.lines:
        name = line.name if zh or not line.name_en else line.name_en
        rows.append(
            f"<tr><td colspan=3>{escape(name)}</td></tr>"
            f"<tr><td>{line.quantity} × {format_fen(line.unit_price_fen)}</td>"
            f"<td align=right>{'-' + format_fen(line.discount_fen) if line.discount_fen else ''}</td>"
            f"<td align=right>{format_fen(line.total_fen)}</td></tr>"
        )
    coupons = [
        f"<tr><td colspan=2>{escape(c.title if zh or not c.title_en else c.title_en)}</td>"
        f"<td align=right>-{format_fen(c.discount_fen)}</td></tr>"
        for c in r.quote.coupons
        if c.applied
    ]
    method = {
        "cash": QCoreApplication.translate("Receipt", "Cash"),
        "card": QCoreApplication.translate("Receipt", "Card"),
        "qr": QCoreApplication.translate("Receipt", "QR payment"),
    }.get(r.payment_method, r.payment_method)
    payment = [
        f"<tr><td colspan=2>{method}</td><td align=right>{format_fen(r.tendered_fen or r.quote.total_fen)}</td></tr>"
    ]
    if r.payment_method == "cash":
        payment.append(
            f"<tr><td colspan=2>{l_change}</td><td align=right>{format_fen(r.change_fen)}</td></tr>"
        )
    elif r.payment_reference:
        payment.append(f"<tr><td colspan=3>{l_reference}: {escape(r.payment_reference)}</td></tr>")
    member = ""
    if r.member is not None:
        member = f"<p>{l_member}: {escape(r.member.member_code)} {escape(r.member.phone_masked)}</p>"
    when = r.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"""<html><body style="font-family: sans-serif; font-size: 9pt;">
<h3 align=center>{escape(r.store_name)}</h3>
<p>{l_order} {escape(r.number)}<br>{when} · {escape(r.operator_name)}</p>{member}
<table width="100%">{"".join(rows)}</table><hr>
<table width="100%">
<tr><td colspan=2>{l_subtotal}</td><td align=right>{format_fen(r.quote.subtotal_fen)}</td></tr>
{"".join(coupons)}
<tr><td colspan=2>{l_discount}</td><td align=right>-{format_fen(r.quote.discount_fen)}</td></tr>
<tr><td colspan=2><b>{l_total}</b></td><td align=right><b>{format_fen(r.quote.total_fen)}</b></td></tr>
{"".join(payment)}
</table><p align=center>{l_thank_you}</p></body></html>"""


def save_receipt_pdf(r: OrderReceipt, language: str, path: Path) -> Path:
    """Print the receipt to a PDF on an 80 mm roll-sized page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    lines = len(r.quote.lines) * 2 + len(r.quote.coupons) + 16
    size = QPageSize(QSizeF(RECEIPT_WIDTH_MM, max(120, 6 * lines)), QPageSize.Unit.Millimeter)
    printer.setPageLayout(
        QPageLayout(
            size, QPageLayout.Orientation.Portrait, QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter
        )
    )
    document = QTextDocument()
    document.setHtml(receipt_html(r, language))
    document.print_(printer)
    return path
