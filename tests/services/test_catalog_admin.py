"""Catalogue administration on a real SQLite file: products, prices with a history, pinyin
search, quick keys, GS1 scale codes, CSV import and export."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from sqlalchemy import select

from devices.gtin import with_check_digit
from models import AuditEntry, Order, OrderLine
from models.initials import name_initials
from services.catalog.admin import Problem, ProductDraft
from services.catalog.csv_io import RowProblem
from services.catalog.scale import ScaleLayout, parse_scale_code, scale_code, weighed_price_fen
from services.core.errors import DeskError, ErrorCode
from services.desk import Desk

NEW = with_check_digit("690999900001")


def _draft(**kw: object) -> ProductDraft:
    base: dict[str, object] = {"code": NEW, "name": "饕餮鲎 500ml", "price_fen": 300, "category_code": "DRINK"}
    base.update(kw)
    return ProductDraft(**base)  # type: ignore[arg-type]


def _category(desk: Desk) -> str:
    return desk.catalog_admin.categories()[0].code


def test_initials() -> None:
    assert name_initials("可乐 500ml") == "kl500ml"
    assert name_initials("薯片 番茄味 大包") == "spfqwdb"
    assert name_initials("Cola, 1.5L") == "cola15l"


def test_pinyin_initials_find_cola(desk: Desk) -> None:
    found = desk.catalog.search("kl")
    colas = [p for p in found if p.name.startswith("可乐")]
    assert colas and found[: len(colas)] == colas  # initials matches first ("Pickled …" after them)
    assert {p.code for p in desk.catalog.search("KL")} == {p.code for p in found}
    assert desk.catalog.search("可乐")  # by name still
    assert desk.catalog.search("%") == []  # LIKE wildcards are taken literally
    assert len(desk.catalog.search("", limit=5)) == 5  # empty: any products (the demo camera's list)


def test_add_edit_price_history_and_past_orders(desk: Desk) -> None:
    cat = _category(desk)
    row = desk.catalog_admin.add_product(_draft(category_code=cat.lower()), operator_id=1)
    assert row.category_code == cat and row.active and row.price_fen == 300
    assert [p.code for p in desk.catalog.search("tth")] == [NEW]  # initials written on add
    receipt = desk.checkout.pay([(NEW, 2)], None, "S001", "cash", tendered_fen=600, expected_total_fen=600)

    edited = desk.catalog_admin.edit_product(row.id, _draft(name="麒麟果", price_fen=350, category_code=cat), operator_id=1)
    assert edited.name == "麒麟果" and edited.price_fen == 350 and edited.code == NEW
    assert desk.catalog.search("tth") == [] and [p.code for p in desk.catalog.search("qlg")] == [NEW]
    history = desk.catalog_admin.price_history(row.id)
    assert [h.price_fen for h in history] == [300, 350]
    desk.catalog_admin.edit_product(row.id, _draft(name="麒麟果 大", price_fen=350, category_code=cat))
    assert len(desk.catalog_admin.price_history(row.id)) == 2  # no price change, no history row
    assert desk.catalog.lookup(NEW).price_fen == 350
    with desk.db.sessions() as s:  # the past order keeps its price
        order = s.scalars(select(Order).where(Order.number == receipt.number)).one()
        line = s.scalars(select(OrderLine).where(OrderLine.order_id == order.id)).one()
        assert line.unit_price_fen == 300 and order.total_fen == 600
        assert {"product_created", "product_changed"} <= set(s.scalars(select(AuditEntry.action)))


def test_bad_drafts_list_every_problem_and_write_nothing(desk: Desk) -> None:
    with pytest.raises(DeskError) as info:
        desk.catalog_admin.add_product(_draft(code="6901234567891", name="", price_fen=-1, category_code="NOPE"))
    assert info.value.code is ErrorCode.PRODUCT_INVALID
    problems = {(p.field, p.problem) for p in info.value.params["problems"]}
    assert problems == {("code", Problem.BAD_CODE), ("name", Problem.REQUIRED), ("price_fen", Problem.OUT_OF_RANGE),
                        ("category_code", Problem.UNKNOWN_CATEGORY)}
    taken = desk.catalog.search("kl")[0].code
    with pytest.raises(DeskError) as info:
        desk.catalog_admin.add_product(_draft(code=taken, category_code=_category(desk)))
    assert [p.problem for p in info.value.params["problems"]] == [Problem.CODE_TAKEN]
    assert desk.catalog_admin.products("tth") == []


def test_deactivate_and_quick_keys(desk: Desk) -> None:
    cat = _category(desk)
    loose = desk.catalog_admin.add_product(_draft(name="散装鸡蛋", quick_key=True, quick_key_order=2, category_code=cat))
    other = desk.catalog_admin.add_product(_draft(code=with_check_digit("690999900002"), name="馒头", quick_key=True,
                                                  quick_key_order=1, category_code=cat))
    assert [p.id for p in desk.catalog.quick_keys()] == [other.id, loose.id]
    desk.catalog_admin.set_active(other.id, False)
    assert [p.id for p in desk.catalog.quick_keys()] == [loose.id]
    with pytest.raises(DeskError) as info:
        desk.catalog.lookup(other.code)
    assert info.value.code is ErrorCode.INACTIVE_PRODUCT
    assert desk.catalog.search("mt") == []
    assert [p.id for p in desk.catalog_admin.products("mt")] == [other.id]  # the page still lists it
    assert desk.catalog_admin.products("mt", include_inactive=False) == []
    with pytest.raises(DeskError) as info:
        desk.catalog_admin.set_active(999_999, False)
    assert info.value.code is ErrorCode.UNKNOWN_PRODUCT


def test_categories(desk: Desk) -> None:
    row = desk.catalog_admin.save_category(" fruit ", "水果", "Fruit")
    assert row.code == "FRUIT"
    again = desk.catalog_admin.save_category("FRUIT", "鲜果")
    assert again.id == row.id and again.name == "鲜果"
    with pytest.raises(DeskError) as info:
        desk.catalog_admin.save_category("", "")
    assert info.value.code is ErrorCode.CATEGORY_INVALID and len(info.value.params["problems"]) == 2


# --- GS1 scale codes ---------------------------------------------------------------------------

def test_scale_code_parsing() -> None:
    layout = ScaleLayout()
    weighed = parse_scale_code("2112345015002", layout)  # 1.500 kg, Odoo's example
    assert weighed is not None and weighed.base_code == "2112345000008" and weighed.weight_g == 1500
    priced = parse_scale_code(scale_code("2300001000003", layout, 1234), layout)
    assert priced is not None and priced.price_fen == 1234 and priced.weight_g is None
    assert parse_scale_code("2112345015003", layout) is None  # bad check digit
    assert parse_scale_code("6901234567892", layout) is None  # not a 2x prefix
    assert parse_scale_code("2112345015002", ScaleLayout(weight_prefixes=(), price_prefixes=("20",))) is None
    assert weighed_price_fen(1999, 1500) == 2999  # 29.985 rounds half up
    assert weighed_price_fen(1000, 1) == 1
    assert weighed_price_fen(400, 1) == 0
    assert ScaleLayout.from_text("21", "20,22-29", 5) == layout
    four = ScaleLayout.from_text("21", "20", 4)
    parsed = parse_scale_code(with_check_digit("211234012345"), four)
    assert parsed is not None and parsed.weight_g == 12345 and parsed.base_code == with_check_digit("211234000000")
    for bad in (("21", "21", 5), ("31", "20", 5), ("21", "2x", 5), ("21", "20", 9)):
        with pytest.raises(ValueError):
            ScaleLayout.from_text(*bad)


def test_scan_scale_codes_through_the_catalogue(desk: Desk) -> None:
    cat = _category(desk)
    layout = ScaleLayout()
    apples = desk.catalog_admin.add_product(_draft(code="2112345000008", name="苹果", price_fen=1290,
                                                   unit="kg", category_code=cat))
    item = desk.catalog.scan("2112345015002", layout)
    assert item.product.id == apples.id and item.weight_g == 1500 and item.line_price_fen == 1935
    deli = desk.catalog_admin.add_product(_draft(code=with_check_digit("230000700000"), name="熟食",
                                                 price_fen=0, category_code=cat))
    item = desk.catalog.scan(scale_code(deli.code, layout, 2568), layout)
    assert item.product.id == deli.id and item.line_price_fen == 2568 and item.weight_g is None
    plain = desk.catalog.search("kl")[0]
    assert desk.catalog.scan(plain.code, layout).line_price_fen is None
    with pytest.raises(DeskError) as info:  # a scale code for an item the catalogue does not have
        desk.catalog.scan(scale_code(with_check_digit("219999900000"), layout, 100), layout)
    assert info.value.code is ErrorCode.UNKNOWN_PRODUCT
    with pytest.raises(DeskError) as info:
        desk.catalog.scan("2112345015003", layout)
    assert info.value.code is ErrorCode.MALFORMED_CODE


# --- CSV ---------------------------------------------------------------------------------------

def _csv(rows: list[list[str]], sep: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


HEADER = ["code", "name", "price", "category", "category_name", "quick_key"]


@pytest.mark.parametrize(("sep", "bom"), [(",", False), (";", True), ("\t", True)])
def test_import_creates_updates_and_new_categories(desk: Desk, sep: str, bom: bool) -> None:
    cola = desk.catalog.search("kl")[0]
    cola_row = desk.catalog_admin.products(cola.code)[0]
    data = _csv([HEADER,
                 [NEW, "饕餮鲎", "3.5", "TEA", "茶饮", "是"],
                 [with_check_digit("690999900002"), "绿茶", "4", "TEA", "", "0"],
                 [],
                 [cola.code, cola.name, "9.90", cola_row.category_code, "", ""]], sep, bom)
    result = desk.catalog_csv.import_csv(data, operator_id=1)
    assert (result.created, result.updated, result.categories_created) == (2, 1, 1)
    assert desk.catalog.lookup(cola.code).price_fen == 990
    assert desk.catalog_admin.price_history(cola_row.id)[-1].price_fen == 990
    assert [p.name for p in desk.catalog.quick_keys()] == ["饕餮鲎"]
    assert [p.code for p in desk.catalog.search("tth")] == [NEW]


def test_import_lists_every_bad_row_and_writes_nothing(desk: Desk) -> None:
    cola = desk.catalog.search("kl")[0]
    data = _csv([HEADER,
                 [NEW, "冰红茶", "3.5", "NOPE", "", ""],
                 ["123", "", "abc", "", "", "maybe"],
                 [NEW, "again", "1", "NOPE", "", ""],
                 [with_check_digit("690999900003"), "x", "1", "TEA", "茶饮", ""]])
    with pytest.raises(DeskError) as info:
        desk.catalog_csv.import_csv(data)
    assert info.value.code is ErrorCode.PRODUCT_IMPORT_INVALID
    rows: list[RowProblem] = info.value.params["rows"]
    got = {(r.line, r.column, r.problem) for r in rows}
    assert got == {
        (2, "category", Problem.UNKNOWN_CATEGORY),
        (3, "code", Problem.BAD_CODE), (3, "name", Problem.REQUIRED), (3, "price", Problem.BAD_AMOUNT),
        (3, "quick_key", Problem.BAD_CHOICE), (3, "category", Problem.REQUIRED),
        (4, "code", Problem.CODE_REPEATED), (4, "category", Problem.UNKNOWN_CATEGORY),
    }
    assert desk.catalog_admin.products(NEW) == [] and desk.catalog.lookup(cola.code).price_fen == cola.price_fen
    assert all(c.code != "TEA" for c in desk.catalog_admin.categories())  # the good row's category neither


@pytest.mark.parametrize(("data", "problem"), [
    (b"code,name\n1,2\n", Problem.BAD_HEADER),
    (b"code,name,price,category,colour\n", Problem.BAD_HEADER),
    (b"code,name,price,category\n" + "6909999000010,茶,1,DRINK\n".encode("gbk"), Problem.BAD_ENCODING),
    (b"code,name,price,category\n", Problem.REQUIRED),
])
def test_import_file_problems(desk: Desk, data: bytes, problem: Problem) -> None:
    with pytest.raises(DeskError) as info:
        desk.catalog_csv.import_csv(data)
    assert [r.problem for r in info.value.params["rows"]] == [problem]


def test_export_round_trips_with_bom(desk: Desk) -> None:
    data = desk.catalog_csv.export_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(desk.catalog_admin.products(limit=100_000)) and rows[0]["price"].count(".") == 1
    before = desk.catalog_admin.products(limit=100_000)
    result = desk.catalog_csv.import_csv(data)
    assert result.created == 0 and result.updated == len(rows)
    assert desk.catalog_admin.products(limit=100_000) == before
    with desk.db.sessions() as s:
        assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "products_imported"


def test_two_desks_adding_the_same_code_at_once(desk: Desk) -> None:
    """One wins, the other gets CODE_TAKEN; never two rows."""
    cat = _category(desk)
    errors: list[ErrorCode] = []
    barrier = threading.Barrier(2)

    def add() -> None:
        barrier.wait()
        try:
            desk.catalog_admin.add_product(_draft(category_code=cat))
        except DeskError as exc:
            errors.append(exc.code)

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [ErrorCode.PRODUCT_INVALID] and len(desk.catalog_admin.products(NEW)) == 1
