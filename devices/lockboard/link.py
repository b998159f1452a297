"""One request/reply exchange on a half-duplex serial line, done carefully.

The board protocol has no length byte, sequence number or NAK, so the host has to
be strict on its side (lockers.md §5, driver rules): one exchange at a time (an
``RLock``), flush stale input before writing, drop our own TX echo *before*
parsing (the OPEN "failed" reply is byte-identical to the request), scan for a
frame of the expected shape with a valid BCC (resynchronising past noise), check
the board and lock fields, and read against a deadline - never ``read()`` forever.
"""

from __future__ import annotations

import contextlib
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import serial

from devices.lockboard.errors import (
    BadChecksum,
    CommunicationError,
    GarbledReply,
    NoReply,
    PortUnavailable,
    TruncatedReply,
    WrongAddressReply,
    where,
)
from devices.lockboard.protocol import Reply, ReplyShape, bcc, parse_reply

PortSpec = str | Callable[[], str]
SerialFactory = Callable[..., serial.Serial]
_IO_ERRORS = (serial.SerialException, OSError, termios.error)


@dataclass
class ScanOutcome:
    """What one pass over the received bytes found."""

    match: Reply | None = None
    wrong: Reply | None = None
    bad_bcc: bool = False
    partial: bool = False
    garbage: bool = False

    @property
    def complaint(self) -> bool:
        return self.wrong is not None or self.bad_bcc or self.garbage


def scan(buf: bytes, shape: ReplyShape, board: int, lock: int) -> ScanOutcome:
    """Find the first valid reply for ``board``/``lock`` in ``buf``; note what else was seen."""
    out = ScanOutcome()
    n = shape.length
    i = 0
    while i < len(buf):
        if buf[i] != shape.header:
            out.garbage = True
            i += 1
            continue
        if len(buf) - i < n:
            out.partial = True
            break
        window = bytes(buf[i : i + n])
        reply = parse_reply(window, shape)
        if reply is None:
            if bcc(window[:-1]) != window[-1]:
                out.bad_bcc = True
            else:
                out.garbage = True
            i += 1
            continue
        if reply.board != board or (shape is not ReplyShape.QUERY_ALL and reply.lock != lock):
            out.wrong = reply
            i += n
            continue
        out.match = reply
        return out
    return out


