"""The cashier's coupon panel: who the member is, and the coupons the last scan surfaced, best first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text, reason_text
from gui.common.style import MUTED, OK, css
from gui.context import PageContext
from services.core.errors import DeskError
from services.coupons.records import ClaimedCoupon, MemberInfo, RankedOffer


class CouponPanel(QWidget):
    """Shows offers for the last scan; F2 (or double-click) claims the selected one for the member."""

    message = Signal(str, bool)  # text, is_error
    member_changed = Signal()
    refresh_needed = Signal()  # a claim changed what the offers say: the page asks the till again

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member: MemberInfo | None = None
        self.offers: list[RankedOffer] = []
        self._claiming = False

        self.member_edit = QLineEdit()
        self.member_edit.setObjectName("memberEdit")
        self.member_edit.setPlaceholderText(self.tr("Member card or phone, then Enter"))
        self.member_edit.returnPressed.connect(lambda: self.identify(self.member_edit.text()))
        self.member_label = QLabel(self.tr("No member"))
        self.member_label.setObjectName("memberLabel")
        clear = QPushButton(self.tr("Clear"))
        clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear.clicked.connect(self.clear_member)
        self.list = QListWidget()
        self.list.setObjectName("offerList")
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda _item: self.claim_selected())
        self.hint = QLabel(self.tr("Scan a product to see its coupons. F2 claims the selected one."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(css(MUTED))

        member_row = QHBoxLayout()
        member_row.addWidget(self.member_edit, 1)
        member_row.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("<b>Member</b>")))
        layout.addLayout(member_row)
        layout.addWidget(self.member_label)
        layout.addWidget(QLabel(self.tr("<b>Coupons for this scan</b>")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)

    # -- member -------------------------------------------------------------------

    def identify(self, text: str) -> None:
        if not text.strip():
            return
        self.ctx.tasks.db(self.ctx.desk.coupons.find_member, text, owner=self, done=self._member_found, failed=self._failed)

    def _member_found(self, member: MemberInfo) -> None:
        self.member = member
        self.member_edit.clear()
        self.member_label.setText(f"{member.name} · {member.member_code} · {member.phone_masked}")
        self.member_label.setStyleSheet(css(OK, bold=True))
        self.member_changed.emit()

    def clear_member(self) -> None:
        self.member = None
        self.member_label.setText(self.tr("No member"))
        self.member_label.setStyleSheet("")
        self.member_changed.emit()

    # -- offers -------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_needed.emit()

    def show_offers(self, offers: list[RankedOffer]) -> None:
        """The till's answer for the current basket (gui/cashier/page.py asks; this panel never does)."""
        self.offers = offers
        self.list.clear()
        zh = self.ctx.language.startswith("zh")
        for ranked in offers:
            o = ranked.offer
            title = o.title if zh or not o.title_en else o.title_en
            parts = [reason_text(ranked.reason, ranked.params)]
            if o.stock_left is not None:
                parts.append(self.tr("{n} left").format(n=o.stock_left))
            if o.claimed_by_member:
                parts.append(self.tr("claimed ✓"))
            item = QListWidgetItem(f"{title}\n  {' · '.join(parts)}")
            if ranked.discount_fen == 0:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.list.addItem(item)
        if offers:
            self.list.setCurrentRow(0)

    def claim_selected(self) -> None:
        row = self.list.currentRow()
        if self._claiming or not 0 <= row < len(self.offers):
            return  # a second F2 while the first claim runs does nothing
        if self.member is None:
            self.message.emit(self.tr("Identify the member first: scan their card or type their phone."), True)
            self.member_edit.setFocus()
            return
        self._claiming = True
        offer = self.offers[row].offer
        self.ctx.tasks.db(
            self.ctx.desk.coupons.claim, offer.template_id, self.member.id, self.ctx.settings.store_code,
            self.ctx.operator.id, owner=self, done=self._claimed, failed=self._claim_failed,
        )

    def _claimed(self, claimed: ClaimedCoupon) -> None:
        self._claiming = False
        title = claimed.title if self.ctx.language.startswith("zh") or not claimed.title_en else claimed.title_en
        self.message.emit(self.tr("Claimed “{title}” for {member}; the member will get a notice.").format(
            title=title, member=self.member.name if self.member else ""), False)
        self.refresh()

    def _claim_failed(self, exc: BaseException) -> None:
        self._claiming = False
        self._failed(exc)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        self.message.emit(error_text(exc), True)
