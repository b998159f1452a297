"""Barcode scanners in serial mode (RS-232, or USB in "virtual COM port" mode).

The scanner sends each code followed by a suffix (CR, LF or CR LF). A reader thread owns
the port, splits the byte stream into codes and reports them through callbacks; it
reopens the port with backoff when the scanner is unplugged, because a USB-serial port
disappears and comes back (often under the same path) when the cable is reseated.

No Qt here: the GUI turns the callbacks into signals. Callbacks run on the reader thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import serial

log = logging.getLogger(__name__)


class Suffix(StrEnum):
    """The terminator the scanner is configured to send after every code."""

    CR = "cr"
    LF = "lf"
    CRLF = "crlf"


class ScannerState(StrEnum):
    """States passed to ``on_status``; the GUI translates them for people."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    RECONNECTING = "reconnecting"
    BAD_DATA = "bad_data"
    STOPPED = "stopped"


ScanCallback = Callable[[str], None]
StatusCallback = Callable[[ScannerState, str], None]

_TERMINATORS = {Suffix.CR: b"\r", Suffix.LF: b"\n", Suffix.CRLF: b"\r\n"}
# Group separator (GS1 FNC1) is legitimately inside GS1 barcodes; other control
# characters only appear in line noise or a misconfigured scanner.
_ALLOWED_CONTROL = {"\x1d"}


@dataclass(frozen=True)
class SerialScannerConfig:
    """Port settings. ``port`` may also be a pyserial URL such as ``loop://``."""

    port: str
    baudrate: int = 9600
    suffix: Suffix = Suffix.CR
    max_code_length: int = 512
    reconnect_initial_s: float = 0.5
    reconnect_max_s: float = 5.0
    read_timeout_s: float = 0.1


class CodeSplitter:
    """Turns a byte stream into codes; keeps partial codes between reads.

    A code that is not valid UTF-8, holds control characters, or runs past
    ``max_length`` without a terminator is rejected and reported, not passed on.
    """

    def __init__(self, suffix: Suffix, max_length: int) -> None:
        self._terminator = _TERMINATORS[suffix]
        self._max_length = max_length
        self._buffer = bytearray()

    def feed(self, data: bytes) -> tuple[list[str], list[str]]:
        """Add bytes; return (codes, rejection reasons) completed by them."""
        self._buffer.extend(data)
        codes: list[str] = []
        problems: list[str] = []
        while True:
            index = self._buffer.find(self._terminator)
            if index < 0:
                break
            raw = bytes(self._buffer[:index])
            del self._buffer[: index + len(self._terminator)]
            code, problem = self._decode(raw)
            if code:
                codes.append(code)
            elif problem:
                problems.append(problem)
        if len(self._buffer) > self._max_length:
            problems.append(
                f"discarded {len(self._buffer)} bytes without a terminator "
                f"(is the scanner's suffix set to {self._terminator!r}?)"
            )
            self._buffer.clear()
        return codes, problems

    def reset(self) -> None:
        """Forget a partial code (used after the port was lost)."""
        self._buffer.clear()

    @staticmethod
    def _decode(raw: bytes) -> tuple[str, str]:
        # A scanner set to CR LF while we expect CR (or the reverse) leaves stray
        # CR/LF around codes; they carry no meaning, so strip them.
        raw = raw.strip(b"\r\n")
        if not raw:
            return "", ""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return "", f"discarded {len(raw)} bytes that are not valid UTF-8: {raw[:32]!r}"
        if any(ch not in _ALLOWED_CONTROL and not ch.isprintable() for ch in text):
            return "", f"discarded a code with control characters: {raw[:32]!r}"
        return text, ""


