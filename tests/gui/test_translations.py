"""Every UI string has a Chinese translation, and the shipped .qm matches its .ts."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from gui.common.i18n import EN_PLURALS, TRANSLATIONS_DIR, install_translator

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import update_translations

TS = TRANSLATIONS_DIR / "counterdesk_zh_CN.ts"


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out[(name, m.findtext("source") or "")] = m.find("translation")
    return out


def test_ts_covers_every_string_in_the_gui(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [update_translations.tool("pyside6-lupdate"), *update_translations.gui_sources(), "-ts", str(fresh)],
        cwd=update_translations.ROOT, check=True, capture_output=True,
    )
    in_code = set(_messages(fresh))
    in_ts = {k for k, tr in _messages(TS).items() if tr is not None and tr.get("type") not in ("obsolete", "vanished")}
    missing = sorted(in_code - in_ts)
    assert not missing, f"run scripts/update_translations.py and translate: {missing[:10]}"


def test_every_string_is_translated() -> None:
    unfinished = [src for (_, src), tr in _messages(TS).items()
                  if tr is None or tr.get("type") == "unfinished" or not "".join(tr.itertext()).strip()]  # plurals: numerusform
    assert not unfinished, f"untranslated: {unfinished[:10]}"


def test_shipped_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    qm = tmp_path / "out.qm"
    update_translations.release(TS, qm)
    assert qm.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run scripts/update_translations.py"


def test_chinese_translator_translates(qapp) -> None:  # type: ignore[no-untyped-def]
    translator = install_translator(qapp, "zh_CN")
    try:
        assert translator is not None
        assert QCoreApplication.translate("CashierPage", "Cashier") == "收银"
        assert QCoreApplication.translate("Errors", "Nothing was scanned or typed.") == "没有扫描或输入任何内容。"
    finally:
        for t in qapp.findChildren(type(translator)):
            if t.objectName() != EN_PLURALS:  # the session's English plurals stay
                qapp.removeTranslator(t)
