"""Errors the desk shows to a person.

Services raise ``DeskError`` with a code and named parameters; the GUI turns the
code into a translated sentence. Services never build user-facing text.
"""

from __future__ import annotations

import enum
from typing import Any


class ErrorCode(enum.StrEnum):
    MALFORMED_CODE = "malformed_code"
    UNKNOWN_PRODUCT = "unknown_product"
    INACTIVE_PRODUCT = "inactive_product"
    WRONG_PIN = "wrong_pin"
    OPERATOR_LOCKED = "operator_locked"
    UNKNOWN_OPERATOR = "unknown_operator"
    DATABASE_TOO_NEW = "database_too_new"
    DATABASE_DAMAGED = "database_damaged"
    DATABASE_UNREACHABLE = "database_unreachable"
    QUANTITY_OUT_OF_RANGE = "quantity_out_of_range"
    UNKNOWN_MEMBER = "unknown_member"
    COUPON_UNKNOWN = "coupon_unknown"
    COUPON_PAUSED = "coupon_paused"
    COUPON_EXPIRED = "coupon_expired"
    COUPON_NOT_YET_VALID = "coupon_not_yet_valid"
    COUPON_OUT_OF_STOCK = "coupon_out_of_stock"
    COUPON_OVER_LIMIT = "coupon_over_limit"
    COUPON_WRONG_STORE = "coupon_wrong_store"
    COUPON_ALREADY_USED = "coupon_already_used"
    COUPON_NEEDS_MEMBER = "coupon_needs_member"
    COUPON_TEMPLATE_INVALID = "coupon_template_invalid"  # problems=[coupon_admin.FieldProblem]
    COUPON_IMPORT_INVALID = "coupon_import_invalid"  # rows=[coupon_csv.RowProblem]
    EMPTY_BASKET = "empty_basket"
    UNKNOWN_STORE = "unknown_store"
    BAD_PAYMENT = "bad_payment"
    NOT_ENOUGH_CASH = "not_enough_cash"
    TOTAL_CHANGED = "total_changed"
    UNKNOWN_ORDER = "unknown_order"
    ORDER_NOT_REFUNDABLE = "order_not_refundable"
    NOT_ALLOWED = "not_allowed"  # action (e.g. "open_door"): the operator's role may not do this
    # Parcels and lockers (services/parcels/, services/lockers/)
    PARCEL_DUPLICATE = "parcel_duplicate"  # courier_code, tracking_no, parcel_id
    PARCEL_UNKNOWN = "parcel_unknown"  # parcel_id or tracking_no
    PARCEL_WRONG_STATE = "parcel_wrong_state"  # parcel_id, tracking_no, state, wanted
    PARCEL_INVALID = "parcel_invalid"  # field ("size" / "via"), value, allowed
    NO_SLOT_FITS = "no_slot_fits"  # size, banks (names tried)
    SLOT_TAKEN = "slot_taken"  # slot_id, bank, slot_no: another desk stored there first
    PICKUP_CODE_WRONG = "pickup_code_wrong"  # attempts_left
    PICKUP_LOCKED = "pickup_locked"  # until (UTC datetime)
    LOCK_JAMMED = "lock_jammed"  # bank, slot_no, board, lock
    LOCK_NO_ANSWER = "lock_no_answer"  # bank, slot_no, board, lock, detail
    DOOR_NOT_CLOSED = "door_not_closed"  # bank, slot_no, board, lock, waited_s
    # Catalogue, staff and residents administration
    PRODUCT_INVALID = "product_invalid"  # problems=[catalog.admin.FieldProblem]
    PRODUCT_IMPORT_INVALID = "product_import_invalid"  # rows=[catalog.csv_io.RowProblem]
    CATEGORY_INVALID = "category_invalid"  # problems=[catalog.admin.FieldProblem]
    OPERATOR_INVALID = "operator_invalid"  # problems=[staff.admin.FieldProblem]
    NOT_APPROVED = "not_approved"  # action: the approving operator may not approve this
    ALREADY_REFUNDED = "already_refunded"  # order_id, line_id, refundable (quantity left)
    RESIDENT_INVALID = "resident_invalid"  # problems=[residents.admin.FieldProblem]
    RESIDENT_IMPORT_INVALID = "resident_import_invalid"  # rows=[residents.admin.RowProblem]
    RECIPIENT_UNKNOWN = "recipient_unknown"  # resident_id or tracking_no (parcel flagged, not resolved)
    # Shifts (services/shifts/)
    SHIFT_ALREADY_OPEN = "shift_already_open"  # store_code, shift_id
    SHIFT_NOT_OPEN = "shift_not_open"  # shift_id (closed, or no such shift)
    SHIFT_BAD_AMOUNT = "shift_bad_amount"  # field, value: not a whole number of fen in range
    SHIFT_REASON_REQUIRED = "shift_reason_required"  # a cash move without a reason
    BAD_DATE_RANGE = "bad_date_range"  # start, end (end before start, or longer than days)
    SHIFT_OPEN_SALE = "shift_open_sale"  # items: the till still holds an unpaid basket


class DeskError(Exception):
    def __init__(self, code: ErrorCode, /, **params: Any) -> None:
        super().__init__(f"{code.value}: {params}" if params else code.value)
        self.code = code
        self.params = params
