"""Tickets as a PDF of the roll: one page as wide as the paper and as tall as the ticket.

reportlab, not Qt: the PDF is made where the ticket is made (services, the print queue's
worker, ``main.py print-test``) with no QGuiApplication, and it embeds a subset of the
CJK TrueType font with a ToUnicode map, so Chinese renders and the text stays
extractable (``pdftotext -layout`` reads back every amount). Geometry is the print
head's: one PDF unit of layout is one 203-dpi dot, cells 12 dots, rows 30 dots, so the
PDF shows what the paper will show. Each character is scaled horizontally to exactly
its cells (Latin 0.6 em → one cell, CJK 1 em → two), so columns line up as on paper.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from devices.printer.fonts import FontMissing, find_cjk_font
from devices.printer.raster import CELL_DOTS, GAP_DOTS, GLYPH_DOTS, ROW_DOTS, block_height, caption_row
from devices.printer.symbols import (
    BARCODE_HEIGHT_DOTS,
    barcode_module_dots,
    code128_modules,
    qr_matrix,
    qr_module_dots,
)
from devices.printer.ticket import Barcode, QrCode, Rule, Span, TextRow, Ticket, char_cells

FONT = "CounterDeskCJK"
MARGIN_MM = 4.0
# The PDF spec's implementation limit (Acrobat) for a page side is 200 in = 14,400 pt; poppler and
# browsers open taller pages, so a very long roll stays one page, as the paper does.


@lru_cache(maxsize=1)
def _register_font() -> str:
    f = find_cjk_font()
    try:
        pdfmetrics.registerFont(TTFont(FONT, f.path, subfontIndex=f.index))
    except Exception as exc:  # reportlab raises TTFError and plain Exceptions for CFF fonts
        raise FontMissing(f"{f.path} cannot be embedded in a PDF ({exc}); a TrueType CJK font is needed") from exc
    return FONT


@lru_cache(maxsize=8192)
def _advance(ch: str) -> float:
    """Advance width of ``ch`` at 1 pt."""
    return float(pdfmetrics.stringWidth(ch, FONT, 1.0))


def page_size_mm(ticket: Ticket) -> tuple[float, float]:
    dot_mm = ticket.roll.printable_mm / ticket.roll.dots
    body = sum(block_height(b, ticket) for b in ticket.blocks) * dot_mm
    return float(ticket.roll.width_mm), body + 2 * MARGIN_MM


def ticket_pdf(ticket: Ticket) -> bytes:
    """The ticket as the bytes of a one-page PDF."""
    font = _register_font()
    roll = ticket.roll
    dot = roll.printable_mm / roll.dots * mm  # one dot in PDF points
    width_mm, height_mm = page_size_mm(ticket)
    out = io.BytesIO()
    c = Canvas(out, pagesize=(width_mm * mm, height_mm * mm), pageCompression=1)
    c.setTitle(ticket.title or "ticket")
    c.setCreator("CounterDesk")
    left = (roll.width_mm - roll.printable_mm) / 2 * mm
    top = height_mm * mm - MARGIN_MM * mm  # PDF y grows upwards; ``y`` below is the block's top edge

    # reportlab internals (canvas code list, TTF subsets), covered by the pdftotext tests:
    raw: Any = c
    ttf: Any = pdfmetrics.getFont(font)
    doc = raw._doc
    escape = raw._escape
    c.setFont(font, GLYPH_DOTS * dot)  # the font joins the page's resources

    def draw_text_row(row: TextRow, y: float) -> None:
        """One BT … ET per row, each run placed with Tm and scaled with Tz (reportlab's text
        objects cost more than the rest of the page put together at this many short runs)."""
        size = GLYPH_DOTS * dot * (2 if row.tall else 1)
        baseline = y - ((row.tall and 2) or 1) * (ROW_DOTS - 6) * dot
        ops = [f"BT {2 if row.bold else 0} Tr"]
        for span in row.spans:
            x = left + span.column * CELL_DOTS * dot
            for run, cells, scale in _runs(span, size, CELL_DOTS * dot):
                if run.strip():
                    ops.append(f"1 0 0 1 {x:.3f} {baseline:.3f} Tm {scale:.2f} Tz")
                    for subset, chunk in ttf.splitString(run, doc):
                        ops.append(f"{ttf.getSubsetInternalName(subset, doc)} {size:.3f} Tf ({escape(chunk)}) Tj")
                x += cells * CELL_DOTS * dot
        ops.append("ET")
        raw._code.append(" ".join(ops))

    def fill_rects(rects: list[tuple[float, float, float, float]]) -> None:
        """Many filled rectangles as one path (bars, QR modules): one fill, not one per rectangle."""
        if rects:
            raw._code.append(" ".join(f"{x:.3f} {y:.3f} {w:.3f} {h:.3f} re" for x, y, w, h in rects) + " f")

    c.setLineWidth(0.25 * dot)
    y = top
    for block in ticket.blocks:
        h = block_height(block, ticket)
        if isinstance(block, TextRow):
            draw_text_row(block, y)
        elif isinstance(block, Rule):
            draw_text_row(TextRow((Span(0, block.char * roll.columns),)), y)
        elif isinstance(block, Barcode):
            modules = code128_modules(block.data)
            m = barcode_module_dots(len(modules), roll.dots)
            x0 = left + (roll.dots - len(modules) * m) // 2 * dot
            bar_top = y - GAP_DOTS * dot
            fill_rects([(x0 + i * m * dot, bar_top - BARCODE_HEIGHT_DOTS * dot, (j - i) * m * dot,
                         BARCODE_HEIGHT_DOTS * dot) for i, j in _dark_runs([b == "1" for b in modules])])
            if block.caption:
                draw_text_row(caption_row(block.data, roll.columns), bar_top - BARCODE_HEIGHT_DOTS * dot)
        elif isinstance(block, QrCode):
            matrix = qr_matrix(block.data)
            m = qr_module_dots(len(matrix), roll.dots)
            side = len(matrix) * m
            x0 = left + (roll.dots - side) // 2 * dot
            q_top = y - GAP_DOTS * dot
            fill_rects([(x0 + k * m * dot, q_top - (r + 1) * m * dot, (j - k) * m * dot, m * dot)
                        for r, cols in enumerate(matrix) for k, j in _dark_runs(cols)])
            if block.caption:
                draw_text_row(caption_row(block.caption, roll.columns), q_top - side * dot)
        y -= h * dot
    c.showPage()
    c.save()
    return out.getvalue()


def _dark_runs(cells: Sequence[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of dark modules."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, dark in enumerate(cells):
        if dark and start < 0:
            start = i
        elif not dark and start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, len(cells)))
    return runs


def _runs(span: Span, size: float, cell: float) -> list[tuple[str, int, float]]:
    """Split a span into runs drawn with one horizontal scale: (text, cells, scale in %)."""
    runs: list[tuple[str, int, float]] = []
    for ch in span.text:
        cells = char_cells(ch)
        if cells == 0:
            continue
        advance = _advance(ch) * size or cell * cells
        scale = round(cells * cell / advance * 100, 2)
        if runs and runs[-1][2] == scale:
            text, n, _ = runs[-1]
            runs[-1] = (text + ch, n + cells, scale)
        else:
            runs.append((ch, cells, scale))
    return runs


def write_ticket_pdf(ticket: Ticket, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = ticket_pdf(ticket)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
