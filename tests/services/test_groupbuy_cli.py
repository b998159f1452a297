"""``main.py groupbuy`` as a user runs it: the documented format, and one line with exit 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "groupbuy.json"


def run(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "groupbuy", str(path), *extra],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip


def test_example_prints_the_documented_format() -> None:
    done = run(EXAMPLE)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert list(out) == ["groups", "value_fen", "total_saving_fen", "upper_bound_fen", "exact", "seconds"]
    for group in out["groups"]:
        assert list(group) == ["members", "basket_fen", "saving_fen", "gain_fen", "bonus_fen"]
    assert out["exact"] is True and out["value_fen"] == out["upper_bound_fen"] == 15600
    assert out["total_saving_fen"] == 30000  # m7 and m9 save 5000 + 10000 alone; the gains add 15000
    assert [g["members"] for g in out["groups"]] == [["m1", "m2", "m3", "m4"], ["m5", "m6", "m7", "m8"]]
    assert out["value_fen"] == sum(g["gain_fen"] + g["bonus_fen"] for g in out["groups"])
    assert isinstance(out["seconds"], float) and 0 <= out["seconds"] < 60


def test_shares_on_request(tmp_path: Path) -> None:
    done = run(EXAMPLE, "--shares")
    assert done.returncode == 0
    for group in json.loads(done.stdout)["groups"]:
        assert sum(group["shares_fen"]) == group["saving_fen"]


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    done = run(path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["value_fen"] == 15600


def _doc() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _del(key: str) -> Any:
    return lambda d: d.pop(key)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_del("promotion"), "input: missing field 'promotion'"),
        (_del("shoppers"), "input: missing field 'shoppers'"),
        (lambda d: d["shoppers"][2].pop("basket_fen"), "shoppers[2]: missing field 'basket_fen'"),
        (lambda d: d["shoppers"][0].update(basket_fen=-100), "shoppers[0].basket_fen: must be at least 0"),
        (
            lambda d: d["promotion"]["tiers"][1].update(off_fen=-1),
            "promotion.tiers[1].off_fen: must be at least 0",
        ),
        (lambda d: d["group"].update(min_size=5, max_size=3), "group: min_size 5 is larger than max_size 3"),
        (lambda d: d["group"].update(max_size=40), "group.max_size: must be at most 6"),
        (
            lambda d: d["shoppers"][0]["wishes"][0].update(by="2026-13-40"),
            "shoppers[0].wishes[0].by: must be a date",
        ),
        (lambda d: d["shoppers"][1].update(id="m1"), "shoppers[1].id: duplicate id 'm1'"),
        (lambda d: d["shoppers"][0].update(basket=1), "shoppers[0]: unknown field 'basket'"),
        (lambda d: d["shoppers"][0].update(basket_fen=180.5), "shoppers[0].basket_fen: must be an integer"),
        (lambda d: d["promotion"].update(tiers=[]), "promotion: needs at least one tier"),
        (
            lambda d: d["compatibility"].update(deadline_window_days="7"),
            "deadline_window_days: must be an integer",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, mutate: Any, expected: str) -> None:
    doc = _doc()
    mutate(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    done = run(path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("groupbuy: error: ")
    assert expected in done.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{nope", "is not JSON: line 1 column 2"),
        (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
        (b'{"promotion": 1e999999}', "promotion: must be an object"),
        (b"[]", "input: must be an object"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b'{"shoppers": [' + b"9" * 5000 + b"]}", "is not usable JSON"),
    ],
)
def test_unreadable_files_exit_2(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    done = run(path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and expected in done.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    done = run(tmp_path / "absent.json")
    assert done.returncode == 2 and "cannot read" in done.stderr and done.stderr.count("\n") == 1
