"""The Coupons page (administrators): create → listed → pause → a scan no longer offers it; CSV import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.cashier.page import CashierPage
from gui.coupons.page import CouponsAdminPage
from gui.main_window import MainWindow
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def _page(qtbot: QtBot, window: MainWindow) -> CouponsAdminPage:
    log_in(qtbot, window, "admin", "9999")
    page = window.show_page(CouponsAdminPage)
    assert isinstance(page, CouponsAdminPage)
    wait_idle(qtbot, window)
    return page


def _codes(page: CouponsAdminPage) -> list[str]:
    return [r.draft.code for r in page.model.rows]


def test_cashiers_do_not_see_the_coupons_page(qtbot: QtBot, window: MainWindow) -> None:
    log_in(qtbot, window, "cashier", "1111")
    assert window.page(CouponsAdminPage) is None


def test_create_then_pause_and_the_scan_stops_offering_it(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    page = _page(qtbot, window)
    assert {"NEW5", "MJ100", "NOODLE3"} <= set(_codes(page))

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None and editor.isVisible()
    qtbot.keyClicks(editor.code, "cola2")
    editor.title_edit.setText("可乐第二件立减2元")  # QTest types ASCII only
    editor.kind.setCurrentIndex(editor.kind.findData("percent"))
    editor.scope.setCurrentIndex(editor.scope.findData("product"))
    editor.percent.setValue(150 // 10)
    cola = desk.catalog.search("可乐 500ml")[0].code
    qtbot.keyClicks(editor.targets, cola)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # no cap: refused, naming the field
    wait_idle(qtbot, window)
    assert editor.isVisible() and "Cap: a percent-off coupon needs a cap" in editor.problems.text()

    qtbot.keyClicks(editor.cap, "2")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # a double click saves once
    wait_idle(qtbot, window)
    assert not editor.isVisible()
    wait_idle(qtbot, window)
    assert _codes(page) == ["COLA2"] and "Saved coupon COLA2" in page.notice.text()
    assert len(desk.coupon_admin.list_templates("COLA2").rows) == 1
    row = page.model.rows[0]
    assert row.draft.cap_fen == 200 and page.model.data(page.model.index(0, 5)) == "live"

    page.table.selectRow(0)
    assert page.pause_button.text() == "Pause"
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert "COLA2 is paused" in page.notice.text()
    assert page.model.data(page.model.index(0, 5)) == "paused" and page.pause_button.text() == "Resume"

    window.route_scan(cola)  # a product scanned here lists its coupons and its category's
    wait_idle(qtbot, window)
    assert set(_codes(page)) == {"COLA2", "COLA1", "DRINK20"}

    cashier = window.show_page(CashierPage)
    assert isinstance(cashier, CashierPage)
    window.route_scan(cola)
    wait_idle(qtbot, window)
    offered = [r.offer.code for r in cashier.coupons.offers]
    assert "COLA1" in offered and "COLA2" not in offered


def test_editing_a_claimed_coupon_locks_its_terms(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    member = desk.coupons.find_member("M20260003")
    desk.coupons.claim_by_code("DRINK20", member.id, "S001")
    page = _page(qtbot, window)
    page.search_edit.setText("DRINK20")
    page.refresh()
    wait_idle(qtbot, window)
    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None
    assert "Members hold 1 of these coupons" in editor.frozen_note.text()
    assert not editor.percent.isEnabled() and not editor.kind.isEnabled() and editor.stock.isEnabled()
    editor.stock.setValue(300)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not editor.isVisible()
    wait_idle(qtbot, window)
    saved = desk.coupon_admin.list_templates("DRINK20").rows[0]
    assert saved.draft.total_stock == 300 and saved.draft.percent == 20 and saved.claimed == 1


def test_csv_with_a_bad_row_imports_nothing_and_lists_the_row(
        qtbot: QtBot, window: MainWindow, desk: Desk, tmp_path: Path) -> None:
    page = _page(qtbot, window)
    before = desk.coupon_admin.list_templates().total
    bad = tmp_path / "coupons.csv"
    bad.write_text("code,title,kind,scope,percent,cap,targets\n"
                   "GOOD1,饮料9折,percent,category,10,5,DRINK\n"
                   "BAD1,饮料半价,percent,category,150,5,DRINK\n", encoding="utf-8-sig")
    page.choose_file = lambda: str(bad)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert "Nothing was imported: 1 problem" in page.notice.text()
    assert page.import_problems.isVisible()
    assert [page.import_problems.item(i).text() for i in range(page.import_problems.count())] == [
        "Line 3 (BAD1), Percent off: must be between 1 and 99"]
    assert desk.coupon_admin.list_templates().total == before

    bad.write_text(bad.read_text(encoding="utf-8-sig").replace(",150,", ",50,"), encoding="utf-8-sig")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert "Imported 2 coupons: GOOD1, BAD1" in page.notice.text() and not page.import_problems.isVisible()
    assert {"GOOD1", "BAD1"} <= set(_codes(page))
