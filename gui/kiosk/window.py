"""The coupon kiosk's one full-screen window: hold a product up, see its coupons, claim with a phone number.

Customer-facing and unattended: no menus, no operator pages; closing needs an
administrator's PIN. Every database call runs on the task runner with the current
shopper as its owner: the inactivity reset destroys that owner, so a late answer for
the previous shopper is dropped and never shown to the next one.
"""

from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common.camera_view import CameraView
from gui.common.i18n import error_text, reason_text
from gui.common.promotion_texts import promotion_html
from gui.common.tasks import TaskRunner
from gui.kiosk.keypad import NumericKeypad
from services.catalog.records import ProductInfo
from services.core.errors import DeskError, ErrorCode
from services.core.masking import mask_name
from services.core.money import format_fen
from services.core.records import OperatorInfo
from services.core.settings import Settings
from services.coupons.kiosk import mask_entry, member_key, unlock_with_admin_pin
from services.coupons.members import is_member_code
from services.coupons.records import ClaimedCoupon, MemberInfo, PromotedItem, RankedOffer

if TYPE_CHECKING:
    from devices.camera import FrameSource
    from gui.common.camera_scanner import CameraScanner
    from gui.device_hub import DeviceHub
    from services.desk import Desk

MAX_OFFERS = 5

STYLE = """
QWidget#kiosk { background: #fff8ee; }
QLabel { color: #222; font-size: 16pt; }
QLabel#kioskTitle { font-size: 30pt; font-weight: bold; color: #b3261e; }
QLabel#kioskProduct { font-size: 26pt; font-weight: bold; }
QLabel#kioskBig { font-size: 24pt; }
QLabel#kioskEntry { font-size: 34pt; font-weight: bold; background: white; border: 2px solid #bbb;
                    border-radius: 8px; padding: 6px 14px; min-height: 56px; }
QLabel#kioskMember { font-size: 18pt; color: #1b5e20; }
QFrame#offerRow { background: white; border: 1px solid #e0cfc0; border-radius: 10px; }
QPushButton { font-size: 18pt; padding: 10px 22px; border-radius: 8px; }
QPushButton#claimButton { background: #b3261e; color: white; font-weight: bold; }
QPushButton#claimButton:disabled { background: #c8e6c9; color: #1b5e20; }
QPushButton#adminButton { font-size: 11pt; padding: 2px 8px; background: transparent; color: #bbb; border: none; }
"""


