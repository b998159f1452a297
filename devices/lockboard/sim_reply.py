"""Line faults applied to a simulated board's reply on its way to the host."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from devices.lockboard import protocol as p
from devices.lockboard.faults import FaultKind, FaultPlan

NOISE_BEFORE = b"\xff\xfe"
NOISE_AFTER = b"\xfb\xf2"  # the bytes CartWise logged (lockers.md §2)
# What 9600-baud frames look like read at another rate: never a frame header byte.
WRONG_BAUD_POOL = bytes([0x00, 0x78, 0xF8, 0xFE, 0xE0, 0x1E, 0x86, 0x98])


@dataclass(frozen=True)
class Outgoing:
    chunks: list[bytes]
    chunk_gap_s: float = 0.0


def _readdress(reply: bytes, board: int | None, lock: int | None) -> bytes:
    body = bytearray(reply[:-1])
    if len(reply) == 5:
        body[2] = lock if lock is not None else (reply[2] % p.LOCKS_PER_BOARD) + 1
        if board is not None:
            body[1] = board
    else:
        body[1] = board if board is not None else (reply[1] % p.MAX_BOARD) + 1
    return p.with_bcc(bytes(body))


def _other_board(reply: bytes) -> bytes:
    """What a second board on the same address would say: the opposite contact states."""
    body = bytearray(reply[:-1])
    if len(reply) == 5:
        body[3] ^= p.STATUS_SHORTED
    else:
        for i in (2, 3, 4):
            body[i] ^= 0xFF
    return p.with_bcc(bytes(body))


def mangle_reply(
    reply: bytes, req: p.Request, plan: FaultPlan, fired: list[FaultKind],
    stop: threading.Event,
) -> Outgoing | None:
    """Apply every matching line fault; ``None`` when the reply is lost or we are stopping."""
    b, n = req.board, req.lock

    def hit(kind: FaultKind) -> float | None:
        f = plan.take(kind, b, n)
        if f is None:
            return None
        fired.append(kind)
        if kind is FaultKind.JITTER:
            return plan.rng.uniform(f.min_delay_ms, f.delay_ms) / 1000.0
        return f.delay_ms / 1000.0

    if hit(FaultKind.LOST_REPLY) is not None:
        return None
    for kind in (FaultKind.JITTER, FaultKind.LATE_REPLY):
        extra = hit(kind)
        if extra and stop.wait(extra):
            return None
    out = reply
    wrong = plan.take(FaultKind.WRONG_ADDRESS, b, n)
    if wrong is not None:
        fired.append(FaultKind.WRONG_ADDRESS)
        out = _readdress(out, wrong.target_board, wrong.target_lock)
    if hit(FaultKind.BAD_CHECKSUM) is not None:
        out = out[:-1] + bytes([out[-1] ^ 0x5A])
    if hit(FaultKind.DUPLICATE_ADDRESS) is not None:
        other = _other_board(out)
        out = bytes(x for pair in zip(out, other, strict=True) for x in pair)
    if hit(FaultKind.BAUD_MISMATCH) is not None:
        out = bytes(plan.rng.choice(WRONG_BAUD_POOL) for _ in range(len(out) * 2))
    trunc = plan.take(FaultKind.TRUNCATED, b, n)
    if trunc is not None:
        fired.append(FaultKind.TRUNCATED)
        out = out[: max(1, min(trunc.keep_bytes, len(out) - 1))]
    if hit(FaultKind.NOISE) is not None:
        out = NOISE_BEFORE + out + NOISE_AFTER
    split = plan.take(FaultKind.SPLIT_REPLY, b, n)
    if split is not None and len(out) > 1:
        fired.append(FaultKind.SPLIT_REPLY)
        half = len(out) // 2
        return Outgoing([out[:half], out[half:]], (split.delay_ms or 10.0) / 1000.0)
    return Outgoing([out])
