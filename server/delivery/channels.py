"""Channel senders. Each returns what happened; none claims a delivery it did not make.

Retryable: network errors, timeouts, HTTP 408/429/5xx, and any Apprise failure
(Apprise reports only a bool). Permanent: any other HTTP 4xx from the webhook.
"""

from __future__ import annotations

import http.client
import json
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import apprise

from server.security import sign_webhook
from server.validation import header_int

SIGNATURE_HEADER = "X-CounterDesk-Signature"
TIMESTAMP_HEADER = "X-CounterDesk-Timestamp"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    permanent: bool = False
    error: str = ""
    retry_after_s: float | None = None


# The largest answer body read from a webhook receiver; a longer one closes the connection.
MAX_ANSWER_BYTES = 64 * 1024
USER_AGENT = "CounterDesk-Server/1"


class _Connections(threading.local):
    """Keep-alive connections of one thread, per (scheme, host, port).

    The standard library's client, not httpx: a webhook POST costs ~0.16 ms of CPU
    with it against ~0.75 ms with httpx (measured against the bench sink), and
    delivery throughput is bound by that CPU (bench/server.py).
    """

    def __init__(self) -> None:
        self.open: dict[tuple[str, str, int], http.client.HTTPConnection] = {}


_connections = _Connections()
_tls: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    global _tls
    if _tls is None:
        _tls = ssl.create_default_context()
    return _tls


class _Answer(NamedTuple):
    status: int
    retry_after: str


def _post(url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> _Answer:
    """POST on this thread's keep-alive connection to the host; raises OSError or HTTPException.

    A reused connection the receiver closed while it was idle fails before the
    request reaches it (broken pipe, or closed without an answer): that one request
    is retried once on a new connection. A timeout is never retried here.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise http.client.InvalidURL(f"not an http(s) URL: {url[:80]!r}")
    https = parts.scheme == "https"
    key = (parts.scheme, parts.hostname, parts.port or (443 if https else 80))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    for attempt in (1, 2):
        conn = _connections.open.pop(key, None)
        reused = conn is not None
        if conn is None:
            conn = (
                http.client.HTTPSConnection(key[1], key[2], timeout=timeout_s, context=_tls_context())
                if https
                else http.client.HTTPConnection(key[1], key[2], timeout=timeout_s)
            )
        elif conn.sock is not None:
            conn.sock.settimeout(timeout_s)
        try:
            conn.request("POST", target, body=body, headers=headers)
            response = conn.getresponse()
            response.read(MAX_ANSWER_BYTES)
            answer = _Answer(response.status, response.getheader("retry-after", ""))
            if response.will_close or not response.isclosed():
                conn.close()  # closes on its own, or a longer answer than we read
            else:
                _connections.open[key] = conn
            return answer
        except (BrokenPipeError, http.client.RemoteDisconnected):
            conn.close()
            if not reused or attempt == 2:
                raise
        except BaseException:
            conn.close()
            raise
    raise AssertionError("unreachable")


def _retry_after(value: str) -> float | None:
    seconds = header_int(value)  # ASCII digits only: '²'.isdigit() is true, float('²') raises
    return float(seconds) if seconds is not None else None


def send_webhook(
    url: str, secret: str, payload: dict[str, Any], idempotency_key: str, timeout_s: float
) -> Outcome:
    """POST the JSON body, signed with HMAC-SHA256 over "<timestamp>.<body>"."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign_webhook(secret, timestamp, body),
        "Idempotency-Key": idempotency_key,
    }
    try:
        answer = _post(url, body, headers, timeout_s)
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
    code = answer.status
    if 200 <= code < 300:
        return Outcome(ok=True)
    error = f"HTTP {code}"
    if code in (408, 429) or code >= 500:
        return Outcome(ok=False, error=error, retry_after_s=_retry_after(answer.retry_after))
    return Outcome(ok=False, permanent=True, error=error)


def send_apprise(url: str, title: str, body: str) -> Outcome:
    """One Apprise URL, one notify() call through the real library."""
    sender = apprise.Apprise()
    if not sender.add(url):
        return Outcome(ok=False, permanent=True, error="Apprise does not understand this URL")
    try:
        ok = sender.notify(title=title, body=body)
    except Exception as exc:  # a plugin bug must not kill the worker
        return Outcome(ok=False, error=f"Apprise raised {type(exc).__name__}: {exc}"[:300])
    return (
        Outcome(ok=True) if ok else Outcome(ok=False, error="Apprise reported the notification as not sent")
    )
