"""The log file keeps what a person needs: not one line per sync poll."""

from __future__ import annotations

import logging
from pathlib import Path

from services.core.logs import setup_logging


def test_routine_http_requests_stay_out_of_the_log_file_but_their_problems_do_not(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "counterdesk.log"
    setup_logging(log_file)
    for _ in range(50):
        logging.getLogger("httpx").info('HTTP Request: POST http://127.0.0.1:8765/api/sync/events "HTTP/1.1 200 OK"')
        logging.getLogger("uvicorn.access").info('127.0.0.1:5555 - "GET /api/sync/feed HTTP/1.1" 200')
    logging.getLogger("httpx").warning("server unreachable")
    logging.getLogger("counterdesk.test").info("desk opened")
    for handler in logging.getLogger().handlers:
        handler.flush()
        if getattr(handler, "_counterdesk", False):
            logging.getLogger().removeHandler(handler)
            handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert "HTTP Request" not in text and "/api/sync/feed" not in text
    assert "server unreachable" in text and "desk opened" in text
