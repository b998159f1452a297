"""ESC/POS bytes from python-escpos's Dummy, and printer URLs."""

from __future__ import annotations

import pytest

from devices.printer.base import PrinterError, PrinterFault, PrinterProfile
from devices.printer.escpos_render import raster_bytes, render_escpos
from devices.printer.raster import row_image
from devices.printer.ticket import (
    ROLL_58,
    ROLL_80,
    Barcode,
    QrCode,
    Rule,
    Span,
    TextRow,
    Ticket,
    TicketError,
    text_cells,
    ticket_from_json,
    ticket_to_json,
)
from devices.printer.transport import open_printer, parse_printer_url

INIT = b"\x1b@"
CHINESE_MODE = b"\x1c&"
PC437 = b"\x1b\x74\x00"
PARTIAL_CUT = b"\x1dV\x01"
FULL_CUT = b"\x1dV\x00"
KICK_PIN2 = b"\x1bp\x00"
KICK_PIN5 = b"\x1bp\x01"


def ticket(open_drawer: bool = False) -> Ticket:
    return Ticket(ROLL_58, (
        TextRow((Span(0, "可口可乐 330ml"), Span(24, "￥117.56")), bold=True),
        Rule(),
        TextRow((Span(0, "Total"), Span(23, "¥1,117.56")), tall=True),
        Barcode("20261208093000-AB12"),
        QrCode("https://x.example/g/abc", "扫码领取"),
    ), title="t", open_drawer=open_drawer)


def test_job_starts_with_init_and_chinese_mode_and_ends_with_a_cut() -> None:
    data = render_escpos(ticket(), PrinterProfile())
    assert data.startswith(INIT + CHINESE_MODE)
    assert data.endswith(b"\x1bd\x06" + PARTIAL_CUT)  # feed past the cutter, then cut
    assert KICK_PIN2 not in data and KICK_PIN5 not in data


def test_chinese_text_is_gb18030_and_the_yen_sign_is_the_fullwidth_one() -> None:
    data = render_escpos(ticket(), PrinterProfile())
    assert "可口可乐 330ml".encode("gb18030") in data
    assert b"\xa3\xa4117.56" in data  # ￥ = A3 A4
    assert b"\xa3\xa41,117.56" in data  # ¥ (U+00A5) was mapped to ￥, not the 4-byte 81 30 84 36
    assert b"\x81\x30\x84\x36" not in data
    # The tall total row: double height for ASCII (GS ! 1) and for Chinese characters (FS ! 8), then back.
    assert b"\x1d!\x01\x1c!\x08Total" in data and b"1,117.56\n\x1d!\x00\x1c!\x00" in data


def test_drawer_kick_on_the_chosen_pin_before_the_text() -> None:
    data = render_escpos(ticket(open_drawer=True), PrinterProfile(drawer_pin=5, cut="FULL"))
    assert KICK_PIN5 + b"\x32\x32" in data  # ESC p 1 50 50: 100 ms on, 100 ms off
    assert data.index(KICK_PIN5) < data.index("可口可乐".encode("gb18030"))
    assert data.endswith(FULL_CUT)
    assert KICK_PIN2 not in render_escpos(ticket(open_drawer=True), PrinterProfile(), open_drawer=False)


def test_ascii_printer_gets_code_page_and_images_for_chinese_rows() -> None:
    data = render_escpos(ticket(), PrinterProfile(encoding="ascii", cut="NONE"))
    assert data.startswith(INIT + b"\x1c." + PC437)
    assert "可口可乐".encode("gb18030") not in data
    assert raster_bytes(row_image(ticket().blocks[0], 384)) in data  # the Chinese row as an image
    assert b"-" * 32 + b"\n" in data  # ASCII rows stay text
    assert not data.endswith(PARTIAL_CUT)  # no cutter: fed past the tear bar instead
    assert data.endswith(b"\x1bd\x04")


def test_gbk_printer_prints_what_gbk_lacks_as_an_image() -> None:
    t = Ticket(ROLL_80, (TextRow((Span(0, "𠮷野家 牛丼"),)), TextRow((Span(0, "牛丼"),))))
    data = render_escpos(t, PrinterProfile(encoding="gbk"))
    assert "牛丼".encode("gbk") + b"\n" in data
    assert b"\x1dv0" in data  # 𠮷 is not in GBK: that row went as a raster image
    assert b"?\n" not in data


