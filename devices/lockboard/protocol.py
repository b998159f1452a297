"""Frames of the common 24-channel "8A/80" lock-control board (research/lockers.md §1.1, §5).

Every frame ends in a BCC byte: the XOR of all bytes before it. There is no length
byte, no sequence number and no NAK; a frame the board cannot parse gets silence.

=========  ======================  =========================
request    bytes                   reply
=========  ======================  =========================
OPEN       ``8A BB LL 11 BCC``     ``8A BB LL SS BCC``
OPEN_HOLD  ``8A BB LL 11 TT BCC``  as OPEN (TT = 1..9 s)
OPEN_ALL   ``8A BB 00 11 BCC``     the same five bytes
QUERY      ``80 BB LL 33 BCC``     ``80 BB LL SS BCC``
QUERY_ALL  ``80 BB 00 33 BCC``     ``80 BB S3 S2 S1 33 BCC``
=========  ======================  =========================

``SS`` and the bitmap bits are *raw contact states*: ``0x11`` / bit 1 means the
feedback contact is shorted. Whether "shorted" means "closed" is wiring
(``Polarity`` in :mod:`devices.lockboard.api`), so this module never says "closed".
Builders validate their arguments so a hand-typed frame can never go out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

OPEN_HEADER = 0x8A
QUERY_HEADER = 0x80
OPEN_CODE = 0x11
QUERY_CODE = 0x33
STATUS_RELEASED = 0x00
STATUS_SHORTED = 0x11
MIN_BOARD = 0x01
MAX_BOARD = 0x20
LOCKS_PER_BOARD = 24
ALL_LOCKS = 0x00
MAX_HOLD_S = 9


def bcc(data: bytes) -> int:
    """XOR of all bytes: the board's block check character."""
    out = 0
    for b in data:
        out ^= b
    return out


def with_bcc(body: bytes) -> bytes:
    return body + bytes([bcc(body)])


def _check_board(board: int) -> None:
    if not MIN_BOARD <= board <= MAX_BOARD:
        raise ValueError(f"board address {board} outside {MIN_BOARD}..{MAX_BOARD}")


def _check_lock(lock: int) -> None:
    if not 1 <= lock <= LOCKS_PER_BOARD:
        raise ValueError(f"lock number {lock} outside 1..{LOCKS_PER_BOARD}")


# ---------------------------------------------------------------- requests (host -> board)


def open_frame(board: int, lock: int) -> bytes:
    _check_board(board)
    _check_lock(lock)
    return with_bcc(bytes([OPEN_HEADER, board, lock, OPEN_CODE]))


def open_hold_frame(board: int, lock: int, hold_s: int) -> bytes:
    """OPEN that keeps the coil energised ``hold_s`` seconds (1..9; one vendor source)."""
    _check_board(board)
    _check_lock(lock)
    if not 1 <= hold_s <= MAX_HOLD_S:
        raise ValueError(f"hold time {hold_s} s outside 1..{MAX_HOLD_S}")
    return with_bcc(bytes([OPEN_HEADER, board, lock, OPEN_CODE, hold_s]))


def open_all_frame(board: int) -> bytes:
    _check_board(board)
    return with_bcc(bytes([OPEN_HEADER, board, ALL_LOCKS, OPEN_CODE]))


def query_frame(board: int, lock: int) -> bytes:
    _check_board(board)
    _check_lock(lock)
    return with_bcc(bytes([QUERY_HEADER, board, lock, QUERY_CODE]))


def query_all_frame(board: int) -> bytes:
    _check_board(board)
    return with_bcc(bytes([QUERY_HEADER, board, ALL_LOCKS, QUERY_CODE]))


# ---------------------------------------------------------------- replies (board -> host)


def _status(shorted: bool) -> int:
    return STATUS_SHORTED if shorted else STATUS_RELEASED


def open_reply(board: int, lock: int, shorted: bool) -> bytes:
    """Reply to OPEN: the contact state sensed after the pulse."""
    return with_bcc(bytes([OPEN_HEADER, board, lock, _status(shorted)]))


def query_reply(board: int, lock: int, shorted: bool) -> bytes:
    return with_bcc(bytes([QUERY_HEADER, board, lock, _status(shorted)]))


def query_all_reply(board: int, shorted_mask: int) -> bytes:
    """``shorted_mask`` bit ``n-1`` is lock ``n``; S1 (locks 1-8) is sent last."""
    if not 0 <= shorted_mask < 1 << LOCKS_PER_BOARD:
        raise ValueError("mask wider than 24 locks")
    s1 = shorted_mask & 0xFF
    s2 = (shorted_mask >> 8) & 0xFF
    s3 = (shorted_mask >> 16) & 0xFF
    return with_bcc(bytes([QUERY_HEADER, board, s3, s2, s1, QUERY_CODE]))


