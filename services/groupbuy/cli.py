"""``uv run main.py groupbuy FILE.json``: group shoppers toward a promotion and print the plan as JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from services.groupbuy.engine import plan_groups
from services.groupbuy.jsonio import GroupBuyInputError, parse_request, plan_json

EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"groupbuy: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_groupbuy(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="main.py groupbuy",
        description="Choose group buys that pool shoppers' baskets toward a promotion (format: docs/groupbuy.md).",
    )
    parser.add_argument("file", type=Path, help="JSON file with the promotion, group sizes and shoppers")
    parser.add_argument("--shares", action="store_true", help="also print each member's share of the saving")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        text = args.file.read_bytes().decode("utf-8-sig")  # a UTF-8 byte order mark is fine
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return _fail(f"{args.file} is not UTF-8 text: byte {exc.start}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _fail(f"{args.file} is not JSON: line {exc.lineno} column {exc.colno}: {exc.msg}")
    except RecursionError:
        return _fail(f"{args.file} is nested too deeply")
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return _fail(f"{args.file} is not usable JSON: {exc}")
    try:
        shoppers, promotion, limits, compatibility = parse_request(data)
    except GroupBuyInputError as exc:
        return _fail(str(exc))
    plan = plan_groups(shoppers, promotion, limits, compatibility)
    out = plan_json(plan, time.perf_counter() - started, shares=args.shares)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
