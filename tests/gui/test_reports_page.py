"""The Reports page (issue 18): charts over a date range, an empty range that explains itself,
CSV with a BOM and a PDF; the property desk sees its parcel figures only."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.reports.page import ReportsPage
from services.desk import Desk
from tests.gui.helpers import log_in, wait_idle


def _page(qtbot: QtBot, window: MainWindow, login: str, pin: str) -> ReportsPage:
    log_in(qtbot, window, login, pin)
    page = window.show_page(ReportsPage)
    assert isinstance(page, ReportsPage)
    wait_idle(qtbot, window)
    return page


def test_admin_sees_the_weeks_charts_and_exports_them(qtbot: QtBot, window: MainWindow, desk: Desk,
                                                     tmp_path: Path) -> None:
    cola = desk.catalog.search("可乐")[0].code
    for n in range(3):
        desk.checkout.pay([(cola, n + 1)], None, "S001", "cash", tendered_fen=10000)
    page = _page(qtbot, window, "admin", "9999")
    assert page.show_sales and page.sales is not None and page.sales.orders >= 3
    assert not page.empty_label.isVisible()
    titles = [c.plotItem.titleLabel.text for c in page.charts]
    assert {"Sales by day (¥)", "Orders by hour", "Payment methods (¥)"} <= set(titles), titles
    assert "orders" in page.summary.text()

    csv = tmp_path / "week.csv"
    assert page.export_csv(csv)
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"section,key,count,amount" in raw
    assert f"day,{date.today().isoformat()},".encode() in raw
    pdf = tmp_path / "week.pdf"
    assert page.export_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    assert "Saved" in page.notice.text()

    # An empty range says so, and why, instead of blank charts.
    page.from_edit.setDate(QDate(2001, 1, 1))
    page.to_edit.setDate(QDate(2001, 1, 7))
    page.load()
    wait_idle(qtbot, window)
    assert page.empty_label.isVisible() and "between 2001-01-01 and 2001-01-07" in page.empty_label.text()
    assert page.charts == [] and not page.pdf_button.isEnabled() and not page.csv_button.isEnabled()

    # A range ending before it starts is refused with a sentence.
    page.from_edit.setDate(QDate(2001, 1, 7))
    page.to_edit.setDate(QDate(2001, 1, 1))
    page.load()
    wait_idle(qtbot, window)
    assert "ends (2001-01-01) before it starts (2001-01-07)" in page.notice.text()


def test_the_property_desk_sees_parcels_and_faces_only(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window, "desk", "2222")
    assert not page.show_sales and page.sales is None
    page.from_edit.setDate(QDate(date.today() - timedelta(days=60)))
    page.load()
    wait_idle(qtbot, window)
    assert page.parcels is not None
    assert "orders" not in page.summary.text()
    assert page.charts and all("Sales" not in c.plotItem.titleLabel.text for c in page.charts)
