"""The sandbox gateway's state machine: trades, payments, refunds, notifications and faults.

Every state change is a conditional UPDATE (a trade is paid once, a refund number is
used once), so concurrent phones, admin clicks and merchant calls cannot double anything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Row, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from models.base import utcnow
from models.db import WRITE_OPTION, make_engine
from server.db import affected
from server.sandbox import wire
from server.sandbox.keys import SandboxKeys
from server.sandbox.settings import SandboxSettings
from server.sandbox.store import attempts, meta, notifications, refunds, trades

log = logging.getLogger(__name__)
BEIJING = ZoneInfo("Asia/Shanghai")


class Faults(BaseModel):
    """Per-trade fault injection (docs/payments.md lists what the merchant must do for each)."""

    model_config = ConfigDict(extra="forbid")
    notify_delay_s: float = Field(default=0, ge=0, le=86400)
    notify_duplicate: int = Field(default=1, ge=1, le=10, description="copies sent at once")
    notify_lost: bool = False
    notify_5xx_then_ok: int = Field(default=0, ge=0, le=15, description="first N deliveries count as 502")
    amount_mismatch: int = Field(
        default=0, ge=-1_000_000, le=1_000_000, description="fen added to payer_total"
    )
    bad_signature: bool = False
    stale_timestamp: bool = False
    pay_after_close: bool = False
    double_pay: bool = False
    refund_fail_then_ok: int = Field(default=0, ge=0, le=10, description="first N refund calls answer 500")
    out_of_order: bool = False


class GatewayError(Exception):
    """An APIv3 error answer: HTTP status, `code` and `message`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CreateIn:
    trade_type: str
    appid: str
    mchid: str
    description: str
    out_trade_no: str
    notify_url: str
    amount_total: int
    currency: str
    attach: str
    time_expire: datetime | None
    faults: Faults | None


