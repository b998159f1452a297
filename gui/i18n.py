"""Qt translations (.ts sources and compiled .qm in resources/translations) and error texts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from services.errors import DeskError, ErrorCode

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def pick_language(setting: str) -> str:
    if setting in LANGUAGES:
        return setting
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load the .qm for ``language`` ("en" needs none: English is the source language)."""
    if language == "en":
        return None
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


def error_text(error: DeskError) -> str:
    """A sentence a cashier understands, in the UI language, naming the problem."""
    p = error.params
    code = error.code
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
        return QCoreApplication.translate("Errors", "Wrong PIN. {n} more tries before this operator is locked.").format(n=p.get("attempts_left", 0))
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
    if code is ErrorCode.QUANTITY_OUT_OF_RANGE:
        return QCoreApplication.translate("Errors", "A quantity must be between 1 and {maximum}.").format(maximum=p.get("maximum", 999))
    return str(error)
