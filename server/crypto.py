"""Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) for values the server must read back.

The key comes from `ServerSettings.secret_key` (COUNTERDESK_SERVER_SECRET_KEY); if none
is given, one is generated on first start and kept in the server's data folder as
`server_fernet.key`, readable by its owner only (0600). Losing the key loses the
stored Apprise URLs (pending deliveries to them fail permanently); it never exposes them.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken

KEY_FILE = "server_fernet.key"
PREFIX = "fernet:"


class SecretUnreadable(ValueError):
    """A stored secret was encrypted with another key (or is damaged)."""


def default_data_dir() -> Path:
    from services.core.paths import app_paths

    return app_paths().ensure().data_dir


def load_or_create_key(data_dir: Path) -> bytes:
    """The key file's contents, creating it atomically with 0600 if it does not exist yet."""
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes().strip()
        Fernet(key)  # a damaged file fails here, at start, not on the first send
        return key
    key = Fernet.generate_key()
    with os.fdopen(fd, "wb") as f:
        f.write(key + b"\n")
    return key


class SecretBox:
    def __init__(self, key: bytes | str) -> None:
        self._fernet = Fernet(key.encode() if isinstance(key, str) else key)

    @classmethod
    def from_settings(cls, secret_key: str, data_dir: str) -> SecretBox:
        if secret_key:
            return cls(secret_key)
        return cls(load_or_create_key(Path(data_dir) if data_dir else default_data_dir()))

    def seal(self, plain: str) -> str:
        return PREFIX + self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def open(self, stored: str) -> str:
        """The plain value; values stored before encryption existed pass through unchanged."""
        if not stored.startswith(PREFIX):
            return stored
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise SecretUnreadable("this secret was stored with another key") from exc


def secret_box(secret_key: str, data_dir: str) -> SecretBox:
    """One box per key source, so the key file is read once per process."""
    return _cached_box(secret_key, data_dir or ("" if secret_key else str(default_data_dir())))


@lru_cache(maxsize=8)
def _cached_box(secret_key: str, data_dir: str) -> SecretBox:
    return SecretBox.from_settings(secret_key, data_dir)


def mask_url(url: str) -> str:
    """`tgram://123:abc@chat/…` → `tgram://***` ; keep only what tells the admin the kind."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    # Credentials hide in user, password, path or query (Apprise puts tokens in paths
    # and even in the host part), so only the scheme and the host's first characters show.
    host = parts.hostname or ""
    return f"{parts.scheme or '?'}://{host[:3]}***"