def beijing(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(BEIJING).isoformat(timespec="seconds")


def _digits(prefix: str, n: int) -> str:
    return prefix + "".join(str(secrets.randbelow(10)) for _ in range(n))


def yuan(fen: int) -> str:
    return str((Decimal(fen) / 100).quantize(Decimal("0.01")))


class Gateway:
    def __init__(self, settings: SandboxSettings, keys: SandboxKeys) -> None:
        self.settings = settings
        self.keys = keys
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(settings.db_url)
        meta.create_all(self.engine)
        self.base_url = settings.public_base_url.rstrip("/")
        self._client = httpx.Client(timeout=settings.notify_timeout_s)
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="sandbox-notify")
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    def trade(self, out_trade_no: str) -> Row[Any] | None:
        with self.engine.connect() as conn:
            return conn.execute(select(trades).where(trades.c.out_trade_no == out_trade_no)).first()

    def trade_by_token(self, token: str) -> Row[Any] | None:
        with self.engine.connect() as conn:
            return conn.execute(select(trades).where(trades.c.pay_token == token)).first()

    def pay_url(self, trade: Row[Any]) -> str:
        return f"{self.base_url}/pay/{trade.pay_token}"

    # ------------------------------------------------------------------ merchant API

    def create(self, req: CreateIn) -> Row[Any]:
        """Idempotent on out_trade_no: the same fields give the same trade back; other fields → 400."""
        if req.mchid != self.keys.mchid or req.appid != self.keys.appid:
            raise GatewayError(400, "APPID_MCHID_NOT_MATCH", "appid 和 mch_id 不匹配")
        if req.currency != "CNY":
            raise GatewayError(400, "PARAM_ERROR", "amount.currency 只支持 CNY")
        if req.amount_total <= 0:
            raise GatewayError(400, "PARAM_ERROR", "amount.total 必须大于 0")
        row = {
            "out_trade_no": req.out_trade_no,
            "mchid": req.mchid,
            "appid": req.appid,
            "trade_type": req.trade_type,
            "description": req.description,
            "attach": req.attach,
            "notify_url": req.notify_url,
            "amount_total": req.amount_total,
            "currency": req.currency,
            "time_expire": req.time_expire,
            "trade_state": "NOTPAY",
            "pay_token": secrets.token_urlsafe(24),
            "created_at": utcnow(),
            "faults": (req.faults or Faults()).model_dump(),
            "pin_failures": 0,
            "refund_failures": 0,
        }
        try:
            with self._tx() as conn:
                conn.execute(insert(trades).values(**row))
        except IntegrityError:
            pass
        existing = self.trade(req.out_trade_no)
        assert existing is not None
        same = (
            existing.amount_total == req.amount_total
            and existing.currency == req.currency
            and existing.description == req.description
            and existing.trade_type == req.trade_type
        )
        if not same:
            raise GatewayError(400, "OUT_TRADE_NO_USED", "商户订单号重复：同一商户订单号的金额或内容不同")
        if existing.trade_state == "SUCCESS":
            raise GatewayError(400, "ORDERPAID", "该订单已支付")
        if existing.trade_state == "CLOSED":
            raise GatewayError(400, "ORDER_CLOSED", "该订单已关闭")
        if req.faults is not None and existing.pay_token != row["pay_token"]:
            self.set_faults(req.out_trade_no, req.faults)
        return existing

    def query_json(self, trade: Row[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "appid": trade.appid,
            "mchid": trade.mchid,
            "out_trade_no": trade.out_trade_no,
            "trade_type": trade.trade_type,
            "trade_state": trade.trade_state,
            "trade_state_desc": {
                "NOTPAY": "未支付",
                "SUCCESS": "支付成功",
                "CLOSED": "已关闭",
                "REFUND": "转入退款",
            }.get(trade.trade_state, trade.trade_state),
            "attach": trade.attach,
            "amount": {"total": trade.amount_total, "currency": trade.currency},
        }
        if trade.transaction_id:
            out["transaction_id"] = trade.transaction_id
            out["bank_type"] = "OTHERS"
            out["success_time"] = beijing(trade.success_time)
            out["payer"] = {"openid": trade.payer_openid}
            out["amount"].update(
                payer_total=trade.payer_total, payer_currency=trade.currency, total=trade.payer_total
            )
        return out

    def close(self, out_trade_no: str) -> None:
        with self._tx() as conn:
            n = affected(
                conn.execute(
                    update(trades)
                    .where(trades.c.out_trade_no == out_trade_no, trades.c.trade_state == "NOTPAY")
                    .values(trade_state="CLOSED", closed_at=utcnow())
                )
            )
        if n:
            return
        trade = self.trade(out_trade_no)
        if trade is None:
            raise GatewayError(404, "ORDER_NOT_EXIST", "订单不存在")
        if trade.trade_state in ("SUCCESS", "REFUND"):
            raise GatewayError(400, "ORDERPAID", "订单已支付")
        # CLOSED already: closing again succeeds (idempotent).

    def refund(self, body: dict[str, Any]) -> dict[str, Any]:
        out_refund_no = str(body.get("out_refund_no", ""))
        out_trade_no = str(body.get("out_trade_no", ""))
        amount = body.get("amount") or {}
        refund_fen, total_fen = amount.get("refund"), amount.get("total")
        if (
            not out_refund_no
            or not out_trade_no
            or not isinstance(refund_fen, int)
            or not isinstance(total_fen, int)
        ):
            raise GatewayError(
                400, "PARAM_ERROR", "out_trade_no, out_refund_no, amount.refund, amount.total 必填"
            )
        if refund_fen <= 0:
            raise GatewayError(400, "PARAM_ERROR", "退款金额必须大于 0")
        with self.engine.connect() as conn:
            existing = conn.execute(select(refunds).where(refunds.c.out_refund_no == out_refund_no)).first()
        if existing is not None:
            if existing.out_trade_no != out_trade_no or existing.amount_refund != refund_fen:
                raise GatewayError(400, "INVALID_REQUEST", "同一商户退款单号的退款参数不同")
            return self.refund_json(existing)
        trade = self.trade(out_trade_no)
        if trade is None:
            raise GatewayError(404, "RESOURCE_NOT_EXISTS", "订单不存在")
        if trade.transaction_id is None:
            raise GatewayError(400, "INVALID_REQUEST", "订单未支付，不能退款")
        if total_fen != trade.payer_total:
            raise GatewayError(400, "INVALID_REQUEST", "amount.total 与订单实付金额不一致")
        faults = Faults.model_validate(trade.faults)
        with self._tx() as conn:
            # refund_fail_then_ok: the first N calls fail before anything is recorded.
            failing = affected(
                conn.execute(
                    update(trades)
                    .where(trades.c.id == trade.id, trades.c.refund_failures < faults.refund_fail_then_ok)
                    .values(refund_failures=trades.c.refund_failures + 1)
                )
            )
        if failing:
            raise GatewayError(500, "SYSTEM_ERROR", "系统繁忙，请使用相同的退款单号重试")
        try:
            with self._tx() as conn:
                done = conn.execute(
                    select(func.coalesce(func.sum(refunds.c.amount_refund), 0)).where(
                        refunds.c.out_trade_no == out_trade_no
                    )
                ).scalar_one()
                if done + refund_fen > trade.payer_total:
                    raise GatewayError(400, "INVALID_REQUEST", "退款金额超过订单可退金额")
                conn.execute(
                    insert(refunds).values(
                        out_refund_no=out_refund_no,
                        refund_id=_digits("50300", 24),
                        out_trade_no=out_trade_no,
                        transaction_id=trade.transaction_id,
                        amount_refund=refund_fen,
                        amount_total=trade.payer_total,
                        currency=trade.currency,
                        reason=str(body.get("reason", ""))[:80],
                        notify_url=str(body.get("notify_url") or trade.notify_url),
                        status="PROCESSING",
                        payer_openid=trade.payer_openid or "",
                        created_at=utcnow(),
                    )
                )
        except IntegrityError:
            pass  # the same out_refund_no at the same moment: answered from the stored row
        with self.engine.connect() as conn:
            row = conn.execute(select(refunds).where(refunds.c.out_refund_no == out_refund_no)).first()
        assert row is not None
        if row.amount_refund != refund_fen or row.out_trade_no != out_trade_no:
            raise GatewayError(400, "INVALID_REQUEST", "同一商户退款单号的退款参数不同")
        self._wake.set()
        return self.refund_json(row)

    def refund_by_no(self, out_refund_no: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(refunds).where(refunds.c.out_refund_no == out_refund_no)).first()
        if row is None:
            raise GatewayError(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
        return self.refund_json(row)

    @staticmethod
    def refund_json(row: Row[Any]) -> dict[str, Any]:
        return {
            "refund_id": row.refund_id,
            "out_refund_no": row.out_refund_no,
            "transaction_id": row.transaction_id,
            "out_trade_no": row.out_trade_no,
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "success_time": beijing(row.success_time),
            "create_time": beijing(row.created_at),
            "status": row.status,
            "amount": {
                "total": row.amount_total,
                "refund": row.amount_refund,
                "payer_total": row.amount_total,
                "payer_refund": row.amount_refund,
                "currency": row.currency,
            },
        }

    def bill(self, day: str) -> str:
        """The trade bill of one Beijing-time day, in the APIv3 CSV layout (fields prefixed with `)."""
        start = datetime.fromisoformat(day).replace(tzinfo=BEIJING).astimezone(UTC)
        end = start + timedelta(days=1)
        with self.engine.connect() as conn:
            paid = conn.execute(
                select(trades).where(trades.c.success_time >= start, trades.c.success_time < end)
            ).all()
            back = conn.execute(
                select(refunds, trades.c.attach, trades.c.description)
                .join(trades, trades.c.out_trade_no == refunds.c.out_trade_no)
                .where(refunds.c.success_time >= start, refunds.c.success_time < end)
            ).all()
        header = (
            "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
            "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
            "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
        )
        lines = [header]
        k = self.keys

        def row(values: list[str]) -> str:
            return ",".join("`" + v for v in values)

        for t in sorted(paid, key=lambda t: t.success_time):
            lines.append(
                row(
                    [
                        t.success_time.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
                        k.appid,
                        k.mchid,
                        "0",
                        "",
                        t.transaction_id,
                        t.out_trade_no,
                        t.payer_openid or "",
                        t.trade_type,
                        "SUCCESS",
                        "OTHERS",
                        "CNY",
                        yuan(t.payer_total),
                        "0.00",
                        "0",
                        "0",
                        "0.00",
                        "0.00",
                        "",
                        "",
                        t.description,
                        t.attach,
                        "0.00",
                        "0.60%",
                        yuan(t.payer_total),
                        "0.00",
                        "",
                    ]
                )
            )
        for r in sorted(back, key=lambda r: r.success_time):
            lines.append(
                row(
                    [
                        r.success_time.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
                        k.appid,
                        k.mchid,
                        "0",
                        "",
                        r.transaction_id,
                        r.out_trade_no,
                        r.payer_openid,
                        "NATIVE",
                        "REFUND",
                        "OTHERS",
                        "CNY",
                        "0.00",
                        "0.00",
                        r.refund_id,
                        r.out_refund_no,
                        yuan(r.amount_refund),
                        "0.00",
                        "ORIGINAL",
                        "SUCCESS",
                        r.description,
                        r.attach,
                        "0.00",
                        "0.60%",
                        "0.00",
                        yuan(r.amount_refund),
                        "",
                    ]
                )
            )
        lines.append(
            "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
        )
        paid_sum = sum(t.payer_total for t in paid)
        back_sum = sum(r.amount_refund for r in back)
        lines.append(
            row(
                [
                    str(len(paid)),
                    yuan(paid_sum),
                    yuan(back_sum),
                    "0.00",
                    "0.00",
                    yuan(paid_sum),
                    yuan(back_sum),
                ]
            )
        )
        return "\r\n".join(lines) + "\r\n"

    def bill_token(self, day: str) -> str:
        mac = hashlib.sha256(f"{self.keys.apiv3_key}|bill|{day}".encode()).hexdigest()[:32]
        return f"{day}.{mac}"

    def bill_day(self, token: str) -> str | None:
        day, _, _mac = token.partition(".")
        return day if secrets.compare_digest(self.bill_token(day), token) else None

    # ------------------------------------------------------------------ payer actions

    def pay(self, out_trade_no: str, payer_openid: str) -> bool:
        """The payer confirmed with the right PIN. False: the trade was not payable any more."""
        trade = self.trade(out_trade_no)
        if trade is None:
            return False
        faults = Faults.model_validate(trade.faults)
        payable = [trades.c.trade_state == "NOTPAY"]
        if faults.pay_after_close:
            payable.append(trades.c.trade_state == "CLOSED")
        now = utcnow()
        expired = trade.time_expire is not None and trade.time_expire < now and not faults.pay_after_close
        if expired:
            return False
        with self._tx() as conn:
            won = affected(
                conn.execute(
                    update(trades)
                    .where(trades.c.id == trade.id, or_(*payable))
                    .values(
                        trade_state="SUCCESS",
                        transaction_id=_digits("42000", 23),
                        payer_total=trade.amount_total + faults.amount_mismatch,
                        payer_openid=payer_openid,
                        success_time=now,
                    )
                )
            )
            if not won:
                return False
            paid = conn.execute(select(trades).where(trades.c.id == trade.id)).one()
            self._queue(conn, paid, "TRANSACTION.SUCCESS", "transaction", self.query_json(paid), faults)
        if faults.double_pay and trade.attach:
            # The same payer also pays the merchant's other open trade of the same order.
            with self.engine.connect() as conn:
                others = (
                    conn.execute(
                        select(trades.c.out_trade_no).where(
                            trades.c.attach == trade.attach,
                            trades.c.id != trade.id,
                            trades.c.trade_state == "NOTPAY",
                        )
                    )
                    .scalars()
                    .all()
                )
            for other in others:
                self.pay(other, payer_openid)
        self._wake.set()
        return True

    def wrong_pin(self, out_trade_no: str) -> int:
        with self._tx() as conn:
            conn.execute(
                update(trades)
                .where(trades.c.out_trade_no == out_trade_no)
                .values(pin_failures=trades.c.pin_failures + 1)
            )
            return int(
                conn.execute(
                    select(trades.c.pin_failures).where(trades.c.out_trade_no == out_trade_no)
                ).scalar_one()
            )

    def set_faults(self, out_trade_no: str, faults: Faults) -> bool:
        with self._tx() as conn:
            return bool(
                affected(
                    conn.execute(
                        update(trades)
                        .where(trades.c.out_trade_no == out_trade_no)
                        .values(faults=faults.model_dump())
                    )
                )
            )

    # ------------------------------------------------------------------ notifications

    def _queue(
        self,
        conn: Connection,
        trade: Row[Any],
        event_type: str,
        original_type: str,
        plain: dict[str, Any],
        faults: Faults,
        url: str | None = None,
    ) -> None:
        now = utcnow()
        envelope = {
            "id": str(uuid.uuid4()),
            "create_time": beijing(now),
            "resource_type": "encrypt-resource",
            "event_type": event_type,
            "summary": "支付成功" if event_type == "TRANSACTION.SUCCESS" else "退款成功",
            "resource": {
                "original_type": original_type,
                **wire.seal(self.keys.apiv3_key, json.dumps(plain, ensure_ascii=False), original_type),
            },
        }
        if faults.notify_lost:
            state = "lost"
        elif faults.out_of_order and event_type == "TRANSACTION.SUCCESS":
            state = "held"
        else:
            state = "pending"
        conn.execute(
            insert(notifications).values(
                notify_id=envelope["id"],
                out_trade_no=trade.out_trade_no,
                event_type=event_type,
                url=url or trade.notify_url,
                body=json.dumps(envelope, ensure_ascii=False, separators=(",", ":")),
                state=state,
                attempts=0,
                next_at=now + timedelta(seconds=faults.notify_delay_s),
                created_at=now,
                fault={
                    "copies": faults.notify_duplicate,
                    "fail_first": faults.notify_5xx_then_ok,
                    "bad_signature": faults.bad_signature,
                    "stale_timestamp": faults.stale_timestamp,
                },
            )
        )

    def resend(self, notification_id: int) -> bool:
        with self._tx() as conn:
            n = affected(
                conn.execute(
                    update(notifications)
                    .where(notifications.c.id == notification_id, notifications.c.state != "sending")
                    .values(state="pending", next_at=utcnow())
                )
            )
        self._wake.set()
        return bool(n)

    def start(self) -> None:
        # A notification being sent when the sandbox stopped is sent again (as WeChat retries).
        with self._tx() as conn:
            conn.execute(update(notifications).where(notifications.c.state == "sending").values(state="pending"))
        self._thread = threading.Thread(target=self._run, name="sandbox-notifier", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(10)
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._client.close()
        self.engine.dispose()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # the loop must survive a bad row or a busy database
                log.exception("sandbox notifier round failed")
            self._wake.wait(self.settings.poll_s)
            self._wake.clear()

    def tick(self) -> None:
        now = utcnow()
        s = self.settings
        with self._tx() as conn:
            conn.execute(
                update(notifications)
                .where(
                    notifications.c.state == "held",
                    notifications.c.created_at < now - timedelta(seconds=s.hold_max_s),
                )
                .values(state="pending", next_at=now)
            )
        self._finish_refunds(now)
        with self.engine.connect() as conn:
            due = (
                conn.execute(
                    select(notifications.c.id)
                    .where(notifications.c.state == "pending", notifications.c.next_at <= now)
                    .order_by(notifications.c.next_at)
                    .limit(64)
                )
                .scalars()
                .all()
            )
        for nid in due:
            with self._tx() as conn:
                claimed = affected(
                    conn.execute(
                        update(notifications)
                        .where(notifications.c.id == nid, notifications.c.state == "pending")
                        .values(state="sending")
                    )
                )
            if claimed:
                self._pool.submit(self._deliver, nid)

    def _finish_refunds(self, now: datetime) -> None:
        with self.engine.connect() as conn:
            ready = conn.execute(
                select(refunds).where(
                    refunds.c.status == "PROCESSING",
                    refunds.c.created_at <= now - timedelta(seconds=self.settings.refund_delay_s),
                )
            ).all()
        for r in ready:
            with self._tx() as conn:
                won = affected(
                    conn.execute(
                        update(refunds)
                        .where(refunds.c.id == r.id, refunds.c.status == "PROCESSING")
                        .values(status="SUCCESS", success_time=now)
                    )
                )
                if not won:
                    continue
                conn.execute(
                    update(trades).where(trades.c.out_trade_no == r.out_trade_no).values(trade_state="REFUND")
                )
                trade = conn.execute(select(trades).where(trades.c.out_trade_no == r.out_trade_no)).one()
                done = conn.execute(select(refunds).where(refunds.c.id == r.id)).one()
                plain = {
                    "mchid": trade.mchid,
                    "out_trade_no": r.out_trade_no,
                    "transaction_id": r.transaction_id,
                    "out_refund_no": r.out_refund_no,
                    "refund_id": r.refund_id,
                    "refund_status": "SUCCESS",
                    "success_time": beijing(done.success_time),
                    "user_received_account": "支付用户零钱",
                    "amount": {
                        "total": r.amount_total,
                        "refund": r.amount_refund,
                        "payer_total": r.amount_total,
                        "payer_refund": r.amount_refund,
                    },
                }
                faults = Faults.model_validate(trade.faults)
                # Refund notices carry the delivery faults, never "lost" or the out-of-order hold.
                faults = faults.model_copy(update={"notify_lost": False, "out_of_order": False})
                self._queue(conn, trade, "REFUND.SUCCESS", "refund", plain, faults, url=r.notify_url)

    def _deliver(self, nid: int) -> None:
        with self.engine.connect() as conn:
            n = conn.execute(select(notifications).where(notifications.c.id == nid)).one()
        attempt = n.attempts + 1
        fault = n.fault
        results: list[tuple[int, int | None, str, int]] = []
        lock = threading.Lock()
        start_together = threading.Barrier(fault["copies"])

        def one(copy: int) -> None:
            ts = int(time.time()) - (600 if fault["stale_timestamp"] else 0)
            headers = wire.signed_headers(self.keys.platform_private, self.keys.platform_key_id, n.body, ts)
            if fault["bad_signature"]:
                sig = headers["Wechatpay-Signature"]
                headers["Wechatpay-Signature"] = ("A" if sig[0] != "A" else "B") + sig[1:]
            headers["Content-Type"] = "application/json"
            with suppress(threading.BrokenBarrierError):
                start_together.wait(5)
            t0 = time.perf_counter()
            status: int | None
            try:
                r = self._client.post(n.url, content=n.body.encode(), headers=headers)
                status, note = r.status_code, r.text[:150]
            except httpx.HTTPError as exc:
                status, note = None, f"{type(exc).__name__}: {exc}"[:150]
            with lock:
                results.append((copy, status, note, int((time.perf_counter() - t0) * 1000)))

        copies = [threading.Thread(target=one, args=(c,)) for c in range(1, fault["copies"] + 1)]
        for t in copies:
            t.start()
        for t in copies:
            t.join()
        faked = attempt <= fault["fail_first"]
        ok = not faked and any(st is not None and 200 <= st < 300 for _c, st, _n, _ms in results)
        now = utcnow()
        with self._tx() as conn:
            for copy, status, note, ms in results:
                counted = not faked and status is not None and 200 <= status < 300
                conn.execute(
                    insert(attempts).values(
                        notification_id=nid,
                        attempt=attempt,
                        copy=copy,
                        at=now,
                        status=status,
                        counted_ok=counted,
                        elapsed_ms=ms,
                        note=("counted as 502 (fault notify_5xx_then_ok) · " if faked else "") + note,
                    )
                )
            if ok:
                conn.execute(
                    update(notifications)
                    .where(notifications.c.id == nid)
                    .values(state="sent", attempts=attempt, sent_at=now)
                )
                if n.event_type == "REFUND.SUCCESS":
                    conn.execute(
                        update(notifications)
                        .where(
                            and_(
                                notifications.c.out_trade_no == n.out_trade_no,
                                notifications.c.state == "held",
                            )
                        )
                        .values(state="pending", next_at=now)
                    )
                    self._wake.set()
            else:
                delays = self.settings.retry_delays
                if attempt > len(delays):
                    values: dict[str, Any] = {"state": "failed", "attempts": attempt}
                else:
                    wait = delays[attempt - 1] * self.settings.time_scale
                    values = {
                        "state": "pending",
                        "attempts": attempt,
                        "next_at": now + timedelta(seconds=wait),
                    }
                conn.execute(update(notifications).where(notifications.c.id == nid).values(**values))

    # ------------------------------------------------------------------ admin

    def listing(self, limit: int = 200) -> tuple[Sequence[Row[Any]], Sequence[Row[Any]], Sequence[Row[Any]]]:
        with self.engine.connect() as conn:
            t = conn.execute(select(trades).order_by(trades.c.id.desc()).limit(limit)).all()
            n = conn.execute(select(notifications).order_by(notifications.c.id.desc()).limit(limit)).all()
            r = conn.execute(select(refunds).order_by(refunds.c.id.desc()).limit(limit)).all()
        return t, n, r

    def attempts_of(self, nid: int) -> Sequence[Row[Any]]:
        with self.engine.connect() as conn:
            return conn.execute(
                select(attempts).where(attempts.c.notification_id == nid).order_by(attempts.c.id)
            ).all()
