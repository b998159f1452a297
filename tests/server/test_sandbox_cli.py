"""`uv run main.py sandbox-gateway`: a real process serving the sandbox, keys kept across restarts,
one-line errors with exit 2 for bad options."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "main.py", "sandbox-gateway", "--port", str(port), "--data-dir", str(data_dir),
         "--time-scale", "0.001"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _wait_healthy(port: int) -> dict[str, str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            out: dict[str, str] = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
            return out
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("the sandbox did not answer /health")


def test_serves_and_keeps_its_keys(tmp_path: Path) -> None:
    port = _free_port()
    proc = _serve(tmp_path, port)
    try:
        first = _wait_healthy(port)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    config = json.loads((tmp_path / "merchant_config.json").read_text())
    assert config["base_url"] == f"http://127.0.0.1:{port}" and config["mchid"] == first["mchid"]
    assert "merchant config" in out and str(tmp_path / "merchant_config.json") in out
    assert (tmp_path / "merchant_private_key.pem").stat().st_mode & 0o077 == 0
    proc = _serve(tmp_path, port)
    try:
        assert _wait_healthy(port)["mchid"] == first["mchid"]  # same keys after a restart
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def test_bad_options_exit_2_with_one_line(tmp_path: Path) -> None:
    for args in (["--time-scale", "0"], ["--retry-delays", "1,x"]):
        done = subprocess.run(
            [sys.executable, "main.py", "sandbox-gateway", "--data-dir", str(tmp_path), *args],
            cwd=REPO, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 2, done
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("sandbox-gateway: "), done.stderr


def test_server_refuses_an_unreadable_gateway_config(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "server", "--database-url", f"sqlite:///{tmp_path / 's.sqlite3'}",
         "--payment-gateway", str(tmp_path / "missing.json")],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2, done
    assert done.stderr.strip().startswith("server: cannot read payment gateway config"), done.stderr
