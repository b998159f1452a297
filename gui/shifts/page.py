"""The Shifts page: the store's open shift, cash in/out with a reason, X report, close with a Z.

Every report is taken by ``services/shifts`` (kept in the database as printed), shown here as the
roll shows it (the same ``shift_report_ticket`` layout) and queued on the receipt printer when one
is set. Closing asks the till: a shift never closes under an unpaid sale.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.cashier.shift_prompt import OpenShiftDialog
from gui.common.i18n import error_text, local_time
from gui.common.money_edit import FenEdit
from gui.context import PageContext
from gui.page import Page
from services.core.errors import DeskError
from services.core.money import format_fen
from services.shifts.types import CashMoveInfo, ShiftInfo, ShiftReport

if TYPE_CHECKING:
    from devices.printer.ticket import Ticket


def report_ticket(report: ShiftReport, ctx: PageContext) -> Ticket:
    from devices.printer.ticket import ROLLS
    from services.receipts.layout import shift_report_ticket
    from services.receipts.model import ShopInfo

    printer = ctx.settings.printer
    shop = ShopInfo(report.store_code, tuple(printer.header), ())
    return shift_report_ticket(report, shop, ROLLS.get(printer.width_mm, ROLLS[80]), ctx.language)


class ShiftsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.shift: ShiftInfo | None = None
        self.reports: list[ShiftReport] = []
        self.busy = False

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open shift…"))
        self.open_button.clicked.connect(self.open_dialog)
        self.x_button = QPushButton(self.tr("X report"))
        self.x_button.setToolTip(self.tr("Sales and cash so far; the shift stays open"))
        self.x_button.clicked.connect(self.x_report)

        self.move_amount = FenEdit()
        self.move_reason = QLineEdit()
        self.move_reason.setPlaceholderText(self.tr("reason, e.g. change from the bank, cash to the safe"))
        self.cash_in_button = QPushButton(self.tr("Cash in"))
        self.cash_in_button.clicked.connect(lambda: self.cash_move("in"))
        self.cash_out_button = QPushButton(self.tr("Cash out"))
        self.cash_out_button.clicked.connect(lambda: self.cash_move("out"))
        moves = QGroupBox(self.tr("Cash in and out"))
        moves_form = QFormLayout(moves)
        moves_form.addRow(self.tr("Amount"), self.move_amount)
        moves_form.addRow(self.tr("Reason"), self.move_reason)
        move_buttons = QHBoxLayout()
        move_buttons.addWidget(self.cash_in_button)
        move_buttons.addWidget(self.cash_out_button)
        moves_form.addRow(move_buttons)

        self.counted_edit = FenEdit()
        self.counted_edit.setPlaceholderText(self.tr("the cash counted in the drawer"))
        self.close_button = QPushButton(self.tr("Close shift (Z report)"))
        self.close_button.clicked.connect(self.close_shift)
        closing = QGroupBox(self.tr("Close the shift"))
        closing_form = QFormLayout(closing)
        closing_form.addRow(self.tr("Counted cash"), self.counted_edit)
        closing_form.addRow(self.close_button)

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.report_list = QListWidget()
        self.report_list.currentRowChanged.connect(self._show_report)
        self.report_view = QTextEdit()
        self.report_view.setReadOnly(True)
        self.print_button = QPushButton(self.tr("Print again"))
        self.print_button.clicked.connect(self.print_selected)

        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.x_button)
        left.addWidget(self.state_label)
        left.addLayout(top)
        left.addWidget(moves)
        left.addWidget(closing)
        left.addWidget(self.notice)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Reports of this shift")))
        right.addWidget(self.report_list)
        right.addWidget(self.report_view, 1)
        right.addWidget(self.print_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self._show_shift(None)

    def title(self) -> str:
        return self.tr("Shifts")

    def activated(self) -> None:
        self.refresh()

    # -- state ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.shifts.current, self.ctx.settings.store_code, done=self._show_shift,
                          failed=self._failed)

    def _show_shift(self, shift: ShiftInfo | None) -> None:
        self.shift = shift
        is_open = shift is not None
        for w in (self.x_button, self.cash_in_button, self.cash_out_button, self.close_button):
            w.setEnabled(is_open and not self.busy)
        self.open_button.setEnabled(not is_open and not self.busy)
        if shift is None:
            self.state_label.setText(self.tr("No shift is open in store {store}.").format(store=self.ctx.settings.store_code))
            return
        self.state_label.setText(self.tr("Shift {id} open since {time} by {name}; opening float {float}.").format(
            id=shift.id, time=local_time(shift.opened_at), name=shift.opened_by or "—",
            float=format_fen(shift.opening_float_fen)))
        self.ctx.tasks.db(self.ctx.desk.shifts.reports, shift.id, done=self._show_reports, failed=self._failed)

    def _show_reports(self, reports: list[ShiftReport]) -> None:
        self.reports = list(reports)
        self.report_list.clear()
        for r in self.reports:
            QListWidgetItem(self.tr("{kind} report {n} · {time}").format(
                kind=r.kind, n=r.number, time=local_time(r.until)), self.report_list)
        if self.reports:
            self.report_list.setCurrentRow(len(self.reports) - 1)

    def _show_report(self, row: int) -> None:
        if not 0 <= row < len(self.reports):
            self.report_view.clear()
            return
        lines = report_ticket(self.reports[row], self.ctx).text_lines()
        self.report_view.setHtml("<pre style=\"font-family: 'WenQuanYi Micro Hei Mono', 'Noto Sans Mono CJK SC', "
                                 f"monospace;\">{escape(chr(10).join(lines))}</pre>")

    # -- actions ----------------------------------------------------------------------------------

    def open_dialog(self) -> OpenShiftDialog:
        dialog = OpenShiftDialog(self.ctx, self)
        dialog.opened.connect(self._opened)
        dialog.open()
        return dialog

    def _opened(self, shift: ShiftInfo) -> None:
        self._say(self.tr("Shift {id} opened with {float}.").format(id=shift.id, float=format_fen(shift.opening_float_fen)), True)
        self._show_shift(shift)

    def cash_move(self, kind: str) -> bool:
        if self.shift is None or self.busy:
            return False
        fen = self.move_amount.fen()
        if fen is None:
            self._say(self.tr("Type the amount of cash going in or out."), False)
            return False
        self._start()
        self.ctx.tasks.db(partial(self.ctx.desk.shifts.cash_move, operator_id=self.ctx.operator.id),
                          self.shift.id, kind, fen, self.move_reason.text(), done=self._moved, failed=self._failed)
        return True

    def _moved(self, move: CashMoveInfo) -> None:
        self.busy = False
        text = (self.tr("{amount} put into the drawer: {reason}.") if move.kind == "in"
                else self.tr("{amount} taken out of the drawer: {reason}."))
        self._say(text.format(amount=format_fen(move.amount_fen), reason=move.reason), True)
        self.move_amount.clear()
        self.move_reason.clear()
        self._show_shift(self.shift)

    def x_report(self) -> bool:
        if self.shift is None or self.busy:
            return False
        self._start()
        self.ctx.tasks.db(partial(self.ctx.desk.shifts.x_report, operator_id=self.ctx.operator.id), self.shift.id,
                          done=self._report_taken, failed=self._failed)
        return True

    def close_shift(self) -> bool:
        if self.shift is None or self.busy:
            return False
        counted = self.counted_edit.fen()
        if counted is None:
            self._say(self.tr("Count the cash in the drawer and type the amount before closing."), False)
            return False
        self._start()
        self.ctx.tasks.db(partial(self.ctx.desk.shifts.close, operator_id=self.ctx.operator.id,
                                  open_sale_items=self.ctx.till.open_sale_items),
                          self.shift.id, counted, done=self._report_taken, failed=self._failed)
        return True

    def _report_taken(self, report: ShiftReport) -> None:
        self.busy = False
        printed = self._print(report)
        if report.kind == "Z":
            diff = report.difference_fen or 0
            text = self.tr("Shift closed: Z report {n}. Expected {expected}, counted {counted}, difference {diff}.").format(
                n=report.number, expected=format_fen(report.expected_cash_fen),
                counted=format_fen(report.counted_cash_fen or 0), diff=format_fen(diff))
            self.counted_edit.clear()
        else:
            text = self.tr("X report {n} taken: expected cash {expected}.").format(
                n=report.number, expected=format_fen(report.expected_cash_fen))
        if printed:
            text += " " + self.tr("Sent to the printer.")
        self._say(text, True)
        shift = self.shift
        self._show_reports([*self.reports, report])
        if report.kind == "Z":
            self.shift = None
            self._show_shift(None)
            self.reports = []
            self._show_reports([report])  # the Z stays on screen after the close
        elif shift is not None:
            self._show_shift(shift)

    def print_selected(self) -> bool:
        row = self.report_list.currentRow()
        if not 0 <= row < len(self.reports):
            return False
        if not self._print(self.reports[row]):
            self._say(self.tr("No receipt printer is set: choose one in Desk → Settings → Printer."), False)
            return False
        self._say(self.tr("Sent to the printer."), True)
        return True

    def _print(self, report: ShiftReport) -> bool:
        return self.ctx.devices.printing.submit("receipt", report_ticket(report, self.ctx)) is not None

    # -- feedback ---------------------------------------------------------------------------------

    def _start(self) -> None:
        self.busy = True
        for w in (self.x_button, self.cash_in_button, self.cash_out_button, self.close_button):
            w.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._show_shift(self.shift)
        if not isinstance(exc, DeskError):
            raise exc
        self._say(error_text(exc), False)

    def _say(self, text: str, ok: bool) -> None:
        self.notice.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.notice.setText(text)
