"""A fake ESC/POS printer at the edge of the world: a real pty (serial) or a real TCP socket.

It reads what a driver sends, keeps it, and answers the real-time status queries
``DLE EOT 1`` and ``DLE EOT 4`` from its state (paper ok / low / out, online, mute).
``GS v 0`` raster data is skipped while parsing, so image bytes are never taken for a query.
``unplug()`` closes its end (the pty master, the sockets) as pulling the cable does.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import tty


class EscposState:
    def __init__(self) -> None:
        self.received = bytearray()
        self.paper = "ok"  # "ok" | "low" | "out"
        self.online = True
        self.mute = False  # never answers status queries (switched off, wrong cable)
        self.close_after: int | None = None  # drop the connection once this many bytes came in
        self.queries = 0
        self._pending = bytearray()
        self.lock = threading.Lock()

    def feed(self, data: bytes) -> tuple[bytes, bool]:
        """Take bytes from the line; returns (reply, hang_up)."""
        reply = bytearray()
        with self.lock:
            self.received += data
            self._pending += data
            buf = self._pending
            i = 0
            while i < len(buf):
                if buf[i : i + 3] == b"\x1dv0":
                    if len(buf) - i < 8:
                        break
                    size = int.from_bytes(buf[i + 4 : i + 6], "little") * int.from_bytes(buf[i + 6 : i + 8], "little")
                    if len(buf) - i < 8 + size:
                        break
                    i += 8 + size
                elif buf[i : i + 2] == b"\x10\x04":
                    if len(buf) - i < 3:
                        break
                    self.queries += 1
                    if not self.mute:
                        reply.append(self._status(buf[i + 2]))
                    i += 3
                else:
                    i += 1
            del buf[:i]
            hang_up = self.close_after is not None and len(self.received) >= self.close_after
        return bytes(reply), hang_up

    def _status(self, n: int) -> int:
        base = 0x12
        if n == 1:
            return base | (0x08 if (not self.online or self.paper == "out") else 0)
        if n == 4:
            return base | {"ok": 0, "low": 0x0C, "out": 0x60}[self.paper]
        return base


class FakeSerialPrinter(EscposState):
    """A printer on a pseudo-terminal: ``port`` is the device path the driver opens."""

    def __init__(self) -> None:
        super().__init__()
        self._master, self._slave = os.openpty()
        tty.setraw(self._master)
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(self._master, 65536)
            except OSError:
                return
            reply, hang_up = self.feed(data)
            if reply:
                os.write(self._master, reply)
            if hang_up:
                self._close_fds()
                return

    def _close_fds(self) -> None:
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = -1

    def unplug(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._close_fds()


class FakeTcpPrinter(EscposState):
    """A network printer on 127.0.0.1 (raw port 9100 style)."""

    def __init__(self) -> None:
        super().__init__()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"tcp://127.0.0.1:{self.port}?timeout=1"
        self._conns: list[socket.socket] = []
        self._stop = threading.Event()
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                reply, hang_up = self.feed(data)
                if reply:
                    with contextlib.suppress(OSError):
                        conn.sendall(reply)
                if hang_up:
                    with contextlib.suppress(OSError):
                        conn.shutdown(socket.SHUT_RDWR)
                    return

    def unplug(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone would not
        with contextlib.suppress(OSError):
            self._server.close()
        self._thread.join(timeout=2)
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                conn.close()

    close = unplug
