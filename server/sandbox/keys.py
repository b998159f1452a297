"""The sandbox's keys, generated on first start into its data folder and reused afterwards.

- merchant RSA 2048 key pair (the merchant signs requests; the sandbox knows the public half),
- platform RSA 2048 key pair (the sandbox signs answers and notifications; merchants verify with
  the public half, identified by a `PUB_KEY_ID_…` as WeChat Pay's "platform public key" mode),
- the 32-character APIv3 key that seals notification resources.

`merchant_config.json` holds what a merchant needs (the same fields the real gateway's
merchant platform hands out); services/payments reads it (`WechatPayConfig.from_file`).
"""

from __future__ import annotations

import json
import os
import secrets
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

MERCHANT_CONFIG = "merchant_config.json"
_IDS = "sandbox_ids.json"


@dataclass(frozen=True)
class SandboxKeys:
    mchid: str
    appid: str
    merchant_serial_no: str
    merchant_private_pem: str
    merchant_public: rsa.RSAPublicKey
    platform_key_id: str
    platform_private: rsa.RSAPrivateKey
    platform_public_pem: str
    apiv3_key: str

    def merchant_config(self, base_url: str) -> dict[str, Any]:
        """What the merchant side needs: services.payments.wechatpay.WechatPayConfig fields."""
        return {
            "provider": "wechatpay",
            "base_url": base_url.rstrip("/"),
            "mchid": self.mchid,
            "appid": self.appid,
            "merchant_serial_no": self.merchant_serial_no,
            "merchant_private_key": self.merchant_private_pem,
            "platform_public_key_id": self.platform_key_id,
            "platform_public_key": self.platform_public_pem,
            "apiv3_key": self.apiv3_key,
        }


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem_private(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _pem_public(key: rsa.RSAPublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def load_or_create(data_dir: Path) -> SandboxKeys:
    """Keys from `data_dir`, created there (private files 0600) when missing."""
    data_dir.mkdir(parents=True, exist_ok=True)
    ids_path = data_dir / _IDS
    merchant_path = data_dir / "merchant_private_key.pem"
    platform_path = data_dir / "platform_private_key.pem"
    if not ids_path.exists():
        alphabet = string.ascii_letters + string.digits
        ids = {
            "mchid": str(1900000000 + secrets.randbelow(99999999)),
            "appid": "wx" + secrets.token_hex(8),
            "merchant_serial_no": secrets.token_hex(20).upper(),
            "platform_key_id": "PUB_KEY_ID_" + "".join(secrets.choice(string.digits) for _ in range(28)),
            "apiv3_key": "".join(secrets.choice(alphabet) for _ in range(32)),
        }
        _write_private(merchant_path, _pem_private(_new_key()))
        _write_private(platform_path, _pem_private(_new_key()))
        _write_private(ids_path, json.dumps(ids, indent=2))
    ids = json.loads(ids_path.read_text(encoding="utf-8"))
    merchant = serialization.load_pem_private_key(merchant_path.read_bytes(), password=None)
    platform = serialization.load_pem_private_key(platform_path.read_bytes(), password=None)
    assert isinstance(merchant, rsa.RSAPrivateKey) and isinstance(platform, rsa.RSAPrivateKey)
    return SandboxKeys(
        mchid=ids["mchid"],
        appid=ids["appid"],
        merchant_serial_no=ids["merchant_serial_no"],
        merchant_private_pem=merchant_path.read_text(encoding="utf-8"),
        merchant_public=merchant.public_key(),
        platform_key_id=ids["platform_key_id"],
        platform_private=platform,
        platform_public_pem=_pem_public(platform.public_key()),
        apiv3_key=ids["apiv3_key"],
    )


def export_merchant_config(keys: SandboxKeys, data_dir: Path, base_url: str) -> Path:
    """Write merchant_config.json (0600: it holds the merchant's private key) and return its path."""
    path = data_dir / MERCHANT_CONFIG
    _write_private(path, json.dumps(keys.merchant_config(base_url), indent=2, ensure_ascii=False))
    return path
