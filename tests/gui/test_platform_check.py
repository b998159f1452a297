"""A fresh desktop without Qt's X11 libraries gets told which packages to install, not Qt's abort."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui import platform_check
from gui.platform_check import XCB_LIBRARIES, missing_x11_packages, uses_x11, x11_problem

ROOT = Path(__file__).resolve().parents[2]


def test_uses_x11_follows_qt_platform_and_display() -> None:
    assert uses_x11({"QT_QPA_PLATFORM": "xcb"})
    assert not uses_x11({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"})
    assert uses_x11({"DISPLAY": ":0"})
    assert not uses_x11({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert not uses_x11({})


def test_missing_libraries_are_named_by_their_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_check, "uses_x11", lambda: True)
    gone = {"libxcb-cursor.so.0", "libxcb-keysyms.so.1"}
    missing = missing_x11_packages(lambda name: name not in gone)
    assert missing == ["libxcb-cursor0", "libxcb-keysyms1"]
    text = x11_problem(missing)
    assert "apt-get install libxcb-cursor0 libxcb-keysyms1" in text and "fonts-noto-cjk" in text
    assert missing_x11_packages(lambda name: True) == []
    assert set(XCB_LIBRARIES.values()) >= {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"}


def test_the_app_says_what_to_install_and_exits_2_instead_of_aborting(tmp_path: Path) -> None:
    """A library directory that shadows libxcb-cursor with a file that is not a library: the check sees it missing."""
    fake = tmp_path / "libxcb-cursor.so.0"
    fake.write_bytes(b"not a shared object")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COUNTERDESK_HOME": str(tmp_path / "home"),
           "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99", "LD_LIBRARY_PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], env=env, capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert "libxcb-cursor0" in result.stderr and "cannot open its window" in result.stderr


def test_a_chinese_font_is_found_where_ci_installs_one(qapp: object) -> None:
    """CI installs fonts-wqy-microhei; the start-up check finds it (and would warn without it)."""
    assert platform_check.warn_without_cjk_font()
