"""A ticket: what goes on a roll of paper, laid out on the printer's character grid.

One model feeds every renderer (ESC/POS bytes, a raster image, a PDF of the roll).
Text sits on a grid of ``columns`` cells per row, as a thermal printer's Font A does
(12 x 24 dots per cell at 203 dpi): an ASCII character takes one cell, a Chinese
character two (a 24 x 24 glyph). Layout code places every span at a cell column, so a
renderer never re-flows text and a number can never be split across rows.

Widths use Unicode East Asian Width: Wide and Fullwidth take two cells, and so do
Ambiguous characters (``×``, ``·``, ``—``), because a printer in GB18030 mode prints
them from its double-byte font. ``¥`` (U+00A5) is ambiguous in GB18030 (a four-byte
sequence that GBK-font printers print as "0 6"): layouts use ``￥`` (U+FFE5, two cells).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

YEN = "￥"  # U+FFE5: two cells, GB18030 A3 A4 — never U+00A5 on a receipt


@lru_cache(maxsize=4096)
def char_cells(ch: str) -> int:
    """Cells one character takes on the printer's grid (0 for combining marks and controls)."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def text_cells(text: str) -> int:
    """Display width of ``text`` in cells; ASCII-only text is its length."""
    if text.isascii():
        return len(text)
    return sum(char_cells(ch) for ch in text)


@dataclass(frozen=True)
class Roll:
    """Paper geometry: the character grid and the print head."""

    width_mm: int  # paper width
    printable_mm: float  # what the head reaches
    columns: int  # Font A cells per row
    dots: int  # head width in dots (203 dpi)

    @property
    def cell_mm(self) -> float:
        return self.printable_mm / self.columns


ROLL_58 = Roll(width_mm=58, printable_mm=48.0, columns=32, dots=384)
ROLL_80 = Roll(width_mm=80, printable_mm=72.0, columns=48, dots=576)
ROLLS = {58: ROLL_58, 80: ROLL_80}


@dataclass(frozen=True)
class Span:
    """Text starting at a cell column; it must not run past the row or into the next span."""

    column: int
    text: str


@dataclass(frozen=True)
class TextRow:
    spans: tuple[Span, ...]
    bold: bool = False
    tall: bool = False  # double height (same width, so the grid holds)

    @property
    def text(self) -> str:
        """The row as the printer gets it: spans at their columns, padded with spaces."""
        out: list[str] = []
        at = 0
        for span in self.spans:
            out.append(" " * (span.column - at))
            out.append(span.text)
            at = span.column + text_cells(span.text)
        return "".join(out)


@dataclass(frozen=True)
class Rule:
    """A full-width separator made of one repeated ASCII character."""

    char: str = "-"


@dataclass(frozen=True)
class Barcode:
    """A Code 128 symbol (the order number, a tracking number), caption below."""

    data: str
    caption: bool = True


@dataclass(frozen=True)
class QrCode:
    data: str
    caption: str = ""  # printed centred under the symbol


@dataclass(frozen=True)
class Feed:
    lines: int = 1


Block = TextRow | Rule | Barcode | QrCode | Feed


class TicketError(ValueError):
    """A ticket that no printer could print as laid out (a span off the grid, overlapping spans)."""


@dataclass(frozen=True)
class Ticket:
    roll: Roll
    blocks: tuple[Block, ...]
    title: str = ""  # what the ticket is ("receipt 2026…", "label SF123…"), for queues and PDFs
    cut: bool = True
    open_drawer: bool = False  # kick the cash drawer (cash payments)
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        columns = self.roll.columns
        for index, block in enumerate(self.blocks):
            if isinstance(block, TextRow):
                at = 0
                for span in block.spans:
                    end = span.column + text_cells(span.text)
                    if span.column < at or end > columns or any(c in span.text for c in "\r\n\t"):
                        raise TicketError(f"row {index}: span {span.text!r} at column {span.column} "
                                          f"does not fit a {columns}-column grid")
                    at = end
            elif isinstance(block, Rule) and (len(block.char) != 1 or not block.char.isascii()):
                raise TicketError(f"row {index}: a rule needs one ASCII character, not {block.char!r}")
            elif isinstance(block, Barcode) and (not block.data or not block.data.isascii()):
                raise TicketError(f"row {index}: a Code 128 barcode needs ASCII data, not {block.data!r}")
            elif isinstance(block, QrCode) and not block.data:
                raise TicketError(f"row {index}: an empty QR code")

    def text_lines(self) -> list[str]:
        """The ticket's text as plain lines (rows, rules, captions): for tests and previews."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, TextRow):
                lines.append(block.text)
            elif isinstance(block, Rule):
                lines.append(block.char * self.roll.columns)
            elif isinstance(block, Barcode) and block.caption:
                lines.append(block.data)
            elif isinstance(block, QrCode) and block.caption:
                lines.append(block.caption)
        return lines


# --- JSON, for print queues that keep tickets on disk --------------------------------------------


def ticket_to_json(ticket: Ticket) -> str:
    blocks: list[dict[str, Any]] = []
    for b in ticket.blocks:
        if isinstance(b, TextRow):
            blocks.append({"t": "row", "spans": [[s.column, s.text] for s in b.spans], "bold": b.bold,
                           "tall": b.tall})
        elif isinstance(b, Rule):
            blocks.append({"t": "rule", "char": b.char})
        elif isinstance(b, Barcode):
            blocks.append({"t": "barcode", "data": b.data, "caption": b.caption})
        elif isinstance(b, QrCode):
            blocks.append({"t": "qr", "data": b.data, "caption": b.caption})
        else:
            blocks.append({"t": "feed", "lines": b.lines})
    r = ticket.roll
    return json.dumps({
        "roll": [r.width_mm, r.printable_mm, r.columns, r.dots], "title": ticket.title, "cut": ticket.cut,
        "open_drawer": ticket.open_drawer, "meta": ticket.meta, "blocks": blocks,
    }, ensure_ascii=False)


def ticket_from_json(text: str) -> Ticket:
    """The inverse of :func:`ticket_to_json`; raises TicketError for anything malformed."""
    try:
        data = json.loads(text)
        width_mm, printable_mm, columns, dots = data["roll"]
        blocks: list[Block] = []
        for b in data["blocks"]:
            kind = b["t"]
            if kind == "row":
                blocks.append(TextRow(tuple(Span(int(c), str(t)) for c, t in b["spans"]), bool(b["bold"]),
                                      bool(b["tall"])))
            elif kind == "rule":
                blocks.append(Rule(str(b["char"])))
            elif kind == "barcode":
                blocks.append(Barcode(str(b["data"]), bool(b["caption"])))
            elif kind == "qr":
                blocks.append(QrCode(str(b["data"]), str(b["caption"])))
            elif kind == "feed":
                blocks.append(Feed(int(b["lines"])))
            else:
                raise TicketError(f"unknown block {kind!r}")
        return Ticket(
            roll=Roll(int(width_mm), float(printable_mm), int(columns), int(dots)),
            blocks=tuple(blocks), title=str(data["title"]), cut=bool(data["cut"]),
            open_drawer=bool(data["open_drawer"]), meta={str(k): str(v) for k, v in data["meta"].items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, TicketError):
            raise
        raise TicketError(f"not a stored ticket: {exc}") from exc