def test_image_mode_prints_the_whole_ticket_as_raster_in_slices() -> None:
    data = render_escpos(ticket(), PrinterProfile(encoding="image"))
    assert data.startswith(INIT)
    assert data.count(b"\x1dv0\x00" + (384 // 8).to_bytes(2, "little")) >= 2  # 255-row slices
    assert "可口可乐".encode("gb18030") not in data


def test_raster_bytes_header_and_dots() -> None:
    from PIL import Image

    img = Image.new("1", (10, 2), 1)
    img.putpixel((0, 0), 0)
    assert raster_bytes(img) == b"\x1dv0\x00\x02\x00\x02\x00" + bytes([0x80, 0, 0, 0])


def test_ticket_rejects_spans_off_the_grid_and_round_trips_through_json() -> None:
    with pytest.raises(TicketError, match="does not fit"):
        Ticket(ROLL_58, (TextRow((Span(26, "￥117.56"),)),))  # 26 + 8 cells > 32
    with pytest.raises(TicketError, match="does not fit"):
        Ticket(ROLL_58, (TextRow((Span(0, "abcdef"), Span(3, "x"))),))  # overlap
    assert text_cells("中文ab￥") == 8
    t = ticket(open_drawer=True)
    assert ticket_from_json(ticket_to_json(t)) == t
    with pytest.raises(TicketError):
        ticket_from_json('{"roll": [58]}')


def test_dummy_printer_by_url_keeps_the_job_bytes() -> None:
    p = open_printer("dummy://?encoding=gbk&cut=FULL&drawer=5")
    p.print_ticket(ticket(open_drawer=True))
    assert p.last_output.startswith(INIT + CHINESE_MODE)
    assert KICK_PIN5 in p.last_output and p.last_output.endswith(FULL_CUT)
    assert p.status().online is None  # a Dummy cannot answer


@pytest.mark.parametrize(("url", "words"), [
    ("lpt://x", "scheme"),
    ("usb://04b8", "vendor:product"),
    ("usb://zzzz:0202", "not a number"),
    ("serial://", "device path"),
    ("tcp://:9100", "no host"),
    ("tcp://host:port", "port"),
    ("tcp://host?speed=1", "unknown option"),
    ("dummy://?encoding=utf8", "encoding"),
    ("dummy://?drawer=3", "drawer"),
    ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate"),
])
def test_bad_urls_are_named(url: str, words: str) -> None:
    with pytest.raises(PrinterError) as info:
        parse_printer_url(url)
    assert info.value.fault is PrinterFault.BAD_URL
    assert words in info.value.detail


def test_good_urls() -> None:
    u = parse_printer_url("usb://04B8:0202?in_ep=0x81")
    assert (u.scheme, u.target, u.options) == ("usb", "04b8:0202", {"in_ep": "0x81"})
    u = parse_printer_url("serial:///dev/ttyUSB0?baudrate=19200&encoding=ascii&status=0")
    assert (u.target, u.options["baudrate"], u.profile.encoding, u.profile.status) == (
        "/dev/ttyUSB0", "19200", "ascii", False)
    assert parse_printer_url("tcp://10.0.0.9").port == 9100


def test_file_printer_writes_the_job_and_a_missing_folder_is_not_found(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "lp0"
    open_printer(f"file://{out}").print_ticket(ticket())
    assert out.read_bytes().startswith(INIT + CHINESE_MODE)
    with pytest.raises(PrinterError) as info:
        open_printer(f"file://{tmp_path}/gone/lp0").print_ticket(ticket())
    assert info.value.fault is PrinterFault.NOT_FOUND


def test_usb_printer_absent_is_a_clear_fault() -> None:
    with pytest.raises(PrinterError) as info:
        open_printer("usb://04b8:0202").print_ticket(ticket())
    assert info.value.fault in (PrinterFault.NOT_FOUND, PrinterFault.UNSUPPORTED)  # no device / no libusb
