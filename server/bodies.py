"""Reading a raw request body with a size limit (413 body_too_large), for the endpoints that
parse or verify the bytes themselves: station sync batches and signed courier requests."""

from __future__ import annotations

from fastapi import Request

from server.errors import ApiError
from server.validation import header_int


async def read_limited_body(request: Request, limit: int) -> bytes:
    declared = header_int(request.headers.get("content-length"))
    if declared is not None and declared > limit:
        raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
