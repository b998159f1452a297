"""SerialScanner against real pseudo-terminals (the scanner side is the pty master)."""

from __future__ import annotations

import contextlib
import os
import queue
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.serial_scanner import (
    CodeSplitter,
    ScannerState,
    SerialScanner,
    SerialScannerConfig,
    Suffix,
)

TIMEOUT_S = 5.0


class Recorder:
    """Collects callbacks from the reader thread and lets the test wait for them."""

    def __init__(self) -> None:
        self.codes: queue.Queue[str] = queue.Queue()
        self.statuses: queue.Queue[tuple[ScannerState, str]] = queue.Queue()
        self.status_log: list[tuple[ScannerState, str]] = []

    def on_scan(self, code: str) -> None:
        self.codes.put(code)

    def on_status(self, state: ScannerState, detail: str) -> None:
        self.status_log.append((state, detail))
        self.statuses.put((state, detail))

    def wait_status(self, wanted: ScannerState) -> str:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {wanted} status; saw {self.status_log}")
            try:
                state, detail = self.statuses.get(timeout=left)
            except queue.Empty:
                continue
            if state == wanted:
                return detail

    def next_code(self) -> str:
        return self.codes.get(timeout=TIMEOUT_S)

    def assert_no_code(self, wait_s: float = 0.3) -> None:
        with pytest.raises(queue.Empty):
            self.codes.get(timeout=wait_s)


def open_pty() -> tuple[int, str]:
    """A new pty; returns the master fd and the slave's path (slave fd closed)."""
    master, slave = os.openpty()
    path = os.ttyname(slave)
    os.close(slave)
    return master, path


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    master, path = open_pty()
    yield master, path
    with contextlib.suppress(OSError):
        os.close(master)


def make_scanner(port: str, rec: Recorder, suffix: Suffix = Suffix.CR) -> SerialScanner:
    config = SerialScannerConfig(
        port=port, suffix=suffix, reconnect_initial_s=0.05, reconnect_max_s=0.2
    )
    return SerialScanner(config, rec.on_scan, rec.on_status)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def test_code_split_across_writes_is_joined(pty: tuple[int, str], recorder: Recorder) -> None:
    master, path = pty
    scanner = make_scanner(path, recorder)
    scanner.start()
    try:
        recorder.wait_status(ScannerState.CONNECTED)
        os.write(master, b"69012")
        time.sleep(0.15)  # longer than the read timeout: the halves arrive in two reads
        os.write(master, b"34567892\r")
        assert recorder.next_code() == "6901234567892"
    finally:
        assert scanner.stop()
    assert recorder.status_log[-1][0] == ScannerState.STOPPED


def test_several_codes_in_one_write_with_crlf(pty: tuple[int, str], recorder: Recorder) -> None:
    master, path = pty
    scanner = make_scanner(path, recorder, Suffix.CRLF)
    scanner.start()
    try:
        recorder.wait_status(ScannerState.CONNECTED)
        os.write(master, b"4006381333931\r\n96385074\r\n036000291452\r\n")
        assert [recorder.next_code() for _ in range(3)] == [
            "4006381333931",
            "96385074",
            "036000291452",
        ]
    finally:
        assert scanner.stop()


def test_garbage_is_reported_and_reading_continues(
    pty: tuple[int, str], recorder: Recorder
) -> None:
    master, path = pty
    scanner = make_scanner(path, recorder, Suffix.LF)
    scanner.start()
    try:
        recorder.wait_status(ScannerState.CONNECTED)
        os.write(master, b"\xff\xfe\x80abc\n")
        detail = recorder.wait_status(ScannerState.BAD_DATA)
        assert "UTF-8" in detail
        os.write(master, b"12\x07\x0334\n")
        assert "control characters" in recorder.wait_status(ScannerState.BAD_DATA)
        os.write(master, b"96385074\n")
        assert recorder.next_code() == "96385074"
        assert scanner.is_running()
        assert scanner.state == ScannerState.CONNECTED
    finally:
        assert scanner.stop()


def test_unterminated_flood_is_discarded_with_a_reason(
    pty: tuple[int, str], recorder: Recorder
) -> None:
    master, path = pty
    scanner = make_scanner(path, recorder, Suffix.CR)
    scanner.start()
    try:
        recorder.wait_status(ScannerState.CONNECTED)
        os.write(master, b"7" * 600)
        assert "without a terminator" in recorder.wait_status(ScannerState.BAD_DATA)
        os.write(master, b"\r4006381333931\r")
        assert recorder.next_code() == "4006381333931"
    finally:
        assert scanner.stop()


