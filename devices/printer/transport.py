"""Printers chosen by a URL, over python-escpos's transports.

=====================================  ==========================================================
``usb://04b8:0202``                    USB vendor:product (pyusb + libusb); ``?in_ep=0x82&out_ep=0x01``
``serial:///dev/ttyUSB0?baudrate=9600``  serial port; ``&timeout=1&dsrdtr=1`` (hardware flow control)
``tcp://192.168.1.50:9100``            raw TCP ("JetDirect"); ``?timeout=5``
``file:///dev/usb/lp0``                a device file (or any file: the bytes land there); no status
``dummy://``                           python-escpos's ``Dummy``: the bytes stay in memory (tests, demo)
=====================================  ==========================================================

Every URL also takes the profile: ``encoding=gb18030|gbk|ascii|image``, ``cut=FULL|PART|NONE``,
``drawer=2|5``, ``status=0|1``. A job opens the connection, asks ``DLE EOT 1`` / ``DLE EOT 4``
(where the transport can read and ``status=1``), sends the whole job in one write, asks again
to confirm the printer took it, and closes, so an unplugged and replugged printer needs no restart.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from escpos import printer as escpos_printer  # type: ignore[import-untyped]
from escpos.exceptions import DeviceNotFoundError  # type: ignore[import-untyped]

from devices.printer.base import PaperLevel, PrinterError, PrinterFault, PrinterProfile, PrinterStatus
from devices.printer.escpos_render import render_escpos
from devices.printer.fonts import FontMissing
from devices.printer.ticket import Ticket

DLE_EOT_PRINTER = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"
SCHEMES = ("usb", "serial", "tcp", "file", "dummy")


@dataclass(frozen=True)
class PrinterUrl:
    scheme: str
    target: str  # device path, host, "vid:pid", ""
    port: int
    options: dict[str, str]
    profile: PrinterProfile


def _int(value: str, name: str, url: str) -> int:
    try:
        return int(value, 0)
    except ValueError:
        raise PrinterError(PrinterFault.BAD_URL, f"{name}={value!r} is not a number in {url}") from None


def parse_printer_url(url: str) -> PrinterUrl:
    """Parse and check a printer URL; raises PrinterError(BAD_URL) naming what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise PrinterError(PrinterFault.BAD_URL,
                           f"{url!r}: the scheme must be one of {', '.join(s + '://' for s in SCHEMES)}")
    options = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    try:
        profile = PrinterProfile(
            encoding=options.pop("encoding", "gb18030").lower(),
            cut=options.pop("cut", "PART").upper(),
            drawer_pin=_int(options.pop("drawer", "2"), "drawer", url),
            status=options.pop("status", "1") not in ("0", "false", "no", "off"),
        )
    except ValueError as exc:
        raise PrinterError(PrinterFault.BAD_URL, f"{url}: {exc}") from None
    known = {"usb": {"in_ep", "out_ep", "timeout"}, "serial": {"baudrate", "timeout", "dsrdtr", "xonxoff"},
             "tcp": {"timeout"}, "file": set(), "dummy": set()}[parts.scheme]
    unknown = set(options) - known
    if unknown:
        raise PrinterError(PrinterFault.BAD_URL, f"{url}: unknown option(s) {', '.join(sorted(unknown))}")
    for name in ("baudrate", "in_ep", "out_ep"):
        if name in options:
            _int(options[name], name, url)
    if "timeout" in options:
        try:
            if not 0 < float(options["timeout"]) <= 600:
                raise ValueError
        except ValueError:
            raise PrinterError(PrinterFault.BAD_URL, f"timeout={options['timeout']!r} is not 0-600 s in {url}") from None
    target, port = "", 0
    if parts.scheme == "usb":
        vid, _, pid = parts.netloc.partition(":")
        if len(vid) != 4 or len(pid) != 4:
            raise PrinterError(PrinterFault.BAD_URL, f"{url}: USB needs vendor:product as 4+4 hex digits")
        target = f"{_int('0x' + vid, 'vendor', url):04x}:{_int('0x' + pid, 'product', url):04x}"
    elif parts.scheme in ("serial", "file"):
        target = unquote(parts.path)
        if not target:
            raise PrinterError(PrinterFault.BAD_URL, f"{url}: no device path (serial:///dev/ttyUSB0)")
    elif parts.scheme == "tcp":
        if not parts.hostname:
            raise PrinterError(PrinterFault.BAD_URL, f"{url}: no host (tcp://192.168.1.50:9100)")
        target = parts.hostname
        try:
            port = parts.port or 9100
        except ValueError:
            raise PrinterError(PrinterFault.BAD_URL, f"{url}: the port is not a number") from None
    return PrinterUrl(parts.scheme, target, port, options, profile)


