"""Run in a separate process by the concurrency test: wait for the others, then claim."""

from __future__ import annotations

from typing import Any


def claim(url: str, template_code: str, member_id: int, barrier: Any, results: Any) -> None:
    from services.core.errors import DeskError
    from services.desk import Desk

    desk = Desk.open(url, load_demo=False)
    try:
        barrier.wait(timeout=60)
        try:
            desk.coupons.claim_by_code(template_code, member_id, "S001")
            results.put(("ok", member_id))
        except DeskError as exc:
            results.put((exc.code.value, member_id))
        except Exception as exc:  # reported to the test, which fails on it
            results.put((f"crash: {type(exc).__name__}: {exc}", member_id))
    finally:
        desk.close()