class SerialLink:
    """A serial port plus the exchange discipline above. Thread-safe via ``lock``."""

    def __init__(
        self,
        port: PortSpec,
        *,
        baudrate: int = 9600,
        echo: bool | None = None,
        settle_s: float = 0.1,
        gap_s: float = 0.02,
        serial_factory: SerialFactory = serial.Serial,
    ) -> None:
        self._port_spec = port
        self._baudrate = baudrate
        self.echo = echo
        self._settle_s = settle_s
        self._gap_s = gap_s
        self._factory = serial_factory
        self._ser: serial.Serial | None = None
        self._last_end = 0.0
        self.lock = threading.RLock()

    # ------------------------------------------------------------ port life cycle

    @property
    def port(self) -> str:
        return self._port_spec if isinstance(self._port_spec, str) else self._port_spec()

    def set_port(self, port: PortSpec) -> None:
        """Point at another device path (e.g. the adapter came back as /dev/ttyUSB1)."""
        with self.lock:
            self.close()
            self._port_spec = port

    @property
    def is_open(self) -> bool:
        return self._ser is not None

    def open(self) -> bool:
        """Open the port if needed; True when it was (re)opened just now."""
        with self.lock:
            if self._ser is not None:
                return False
            path = self.port
            try:
                self._ser = self._factory(
                    path, baudrate=self._baudrate, bytesize=8, parity="N", stopbits=1,
                    timeout=0.1, write_timeout=1.0, exclusive=True,
                )
            except _IO_ERRORS as exc:
                raise PortUnavailable(f"cannot open lock-board port {path}: {exc}") from exc
            return True

    def close(self) -> None:
        with self.lock:
            ser, self._ser = self._ser, None
            if ser is not None:
                with contextlib.suppress(*_IO_ERRORS):  # device already gone: nothing to free
                    ser.close()

    # ------------------------------------------------------------ exchanges

    def detect_echo(self, probe: bytes, timeout_s: float) -> bool:
        """Send a harmless request and see whether our own bytes come back first."""
        with self.lock:
            ser = self._ser_or_raise(None, None, "echo probe")
            received = bytearray()
            try:
                self._send(ser, probe)
                deadline = time.monotonic() + timeout_s
                while len(received) < len(probe) and time.monotonic() < deadline:
                    ser.timeout = max(deadline - time.monotonic(), 0.001)
                    received += ser.read(len(probe) - len(received))
                time.sleep(self._settle_s)  # let the real reply finish before the next flush
            except _IO_ERRORS as exc:
                self._fail(exc, None, None, "echo probe")
            finally:
                self._last_end = time.monotonic()
            self.echo = bytes(received) == probe
            return self.echo

    def exchange(
        self, request: bytes, shape: ReplyShape, board: int, lock: int, timeout_s: float,
        what: str,
    ) -> Reply:
        """Write ``request`` and return the matching reply, or raise a ``CommunicationError``."""
        with self.lock:
            ser = self._ser_or_raise(board, lock, what)
            try:
                self._send(ser, request)
                return self._read_reply(ser, request, shape, board, lock, timeout_s, what)
            except _IO_ERRORS as exc:
                self._fail(exc, board, lock, what)
            finally:
                self._last_end = time.monotonic()

    def _ser_or_raise(self, board: int | None, lock: int | None, what: str) -> serial.Serial:
        if self._ser is None:
            raise PortUnavailable(f"{where(board, lock)}: port not open for {what}",
                                  board=board, lock=lock)
        return self._ser

    def _fail(
        self, exc: BaseException, board: int | None, lock: int | None, what: str
    ) -> NoReturn:
        path = self._port_spec if isinstance(self._port_spec, str) else "(resolver)"
        self.close()
        raise PortUnavailable(
            f"{where(board, lock)}: port {path} failed during {what}: {exc}", board=board,
            lock=lock,
        ) from exc

    def _send(self, ser: serial.Serial, request: bytes) -> None:
        idle = time.monotonic() - self._last_end
        if idle < self._gap_s:
            time.sleep(self._gap_s - idle)  # bus turnaround before the next frame
        ser.reset_input_buffer()  # stale bytes would be mistaken for this reply
        ser.write(request)
        ser.flush()

    def _read_reply(
        self, ser: serial.Serial, request: bytes, shape: ReplyShape, board: int, lock: int,
        timeout_s: float, what: str,
    ) -> Reply:
        deadline = time.monotonic() + timeout_s
        buf = bytearray()
        echo_pending = bool(self.echo)
        outcome = ScanOutcome()
        last_rx = 0.0
        while True:
            now = time.monotonic()
            wait = deadline - now
            if outcome.complaint:
                # Something wrong already arrived; a good frame would follow at once,
                # so stop once the line has been quiet for settle_s.
                wait = min(wait, last_rx + self._settle_s - now)
            if wait <= 0:
                break
            ser.timeout = wait
            chunk = ser.read(1)
            if not chunk:
                continue
            waiting = ser.in_waiting
            if waiting:
                chunk += ser.read(waiting)
            last_rx = time.monotonic()
            buf += chunk
            if echo_pending:
                if len(buf) < len(request) and request.startswith(bytes(buf)):
                    continue
                echo_pending = False
                if buf.startswith(request):
                    del buf[: len(request)]
            outcome = scan(bytes(buf), shape, board, lock)
            if outcome.match is not None:
                return outcome.match
        raise self._classify(outcome, bytes(buf), board, lock, timeout_s, what)

    @staticmethod
    def _classify(
        outcome: ScanOutcome, buf: bytes, board: int, lock: int, timeout_s: float, what: str,
    ) -> CommunicationError:
        at = where(board, lock)
        got = buf.hex(" ").upper() or "nothing"
        if outcome.wrong is not None:
            w = outcome.wrong
            return WrongAddressReply(
                f"{at}: {what} answered by {where(w.board, w.lock or None)} instead "
                f"(miswired address or a second board with the same DIP setting): {got}",
                board=board, lock=lock, answered_board=w.board, answered_lock=w.lock,
            )
        if outcome.bad_bcc:
            return BadChecksum(
                f"{at}: {what} reply failed its XOR check (line noise, or two boards on one "
                f"address): {got}", board=board, lock=lock,
            )
        if outcome.partial:
            return TruncatedReply(f"{at}: {what} reply cut short: {got}", board=board, lock=lock)
        if outcome.garbage:
            return GarbledReply(
                f"{at}: {what} got bytes that are not a frame (baud rate, A/B wiring?): {got}",
                board=board, lock=lock,
            )
        return NoReply(
            f"{at}: no reply to {what} within {timeout_s * 1000:.0f} ms", board=board, lock=lock,
        )
