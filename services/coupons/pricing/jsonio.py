"""The JSON mapping of the pricing engine (the ``price`` command's input and output).

The format is documented in docs/pricing.md. Every problem is a ``PricingInputError``
whose message starts with the path of the offending field (``lines[1].unit_price_fen``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.core.money import format_fen
from services.core.safe_json import JsonTooDeep, loads_bounded
from services.coupons.pricing.types import Coupon, CouponKind, Line, RankedCoupon, Scope, Settlement


class PricingInputError(ValueError):
    """Bad pricing input; the message names the field."""


@dataclass(frozen=True)
class PricingRequest:
    lines: tuple[Line, ...]
    coupons: tuple[Coupon, ...]
    now: datetime | None
    store_id: int | None


_LINE_FIELDS = {"code", "name", "unit_price_fen", "quantity", "category"}
_TEMPLATE_FIELDS = {
    "code", "kind", "scope", "targets", "store_id", "value_fen", "percent", "cap_fen", "tiers",
    "buy_n", "get_m", "min_spend_fen", "exclusivity_group", "exclusive", "valid_from", "valid_until",
    "tier_unit",
}  # fmt: skip
_CLAIM_FIELDS = {"id", "template", "expires_at"}
_TOP_FIELDS = {"now", "store_id", "lines", "templates", "claimed"}
_MISSING = object()


def _object(value: Any, path: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PricingInputError(f"{path}: must be an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise PricingInputError(f"{path}: unknown field {unknown[0]!r}")
    return value


def _get(obj: dict[str, Any], name: str, path: str, default: Any = _MISSING) -> Any:
    if name not in obj:
        if default is _MISSING:
            raise PricingInputError(f"{path}: missing field {name!r}")
        return default
    return obj[name]


def _int(obj: dict[str, Any], name: str, path: str, default: Any = _MISSING, minimum: int = 0) -> int:
    value = _get(obj, name, path, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PricingInputError(f"{path}.{name}: must be an integer (fen)")
    if value < minimum:
        raise PricingInputError(f"{path}.{name}: must be at least {minimum}, got {value}")
    return value


def _str(obj: dict[str, Any], name: str, path: str, default: Any = _MISSING) -> str:
    value = _get(obj, name, path, default)
    if not isinstance(value, str):
        raise PricingInputError(f"{path}.{name}: must be a string")
    return value


def _time(obj: dict[str, Any], name: str, path: str) -> datetime | None:
    value = _get(obj, name, path, None)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise PricingInputError(
            f"{path}.{name}: must be an ISO 8601 time with a zone, e.g. 2026-06-01T10:00:00Z"
        )
    return moment


def _line(value: Any, path: str) -> Line:
    obj = _object(value, path, _LINE_FIELDS)
    code = _str(obj, "code", path)
    price = _int(obj, "unit_price_fen", path)
    quantity = _int(obj, "quantity", path, minimum=1)
    return Line(code, _str(obj, "name", path, code), price, quantity, _str(obj, "category", path, ""))


def _tiers(value: Any, path: str) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, list):
        raise PricingInputError(f"{path}: must be a list of [spend_fen, off_fen]")
    tiers: list[tuple[int, int]] = []
    for i, tier in enumerate(value):
        if (
            not isinstance(tier, list)
            or len(tier) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in tier)
        ):
            raise PricingInputError(f"{path}[{i}]: must be [spend_fen, off_fen], two integers >= 0")
        tiers.append((tier[0], tier[1]))
    return tuple(tiers)


def _template(value: Any, path: str) -> dict[str, Any]:
    """Checked template fields, ready to become ``Coupon`` keyword arguments (without id)."""
    obj = _object(value, path, _TEMPLATE_FIELDS)
    kind_text = _str(obj, "kind", path)
    try:
        kind = CouponKind(kind_text)
    except ValueError:
        known = ", ".join(k.value for k in CouponKind)
        raise PricingInputError(f"{path}.kind: unknown kind {kind_text!r} (known: {known})") from None
    scope_text = _str(obj, "scope", path, "order")
    try:
        scope = Scope(scope_text)
    except ValueError:
        known = ", ".join(s.value for s in Scope)
        raise PricingInputError(f"{path}.scope: unknown scope {scope_text!r} (known: {known})") from None
    targets = _get(obj, "targets", path, [])
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise PricingInputError(f"{path}.targets: must be a list of codes")
    store_id = _get(obj, "store_id", path, None)
    if store_id is not None:
        store_id = _int(obj, "store_id", path)
    exclusive = _get(obj, "exclusive", path, False)
    if not isinstance(exclusive, bool):
        raise PricingInputError(f"{path}.exclusive: must be true or false")
    tier_unit = _str(obj, "tier_unit", path, "fen")
    if tier_unit not in ("fen", "percent"):
        raise PricingInputError(f"{path}.tier_unit: must be fen or percent, got {tier_unit!r}")
    return {
        "tier_unit": tier_unit,
        "kind": kind,
        "scope": scope,
        "targets": frozenset(targets),
        "store_id": store_id,
        "value_fen": _int(obj, "value_fen", path, 0),
        "percent": _int(obj, "percent", path, 0),
        "cap_fen": _int(obj, "cap_fen", path, 0),
        "tiers": _tiers(_get(obj, "tiers", path, []), f"{path}.tiers"),
        "buy_n": _int(obj, "buy_n", path, 0),
        "get_m": _int(obj, "get_m", path, 0),
        "min_spend_fen": _int(obj, "min_spend_fen", path, 0),
        "exclusivity_group": _str(obj, "exclusivity_group", path, ""),
        "exclusive": exclusive,
        "valid_from": _time(obj, "valid_from", path),
        "valid_until": _time(obj, "valid_until", path),
        "template_code": _str(obj, "code", path),
    }


def _list(obj: dict[str, Any], name: str) -> list[Any]:
    value = _get(obj, name, "input")
    if not isinstance(value, list):
        raise PricingInputError(f"{name}: must be a list")
    return value


def read_request_file(raw: bytes) -> Any:
    """A pricing file's bytes → the decoded JSON document (UTF-8, a byte order mark allowed,
    nesting bounded); PricingInputError with a one-line reason otherwise."""
    try:
        return loads_bounded(raw)
    except JsonTooDeep as exc:
        raise PricingInputError(f"not usable JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PricingInputError(f"not JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:  # UnicodeDecodeError, NaN / Infinity
        raise PricingInputError(f"not JSON: {exc}") from None


def parse_request(data: Any) -> PricingRequest:
    """Turn the decoded JSON document into engine input, or raise ``PricingInputError``."""
    top = _object(data, "input", _TOP_FIELDS)
    lines = tuple(_line(value, f"lines[{i}]") for i, value in enumerate(_list(top, "lines")))
    templates: dict[str, dict[str, Any]] = {}
    for i, value in enumerate(_list(top, "templates")):
        fields = _template(value, f"templates[{i}]")
        if fields["template_code"] in templates:
            raise PricingInputError(f"templates[{i}].code: duplicate code {fields['template_code']!r}")
        try:  # the rule is checked even if nobody claimed the template (percent 150 is an error)
            Coupon(id=0, **fields)
        except ValueError as exc:
            raise PricingInputError(f"templates[{i}]: {str(exc).removeprefix('coupon 0: ')}") from None
        templates[fields["template_code"]] = fields
    coupons: list[Coupon] = []
    seen: set[int] = set()
    for i, value in enumerate(_list(top, "claimed")):
        path = f"claimed[{i}]"
        obj = _object(value, path, _CLAIM_FIELDS)
        coupon_id = _int(obj, "id", path)
        if coupon_id in seen:
            raise PricingInputError(f"{path}.id: duplicate id {coupon_id}")
        seen.add(coupon_id)
        code = _str(obj, "template", path)
        if code not in templates:
            raise PricingInputError(f"{path}.template: no template with code {code!r}")
        fields = dict(templates[code])
        expires = _time(obj, "expires_at", path)
        if expires is not None and (fields["valid_until"] is None or expires < fields["valid_until"]):
            fields["valid_until"] = expires
        try:
            coupons.append(Coupon(id=coupon_id, **fields))
        except ValueError as exc:
            raise PricingInputError(f"templates[{code!r}]: {exc}") from None
    now = _time(top, "now", "input")
    store_id = _get(top, "store_id", "input", None)
    if store_id is not None:
        store_id = _int(top, "store_id", "input")
    return PricingRequest(lines, tuple(coupons), now, store_id)


def settlement_json(request: PricingRequest, settlement: Settlement) -> dict[str, Any]:
    codes = {c.id: c.template_code for c in request.coupons}
    discounts = [
        line.subtotal_fen - total for line, total in zip(request.lines, settlement.line_totals, strict=True)
    ]
    return {
        "subtotal_fen": settlement.subtotal_fen,
        "discount_fen": settlement.discount_fen,
        "total_fen": settlement.total_fen,
        "total": format_fen(settlement.total_fen),
        "exact": settlement.exact,
        "lines": [
            {
                "index": i,
                "code": line.code,
                "subtotal_fen": line.subtotal_fen,
                "discount_fen": discounts[i],
                "total_fen": settlement.line_totals[i],
            }
            for i, line in enumerate(request.lines)
        ],
        "chosen": [
            {
                "coupon_id": a.coupon_id,
                "template": codes[a.coupon_id],
                "discount_fen": a.discount_fen,
                "shares": [{"line": i, "fen": fen} for i, fen in a.shares.items()],
            }
            for a in settlement.chosen
        ],
        "not_applied": [
            {
                "coupon_id": n.coupon_id,
                "template": codes[n.coupon_id],
                "code": n.explanation.code.value,
                "params": dict(n.explanation.params),
            }
            for n in settlement.not_applied
        ],
    }


def ranking_json(request: PricingRequest, ranked: Sequence[RankedCoupon]) -> list[dict[str, Any]]:
    codes = {c.id: c.template_code for c in request.coupons}
    return [
        {
            "coupon_id": r.coupon_id,
            "template": codes[r.coupon_id],
            "discount_fen": r.discount_fen,
            "code": r.explanation.code.value,
            "params": dict(r.explanation.params),
        }
        for r in ranked
    ]
