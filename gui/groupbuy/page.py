"""Group buys: who is shopping now (masked), the suggested and formed groups with their certificates,
"Suggest now", and the group checkout (scan a group's G… code)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import local_time
from gui.context import PageContext
from gui.groupbuy.checkout_dialog import GroupCheckoutDialog
from gui.groupbuy.texts import groupbuy_error_text
from gui.page import Page
from services.core.money import format_fen
from services.groupbuy.checkout import parse_group_code
from services.groupbuy.desk import StoreOverview
from services.groupbuy.service import CheckInInfo, GroupInfo, SuggestionRun

Index = QModelIndex | QPersistentModelIndex
POLL_MS = 3000  # how often the page asks the service for the live picture (answers arrive from phones)


class LiveModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CheckInInfo] = []

    def set_rows(self, rows: list[CheckInInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Member"), self.tr("Phone"), self.tr("From"), self.tr("Basket"), self.tr("Items"),
                    self.tr("Updated"))[section]  # fmt: skip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self.rows[index.row()]
        source = {"phone": self.tr("phone"), "kiosk": self.tr("kiosk"), "till": self.tr("till")}.get(c.source, c.source)
        return (c.name, c.phone, source, format_fen(c.basket_fen), str(c.items), local_time(c.updated_at))[index.column()]


class GroupModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GroupInfo] = []

    def set_rows(self, rows: list[GroupInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Group"), self.tr("State"), self.tr("Members and shares"), self.tr("Basket"),
                    self.tr("Saving"), self.tr("Certificate"))[section]  # fmt: skip
        return None

    def state_text(self, state: str) -> str:
        return {"forming": self.tr("waiting for answers"), "succeeded": self.tr("formed: pay at the till"),
                "settled": self.tr("paid"), "expired": self.tr("expired")}.get(state, state)  # fmt: skip

    def certificate_text(self, g: GroupInfo) -> str:
        proof = self.tr("exact") if g.run_exact else self.tr("not proven best")
        return self.tr("run value {value} ≤ bound {bound}, {proof}").format(
            value=format_fen(g.run_value_fen), bound=format_fen(g.run_upper_bound_fen), proof=proof)

    def seats_text(self, g: GroupInfo) -> str:
        answers = {"pending": self.tr("?"), "accepted": self.tr("yes"), "declined": self.tr("no")}
        return "; ".join(
            self.tr("{name} {basket} saves {share} ({answer})").format(
                name=s.name, basket=format_fen(s.basket_fen), share=format_fen(s.share_fen),
                answer=answers.get(s.answer, s.answer))
            for s in g.seats
        )  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        g = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (g.code, self.state_text(g.state), self.seats_text(g), format_fen(g.basket_fen),
                    format_fen(g.saving_fen), self.certificate_text(g))[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return self.tr("Answer by {time}").format(time=local_time(g.expires_at))
        return None


class GroupBuyPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.live_model = LiveModel()
        self.group_model = GroupModel()
        self.live_table = self._table(self.live_model)
        self.group_table = self._table(self.group_model)
        self.suggest_button = QPushButton(self.tr("Suggest now"))
        self.suggest_button.clicked.connect(self.suggest_now)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("Scan or type a group code (G…) to check the group out"))
        self.code_edit.returnPressed.connect(lambda: self.open_checkout(self.code_edit.text()))
        self.summary = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.dialog: GroupCheckoutDialog | None = None
        self._busy = False

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.suggest_button)
        split = QSplitter(Qt.Orientation.Vertical)
        for title, table in ((self.tr("Shopping now"), self.live_table), (self.tr("Groups"), self.group_table)):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(QLabel(f"<b>{title}</b>"))
            lay.addWidget(table)
            split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.code_edit)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)

    @staticmethod
    def _table(model: QAbstractTableModel) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def title(self) -> str:
        return self.tr("Group buys")

    def activated(self) -> None:
        self.refresh()
        self.timer.start()
        self.code_edit.setFocus()

    def hideEvent(self, event: Any) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self.timer.stop()
        if self.dialog is not None:
            self.dialog.reject()

    def handle_scan(self, code: str) -> bool:
        if self.dialog is not None and self.dialog.isVisible():
            return self.dialog.handle_scan(code)
        if parse_group_code(code) is None:
            return False
        self.open_checkout(code)
        return True

    # -- the live picture -----------------------------------------------------

    def refresh(self) -> None:
        if self._busy:
            return  # the last refresh is still on the database worker
        self._busy = True
        self.ctx.tasks.db(self.ctx.desk.groupbuy_desk.overview, self.ctx.settings.store_code,
                          owner=self, key="overview", done=self._show, failed=self._failed)  # fmt: skip

    def _show(self, overview: StoreOverview) -> None:
        self._busy = False
        self.live_model.set_rows(list(overview.live))
        self.group_model.set_rows(list(overview.groups))
        self.summary.setText(self.tr("{n} members shopping, {total} in their baskets; {g} groups").format(
            n=len(overview.live), total=format_fen(sum(c.basket_fen for c in overview.live)),
            g=len(overview.groups)))  # fmt: skip

    def suggest_now(self) -> None:
        self.suggest_button.setEnabled(False)
        self.ctx.tasks.db(self.ctx.desk.groupbuy_desk.suggest_now, self.ctx.settings.store_code,
                          owner=self, done=self._suggested, failed=self._failed)  # fmt: skip

    def _suggested(self, run: SuggestionRun) -> None:
        self.suggest_button.setEnabled(True)
        proof = self.tr("proven best") if run.exact else self.tr("not proven best")
        self._say(self.tr("{g} groups suggested from {n} members: value {value}, upper bound {bound}, {proof}.").format(
            g=len(run.groups), n=run.considered, value=format_fen(run.value_fen),
            bound=format_fen(run.upper_bound_fen), proof=proof), error=False)  # fmt: skip
        self._busy = False
        self.refresh()

    # -- group checkout -------------------------------------------------------

    def open_checkout(self, text: str) -> None:
        group_id = parse_group_code(text)
        if group_id is None:
            self._say(self.tr("“{code}” is not a group code (G followed by digits).").format(code=text.strip()), error=True)
            return
        self.code_edit.clear()
        self.ctx.tasks.db(self.ctx.desk.groupbuy.group, group_id, owner=self, done=self._open_dialog,
                          failed=self._failed)

    def _open_dialog(self, group: GroupInfo) -> None:
        if group.state != "succeeded":
            self._say(self.tr("Group {code} cannot be paid: it is {state}.").format(
                code=group.code, state=self.group_model.state_text(group.state)), error=True)  # fmt: skip
            return
        self.dialog = GroupCheckoutDialog(self.ctx, group, self)
        self.dialog.accepted.connect(self._paid)
        self.dialog.open()

    def _paid(self) -> None:
        dialog = self.dialog
        if dialog is None or dialog.receipt is None:
            return
        r = dialog.receipt
        self._say(self.tr("Group {code} paid: {n} orders, saving {saving} shared.").format(
            code=r.quote.code, n=len(r.receipts), saving=format_fen(r.quote.saving_fen)), error=False)  # fmt: skip
        self.refresh()

    # -- feedback -------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.suggest_button.setEnabled(True)
        text = groupbuy_error_text(exc)
        if text is None:
            raise exc
        self._say(text, error=True)

    def _say(self, text: str, *, error: bool) -> None:
        self.notice.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.notice.setText(text)