class KioskWindow(QWidget):
    exit_requested = Signal()

    ATTRACT, PRODUCT, KEYPAD = 0, 1, 2

    def __init__(self, settings: Settings, tasks: TaskRunner, language: str, devices: DeviceHub,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setWindowTitle(self.tr("Coupon kiosk"))
        self.settings = settings
        self.tasks = tasks
        self.language = language
        self.devices = devices
        self.desk: Desk | None = None
        self.camera: CameraScanner | None = None
        self.unlocked = False
        self.shopper = QObject(self)  # owner of the tasks asked for this shopper; replaced by reset()
        self.product: ProductInfo | None = None
        self.offers: list[RankedOffer] = []
        self.member: MemberInfo | None = None
        self.pending_claim: int | None = None
        self.claiming = False
        self.entry_mode = "member"  # or "admin"
        self._shown_at = 0.0
        self._ignored_code = ""
        self._ignore_until = 0.0

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.reset)

        title = QLabel(self.tr("Coupons for what you hold up"))
        title.setObjectName("kioskTitle")
        self.member_label = QLabel()
        self.member_label.setObjectName("kioskMember")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.member_label)

        self.camera_view = CameraView()
        self.camera_view.setMinimumSize(420, 320)
        camera_hint = QLabel(self.tr("Hold the barcode up to the camera"))
        camera_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        camera_column = QVBoxLayout()
        camera_column.addWidget(self.camera_view, 1)
        camera_column.addWidget(camera_hint)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._attract_page())
        self.stack.addWidget(self._product_page())
        self.stack.addWidget(self._keypad_page())

        body = QHBoxLayout()
        body.addLayout(camera_column, 2)
        body.addWidget(self.stack, 3)

        self.message = QLabel()
        self.message.setObjectName("kioskBig")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(48)
        admin = QPushButton("⚙")
        admin.setObjectName("adminButton")
        admin.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        admin.setToolTip(self.tr("Staff: close the kiosk"))
        admin.clicked.connect(self.ask_admin_pin)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(admin, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 12)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addLayout(footer)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self._show_member()

    # -- pages ----------------------------------------------------------------------------

    def _attract_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        big = QLabel(self.tr("Hold a product up to the camera to see its coupons."))
        big.setObjectName("kioskProduct")
        big.setWordWrap(True)
        members = QLabel(self.tr("Members: claim them with your phone number — no app needed."))
        members.setWordWrap(True)
        self.featured = QLabel()
        self.featured.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(big)
        layout.addWidget(members)
        layout.addSpacing(12)
        layout.addWidget(self.featured, 1, Qt.AlignmentFlag.AlignTop)
        return page

    def _product_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.product_label = QLabel()
        self.product_label.setObjectName("kioskProduct")
        self.product_label.setTextFormat(Qt.TextFormat.RichText)
        self.product_label.setWordWrap(True)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(8)
        self.no_offers = QLabel(self.tr("No coupons for this product today."))
        self.related = QLabel()
        self.related.setTextFormat(Qt.TextFormat.RichText)
        self.identify_button = QPushButton(self.tr("Enter phone or member number"))
        self.identify_button.setObjectName("identifyButton")
        self.identify_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.identify_button.clicked.connect(lambda: self.ask_member())
        layout.addWidget(self.product_label)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.no_offers)
        layout.addWidget(self.related)
        layout.addStretch(1)
        layout.addWidget(self.identify_button)
        self.offer_rows: list[QFrame] = []
        return page

    def _keypad_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.keypad_prompt = QLabel()
        self.keypad_prompt.setObjectName("kioskBig")
        self.keypad_prompt.setWordWrap(True)
        self.entry = QLabel()
        self.entry.setObjectName("kioskEntry")
        self.keypad = NumericKeypad()
        self.keypad.changed.connect(self._entry_changed)
        self.keypad.submitted.connect(self._entry_submitted)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        cancel.clicked.connect(self._cancel_entry)
        layout.addWidget(self.keypad_prompt)
        layout.addWidget(self.entry)
        layout.addWidget(self.keypad, 1)
        layout.addWidget(cancel)
        return page

    @property
    def screen_name(self) -> str:
        return ("attract", "product", "keypad")[self.stack.currentIndex()]

    # -- desk and camera --------------------------------------------------------------------

    def attach_desk(self, desk: Desk, camera: bool = True) -> None:
        self.desk = desk
        self.tasks.db(desk.promotions.featured, self.settings.store_code, None, 4,
                      owner=self.shopper, done=self._featured, failed=self._failed)
        if camera:
            self.start_camera()

    def _featured(self, items: list[PromotedItem]) -> None:
        self.featured.setText(f"<p><b>{html.escape(self.tr('This week in store'))}</b></p>"
                              + promotion_html(items, self._zh) if items else "")

    def start_camera(self) -> None:
        assert self.desk is not None
        self.camera_view.set_status("starting", "")
        if self.settings.camera.source == "demo":
            self.tasks.db(self.desk.catalog.search, "", owner=self, done=self._open_camera, failed=self._camera_failed)
        else:
            self._open_camera([])

    def _open_camera(self, demo_products: list[ProductInfo]) -> None:
        from gui.device_hub import DEMO_CAMERA_PRODUCTS, make_camera_source

        codes = [p.code for p in demo_products[:DEMO_CAMERA_PRODUCTS]]
        # No owner: an opened source must reach _camera_source_ready even after the window is gone, to be closed.
        self.tasks.io(make_camera_source, self.settings.camera, self.devices.demo_camera_folder, codes,
                      done=self._camera_source_ready, failed=self._camera_failed)

    def _camera_source_ready(self, source: FrameSource) -> None:
        if not shiboken6.isValid(self) or self.unlocked:
            source.close()
            return
        from gui.common.camera_scanner import CameraScanner

        cfg = self.settings.camera
        self.camera = CameraScanner(source, frames_to_agree=cfg.frames_to_agree,
                                    repeat_window_s=cfg.repeat_window_ms / 1000, parent=self)
        self.camera.attach(self.camera_view)
        self.camera.code_read.connect(self.scan)
        self.camera.start()

    def _camera_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):  # the ownerless camera task above
            self.camera_view.set_status("lost", str(exc))
            self._say(self.tr("The camera is not working. Please ask at the counter."), bad=True)

    def stop_camera(self) -> None:
        camera, self.camera = self.camera, None
        if camera is not None:
            camera.stop()

    # -- the shopper ----------------------------------------------------------------------------

    @property
    def _zh(self) -> bool:
        return self.language.startswith("zh")

    def scan(self, code: str) -> None:
        """A code from the camera or a scanner: a member card identifies, a product shows its coupons."""
        code = code.strip()
        if self.desk is None or not code:
            return
        if is_member_code(code):
            self._touched()
            self._find_member(code)
            return
        now = time.monotonic()
        if self.product is not None and code == self.product.code:
            return  # still held up: not a new scan
        if code == self._ignored_code and now < self._ignore_until:
            return  # the last shopper's product still lying in view
        busy = self.claiming or self.stack.currentIndex() == self.KEYPAD
        if self.product is not None and (busy or now - self._shown_at < self.settings.display.kiosk_hold_s):
            return  # let the shopper finish with this product first
        self._touched()
        self.tasks.db(self.desk.catalog.lookup, code, owner=self.shopper, done=self._product_found,
                      failed=self._failed)

    def _product_found(self, product: ProductInfo) -> None:
        self.product = product
        self._shown_at = time.monotonic()
        en = f"<br><span style='font-size:14pt; color:#666'>{html.escape(product.name_en)}</span>" \
            if product.name_en else ""
        self.product_label.setText(f"{html.escape(product.name)}   {format_fen(product.price_fen)}{en}")
        self._say("")
        self.stack.setCurrentIndex(self.PRODUCT)
        self._load_offers()

    def _load_offers(self) -> None:
        if self.desk is None or self.product is None:
            return
        items, code = [(self.product.code, 1)], self.product.code
        member_id = self.member.id if self.member else None
        store = self.settings.store_code
        self.tasks.db(self.desk.coupons.ranked_offers, items, code, store, member_id,
                      owner=self.shopper, done=self._show_offers, failed=self._failed)
        self.tasks.db(self.desk.promotions.suggestions, items, code, store, member_id, None, 3,
                      owner=self.shopper, done=self._show_related, failed=self._failed)

    def _show_offers(self, offers: list[RankedOffer]) -> None:
        self.offers = offers[:MAX_OFFERS]
        for row in self.offer_rows:
            self.rows_box.removeWidget(row)
            row.deleteLater()
        self.offer_rows = [self._offer_row(ranked) for ranked in self.offers]
        for row in self.offer_rows:
            self.rows_box.addWidget(row)
        self.no_offers.setVisible(not self.offers)

    def _offer_row(self, ranked: RankedOffer) -> QFrame:
        o = ranked.offer
        row = QFrame()
        row.setObjectName("offerRow")
        text = QLabel()
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        en = f"<br><span style='font-size:12pt; color:#666'>{html.escape(o.title_en)}</span>" if o.title_en else ""
        why = html.escape(reason_text(ranked.reason, ranked.params))
        text.setText(f"<b>{html.escape(o.title)}</b>{en}<br><span style='color:#b3261e'>{why}</span>")
        full = self.member is not None and o.claimed_by_member >= o.per_member_limit
        button = QPushButton(self.tr("Claimed ✓") if full else self.tr("Claim"))
        button.setObjectName("claimButton")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setEnabled(not full)
        button.clicked.connect(lambda: self.claim(o.template_id))
        layout = QHBoxLayout(row)
        layout.addWidget(text, 1)
        layout.addWidget(button)
        return row

    def _show_related(self, items: list[PromotedItem]) -> None:
        self.related.setText(f"<p><b>{html.escape(self.tr('You may also like'))}</b></p>"
                             + promotion_html(items, self._zh) if items else "")

    # -- member and claim ---------------------------------------------------------------------------

    def claim(self, template_id: int) -> None:
        """One tap: claims for the identified shopper, or asks who they are first and then claims."""
        if self.claiming or self.desk is None:
            return
        if self.member is None:
            self.pending_claim = template_id
            self.ask_member()
            return
        self.claiming = True
        self._say(self.tr("Claiming…"))
        self.tasks.db(self.desk.coupons.claim, template_id, self.member.id, self.settings.store_code, None,
                      owner=self.shopper, done=self._claimed, failed=self._claim_failed)

    def _claimed(self, claimed: ClaimedCoupon) -> None:
        self.claiming = False
        title = claimed.title if self._zh or not claimed.title_en else f"{claimed.title} ({claimed.title_en})"
        self._say(self.tr("Done! “{title}” is now in your member account; the cashier applies it at checkout.")
                  .format(title=title))
        self._load_offers()

    def _claim_failed(self, exc: BaseException) -> None:
        self.claiming = False
        self._failed(exc)
        self._load_offers()

    def ask_member(self) -> None:
        self.entry_mode = "member"
        self.keypad.max_digits = 11
        self.keypad.clear()
        self.keypad_prompt.setText(self.tr("Type your phone number or member number, then OK."))
        self.stack.setCurrentIndex(self.KEYPAD)

    def ask_admin_pin(self) -> None:
        self._touched()
        self.entry_mode = "admin"
        self.keypad.max_digits = 8
        self.keypad.clear()
        self.keypad_prompt.setText(self.tr("Staff only: administrator PIN to close the kiosk."))
        self.stack.setCurrentIndex(self.KEYPAD)

    def _entry_changed(self, text: str) -> None:
        self.entry.setText("•" * len(text) if self.entry_mode == "admin" else mask_entry(text))

    def _entry_submitted(self, text: str) -> None:
        if self.desk is None:
            return
        if self.entry_mode == "admin":
            self.keypad.clear()
            self.tasks.db(unlock_with_admin_pin, self.desk.auth, text,
                          owner=self.shopper, done=self._unlocked, failed=self._failed)
            return
        try:
            key = member_key(text)
        except DeskError as exc:
            self._failed(exc)
            return
        self._find_member(key)

    def _find_member(self, key: str) -> None:
        assert self.desk is not None
        self.tasks.db(self.desk.coupons.find_member, key, owner=self.shopper, done=self._member_found,
                      failed=self._member_failed)

    def _member_found(self, member: MemberInfo) -> None:
        self.member = member
        self.keypad.clear()
        self._show_member()
        self.stack.setCurrentIndex(self.PRODUCT if self.product is not None else self.ATTRACT)
        self._say(self.tr("Hello! Tap Claim on any coupon.") if self.product is not None
                  else self.tr("Hello! Now hold a product up to the camera."))
        pending, self.pending_claim = self.pending_claim, None
        if pending is not None:
            self.claim(pending)
        else:
            self._load_offers()

    def _member_failed(self, exc: BaseException) -> None:
        self.keypad.clear()
        if isinstance(exc, DeskError) and exc.code is ErrorCode.UNKNOWN_MEMBER:
            self._say(self.tr("We could not find that number. Check it and try again, or ask at the counter."),
                      bad=True)
            return
        self._failed(exc)

    def _cancel_entry(self) -> None:
        self.keypad.clear()
        self.pending_claim = None
        self.stack.setCurrentIndex(self.PRODUCT if self.product is not None else self.ATTRACT)

    def _show_member(self) -> None:
        m = self.member
        self.member_label.setText(f"{mask_name(m.name)} · {m.phone_masked}" if m is not None else "")
        self.identify_button.setVisible(m is None)

    # -- inactivity, exit ---------------------------------------------------------------------------

    def _touched(self) -> None:
        self.idle_timer.start(max(1, self.settings.display.kiosk_idle_s) * 1000)

    def reset(self) -> None:
        """Forget the shopper: member, product, coupons, typed digits; back to the attract screen."""
        # Answers still on their way for this shopper are dropped: their owner is gone.
        shiboken6.delete(self.shopper)
        self.shopper = QObject(self)
        if self.product is not None:
            self._ignored_code = self.product.code
            self._ignore_until = time.monotonic() + self.settings.display.kiosk_hold_s
        self.product = None
        self.member = None
        self.offers = []
        self.pending_claim = None
        self.claiming = False
        self.keypad.clear()
        self._show_offers([])
        self.no_offers.hide()
        self.product_label.clear()
        self.related.clear()
        self._show_member()
        self._say("")
        self.stack.setCurrentIndex(self.ATTRACT)
        self.idle_timer.stop()

    def _unlocked(self, operator: OperatorInfo) -> None:
        self.unlocked = True
        self.exit_requested.emit()
        self.close()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        self._say(error_text(exc), bad=True)

    def _say(self, text: str, bad: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e; font-weight: bold;" if bad else "color: #1b5e20;")
        self.message.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress) \
                and isinstance(watched, QWidget) and (watched is self or self.isAncestorOf(watched)):
            self._touched()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A keyboard at the kiosk types on the keypad; Escape and the like do nothing."""
        if self.stack.currentIndex() == self.KEYPAD:
            key = event.key()
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
                self.keypad.press(event.text())
            elif key == Qt.Key.Key_Backspace:
                self.keypad.press("back")
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.keypad.press("ok")
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.unlocked:
            event.ignore()  # only an administrator's PIN closes the kiosk
            self.ask_admin_pin()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
        self.stop_camera()
        super().closeEvent(event)
