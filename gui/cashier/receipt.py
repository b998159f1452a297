"""Receipts on screen and as PDF, from the same roll layout the printer gets (services/receipts).

The screen shows the ticket's rows in a monospaced CJK font, so what the cashier sees
is what the paper shows; the PDF is one page of the roll (devices/printer/pdf.py).
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from services.checkout.records import OrderReceipt
from services.core.settings import PrinterSettings

if TYPE_CHECKING:  # the layout, barcode and PDF libraries load on the first receipt, not at start-up
    from devices.printer.ticket import Ticket
    from gui.print_hub import PrintHub

log = logging.getLogger(__name__)


def receipt_for(r: OrderReceipt, language: str, printer: PrinterSettings | None = None) -> Ticket:
    from devices.printer.ticket import ROLLS
    from services.receipts.layout import receipt_ticket
    from services.receipts.model import ShopInfo, from_order_receipt

    printer = printer or PrinterSettings()
    shop = ShopInfo(r.store_name, tuple(printer.header), tuple(printer.footer))
    roll = ROLLS.get(printer.width_mm, ROLLS[80])
    return receipt_ticket(from_order_receipt(r, language), shop, roll, language)


def receipt_html(r: OrderReceipt, language: str, printer: PrinterSettings | None = None) -> str:
    rows = "\n".join(escape(line) for line in receipt_for(r, language, printer).text_lines())
    return ("<html><body><pre style=\"font-family: 'WenQuanYi Micro Hei Mono', 'Noto Sans Mono CJK SC', "
            f"monospace; font-size: 9pt;\">{rows}</pre></body></html>")


def save_receipt_pdf(r: OrderReceipt, language: str, path: Path, printer: PrinterSettings | None = None) -> Path:
    """The receipt as a PDF of the roll: one page, as wide as the paper and as tall as the receipt."""
    from devices.printer.pdf import write_ticket_pdf

    return write_ticket_pdf(receipt_for(r, language, printer), path)


def queue_receipt(printing: PrintHub, r: OrderReceipt, language: str, printer: PrinterSettings) -> str | None:
    """Hand a paid order's receipt to the print queue (a cash sale's ticket opens the drawer).

    The sale is already committed: nothing here may undo or hold it up, so a receipt that cannot
    be laid out is logged and the cashier still has it on screen and as PDF (reprint from Orders).
    """
    if not printer.receipt_printer:
        return None
    try:
        return printing.submit("receipt", receipt_for(r, language, printer))
    except Exception:
        log.exception("receipt of order %s could not be queued", r.number)
        return None
