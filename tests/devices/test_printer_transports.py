"""Real transports against fake printers: a pseudo-terminal (serial) and a TCP socket on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from devices.printer.base import PaperLevel, PrinterError, PrinterFault
from devices.printer.ticket import ROLL_58, Barcode, Span, TextRow, Ticket
from devices.printer.transport import open_printer
from tests.devices.fake_escpos import FakeSerialPrinter, FakeTcpPrinter

CUT = b"\x1dV\x01"


def ticket(rows: int = 5, open_drawer: bool = False) -> Ticket:
    blocks = [TextRow((Span(0, f"商品 {i}"), Span(24, f"￥{i}.56"))) for i in range(rows)]
    return Ticket(ROLL_58, (*blocks, Barcode("20261208093000-AB12")), open_drawer=open_drawer)


@pytest.fixture
def serial_printer() -> Iterator[FakeSerialPrinter]:
    p = FakeSerialPrinter()
    yield p
    p.unplug()


@pytest.fixture
def tcp_printer() -> Iterator[FakeTcpPrinter]:
    p = FakeTcpPrinter()
    yield p
    p.unplug()


def serial_url(p: FakeSerialPrinter) -> str:
    return f"serial://{p.port}?baudrate=9600&timeout=0.3"


def test_serial_prints_the_whole_job_with_status_before_and_after(serial_printer: FakeSerialPrinter) -> None:
    printer = open_printer(serial_url(serial_printer))
    printer.print_ticket(ticket(open_drawer=True))
    data = bytes(serial_printer.received)
    assert data.startswith(b"\x10\x04\x01\x10\x04\x04\x1b@\x1c&")  # status, then init and Chinese mode
    assert data.endswith(CUT + b"\x10\x04\x01\x10\x04\x04")  # ... and status again after the cut
    assert "商品 4".encode("gb18030") in data and b"\x1bp\x00" in data
    assert printer.status().paper is PaperLevel.OK


def test_serial_paper_out_and_low(serial_printer: FakeSerialPrinter) -> None:
    printer = open_printer(serial_url(serial_printer))
    serial_printer.paper = "out"
    with pytest.raises(PrinterError) as info:
        printer.print_ticket(ticket())
    assert info.value.fault is PrinterFault.PAPER_OUT
    assert b"\x1b@" not in serial_printer.received  # nothing of the job was sent
    serial_printer.paper = "low"
    assert printer.status().paper is PaperLevel.LOW
    printer.print_ticket(ticket())  # near the end still prints
    assert serial_printer.received.count(CUT) == 1


def test_serial_printer_switched_off_does_not_answer(serial_printer: FakeSerialPrinter) -> None:
    serial_printer.mute = True
    with pytest.raises(PrinterError) as info:
        open_printer(serial_url(serial_printer)).print_ticket(ticket())
    assert info.value.fault is PrinterFault.NO_ANSWER


def test_serial_offline_cover_open(serial_printer: FakeSerialPrinter) -> None:
    serial_printer.online = False
    with pytest.raises(PrinterError) as info:
        open_printer(serial_url(serial_printer)).print_ticket(ticket())
    assert info.value.fault is PrinterFault.OFFLINE


def test_serial_unplugged_before_and_during_a_job(serial_printer: FakeSerialPrinter) -> None:
    url = serial_url(serial_printer)
    serial_printer.close_after = 200  # the cable comes out part-way through the receipt
    with pytest.raises(PrinterError) as info:
        open_printer(url).print_ticket(ticket(rows=60))
    assert info.value.fault in (PrinterFault.DISCONNECTED, PrinterFault.NO_ANSWER)
    serial_printer.unplug()
    with pytest.raises(PrinterError) as info:
        open_printer(url).print_ticket(ticket())
    assert info.value.fault is PrinterFault.NOT_FOUND


def test_tcp_prints_and_reads_status(tcp_printer: FakeTcpPrinter) -> None:
    printer = open_printer(tcp_printer.url)
    printer.print_ticket(ticket())
    assert tcp_printer.received.count(CUT) == 1
    status = printer.status()
    assert status.online is True and status.paper is PaperLevel.OK


def test_tcp_paper_out(tcp_printer: FakeTcpPrinter) -> None:
    tcp_printer.paper = "out"
    with pytest.raises(PrinterError) as info:
        open_printer(tcp_printer.url).print_ticket(ticket())
    assert info.value.fault is PrinterFault.PAPER_OUT
    assert tcp_printer.received == b"\x10\x04\x01\x10\x04\x04"


def test_tcp_no_answer(tcp_printer: FakeTcpPrinter) -> None:
    tcp_printer.mute = True
    with pytest.raises(PrinterError) as info:
        open_printer(tcp_printer.url).print_ticket(ticket())
    assert info.value.fault is PrinterFault.NO_ANSWER


def test_tcp_connection_dropped_mid_receipt(tcp_printer: FakeTcpPrinter) -> None:
    tcp_printer.close_after = 300
    with pytest.raises(PrinterError) as info:
        open_printer(tcp_printer.url).print_ticket(ticket(rows=100))
    assert info.value.fault is PrinterFault.DISCONNECTED


def test_tcp_unplugged(tcp_printer: FakeTcpPrinter) -> None:
    tcp_printer.unplug()
    with pytest.raises(PrinterError) as info:
        open_printer(tcp_printer.url).print_ticket(ticket())
    assert info.value.fault is PrinterFault.NOT_FOUND


def test_status_off_writes_without_asking(tcp_printer: FakeTcpPrinter) -> None:
    tcp_printer.mute = True  # a printer that never answers status: status=0 in its URL
    open_printer(tcp_printer.url + "&status=0").print_ticket(ticket())
    deadline = time.monotonic() + 5  # no status reply to wait for: the bytes may still be on their way
    while CUT not in tcp_printer.received and time.monotonic() < deadline:
        time.sleep(0.01)
    assert tcp_printer.queries == 0 and tcp_printer.received.count(CUT) == 1
