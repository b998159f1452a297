"""Fill the English plural forms in resources/translations/counterdesk_en.ts from the source text.

    uv run scripts/fill_plural_en.py && uv run scripts/update_translations.py

"%n item(s)" becomes "%n item" (one) and "%n items" (other); "%n more tries" becomes "%n more try".
Entries someone already filled are kept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "resources" / "translations" / "counterdesk_en.ts"
SINGULAR = {"tries": "try"}


def forms(source: str) -> tuple[str, str]:
    one = source.replace("(s)", "")
    for plural, singular in SINGULAR.items():
        one = re.sub(rf"(%n more ){plural}\b", rf"\g<1>{singular}", one)
    return one, source.replace("(s)", "s")


def main() -> None:
    text = TS.read_text(encoding="utf-8")
    tree = ET.ElementTree(ET.fromstring(text))
    for message in tree.getroot().iter("message"):
        if message.get("numerus") != "yes":
            continue
        tr = message.find("translation")
        assert tr is not None
        nfs = tr.findall("numerusform")
        if nfs and all((nf.text or "").strip() for nf in nfs) and tr.get("type") != "unfinished":
            continue
        for nf in nfs:
            tr.remove(nf)
        for form in forms(message.findtext("source") or ""):
            ET.SubElement(tr, "numerusform").text = form
        tr.attrib.pop("type", None)
    head = text[: text.index("<TS")]
    TS.write_text(head + ET.tostring(tree.getroot(), encoding="unicode") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