def _status_byte(reply: bytes) -> int | None:
    """The last byte shaped like a real-time status reply (0xx1xx10b); stray bytes are ignored."""
    for b in reversed(reply):
        if b & 0x93 == 0x12:
            return b
    return None


class EscposPrinter:
    """A printer behind one of python-escpos's transports (see the module doc for URLs)."""

    def __init__(self, url: str, make: Callable[[], Any], profile: PrinterProfile, *, readable: bool,
                 eof_means: PrinterFault = PrinterFault.NO_ANSWER) -> None:
        self._url = url
        self._make = make
        self.profile = profile
        self.readable = readable and profile.status
        self._eof_means = eof_means  # an empty read: serial → silence; TCP → the other end closed
        self.last_output = b""  # dummy:// keeps the last job's bytes here

    @property
    def url(self) -> str:
        return self._url

    # --- connection ------------------------------------------------------------------------------

    def _open(self) -> Any:
        dev = self._make()
        try:
            dev.open()
        except DeviceNotFoundError as exc:
            raise PrinterError(PrinterFault.NOT_FOUND, str(exc).replace("\n", " ")) from exc
        except RuntimeError as exc:  # python-escpos: "pyusb/pyserial not found"
            raise PrinterError(PrinterFault.UNSUPPORTED, str(exc)) from exc
        except Exception as exc:  # pyusb without a libusb backend: usb.core.NoBackendError
            if type(exc).__name__ == "NoBackendError":
                raise PrinterError(PrinterFault.UNSUPPORTED, "no libusb on this machine") from exc
            raise
        serial_dev = getattr(dev, "device", None)
        if serial_dev is not None and hasattr(serial_dev, "reset_input_buffer"):
            serial_dev.reset_input_buffer()  # stale bytes would read as a status
            serial_dev.write_timeout = max(5.0, float(getattr(dev, "timeout", 1) or 1) * 5)
        return dev

    @staticmethod
    def _close(dev: Any) -> None:
        try:
            dev.close()
        except Exception:  # a broken connection (EIO on flush): close the handle itself
            raw = getattr(dev, "_device", None)
            with contextlib.suppress(Exception):
                if raw:
                    raw.close()
        dev._device = False  # so python-escpos's __del__ does not try again

    def _send(self, dev: Any, data: bytes) -> None:
        try:
            dev._raw(data)
        except (TimeoutError, OSError) as exc:
            raise PrinterError(PrinterFault.DISCONNECTED, f"{type(exc).__name__}: {exc}") from exc
        except Exception as exc:  # serial.SerialException / SerialTimeoutException, usb.core.USBError
            name = type(exc).__name__
            if name == "SerialTimeoutException" or "Timeout" in name:
                raise PrinterError(PrinterFault.NO_ANSWER, f"the printer stopped taking data ({exc})") from exc
            if name in ("SerialException", "USBError", "PortNotOpenError"):
                raise PrinterError(PrinterFault.DISCONNECTED, f"{name}: {exc}") from exc
            raise

    def _query(self, dev: Any, command: bytes) -> int:
        self._send(dev, command)
        port: Any = getattr(dev, "device", None)
        try:
            if hasattr(port, "in_waiting"):  # serial: one byte (up to the timeout), then whatever else came
                reply: bytes = port.read(1)
                reply += port.read(port.in_waiting) if reply else b""
            else:
                reply = dev._read()
        except TimeoutError as exc:
            raise PrinterError(PrinterFault.NO_ANSWER, "no reply to the status query") from exc
        except OSError as exc:
            raise PrinterError(PrinterFault.DISCONNECTED, f"{type(exc).__name__}: {exc}") from exc
        except Exception as exc:
            name = type(exc).__name__
            if "Timeout" in name:
                raise PrinterError(PrinterFault.NO_ANSWER, "no reply to the status query") from exc
            if name in ("SerialException", "USBError"):
                raise PrinterError(PrinterFault.DISCONNECTED, f"{name}: {exc}") from exc
            raise
        if not reply:
            raise PrinterError(self._eof_means, "no reply to the status query" if self._eof_means
                               is PrinterFault.NO_ANSWER else "the printer closed the connection")
        status = _status_byte(bytes(reply))
        if status is None:
            raise PrinterError(PrinterFault.NO_ANSWER, f"the status reply {bytes(reply)!r} makes no sense")
        return status

    def _read_status(self, dev: Any) -> PrinterStatus:
        printer = self._query(dev, DLE_EOT_PRINTER)
        paper_byte = self._query(dev, DLE_EOT_PAPER)
        if paper_byte & 0x60:
            paper = PaperLevel.OUT
        elif paper_byte & 0x0C:
            paper = PaperLevel.LOW
        else:
            paper = PaperLevel.OK
        return PrinterStatus(online=not printer & 0x08, paper=paper)

    @staticmethod
    def _check(status: PrinterStatus) -> None:
        if status.paper is PaperLevel.OUT:
            raise PrinterError(PrinterFault.PAPER_OUT, "the paper roll is empty")
        if status.online is False:
            raise PrinterError(PrinterFault.OFFLINE, "the printer reports it is offline (cover open?)")

    # --- Printer ---------------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        dev = self._open()
        try:
            if not self.readable:
                return PrinterStatus(online=None, paper=PaperLevel.UNKNOWN)
            return self._read_status(dev)
        finally:
            self._close(dev)

    def print_ticket(self, ticket: Ticket, *, open_drawer: bool | None = None) -> None:
        try:
            data = render_escpos(ticket, self.profile, open_drawer=open_drawer)
        except FontMissing as exc:
            raise PrinterError(PrinterFault.UNSUPPORTED, str(exc)) from exc
        dev = self._open()
        try:
            if self.readable:
                self._check(self._read_status(dev))
            self._send(dev, data)
            flush = getattr(getattr(dev, "device", None), "flush", None)
            if callable(flush) and not isinstance(getattr(dev, "device", None), socket.socket):
                try:
                    flush()
                except Exception as exc:
                    raise PrinterError(PrinterFault.DISCONNECTED, f"{type(exc).__name__}: {exc}") from exc
            if self.readable:  # the printer answers after the job: it took it, and had paper to the end
                self._check(self._read_status(dev))
            output = getattr(dev, "output", None)
            if isinstance(output, bytes):
                self.last_output = output
        finally:
            self._close(dev)


