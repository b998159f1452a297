"""Qt translations (.ts sources and compiled .qm in resources/translations) and error texts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from services.core.errors import DeskError, ErrorCode
from services.core.money import format_fen

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def pick_language(setting: str) -> str:
    if setting in LANGUAGES:
        return setting
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


EN_PLURALS = "counterdesk_en_plurals"  # objectName of the English plural translator


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load the .qm for ``language``. English is the source language: its .qm holds only plural forms."""
    if language == "en":
        plurals = QTranslator(app)
        plurals.setObjectName(EN_PLURALS)
        if not plurals.load(str(TRANSLATIONS_DIR / "counterdesk_en.qm")):
            return None
        app.installTranslator(plurals)
        return plurals
    translator = QTranslator(app)
    qm = TRANSLATIONS_DIR / f"counterdesk_{language}.qm"
    if not translator.load(str(qm)):
        return None
    app.installTranslator(translator)
    qt_base = QTranslator(app)  # Qt's own dialog buttons (OK, Cancel) in the same language
    from PySide6.QtCore import QLibraryInfo

    if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
    return translator


def local_time(value: datetime) -> str:
    return value.astimezone().strftime("%H:%M")


def _count(params: dict[str, object], key: str) -> int:
    return int(str(params.get(key, 0)))


