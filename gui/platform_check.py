"""What a fresh Linux desktop lacks before Qt can open a window, said in words instead of Qt's abort.

Qt's X11 plugin (xcb) loads a handful of system libraries that desktop distributions do not
always install; without them Qt aborts with "could not load the Qt platform plugin". This
check runs before QApplication is built and names the Debian/Ubuntu packages to install.
"""

from __future__ import annotations

import ctypes
import os
import sys

# Library Qt's xcb plugin needs -> the Debian/Ubuntu package that ships it.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
}
CJK_FONT_PACKAGES = "fonts-noto-cjk (or fonts-wqy-microhei)"


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def uses_x11(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_x11_packages(loads: object = _loads) -> list[str]:
    """The packages to install for Qt's X11 plugin, empty when nothing is missing (or not on Linux/X11)."""
    if not sys.platform.startswith("linux") or not uses_x11():
        return []
    check = loads if callable(loads) else _loads
    return [package for library, package in XCB_LIBRARIES.items() if not check(library)]


def x11_problem(packages: list[str]) -> str:
    return ("CounterDesk cannot open its window: Qt's X11 plugin needs system libraries that are not installed.\n"
            f"Install them, e.g. on Debian/Ubuntu:  sudo apt-get install {' '.join(packages)}\n"
            f"For Chinese text also install a CJK font: {CJK_FONT_PACKAGES}.")


def warn_without_cjk_font() -> bool:
    """After the window shows: without a font for Simplified Chinese, product names and the Chinese UI
    render as empty boxes. Says so on the terminal and in the log; True when a font is there."""
    import logging

    from PySide6.QtGui import QFontDatabase

    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return True
    text = f"No Chinese font is installed: Chinese text will show as empty boxes. Install {CJK_FONT_PACKAGES}."
    print(text, file=sys.stderr)
    logging.getLogger(__name__).warning(text)
    return False
