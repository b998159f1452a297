"""Refresh the .ts sources from the GUI code and compile them to .qm.

    uv run scripts/update_translations.py

Then translate new entries (Qt Linguist: `uv run pyside6-linguist resources/translations/*.ts`)
and run it again. tests/gui/test_translations.py fails while any string is untranslated
or a .qm is stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)
# English is the source language; its .ts holds only the plural forms ("%n item(s)" -> "1 item" / "2 items").
PLURAL_ONLY = ("en",)


def gui_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py"))


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def update(ts_files: list[Path] | None = None) -> None:
    for lang in LANGUAGES:
        ts = TS_DIR / f"counterdesk_{lang}.ts"
        subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", *gui_sources(), "-ts", str(ts)], cwd=ROOT, check=True)
        release(ts, ts.with_suffix(".qm"))
    for lang in PLURAL_ONLY:
        ts = TS_DIR / f"counterdesk_{lang}.ts"
        subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-pluralonly", "-target-language", lang,
                        *gui_sources(), "-ts", str(ts)], cwd=ROOT, check=True)
        release(ts, ts.with_suffix(".qm"))


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


if __name__ == "__main__":
    update()
