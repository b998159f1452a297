"""The customer display: a second, customer-facing window (second monitor) that follows the till.

Large type, Chinese names first with the English underneath. Idle: welcome and the
store's featured products. Basket: the lines, the total, the member (masked), the
coupons for them and the promoted products. Paid: thank you and what was paid. It
renders the snapshots of gui/cashier/display_feed.py, types in gui/customer_display/state.py and touches nothing else.
"""

from __future__ import annotations

import contextlib
import copy
import html
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from gui.common.promotion_texts import promotion_html, promotion_text, two_languages
from gui.common.tasks import TaskRunner
from gui.customer_display.state import DisplayFeed, DisplayState
from gui.page import Page
from services.core.money import format_fen
from services.core.settings import Settings, save_settings

log = logging.getLogger(__name__)

MAX_LINES = 9  # the latest lines; the count and the total cover the rest
MAX_SIDE_OFFERS = 3
MAX_SIDE_PROMOTIONS = 3

STYLE = """
QWidget#customerDisplay { background: #fdfaf3; }
QLabel { color: #222; }
QLabel#cdHeading { font-size: 30pt; font-weight: bold; color: #8a1c1c; }
QLabel#cdMember { font-size: 16pt; color: #1b5e20; }
QLabel#cdLines { font-size: 17pt; }
QLabel#cdTotal { font-size: 34pt; font-weight: bold; color: #8a1c1c; }
QLabel#cdSide { font-size: 13pt; }
QLabel#cdPaid { font-size: 40pt; font-weight: bold; color: #1b5e20; }
QLabel#cdPaidDetail { font-size: 20pt; }
QLabel#cdFeatured { font-size: 17pt; }
"""


