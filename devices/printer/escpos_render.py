"""Tickets as ESC/POS bytes, built on python-escpos's ``Dummy`` printer.

The bytes of a whole job are built first and sent in one write, so a fault while
building (a font missing for an image row) never leaves half a receipt on paper.

Chinese text does not go through python-escpos's ``text()``: its "magic" encoder sends
a string as raw GB18030 only when it holds an ideograph, and turns ``￥`` or ``，`` on
their own into ``?`` (research/till_printing.md §4). Here every row is encoded with
the printer's codec after ``FS &`` (Chinese mode); ``¥`` (U+00A5, a four-byte GB18030
sequence GBK printers print as "0 6") becomes ``￥``. A row the codec cannot encode is
printed as an image of itself, so no character becomes ``?``.
"""

from __future__ import annotations

from escpos.printer import Dummy  # type: ignore[import-untyped]
from PIL import Image

from devices.printer.base import PrinterProfile
from devices.printer.raster import barcode_image, caption_row, qr_image, row_image, ticket_image
from devices.printer.ticket import Barcode, Feed, QrCode, Rule, TextRow, Ticket

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
CODEPAGE_PC437 = ESC + b"t\x00"
LINE_SPACING_30 = ESC + b"3\x1e"  # 30 dots: the raster rows' height, so text and images line up
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
TALL_ON, NORMAL_SIZE = GS + b"!\x01", GS + b"!\x00"  # ASCII characters
KANJI_TALL_ON, KANJI_NORMAL = FS + b"!\x08", FS + b"!\x00"  # Chinese characters take their size from FS !
RASTER_SLICE_ROWS = 255  # GS v 0 in slices, as Odoo's IoT driver does, for printers with small buffers


def raster_bytes(img: Image.Image) -> bytes:
    """A 1-bit image as ``GS v 0`` raster commands (black = 1), in slices of 255 rows."""
    bw = img.convert("1")
    width_bytes = (bw.width + 7) // 8
    out = bytearray()
    for top in range(0, bw.height, RASTER_SLICE_ROWS):
        part = bw.crop((0, top, bw.width, min(bw.height, top + RASTER_SLICE_ROWS)))
        padded = Image.new("1", (width_bytes * 8, part.height), 1)
        padded.paste(part, (0, 0))
        data = bytes(b ^ 0xFF for b in padded.tobytes())  # PIL "1": 1 = white; ESC/POS: 1 = dot
        out += GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + part.height.to_bytes(2, "little") + data
    return bytes(out)


def _encode(text: str, encoding: str) -> bytes | None:
    """The row in the printer's codec, or None when some character is not in it."""
    if encoding in ("gb18030", "gbk"):
        text = text.replace("¥", "￥")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return None


def render_escpos(ticket: Ticket, profile: PrinterProfile, *, open_drawer: bool | None = None) -> bytes:
    p = Dummy()
    p.hw("INIT")
    if profile.encoding in ("gb18030", "gbk"):
        p._raw(CHINESE_ON)
    else:
        p._raw(CHINESE_OFF + CODEPAGE_PC437)
    p._raw(LINE_SPACING_30)
    if ticket.open_drawer if open_drawer is None else open_drawer:
        p.cashdraw(profile.drawer_pin)  # first, so the drawer opens while the receipt prints
    dots, columns = ticket.roll.dots, ticket.roll.columns
    if profile.encoding == "image":
        p._raw(raster_bytes(ticket_image(ticket)))
    else:
        codec = "ascii" if profile.encoding == "ascii" else profile.encoding
        chinese = codec != "ascii"
        tall_on = TALL_ON + (KANJI_TALL_ON if chinese else b"")
        tall_off = NORMAL_SIZE + (KANJI_NORMAL if chinese else b"")

        def text_row(row: TextRow) -> None:
            data = _encode(row.text, codec)
            if data is None:
                p._raw(raster_bytes(row_image(row, dots)))
                return
            p._raw((BOLD_ON if row.bold else b"") + (tall_on if row.tall else b"") + data + b"\n"
                   + (BOLD_OFF if row.bold else b"") + (tall_off if row.tall else b""))

        for block in ticket.blocks:
            if isinstance(block, TextRow):
                text_row(block)
            elif isinstance(block, Rule):
                p._raw(block.char.encode("ascii") * columns + b"\n")
            elif isinstance(block, Feed):
                p._raw(ESC + b"d" + bytes((min(255, block.lines),)))
            elif isinstance(block, Barcode):
                p._raw(raster_bytes(barcode_image(block, dots)))
                if block.caption:
                    text_row(caption_row(block.data, columns))
            elif isinstance(block, QrCode):
                p._raw(raster_bytes(qr_image(block, dots)))
                if block.caption:
                    text_row(caption_row(block.caption, columns))
    if ticket.cut and profile.cut != "NONE":
        p.cut(mode=profile.cut)
    elif ticket.cut:
        p._raw(ESC + b"d\x04")  # no cutter: feed past the tear bar
    data: bytes = p.output
    return data
