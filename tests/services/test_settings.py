from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from services.core.paths import app_paths
from services.core.settings import (
    SCHEMA_VERSION,
    Settings,
    load_settings,
    resolve_database_url,
    save_settings,
)


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s = Settings(language="zh_CN", database_url="postgresql://x@y/z")
    s.scanner.wedge_max_gap_ms = 25
    save_settings(s, path)
    loaded = load_settings(path)
    assert loaded == s and loaded.schema_version == SCHEMA_VERSION


def test_damaged_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.damaged.json").read_text(encoding="utf-8") == "{not json"


def test_wrong_types_fall_back_per_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": 5, "scanner": {"wedge_min_length": "x", "wedge_max_gap_ms": 40}}), encoding="utf-8")
    s = load_settings(path)
    assert s.language == "" and s.scanner.wedge_min_length == 6 and s.scanner.wedge_max_gap_ms == 40


def test_database_url_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = tmp_path / "d.sqlite3"
    s = Settings(database_url="sqlite:///from-settings")
    assert resolve_database_url(Settings(), None, default) == f"sqlite:///{default}"
    assert resolve_database_url(s, None, default) == "sqlite:///from-settings"
    monkeypatch.setenv("COUNTERDESK_DB_URL", "sqlite:///from-env")
    assert resolve_database_url(s, None, default) == "sqlite:///from-env"
    assert resolve_database_url(s, "sqlite:///from-cli", default) == "sqlite:///from-cli"


def test_tests_never_use_the_real_user_folders() -> None:
    home = os.environ["COUNTERDESK_HOME"]
    paths = app_paths()
    assert all(str(p).startswith(home) for p in (paths.data_dir, paths.config_dir, paths.log_dir))
    assert not home.startswith(os.path.expanduser("~/.local"))