def error_text(error: DeskError) -> str:
    """A sentence a cashier understands, in the UI language, naming the problem."""
    p = error.params
    code = error.code
    # lupdate marks only tr() calls as plural, so these sentences need none ("Tries left: 1", not "1 more tries")
    left = _count(p, "attempts_left")
    if code is ErrorCode.MALFORMED_CODE:
        reason = p.get("reason")
        if reason == "check_digit":
            return QCoreApplication.translate("Errors", "“{code}” is not a valid product code: its check digit is wrong. Scan it again or type it carefully.").format(code=p.get("code", ""))
        if reason == "empty":
            return QCoreApplication.translate("Errors", "Nothing was scanned or typed.")
        return QCoreApplication.translate("Errors", "“{code}” is not a product code: expected 8, 12 or 13 digits.").format(code=p.get("code", ""))
    if code is ErrorCode.UNKNOWN_PRODUCT:
        return QCoreApplication.translate("Errors", "No product with code {code} in the catalogue. Nothing was added.").format(code=p.get("code", ""))
    if code is ErrorCode.INACTIVE_PRODUCT:
        return QCoreApplication.translate("Errors", "{name} ({code}) is no longer sold. Nothing was added.").format(name=p.get("name", ""), code=p.get("code", ""))
    if code is ErrorCode.WRONG_PIN:
        return QCoreApplication.translate("Errors", "Wrong PIN. Tries left before this operator is locked: {n}.").format(n=left)
    if code is ErrorCode.OPERATOR_LOCKED:
        return QCoreApplication.translate("Errors", "Too many wrong PINs: this operator is locked until {time}.").format(time=local_time(p["until"]))
    if code is ErrorCode.UNKNOWN_OPERATOR:
        return QCoreApplication.translate("Errors", "This operator no longer exists or is disabled.")
    if code is ErrorCode.DATABASE_TOO_NEW:
        return QCoreApplication.translate("Errors", "The database {url} was written by a newer version of CounterDesk (schema {revision}). Update CounterDesk or choose another database in Settings. Nothing was changed.").format(url=p.get("url", ""), revision=p.get("revision", ""))
    if code is ErrorCode.DATABASE_DAMAGED:
        return QCoreApplication.translate("Errors", "The database {url} is damaged or is not a CounterDesk database ({reason}). It was left untouched; restore a backup or choose another database in Settings.").format(url=p.get("url", ""), reason=p.get("reason", ""))
    if code is ErrorCode.DATABASE_UNREACHABLE:
        return QCoreApplication.translate("Errors", "Cannot reach the database {url} ({reason}). Check the server and the address in Settings.").format(url=p.get("url", ""), reason=p.get("reason", ""))
    if code is ErrorCode.UNKNOWN_MEMBER:
        return QCoreApplication.translate("Errors", "No member with code or phone “{text}”. Check it, or sell without a member.").format(text=p.get("text", ""))
    if code is ErrorCode.COUPON_UNKNOWN:
        return QCoreApplication.translate("Errors", "There is no coupon “{code}”.").format(code=p.get("code", ""))
    if code is ErrorCode.COUPON_PAUSED:
        return QCoreApplication.translate("Errors", "The coupon “{title}” is paused and cannot be claimed now.").format(title=p.get("title", ""))
    if code is ErrorCode.COUPON_EXPIRED:
        return QCoreApplication.translate("Errors", "The coupon “{title}” has expired.").format(title=p.get("title", ""))
    if code is ErrorCode.COUPON_NOT_YET_VALID:
        return QCoreApplication.translate("Errors", "The coupon “{title}” is not valid yet.").format(title=p.get("title", ""))
    if code is ErrorCode.COUPON_OUT_OF_STOCK:
        return QCoreApplication.translate("Errors", "The coupon “{title}” has all been claimed.").format(title=p.get("title", ""))
    if code is ErrorCode.COUPON_OVER_LIMIT:
        return QCoreApplication.translate("Errors", "This member already has as many “{title}” coupons as allowed ({limit}).").format(title=p.get("title", ""), limit=p.get("limit", ""))
    if code is ErrorCode.COUPON_WRONG_STORE:
        return QCoreApplication.translate("Errors", "The coupon “{title}” belongs to another store.").format(title=p.get("title", ""))
    if code is ErrorCode.COUPON_ALREADY_USED:
        return QCoreApplication.translate("Errors", "A coupon in this sale was just used at another counter. Check the sale again.")
    if code is ErrorCode.COUPON_NEEDS_MEMBER:
        return QCoreApplication.translate("Errors", "The coupon “{code}” is claimed for a member: identify the member first (scan their card or type their phone number on the Cashier page).").format(code=p.get("code", ""))
    if code is ErrorCode.COUPON_TEMPLATE_INVALID:
        return QCoreApplication.translate("Errors", "The coupon was not saved: {n} problem(s), listed below. Nothing was changed.").format(n=len(p.get("problems", ())))
    if code is ErrorCode.COUPON_IMPORT_INVALID:
        return QCoreApplication.translate("Errors", "Nothing was imported: {n} problem(s) in the file, listed below with their line numbers.").format(n=len(p.get("rows", ())))
    if code in (ErrorCode.PRODUCT_INVALID, ErrorCode.CATEGORY_INVALID, ErrorCode.OPERATOR_INVALID,
                ErrorCode.RESIDENT_INVALID):
        return QCoreApplication.translate("Errors", "Not saved: {n} problem(s), listed below. Nothing was changed.").format(n=len(p.get("problems", ())))
    if code in (ErrorCode.PRODUCT_IMPORT_INVALID, ErrorCode.RESIDENT_IMPORT_INVALID):
        return QCoreApplication.translate("Errors", "Nothing was imported: {n} problem(s) in the file, listed below with their line numbers.").format(n=len(p.get("rows", ())))
    if code is ErrorCode.NOT_APPROVED:
        return QCoreApplication.translate("Errors", "This operator may not approve that: a manager's or an administrator's PIN is needed.")
    if code is ErrorCode.ALREADY_REFUNDED:
        return QCoreApplication.translate("Errors", "Those units were already refunded: {n} left to refund on that line.").format(n=p.get("refundable", 0))
    if code is ErrorCode.EMPTY_BASKET:
        return QCoreApplication.translate("Errors", "The basket is empty.")
    if code is ErrorCode.UNKNOWN_STORE:
        return QCoreApplication.translate("Errors", "This desk's store code “{code}” is not in the database. Fix it in Settings.").format(code=p.get("code", ""))
    if code is ErrorCode.BAD_PAYMENT:
        if p.get("reason") == "reference_missing":
            return QCoreApplication.translate("Errors", "Enter the card slip or QR payment reference.")
        return QCoreApplication.translate("Errors", "Unknown payment method “{method}”.").format(method=p.get("method", ""))
    if code is ErrorCode.NOT_ENOUGH_CASH:
        return QCoreApplication.translate("Errors", "{tendered} is less than the total {total}.").format(tendered=format_fen(int(p.get("tendered_fen", 0))), total=format_fen(int(p.get("total_fen", 0))))
    if code is ErrorCode.TOTAL_CHANGED:
        return QCoreApplication.translate("Errors", "The total changed from {shown} to {now} (a coupon was used elsewhere or a price changed). Nothing was charged; check the sale again.").format(shown=format_fen(int(p.get("shown_fen", 0))), now=format_fen(int(p.get("now_fen", 0))))
    if code is ErrorCode.BAD_DATE_RANGE:
        if p.get("days"):
            return QCoreApplication.translate("Errors", "A report covers at most {days} days; choose a shorter range.").format(days=p["days"])
        return QCoreApplication.translate("Errors", "The range ends ({end}) before it starts ({start}).").format(start=p.get("start", ""), end=p.get("end", ""))
    if code is ErrorCode.SHIFT_ALREADY_OPEN:
        return QCoreApplication.translate("Errors", "A shift is already open in store {store} (shift {id}); close it before opening another.").format(store=p.get("store_code", ""), id=p.get("shift_id", ""))
    if code is ErrorCode.SHIFT_NOT_OPEN:
        return QCoreApplication.translate("Errors", "Shift {id} is not open any more (closed at another till?). Nothing was recorded.").format(id=p.get("shift_id", ""))
    if code is ErrorCode.SHIFT_BAD_AMOUNT:
        return QCoreApplication.translate("Errors", "The amount is not valid: a cash amount from ¥0.00 to ¥100,000,000.00 (a cash move more than ¥0.00). Nothing was recorded.")
    if code is ErrorCode.SHIFT_REASON_REQUIRED:
        return QCoreApplication.translate("Errors", "Say why cash goes in or out (e.g. “change from the bank”, “cash to the safe”). Nothing was recorded.")
    if code is ErrorCode.SHIFT_OPEN_SALE:
        return QCoreApplication.translate("Errors", "The till still holds an unpaid sale ({n} items): finish or clear it before closing the shift. The shift stays open.").format(n=p.get("items", 0))
    if code is ErrorCode.UNKNOWN_ORDER:
        return QCoreApplication.translate("Errors", "There is no order {number}.").format(number=p.get("number", ""))
    if code is ErrorCode.ORDER_NOT_REFUNDABLE:
        return QCoreApplication.translate("Errors", "Order {number} was already refunded.").format(number=p.get("number", ""))
    if code is ErrorCode.NOT_ALLOWED:
        return QCoreApplication.translate("Errors", "Your role may not do this; ask an administrator.")
    if code is ErrorCode.QUANTITY_OUT_OF_RANGE:
        return QCoreApplication.translate("Errors", "A quantity must be between 1 and {maximum}.").format(maximum=p.get("maximum", 999))
    parcel_text = _parcel_error_text(error)
    return parcel_text if parcel_text is not None else str(error)


