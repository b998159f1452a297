from __future__ import annotations

import pytest
from sqlalchemy import update

from models import Product
from services.catalog.lookup import normalise_code
from services.checkout.basket import Basket
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk


def _any_code(desk: Desk) -> str:
    return desk.catalog.search("可乐")[0].code


def test_lookup_by_scanned_code(desk: Desk) -> None:
    code = _any_code(desk)
    product = desk.catalog.lookup(f"  {code}\r")
    assert product.code == code and product.price_fen > 0 and "可乐" in product.name
    assert product.category == "饮料" and product.category_en == "Drinks"


@pytest.mark.parametrize(("raw", "reason"), [
    ("", "empty"), ("ABC123", "not_digits"), ("12345", "length"), ("6901234567891", "check_digit"),
])
def test_malformed_codes(desk: Desk, raw: str, reason: str) -> None:
    with pytest.raises(DeskError) as info:
        desk.catalog.lookup(raw)
    assert info.value.code is ErrorCode.MALFORMED_CODE
    assert info.value.params["reason"] == reason


def test_valid_but_unknown_code(desk: Desk) -> None:
    with pytest.raises(DeskError) as info:
        desk.catalog.lookup("4006381333931")
    assert info.value.code is ErrorCode.UNKNOWN_PRODUCT


def test_withdrawn_product_is_not_sold(desk: Desk) -> None:
    code = _any_code(desk)
    with desk.db.sessions() as s, s.begin():
        s.execute(update(Product).where(Product.code == code).values(active=False))
    with pytest.raises(DeskError) as info:
        desk.catalog.lookup(code)
    assert info.value.code is ErrorCode.INACTIVE_PRODUCT


def test_upc_forms_are_tried() -> None:
    assert normalise_code("036000291452") == ["036000291452", "0036000291452"]
    assert "042100005264" in normalise_code("04252614")


def test_basket_merges_lines_and_totals(desk: Desk) -> None:
    cola, water = desk.catalog.search("可乐")[0], desk.catalog.search("矿泉水")[0]
    basket = Basket()
    basket.add(cola)
    basket.add(water)
    assert basket.add(cola) == 0
    assert [line.quantity for line in basket.lines] == [2, 1]
    assert basket.total_fen == 2 * cola.price_fen + water.price_fen
    with pytest.raises(DeskError):
        basket.set_quantity(0, 0)
    with pytest.raises(DeskError):
        basket.set_quantity(0, 1000)
    assert basket.lines[0].quantity == 2  # a refused change leaves the line as it was
    basket.remove(0)
    assert basket.total_fen == water.price_fen