# ---------------------------------------------------------------- parsing


class RequestKind(enum.Enum):
    OPEN = "open"
    OPEN_HOLD = "open_hold"
    OPEN_ALL = "open_all"
    QUERY = "query"
    QUERY_ALL = "query_all"


@dataclass(frozen=True)
class Request:
    kind: RequestKind
    board: int
    lock: int  # 0 for the *_ALL requests
    raw: bytes
    hold_s: int = 0


def parse_request(frame: bytes) -> Request | None:
    """Decode one complete request frame; ``None`` for anything a board would ignore."""
    if len(frame) not in (5, 6) or bcc(frame[:-1]) != frame[-1]:
        return None
    head, board, lock, code = frame[0], frame[1], frame[2], frame[3]
    if not MIN_BOARD <= board <= MAX_BOARD or lock > LOCKS_PER_BOARD:
        return None
    if len(frame) == 6:
        hold = frame[4]
        if head != OPEN_HEADER or code != OPEN_CODE or lock == 0 or not 1 <= hold <= MAX_HOLD_S:
            return None
        return Request(RequestKind.OPEN_HOLD, board, lock, frame, hold)
    if head == OPEN_HEADER and code == OPEN_CODE:
        kind = RequestKind.OPEN_ALL if lock == 0 else RequestKind.OPEN
    elif head == QUERY_HEADER and code == QUERY_CODE:
        kind = RequestKind.QUERY_ALL if lock == 0 else RequestKind.QUERY
    else:
        return None
    return Request(kind, board, lock, frame)


class RequestReader:
    """Cuts a byte stream into requests the way a board's firmware would.

    Without a length byte the frame end is found by the BCC: a 5-byte window with a
    valid BCC is a request; an ``8A`` window that needs a sixth byte is OPEN_HOLD (a
    5-byte BCC can never equal a hold time 1..9 for legal addresses, so the two never
    collide). Bytes that cannot start a valid frame are dropped one at a time.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[Request]:
        self._buf += data
        out: list[Request] = []
        while self._buf:
            if self._buf[0] not in (OPEN_HEADER, QUERY_HEADER):
                self._drop(1)
                continue
            if len(self._buf) < 5:
                break
            req = parse_request(bytes(self._buf[:5]))
            if req is not None:
                out.append(req)
                del self._buf[:5]
                continue
            if self._buf[0] == OPEN_HEADER and len(self._buf) < 6:
                break
            req = parse_request(bytes(self._buf[:6]))
            if req is not None:
                out.append(req)
                del self._buf[:6]
                continue
            self._drop(1)
        return out

    def reset(self) -> None:
        """Forget a partial frame (called after an idle gap, like a firmware timeout)."""
        self._drop(len(self._buf))

    @property
    def pending(self) -> int:
        return len(self._buf)

    def _drop(self, n: int) -> None:
        self.dropped += n
        del self._buf[:n]


class ReplyShape(enum.Enum):
    """What the host waits for after each request kind."""

    OPEN = (OPEN_HEADER, 5)
    QUERY = (QUERY_HEADER, 5)
    QUERY_ALL = (QUERY_HEADER, 7)

    @property
    def header(self) -> int:
        return self.value[0]

    @property
    def length(self) -> int:
        return self.value[1]


@dataclass(frozen=True)
class Reply:
    shape: ReplyShape
    board: int
    lock: int  # 0 for QUERY_ALL
    shorted: bool  # OPEN/QUERY: contact shorted; QUERY_ALL: unused (False)
    mask: int  # QUERY_ALL: shorted bitmap; otherwise 0
    raw: bytes


def parse_reply(frame: bytes, shape: ReplyShape) -> Reply | None:
    """Decode a reply of the expected shape; ``None`` if BCC or fields are wrong."""
    if len(frame) != shape.length or frame[0] != shape.header or bcc(frame[:-1]) != frame[-1]:
        return None
    board = frame[1]
    if shape is ReplyShape.QUERY_ALL:
        if frame[5] != QUERY_CODE:
            return None
        mask = frame[4] | frame[3] << 8 | frame[2] << 16
        return Reply(shape, board, 0, False, mask, frame)
    status = frame[3]
    if status not in (STATUS_RELEASED, STATUS_SHORTED) or frame[2] > LOCKS_PER_BOARD:
        return None
    return Reply(shape, board, frame[2], status == STATUS_SHORTED, 0, frame)
