"""The cashier's till: scan or type codes, adjust quantities, see the running total."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.cashier.basket_model import BasketModel
from gui.cashier.checkout_dialog import CheckoutDialog, ReceiptDialog
from gui.cashier.coupon_panel import CouponPanel
from gui.cashier.display_feed import CustomerFeed
from gui.cashier.payfor_dialog import PayForDialog
from gui.cashier.promotions_strip import PromotionsStrip
from gui.cashier.receipt import queue_receipt
from gui.cashier.shift_prompt import ShiftBanner
from gui.common.camera_view import CameraView
from gui.common.i18n import error_text
from gui.common.style import ERROR, OK, TOUCH_MIN_PX, css
from gui.context import PageContext
from gui.page import Page

if TYPE_CHECKING:
    from devices.camera import FrameSource
    from gui.common.camera_scanner import CameraScanner
from services.catalog.records import ProductInfo
from services.checkout.basket import Basket
from services.checkout.records import OrderReceipt, TillView
from services.core.errors import DeskError
from services.core.money import format_fen
from services.coupons.members import is_member_code
from services.payfor.desk import GoodsLine

LONG_WORD = 48  # characters; a longer unbroken word in a message is elided in the middle


class CashierPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.basket = Basket()
        self.model = BasketModel(self.basket, ctx.language)

        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setPlaceholderText(self.tr("Scan or type a product code, then Enter"))
        self.code_edit.setClearButtonEnabled(True)
        self.code_edit.returnPressed.connect(self._submit_typed_code)
        add_button = QPushButton(self.tr("Add"))
        add_button.clicked.connect(self._submit_typed_code)

        self.table = QTableView()
        self.table.setObjectName("basketTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(BasketModel.NAME, QHeaderView.ResizeMode.Stretch)
        for col in (BasketModel.CODE, BasketModel.PRICE, BasketModel.QTY, BasketModel.TOTAL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(24)
        # A long unbroken input ("9" × 250) in a message must never widen the window.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        total_font = QFont(self.total_label.font())
        total_font.setPointSize(total_font.pointSize() * 2)
        total_font.setBold(True)
        self.total_label.setFont(total_font)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label = QLabel()
        self.member_total_label = QLabel()  # "¥Y with the member's coupons", under the total
        self.member_total_label.setObjectName("memberTotalLabel")
        self.member_total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.member_total_label.setStyleSheet(css(OK, bold=True))
        self.member_total_label.hide()

        plus = QPushButton(self.tr("+1  (+)"))
        plus.clicked.connect(lambda: self._change_quantity(+1))
        minus = QPushButton(self.tr("−1  (−)"))
        minus.clicked.connect(lambda: self._change_quantity(-1))
        remove = QPushButton(self.tr("Remove  (Del)"))
        remove.clicked.connect(self._remove_selected)
        new_sale = QPushButton(self.tr("New sale  (F9)"))
        new_sale.clicked.connect(self._new_sale)
        self.pay_button = QPushButton(self.tr("Pay  (F12)"))
        self.pay_button.setObjectName("payButton")
        self.pay_button.clicked.connect(self.checkout)
        self.payfor_button = QPushButton(self.tr("Paid by someone else"))
        self.payfor_button.clicked.connect(self.pay_for_another)
        self.coupons = CouponPanel(ctx)
        self.coupons.setMaximumWidth(340)
        self.coupons.message.connect(lambda text, bad: self._show_error(text) if bad else self._show_info(text))
        self.promotions = PromotionsStrip(ctx, self)
        self.promotions.setMaximumWidth(340)
        self.promotions.add_requested.connect(self._lookup)
        self.coupons.member_changed.connect(self._refresh_till)
        self.coupons.refresh_needed.connect(self._refresh_till)
        self._last_scanned = ""
        self.till: TillView | None = None  # the last answer that matches the basket (panels and best price)
        self.feed = CustomerFeed(self, parent=self)  # what the customer display shows (gui/customer_display/)
        self.last_receipt: OrderReceipt | None = None
        self.camera_button = QPushButton(self.tr("Camera  (F8)"))
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self._toggle_camera)
        self.camera_view = CameraView()
        self.camera_view.setMinimumWidth(240)
        self.camera_view.setMaximumWidth(320)  # the basket keeps the room it needs for names
        self.camera_view.hide()
        self.camera: CameraScanner | None = None
        self._camera_starting = False

        entry = QHBoxLayout()
        entry.addWidget(self.code_edit, 1)
        entry.addWidget(add_button)
        # Two rows, so the till fits 1180 px: the line's actions, then the totals beside the ways to pay.
        buttons = QHBoxLayout()
        for b in (plus, minus, remove, new_sale, self.camera_button, self.payfor_button, self.pay_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep focus in the code field for the next scan
            b.setMinimumHeight(TOUCH_MIN_PX)
        for b in (plus, minus, remove, new_sale, self.camera_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        pay_row = QHBoxLayout()
        totals = QVBoxLayout()
        totals.setSpacing(0)
        totals.addWidget(self.total_label)
        totals.addWidget(self.member_total_label)
        pay_row.addLayout(totals, 1)
        pay_row.addWidget(self.payfor_button)
        pay_row.addWidget(self.pay_button)

        basket_and_camera = QHBoxLayout()
        basket_and_camera.addWidget(self.table, 1)
        side = QVBoxLayout()
        side.addWidget(self.coupons, 1)
        side.addWidget(self.promotions)
        basket_and_camera.addLayout(side)
        basket_and_camera.addWidget(self.camera_view)
        layout = QVBoxLayout(self)
        self.shift_banner = ShiftBanner(ctx)
        layout.addWidget(self.shift_banner)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        layout.addLayout(basket_and_camera, 1)
        layout.addLayout(buttons)
        layout.addLayout(pay_row)

        for key, slot in (
            ("+", lambda: self._change_quantity(+1)),
            ("-", lambda: self._change_quantity(-1)),
            (QKeySequence.StandardKey.Delete, self._remove_selected),
            ("F9", self._new_sale),
            ("F8", self.camera_button.toggle),
            ("F2", self.coupons.claim_selected),
            ("F12", self.checkout),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_totals()
        self._refresh_till()

    def title(self) -> str:
        return self.tr("Cashier")

    def activated(self) -> None:
        self.shift_banner.refresh()
        self.code_edit.setFocus()

    # -- scanning ---------------------------------------------------------

    def handle_scan(self, code: str) -> bool:
        if is_member_code(code):
            self.coupons.identify(code)
        else:
            self._lookup(code)
        return True

    # -- camera -------------------------------------------------------------

    def _toggle_camera(self, on: bool) -> None:
        if on:
            self._start_camera()
        else:
            self._stop_camera()

    def _start_camera(self) -> None:
        if self.camera is not None or self._camera_starting:
            return
        self._camera_starting = True
        self.camera_view.show()
        self.table.setColumnHidden(BasketModel.CODE, True)  # room for names beside the camera (code in the tooltip)
        self.camera_view.set_status("starting", "")
        self.ctx.devices.status_changed.emit("camera", self.tr("starting…"), True)
        if self.ctx.settings.camera.source == "demo":
            self.ctx.tasks.db(self.ctx.desk.catalog.search, "", owner=self, done=self._open_camera, failed=self._camera_failed)
        else:
            self._open_camera([])

    def _open_camera(self, demo_products: list[ProductInfo]) -> None:
        from gui.device_hub import DEMO_CAMERA_PRODUCTS, make_camera_source

        codes = [p.code for p in demo_products[:DEMO_CAMERA_PRODUCTS]]
        self.ctx.tasks.io(make_camera_source, self.ctx.settings.camera, self.ctx.devices.demo_camera_folder, codes,
                          done=self._camera_source_ready, failed=self._camera_failed)

    def _camera_source_ready(self, source: FrameSource) -> None:
        self._camera_starting = False
        if not self.camera_button.isChecked():
            return  # switched off while the source was being prepared
        from gui.common.camera_scanner import CameraScanner  # numpy and OpenCV: only once a camera is used

        cfg = self.ctx.settings.camera
        self.camera = CameraScanner(source, frames_to_agree=cfg.frames_to_agree,
                                    repeat_window_s=cfg.repeat_window_ms / 1000, parent=self)
        self.camera.attach(self.camera_view)
        self.camera.code_read.connect(self._camera_code)
        self.camera.worker.status_changed.connect(self._camera_state)
        self.camera.start()

    def _camera_failed(self, exc: BaseException) -> None:
        self._camera_starting = False
        self._show_error(self.tr("The camera could not start: {error}").format(error=exc))
        self.ctx.devices.status_changed.emit("camera", self.tr("unavailable"), False)
        self.camera_button.setChecked(False)

    def _camera_state(self, state: str, _detail: str) -> None:
        texts = {"running": self.tr("scanning"), "starting": self.tr("starting…"), "lost": self.tr("lost — retrying"),
                 "ended": self.tr("video ended"), "stopped": self.tr("off")}
        self.ctx.devices.status_changed.emit("camera", texts.get(state, state), state != "lost")

    def _camera_code(self, code: str) -> None:
        self._lookup(code)

    def _stop_camera(self) -> None:
        camera, self.camera = self.camera, None
        self.camera_view.hide()
        self.table.setColumnHidden(BasketModel.CODE, False)
        self.camera_view.clear()
        if camera is not None:
            # Joining the capture threads can take a frame's time: not on the GUI thread.
            self.ctx.tasks.io(camera.stop, done=lambda _stopped: camera.deleteLater())
        self.ctx.devices.status_changed.emit("camera", self.tr("off"), True)

    def shutdown(self) -> None:
        if self.camera is not None:
            self.camera.stop()
            self.camera = None

    # -- typing ---------------------------------------------------------------

    def _submit_typed_code(self) -> None:
        code = self.code_edit.text()
        if not code.strip():
            return
        self.code_edit.clear()
        self.handle_scan(code)

    def _member_id(self) -> int | None:
        return self.coupons.member.id if self.coupons.member else None

    def _lookup(self, code: str) -> None:
        # One trip per scan: the product, its coupons, the promoted products and the member's price
        # (services/checkout/till.py). No key: every scan's product must reach the basket, even
        # when a later scan answers first; _apply shows only an answer that matches the basket.
        self.ctx.tasks.db(self.ctx.desk.till.scan, code, self.items(), self.ctx.settings.store_code,
                          self._member_id(), owner=self, done=self._scanned, failed=self._lookup_failed)

    def _scanned(self, view: TillView) -> None:
        product = view.product
        assert product is not None
        try:
            row = self.basket.add(product)
        except DeskError as exc:
            self._show_error(error_text(exc))
            return
        self.model.refresh()
        self.table.selectRow(row)
        name = product.name if self.ctx.language.startswith("zh") or not product.name_en else product.name_en
        self._show_info(self.tr("Added {name} — {price}").format(name=name, price=format_fen(product.price_fen)))
        self._last_scanned = product.code
        self._basket_changed(view)

    def _basket_changed(self, answer: TillView | None = None) -> None:
        """Every change of basket or member: the panels follow, never showing an older basket's answer."""
        self._check_in()
        self.till = None
        self._update_totals()
        if answer is not None and self._matches(answer):
            self._apply(answer)
        else:
            self._refresh_till()

    def _check_in(self) -> None:
        """An identified member's basket is their live group-buy information."""
        if self.coupons.member is not None:
            self.ctx.tasks.db(self.ctx.desk.groupbuy.check_in_at, self.coupons.member.id, self.ctx.settings.store_code,
                              self.basket.total_fen, self.basket.item_count,
                              failed=lambda e: logging.getLogger(__name__).warning("group-buy check-in: %s", e))

    def _refresh_till(self) -> None:
        self.till = None
        self._update_totals()
        self.ctx.tasks.db(self.ctx.desk.till.refresh, self.items(), self._last_scanned, self.ctx.settings.store_code,
                          self._member_id(), owner=self, key="till", done=self._apply, failed=self._lookup_failed)

    def _matches(self, view: TillView) -> bool:
        return view.items == tuple(self.items()) and view.member_id == self._member_id()

    def _apply(self, view: TillView) -> None:
        if not self._matches(view):
            return  # the basket changed since; its own refresh is on the way
        self.till = view
        self.coupons.show_offers(list(view.offers))
        self.promotions.show_items(list(view.promoted))
        self._update_totals()

    def items(self) -> list[tuple[str, int]]:
        return [(line.product.code, line.quantity) for line in self.basket.lines]

    # -- checkout -------------------------------------------------------------

    def checkout(self) -> CheckoutDialog | None:
        if not self.basket.lines:
            self._show_error(self.tr("The basket is empty."))
            return None
        dialog = CheckoutDialog(self.ctx, self.items(), self.coupons.member, self)
        dialog.accepted.connect(lambda: self._paid(dialog))
        dialog.open()
        return dialog

    def pay_for_another(self) -> PayForDialog | None:
        """The basket as an order someone else pays for (gui/cashier/payfor_dialog.py)."""
        if not self.basket.lines:
            self._show_error(self.tr("The basket is empty."))
            return None
        goods = [GoodsLine(ln.product.name, ln.quantity, ln.product.price_fen) for ln in self.basket.lines]
        dialog = PayForDialog(self.ctx, goods, self.coupons.member, self)
        dialog.accepted.connect(lambda: self._sent_to_payer(dialog))
        dialog.open()
        return dialog

    def _sent_to_payer(self, dialog: PayForDialog) -> None:
        if dialog.record is None:
            return
        self.basket.clear()
        self.model.refresh()
        self._last_scanned = ""
        self.coupons.clear_member()  # member_changed: the panels refresh for the empty basket
        self._show_info(self.tr("Order {number} sent: the payer gets a payment link").format(
            number=dialog.record.order_no))

    def _paid(self, dialog: CheckoutDialog) -> None:
        receipt = dialog.receipt
        if receipt is None:
            return
        self.last_receipt = receipt
        self.basket.clear()
        self.model.refresh()
        self._last_scanned = ""
        self.coupons.clear_member()  # member_changed: the panels refresh for the empty basket
        self.feed.paid(receipt)
        queue_receipt(self.ctx.devices.printing, receipt, self.ctx.language, self.ctx.settings.printer)
        self._show_info(self.tr("Paid {total}: order {number}").format(
            total=format_fen(receipt.quote.total_fen), number=receipt.number))
        ReceiptDialog(self.ctx, receipt, self).open()
        self.code_edit.setFocus()

    def _lookup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        self._show_error(error_text(exc))
        QApplication.beep()

    # -- editing the basket -----------------------------------------------

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.basket.lines) - 1 if self.basket.lines else None

    def _change_quantity(self, delta: int) -> None:
        row = self._selected_row()
        if row is None:
            return
        new_quantity = self.basket.lines[row].quantity + delta
        if new_quantity < 1:
            # Never delete a line as a side effect of −1: removal is its own, visible action.
            self._show_error(self.tr("The quantity is already 1: press Remove (Del) to take the line off."))
            QApplication.beep()
            return
        try:
            self.basket.set_quantity(row, new_quantity)
        except DeskError as exc:
            self._show_error(error_text(exc))
            return
        self.model.refresh()
        self.table.selectRow(row)
        self._basket_changed()

    def _remove_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        self.basket.remove(row)
        self.model.refresh()
        if self.basket.lines:
            self.table.selectRow(min(row, len(self.basket.lines) - 1))
        self._basket_changed()

    def _new_sale(self) -> None:
        if self.basket.lines:
            answer = QMessageBox.question(
                self,
                self.tr("New sale"),
                self.tr("Clear the basket (%n item(s), {total})?", "", self.basket.item_count).format(
                    total=format_fen(self.basket.total_fen)
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.basket.clear()
        self.model.refresh()
        self._last_scanned = ""
        self._basket_changed()
        self.message.clear()
        self.code_edit.setFocus()

    # -- feedback -----------------------------------------------------------

    def _update_totals(self) -> None:
        total = self.basket.total_fen
        best = self.best_total_fen()
        self.total_label.setText(self.tr("Total {amount}").format(amount=format_fen(total)))
        if best is not None and best < total:
            self.member_total_label.setText(self.tr("{best} with the member's coupons").format(best=format_fen(best)))
            self.member_total_label.show()
        else:
            self.member_total_label.clear()
            self.member_total_label.hide()
        self.count_label.setText(self.tr("%n item(s)", "", self.basket.item_count))
        self.ctx.till.open_sale_items = self.basket.item_count

    def best_total_fen(self) -> int | None:
        """The member's best price for this basket, when the current answer has one."""
        quote = self.till.quote if self.till is not None else None
        return quote.total_fen if quote is not None else None

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet(css(ERROR, bold=True))
        self._set_message(text)

    def _show_info(self, text: str) -> None:
        self.message.setStyleSheet(css(OK))
        self._set_message(text)

    def _set_message(self, text: str) -> None:
        """Words too long to wrap (a pasted 250-digit "code") are shortened; the tooltip has it all."""
        short = " ".join(w if len(w) <= LONG_WORD else f"{w[:LONG_WORD // 2]}…{w[-8:]}" for w in text.split(" "))
        self.message.setText(short)
        self.message.setToolTip(text if short != text else "")
