"""Scan to painted at the till: key Enter → basket row, coupon list and promotions painted.

    uv run bench/till.py [--scans 200]

The real main window, offscreen, on a fresh demo database, logged in as the demo cashier.
Each scan types a product code into the code field and presses Enter; the clock stops
once the till's answer for that basket is shown (services/checkout/till.py: product,
ranked coupons, promoted products, the member's price, one database session) and the
basket table, the coupon list and the promotions strip have been repainted. Every 10 scans
the basket starts again, as a real sale would. A member is identified for the second half,
so their best price is computed too.

Baseline in the same run: ``CatalogService.lookup`` alone for the same codes (the one
query a till without coupons or promotions would make), plus ``TillService.scan`` without
Qt, so the figure shows what the panels and the painting add.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import machine, percentile, write_result  # noqa: E402  (bench/ is on sys.path)
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.cashier.page import CashierPage  # noqa: E402
from gui.common.tasks import TaskRunner  # noqa: E402
from gui.device_hub import DeviceHub  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from services.core.settings import Settings  # noqa: E402
from services.desk import Desk  # noqa: E402

BASKET_SIZE = 10
MEMBER = "M20260005"


def wait_for(condition: object, timeout_s: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():  # type: ignore[operator]
        if time.perf_counter() > deadline:
            raise TimeoutError("the till did not answer")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        # Offscreen, processEvents returns at once: without a pause this loop would hold the GIL
        # and slow the database worker it waits for (the real app blocks in exec() instead).
        time.sleep(0.0002)


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(values, 0.5), 2), "p95": round(percentile(values, 0.95), 2),
            "max": round(max(values), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    home = Path(tempfile.mkdtemp(prefix="counterdesk-bench-till-"))
    desk = Desk.open(f"sqlite:///{home / 'desk.db'}")
    codes = [p.code for p in desk.catalog.search("", limit=200)]
    assert codes, "the demo catalogue is empty"

    tasks = TaskRunner()
    settings = Settings()
    window = MainWindow(settings, home / "settings.json", tasks, "en", DeviceHub(settings, tasks, home / "data"))
    window.resize(1180, 720)
    window.show()
    window.attach_desk(desk, demo_hint=True)
    wait_for(lambda: tasks.pending == 0)
    dialog = window.login_dialog
    assert dialog is not None
    dialog.select_operator("王芳")
    QTest.keyClicks(dialog.pin_edit, "1111")
    QTest.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    wait_for(lambda: tasks.pending == 0 and isinstance(window.current_page(), CashierPage))
    page = window.current_page()
    assert isinstance(page, CashierPage)

    def new_sale(with_member: bool) -> None:
        page.basket.clear()
        page.model.refresh()
        page._last_scanned = ""
        if with_member and page.coupons.member is None:
            page.handle_scan(MEMBER)
        page._basket_changed()
        wait_for(lambda: tasks.pending == 0 and page.till is not None)

    scan_ms: list[float] = []
    for n in range(args.scans):
        if n % BASKET_SIZE == 0:
            new_sale(with_member=n >= args.scans // 2)
        code = codes[(n * 7) % len(codes)]
        rows_before = page.basket.item_count
        page.code_edit.setText(code)
        start = time.perf_counter()
        QTest.keyClick(page.code_edit, Qt.Key.Key_Return)
        wait_for(lambda: page.basket.item_count > rows_before and page.till is not None  # noqa: B023
                 and page.till.items == tuple(page.items()))
        page.table.viewport().repaint()
        page.coupons.list.viewport().repaint()
        page.promotions.repaint()
        page.total_label.repaint()
        scan_ms.append((time.perf_counter() - start) * 1000)
    member_id = page.coupons.member.id if page.coupons.member else None

    lookup_ms: list[float] = []
    service_ms: list[float] = []
    basket: list[tuple[str, int]] = []
    for n in range(args.scans):
        code = codes[(n * 7) % len(codes)]
        if n % BASKET_SIZE == 0:
            basket = []
        start = time.perf_counter()
        desk.catalog.lookup(code)
        lookup_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        view = desk.till.scan(code, basket, "S001", member_id if n >= args.scans // 2 else None)
        service_ms.append((time.perf_counter() - start) * 1000)
        basket = list(view.items)

    window.close()
    window.devices.stop()
    tasks.shutdown()
    desk.close()
    del app
    scan = summary(scan_ms)
    write_result("till", {
        "metrics": {
            "scan_to_painted_ms_p50": scan["p50"],
            "scan_to_painted_ms_p95": scan["p95"],
            "scan_to_painted_ms_max": scan["max"],
            "till_service_scan_ms_p95": summary(service_ms)["p95"],
            "baseline_catalog_lookup_ms_p50": summary(lookup_ms)["p50"],
            "baseline_catalog_lookup_ms_p95": summary(lookup_ms)["p95"],
        },
        "goal_ms_p95": 50,
        "scans": args.scans,
        "products": len(codes),
        "what": ("key Enter in the code field → basket row, coupon list, promotions strip and total repainted, "
                 "real main window offscreen at 1180×720, demo SQLite database, a new sale every "
                 f"{BASKET_SIZE} scans, member {MEMBER} identified for the second half"),
        "machine": machine(("PySide6", "SQLAlchemy")),
    })


if __name__ == "__main__":
    main()
