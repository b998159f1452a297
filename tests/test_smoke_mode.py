"""`main.py --smoke-test` starts everything with a temporary data folder and renders every page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_smoke_mode_exits_zero_and_renders_every_page(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "main.py", "--smoke-test", "--screenshots", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "smoke test OK" in result.stdout
    shots = {p.stem for p in tmp_path.glob("*.png")}
    assert {"login", "main-window", "cashier-CashierPage", "desk-ResidentsPage"} <= shots
    assert all(p.stat().st_size > 5000 for p in tmp_path.glob("*.png"))


def test_smoke_mode_reports_a_broken_database(tmp_path: Path) -> None:
    bad = tmp_path / "broken.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "main.py", "--smoke-test", "--db", f"sqlite:///{bad}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode != 0
    assert "database did not open" in result.stderr
    assert bad.read_bytes() == b"not a database" * 100


def test_demo_reset_command(tmp_path: Path) -> None:
    env = dict(os.environ, COUNTERDESK_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "main.py", "demo-reset"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "counterdesk.sqlite3").exists()
