"""Time from process start to the main window painted (warm, demo data present).

    uv run bench/startup.py [--runs 5]

Each run starts `python main.py` offscreen with a temporary data folder that already
holds the demo database; the app prints when its window has been painted and exits.
Baseline in the same run: a bare PySide6 window, started and painted the same way,
so the figure that matters is what CounterDesk adds on top of Qt itself.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median, write_result  # bench/ is on sys.path when this script runs

ROOT = Path(__file__).resolve().parent.parent

BARE_QT = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1180, 720)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print("first-paint", flush=True), app.exit(0)))
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""


def time_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-paint"):
            elapsed = (time.perf_counter() - start) * 1000
            proc.wait(timeout=30)
            return elapsed
    proc.wait(timeout=30)
    raise RuntimeError(f"{cmd} exited ({proc.returncode}) without painting")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="counterdesk-bench-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTERDESK_HOME=home)
    subprocess.run([sys.executable, "main.py", "demo-reset"], cwd=ROOT, env=env, check=True, capture_output=True)
    app_env = dict(env, COUNTERDESK_EXIT_AFTER_PAINT="1")
    app_cmd = [sys.executable, "main.py"]
    bare_cmd = [sys.executable, "-c", BARE_QT]
    time_to_paint(app_cmd, app_env)  # warm the file cache
    time_to_paint(bare_cmd, env)
    app_runs, bare_runs = [], []
    for _ in range(args.runs):  # interleaved, so drift hits both alike
        app_runs.append(time_to_paint(app_cmd, app_env))
        bare_runs.append(time_to_paint(bare_cmd, env))
    app_ms, bare_ms = median(app_runs), median(bare_runs)
    write_result("startup", {
        "metrics": {
            "startup_ms_median": round(app_ms, 1),
            "bare_qt_window_ms_median": round(bare_ms, 1),
            "startup_over_bare_qt_ratio": round(app_ms / bare_ms, 2),
        },
        "runs_ms": [round(v, 1) for v in app_runs],
        "bare_qt_runs_ms": [round(v, 1) for v in bare_runs],
        "target_ms": 1500,
        "what": "process start to first paint of the main window, offscreen, warm, demo database present",
        "machine": machine(),
    })


if __name__ == "__main__":
    main()