class SerialScanner:
    """Reads codes from a serial scanner on a background thread.

    ``on_scan(code)`` is called once per code; ``on_status(state, detail)`` when the
    port opens, is lost, is being reopened, or when garbage was discarded. ``detail``
    is a technical reason for logs and tooltips, not a sentence for the cashier.
    """

    def __init__(
        self,
        config: SerialScannerConfig,
        on_scan: ScanCallback,
        on_status: StatusCallback | None = None,
    ) -> None:
        self._config = config
        self._on_scan = on_scan
        self._on_status = on_status
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port_lock = threading.Lock()
        self._port: serial.SerialBase | None = None
        self._state = ScannerState.DISCONNECTED

    @property
    def config(self) -> SerialScannerConfig:
        return self._config

    @property
    def state(self) -> ScannerState:
        return self._state

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.is_running():
            raise RuntimeError("scanner reader already running")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"serial-scanner {self._config.port}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> bool:
        """Ask the reader to finish and wait for it; True if it has ended."""
        self._stop.set()
        with self._port_lock:
            port = self._port
        if port is not None:
            cancel = getattr(port, "cancel_read", None)
            if cancel is not None:
                try:
                    cancel()
                except (OSError, serial.SerialException):
                    log.debug("cancel_read failed", exc_info=True)
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout_s)
        return not thread.is_alive()

    # -- reader thread -------------------------------------------------------------

    def _run(self) -> None:
        splitter = CodeSplitter(self._config.suffix, self._config.max_code_length)
        delay = self._config.reconnect_initial_s
        attempt = 0
        while not self._stop.is_set():
            try:
                port = self._open()
            except (OSError, ValueError, serial.SerialException) as exc:
                attempt += 1
                self._status(
                    ScannerState.RECONNECTING,
                    f"cannot open {self._config.port}: {exc}; attempt {attempt}, "
                    f"next try in {delay:.1f} s",
                )
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, self._config.reconnect_max_s)
                continue
            attempt = 0
            delay = self._config.reconnect_initial_s
            splitter.reset()
            self._status(ScannerState.CONNECTED, self._config.port)
            reason = self._read_until_lost(port, splitter)
            self._close(port)
            if reason is None:
                break
            self._status(ScannerState.DISCONNECTED, reason)
        self._status(ScannerState.STOPPED, "")

    def _open(self) -> serial.SerialBase:
        port = serial.serial_for_url(
            self._config.port,
            baudrate=self._config.baudrate,
            timeout=self._config.read_timeout_s,
            exclusive=True,
        )
        with self._port_lock:
            self._port = port
        if self._stop.is_set():
            # stop() ran while we were opening and could not cancel our read.
            self._close(port)
            raise serial.SerialException("stopping")
        return port

    def _close(self, port: serial.SerialBase) -> None:
        with self._port_lock:
            self._port = None
        try:
            port.close()
        except (OSError, serial.SerialException):
            log.debug("closing %s failed", self._config.port, exc_info=True)

    def _read_until_lost(self, port: serial.SerialBase, splitter: CodeSplitter) -> str | None:
        """Read until stopped (returns None) or the port fails (returns the reason)."""
        while not self._stop.is_set():
            try:
                data = port.read(max(1, port.in_waiting))
            except (OSError, serial.SerialException) as exc:
                return f"{self._config.port}: {exc}"
            if not data:
                continue
            codes, problems = splitter.feed(data)
            for problem in problems:
                log.warning("serial scanner %s: %s", self._config.port, problem)
                self._status(ScannerState.BAD_DATA, problem)
            for code in codes:
                self._call(self._on_scan, code)
        return None

    def _status(self, state: ScannerState, detail: str) -> None:
        if state is not ScannerState.BAD_DATA:
            self._state = state
        log.info("serial scanner %s: %s %s", self._config.port, state, detail)
        if self._on_status is not None:
            self._call(self._on_status, state, detail)

    @staticmethod
    def _call(callback: Callable[..., None], *args: object) -> None:
        # A faulty consumer must not kill the reader thread (the scanner would go deaf).
        try:
            callback(*args)
        except Exception:
            log.exception("serial scanner callback failed")
