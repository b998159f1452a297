"""WeChat Pay APIv3 as a PaymentProvider, for the real gateway and the sandbox alike.

Configuration only differs between the two: `base_url` (https://api.mch.weixin.qq.com
for the real one), the merchant id, app id, the merchant key and its serial number, the
platform public key and its id (WeChat Pay's "微信支付公钥" mode, `PUB_KEY_ID_…`), and the
APIv3 key. Requests are signed and answers and notifications verified with the helpers
of the maintained SDK `wechatpayv3` (build_authorization, rsa_verify, and
`Core.callback` for notifications: signature check + AEAD_AES_256_GCM decryption); HTTP
goes through httpx with timeouts, because the SDK's own client has a fixed gateway URL
and no default timeout.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import httpx
from wechatpayv3.core import Core
from wechatpayv3.utils import build_authorization, load_private_key, load_public_key, rsa_verify

from services.payments.provider import (
    CreatedPayment,
    Notification,
    NotificationKind,
    NotificationRejected,
    PaymentError,
    PaymentState,
    PaymentStatus,
    RefundState,
    RefundStatus,
    StatementLine,
)

REAL_GATEWAY = "https://api.mch.weixin.qq.com"
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
BEIJING = ZoneInfo("Asia/Shanghai")

_TRADE_STATES = {
    "SUCCESS": PaymentStatus.PAID,
    "REFUND": PaymentStatus.REFUNDED,
    "NOTPAY": PaymentStatus.PENDING,
    "USERPAYING": PaymentStatus.PENDING,
    "CLOSED": PaymentStatus.CLOSED,
    "REVOKED": PaymentStatus.CLOSED,
    "PAYERROR": PaymentStatus.FAILED,
}
_REFUND_STATES = {
    "PROCESSING": RefundStatus.PROCESSING,
    "SUCCESS": RefundStatus.SUCCESS,
    "CLOSED": RefundStatus.CLOSED,
    "ABNORMAL": RefundStatus.ABNORMAL,
}
_ERROR_CODES = {
    "ORDER_NOT_EXIST": "not_found",
    "RESOURCE_NOT_EXISTS": "not_found",
    "ORDERPAID": "already_paid",
    "ORDER_CLOSED": "closed",
    "OUT_TRADE_NO_USED": "trade_no_conflict",
}


@dataclass(frozen=True)
class WechatPayConfig:
    base_url: str
    mchid: str
    appid: str
    merchant_serial_no: str
    merchant_private_key: str
    platform_public_key_id: str
    platform_public_key: str
    apiv3_key: str
    provider: str = "wechatpay"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WechatPayConfig:
        names = {f.name for f in fields(cls)}
        missing = sorted(n for n in names - {"provider"} if not data.get(n))
        if missing:
            raise ValueError(f"payment gateway config lacks {', '.join(missing)}")
        if data.get("provider", "wechatpay") != "wechatpay":
            raise ValueError(f"payment gateway config: provider {data.get('provider')!r} is not wechatpay")
        if len(str(data["apiv3_key"]).encode()) != 32:
            raise ValueError("payment gateway config: apiv3_key must be 32 bytes")
        return cls(**{n: str(data[n]) for n in names if n in data})

    @classmethod
    def from_file(cls, path: str | Path) -> WechatPayConfig:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read payment gateway config {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise ValueError(f"payment gateway config {path}: not a JSON object")
        return cls.from_dict(data)


def fen_from_yuan(text: str) -> int:
    """'12.34' → 1234, exactly (bills give yuan with two decimals)."""
    try:
        value = Decimal(text) * 100
    except InvalidOperation as exc:
        raise PaymentError("bad_response", f"not an amount: {text!r}") from exc
    if value != value.to_integral_value():
        raise PaymentError("bad_response", f"amount with more than two decimals: {text!r}")
    return int(value)


def _when(text: object) -> datetime | None:
    if not text:
        return None
    try:
        when = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else None


class WechatPayProvider:
    name = "wechatpay"

    def __init__(
        self,
        config: WechatPayConfig,
        timeout_s: float = 5.0,
        max_skew_s: float = 300.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.max_skew_s = max_skew_s
        self._key = load_private_key(config.merchant_private_key)
        self._platform = load_public_key(config.platform_public_key)
        # Public-key mode: the SDK never downloads platform certificates (no network here).
        self._sdk = Core(
            mchid=config.mchid,
            cert_serial_no=config.merchant_serial_no,
            private_key=config.merchant_private_key,
            apiv3_key=config.apiv3_key,
            public_key=config.platform_public_key,
            public_key_id=config.platform_public_key_id,
        )
        self._http = httpx.Client(
            base_url=config.base_url.rstrip("/"), timeout=httpx.Timeout(timeout_s), transport=transport
        )

    def close_client(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ wire

    def _verified(self, headers: Mapping[str, str], text: str) -> bool:
        h = {k.lower(): v for k, v in headers.items()}
        if h.get("wechatpay-serial") != self.config.platform_public_key_id:
            return False
        return bool(
            rsa_verify(
                h.get("wechatpay-timestamp", ""),
                h.get("wechatpay-nonce", ""),
                text,
                h.get("wechatpay-signature", ""),
                self._platform,
            )
        )

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        text = "" if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        auth = build_authorization(
            path, method, self.config.mchid, self.config.merchant_serial_no, self._key, data=text or None
        )
        headers = {
            "Authorization": auth,
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Wechatpay-Serial": self.config.platform_public_key_id,
        }
        try:
            reply = self._http.request(method, path, content=text.encode() if text else None, headers=headers)
        except httpx.HTTPError as exc:
            raise PaymentError("gateway_unavailable", f"{type(exc).__name__}: {exc}", retryable=True) from exc
        if reply.status_code >= 500:
            raise PaymentError(
                "gateway_error", f"HTTP {reply.status_code}: {reply.text[:200]}", retryable=True
            )
        if 200 <= reply.status_code < 300 and not self._verified(reply.headers, reply.text):
            raise PaymentError("bad_response", "the gateway's answer is not signed with the platform key")
        data: dict[str, Any] = {}
        if reply.content:
            try:
                parsed = reply.json()
            except ValueError as exc:
                raise PaymentError("bad_response", f"not JSON: {reply.text[:100]!r}") from exc
            if isinstance(parsed, dict):
                data = parsed
        if reply.status_code >= 400:
            code = str(data.get("code", ""))
            raise PaymentError(
                _ERROR_CODES.get(code, "invalid_request"),
                f"HTTP {reply.status_code} {code}: {data.get('message', '')}",
            )
        return reply.status_code, data

    def _payment(self, data: Mapping[str, Any]) -> PaymentState:
        amount = data.get("amount") or {}
        total = amount.get("total")
        if not isinstance(total, int) or not data.get("out_trade_no"):
            raise PaymentError("bad_response", "a transaction without out_trade_no or amount.total")
        status = _TRADE_STATES.get(str(data.get("trade_state")))
        if status is None:
            raise PaymentError("bad_response", f"unknown trade_state {data.get('trade_state')!r}")
        payer = data.get("payer") or {}
        return PaymentState(
            out_trade_no=str(data["out_trade_no"]),
            status=status,
            amount_fen=total,
            currency=str(amount.get("currency") or amount.get("payer_currency") or "CNY"),
            transaction_id=str(data["transaction_id"]) if data.get("transaction_id") else None,
            payer_ref=str(payer["openid"]) if payer.get("openid") else None,
            paid_at=_when(data.get("success_time")),
            attach=str(data.get("attach", "")),
        )

    @staticmethod
    def _refund(data: Mapping[str, Any]) -> RefundState:
        amount = data.get("amount") or {}
        refund = amount.get("refund")
        status = _REFUND_STATES.get(str(data.get("status") or data.get("refund_status")))
        if not isinstance(refund, int) or status is None or not data.get("out_refund_no"):
            raise PaymentError("bad_response", "a refund without out_refund_no, amount.refund or status")
        return RefundState(
            out_refund_no=str(data["out_refund_no"]),
            out_trade_no=str(data.get("out_trade_no", "")),
            status=status,
            amount_fen=refund,
            refund_id=str(data.get("refund_id", "")),
            done_at=_when(data.get("success_time")),
            to_account=str(data.get("user_received_account", "")),
        )

    # ------------------------------------------------------------------ PaymentProvider

    def create(
        self,
        *,
        out_trade_no: str,
        amount_fen: int,
        currency: str,
        description: str,
        notify_url: str,
        expires_at: datetime,
        attach: str = "",
        channel: str = "native",
    ) -> CreatedPayment:
        if channel not in ("native", "h5"):
            raise PaymentError("invalid_request", f"channel {channel!r}: native or h5")
        body: dict[str, Any] = {
            "appid": self.config.appid,
            "mchid": self.config.mchid,
            "description": description[:127],
            "out_trade_no": out_trade_no,
            "time_expire": expires_at.astimezone(BEIJING).isoformat(timespec="seconds"),
            "attach": attach,
            "notify_url": notify_url,
            "amount": {"total": amount_fen, "currency": currency},
        }
        if channel == "h5":
            body["scene_info"] = {"payer_client_ip": "127.0.0.1", "h5_info": {"type": "Wap"}}
        _status, data = self._call("POST", f"/v3/pay/transactions/{channel}", body)
        url = data.get("code_url") or data.get("h5_url")
        if not url:
            raise PaymentError("bad_response", "no code_url / h5_url in the answer")
        return CreatedPayment(out_trade_no=out_trade_no, pay_url=str(url))

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        h = {k.lower(): v for k, v in headers.items()}
        if h.get("wechatpay-serial") != self.config.platform_public_key_id:
            raise NotificationRejected(
                "unknown_key", f"Wechatpay-Serial {h.get('wechatpay-serial', '')[:40]!r}"
            )
        if h.get("wechatpay-signature-type", SIGNATURE_TYPE) != SIGNATURE_TYPE:
            raise NotificationRejected("bad_signature", "unsupported Wechatpay-Signature-Type")
        h["wechatpay-signature-type"] = SIGNATURE_TYPE
        ts = h.get("wechatpay-timestamp", "")
        if not ts.isdigit():
            raise NotificationRejected("malformed", "Wechatpay-Timestamp missing")
        if abs(time.time() - int(ts)) > self.max_skew_s:
            raise NotificationRejected(
                "stale_timestamp", f"Wechatpay-Timestamp {ts} is outside ±{self.max_skew_s:.0f} s"
            )
        try:
            text = body.decode()
        except UnicodeDecodeError as exc:
            raise NotificationRejected("malformed", "body is not UTF-8") from exc
        if not self._verified(h, text):
            raise NotificationRejected("bad_signature", "Wechatpay-Signature does not verify")
        try:
            data = cast(dict[str, Any] | None, self._sdk.callback(h, text))
        except Exception as exc:  # the SDK raises bare Exception for unsupported algorithms
            raise NotificationRejected("malformed", str(exc)[:200]) from exc
        if not data or not isinstance(data.get("resource"), dict) or not data.get("id"):
            raise NotificationRejected("undecryptable", "resource does not decrypt with the APIv3 key")
        resource: dict[str, Any] = data["resource"]
        event_type = str(data.get("event_type", ""))
        sent_at = datetime.fromtimestamp(int(ts), UTC)
        if resource.get("mchid") not in (None, self.config.mchid):
            raise NotificationRejected("wrong_merchant", "the resource is for another merchant")
        try:
            if event_type.startswith("TRANSACTION."):
                if resource.get("appid") not in (None, self.config.appid):
                    raise NotificationRejected("wrong_merchant", "the resource is for another app id")
                return Notification(
                    str(data["id"]), NotificationKind.PAYMENT, sent_at, payment=self._payment(resource)
                )
            if event_type.startswith("REFUND."):
                return Notification(
                    str(data["id"]), NotificationKind.REFUND, sent_at, refund=self._refund(resource)
                )
        except PaymentError as exc:
            raise NotificationRejected("malformed", exc.message) from exc
        raise NotificationRejected("malformed", f"unknown event_type {event_type!r}")

    def ack(self, ok: bool, message: str = "") -> tuple[int, bytes, dict[str, str]]:
        if ok:
            return 204, b"", {}
        body = json.dumps({"code": "FAIL", "message": message or "失败"}, ensure_ascii=False).encode()
        return 500, body, {"Content-Type": "application/json"}

    def query(self, out_trade_no: str) -> PaymentState:
        path = f"/v3/pay/transactions/out-trade-no/{quote(out_trade_no, safe='')}?mchid={self.config.mchid}"
        return self._payment(self._call("GET", path)[1])

    def close(self, out_trade_no: str) -> PaymentState:
        path = f"/v3/pay/transactions/out-trade-no/{quote(out_trade_no, safe='')}/close"
        try:
            self._call("POST", path, {"mchid": self.config.mchid})
        except PaymentError as exc:
            if exc.code != "already_paid":
                raise
        return self.query(out_trade_no)

    def refund(
        self,
        *,
        out_trade_no: str,
        out_refund_no: str,
        amount_fen: int,
        total_fen: int,
        reason: str,
        notify_url: str,
    ) -> RefundState:
        body = {
            "out_trade_no": out_trade_no,
            "out_refund_no": out_refund_no,
            "reason": reason[:80],
            "notify_url": notify_url,
            "amount": {"refund": amount_fen, "total": total_fen, "currency": "CNY"},
        }
        return self._refund(self._call("POST", "/v3/refund/domestic/refunds", body)[1])

    def query_refund(self, out_refund_no: str) -> RefundState:
        return self._refund(
            self._call("GET", f"/v3/refund/domestic/refunds/{quote(out_refund_no, safe='')}")[1]
        )

    def statement(self, day: date) -> list[StatementLine]:
        try:
            _s, data = self._call("GET", f"/v3/bill/tradebill?bill_date={day.isoformat()}&bill_type=ALL")
        except PaymentError as exc:
            if "NO_STATEMENT_EXIST" in exc.message:
                return []
            raise
        url = urlsplit(str(data.get("download_url", "")))
        path = url.path + (f"?{url.query}" if url.query else "")
        auth = build_authorization(path, "GET", self.config.mchid, self.config.merchant_serial_no, self._key)
        try:
            reply = self._http.get(path, headers={"Authorization": auth})
        except httpx.HTTPError as exc:
            raise PaymentError("gateway_unavailable", str(exc), retryable=True) from exc
        if reply.status_code != 200:
            raise PaymentError("gateway_error", f"bill download: HTTP {reply.status_code}", retryable=True)
        if hashlib.sha1(reply.content).hexdigest() != data.get("hash_value"):
            raise PaymentError("bad_response", "the bill does not match its SHA1 hash")
        return parse_trade_bill(reply.content.decode("utf-8-sig"))


def parse_trade_bill(text: str) -> list[StatementLine]:
    """Rows of an APIv3 trade bill (fields prefixed with a backtick) until the totals block."""
    out: list[StatementLine] = []
    for line in text.splitlines()[1:]:
        if line.startswith("总交易单数") or not line.strip():
            break
        f = [v.lstrip("`") for v in line.split(",")]
        if len(f) < 17:
            raise PaymentError("bad_response", f"a bill row with {len(f)} fields")
        at = datetime.strptime(f[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).astimezone(UTC)
        if f[9] == "REFUND":
            out.append(StatementLine(NotificationKind.REFUND, f[6], f[5], fen_from_yuan(f[16]), at, f[15]))
        else:
            out.append(StatementLine(NotificationKind.PAYMENT, f[6], f[5], fen_from_yuan(f[12]), at))
    return out
