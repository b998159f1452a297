"""The JSON mapping of the ``groupbuy`` command (format: docs/groupbuy.md).

Every problem is a ``GroupBuyInputError`` whose message starts with the path of the field
(``shoppers[2].basket_fen``), so the command can print it as one line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.groupbuy.types import (
    MAX_FEN,
    MAX_GROUP_SIZE,
    BuyN,
    Compatibility,
    Limits,
    Plan,
    Promotion,
    Shopper,
    Tier,
    Wish,
)


class GroupBuyInputError(ValueError):
    """Bad group-buy input; the message names the field."""


_MISSING = object()
_MAX_DAYS = 3650


def _object(value: Any, path: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GroupBuyInputError(f"{path}: must be an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise GroupBuyInputError(f"{path}: unknown field {unknown[0]!r}")
    return value


def _get(obj: dict[str, Any], name: str, path: str, default: Any = _MISSING) -> Any:
    if name not in obj:
        if default is _MISSING:
            raise GroupBuyInputError(f"{path}: missing field {name!r}")
        return default
    return obj[name]


def _int(
    obj: dict[str, Any],
    name: str,
    path: str,
    default: Any = _MISSING,
    minimum: int = 0,
    maximum: int = MAX_FEN,
) -> int:
    value = _get(obj, name, path, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise GroupBuyInputError(f"{path}.{name}: must be an integer")
    if value < minimum:
        raise GroupBuyInputError(f"{path}.{name}: must be at least {minimum}, got {value}")
    if value > maximum:
        raise GroupBuyInputError(f"{path}.{name}: must be at most {maximum}, got {value}")
    return value


def _list(obj: dict[str, Any], name: str, path: str, default: Any = _MISSING) -> list[Any]:
    value = _get(obj, name, path, default)
    if not isinstance(value, list):
        raise GroupBuyInputError(f"{path}.{name}: must be a list")
    return value


def _promotion(value: Any) -> Promotion:
    obj = _object(value, "promotion", {"tiers", "buy_n"})
    tiers = []
    spends: set[int] = set()
    for i, raw in enumerate(_list(obj, "tiers", "promotion", [])):
        path = f"promotion.tiers[{i}]"
        tier_obj = _object(raw, path, {"spend_fen", "off_fen"})
        spend = _int(tier_obj, "spend_fen", path, minimum=1)
        off = _int(tier_obj, "off_fen", path)
        if off > spend:
            raise GroupBuyInputError(f"{path}.off_fen: must not exceed spend_fen ({off} > {spend})")
        if spend in spends:
            raise GroupBuyInputError(f"{path}.spend_fen: another tier has spend_fen {spend}")
        spends.add(spend)
        tiers.append(Tier(spend, off))
    buy_n = None
    if "buy_n" in obj:
        bn = _object(obj["buy_n"], "promotion.buy_n", {"items", "off_fen"})
        buy_n = BuyN(_int(bn, "items", "promotion.buy_n", minimum=1), _int(bn, "off_fen", "promotion.buy_n"))
    if not tiers and buy_n is None:
        raise GroupBuyInputError("promotion: needs at least one tier (or a buy_n deal)")
    return Promotion(tuple(tiers), buy_n)


def _limits(value: Any) -> Limits:
    obj = _object(value, "group", {"min_size", "max_size"})
    low = _int(obj, "min_size", "group", minimum=2, maximum=MAX_GROUP_SIZE)
    high = _int(obj, "max_size", "group", minimum=2, maximum=MAX_GROUP_SIZE)
    if low > high:
        raise GroupBuyInputError(f"group: min_size {low} is larger than max_size {high}")
    return Limits(low, high)


def _compatibility(value: Any) -> Compatibility:
    obj = _object(value, "compatibility", {"shared_wish_bonus_fen", "deadline_window_days"})
    return Compatibility(
        _int(obj, "shared_wish_bonus_fen", "compatibility"),
        _int(obj, "deadline_window_days", "compatibility", maximum=_MAX_DAYS),
    )


def _wish(value: Any, path: str) -> Wish:
    obj = _object(value, path, {"product", "by"})
    product = _get(obj, "product", path)
    if not isinstance(product, str) or not product.strip():
        raise GroupBuyInputError(f"{path}.product: must be a non-empty string")
    by = _get(obj, "by", path)
    try:
        day = date.fromisoformat(by) if isinstance(by, str) and len(by) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise GroupBuyInputError(f"{path}.by: must be a date like 2026-12-20, got {by!r}")
    return Wish(product, day)


def _shopper(value: Any, path: str) -> Shopper:
    obj = _object(value, path, {"id", "basket_fen", "items", "wishes"})
    shopper_id = _get(obj, "id", path)
    if not isinstance(shopper_id, str) or not shopper_id.strip():
        raise GroupBuyInputError(f"{path}.id: must be a non-empty string")
    wishes = tuple(_wish(w, f"{path}.wishes[{j}]") for j, w in enumerate(_list(obj, "wishes", path, [])))
    return Shopper(
        id=shopper_id,
        basket_fen=_int(obj, "basket_fen", path),
        items=_int(obj, "items", path, 0, maximum=1_000_000),
        wishes=wishes,
    )


def parse_request(data: Any) -> tuple[list[Shopper], Promotion, Limits, Compatibility]:
    """Turn the decoded JSON document into engine input, or raise ``GroupBuyInputError``."""
    top = _object(data, "input", {"promotion", "group", "compatibility", "shoppers"})
    promotion = _promotion(_get(top, "promotion", "input"))
    limits = _limits(_get(top, "group", "input"))
    compatibility = _compatibility(top["compatibility"]) if "compatibility" in top else Compatibility()
    shoppers: list[Shopper] = []
    seen: set[str] = set()
    for i, raw in enumerate(_list(top, "shoppers", "input")):
        shopper = _shopper(raw, f"shoppers[{i}]")
        if shopper.id in seen:
            raise GroupBuyInputError(f"shoppers[{i}].id: duplicate id {shopper.id!r}")
        seen.add(shopper.id)
        shoppers.append(shopper)
    return shoppers, promotion, limits, compatibility


def plan_json(plan: Plan, seconds: float, shares: bool = False) -> dict[str, Any]:
    groups = []
    for g in plan.groups:
        out: dict[str, Any] = {
            "members": list(g.members),
            "basket_fen": g.basket_fen,
            "saving_fen": g.saving_fen,
            "gain_fen": g.gain_fen,
            "bonus_fen": g.bonus_fen,
        }
        if shares:
            out["shares_fen"] = list(g.shares_fen)
        groups.append(out)
    return {
        "groups": groups,
        "value_fen": plan.value_fen,
        "total_saving_fen": plan.total_saving_fen,
        "upper_bound_fen": plan.upper_bound_fen,
        "exact": plan.exact,
        "seconds": round(seconds, 6),
    }
