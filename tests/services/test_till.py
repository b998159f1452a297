"""TillService: one session per basket change gives the same answers as the separate services."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from services.checkout.till import with_added
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk


def test_a_scan_answers_product_coupons_promotions_and_the_members_price_together(desk: Desk) -> None:
    cola = desk.catalog.search("可乐 1.5L")[0]
    bread = desk.catalog.search("全麦面包 分享装")[0]
    member = desk.coupons.find_member("M20260005")
    desk.coupons.claim_by_code("DRINK20", member.id, "S001")
    view = desk.till.scan(f" {bread.code}\r", [(cola.code, 3)], "S001", member.id)
    items = [(cola.code, 3), (bread.code, 1)]
    assert view.product == bread and view.items == tuple(items) and view.scanned_code == bread.code
    ranked = desk.coupons.ranked_offers(items, bread.code, "S001", member.id)
    assert [(r.offer.code, r.discount_fen) for r in view.offers] == [(r.offer.code, r.discount_fen) for r in ranked]
    assert list(view.promoted) == desk.promotions.suggestions(items, bread.code, "S001", member.id)
    assert view.quote == desk.checkout.quote(items, member.id, "S001")
    assert view.quote is not None and view.quote.total_fen < view.quote.subtotal_fen


def test_a_scan_is_one_session(desk: Desk) -> None:
    cola = desk.catalog.search("可乐 1.5L")[0]
    connects: list[object] = []
    engine = desk.db.sessions.kw["bind"]

    def counted(*args: object) -> None:
        connects.append(args)

    event.listen(engine.pool, "checkout", counted)
    try:
        desk.till.scan(cola.code, [(cola.code, 1)], "S001", None)
    finally:
        event.remove(engine.pool, "checkout", counted)
    assert len(connects) == 1  # one connection checkout: one round of the database for the whole scan


def test_after_a_removal_the_answer_describes_the_smaller_basket(desk: Desk) -> None:
    cola = desk.catalog.search("可乐 1.5L")[0]
    bread = desk.catalog.search("全麦面包 分享装")[0]
    with_bread = desk.till.refresh([(cola.code, 1), (bread.code, 1)], bread.code, "S001", None)
    assert with_bread.offers[0].offer.code == "BREAD50"
    without = desk.till.refresh([(cola.code, 1)], bread.code, "S001", None)
    assert without.scanned_code == cola.code  # the removed product no longer drives the coupons
    assert "BREAD50" not in {r.offer.code for r in without.offers}
    empty = desk.till.refresh([], "", "S001", None)
    assert empty.offers == () and list(empty.promoted) == desk.promotions.featured("S001", None, 4)


def test_a_bad_code_is_refused_and_with_added_merges_lines(desk: Desk) -> None:
    with pytest.raises(DeskError) as caught:
        desk.till.scan("12345", [], "S001", None)
    assert caught.value.code is ErrorCode.MALFORMED_CODE
    assert with_added([("a", 1), ("b", 2)], "b") == (("a", 1), ("b", 3))
    assert with_added([("a", 1)], "c") == (("a", 1), ("c", 1))
