"""Issue 19 findings in `main.py price` and the pricing rules.

Deep nesting and an unclaimed percent-150 template were a traceback / silently
accepted; a UTF-8 BOM was refused; a percent ladder (10 % from ¥1,500, 15 % from
¥1,750, 20 % from ¥2,000) could not be one coupon.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.coupons.pricing.cli import run_price
from services.coupons.pricing.engine import rank_for_scan, settle
from services.coupons.pricing.types import Coupon, CouponKind, Line, Reason

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "basket.json"


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes) -> tuple[int, str, str]:
    path = tmp_path / "in.json"
    path.write_bytes(raw)
    code = run_price([str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_deeply_nested_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = b"[" * 1200 + b"]" * 1200  # 2.4 kB: a traceback (RecursionError) before
    code, out, err = _run(tmp_path, capsys, raw)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("price: error:") and "nested deeper than 64" in err


def test_a_utf8_bom_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(tmp_path, capsys, b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert code == 0, err
    assert json.loads(out)["total_fen"] == 10342


def test_nan_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(EXAMPLE.read_text())
    doc["lines"][0]["unit_price_fen"] = float("nan")
    code, _out, err = _run(tmp_path, capsys, json.dumps(doc).encode())
    assert code == 2 and "NaN is not a JSON value" in err


def _with_template(template: dict[str, Any], claimed: bool = False) -> bytes:
    doc = json.loads(EXAMPLE.read_text())
    doc["templates"].append(template)
    if claimed:
        doc["claimed"].append({"id": 999, "template": template["code"]})
    return json.dumps(doc).encode()


@pytest.mark.parametrize("claimed", [False, True])
def test_percent_150_template_is_refused_claimed_or_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], claimed: bool
) -> None:
    code, _out, err = _run(tmp_path, capsys, _with_template(
        {"code": "HUGE", "kind": "percent", "percent": 150}, claimed))
    assert code == 2 and err.count("\n") == 1
    assert "percent must be 1..100" in err and "templates[" in err


def test_percent_tier_over_100_and_unknown_unit_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(tmp_path, capsys, _with_template(
        {"code": "LADDER", "kind": "threshold", "tier_unit": "percent", "tiers": [[150000, 110]]}))
    assert code == 2 and "1..100 percent" in err
    code, _out, err = _run(tmp_path, capsys, _with_template(
        {"code": "LADDER", "kind": "threshold", "tier_unit": "yuan", "tiers": [[150000, 10]]}))
    assert code == 2 and "tier_unit: must be fen or percent" in err


LADDER = Coupon(id=1, kind=CouponKind.THRESHOLD, tier_unit="percent",
                tiers=((150000, 10), (175000, 15), (200000, 20)))


@pytest.mark.parametrize(("price", "off"), [
    (149999, 0), (150000, 15000), (174999, 17499), (175000, 26250), (199999, 29999), (200000, 40000),
    (250000, 50000),
])
def test_percent_ladder_takes_the_reached_tiers_percent(price: int, off: int) -> None:
    result = settle([Line("X", "x", price, 1)], [LADDER])
    assert result.discount_fen == off
    if off == 0:
        assert result.not_applied[0].explanation.code is Reason.BELOW_THRESHOLD
        assert result.not_applied[0].explanation.params["missing_fen"] == 150000 - price


def test_percent_ladder_cap_and_next_tier_hint() -> None:
    capped = Coupon(id=2, kind=CouponKind.THRESHOLD, tier_unit="percent", cap_fen=30000,
                    tiers=LADDER.tiers)
    assert settle([Line("X", "x", 250000, 1)], [capped]).discount_fen == 30000
    ranked = rank_for_scan([Line("X", "x", 160000, 1)], [LADDER])
    params = ranked[0].explanation.params
    assert ranked[0].discount_fen == 16000
    assert params["next_tier_missing_fen"] == 15000 and params["next_tier_off_fen"] == 26250


def test_percent_ladder_in_the_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {"lines": [{"code": "TV", "unit_price_fen": 180000, "quantity": 1}],
           "templates": [{"code": "LADDER", "kind": "threshold", "tier_unit": "percent",
                          "tiers": [[150000, 10], [175000, 15], [200000, 20]]}],
           "claimed": [{"id": 1, "template": "LADDER"}]}
    code, out, err = _run(tmp_path, capsys, json.dumps(doc).encode())
    assert code == 0, err
    assert json.loads(out)["discount_fen"] == 27000
