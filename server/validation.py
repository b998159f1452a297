"""Input checks shared by the server's endpoints: header numbers, JSON bodies, column sizes.

* `header_int`: a number in a header is ASCII digits only. `str.isdigit()` is true for
  '²' and other Unicode digits that `int()` refuses (a 500 before this existed).
* `read_json`: every JSON body the server reads itself goes through
  `services.core.safe_json.loads_bounded` (nesting depth bounded, 400 `json_too_deep`).
* `BoundedJsonRoute`: the same bound for the bodies FastAPI parses for a pydantic model.
* `too_long`: the value of a row that does not fit its `String(n)` column. PostgreSQL
  refuses it (DataError, the whole transaction gone) where SQLite would store it, so
  each event is checked before its rows join the batch's transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import String, Table

from server.errors import ApiError
from services.core.safe_json import MAX_DEPTH, JsonTooDeep, loads_bounded

_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def header_int(value: str | None, max_digits: int = 18) -> int | None:
    """The header's value as a non-negative int if it is 1-`max_digits` ASCII digits, else None."""
    cleaned = (value or "").strip()
    if len(cleaned) > max_digits or not _ASCII_DIGITS.fullmatch(cleaned):
        return None
    return int(cleaned)


def read_json(raw: bytes, max_depth: int = MAX_DEPTH) -> Any:
    """A request body as JSON: 400 `json_too_deep` / `malformed_json`, never a RecursionError."""
    try:
        return loads_bounded(raw, max_depth)
    except JsonTooDeep as exc:
        raise ApiError(400, "json_too_deep", f"the body is {exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed_json", f"the body is not valid JSON: {exc}") from exc


class _BoundedJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = loads_bounded(body)
            except JsonTooDeep as exc:
                # FastAPI turns a JSONDecodeError into a RequestValidationError; the
                # error handler (server/errors.py) answers 400 json_too_deep for this cause.
                raise _TooDeepDecodeError(str(exc)) from exc
        return self._json


class _TooDeepDecodeError(json.JSONDecodeError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "", 0)


class BoundedJsonRoute(APIRoute):
    """A route whose JSON body (parsed by FastAPI for a pydantic model) has bounded nesting."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def bounded(request: Request) -> Response:
            return await handler(_BoundedJsonRequest(request.scope, request.receive))

        return bounded


def too_long(table: Table, row: Mapping[str, Any]) -> str | None:
    """"<column>: N characters, at most M" for the first text in `row` longer than its column."""
    for name, value in row.items():
        column = table.columns.get(name)
        if column is None or not isinstance(value, str) or not isinstance(column.type, String):
            continue
        limit = column.type.length
        if limit is not None and len(value) > limit:
            return f"{name}: {len(value)} characters, at most {limit} fit"
    return None