def _door(p: dict[str, object]) -> str:
    """A parcel door in an error, as the locker diagram names it with the board door in brackets:
    "A-03 (door 1-03)"; without a bank code (an older error), the bank's name and the slot number."""
    no, code, board, lock = p.get("slot_no"), p.get("bank_code"), p.get("board"), p.get("lock")
    if isinstance(no, int) and code and isinstance(board, int) and isinstance(lock, int):
        return QCoreApplication.translate("LockerDiagram", "{slot} (door {door})").format(
            slot=f"{code}-{no:02d}", door=f"{board}-{lock:02d}")
    return f"{p.get('bank', '')} #{no}" if isinstance(no, int) else f"{p.get('bank', '')} ({p.get('board', '')}-{p.get('lock', '')})"


def _parcel_error_text(error: DeskError) -> str | None:
    p = error.params
    code = error.code
    if code is ErrorCode.PARCEL_DUPLICATE:
        return QCoreApplication.translate("Errors", "Parcel {tracking} ({courier}) is already registered and not yet collected. Nothing was registered twice.").format(tracking=p.get("tracking_no", ""), courier=p.get("courier_code", ""))
    if code is ErrorCode.PARCEL_UNKNOWN:
        return QCoreApplication.translate("Errors", "There is no parcel {parcel}.").format(parcel=p.get("tracking_no") or p.get("parcel_id", ""))
    if code is ErrorCode.PARCEL_WRONG_STATE:
        return QCoreApplication.translate("Errors", "Parcel {tracking} is {state} now, so this cannot be done (another desk may have done it). Nothing was changed.").format(tracking=p.get("tracking_no", ""), state=p.get("state", ""))
    if code is ErrorCode.NO_SLOT_FITS:
        banks = p.get("banks", ())
        names = ", ".join(str(b) for b in banks) if isinstance(banks, list | tuple) else str(banks)
        return QCoreApplication.translate("Errors", "No free slot fits a size {size} parcel (banks tried: {banks}). Keep the parcel at the desk or free a slot.").format(size=p.get("size", ""), banks=names or "-")
    if code is ErrorCode.SLOT_TAKEN:
        return QCoreApplication.translate("Errors", "Slot {door} was just taken by another desk. Choose another slot.").format(door=_door(p))
    if code is ErrorCode.PICKUP_CODE_WRONG:
        return QCoreApplication.translate("Errors", "Wrong pickup code. Tries left before pickup by code is locked at this desk: {n}.").format(n=_count(p, "attempts_left"))
    if code is ErrorCode.PICKUP_LOCKED:
        until = p.get("until")
        when = local_time(until) if isinstance(until, datetime) else ""
        return QCoreApplication.translate("Errors", "Too many wrong pickup codes: pickup by code is locked at this desk until {time}. Staff can still hand out parcels after checking an ID.").format(time=when)
    if code is ErrorCode.LOCK_JAMMED:
        return QCoreApplication.translate("Errors", "Door {door} did not open: the lock is jammed or the door is blocked. The slot was taken out of service; nothing was marked stored.").format(door=_door(p))
    if code is ErrorCode.LOCK_NO_ANSWER:
        return QCoreApplication.translate("Errors", "Door {door}: lock board {board} does not answer. Check its power and cable; nothing was marked stored.").format(door=_door(p), board=p.get("board", ""))
    if code is ErrorCode.DOOR_NOT_CLOSED and p.get("cancelled"):
        return QCoreApplication.translate("Errors", "Stopped waiting for door {door}. Nothing was marked stored; close the door.").format(door=_door(p))
    if code is ErrorCode.DOOR_NOT_CLOSED:
        return QCoreApplication.translate("Errors", "Door {door} was not closed within {seconds} s. Close it, then try again; nothing was marked stored.").format(door=_door(p), seconds=round(float(str(p.get("waited_s", 0)))))
    if code is ErrorCode.RECIPIENT_UNKNOWN:
        return QCoreApplication.translate("Errors", "The recipient is not known or not unique: choose the resident first.")
    return None


