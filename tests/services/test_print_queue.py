"""The print queue against a TCP fake printer: a sale's receipt is kept until it is on paper."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.printer.base import PrinterFault
from devices.printer.ticket import ROLL_58
from devices.printer.transport import open_printer
from services.receipts.layout import receipt_ticket
from services.receipts.queue import PrintQueue, QueueState
from services.receipts.sample import SAMPLE_SHOP, sample_receipt
from tests.devices.fake_escpos import FakeTcpPrinter

CUT = b"\x1dV\x01"
KICK = b"\x1bp\x00"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def printer() -> Iterator[FakeTcpPrinter]:
    p = FakeTcpPrinter()
    yield p
    p.unplug()


def receipt(number: str = "A") -> object:
    data = sample_receipt()
    return receipt_ticket(data.__class__(**{**data.__dict__, "number": number}), SAMPLE_SHOP, ROLL_58)


def test_paper_out_keeps_the_job_on_disk_and_it_prints_once_paper_is_back(printer: FakeTcpPrinter,
                                                                           tmp_path: Path) -> None:
    clock = Clock()
    seen: list[QueueState] = []
    q = PrintQueue(tmp_path, lambda: open_printer(printer.url), clock=clock, on_change=seen.append)
    printer.paper = "out"
    q.submit(receipt("A"))  # type: ignore[arg-type]
    q.submit(receipt("B"))  # type: ignore[arg-type]
    state = q.pump()
    assert state.fault is PrinterFault.PAPER_OUT and len(state.pending) == 2
    assert state.pending[0].attempts == 1 and state.pending[1].attempts == 0  # order kept: B waits for A
    assert len(list(tmp_path.glob("*.json"))) == 2 and seen[-1].fault is PrinterFault.PAPER_OUT
    assert CUT not in printer.received
    # Not due yet (back-off), so nothing is tried; the desk restarts meanwhile: the jobs are still there.
    assert q.pump().pending[0].attempts == 1
    q2 = PrintQueue(tmp_path, lambda: open_printer(printer.url), clock=clock)
    assert [j.title for j in q2.state().pending] == ["receipt A", "receipt B"]
    assert q2.state().pending[0].fault is PrinterFault.PAPER_OUT
    printer.paper = "ok"
    clock.now += 2.5
    state = q2.pump()
    assert state.fault is None and state.pending == () and state.printed == 2
    assert printer.received.count(CUT) == 2
    assert printer.received.index(b"A\n") < printer.received.index(b"B\n")  # in the order sold
    assert list(tmp_path.glob("*.json")) == []


def test_drawer_opens_only_when_the_receipt_prints_soon_after_the_sale(printer: FakeTcpPrinter,
                                                                       tmp_path: Path) -> None:
    clock = Clock()
    q = PrintQueue(tmp_path, lambda: open_printer(printer.url), clock=clock, drawer_window_s=30)
    q.submit(receipt("A"))  # type: ignore[arg-type]
    q.pump()
    assert printer.received.count(KICK) == 1  # cash sale, printed at once: drawer kicked
    printer.mute = True  # switched off
    q.submit(receipt("B"))  # type: ignore[arg-type]
    assert q.pump().fault is PrinterFault.NO_ANSWER
    printer.mute = False
    clock.now += 120  # back on two minutes later: the receipt prints, the drawer stays shut
    q.retry_now()
    assert q.pump().printed == 2
    assert printer.received.count(KICK) == 1 and printer.received.count(CUT) == 2


def test_unplugged_printer_then_worker_thread_prints_after_replug(tmp_path: Path) -> None:
    first = FakeTcpPrinter()
    first.unplug()
    url = {"value": first.url}
    q = PrintQueue(tmp_path, lambda: open_printer(url["value"]), backoff_s=(0.05,))
    q.start(poll_s=0.02)
    try:
        q.submit(receipt("A"))  # type: ignore[arg-type]
        deadline = time.monotonic() + 5
        while q.state().fault is not PrinterFault.NOT_FOUND and time.monotonic() < deadline:
            time.sleep(0.01)
        assert q.state().fault is PrinterFault.NOT_FOUND and len(q.state().pending) == 1
        second = FakeTcpPrinter()  # plugged in again (on another port: the URL in Settings changes)
        url["value"] = second.url
        deadline = time.monotonic() + 5
        while q.state().pending and time.monotonic() < deadline:
            time.sleep(0.01)
        assert q.state().pending == () and second.received.count(CUT) == 1
        second.unplug()
    finally:
        q.stop()


def test_job_cut_off_mid_receipt_is_printed_again_whole(printer: FakeTcpPrinter, tmp_path: Path) -> None:
    clock = Clock()
    q = PrintQueue(tmp_path, lambda: open_printer(printer.url), clock=clock)
    printer.close_after = 400
    q.submit(receipt("A"))  # type: ignore[arg-type]
    assert q.pump().fault is PrinterFault.DISCONNECTED
    printer.close_after = None
    clock.now += 10
    assert q.pump().pending == ()
    assert printer.received.count(b"\x1b@") == 2  # sent twice: the second time whole, confirmed after the cut
    assert printer.received.endswith(CUT + b"\x10\x04\x01\x10\x04\x04")


def test_unreadable_job_file_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "000000001-deadbeef.json").write_text("{not json", encoding="utf-8")
    q = PrintQueue(tmp_path, lambda: open_printer("dummy://"))
    assert q.state().pending == ()
    assert (tmp_path / "000000001-deadbeef.bad").exists()
    job = q.submit(receipt("A"))  # type: ignore[arg-type]
    assert q.drop(job) and not q.drop(job)


def test_the_till_never_waits_for_a_slow_printer(printer: FakeTcpPrinter, tmp_path: Path) -> None:
    printer.mute = True  # each attempt waits for the status reply until the 1 s timeout
    q = PrintQueue(tmp_path, lambda: open_printer(printer.url))
    q.submit(receipt("A"))  # type: ignore[arg-type]
    worker = threading.Thread(target=q.pump)
    worker.start()
    time.sleep(0.2)  # the pump is now inside the printer's timeout
    t0 = time.monotonic()
    q.submit(receipt("B"))  # type: ignore[arg-type]
    pending = q.state().pending
    assert time.monotonic() - t0 < 0.3
    assert [j.title for j in pending] == ["receipt A", "receipt B"]
    worker.join()
    assert q.state().fault is PrinterFault.NO_ANSWER