class CustomerDisplay(QWidget):
    closed = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        # Customer-facing: it never takes the keyboard (or the scanner's keystrokes) from the till.
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setObjectName("customerDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("CounterDesk — customer display"))
        self.language = language
        self.state = DisplayState()
        self.feed: DisplayFeed | None = None

        self.heading = QLabel()
        self.heading.setObjectName("cdHeading")
        self.member = QLabel()
        self.member.setObjectName("cdMember")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.member)

        # idle
        self.featured = QLabel()
        self.featured.setObjectName("cdFeatured")
        self.featured.setTextFormat(Qt.TextFormat.RichText)
        idle = QWidget()
        idle_layout = QVBoxLayout(idle)
        self.idle_hint = QLabel()
        self.idle_hint.setObjectName("cdSide")
        idle_layout.addWidget(self.idle_hint)
        idle_layout.addWidget(self.featured, 1, Qt.AlignmentFlag.AlignTop)

        # basket
        self.lines = QLabel()
        self.lines.setObjectName("cdLines")
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.total = QLabel()
        self.total.setObjectName("cdTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.side = QLabel()
        self.side.setObjectName("cdSide")
        self.side.setTextFormat(Qt.TextFormat.RichText)
        self.side.setWordWrap(True)
        self.side.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.side.setMaximumWidth(520)
        basket = QWidget()
        basket_layout = QHBoxLayout(basket)
        left = QVBoxLayout()
        left.addWidget(self.lines, 1)
        left.addWidget(self.total)
        basket_layout.addLayout(left, 3)
        basket_layout.addWidget(self.side, 2)

        # paid
        paid = QWidget()
        paid_layout = QVBoxLayout(paid)
        self.paid_title = QLabel()
        self.paid_title.setObjectName("cdPaid")
        self.paid_detail = QLabel()
        self.paid_detail.setObjectName("cdPaidDetail")
        for label in (self.paid_title, self.paid_detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            paid_layout.addWidget(label)

        self.pages = QStackedWidget()
        for widget in (idle, basket, paid):
            self.pages.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.render(self.state)

    def follow(self, feed: DisplayFeed | None) -> None:
        """Render ``feed``'s snapshots from now on (None: the idle screen, e.g. nobody logged in)."""
        if self.feed is not None and shiboken6.isValid(self.feed):
            with contextlib.suppress(RuntimeError, TypeError):
                self.feed.changed.disconnect(self.render)
        self.feed = feed
        if feed is not None:
            feed.changed.connect(self.render)
            feed.schedule()
        else:
            self.render(DisplayState())

    def render(self, state: DisplayState) -> None:
        self.state = state
        zh = self.language.startswith("zh")
        self.member.setText(self.tr("Member: {member}").format(member=state.member) if state.member else "")
        if state.phase == "paid":
            self.heading.setText(self.tr("Thank you!"))
            self.paid_title.setText(self.tr("Paid {amount}").format(amount=format_fen(state.paid_total_fen)))
            parts = []
            if state.paid_discount_fen:
                parts.append(self.tr("You saved {amount}").format(amount=format_fen(state.paid_discount_fen)))
            if state.change_fen:
                parts.append(self.tr("Change {amount}").format(amount=format_fen(state.change_fen)))
            parts.append(self.tr("Order {number}").format(number=state.order_number))
            self.paid_detail.setText("\n".join(parts))
            self.pages.setCurrentIndex(2)
            return
        if state.phase == "idle":
            self.heading.setText(self.tr("Welcome"))
            self.idle_hint.setText(self.tr("Ask the cashier about this week's coupons.") if not state.promotions
                                   else self.tr("This week in store"))
            self.featured.setText(promotion_html(state.promotions, zh))
            self.pages.setCurrentIndex(0)
            return
        self.heading.setText(self.tr("Your basket"))
        shown = state.lines[-MAX_LINES:]
        rows = "".join(
            f"<tr><td style='padding:3px 14px 3px 0'>{two_languages(line.name, line.name_en, 11)}</td>"
            f"<td align='right' style='padding:3px 10px'>{line.quantity} × {format_fen(line.unit_price_fen)}</td>"
            f"<td align='right' style='padding:3px 0'><b>{format_fen(line.total_fen)}</b></td></tr>"
            for line in shown
        )
        more = len(state.lines) - len(shown)
        earlier_text = self.tr("… and %n earlier line(s)", "", more)
        earlier = f"<p style='color:#666'>{html.escape(earlier_text)}</p>" if more else ""
        self.lines.setText(earlier + f"<table width='100%'>{rows}</table>")
        total = self.tr("%n item(s)   Total {amount}", "", state.item_count).format(amount=format_fen(state.total_fen))
        if state.member_total_fen is not None:
            total += "   " + self.tr("{amount} with your coupons").format(amount=format_fen(state.member_total_fen))
        self.total.setText(total)
        side = ""
        if state.offers:
            side += f"<p><b>{html.escape(self.tr('Coupons for you'))}</b></p>"
            for offer in state.offers[:MAX_SIDE_OFFERS]:
                mark = html.escape(self.tr("claimed ✓ — used at checkout when best")) if offer.claimed else ""
                side += (f"<p style='margin:2px 0 8px 0'>{two_languages(offer.title, offer.title_en, 10)}<br>"
                         f"<span style='color:#8a1c1c'>{html.escape(offer.why)}</span>"
                         + (f"<br><span style='color:#1b5e20'>{mark}</span>" if mark else "") + "</p>")
        if state.promotions:
            side += f"<p><b>{html.escape(self.tr('You may also like'))}</b></p>"
            for item in state.promotions[:MAX_SIDE_PROMOTIONS]:
                side += (f"<p style='margin:2px 0 6px 0'>{html.escape(item.product.name)} "
                         f"<b>{format_fen(item.product.price_fen)}</b><br>"
                         f"<span style='color:#8a1c1c'>{html.escape(promotion_text(item, zh))}</span></p>")
        self.side.setText(side)
        self.pages.setCurrentIndex(1)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.follow(None)
        super().closeEvent(event)
        self.closed.emit()


class CustomerDisplayController(QObject):
    """The main window's "Customer display" menu action, remembered in Settings.display."""

    def __init__(self, settings: Settings, settings_file: Path, tasks: TaskRunner, language: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.settings_file = settings_file
        self.tasks = tasks
        self.language = language
        self.display: CustomerDisplay | None = None
        self.feed: DisplayFeed | None = None
        self.action = QAction(self.tr("Customer &display"), self)
        self.action.setCheckable(True)
        self.action.toggled.connect(self._toggled)
        if settings.display.enabled:
            self.action.setChecked(True)

    def follow(self, pages: list[Page]) -> None:
        feeds = [feed for page in pages if isinstance(feed := getattr(page, "feed", None), DisplayFeed)]
        self.feed = feeds[0] if feeds else None
        if self.display is not None:
            self.display.follow(self.feed)

    def _toggled(self, on: bool) -> None:
        if on:
            self._open()
        elif self.display is not None:
            display, self.display = self.display, None
            display.closed.disconnect(self._closed_by_user)
            display.close()
            display.deleteLater()
        if self.settings.display.enabled != on:
            self.settings.display.enabled = on
            self.tasks.io(save_settings, copy.deepcopy(self.settings), self.settings_file,
                          failed=lambda exc: log.warning("display setting not saved: %s", exc))

    def _open(self) -> None:
        if self.display is not None:
            return
        till = QApplication.activeWindow()
        display = CustomerDisplay(self.language)
        display.closed.connect(self._closed_by_user)
        self.display = display
        display.follow(self.feed)
        screens = QGuiApplication.screens()
        index = self.settings.display.screen
        if len(screens) > 1 and 0 <= index < len(screens):
            display.setGeometry(screens[index].geometry())
            display.showFullScreen()
        else:
            display.resize(1024, 640)  # one screen: an ordinary window beside the till
            display.show()
        if till is not None and till is not display:
            till.activateWindow()  # platforms that ignore WA_ShowWithoutActivating: the till keeps the keys

    def _closed_by_user(self) -> None:
        display, self.display = self.display, None
        if display is not None:
            display.deleteLater()
        self.action.setChecked(False)

    def shutdown(self) -> None:
        """The desk is closing: close the window but keep the setting for next time."""
        if self.display is not None:
            display, self.display = self.display, None
            display.closed.disconnect(self._closed_by_user)
            display.close()
