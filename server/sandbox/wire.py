"""WeChat Pay APIv3 signatures and AEAD resources, sandbox side (cryptography only, no SDK).

Request signature (merchant → gateway), per the APIv3 "签名生成" page:
    message = METHOD\\nURL-path-with-query\\ntimestamp\\nnonce\\nbody\\n
    Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"
Answer / notification signature (gateway → merchant):
    message = timestamp\\nnonce\\nbody\\n, headers Wechatpay-Timestamp/-Nonce/-Signature/-Serial
Resource: AES-256-GCM with the 32-byte APIv3 key, 12-byte nonce (ASCII), associated data.
"""

from __future__ import annotations

import base64
import re
import secrets
import string
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SCHEME = "WECHATPAY2-SHA256-RSA2048"
MAX_SKEW_S = 300
_PARAM = re.compile(r'(\w+)="([^"]*)"')
_NONCE_CHARS = string.ascii_letters + string.digits


def nonce(length: int = 32) -> str:
    return "".join(secrets.choice(_NONCE_CHARS) for _ in range(length))


def rsa_sign(key: rsa.RSAPrivateKey, message: str) -> str:
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa_verify(key: rsa.RSAPublicKey, message: str, signature: str) -> bool:
    try:
        key.verify(
            base64.b64decode(signature, validate=True), message.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError):
        return False
    return True


class AuthProblem(ValueError):
    """The merchant's Authorization header is missing, malformed, stale or does not verify."""


def check_authorization(
    header: str, method: str, path: str, body: str, mchid: str, serial_no: str, key: rsa.RSAPublicKey
) -> None:
    scheme, _, rest = header.partition(" ")
    if scheme != SCHEME:
        raise AuthProblem(f"Authorization must use {SCHEME}")
    params = dict(_PARAM.findall(rest))
    missing = [k for k in ("mchid", "nonce_str", "signature", "timestamp", "serial_no") if k not in params]
    if missing:
        raise AuthProblem(f"Authorization lacks {', '.join(missing)}")
    if params["mchid"] != mchid:
        raise AuthProblem("unknown mchid")
    if params["serial_no"] != serial_no:
        raise AuthProblem("unknown merchant certificate serial_no")
    if not params["timestamp"].isdigit() or abs(time.time() - int(params["timestamp"])) > MAX_SKEW_S:
        raise AuthProblem("timestamp is outside ±5 minutes")
    message = f"{method}\n{path}\n{params['timestamp']}\n{params['nonce_str']}\n{body}\n"
    if not rsa_verify(key, message, params["signature"]):
        raise AuthProblem("signature does not verify")


def signed_headers(
    key: rsa.RSAPrivateKey, serial: str, body: str, timestamp: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    n = nonce()
    return {
        "Wechatpay-Timestamp": ts,
        "Wechatpay-Nonce": n,
        "Wechatpay-Signature": rsa_sign(key, f"{ts}\n{n}\n{body}\n"),
        "Wechatpay-Serial": serial,
        "Wechatpay-Signature-Type": SCHEME,
    }


def seal(apiv3_key: str, plaintext: str, associated_data: str) -> dict[str, str]:
    n = nonce(12)
    ct = AESGCM(apiv3_key.encode()).encrypt(n.encode(), plaintext.encode(), associated_data.encode())
    return {
        "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": base64.b64encode(ct).decode(),
        "associated_data": associated_data,
        "nonce": n,
    }
