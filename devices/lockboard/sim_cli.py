"""``uv run main.py lock-sim``: run the board simulator standalone until Ctrl-C.

Prints the serial port to configure in the app. Reads simple commands on stdin so a
person at the demo can play the customer: ``close 1 3`` (push door 3 of board 1
shut), ``open 1 3`` (force it open), ``state 1``, ``jam 1 3``, ``unjam``,
``vanish`` / ``restore``, ``quit``. At end of stdin it keeps serving until Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from typing import TextIO

from devices.lockboard.faults import FaultKind
from devices.lockboard.sim import LockSimulator, SimTiming

HELP = "commands: close B L | open B L | closeall | state B | jam B L | unjam | echo on|off | " \
       "vanish | restore | quit"


def _parse_boards(text: str) -> tuple[int, ...]:
    try:
        boards = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"boards must look like 1,2,3: {text!r}") from exc
    if not boards or any(not 1 <= b <= 32 for b in boards):
        raise argparse.ArgumentTypeError("board addresses are 1..32")
    return boards


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="lock-sim", description="Simulated 8A/80 lock boards on a pty")
    ap.add_argument("--boards", type=_parse_boards, default=(1,), help="addresses, e.g. 1,2")
    ap.add_argument("--scale", type=float, default=1.0, help="board timing factor (1 = real)")
    ap.add_argument("--link", default=None, help="also expose the port as this symlink path")
    ap.add_argument("--echo", action="store_true", help="echo every request like some adapters")
    ap.add_argument("--seed", type=int, default=None)
    return ap


def _command(sim: LockSimulator, line: str, out: TextIO) -> bool:
    """Run one stdin command; False means quit."""
    words = line.split()
    if not words:
        return True
    cmd, args = words[0].lower(), words[1:]
    try:
        nums = [int(a) for a in args if a.isdigit()]
        if cmd in ("quit", "exit"):
            return False
        if cmd == "close":
            sim.person_closes(nums[0], nums[1])
        elif cmd == "open":
            sim.person_opens(nums[0], nums[1])
        elif cmd == "closeall":
            sim.close_all_doors()
        elif cmd == "state":
            model = sim.boards[nums[0]]
            opened = [n for n in model.locks if not sim.lock_state(nums[0], n).closed]
            print(f"board {nums[0]}: open doors {opened or 'none'}", file=out)
        elif cmd == "jam":
            sim.inject(FaultKind.JAMMED, board=nums[0], lock=nums[1])
        elif cmd == "unjam":
            sim.clear_faults(FaultKind.JAMMED)
        elif cmd == "echo":
            sim.clear_faults(FaultKind.ECHO)
            if args and args[0] == "on":
                sim.inject(FaultKind.ECHO)
        elif cmd == "vanish":
            sim.vanish()
        elif cmd == "restore":
            print(f"port back at {sim.restore()}", file=out)
        else:
            print(HELP, file=out)
    except (IndexError, KeyError) as exc:
        print(f"bad command {line.strip()!r} ({exc}); {HELP}", file=out)
    return True


def run_lock_sim(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None,
                 out: TextIO | None = None, stop: threading.Event | None = None) -> int:
    """Start the simulator, print its port, serve until Ctrl-C, ``quit`` or ``stop``."""
    args = build_parser().parse_args(argv)
    stdin = stdin if stdin is not None else sys.stdin
    out = out if out is not None else sys.stdout
    stop = stop or threading.Event()
    sim = LockSimulator(args.boards, timing=SimTiming(scale=args.scale), seed=args.seed,
                        symlink=args.link)
    if args.echo:
        sim.inject(FaultKind.ECHO)
    port = sim.start()
    boards = ",".join(str(b) for b in args.boards)
    via = f" (-> {sim.pty_path})" if port != sim.pty_path else ""
    print(f"lock simulator serving on {port}{via}; boards {boards}, "
          f"24 locks each, 9600 8N1; Ctrl-C to stop", file=out, flush=True)
    print(HELP, file=out, flush=True)

    def read_commands() -> None:
        for line in stdin:
            if not _command(sim, line, out):
                stop.set()  # "quit"; plain end of input keeps serving until Ctrl-C
                return
            out.flush()

    reader = threading.Thread(target=read_commands, name="lock-sim-stdin", daemon=True)
    reader.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        print("stopping", file=out)
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run_lock_sim())
