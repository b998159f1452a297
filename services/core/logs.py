"""Logging to a rotating file in the user log folder (and to stderr)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# One line per HTTP request: the sync poll every few seconds and the in-process server's access log
# would fill the log file with routine. Their warnings and errors still go in.
QUIET = ("httpx", "httpcore", "uvicorn.access")


def setup_logging(log_file: Path, level: int = logging.INFO) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_counterdesk", False):
            root.removeHandler(handler)
    file_handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    stream = logging.StreamHandler()
    for handler in (file_handler, stream):
        handler.setFormatter(logging.Formatter(FORMAT))
        setattr(handler, "_counterdesk", True)  # noqa: B010 - marks our handlers for re-setup
        root.addHandler(handler)
    stream.setLevel(logging.WARNING)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
