"""The standalone simulator (``uv run main.py lock-sim``) serves a port and takes commands."""

from __future__ import annotations

import io
import os
import re
import threading
import time

from devices.lockboard import DriverConfig, SerialLockBoard
from devices.lockboard.sim_cli import run_lock_sim


class _Out(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def write(self, s: str) -> int:
        with self.lock:
            return super().write(s)


def _wait_for(out: _Out, pattern: str, timeout: float = 5.0) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with out.lock:
            m = re.search(pattern, out.getvalue())
        if m:
            return m
        time.sleep(0.01)
    raise AssertionError(f"{pattern!r} not in output: {out.getvalue()!r}")


def test_run_lock_sim_prints_port_and_obeys_commands() -> None:
    r, w = os.pipe()
    stdin = os.fdopen(r, "r")
    cmds = os.fdopen(w, "w", buffering=1)
    out = _Out()
    stop = threading.Event()
    rc: list[int] = []
    t = threading.Thread(target=lambda: rc.append(run_lock_sim(
        ["--boards", "1,2", "--scale", "0.1"], stdin=stdin, out=out, stop=stop)))
    t.start()
    try:
        port = _wait_for(out, r"serving on (/dev/pts/\d+)").group(1)
        assert "boards 1,2" in out.getvalue()
        d = SerialLockBoard(port, DriverConfig(boards=(1, 2), echo=False, cooldown_s=0))
        assert d.start().all_ok
        cmds.write("open 2 5\n")  # a person forces door 5 of board 2
        _wait_for_state = time.monotonic() + 2
        while d.query(2, 5).closed and time.monotonic() < _wait_for_state:
            time.sleep(0.01)
        assert d.query_all(2).unexpected_open == {5}
        cmds.write("close 2 5\nstate 2\nbogus\n")
        _wait_for(out, r"board 2: open doors none")
        _wait_for(out, r"(?s)commands:.*commands:")  # help again for the bad command
        d.close()
        cmds.write("quit\n")
        t.join(timeout=5)
        assert not t.is_alive() and rc == [0]
    finally:
        stop.set()
        t.join(timeout=5)
        cmds.close()
        stdin.close()