def reason_text(reason: str, params: dict[str, int | str]) -> str:
    """Why a coupon gives what it gives on this basket (the pricing engine's Reason codes)."""
    if reason == "best_for_basket":
        return QCoreApplication.translate("Reasons", "best for this basket: saves {amount}").format(amount=format_fen(int(params.get("discount_fen", 0))))
    if reason == "applies":
        return QCoreApplication.translate("Reasons", "saves {amount}").format(amount=format_fen(int(params.get("discount_fen", 0))))
    if reason == "below_threshold":
        return QCoreApplication.translate("Reasons", "add {amount} more to use this").format(amount=format_fen(int(params.get("missing_fen", 0))))
    if reason == "no_qualifying_items":
        return QCoreApplication.translate("Reasons", "needs {needed} qualifying items, the basket has {units}").format(needed=params.get("needed_units", ""), units=params.get("units", ""))
    if reason == "not_in_scope":
        return QCoreApplication.translate("Reasons", "nothing in the basket qualifies")
    if reason == "expired":
        return QCoreApplication.translate("Reasons", "expired")
    if reason == "not_yet_valid":
        return QCoreApplication.translate("Reasons", "not valid yet")
    if reason == "nothing_left":
        return QCoreApplication.translate("Reasons", "its items are already fully discounted")
    if reason == "exclusive_with":
        return QCoreApplication.translate("Reasons", "cannot be combined with a better coupon")
    if reason in ("worse_than_chosen", "not_tried", "not_selected"):
        return QCoreApplication.translate("Reasons", "a better combination was chosen")
    return reason
