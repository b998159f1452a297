"""Tickets as 1-bit images at the print head's resolution (Pillow).

Used for printers without a Chinese font (image mode, as Odoo's IoT box prints), for
single rows a printer's code page cannot encode, and for barcodes and QR codes. The
grid is the printer's own: 12-dot cells, 30-dot rows (24-dot glyphs plus spacing),
Latin drawn at 20 px (0.6 em = 12 dots) and CJK at 24 px (1 em = two cells).
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from devices.printer.fonts import find_cjk_font
from devices.printer.symbols import (
    BARCODE_HEIGHT_DOTS,
    barcode_module_dots,
    code128_modules,
    qr_matrix,
    qr_module_dots,
)
from devices.printer.ticket import (
    Barcode,
    Block,
    Feed,
    QrCode,
    Rule,
    Span,
    TextRow,
    Ticket,
    char_cells,
    text_cells,
)

CELL_DOTS = 12
ROW_DOTS = 30
GLYPH_DOTS = 24
GAP_DOTS = 8  # above and below a symbol


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    f = find_cjk_font()
    return ImageFont.truetype(f.path, size, index=f.index)


def row_height(row: TextRow) -> int:
    return ROW_DOTS * 2 if row.tall else ROW_DOTS


def draw_row(draw: ImageDraw.ImageDraw, row: TextRow, top: int) -> None:
    """Draw a text row with each character in its own cells (so columns line up whatever the font)."""
    narrow, wide = _font(20), _font(GLYPH_DOTS)
    for span in row.spans:
        x = span.column * CELL_DOTS
        for ch in span.text:
            cells = char_cells(ch)
            if cells == 0:
                continue
            if ch != " ":
                font = wide if cells == 2 else narrow
                y = top + (ROW_DOTS - GLYPH_DOTS) // 2 + (2 if cells == 1 else 0)
                draw.text((x, y), ch, fill=0, font=font)
                if row.bold:
                    draw.text((x + 1, y), ch, fill=0, font=font)
            x += cells * CELL_DOTS


def row_image(row: TextRow, dots: int) -> Image.Image:
    """One text row as a 1-bit image ``dots`` wide (double height when the row is tall)."""
    img = Image.new("1", (dots, ROW_DOTS), 1)
    draw_row(ImageDraw.Draw(img), row, 0)
    if row.tall:
        img = img.resize((dots, ROW_DOTS * 2), Image.Resampling.NEAREST)
    return img


def barcode_image(block: Barcode, dots: int) -> Image.Image:
    modules = code128_modules(block.data)
    m = barcode_module_dots(len(modules), dots)
    img = Image.new("1", (dots, BARCODE_HEIGHT_DOTS), 1)
    draw = ImageDraw.Draw(img)
    x = (dots - len(modules) * m) // 2
    for i, bit in enumerate(modules):
        if bit == "1":
            draw.rectangle((x + i * m, 0, x + (i + 1) * m - 1, BARCODE_HEIGHT_DOTS - 1), fill=0)
    return img


def qr_image(block: QrCode, dots: int) -> Image.Image:
    matrix = qr_matrix(block.data)
    m = qr_module_dots(len(matrix), dots)
    side = len(matrix) * m
    img = Image.new("1", (dots, side), 1)
    draw = ImageDraw.Draw(img)
    left = (dots - side) // 2
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle((left + x * m, y * m, left + (x + 1) * m - 1, (y + 1) * m - 1), fill=0)
    return img


def caption_row(text: str, columns: int) -> TextRow:
    return TextRow((Span(max(0, (columns - text_cells(text)) // 2), text),))


def block_height(block: Block, ticket: Ticket) -> int:
    dots = ticket.roll.dots
    if isinstance(block, TextRow):
        return row_height(block)
    if isinstance(block, Rule):
        return ROW_DOTS
    if isinstance(block, Feed):
        return ROW_DOTS * block.lines
    if isinstance(block, Barcode):
        return GAP_DOTS + BARCODE_HEIGHT_DOTS + (ROW_DOTS if block.caption else GAP_DOTS)
    size = len(qr_matrix(block.data))
    return GAP_DOTS + size * qr_module_dots(size, dots) + (ROW_DOTS if block.caption else GAP_DOTS)


def ticket_image(ticket: Ticket) -> Image.Image:
    """The whole ticket as one image ``roll.dots`` wide (image-mode printing, previews)."""
    dots, columns = ticket.roll.dots, ticket.roll.columns
    height = sum(block_height(b, ticket) for b in ticket.blocks)
    img = Image.new("1", (dots, max(1, height)), 1)
    draw = ImageDraw.Draw(img)
    top = 0
    for block in ticket.blocks:
        if isinstance(block, TextRow):
            if block.tall:
                img.paste(row_image(block, dots), (0, top))
            else:
                draw_row(draw, block, top)
        elif isinstance(block, Rule):
            draw_row(draw, TextRow((_rule_span(block, columns),)), top)
        elif isinstance(block, Barcode | QrCode):
            symbol = barcode_image(block, dots) if isinstance(block, Barcode) else qr_image(block, dots)
            img.paste(symbol, (0, top + GAP_DOTS))
            caption = block.data if isinstance(block, Barcode) and block.caption else (
                block.caption if isinstance(block, QrCode) else "")
            if caption:
                draw_row(draw, caption_row(caption, columns), top + GAP_DOTS + symbol.height)
        top += block_height(block, ticket)
    return img


def _rule_span(rule: Rule, columns: int) -> Span:
    return Span(0, rule.char * columns)
