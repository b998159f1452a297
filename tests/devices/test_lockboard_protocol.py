"""Byte-level checks of the 8A/80 frames against every vector in research/lockers.md §1.4/§5."""

from __future__ import annotations

import pytest

from devices.lockboard import protocol as p
from devices.lockboard.api import Polarity
from devices.lockboard.link import scan


def h(text: str) -> bytes:
    return bytes.fromhex(text)


BUILT = [
    (p.open_frame(1, 1), "8A 01 01 11 9B"),
    (p.open_frame(1, 2), "8A 01 02 11 98"),
    (p.open_all_frame(1), "8A 01 00 11 9A"),
    (p.open_all_frame(2), "8A 02 00 11 99"),
    (p.open_reply(1, 1, shorted=False), "8A 01 01 00 8A"),
    (p.open_reply(1, 1, shorted=True), "8A 01 01 11 9B"),
    (p.query_frame(1, 1), "80 01 01 33 B3"),
    (p.query_reply(1, 1, shorted=False), "80 01 01 00 80"),
    (p.query_reply(1, 1, shorted=True), "80 01 01 11 91"),
    (p.query_all_frame(1), "80 01 00 33 B2"),
    (p.query_all_reply(1, 1 | 1 << 8 | 1 << 16), "80 01 01 01 01 33 B3"),
    (p.query_all_reply(1, 0xFFFFFF), "80 01 FF FF FF 33 4D"),
    (p.query_all_reply(1, 0xFFFFFF & ~(1 << 4)), "80 01 FF FF EF 33 5D"),
    (p.open_frame(3, 24), "8A 03 18 11 80"),
    (p.query_frame(2, 12), "80 02 0C 33 BD"),
    (p.open_hold_frame(1, 5, 3), "8A 01 05 11 03 9C"),
]


@pytest.mark.parametrize(("built", "expected"), BUILT, ids=[e for _, e in BUILT])
def test_builders_match_documented_vectors(built: bytes, expected: str) -> None:
    assert built == h(expected)
    assert p.bcc(built[:-1]) == built[-1]


def test_bcc_is_xor_of_all_bytes() -> None:
    assert p.bcc(b"") == 0
    assert p.bcc(h("8A 01 01 11")) == 0x9B
    assert p.with_bcc(h("80 01 00 33")) == h("80 01 00 33 B2")


@pytest.mark.parametrize(
    "call",
    [
        lambda: p.open_frame(0, 1),
        lambda: p.open_frame(33, 1),
        lambda: p.open_frame(1, 0),
        lambda: p.open_frame(1, 25),
        lambda: p.query_frame(1, 25),
        lambda: p.open_hold_frame(1, 1, 0),
        lambda: p.open_hold_frame(1, 1, 10),
        lambda: p.query_all_reply(1, 1 << 24),
    ],
)
def test_builders_refuse_out_of_range_arguments(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


def test_parse_requests_of_every_kind() -> None:
    assert p.parse_request(h("8A 01 01 11 9B")) == p.Request(
        p.RequestKind.OPEN, 1, 1, h("8A 01 01 11 9B"))
    assert p.parse_request(h("8A 02 00 11 99")).kind is p.RequestKind.OPEN_ALL  # type: ignore[union-attr]
    assert p.parse_request(h("80 02 0C 33 BD")).lock == 12  # type: ignore[union-attr]
    assert p.parse_request(h("80 01 00 33 B2")).kind is p.RequestKind.QUERY_ALL  # type: ignore[union-attr]
    hold = p.parse_request(h("8A 01 05 11 03 9C"))
    assert hold is not None and hold.kind is p.RequestKind.OPEN_HOLD and hold.hold_s == 3


@pytest.mark.parametrize(
    "frame",
    ["8A 01 01 11 9C", "8A 01 01 12 98", "80 00 01 33 B2", "80 01 19 33 AB", "80 01 01"],
)
def test_parse_request_ignores_what_a_board_would_ignore(frame: str) -> None:
    assert p.parse_request(h(frame)) is None


def test_request_reader_resyncs_past_garbage_and_splits() -> None:
    reader = p.RequestReader()
    assert reader.feed(h("FF 8A 01 01 11 9C 00")) == []  # bad BCC then noise
    got = reader.feed(h("80 01 00 33"))
    assert got == [] and reader.pending == 4
    got = reader.feed(h("B2 8A 01 05 11 03 9C 8A 01 01 11 9B"))
    assert [r.kind for r in got] == [
        p.RequestKind.QUERY_ALL, p.RequestKind.OPEN_HOLD, p.RequestKind.OPEN]
    assert reader.dropped > 0


def test_parse_replies_and_bitmap_order() -> None:
    r = p.parse_reply(h("80 01 01 01 01 33 B3"), p.ReplyShape.QUERY_ALL)
    assert r is not None and r.mask == (1 | 1 << 8 | 1 << 16)
    r = p.parse_reply(h("80 01 FF FF EF 33 5D"), p.ReplyShape.QUERY_ALL)
    assert r is not None and not r.mask >> 4 & 1 and r.mask >> 3 & 1
    r = p.parse_reply(h("8A 01 01 00 8A"), p.ReplyShape.OPEN)
    assert r is not None and not r.shorted
    assert p.parse_reply(h("80 01 01 33 B3"), p.ReplyShape.QUERY) is None  # our request, SS=33
    assert p.parse_reply(h("80 01 01 00 81"), p.ReplyShape.QUERY) is None


def test_polarity_decides_what_shorted_means() -> None:
    assert Polarity.SHORTED_WHEN_LOCKED.closed(True)
    assert not Polarity.SHORTED_WHEN_OPEN.closed(True)


def test_scan_finds_reply_among_noise_and_reports_problems() -> None:
    out = scan(h("FF FE 80 01 03 00 82 FB F2"), p.ReplyShape.QUERY, 1, 3)
    assert out.match is not None and out.match.lock == 3
    assert scan(h("80 01 03 00 83"), p.ReplyShape.QUERY, 1, 3).bad_bcc
    assert scan(h("80 01 03"), p.ReplyShape.QUERY, 1, 3).partial
    wrong = scan(h("80 01 04 00 85"), p.ReplyShape.QUERY, 1, 3)
    assert wrong.match is None and wrong.wrong is not None and wrong.wrong.lock == 4
    assert scan(h("00 78 F8"), p.ReplyShape.QUERY, 1, 3).garbage
