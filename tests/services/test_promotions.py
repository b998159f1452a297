"""Promoted products beside a scan: near-miss thresholds to the fen, related and featured items."""

from __future__ import annotations

from sqlalchemy import select, update

from models import CouponTemplate, Member, Product
from services.catalog.records import ProductInfo
from services.desk import Desk


def _product(desk: Desk, name: str) -> ProductInfo:
    found = [p for p in desk.catalog.search(name.split()[0], 100) if p.name == name]
    assert found, name
    return found[0]


def _category(desk: Desk, name_zh: str) -> list[ProductInfo]:
    return [p for p in desk.catalog.search("", 1000) if p.category == name_zh]


def test_dairy_basket_short_of_its_threshold_gets_the_cheapest_dairy_item_that_closes_the_gap(desk: Desk) -> None:
    milk = _product(desk, "纯牛奶 250ml")
    items = [(milk.code, 5)]
    subtotal = 5 * milk.price_fen
    assert subtotal < 3000  # DAIRY5: ¥5 off ¥30 of dairy
    found = desk.promotions.suggestions(items, milk.code, "S001")

    first = found[0]
    assert first.kind == "threshold"
    assert first.params["missing_fen"] == 3000 - subtotal
    assert first.params["threshold_fen"] == 3000
    assert first.params["coupon_title"] == "乳制品满30减5"
    assert first.params["scope_name"] == "乳制品"
    # Worked out independently: dairy, not in the basket, one unit reaches the gap, cheapest, then by code.
    closing = [p for p in _category(desk, "乳制品") if p.code != milk.code and p.price_fen >= 3000 - subtotal]
    expected = min(closing, key=lambda p: (p.price_fen, p.code))
    assert first.product.code == expected.code and first.params["units"] == 1
    assert milk.code not in {s.product.code for s in found}


def test_next_tier_of_a_store_threshold_is_suggested_with_a_promoted_item(desk: Desk) -> None:
    milk = _product(desk, "纯牛奶 1L 家庭装")
    quantity = 16000 // milk.price_fen + 1  # past ¥100 (¥10 off), short of ¥200 (¥25 off) by under ¥50
    subtotal = quantity * milk.price_fen
    assert subtotal >= 10000 and 0 < 20000 - subtotal <= 5000
    found = desk.promotions.suggestions([(milk.code, quantity)], milk.code, "S001")
    tier = [s for s in found if s.kind == "threshold" and s.params["threshold_fen"] == 20000]
    assert len(tier) == 1
    missing = 20000 - subtotal
    assert tier[0].params["missing_fen"] == missing
    assert tier[0].params["coupon_title"] == "全场满100减10，满200减25"
    # A basket-wide coupon is closed with one of the store's promoted products: fewest units, then cheapest.
    promoted = {s.product.code: s.product for s in desk.promotions.featured("S001")}
    promoted |= {s.product.code: s.product for s in found if s.kind == "related"}
    best = min(promoted.values(), key=lambda p: (-(-missing // p.price_fen), p.price_fen, p.code))
    assert tier[0].product.code == best.code
    assert tier[0].params["units"] == -(-missing // best.price_fen)


def test_nothing_near_gives_no_threshold_suggestion(desk: Desk) -> None:
    water = _product(desk, "矿泉水 500ml")
    found = desk.promotions.suggestions([(water.code, 1)], water.code, "S001")
    assert found and all(s.kind != "threshold" for s in found)  # ¥100 is far away from ¥2
    assert [s.kind for s in found] == ["featured"] * len(found)  # nothing configured goes with water


def test_related_items_rank_product_trigger_first_and_skip_basket_and_inactive(desk: Desk) -> None:
    cola = _product(desk, "可乐 500ml")
    chips = _product(desk, "薯片 原味 小包")
    found = desk.promotions.suggestions([(cola.code, 1)], cola.code, "S001")
    assert found[0].kind == "related" and found[0].product.code == chips.code
    assert found[0].pitch == "配薯片更过瘾"
    assert found == desk.promotions.suggestions([(cola.code, 1)], cola.code, "S001")  # deterministic
    assert len(found) <= 4 and len({s.product.code for s in found}) == len(found)

    with_chips = desk.promotions.suggestions([(cola.code, 1), (chips.code, 1)], cola.code, "S001")
    assert chips.code not in {s.product.code for s in with_chips}

    with desk.db.sessions.begin() as s:  # taken off the shelf: never promoted
        s.execute(update(Product).where(Product.code == chips.code).values(active=False))
    assert chips.code not in {s.product.code for s in desk.promotions.suggestions([(cola.code, 1)], cola.code, "S001")}


def test_a_claimed_coupon_in_the_wallet_is_a_near_miss_even_when_the_scan_does_not_surface_it(desk: Desk) -> None:
    with desk.db.sessions() as s:
        member_id = s.scalar(select(Member.id).order_by(Member.id))
        baby30 = s.scalar(select(CouponTemplate.id).where(CouponTemplate.code == "BABY30"))
    assert member_id is not None and baby30 is not None
    desk.coupons.claim(baby30, member_id, "S001")
    diapers = _product(desk, "纸尿裤 M 单件")
    wipes = _product(desk, "婴儿湿巾 单件")
    water = _product(desk, "矿泉水 500ml")
    items = [(diapers.code, 2), (wipes.code, 1), (water.code, 1)]
    baby_subtotal = 2 * diapers.price_fen + wipes.price_fen
    missing = 19900 - baby_subtotal
    assert 0 < missing <= 5000

    title = "母婴满199减30（限量）"
    without_member = desk.promotions.suggestions(items, water.code, "S001")
    assert all(s.params.get("coupon_title") != title for s in without_member)  # a water scan does not surface it
    found = desk.promotions.suggestions(items, water.code, "S001", member_id=member_id)
    baby = [s for s in found if s.params.get("coupon_title") == title]
    assert len(baby) == 1 and baby[0].params["missing_fen"] == missing
    assert baby[0].params["scope_name"] == "母婴"
    assert baby[0].product.category == "母婴" and baby[0].product.code not in (diapers.code, wipes.code)
