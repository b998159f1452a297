"""The coupon template editor (create / edit) and the texts for coupon problems, kinds, scopes and states."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import error_text
from gui.context import PageContext
from services.core.errors import DeskError, ErrorCode
from services.core.money import format_fen, parse_yuan
from services.coupons.admin import TERMS, FieldProblem, Problem, TemplateDraft, TemplateRow, parse_tiers
from services.coupons.csv_import import FIELD_OF_COLUMN


def kind_text(kind: str) -> str:
    return {
        "fixed": QCoreApplication.translate("Coupons", "amount off"),
        "percent": QCoreApplication.translate("Coupons", "percent off"),
        "threshold": QCoreApplication.translate("Coupons", "spend tiers (满减)"),
        "buy_n_get_m": QCoreApplication.translate("Coupons", "buy N get M free"),
        "cheapest_item": QCoreApplication.translate("Coupons", "cheapest item off"),
    }.get(kind, kind)


def scope_text(scope: str) -> str:
    return {
        "order": QCoreApplication.translate("Coupons", "whole order, any store"),
        "store": QCoreApplication.translate("Coupons", "whole order, one store"),
        "product": QCoreApplication.translate("Coupons", "products"),
        "category": QCoreApplication.translate("Coupons", "categories"),
    }.get(scope, scope)


def state_text(state: str) -> str:
    return {
        "live": QCoreApplication.translate("Coupons", "live"),
        "paused": QCoreApplication.translate("Coupons", "paused"),
        "expired": QCoreApplication.translate("Coupons", "expired"),
        "scheduled": QCoreApplication.translate("Coupons", "starts later"),
        "out_of_stock": QCoreApplication.translate("Coupons", "out of stock"),
    }.get(state, state)


def field_text(name: str) -> str:
    """A form field's or a CSV column's label."""
    name = FIELD_OF_COLUMN.get(name, name)
    return {
        "code": QCoreApplication.translate("Coupons", "Code"),
        "title": QCoreApplication.translate("Coupons", "Title"),
        "title_en": QCoreApplication.translate("Coupons", "English title"),
        "kind": QCoreApplication.translate("Coupons", "Kind"),
        "scope": QCoreApplication.translate("Coupons", "Applies to"),
        "store_code": QCoreApplication.translate("Coupons", "Store"),
        "value_fen": QCoreApplication.translate("Coupons", "Amount off"),
        "percent": QCoreApplication.translate("Coupons", "Percent off"),
        "cap_fen": QCoreApplication.translate("Coupons", "Cap"),
        "tiers": QCoreApplication.translate("Coupons", "Tiers"),
        "buy_n": QCoreApplication.translate("Coupons", "Buy N"),
        "get_m": QCoreApplication.translate("Coupons", "Get M free"),
        "min_spend_fen": QCoreApplication.translate("Coupons", "Minimum spend"),
        "valid_from": QCoreApplication.translate("Coupons", "Valid from"),
        "valid_until": QCoreApplication.translate("Coupons", "Valid until"),
        "valid_days_after_claim": QCoreApplication.translate("Coupons", "Days after claim"),
        "total_stock": QCoreApplication.translate("Coupons", "Stock"),
        "per_member_limit": QCoreApplication.translate("Coupons", "Per member"),
        "exclusivity_group": QCoreApplication.translate("Coupons", "Exclusivity group"),
        "exclusive": QCoreApplication.translate("Coupons", "Exclusive"),
        "surfaced_by_scan": QCoreApplication.translate("Coupons", "Offered on scan"),
        "targets": QCoreApplication.translate("Coupons", "Targets"),
        "file": QCoreApplication.translate("Coupons", "File"),
    }.get(name, name)


def problem_text(problem: Problem, params: dict[str, Any]) -> str:
    """What is wrong with one field, in a sentence (the field name is added by the caller)."""
    p = params
    texts = {
        Problem.REQUIRED: QCoreApplication.translate("Coupons", "is required"),
        Problem.TOO_LONG: QCoreApplication.translate("Coupons", "is longer than {max} characters"),
        Problem.BAD_CODE: QCoreApplication.translate("Coupons", "“{value}” is not a code: use 2–32 letters, digits, - or _"),
        Problem.CODE_TAKEN: QCoreApplication.translate("Coupons", "“{value}” already exists (imported or created before)"),
        Problem.CODE_REPEATED: QCoreApplication.translate("Coupons", "“{value}” appears already on line {line}"),
        Problem.BAD_CHOICE: QCoreApplication.translate("Coupons", "“{value}” is not one of the allowed values"),
        Problem.BAD_NUMBER: QCoreApplication.translate("Coupons", "“{value}” is not a whole number"),
        Problem.BAD_AMOUNT: QCoreApplication.translate("Coupons", "“{value}” is not an amount in yuan (e.g. 12.50)"),
        Problem.BAD_DATE: QCoreApplication.translate("Coupons", "“{value}” is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)"),
        Problem.BAD_TIERS: QCoreApplication.translate("Coupons", "“{value}” is not a list of tiers like 100:10;200:25"),
        Problem.OUT_OF_RANGE: QCoreApplication.translate("Coupons", "must be between {minimum} and {maximum}"),
        Problem.CAP_MISSING: QCoreApplication.translate("Coupons", "a percent-off coupon needs a cap (the most it may take off)"),
        Problem.TIERS_NOT_ASCENDING: QCoreApplication.translate("Coupons", "each tier must need more spend and give more off than the one before"),
        Problem.TIER_OFF_TOO_BIG: QCoreApplication.translate("Coupons", "a tier must take off less than its spend"),
        Problem.UNTIL_BEFORE_FROM: QCoreApplication.translate("Coupons", "the end must be after the start"),
        Problem.UNTIL_IN_PAST: QCoreApplication.translate("Coupons", "the end is already past"),
        Problem.STOCK_BELOW_CLAIMED: QCoreApplication.translate("Coupons", "cannot be lower than the {claimed} already claimed"),
        Problem.UNKNOWN_PRODUCT: QCoreApplication.translate("Coupons", "no product with code {codes}"),
        Problem.UNKNOWN_CATEGORY: QCoreApplication.translate("Coupons", "no category {codes}"),
        Problem.UNKNOWN_STORE: QCoreApplication.translate("Coupons", "no store {code}"),
        Problem.TARGETS_MISSING: QCoreApplication.translate("Coupons", "name at least one product or category code"),
        Problem.TARGETS_NOT_ALLOWED: QCoreApplication.translate("Coupons", "a whole-order coupon takes no product or category codes"),
        Problem.FROZEN_AFTER_CLAIM: QCoreApplication.translate("Coupons", "cannot change: members hold {claimed} of these coupons"),
        Problem.UNTIL_SHORTENED: QCoreApplication.translate("Coupons", "can only move later: members hold {claimed} of these coupons"),
        Problem.BAD_ENCODING: QCoreApplication.translate("Coupons", "the file is not UTF-8 text (in Excel: Save As → “CSV UTF-8”)"),
        Problem.BAD_HEADER: QCoreApplication.translate("Coupons", "the first line must name the columns (missing: {missing}; unknown: {unknown})"),
    }
    values = {k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in p.items()}
    return texts.get(problem, problem.value).format_map(_Blank(values))


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def field_problem_text(p: FieldProblem) -> str:
    return QCoreApplication.translate("Coupons", "{field}: {problem}").format(
        field=field_text(p.field), problem=problem_text(p.problem, p.params))


def _to_qt(value: datetime | None) -> QDateTime:
    if value is None:
        return QDateTime.currentDateTime()
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()) // 60 * 60)  # the editor shows minutes


def _from_qt(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class CouponEditorDialog(QDialog):
    """Create (``row`` None) or edit a template; saving runs on the database worker."""

    def __init__(self, ctx: PageContext, row: TemplateRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved: TemplateRow | None = None
        self._saving = False
        self.setWindowTitle(self.tr("New coupon") if row is None else self.tr("Edit coupon {code}").format(
            code=row.draft.code))
        d = row.draft if row else TemplateDraft(code="", title="", kind="fixed", scope="order",
                                                store_code=ctx.settings.store_code)
        self.code = QLineEdit(d.code)
        self.title_edit = QLineEdit(d.title)
        self.title_en = QLineEdit(d.title_en)
        self.kind = QComboBox()
        for value in ("fixed", "percent", "threshold", "buy_n_get_m", "cheapest_item"):
            self.kind.addItem(kind_text(value), value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.kind)))
        self.scope = QComboBox()
        for value in ("order", "store", "product", "category"):
            self.scope.addItem(scope_text(value), value)
        self.scope.setCurrentIndex(max(0, self.scope.findData(d.scope)))
        self.store = QLineEdit(d.store_code or ctx.settings.store_code)
        self.value = QLineEdit(format_fen(d.value_fen, "") if d.value_fen else "")
        self.value.setPlaceholderText(self.tr("yuan, e.g. 5 or 12.50"))
        self.percent = QSpinBox()
        self.percent.setRange(0, 100)
        self.percent.setSuffix(" %")
        self.percent.setValue(d.percent)
        self.cap = QLineEdit(format_fen(d.cap_fen, "") if d.cap_fen else "")
        self.cap.setPlaceholderText(self.tr("the most it takes off, in yuan"))
        self.tiers = QLineEdit("; ".join(f"{format_fen(a, '')}:{format_fen(b, '')}" for a, b in d.tiers))
        self.tiers.setPlaceholderText(self.tr("spend:off in yuan, e.g. 100:10; 200:25"))
        self.buy_n = QSpinBox()
        self.buy_n.setRange(0, 99)
        self.buy_n.setValue(d.buy_n)
        self.get_m = QSpinBox()
        self.get_m.setRange(0, 99)
        self.get_m.setValue(d.get_m)
        self.min_spend = QLineEdit(format_fen(d.min_spend_fen, "") if d.min_spend_fen else "")
        self.min_spend.setPlaceholderText(self.tr("none"))
        self.has_from = QCheckBox(self.tr("from"))
        self.has_from.setChecked(d.valid_from is not None)
        self.valid_from = QDateTimeEdit(_to_qt(d.valid_from))
        self.has_until = QCheckBox(self.tr("until"))
        self.has_until.setChecked(d.valid_until is not None)
        self.valid_until = QDateTimeEdit(_to_qt(d.valid_until))
        for edit in (self.valid_from, self.valid_until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.days.setSpecialValueText(self.tr("fixed window"))
        self.days.setValue(d.valid_days_after_claim or 0)
        self.stock = QSpinBox()
        self.stock.setRange(0, 10_000_000)
        self.stock.setSpecialValueText(self.tr("unlimited"))
        self.stock.setValue(d.total_stock or 0)
        self.limit = QSpinBox()
        self.limit.setRange(1, 99)
        self.limit.setValue(d.per_member_limit)
        self.group = QLineEdit(d.exclusivity_group)
        self.group.setPlaceholderText(self.tr("coupons in the same group never combine"))
        self.exclusive = QCheckBox(self.tr("combines with no other coupon"))
        self.exclusive.setChecked(d.exclusive)
        self.surfaced = QCheckBox(self.tr("offered when a product is scanned (otherwise only by typing its code)"))
        self.surfaced.setChecked(d.surfaced_by_scan)
        self.targets = QLineEdit("; ".join(d.targets))
        self.targets.setPlaceholderText(self.tr("product codes or category codes, separated by ;"))

        self.widgets: dict[str, QWidget] = {
            "code": self.code, "title": self.title_edit, "title_en": self.title_en, "kind": self.kind,
            "scope": self.scope, "store_code": self.store, "value_fen": self.value, "percent": self.percent,
            "cap_fen": self.cap, "tiers": self.tiers, "buy_n": self.buy_n, "get_m": self.get_m,
            "min_spend_fen": self.min_spend, "valid_from": self.valid_from, "valid_until": self.valid_until,
            "valid_days_after_claim": self.days, "total_stock": self.stock, "per_member_limit": self.limit,
            "exclusivity_group": self.group, "exclusive": self.exclusive, "surfaced_by_scan": self.surfaced,
            "targets": self.targets,
        }
        form = QFormLayout()
        for name in ("code", "title", "title_en", "kind", "scope", "store_code", "targets", "value_fen", "percent",
                     "cap_fen", "tiers", "buy_n", "get_m", "min_spend_fen"):
            form.addRow(field_text(name), self.widgets[name])
        validity = QHBoxLayout()
        validity.addWidget(self.has_from)
        validity.addWidget(self.valid_from)
        validity.addWidget(self.has_until)
        validity.addWidget(self.valid_until)
        form.addRow(self.tr("Validity"), validity)
        for name in ("valid_days_after_claim", "total_stock", "per_member_limit", "exclusivity_group"):
            form.addRow(field_text(name), self.widgets[name])
        form.addRow("", self.exclusive)
        form.addRow("", self.surfaced)

        self.frozen_note = QLabel()
        self.frozen_note.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020;")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.frozen_note)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)

        self.kind.currentIndexChanged.connect(self._shape)
        self.scope.currentIndexChanged.connect(self._shape)
        self.has_from.toggled.connect(self._shape)
        self.has_until.toggled.connect(self._shape)
        self._shape()
        if row is not None and row.frozen:
            self.frozen_note.setText(self.tr(
                "Members hold {n} of these coupons, so what they were given cannot change: kind, value, scope, "
                "targets, start and stacking are locked. You can change the titles, add stock, raise or lower the "
                "per-member limit, move the end later (their unused coupons move with it) or pause it.").format(
                    n=row.claimed))
            for name in TERMS:
                if name in self.widgets:
                    self.widgets[name].setEnabled(False)
            self.has_from.setEnabled(False)
        else:
            self.frozen_note.hide()

    def _shape(self) -> None:
        """Show only the fields the chosen kind and scope use."""
        if self.row is not None and self.row.frozen:
            return
        kind, scope = self.kind.currentData(), self.scope.currentData()
        self.value.setEnabled(kind == "fixed")
        self.percent.setEnabled(kind in ("percent", "cheapest_item"))
        self.cap.setEnabled(kind == "percent")
        self.tiers.setEnabled(kind == "threshold")
        self.buy_n.setEnabled(kind in ("buy_n_get_m", "cheapest_item"))
        self.get_m.setEnabled(kind == "buy_n_get_m")
        self.store.setEnabled(scope == "store")
        self.targets.setEnabled(scope in ("product", "category"))
        self.valid_from.setEnabled(self.has_from.isChecked())
        self.valid_until.setEnabled(self.has_until.isChecked())

    def draft(self) -> tuple[TemplateDraft | None, list[FieldProblem]]:
        """The form as a draft, or the problems of reading it (amounts, tiers)."""
        problems: list[FieldProblem] = []

        def fen(name: str, edit: QLineEdit) -> int:
            text = edit.text().strip()
            if not text or not edit.isEnabled():
                return 0
            try:
                return parse_yuan(text)
            except ValueError:
                problems.append(FieldProblem(name, Problem.BAD_AMOUNT, {"value": text}))
                return 0

        tiers: tuple[tuple[int, int], ...] = ()
        try:
            tiers = parse_tiers(self.tiers.text())
        except ValueError:
            problems.append(FieldProblem("tiers", Problem.BAD_TIERS, {"value": self.tiers.text()}))
        draft = TemplateDraft(
            code=self.code.text(), title=self.title_edit.text(), title_en=self.title_en.text(),
            kind=self.kind.currentData(), scope=self.scope.currentData(), store_code=self.store.text(),
            value_fen=fen("value_fen", self.value), percent=self.percent.value(), cap_fen=fen("cap_fen", self.cap),
            tiers=tiers, buy_n=self.buy_n.value(), get_m=self.get_m.value(),
            min_spend_fen=fen("min_spend_fen", self.min_spend),
            valid_from=self._moment(self.has_from, self.valid_from, "valid_from"),
            valid_until=self._moment(self.has_until, self.valid_until, "valid_until"),
            valid_days_after_claim=self.days.value() or None, total_stock=self.stock.value() or None,
            per_member_limit=self.limit.value(), exclusivity_group=self.group.text(),
            exclusive=self.exclusive.isChecked(), surfaced_by_scan=self.surfaced.isChecked(),
            targets=tuple(self.targets.text().replace("；", ";").replace(",", ";").split(";")),
        )
        if self.row is not None and self.row.frozen:
            # Locked fields keep exactly what was stored (no rounding through the widgets).
            old = self.row.draft
            draft = TemplateDraft(**{name: getattr(old if name in TERMS else draft, name)
                                     for name in TemplateDraft.__dataclass_fields__})
        return (None if problems else draft), problems

    def _moment(self, enabled: QCheckBox, edit: QDateTimeEdit, name: str) -> datetime | None:
        """The chosen time; an untouched field keeps the stored value exactly (the widget shows minutes)."""
        if not enabled.isChecked():
            return None
        stored: datetime | None = getattr(self.row.draft, name) if self.row else None
        if stored is not None and edit.dateTime() == _to_qt(stored):
            return stored
        return _from_qt(edit.dateTime())

    def save(self) -> None:
        if self._saving:
            return  # a double click saves once
        draft, problems = self.draft()
        if draft is None:
            self._show_problems(problems)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        operator = self.ctx.operator.id if self.ctx.operator else None
        admin = self.ctx.desk.coupon_admin
        if self.row is None:
            self.ctx.tasks.db(admin.create, draft, operator, owner=self, done=self._saved, failed=self._failed)
        else:
            self.ctx.tasks.db(admin.update, self.row.id, draft, operator, owner=self, done=self._saved, failed=self._failed)

    def _saved(self, row: TemplateRow) -> None:
        self.saved = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, DeskError):
            raise exc
        if exc.code is ErrorCode.COUPON_TEMPLATE_INVALID:
            self._show_problems(list(exc.params["problems"]))
        else:
            self.problems.setText(error_text(exc))

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        for name, widget in self.widgets.items():
            bad = any(p.field == name for p in problems)
            widget.setStyleSheet("border: 1px solid #b00020;" if bad else "")
        self.problems.setText("\n".join(field_problem_text(p) for p in problems))
        first = next((self.widgets[p.field] for p in problems if p.field in self.widgets), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
