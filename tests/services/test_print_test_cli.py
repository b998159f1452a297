"""``main.py print-test``: one-page PDFs, a TCP printer, one-line errors with exit 2 for bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from main import main
from tests.devices.fake_escpos import FakeTcpPrinter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COUNTERDESK_HOME", str(tmp_path / "home"))  # never the real user's settings
    yield tmp_path


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_pdf_and_tcp_printer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    printer = FakeTcpPrinter()
    try:
        assert main(["print-test", "--printer", printer.url, "--pdf", str(tmp_path / "r.pdf"), "--width", "58"]) == 0
    finally:
        printer.unplug()
    out = capsys.readouterr().out
    assert "one page, 58 x" in out and "printed on tcp://" in out
    assert printer.received.count(b"\x1dV\x01") == 2  # the receipt and the label
    assert b"\x1bp" not in printer.received  # a test page never opens the drawer
    for name in ("r.pdf", "r-label.pdf"):
        info = subprocess.run(["pdfinfo", str(tmp_path / name)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           1" in info


@pytest.mark.parametrize(("args", "words"), [
    (["--width", "60", "--pdf", "x.pdf"], "--width must be 58 or 80"),
    (["--printer", "lpt://x"], "scheme"),
    ([], "no printer"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print-test", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("print-test: error:") and words in err and "\n" not in err


def test_printer_fault_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    printer = FakeTcpPrinter()
    printer.paper = "out"
    try:
        assert main(["print-test", "--printer", printer.url]) == 1
    finally:
        printer.unplug()
    err = capsys.readouterr().err.strip()
    assert "paper_out" in err and "load paper" in err and "\n" not in err


def test_runs_as_a_command(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "main.py", "print-test", "--printer", "dummy://", "--width", "80"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"COUNTERDESK_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "printed on dummy://" in done.stdout


def test_status_only(capsys: pytest.CaptureFixture[str]) -> None:
    printer = FakeTcpPrinter()
    printer.paper = "low"
    try:
        assert main(["print-test", "--printer", printer.url, "--status"]) == 0
        assert capsys.readouterr().out.strip().endswith(": online, paper low")
        assert b"\x1b@" not in printer.received  # nothing printed
        printer.unplug()
        assert main(["print-test", "--printer", printer.url, "--status"]) == 1
        assert "not_found" in capsys.readouterr().err
    finally:
        printer.unplug()
