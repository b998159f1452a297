"""The price command: the documented example, and one clear line with exit 2 for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.coupons.pricing.cli import run_price

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "basket.json"


def test_example_settles(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_price([str(EXAMPLE)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["subtotal_fen"] == 12370 and out["discount_fen"] == 2028 and out["total_fen"] == 10342
    assert [c["template"] for c in out["chosen"]] == ["COLA-B2G1", "DAIRY10", "MJ100"]
    for chosen in out["chosen"]:
        assert sum(s["fen"] for s in chosen["shares"]) == chosen["discount_fen"]
    assert sum(line["total_fen"] for line in out["lines"]) == out["total_fen"]
    codes = {n["template"]: n["code"] for n in out["not_applied"]}
    assert codes == {
        "MJ50": "exclusive_with",
        "STORE5": "below_threshold",
        "VIP20": "exclusive_with",
        "SPRING3": "expired",
    }


def test_rank(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_price([str(EXAMPLE), "--rank", "6903456789012"]) == 0
    ranked = json.loads(capsys.readouterr().out)
    assert ranked[0]["template"] == "VIP20" and ranked[0]["code"] == "best_for_basket"


def _bad(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any) -> str:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    assert run_price([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("price: error: ")
    return err


def _doc() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_missing_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc()
    del doc["lines"][1]["unit_price_fen"]
    assert "lines[1]: missing field 'unit_price_fen'" in _bad(tmp_path, capsys, doc)


def test_negative_price(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc()
    doc["lines"][0]["unit_price_fen"] = -5
    assert "lines[0].unit_price_fen: must be at least 0" in _bad(tmp_path, capsys, doc)


def test_unknown_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc()
    doc["templates"][2]["kind"] = "bogof"
    assert "templates[2].kind: unknown kind 'bogof'" in _bad(tmp_path, capsys, doc)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["claimed"].append({"id": 1, "template": "MJ100"}), "claimed[7].id: duplicate id 1"),
        (lambda d: d["claimed"].append({"id": 99, "template": "NOPE"}), "no template with code 'NOPE'"),
        (lambda d: d["templates"][5].update(percent=150), "percent must be 1..100"),
        (lambda d: d["lines"][0].update(price=1), "lines[0]: unknown field 'price'"),
        (lambda d: d.update(now="yesterday"), "input.now: must be an ISO 8601 time"),
        (lambda d: d["lines"][0].update(quantity=1.5), "lines[0].quantity: must be an integer"),
    ],
)
def test_other_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate: Any, expected: str
) -> None:
    doc = _doc()
    mutate(doc)
    assert expected in _bad(tmp_path, capsys, doc)


def test_not_json_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "is not JSON: line 1" in _bad(tmp_path, capsys, "{nope")
    assert run_price([str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
