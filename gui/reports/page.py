"""The Reports page: a date range, charts and figures, export to PDF and CSV (UTF-8 with BOM).

Administrators see sales (by hour and day, payment methods, coupons and what they saved) and
the parcel figures; the property desk sees its own parcel figures only. The queries are
``services/reports`` (SQL aggregation on the database worker); charts are pyqtgraph, whose
import (with numpy, about a second) happens the first time a chart is drawn — never on the
way to the first painted window, nor at login.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.context import PageContext
from gui.page import Page
from services.core.errors import DeskError
from services.core.money import format_fen

if TYPE_CHECKING:
    from services.reports.queries import ParcelReport, SalesReport

BOM = "\ufeff"


def desk_zone() -> ZoneInfo:
    """The desk's time zone: the machine's, as an IANA zone when it can be named (else Shanghai)."""
    from datetime import datetime

    name = getattr(datetime.now().astimezone().tzinfo, "key", None)
    try:
        return ZoneInfo(name) if name else _system_zone()
    except Exception:
        return ZoneInfo("Asia/Shanghai")


def _system_zone() -> ZoneInfo:
    try:
        link = Path("/etc/localtime").resolve()
        return ZoneInfo(str(link).split("zoneinfo/", 1)[1])
    except Exception:
        return ZoneInfo("Asia/Shanghai")


class ReportsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.show_sales = ctx.operator.role == "admin"
        self.tz = desk_zone()
        self.sales: SalesReport | None = None
        self.parcels: ParcelReport | None = None
        self.charts: list[Any] = []
        self._pending = 0

        today = date.today()
        week_ago = today - timedelta(days=6)
        self.from_edit = QDateEdit(QDate(week_ago.year, week_ago.month, week_ago.day))
        self.to_edit = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.clicked.connect(self.load)
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.clicked.connect(self._ask_csv)
        for b in (self.pdf_button, self.csv_button):
            b.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.to_edit)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.csv_button)

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #555; font-size: 14px;")
        self.empty_label.setVisible(False)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        self._loaded_once = False

    def title(self) -> str:
        return self.tr("Reports")

    def activated(self) -> None:
        if not self._loaded_once:
            self.load()

    # -- loading ----------------------------------------------------------------------------------

    def range(self) -> tuple[date, date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()  # type: ignore[return-value]

    def load(self) -> None:
        start, end = self.range()
        self._loaded_once = True
        self.sales, self.parcels = None, None
        self.show_button.setEnabled(False)
        self.notice.setText(self.tr("Counting…"))
        self.notice.setStyleSheet("")
        reports = self.ctx.desk.reports
        self._pending = 2 if self.show_sales else 1
        if self.show_sales:
            self.ctx.tasks.db(reports.sales, start, end, self.tz, done=self._sales_ready, failed=self._failed)
        self.ctx.tasks.db(reports.parcels, start, end, self.tz, done=self._parcels_ready, failed=self._failed)

    def _sales_ready(self, report: SalesReport) -> None:
        self.sales = report
        self._one_done()

    def _parcels_ready(self, report: ParcelReport) -> None:
        self.parcels = report
        self._one_done()

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.show_button.setEnabled(True)
            self.notice.clear()
            self._render()

    def _failed(self, exc: BaseException) -> None:
        self._pending = 0
        self.show_button.setEnabled(True)
        if not isinstance(exc, DeskError):
            raise exc
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.setText(error_text(exc))

    # -- showing ----------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        sales_empty = self.sales is None or self.sales.empty
        parcels_empty = self.parcels is None or self.parcels.empty
        return sales_empty and parcels_empty

    def _render(self) -> None:
        for chart in self.charts:
            self.grid.removeWidget(chart)
            chart.deleteLater()
        self.charts = []
        start, end = self.range()
        empty = self.is_empty()
        self.empty_label.setVisible(empty)
        self.pdf_button.setEnabled(not empty)
        self.csv_button.setEnabled(not empty)
        if empty:
            self.summary.clear()
            what = (self.tr("No sales, coupons, parcels or face pickups") if self.show_sales
                    else self.tr("No parcels or face pickups"))
            self.empty_label.setText(self.tr("{what} between {start} and {end}. Choose another range above; "
                                             "days are counted in the desk's time zone ({zone}).").format(
                what=what, start=start.isoformat(), end=end.isoformat(), zone=str(self.tz)))
            return
        self.summary.setText(self.summary_text())
        charts: list[tuple[str, list[str], list[float]]] = []
        if self.sales is not None and not self.sales.empty:
            s = self.sales
            charts += [
                (self.tr("Sales by day (¥)"), [b.key[5:] for b in s.by_day], [b.total_fen / 100 for b in s.by_day]),
                (self.tr("Orders by hour"), [b.key for b in s.by_hour], [float(b.count) for b in s.by_hour]),
                (self.tr("Payment methods (¥)"), [self.method_name(b.key) for b in s.by_method],
                 [b.total_fen / 100 for b in s.by_method]),
                (self.tr("Money saved by coupons (¥)"), [b.key for b in s.by_coupon], [b.total_fen / 100 for b in s.by_coupon]),
                (self.tr("Promoted products sold while promoted (lines)"), [b.key for b in s.by_promotion],
                 [float(b.count) for b in s.by_promotion]),
            ]
        if self.parcels is not None:
            p = self.parcels
            charts += [
                (self.tr("Parcels stored by day"), [b.key[5:] for b in p.by_day], [float(b.count) for b in p.by_day]),
                (self.tr("Pickups by hour at the lockers"), [b.key for b in p.pickups_by_hour],
                 [float(b.count) for b in p.pickups_by_hour]),
                (self.tr("Face pickup decisions"), [self.outcome_name(b.key) for b in p.face_decisions],
                 [float(b.count) for b in p.face_decisions]),
            ]
        # A chart with nothing to draw (no coupon used, no face decision) is left out; the
        # summary above still gives its zero.
        charts = [c for c in charts if c[1] and any(c[2])]
        for i, (title, labels, values) in enumerate(charts):
            chart = bar_chart(title, labels, values)
            self.charts.append(chart)
            self.grid.addWidget(chart, i // 2, i % 2)

    def summary_text(self) -> str:
        parts = []
        if self.sales is not None:
            s = self.sales
            parts.append(self.tr("{orders} orders, {sales}; {refunds} refunds ({refunded}); coupons: {claimed} claimed, "
                                 "{used} used, {saved} saved.").format(
                orders=s.orders, sales=format_fen(s.sales_fen), refunds=s.refunds, refunded=format_fen(s.refunds_fen),
                claimed=s.coupons_claimed, used=s.coupons_used, saved=format_fen(s.coupon_savings_fen)))
        if self.parcels is not None:
            p = self.parcels
            dwell = (self.tr("median {h} h").format(h=p.dwell_hours_median) if p.dwell_hours_median is not None
                     else self.tr("no pickups"))
            parts.append(self.tr("Parcels: {stored} stored, {picked} picked up, {overdue} overdue, {recalled} recalled; "
                                 "time in the locker {dwell}. Face pickups: {accepted} accepted, {code} sent to the "
                                 "pickup code.").format(
                stored=p.stored, picked=p.picked_up, overdue=p.overdue, recalled=p.recalled, dwell=dwell,
                accepted=p.face_accepted, code=p.face_to_code))
        return "\n".join(parts)

    def method_name(self, key: str) -> str:
        return {"cash": self.tr("cash"), "card": self.tr("card"), "qr": self.tr("QR")}.get(key, key)

    def outcome_name(self, key: str) -> str:
        return {"recognised": self.tr("accepted"), "not_recognised": self.tr("not recognised"),
                "ambiguous": self.tr("ambiguous"), "timeout": self.tr("timed out"),
                "liveness_failed": self.tr("no blink"), "released": self.tr("released")}.get(key, key)

    # -- export -----------------------------------------------------------------------------------

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), "report.csv", "CSV (*.csv)")
        if path:
            self.export_csv(Path(path))

    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export PDF"), "report.pdf", "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path))

    def export_csv(self, path: Path) -> bool:
        from services.reports.queries import parcels_csv, sales_csv

        text = ""
        if self.sales is not None:
            text += sales_csv(self.sales)
        if self.parcels is not None:
            text += parcels_csv(self.parcels)
        try:
            path.write_text(BOM + text, encoding="utf-8", newline="")
        except OSError as exc:
            return self._export_failed(path, exc)
        self._exported(path)
        return True

    def export_pdf(self, path: Path) -> bool:
        """The summary and every chart as they are on screen, one A4 page per two charts."""
        from PySide6.QtCore import QMarginsF, QRect
        from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

        writer = QPdfWriter(str(path))
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(12, 12, 12, 12)))
        writer.setResolution(120)
        painter = QPainter()
        if not painter.begin(writer):
            return self._export_failed(path, OSError(f"cannot write {path}"))
        try:
            area = painter.viewport()
            start, end = self.range()
            painter.drawText(QRect(0, 0, area.width(), 60), 0,
                             self.tr("CounterDesk report {start} – {end}").format(start=start, end=end)
                             + "\n" + self.summary_text())
            y = 140
            for chart in self.charts:
                pixmap = chart.grab()
                h = int(area.width() * pixmap.height() / max(1, pixmap.width()))
                if y + h > area.height():
                    writer.newPage()
                    y = 0
                painter.drawPixmap(QRect(0, y, area.width(), h), pixmap)
                y += h + 20
        finally:
            painter.end()
        self._exported(path)
        return True

    def _exported(self, path: Path) -> None:
        self.notice.setStyleSheet("color: #1b5e20;")
        self.notice.setText(self.tr("Saved {path}").format(path=path))

    def _export_failed(self, path: Path, exc: OSError) -> bool:
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.setText(self.tr("Could not save {path}: {error}").format(path=path, error=exc.strerror or exc))
        return False


def bar_chart(title: str, labels: list[str], values: list[float]) -> QWidget:
    """A bar chart (pyqtgraph, imported on the first chart drawn) with the labels under the bars."""
    import pyqtgraph as pg  # type: ignore[import-untyped]

    plot = pg.PlotWidget(background="w")
    plot.setTitle(title, color="#222")
    plot.setMinimumHeight(220)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    xs = list(range(len(values)))
    if values:
        plot.addItem(pg.BarGraphItem(x=xs, height=values, width=0.7, brush="#3d7ab8"))
    step = max(1, len(labels) // 12)  # at most a dozen labels: a month of days stays readable
    plot.getAxis("bottom").setTicks([[(i, labels[i]) for i in range(0, len(labels), step)]])
    plot.setYRange(0, max(values, default=0) * 1.1 or 1)
    widget: QWidget = plot
    return widget