def open_printer(url: str, *, timeout: float | None = None) -> EscposPrinter:
    """The printer a URL names (nothing is opened until a job or a status query)."""
    u = parse_printer_url(url)
    o = u.options
    if u.scheme == "usb":
        vid, pid = (int(x, 16) for x in u.target.split(":"))

        def make_usb() -> Any:

            return escpos_printer.Usb(vid, pid, timeout=int(float(o.get("timeout", timeout or 5)) * 1000),
                       in_ep=int(o.get("in_ep", "0x82"), 0), out_ep=int(o.get("out_ep", "0x01"), 0))

        return EscposPrinter(url, make_usb, u.profile, readable=True)
    if u.scheme == "serial":
        t = float(o.get("timeout", timeout or 1))
        baud = _int(o.get("baudrate", "9600"), "baudrate", url)

        def make_serial() -> Any:

            return escpos_printer.Serial(u.target, baudrate=baud, timeout=t, dsrdtr=o.get("dsrdtr", "0") == "1",
                          xonxoff=o.get("xonxoff", "0") == "1")

        return EscposPrinter(url, make_serial, u.profile, readable=True)
    if u.scheme == "tcp":
        t = float(o.get("timeout", timeout or 5))

        def make_tcp() -> Any:

            return escpos_printer.Network(u.target, port=u.port, timeout=t)

        return EscposPrinter(url, make_tcp, u.profile, readable=True, eof_means=PrinterFault.DISCONNECTED)
    if u.scheme == "file":

        def make_file() -> Any:

            return escpos_printer.File(u.target)

        return EscposPrinter(url, make_file, u.profile, readable=False)

    def make_dummy() -> Any:
        return escpos_printer.Dummy()

    return EscposPrinter(url, make_dummy, u.profile, readable=False)

