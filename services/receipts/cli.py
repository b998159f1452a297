"""``uv run main.py print-test``: a sample receipt with coupons and a sample parcel label,
to a printer (by URL, or the ones in Settings → Printer) and/or to PDF files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from devices.printer.base import PrinterError, PrinterFault
from devices.printer.fonts import FontMissing
from devices.printer.pdf import page_size_mm, write_ticket_pdf
from devices.printer.ticket import ROLLS, Ticket
from devices.printer.transport import open_printer, parse_printer_url
from services.receipts.layout import label_ticket, receipt_ticket
from services.receipts.model import ShopInfo
from services.receipts.sample import SAMPLE_SHOP, sample_label, sample_receipt

EXIT_BAD_INPUT = 2
EXIT_PRINTER = 1


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(f"print-test: error: {message}", file=sys.stderr)
    return code


def run_print_test(argv: list[str]) -> int:
    from services.core.paths import app_paths
    from services.core.settings import load_settings

    settings = load_settings(app_paths().settings_file).printer
    parser = argparse.ArgumentParser(prog="main.py print-test",
                                     description="Print a sample receipt (with coupons) and a sample parcel label.")
    parser.add_argument("--printer", metavar="URL", default=None,
                        help="receipt printer: usb://VID:PID, serial:///dev/ttyUSB0?baudrate=9600, tcp://HOST:9100, "
                             "file:///PATH, dummy:// (default: Settings → Printer)")
    parser.add_argument("--label-printer", metavar="URL", default=None,
                        help="label printer (default: Settings → Printer, else the receipt printer)")
    parser.add_argument("--pdf", metavar="FILE", type=Path, help="also write the receipt as a PDF of the roll here, "
                        "and the label beside it as FILE-label.pdf")
    parser.add_argument("--width", type=int, default=None, help="roll width in mm: 58 or 80 (default: Settings)")
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"], help="the receipt's language")
    parser.add_argument("--lines", type=int, default=0, help="order lines in the sample (default: 6 sample items)")
    parser.add_argument("--status", action="store_true",
                        help="only ask the receipt printer for its status (online, paper) and print nothing")
    args = parser.parse_args(argv)
    width = args.width if args.width is not None else settings.width_mm
    if width not in ROLLS:
        return _fail(f"--width must be 58 or 80, not {width}")
    if not 0 <= args.lines <= 5000:
        return _fail(f"--lines must be between 0 and 5000, not {args.lines}")
    receipt_url = args.printer if args.printer is not None else settings.receipt_printer
    label_url = args.label_printer if args.label_printer is not None else (settings.label_printer or receipt_url)
    if not receipt_url and args.pdf is None:
        return _fail("no printer: give --printer URL or --pdf FILE (Settings → Printer has no receipt printer)")
    for url in {receipt_url, label_url} - {""}:
        try:
            parse_printer_url(url)
        except PrinterError as exc:
            return _fail(exc.detail)
    if args.status:
        if not receipt_url:
            return _fail("--status needs a printer: give --printer URL")
        try:
            status = open_printer(receipt_url).status()
        except PrinterError as exc:
            return _fail(f"{receipt_url}: {exc.fault.value} ({exc.detail})", EXIT_PRINTER)
        online = "unknown" if status.online is None else ("online" if status.online else "offline")
        print(f"{receipt_url}: {online}, paper {status.paper.value}")
        return 0
    shop = ShopInfo(SAMPLE_SHOP.name, tuple(settings.header) or SAMPLE_SHOP.header,
                    tuple(settings.footer) or SAMPLE_SHOP.footer)
    roll = ROLLS[width]
    receipt = receipt_ticket(sample_receipt(args.lines), shop, roll, args.lang)
    label = label_ticket(sample_label(), ROLLS.get(settings.label_width_mm, ROLLS[58]), args.lang)
    if args.pdf is not None:
        label_pdf = args.pdf.with_name(f"{args.pdf.stem}-label{args.pdf.suffix or '.pdf'}")
        try:
            for ticket, path in ((receipt, args.pdf), (label, label_pdf)):
                write_ticket_pdf(ticket, path)
                w, h = page_size_mm(ticket)
                print(f"{ticket.title}: {path} (one page, {w:.0f} x {h:.0f} mm)")
        except FontMissing as exc:
            return _fail(str(exc), EXIT_PRINTER)
        except OSError as exc:
            return _fail(f"cannot write {exc.filename}: {exc.strerror}")
    for url, ticket in ((receipt_url, receipt), (label_url, label)):
        if url:
            code = _print(url, ticket)
            if code:
                return code
    return 0


def _print(url: str, ticket: Ticket) -> int:
    printer = open_printer(url)
    try:
        printer.print_ticket(ticket, open_drawer=False)  # a test page never opens the drawer
    except PrinterError as exc:
        hint = {
            PrinterFault.NOT_FOUND: "unplugged, switched off or a wrong address",
            PrinterFault.NO_ANSWER: "switched off or a loose cable",
            PrinterFault.PAPER_OUT: "load paper",
            PrinterFault.OFFLINE: "cover open or the printer in an error state",
            PrinterFault.DISCONNECTED: "the connection broke while printing",
        }.get(exc.fault, "")
        return _fail(f"{url}: {exc.fault.value} ({exc.detail}){'; ' + hint if hint else ''}", EXIT_PRINTER)
    print(f"{ticket.title}: printed on {url}")
    return 0
