"""Property-based tests (hypothesis): pricing engine, lock-board protocol parser, GTIN parsers,
and the shared JSON reader.

Each property states what must hold for *any* input, not for a few chosen ones:
the exact search finds what brute force finds, shares add up and nothing goes
negative; any byte stream gives valid frames or nothing, never a hang or an
exception; any text is a valid code or not, never an exception.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.gtin import check_digit, is_valid_gtin, is_valid_upce, upce_to_upca, with_check_digit
from devices.lockboard.protocol import (
    ReplyShape,
    RequestReader,
    open_all_frame,
    open_frame,
    open_hold_frame,
    parse_reply,
    parse_request,
    query_all_frame,
    query_frame,
)
from services.core.safe_json import JsonTooDeep, json_depth, loads_bounded, text_problem
from services.coupons.pricing import Coupon, CouponKind, Line, Scope, settle
from services.coupons.pricing.search import best_combination, candidates_for, compatible, price

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---- pricing ------------------------------------------------------------------------------

CATEGORIES = ("a", "b", "c")


@st.composite
def lines(draw: st.DrawFn) -> list[Line]:
    count = draw(st.integers(1, 5))
    return [
        Line(f"P{i}", f"item {i}", draw(st.integers(0, 30000)), draw(st.integers(1, 4)),
             draw(st.sampled_from(CATEGORIES)))
        for i in range(count)
    ]


@st.composite
def coupon(draw: st.DrawFn, cid: int) -> Coupon:
    kind = draw(st.sampled_from(list(CouponKind)))
    scope = draw(st.sampled_from([Scope.ORDER, Scope.PRODUCT, Scope.CATEGORY]))
    targets: frozenset[str] = frozenset()
    if scope is Scope.PRODUCT:
        targets = frozenset(draw(st.sets(st.sampled_from([f"P{i}" for i in range(5)]), min_size=1)))
    elif scope is Scope.CATEGORY:
        targets = frozenset(draw(st.sets(st.sampled_from(CATEGORIES), min_size=1)))
    common: dict[str, Any] = {
        "scope": scope, "targets": targets,
        "min_spend_fen": draw(st.sampled_from([0, 0, 1000, 5000])),
        "exclusivity_group": draw(st.sampled_from(["", "", "g1", "g2"])),
        "exclusive": draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()),
    }
    if kind is CouponKind.FIXED:
        return Coupon(cid, kind, value_fen=draw(st.integers(1, 20000)), **common)
    if kind is CouponKind.PERCENT:
        return Coupon(cid, kind, percent=draw(st.integers(1, 100)), cap_fen=draw(st.sampled_from([0, 500, 3000])),
                      **common)
    if kind is CouponKind.THRESHOLD:
        unit = draw(st.sampled_from(["fen", "percent"]))
        offs = st.integers(1, 100) if unit == "percent" else st.integers(1, 20000)
        tiers = tuple(draw(st.lists(st.tuples(st.integers(0, 60000), offs), min_size=1, max_size=3)))
        return Coupon(cid, kind, tiers=tiers, tier_unit=unit, cap_fen=draw(st.sampled_from([0, 2000])), **common)
    if kind is CouponKind.BUY_N_GET_M:
        return Coupon(cid, kind, buy_n=draw(st.integers(1, 3)), get_m=draw(st.integers(1, 2)), **common)
    return Coupon(cid, kind, percent=draw(st.integers(1, 100)), buy_n=draw(st.integers(0, 3)), **common)


@st.composite
def coupons(draw: st.DrawFn, most: int = 6) -> list[Coupon]:
    return [draw(coupon(cid)) for cid in range(1, draw(st.integers(0, most)) + 1)]


def _brute_force_best(basket: list[Line], offered: list[Coupon]) -> int:
    best = 0
    for r in range(1, len(offered) + 1):
        for combo in itertools.combinations(offered, r):
            if any(compatible(c, combo[:i]) for i, c in enumerate(combo)):
                continue
            found, _ = candidates_for(basket, combo, None)
            if len(found) != len(combo):
                continue
            priced = price(basket, found)
            if priced.failed is None:
                best = max(best, priced.discount_fen)
    return best


@FUZZ
@given(lines(), coupons())
def test_exact_search_equals_brute_force(basket: list[Line], offered: list[Coupon]) -> None:
    chosen, exact = best_combination(basket, offered, max_steps=10**6)
    assert exact
    assert price(basket, chosen).discount_fen == _brute_force_best(basket, offered)


@FUZZ
@given(lines(), coupons(most=8), st.booleans())
def test_settlement_shares_add_up_and_nothing_goes_negative(
    basket: list[Line], offered: list[Coupon], greedy: bool
) -> None:
    s = settle(basket, offered, max_exact=0 if greedy else 16)
    assert s.subtotal_fen == sum(line.subtotal_fen for line in basket)
    assert 0 <= s.discount_fen <= s.subtotal_fen
    assert s.total_fen == s.subtotal_fen - s.discount_fen == sum(s.line_totals)
    assert all(total >= 0 for total in s.line_totals)
    per_line = [0] * len(basket)
    for applied in s.chosen:
        assert applied.discount_fen > 0
        assert sum(applied.shares.values()) == applied.discount_fen
        assert all(fen > 0 for fen in applied.shares.values())
        for index, fen in applied.shares.items():
            per_line[index] += fen
    assert [line.subtotal_fen - d for line, d in zip(basket, per_line, strict=True)] == list(s.line_totals)
    assert {a.coupon_id for a in s.chosen} | {n.coupon_id for n in s.not_applied} == {c.id for c in offered}


# ---- lock-board protocol ------------------------------------------------------------------

boards = st.integers(1, 0x20)
locks = st.integers(1, 24)
valid_requests = st.one_of(
    st.builds(open_frame, boards, locks),
    st.builds(open_hold_frame, boards, locks, st.integers(1, 9)),
    st.builds(open_all_frame, boards),
    st.builds(query_frame, boards, locks),
    st.builds(query_all_frame, boards),
)


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


@FUZZ
@given(st.binary(max_size=400), st.lists(st.integers(0, 400), max_size=10))
def test_any_byte_stream_gives_valid_frames_or_nothing(data: bytes, cuts: list[int]) -> None:
    reader = RequestReader()
    found = []
    for chunk in _chunks(data, cuts):
        found.extend(reader.feed(chunk))
    # Every byte is accounted for: in a frame, dropped, or waiting for the rest of a frame.
    assert sum(len(r.raw) for r in found) + reader.dropped + reader.pending == len(data)
    assert reader.pending < 6
    for request in found:
        assert parse_request(request.raw) == request
    reader.reset()
    assert reader.pending == 0


@FUZZ
@given(st.lists(valid_requests, max_size=20), st.lists(st.integers(0, 200), max_size=8))
def test_valid_frames_back_to_back_are_all_found_in_any_chunking(frames: list[bytes], cuts: list[int]) -> None:
    reader = RequestReader()
    found = []
    for chunk in _chunks(b"".join(frames), cuts):
        found.extend(reader.feed(chunk))
    assert [r.raw for r in found] == frames
    assert reader.dropped == 0 and reader.pending == 0


@FUZZ
@given(st.binary(max_size=12), st.sampled_from(list(ReplyShape)))
def test_any_reply_bytes_parse_or_are_refused(frame: bytes, shape: ReplyShape) -> None:
    reply = parse_reply(frame, shape)
    if reply is not None:
        assert reply.raw == frame and len(frame) == shape.length and reply.shape is shape


# ---- GTIN ----------------------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=20))
def test_any_text_is_a_gtin_or_not_without_raising(text: str) -> None:
    valid = is_valid_gtin(text)
    if valid:
        assert text.isascii() and text.isdigit() and len(text) in (8, 12, 13, 14)
    upca = upce_to_upca(text)
    assert upca is None or len(upca) == 12
    assert isinstance(is_valid_upce(text), bool)


@FUZZ
@given(st.sampled_from([7, 11, 12, 13]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)),
       st.integers(0, 13), st.integers(1, 9))
def test_check_digit_makes_valid_codes_and_catches_every_single_digit_error(
    body: str, position: int, delta: int
) -> None:
    code = with_check_digit(body)
    assert is_valid_gtin(code) and check_digit(body) == int(code[-1])
    position %= len(code)
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not is_valid_gtin(wrong)


# ---- the shared JSON reader ----------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@FUZZ
@given(json_values, st.booleans())
def test_json_depth_is_the_nesting_of_any_document(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert json_depth(text) == _depth(value)
    assert loads_bounded(text.encode("utf-8")) == value
    if _depth(value) > 2:
        try:
            loads_bounded(text, max_depth=2)
        except JsonTooDeep:
            pass
        else:
            raise AssertionError("deeper than allowed but read")


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_read_or_refused_with_a_value_error(raw: bytes) -> None:
    with contextlib.suppress(ValueError):  # JSONDecodeError, UnicodeDecodeError, JsonTooDeep, NaN
        loads_bounded(raw)


@FUZZ
@given(json_values)
def test_text_problem_finds_a_surrogate_wherever_it_is(value: Any) -> None:
    assert text_problem(value) is None or "surrogate" not in str(text_problem(value))
    poisoned = {"outer": [value, {"k": "a\ud800"}]}
    problem = text_problem(poisoned)
    assert problem is not None and "surrogate" in problem
