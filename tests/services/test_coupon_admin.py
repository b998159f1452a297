"""Coupon administration: validation naming the field, frozen terms once claimed, pause, CSV import."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import AuditEntry, CouponTarget, CouponTemplate
from models.base import utcnow
from services.core.errors import DeskError, ErrorCode
from services.coupons.admin import Problem, TemplateDraft, check_rules
from services.desk import Desk

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "coupons.csv"


def _problems(exc: pytest.ExceptionInfo[DeskError]) -> set[tuple[str, Problem]]:
    assert exc.value.code is ErrorCode.COUPON_TEMPLATE_INVALID
    return {(p.field, p.problem) for p in exc.value.params["problems"]}


def _count(desk: Desk, model: type, **where: object) -> int:
    with desk.db.sessions() as s:
        q = select(func.count()).select_from(model)
        for name, value in where.items():
            q = q.where(getattr(model, name) == value)
        return int(s.scalar(q) or 0)


def _drink_percent(**changes: object) -> TemplateDraft:
    draft = TemplateDraft(code="tea15", title="茶饮85折", title_en="Tea 15% off", kind="percent", scope="category",
                          percent=15, cap_fen=800, targets=("DRINK",), total_stock=10,
                          valid_until=utcnow() + timedelta(days=30))
    return replace(draft, **changes)  # type: ignore[arg-type]


def _cola(desk: Desk) -> str:
    return desk.catalog.search("可乐")[0].code


def test_created_template_is_listed_surfaced_by_a_scan_and_gone_when_paused(desk: Desk) -> None:
    row = desk.coupon_admin.create(_drink_percent(), operator_id=1)
    assert row.draft.code == "TEA15" and row.state == "live" and row.claimed == 0
    listed = desk.coupon_admin.list_templates("tea", "live")
    assert [r.draft.code for r in listed.rows] == ["TEA15"]
    assert "TEA15" in {o.code for o in desk.coupons.offers_for_product(_cola(desk), "S001")}

    desk.coupon_admin.set_paused(row.id, True, operator_id=1)
    desk.coupon_admin.set_paused(row.id, True, operator_id=1)  # a double click pauses once
    assert "TEA15" not in {o.code for o in desk.coupons.offers_for_product(_cola(desk), "S001")}
    assert [r.draft.code for r in desk.coupon_admin.list_templates("TEA15", "paused").rows] == ["TEA15"]
    member = desk.coupons.find_member("M20260001")
    with pytest.raises(DeskError) as exc:
        desk.coupons.claim(row.id, member.id, "S001")
    assert exc.value.code is ErrorCode.COUPON_PAUSED
    assert _count(desk, AuditEntry, action="coupon_template_paused") == 1

    desk.coupon_admin.set_paused(row.id, False, operator_id=1)
    assert "TEA15" in {o.code for o in desk.coupons.offers_for_product(_cola(desk), "S001")}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"percent": 100}, ("percent", Problem.OUT_OF_RANGE)),
    ({"percent": 0}, ("percent", Problem.OUT_OF_RANGE)),
    ({"cap_fen": 0}, ("cap_fen", Problem.CAP_MISSING)),
    ({"kind": "threshold", "tiers": ((5000, 800), (3000, 300))}, ("tiers", Problem.TIERS_NOT_ASCENDING)),
    ({"kind": "threshold", "tiers": ((3000, 3000),)}, ("tiers", Problem.TIER_OFF_TOO_BIG)),
    ({"valid_from": utcnow() + timedelta(days=5), "valid_until": utcnow() + timedelta(days=2)},
     ("valid_until", Problem.UNTIL_BEFORE_FROM)),
    ({"targets": ("NOSUCH",)}, ("targets", Problem.UNKNOWN_CATEGORY)),
    ({"scope": "product", "targets": ("6900000000000",)}, ("targets", Problem.UNKNOWN_PRODUCT)),
    ({"targets": ()}, ("targets", Problem.TARGETS_MISSING)),
    ({"code": "NEW5"}, ("code", Problem.CODE_TAKEN)),
    ({"code": "bad code!"}, ("code", Problem.BAD_CODE)),
    ({"scope": "store", "targets": (), "store_code": "S999"}, ("store_code", Problem.UNKNOWN_STORE)),
])
def test_a_bad_template_is_refused_naming_the_field_and_nothing_is_written(
        desk: Desk, changes: dict[str, object], expected: tuple[str, Problem]) -> None:
    before = _count(desk, CouponTemplate)
    with pytest.raises(DeskError) as exc:
        desk.coupon_admin.create(_drink_percent(**changes))
    assert expected in _problems(exc)
    assert _count(desk, CouponTemplate) == before


def test_claimed_template_keeps_its_terms_but_may_grow_stock_and_extend_validity(desk: Desk) -> None:
    row = desk.coupon_admin.create(_drink_percent(), operator_id=1)
    member = desk.coupons.find_member("M20260002")
    held = desk.coupons.claim(row.id, member.id, "S001")
    with pytest.raises(DeskError) as exc:
        desk.coupon_admin.update(row.id, replace(row.draft, percent=50, targets=("DRINK", "SNACK")))
    assert {("percent", Problem.FROZEN_AFTER_CLAIM), ("targets", Problem.FROZEN_AFTER_CLAIM)} <= _problems(exc)
    with pytest.raises(DeskError) as exc:
        desk.coupon_admin.update(row.id, replace(row.draft, total_stock=0))
    assert ("total_stock", Problem.OUT_OF_RANGE) in _problems(exc)
    assert row.draft.valid_until is not None
    with pytest.raises(DeskError) as exc:
        desk.coupon_admin.update(row.id, replace(row.draft, valid_until=row.draft.valid_until - timedelta(days=1)))
    assert ("valid_until", Problem.UNTIL_SHORTENED) in _problems(exc)

    later = row.draft.valid_until + timedelta(days=10)
    edited = desk.coupon_admin.update(row.id, replace(row.draft, total_stock=50, valid_until=later, title="茶饮85折（加量）"),
                                      operator_id=1)
    assert edited.draft.total_stock == 50 and edited.claimed == 1 and edited.draft.percent == 15
    wallet = desk.coupons.wallet(member.id)
    assert [(c.member_coupon_id, c.expires_at) for c in wallet] == [(held.member_coupon_id, later)]
    with desk.db.sessions() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "coupon_template_edited")).one()
        assert set(audit.detail["changed"]) == {"total_stock", "valid_until", "title"}
        # The targets' copy of validity followed the edit (the scan index reads it).
        assert {t.live_until for t in s.scalars(select(CouponTarget).where(CouponTarget.template_id == row.id))} \
            == {later}


def test_stock_cannot_drop_below_what_was_claimed(desk: Desk) -> None:
    row = desk.coupon_admin.create(_drink_percent(total_stock=5))
    for code in ("M20260001", "M20260002"):
        desk.coupons.claim(row.id, desk.coupons.find_member(code).id, "S001")
    with pytest.raises(DeskError) as exc:
        desk.coupon_admin.update(row.id, replace(row.draft, total_stock=1))
    assert ("total_stock", Problem.STOCK_BELOW_CLAIMED) in _problems(exc)
    assert exc.value.params["problems"][0].params["claimed"] == 2


def test_the_last_unit_claimed_marks_targets_sold_out_and_added_stock_offers_it_again(desk: Desk) -> None:
    row = desk.coupon_admin.create(_drink_percent(total_stock=1))
    desk.coupons.claim(row.id, desk.coupons.find_member("M20260004").id, "S001")
    with desk.db.sessions() as s:
        assert s.scalars(select(CouponTarget.sold_out).where(CouponTarget.template_id == row.id)).all() == [True]
    assert "TEA15" not in {o.code for o in desk.coupons.offers_for_product(_cola(desk), "S001")}
    assert [r.draft.code for r in desk.coupon_admin.list_templates("TEA15", "out_of_stock").rows] == ["TEA15"]
    desk.coupon_admin.update(row.id, replace(row.draft, total_stock=2))
    assert "TEA15" in {o.code for o in desk.coupons.offers_for_product(_cola(desk), "S001")}


def test_unclaimed_template_may_change_anything(desk: Desk) -> None:
    row = desk.coupon_admin.create(_drink_percent())
    edited = desk.coupon_admin.update(row.id, replace(row.draft, kind="threshold", tiers=((3000, 300), (6000, 800)),
                                                      scope="category", targets=("SNACK",)))
    assert edited.draft.kind == "threshold" and edited.draft.percent == 0 and edited.draft.targets == ("SNACK",)
    snack = desk.catalog.search("薯片")[0].code
    assert "TEA15" in {o.code for o in desk.coupons.offers_for_product(snack, "S001")}
    assert "TEA15" not in {o.code for o in desk.coupons.offers_for_product(_cola(desk), "S001")}


def test_list_filters_by_state_and_counts_claimed_and_used(desk: Desk) -> None:
    states = {r.draft.code: r.state for r in desk.coupon_admin.list_templates().rows}
    assert states["NOODLE3"] == "paused" and states["MJ100"] == "live"
    assert [r.draft.code for r in desk.coupon_admin.list_templates("", "expired").rows] == ["AUTUMN15"]
    assert [r.draft.code for r in desk.coupon_admin.list_templates("", "scheduled").rows] == ["D12GO30"]
    baby = next(r for r in desk.coupon_admin.list_templates("BABY30").rows)
    for code in ("M20260001", "M20260002", "M20260003"):
        desk.coupons.claim(baby.id, desk.coupons.find_member(code).id, "S001")
    sold_out = desk.coupon_admin.list_templates("", "out_of_stock").rows
    assert [(r.draft.code, r.claimed) for r in sold_out] == [("BABY30", 3)]


def test_every_demo_coupon_passes_the_admin_rules(desk: Desk) -> None:
    rows = desk.coupon_admin.list_templates().rows
    assert len(rows) >= 15
    assert {r.draft.code: check_rules(r.draft, utcnow(), new=False) for r in rows} == {r.draft.code: [] for r in rows}


def test_example_csv_imports_all_rows_once(desk: Desk) -> None:
    data = EXAMPLE.read_bytes()
    result = desk.coupon_import.import_csv(b"\xef\xbb\xbf" + data, "S001", operator_id=1)  # Excel's BOM
    assert result.created >= 5
    rows = {r.draft.code: r for r in desk.coupon_admin.list_templates().rows}
    assert set(result.codes) <= set(rows)
    before = _count(desk, CouponTemplate)
    with pytest.raises(DeskError) as exc:
        desk.coupon_import.import_csv(data, "S001")  # the same file again
    assert exc.value.code is ErrorCode.COUPON_IMPORT_INVALID
    assert {p.problem for p in exc.value.params["rows"]} == {Problem.CODE_TAKEN}
    assert len(exc.value.params["rows"]) == result.created
    assert _count(desk, CouponTemplate) == before


def test_csv_with_one_bad_row_imports_nothing_and_names_line_and_reason(desk: Desk) -> None:
    csv_text = (
        "code,title,kind,scope,percent,cap,tiers,targets,valid_from,valid_until\n"
        "OK1,饮料9折,percent,category,10,5,,DRINK,2026-01-01,2099-12-31\n"
        "BAD2,零食满减,threshold,category,,,50:10;30:5,SNACK,,\n"
        "OK3,第二行好的,percent,category,20,3,,DAIRY,,\n"
        "OK1,重复,percent,category,20,3,,DAIRY,,\n"
        "BAD5,日期错,percent,category,20,3,,DAIRY,tomorrow,\n"
    )
    before = _count(desk, CouponTemplate)
    with pytest.raises(DeskError) as exc:
        desk.coupon_import.import_csv(csv_text.encode(), "S001")
    found = {(p.line, p.column, p.problem) for p in exc.value.params["rows"]}
    assert found == {(3, "tiers", Problem.TIERS_NOT_ASCENDING), (5, "code", Problem.CODE_REPEATED),
                     (6, "valid_from", Problem.BAD_DATE)}
    assert _count(desk, CouponTemplate) == before


def test_csv_times_are_store_local_and_a_date_only_end_includes_that_day(desk: Desk) -> None:
    desk.coupon_import.import_csv(
        "code,title,kind,scope,value,valid_from,valid_until\nDAY1,一日券,fixed,order,3,2099-05-01,2099-05-01\n"
        .encode(), "S001")
    row = desk.coupon_admin.list_templates("DAY1").rows[0]
    assert row.draft.value_fen == 300
    assert row.draft.valid_from is not None and row.draft.valid_until is not None
    assert row.draft.valid_from.isoformat() == "2099-04-30T16:00:00+00:00"  # 00:00 in Shanghai
    assert row.draft.valid_until - row.draft.valid_from == timedelta(days=1)


def test_csv_that_is_not_utf8_or_lacks_columns_is_refused(desk: Desk) -> None:
    gbk = "code,title,kind,scope,value\nGBK1,国标编码,fixed,order,3\n".encode("gbk")
    with pytest.raises(DeskError) as exc:
        desk.coupon_import.import_csv(gbk, "S001")
    assert [(p.line, p.problem) for p in exc.value.params["rows"]] == [(2, Problem.BAD_ENCODING)]
    with pytest.raises(DeskError) as exc:
        desk.coupon_import.import_csv(b"code;name;kind\nX;Y;fixed\n", "S001")
    [problem] = exc.value.params["rows"]
    assert problem.problem is Problem.BAD_HEADER and problem.params == {"missing": ["title", "scope"],
                                                                          "unknown": ["name"]}


def test_code_at_checkout_needs_a_member_and_reuses_a_held_coupon(desk: Desk) -> None:
    with pytest.raises(DeskError) as exc:
        desk.coupons.claim_for_checkout("new5", None, "S001")
    assert exc.value.code is ErrorCode.COUPON_NEEDS_MEMBER
    with pytest.raises(DeskError) as exc:
        desk.coupons.claim_for_checkout("NOPE", None, "S001")
    assert exc.value.code is ErrorCode.COUPON_UNKNOWN  # a typo is named before the missing member
    member = desk.coupons.find_member("M20260007")
    first = desk.coupons.claim_for_checkout(" new5 ", member.id, "S001")
    again = desk.coupons.claim_for_checkout("NEW5", member.id, "S001")
    assert first.member_coupon_id == again.member_coupon_id
    assert len(desk.coupons.wallet(member.id)) == 1


def test_pause_and_import_on_postgresql(pg_url: str) -> None:
    desk = Desk.open(pg_url)
    try:
        row = desk.coupon_admin.create(_drink_percent(), operator_id=1)
        desk.coupon_admin.set_paused(row.id, True)
        assert "TEA15" not in {o.code for o in desk.coupons.offers_for_product(_cola(desk), "S001")}
        before = desk.coupon_admin.list_templates().total
        result = desk.coupon_import.import_csv(EXAMPLE.read_bytes(), "S001")
        assert desk.coupon_admin.list_templates().total == before + result.created
    finally:
        desk.close()
