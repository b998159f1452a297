"""One JSON error shape for every 4xx the API gives: {"error": code, "message": text, ...}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError

from services.core.safe_json import JsonTooDeep


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": message, **extra}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, **exc.extra), status_code=exc.status, headers=exc.headers
        )

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, _exc: DataError) -> JSONResponse:
        # The transaction was rolled back: nothing of the request was written.
        return JSONResponse(
            error_body(
                "unstorable_value",
                "a value in the request cannot be stored (for example a NUL character in a text)",
            ),
            status_code=422,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        deep = exc.__cause__.__cause__ if exc.__cause__ is not None else None
        if isinstance(deep, JsonTooDeep):  # server/validation.py BoundedJsonRoute
            return JSONResponse(error_body("json_too_deep", f"the body is {deep}"), status_code=400)
        details = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        return JSONResponse(
            error_body("invalid_request", "the request fields are not valid", details=details),
            status_code=422,
        )
