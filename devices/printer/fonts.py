"""Finding a monospaced CJK TrueType font for rasters and PDFs of tickets.

WenQuanYi Micro Hei Mono (Debian ``fonts-wqy-microhei``, installed by .ci/run) is the
default: TrueType outlines (reportlab embeds only TrueType, not the CFF outlines of
Noto CJK's .otf/.ttc), every Latin glyph 0.6 em and every CJK glyph 1 em wide.
``COUNTERDESK_CJK_FONT=/path/font.ttc#1`` picks another file and face index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),  # WenQuanYi Micro Hei Mono
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1),  # WenQuanYi Zen Hei Mono
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
)


class FontMissing(RuntimeError):
    """No CJK TrueType font: Chinese text cannot be drawn (install fonts-wqy-microhei)."""


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int


@lru_cache(maxsize=1)
def find_cjk_font() -> FontFile:
    env = os.environ.get("COUNTERDESK_CJK_FONT", "")
    if env:
        env_path, _, env_index = env.partition("#")
        if not Path(env_path).is_file():
            raise FontMissing(f"COUNTERDESK_CJK_FONT names {env_path}, which is not a file")
        return FontFile(env_path, int(env_index or 0))
    for candidate, face in CANDIDATES:
        if Path(candidate).is_file():
            return FontFile(candidate, face)
    fc_list = shutil.which("fc-list")
    if fc_list:  # any TrueType face that covers Simplified Chinese (proportional: still readable)
        found = subprocess.run([fc_list, ":lang=zh-cn:fontformat=TrueType", "file", "index"],
                               capture_output=True, text=True, timeout=10, check=False).stdout
        for line in sorted(found.splitlines()):
            path, _, rest = line.partition(":")
            index = rest.strip().lstrip(":").removeprefix("index=")
            if path.endswith((".ttf", ".ttc")) and Path(path).is_file():
                return FontFile(path, int(index or 0))
    raise FontMissing("no CJK TrueType font found: install fonts-wqy-microhei or set COUNTERDESK_CJK_FONT")
