"""The WeChat Pay provider's offline parts: config checks, notification rejection reasons, bills."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from server.sandbox import wire
from server.sandbox.keys import SandboxKeys, load_or_create
from services.payments import NotificationKind, NotificationRejected, PaymentError, PaymentStatus
from services.payments.wechatpay import WechatPayConfig, WechatPayProvider, fen_from_yuan, parse_trade_bill


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> SandboxKeys:
    return load_or_create(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def provider(keys: SandboxKeys) -> WechatPayProvider:
    return WechatPayProvider(WechatPayConfig.from_dict(keys.merchant_config("http://127.0.0.1:9")))


def _note(keys: SandboxKeys, resource: dict[str, object], ts: int | None = None,
          apiv3_key: str | None = None) -> tuple[dict[str, str], bytes]:
    body = json.dumps({
        "id": str(uuid.uuid4()), "create_time": "2026-12-08T10:00:00+08:00", "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
        "resource": {"original_type": "transaction",
                     **wire.seal(apiv3_key or keys.apiv3_key, json.dumps(resource), "transaction")},
    })
    return wire.signed_headers(keys.platform_private, keys.platform_key_id, body, ts), body.encode()


def _paid(keys: SandboxKeys, total: int = 100) -> dict[str, object]:
    return {"mchid": keys.mchid, "appid": keys.appid, "out_trade_no": "T000001", "transaction_id": "4200001",
            "trade_state": "SUCCESS", "success_time": "2026-12-08T10:00:00+08:00", "payer": {"openid": "o1"},
            "amount": {"total": total, "currency": "CNY"}}


def test_config_names_what_is_missing(keys: SandboxKeys, tmp_path: Path) -> None:
    data = keys.merchant_config("http://x")
    del data["apiv3_key"]
    with pytest.raises(ValueError, match="apiv3_key"):
        WechatPayConfig.from_dict(data)
    with pytest.raises(ValueError, match="32 bytes"):
        WechatPayConfig.from_dict({**keys.merchant_config("http://x"), "apiv3_key": "short"})
    (tmp_path / "bad.json").write_text("[1]")
    with pytest.raises(ValueError, match="not a JSON object"):
        WechatPayConfig.from_file(tmp_path / "bad.json")


def test_a_genuine_notification_parses(keys: SandboxKeys, provider: WechatPayProvider) -> None:
    note = provider.parse_notification(*_note(keys, _paid(keys)))
    assert note.kind == NotificationKind.PAYMENT and note.payment is not None
    assert (note.payment.status, note.payment.amount_fen, note.payment.payer_ref) == (PaymentStatus.PAID, 100, "o1")


@pytest.mark.parametrize("problem", ["unknown_key", "bad_signature", "stale_timestamp", "undecryptable",
                                     "wrong_merchant", "tampered_body"])
def test_notifications_that_must_change_nothing(keys: SandboxKeys, provider: WechatPayProvider, problem: str) -> None:
    resource = _paid(keys)
    if problem == "wrong_merchant":
        resource["mchid"] = "1999999999"
    headers, body = _note(
        keys, resource,
        ts=int(time.time()) - 301 if problem == "stale_timestamp" else None,
        apiv3_key="x" * 32 if problem == "undecryptable" else None,
    )
    if problem == "unknown_key":
        headers["Wechatpay-Serial"] = "PUB_KEY_ID_0000"
    if problem == "bad_signature":
        headers["Wechatpay-Signature"] = "A" + headers["Wechatpay-Signature"][1:]
    if problem == "tampered_body":
        body = body.replace(b"TRANSACTION.SUCCESS", b"TRANSACTION.SUCCESs")
    with pytest.raises(NotificationRejected) as err:
        provider.parse_notification(headers, body)
    expected = "bad_signature" if problem in ("tampered_body",) else problem
    assert err.value.reason == expected


def test_bill_amounts_are_exact_fen() -> None:
    header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,x,x,x,x,x,x,x"
    row = ",".join("`" + v for v in ["2026-12-08 10:00:00", "wx1", "190", "0", "", "4200", "T1", "o1", "NATIVE",
                                     "SUCCESS", "OTHERS", "CNY", "0.29", "0.00", "0", "0", "0.00"])
    lines = parse_trade_bill(f"{header}\r\n{row}\r\n总交易单数,x\r\n`1,`0.29\r\n")
    assert [(x.kind, x.amount_fen) for x in lines] == [(NotificationKind.PAYMENT, 29)]
    assert fen_from_yuan("1234.56") == 123456
    with pytest.raises(PaymentError):
        fen_from_yuan("0.001")