def test_unplug_and_replug_reconnects(tmp_path: Path, recorder: Recorder) -> None:
    """The port path is a symlink (like /dev/serial/by-id/...) that vanishes and returns."""
    link = tmp_path / "scanner"
    master1, path1 = open_pty()
    link.symlink_to(path1)
    scanner = make_scanner(str(link), recorder)
    scanner.start()
    master2 = -1
    try:
        recorder.wait_status(ScannerState.CONNECTED)
        os.write(master1, b"96385074\r")
        assert recorder.next_code() == "96385074"

        # Unplug: the device goes away and its path with it.
        os.close(master1)
        link.unlink()
        assert str(link) in recorder.wait_status(ScannerState.DISCONNECTED)
        assert "cannot open" in recorder.wait_status(ScannerState.RECONNECTING)
        time.sleep(0.3)  # several failed attempts while unplugged
        assert scanner.is_running()

        # Replug: a new device node under the same path.
        master2, path2 = open_pty()
        link.symlink_to(path2)
        recorder.wait_status(ScannerState.CONNECTED)
        os.write(master2, b"036000291452\r")
        assert recorder.next_code() == "036000291452"
    finally:
        assert scanner.stop()
        if master2 >= 0:
            os.close(master2)


def test_missing_port_keeps_retrying_and_stop_is_prompt(tmp_path: Path, recorder: Recorder) -> None:
    config = SerialScannerConfig(
        port=str(tmp_path / "nope"), reconnect_initial_s=5.0, reconnect_max_s=10.0
    )
    scanner = SerialScanner(config, recorder.on_scan, recorder.on_status)
    scanner.start()
    assert "No such file" in recorder.wait_status(ScannerState.RECONNECTING)
    started = time.monotonic()
    assert scanner.stop()
    assert time.monotonic() - started < 1.0
    assert recorder.status_log[-1][0] == ScannerState.STOPPED


def test_stop_while_connected_is_prompt(pty: tuple[int, str], recorder: Recorder) -> None:
    _, path = pty
    config = SerialScannerConfig(port=path, read_timeout_s=10.0)
    scanner = SerialScanner(config, recorder.on_scan, recorder.on_status)
    scanner.start()
    recorder.wait_status(ScannerState.CONNECTED)
    started = time.monotonic()
    assert scanner.stop()
    assert time.monotonic() - started < 1.0  # cancel_read, not the 10 s timeout


def test_failing_consumer_does_not_kill_the_reader(
    pty: tuple[int, str], recorder: Recorder
) -> None:
    master, path = pty
    seen: list[str] = []

    def on_scan(code: str) -> None:
        seen.append(code)
        if code == "bad":
            raise ValueError("consumer bug")
        recorder.on_scan(code)

    config = SerialScannerConfig(port=path)
    scanner = SerialScanner(config, on_scan, recorder.on_status)
    scanner.start()
    try:
        recorder.wait_status(ScannerState.CONNECTED)
        os.write(master, b"bad\rgood\r")
        assert recorder.next_code() == "good"
        assert seen == ["bad", "good"]
    finally:
        assert scanner.stop()


def test_loop_url_for_demos(recorder: Recorder) -> None:
    """pyserial URLs work too; a loop:// port simply reads nothing until stopped."""
    scanner = make_scanner("loop://", recorder)
    scanner.start()
    try:
        assert recorder.wait_status(ScannerState.CONNECTED) == "loop://"
        recorder.assert_no_code()
    finally:
        assert scanner.stop()


@pytest.mark.parametrize(
    ("suffix", "stream", "codes"),
    [
        (Suffix.CR, [b"12345", b"678\r\n8765", b"4321\r"], ["12345678", "87654321"]),
        (Suffix.LF, [b"\r\nABC-1\n", b"\n\n"], ["ABC-1"]),
        (Suffix.CRLF, [b"01\x1d17\r", b"\n"], ["01\x1d17"]),
    ],
)
def test_splitter(suffix: Suffix, stream: list[bytes], codes: list[str]) -> None:
    splitter = CodeSplitter(suffix, max_length=64)
    got: list[str] = []
    for chunk in stream:
        new, problems = splitter.feed(chunk)
        assert problems == []
        got.extend(new)
    assert got == codes
