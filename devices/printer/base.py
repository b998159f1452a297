"""The printer interface the rest of the desk sees, its faults and its settings."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from devices.printer.ticket import Ticket


class PrinterFault(enum.StrEnum):
    """Why a ticket did not print; the GUI translates the code, logs keep the detail."""

    BAD_URL = "bad_url"  # the printer setting cannot name a printer
    NOT_FOUND = "not_found"  # cannot open it: unplugged, port missing, nothing listening at host:port
    NO_ANSWER = "no_answer"  # opened, but no reply to the status query: switched off, cable
    OFFLINE = "offline"  # the printer says it is offline: cover open, error, feeding
    PAPER_OUT = "paper_out"
    DISCONNECTED = "disconnected"  # the connection broke while sending (gone mid-receipt)
    UNSUPPORTED = "unsupported"  # needs something this printer or machine lacks (font, USB library)


class PrinterError(Exception):
    def __init__(self, fault: PrinterFault, detail: str = "") -> None:
        super().__init__(f"{fault.value}: {detail}" if detail else fault.value)
        self.fault = fault
        self.detail = detail


class PaperLevel(enum.StrEnum):
    OK = "ok"
    LOW = "low"  # near-end sensor
    OUT = "out"
    UNKNOWN = "unknown"  # the transport cannot read status (file, spooler) or querying is off


@dataclass(frozen=True)
class PrinterStatus:
    online: bool | None  # None: not readable
    paper: PaperLevel


ENCODINGS = ("gb18030", "gbk", "ascii", "image")


@dataclass(frozen=True)
class PrinterProfile:
    """What the printer can do.

    encoding: "gb18030" / "gbk" — Chinese mode (FS &) with the printer's resident font;
    "ascii" — no Chinese font: rows with other characters print as images; "image" —
    the whole ticket as one raster image (printers whose text mode is unusable).
    """

    encoding: str = "gb18030"
    cut: str = "PART"  # "FULL", "PART" or "NONE" (no cutter)
    drawer_pin: int = 2  # 2 or 5
    status: bool = True  # send DLE EOT before and after a job (off for printers that never answer)

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {', '.join(ENCODINGS)}, not {self.encoding!r}")
        if self.cut not in ("FULL", "PART", "NONE"):
            raise ValueError(f"cut must be FULL, PART or NONE, not {self.cut!r}")
        if self.drawer_pin not in (2, 5):
            raise ValueError(f"drawer pin must be 2 or 5, not {self.drawer_pin}")


class Printer(Protocol):
    """A receipt or label printer. Calls block (serial/network I/O): run them off the GUI thread."""

    @property
    def url(self) -> str: ...

    def status(self) -> PrinterStatus:
        """Ask the printer; raises PrinterError when it cannot be reached."""
        ...

    def print_ticket(self, ticket: Ticket, *, open_drawer: bool | None = None) -> None:
        """Print the ticket (drawer kick as the ticket says unless ``open_drawer`` overrides);
        raises PrinterError, after which the ticket may have printed partly or not at all."""
        ...
