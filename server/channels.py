"""Channel senders. Each returns what happened; none claims a delivery it did not make.

Retryable: network errors, timeouts, HTTP 408/429/5xx, and any Apprise failure
(Apprise reports only a bool). Permanent: any other HTTP 4xx from the webhook.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import apprise
import httpx

from server.security import sign_webhook

SIGNATURE_HEADER = "X-CounterDesk-Signature"
TIMESTAMP_HEADER = "X-CounterDesk-Timestamp"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    permanent: bool = False
    error: str = ""
    retry_after_s: float | None = None


_client: httpx.Client | None = None
_client_lock = threading.Lock()


def _http() -> httpx.Client:
    """One shared, thread-safe client: connection reuse instead of a new TLS context per send."""
    global _client
    with _client_lock:
        if _client is None:
            _client = httpx.Client(follow_redirects=False)
        return _client


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


def send_webhook(
    url: str, secret: str, payload: dict[str, Any], idempotency_key: str, timeout_s: float
) -> Outcome:
    """POST the JSON body, signed with HMAC-SHA256 over "<timestamp>.<body>"."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign_webhook(secret, timestamp, body),
        "Idempotency-Key": idempotency_key,
    }
    try:
        response = _http().post(url, content=body, headers=headers, timeout=timeout_s)
    except httpx.HTTPError as exc:
        return Outcome(ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
    code = response.status_code
    if 200 <= code < 300:
        return Outcome(ok=True)
    error = f"HTTP {code}"
    if code in (408, 429) or code >= 500:
        return Outcome(ok=False, error=error, retry_after_s=_retry_after(response))
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
