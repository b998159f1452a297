"""Tokens, codes and signatures. Every secret handed out is kept only as its SHA-256."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Crockford base32: no I, L, O, U, so a code read aloud or typed survives.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_station_token() -> str:
    """256 random bits, URL-safe; the station keeps it, the server keeps its hash."""
    return "cds_" + secrets.token_urlsafe(32)


def new_enrolment_code() -> str:
    """16 Crockford characters (80 bits) in groups of four; single use and expiring."""
    raw = "".join(secrets.choice(_CROCKFORD) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    """What an operator typed → the canonical form the hash was taken of."""
    cleaned = code.strip().upper().replace("-", "").replace(" ", "").translate(_CONFUSABLE)
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def new_secret() -> str:
    return secrets.token_hex(32)


def inbox_token(secret: str, message_id: int) -> str:
    """The inbox link token of one message: HMAC-derived (192 bits), so a retry sends the same link.

    The server can recompute it when sending without ever storing it; the database
    holds only its SHA-256 for the lookup.
    """
    mac = hmac.digest(secret.encode(), f"inbox:{message_id}".encode(), "sha256")
    return base64.urlsafe_b64encode(mac[:24]).decode().rstrip("=")


def sign_webhook(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex; sent as `sha256=<hex>`."""
    return "sha256=" + hmac.digest(secret.encode(), timestamp.encode() + b"." + body, "sha256").hex()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
