"""Open-to-confirmed latency of the lock-board driver through the pty simulator.

    uv run python bench/lock.py [--opens 200] [--out FILE]

The simulator runs at real board timing (pulse 300 ms + 50 ms to answer, queries
20/30 ms). Each iteration is a parcel-flow step: ``open()`` until the board
confirms the door open (timed), then a person shuts the door in the simulator,
``wait_closed()`` sees it, and the desk idles 50 ms before the next customer (so the
driver's 20 ms bus gap does not land inside the next timed open; at a real desk
opens are seconds apart). Locks rotate 1..24 on board 1, so the 2 s coil cooldown
never applies.

Baseline, measured in the same run: the simulator's own board time for each OPEN
frame (frame received -> reply written), taken from its records. ``overhead`` =
``open()`` wall time minus that board time = the driver + pyserial + pty cost.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from common import machine  # noqa: E402  (bench/ is on sys.path when run as a script)

from devices.lockboard import DriverConfig, LockSimulator, SerialLockBoard  # noqa: E402
from devices.lockboard import protocol as p  # noqa: E402

DEFAULT_OUT = REPO / "bench" / "results" / "lock.json"
GOAL_P95_MS = 400.0




def run(opens: int) -> dict[str, object]:
    with LockSimulator(boards=(1,)) as sim:
        driver = SerialLockBoard(sim.port, DriverConfig(boards=(1,)))
        driver.start()
        wall_ms: list[float] = []
        board_ms: list[float] = []
        by_reply = 0
        for i in range(opens):
            lock = i % p.LOCKS_PER_BOARD + 1
            sim.clear_records()
            t0 = time.perf_counter()
            result = driver.open(1, lock)
            wall_ms.append((time.perf_counter() - t0) * 1000.0)
            by_reply += result.confirmed_by == "reply"
            board_ms.append(1000.0 * sum(r.board_time_s or 0.0 for r in sim.records()))
            sim.person_closes(1, lock)
            driver.wait_closed(1, lock, timeout_s=2.0, poll_s=0.05)
            time.sleep(0.05)
        driver.close()
    wall = np.array(wall_ms)
    board = np.array(board_ms)
    over = wall - board
    metrics = {
        "open_ms_median": round(float(np.median(wall)), 2),
        "open_ms_p95": round(float(np.percentile(wall, 95)), 2),
        "overhead_ms_p95": round(float(np.percentile(over, 95)), 2),
    }
    return {
        "metrics": metrics,
        "baseline": {
            "board_ms_median": round(float(np.median(board)), 2),
            "board_ms_p95": round(float(np.percentile(board, 95)), 2),
            "open_to_board_ratio_p95": round(
                float(np.percentile(wall, 95) / np.percentile(board, 95)), 4),
            "overhead_ms_median": round(float(np.median(over)), 2),
            "overhead_ms_max": round(float(over.max()), 2),
        },
        "run": {
            "opens": opens,
            "confirmed_by_reply": by_reply,
            "goal_open_ms_p95": GOAL_P95_MS,
            "goal_met": metrics["open_ms_p95"] < GOAL_P95_MS,
            "sim_timing_ms": {"pulse": 300, "open_reply": 50, "query": 20, "query_all": 30},
        },
        "machine": machine(("pyserial",), transport="pseudo-terminal (os.openpty), simulator thread in the same process"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opens", type=int, default=200)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    result = run(args.opens)
    text = json.dumps(result, indent=2)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
