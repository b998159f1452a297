"""The desk's printers: one print queue for receipts and one for parcel labels.

Owned by the ``DeviceHub`` (``devices.printing``), started after the window has painted and
stopped on exit. A sale or a stored parcel only *submits* a ticket (a small JSON file on disk,
``services/receipts/queue.py``) and goes on: it never waits for the printer and never fails
because of it. The queue's worker reports each attempt; the hub turns the last fault into a
short translated state for the status bar ("receipt waiting: paper out").

The printer is looked up from Settings on every attempt, so a changed URL takes effect on the
next job; with no printer set nothing is queued (the receipt is on screen and as PDF).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from services.core.settings import Settings

if TYPE_CHECKING:  # the queue loads the printer drivers; never on the path to the first paint
    from devices.printer.base import Printer, PrinterStatus
    from devices.printer.ticket import Ticket
    from services.parcels.records import ParcelInfo
    from services.receipts.queue import PrintQueue, QueueState

log = logging.getLogger(__name__)

RECEIPT = "receipt"
LABEL = "label"


def fault_text(fault: str) -> str:
    """A printer fault code (``PrinterFault`` value) as a short phrase naming the problem."""
    return {
        "bad_url": QCoreApplication.translate("PrintHub", "the printer setting is not a printer address"),
        "not_found": QCoreApplication.translate("PrintHub", "printer not found (unplugged, switched off or wrong address)"),
        "no_answer": QCoreApplication.translate("PrintHub", "printer not answering (switched off or loose cable)"),
        "offline": QCoreApplication.translate("PrintHub", "printer offline (cover open or error)"),
        "paper_out": QCoreApplication.translate("PrintHub", "paper out"),
        "disconnected": QCoreApplication.translate("PrintHub", "printer disconnected while printing"),
        "unsupported": QCoreApplication.translate("PrintHub", "printer not supported on this computer"),
    }.get(fault, fault)


class PrintHub(QObject):
    """Signals: ``status_changed(kind, text, ok)`` for ``receipt`` / ``label``, on the GUI thread."""

    status_changed = Signal(str, str, bool)
    _queue_changed = Signal(str, object)  # kind, QueueState — emitted from the queue's worker thread

    def __init__(self, settings: Settings, spool_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.spool_dir = spool_dir
        self.queues: dict[str, PrintQueue] = {}
        self.states: dict[str, QueueState] = {}
        self.language = "zh_CN"  # the tickets' language: the main window sets the desk's
        self._queue_changed.connect(self._on_queue_changed)

    # -- life cycle ---------------------------------------------------------------------------

    def start(self, poll_s: float = 1.0) -> None:
        """Open both queues (jobs left from the last run print first) and start their workers."""
        from services.receipts.queue import PrintQueue

        for kind in (RECEIPT, LABEL):
            if kind in self.queues:
                continue
            queue = PrintQueue(self.spool_dir / kind, lambda k=kind: self._printer(k),
                               on_change=lambda state, k=kind: self._queue_changed.emit(k, state))
            self.queues[kind] = queue
            queue.start(poll_s)
            self._on_queue_changed(kind, queue.state())

    def stop(self) -> None:
        for queue in self.queues.values():
            queue.stop()
        self.queues.clear()

    def url(self, kind: str) -> str:
        p = self.settings.printer
        return p.receipt_printer if kind == RECEIPT else p.label_printer

    def _printer(self, kind: str) -> Printer:
        from devices.printer.base import PrinterError, PrinterFault
        from devices.printer.transport import open_printer

        url = self.url(kind)
        if not url:
            raise PrinterError(PrinterFault.BAD_URL, f"no {kind} printer in Settings → Printer")
        return open_printer(url)

    # -- submitting ---------------------------------------------------------------------------

    def submit(self, kind: str, ticket: Ticket) -> str | None:
        """Queue a ticket for the receipt or label printer; None when that printer is not set
        (or the queues are not started). Never raises for a printer problem."""
        queue = self.queues.get(kind)
        if queue is None or not self.url(kind):
            return None
        try:
            return queue.submit(ticket)
        except OSError as exc:  # the spool folder is not writable: say so, the sale stands
            log.error("could not queue the %s %s: %s", kind, ticket.title, exc)
            self.status_changed.emit(kind, QCoreApplication.translate(
                "PrintHub", "cannot queue: {error}").format(error=exc.strerror or exc), False)
            return None

    def print_label(self, parcel: ParcelInfo, pickup_code: str) -> str | None:
        """A stored parcel's label on the label printer, when one is set; None otherwise.

        Called once the parcel is recorded as stored: a label that cannot be printed never
        undoes or holds up the storing (the pickup code is also on the screen and in the SMS).
        """
        if not self.settings.printer.label_printer:
            return None
        from devices.printer.ticket import ROLLS
        from services.receipts.layout import label_ticket
        from services.receipts.model import label_from_parcel

        try:
            ticket = label_ticket(label_from_parcel(parcel, pickup_code),
                                  ROLLS.get(self.settings.printer.label_width_mm, ROLLS[58]), self.language)
        except Exception:
            log.exception("label of parcel %s could not be laid out", parcel.tracking_no)
            return None
        return self.submit(LABEL, ticket)

    def settings_changed(self) -> None:
        """Settings → Printer was saved: try the waiting jobs on the new printer now."""
        for kind, queue in self.queues.items():
            self._on_queue_changed(kind, queue.state())
        self.retry_now()

    def retry_now(self) -> None:
        for queue in self.queues.values():
            queue.retry_now()

    def pending(self, kind: str) -> int:
        state = self.states.get(kind)
        return len(state.pending) if state is not None else 0

    # -- state for the status bar -------------------------------------------------------------

    @Slot(str, object)
    def _on_queue_changed(self, kind: str, state: Any) -> None:
        self.states[kind] = state
        text, ok = self.state_text(kind, state)
        self.status_changed.emit(kind, text, ok)

    def state_text(self, kind: str, state: QueueState) -> tuple[str, bool]:
        if not self.url(kind) and not state.pending:
            return QCoreApplication.translate("PrintHub", "none"), True
        waiting = len(state.pending)
        if state.fault is not None and waiting:
            what = (QCoreApplication.translate("PrintHub", "%n receipt(s) waiting", "", waiting) if kind == RECEIPT
                    else QCoreApplication.translate("PrintHub", "%n label(s) waiting", "", waiting))
            return f"{what}: {fault_text(state.fault.value)}", False
        if waiting:
            return QCoreApplication.translate("PrintHub", "printing…"), True
        return QCoreApplication.translate("PrintHub", "ready"), True


def print_test_page(url: str, width_mm: int, header: list[str], footer: list[str], language: str) -> PrinterStatus:
    """Blocking (run on the I/O pool): the sample receipt on ``url``; returns the printer's status
    after printing. Raises ``PrinterError`` naming the fault."""
    from devices.printer.ticket import ROLLS
    from devices.printer.transport import open_printer
    from services.receipts.layout import receipt_ticket
    from services.receipts.model import ShopInfo
    from services.receipts.sample import SAMPLE_SHOP, sample_receipt

    printer = open_printer(url)
    shop = ShopInfo(SAMPLE_SHOP.name, tuple(header) or SAMPLE_SHOP.header, tuple(footer) or SAMPLE_SHOP.footer)
    ticket = receipt_ticket(sample_receipt(), shop, ROLLS.get(width_mm, ROLLS[80]), language)
    printer.print_ticket(ticket, open_drawer=False)  # a test page never opens the drawer
    return printer.status()


def status_text(status: PrinterStatus) -> str:
    online = {None: QCoreApplication.translate("PrintHub", "status unknown"), True: QCoreApplication.translate("PrintHub", "online"),
              False: QCoreApplication.translate("PrintHub", "offline")}[status.online]
    paper = {"ok": QCoreApplication.translate("PrintHub", "paper ok"), "low": QCoreApplication.translate("PrintHub", "paper low"), "out": QCoreApplication.translate("PrintHub", "paper out"),
             "unknown": QCoreApplication.translate("PrintHub", "paper not reported")}.get(status.paper.value, status.paper.value)
    return f"{online}, {paper}"
