"""Where CounterDesk keeps its data, settings and logs.

Everything lives in the user's platform folders (platformdirs). ``COUNTERDESK_HOME``
moves all of them under one folder: the tests and ``--smoke-test`` use it so they
never touch a real user's data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "CounterDesk"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def default_db_file(self) -> Path:
        return self.data_dir / "counterdesk.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "counterdesk.log"

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.config_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    root = home if home is not None else os.environ.get("COUNTERDESK_HOME")
    if root:
        base = Path(root)
        return AppPaths(base / "data", base / "config", base / "logs")
    import platformdirs

    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
