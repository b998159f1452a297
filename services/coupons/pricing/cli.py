"""``uv run main.py price FILE.json``: settle a basket from a JSON file and print the result as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from services.coupons.pricing.engine import rank_for_scan, settle
from services.coupons.pricing.jsonio import (
    PricingInputError,
    parse_request,
    ranking_json,
    read_request_file,
    settlement_json,
)

EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"price: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_price(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="main.py price",
        description="Settle a basket with the best combination of claimed coupons (format: docs/pricing.md).",
    )
    parser.add_argument("file", type=Path, help="JSON file with lines, templates and claimed coupons")
    parser.add_argument(
        "--rank", metavar="CODE", nargs="?", const="", default=None,
        help="instead of settling, rank each claimed coupon alone on the basket (CODE: the just-scanned product)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc}")
    try:
        data = read_request_file(raw)
    except PricingInputError as exc:
        return _fail(f"{args.file} is {exc}")
    try:
        request = parse_request(data)
    except PricingInputError as exc:
        return _fail(str(exc))
    if args.rank is not None:
        ranked = rank_for_scan(
            request.lines,
            request.coupons,
            now=request.now,
            store_id=request.store_id,
            scanned_code=args.rank or None,
        )
        print(json.dumps(ranking_json(request, ranked), ensure_ascii=False, indent=2))
        return 0
    result = settle(request.lines, request.coupons, now=request.now, store_id=request.store_id)
    print(json.dumps(settlement_json(request, result), ensure_ascii=False, indent=2))
    return 0
