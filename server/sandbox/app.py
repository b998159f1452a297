"""The sandbox gateway's HTTP face: APIv3 endpoints, the hosted phone page, the admin page."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ValidationError

from server import csrf
from server.sandbox import wire
from server.sandbox.gateway import CreateIn, Faults, Gateway, GatewayError, yuan
from server.sandbox.keys import load_or_create
from server.sandbox.settings import SandboxSettings
from server.security import constant_time_equal

_pages = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
_pages.filters["yuan"] = yuan
PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
PAYER_COOKIE = "sandbox_payer"
MAX_BODY = 64 * 1024


async def merchant(request: Request) -> dict[str, Any]:
    """Dependency: the body of a request signed by the merchant key (401 SIGN_ERROR otherwise)."""
    keys = request.app.state.gateway.keys
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise GatewayError(400, "PARAM_ERROR", "请求体过大")
    try:
        text = raw.decode()
    except UnicodeDecodeError as exc:
        raise GatewayError(400, "PARAM_ERROR", "请求体不是 UTF-8") from exc
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    try:
        wire.check_authorization(
            request.headers.get("authorization", ""),
            request.method,
            path,
            text,
            keys.mchid,
            keys.merchant_serial_no,
            keys.merchant_public,
        )
    except wire.AuthProblem as exc:
        raise GatewayError(401, "SIGN_ERROR", f"签名错误：{exc}") from exc
    if not text:
        return {}
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise GatewayError(400, "PARAM_ERROR", "请求体不是 JSON") from exc
    if not isinstance(body, dict):
        raise GatewayError(400, "PARAM_ERROR", "请求体必须是 JSON 对象")
    return body


Merchant = Annotated[dict[str, Any], Depends(merchant)]


def admin(request: Request) -> None:
    settings: SandboxSettings = request.app.state.gateway.settings
    if settings.admin_token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        given = given or request.cookies.get("sandbox_admin", "")
        if not constant_time_equal(given, settings.admin_token):
            raise GatewayError(401, "UNAUTHORIZED", "sandbox admin token required")


Admin = Annotated[None, Depends(admin)]


class FaultsIn(BaseModel):
    out_trade_no: str
    faults: Faults


def create_sandbox_app(settings: SandboxSettings) -> FastAPI:
    if not settings.public_base_url:
        raise ValueError("public_base_url is required: code_url and h5_url are built from it")
    keys = load_or_create(settings.data_dir)
    gw = Gateway(settings, keys)
    csrf_secret = hashlib.sha256(f"{keys.apiv3_key}|sandbox-csrf".encode()).hexdigest()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        gw.start()
        try:
            yield
        finally:
            gw.stop()

    app = FastAPI(title="CounterDesk payment gateway sandbox (WeChat Pay APIv3 format)", lifespan=lifespan)
    app.state.gateway = gw

    def signed(status: int, data: dict[str, Any] | None) -> Response:
        body = "" if data is None else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        headers = wire.signed_headers(keys.platform_private, keys.platform_key_id, body)
        if data is None:
            return Response(status_code=status, headers=headers)
        return Response(body.encode(), status_code=status, media_type="application/json", headers=headers)

    @app.exception_handler(GatewayError)
    async def _error(_r: Request, exc: GatewayError) -> Response:
        return signed(exc.status, {"code": exc.code, "message": exc.message})

    def _create_in(body: dict[str, Any], trade_type: str) -> CreateIn:
        amount = body.get("amount") or {}
        need = {
            "appid": body.get("appid"),
            "mchid": body.get("mchid"),
            "description": body.get("description"),
            "out_trade_no": body.get("out_trade_no"),
            "notify_url": body.get("notify_url"),
            "amount.total": amount.get("total"),
        }
        missing = [k for k, v in need.items() if v in (None, "")]
        if missing:
            raise GatewayError(400, "PARAM_ERROR", f"缺少参数：{', '.join(missing)}")
        no = str(body["out_trade_no"])
        if not (6 <= len(no) <= 32) or not all(c.isalnum() or c in "_-|*" for c in no):
            raise GatewayError(400, "PARAM_ERROR", "out_trade_no 须为 6-32 位字母、数字或 _-|*")
        if not isinstance(amount.get("total"), int):
            raise GatewayError(400, "PARAM_ERROR", "amount.total 须为整数（分）")
        notify = urlsplit(str(body["notify_url"]))
        if notify.scheme not in ("http", "https") or not notify.netloc:
            raise GatewayError(400, "PARAM_ERROR", "notify_url 须为 http(s) 地址")
        expire: datetime | None = None
        if body.get("time_expire"):
            try:
                expire = datetime.fromisoformat(str(body["time_expire"]))
            except ValueError as exc:
                raise GatewayError(400, "PARAM_ERROR", "time_expire 须为 RFC 3339 时间") from exc
            if expire.tzinfo is None:
                raise GatewayError(400, "PARAM_ERROR", "time_expire 须带时区")
        faults = None
        if "sandbox_faults" in body:  # sandbox-only field; the real gateway knows nothing of it
            try:
                faults = Faults.model_validate(body["sandbox_faults"])
            except ValidationError as exc:
                raise GatewayError(400, "PARAM_ERROR", f"sandbox_faults: {exc.errors()[0]['msg']}") from exc
        return CreateIn(
            trade_type=trade_type,
            appid=str(body["appid"]),
            mchid=str(body["mchid"]),
            description=str(body["description"])[:127],
            out_trade_no=no,
            notify_url=str(body["notify_url"]),
            amount_total=amount["total"],
            currency=str(amount.get("currency", "CNY")),
            attach=str(body.get("attach", ""))[:128],
            time_expire=expire,
            faults=faults,
        )

    @app.post("/v3/pay/transactions/native")
    def native(body: Merchant) -> Response:
        trade = gw.create(_create_in(body, "NATIVE"))
        return signed(200, {"code_url": gw.pay_url(trade)})

    @app.post("/v3/pay/transactions/h5")
    def h5(body: Merchant) -> Response:
        trade = gw.create(_create_in(body, "H5"))
        return signed(200, {"h5_url": gw.pay_url(trade)})

    @app.get("/v3/pay/transactions/out-trade-no/{out_trade_no}")
    def query(out_trade_no: str, _body: Merchant, mchid: str = "") -> Response:
        if mchid != keys.mchid:
            raise GatewayError(400, "PARAM_ERROR", "mchid 不正确")
        trade = gw.trade(out_trade_no)
        if trade is None:
            raise GatewayError(404, "ORDER_NOT_EXIST", "订单不存在")
        return signed(200, gw.query_json(trade))

    @app.post("/v3/pay/transactions/out-trade-no/{out_trade_no}/close")
    def close(out_trade_no: str, body: Merchant) -> Response:
        if body.get("mchid") != keys.mchid:
            raise GatewayError(400, "PARAM_ERROR", "mchid 不正确")
        gw.close(out_trade_no)
        return signed(204, None)

    @app.post("/v3/refund/domestic/refunds")
    def refund(body: Merchant) -> Response:
        return signed(200, gw.refund(body))

    @app.get("/v3/refund/domestic/refunds/{out_refund_no}")
    def query_refund(out_refund_no: str, _body: Merchant) -> Response:
        return signed(200, gw.refund_by_no(out_refund_no))

    @app.get("/v3/bill/tradebill")
    def tradebill(_body: Merchant, bill_date: str = "", bill_type: str = "ALL") -> Response:
        try:
            datetime.strptime(bill_date, "%Y-%m-%d")
        except ValueError as exc:
            raise GatewayError(400, "PARAM_ERROR", "bill_date 须为 YYYY-MM-DD") from exc
        content = gw.bill(bill_date)
        return signed(
            200,
            {
                "hash_type": "SHA1",
                "hash_value": hashlib.sha1(content.encode()).hexdigest(),
                "download_url": f"{gw.base_url}/v3/billdownload/file?token={gw.bill_token(bill_date)}",
            },
        )

    @app.get("/v3/billdownload/file")
    def billdownload(_body: Merchant, token: str = "") -> Response:
        day = gw.bill_day(token)
        if day is None:
            raise GatewayError(404, "RESOURCE_NOT_EXISTS", "账单不存在")
        return Response(gw.bill(day).encode(), media_type="text/plain; charset=utf-8")

    # ------------------------------------------------------------ hosted phone page

    def _page(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(_pages.get_template(name).render(**ctx), status_code=status, headers=PRIVATE)

    def _payer(request: Request) -> str:
        cookie = request.cookies.get(PAYER_COOKIE, "")
        return cookie if len(cookie) == 24 and cookie.isalnum() else secrets.token_hex(12)

    def _with_payer(response: Response, request: Request, payer: str) -> Response:
        response.set_cookie(
            PAYER_COOKIE, payer, httponly=True, samesite="lax", secure=request.url.scheme == "https"
        )
        return response

    def _pay_context(trade: Any, request: Request, **extra: Any) -> tuple[dict[str, Any], str]:
        token, nonce = csrf.form_token(request, csrf_secret, trade.pay_token)
        return {"trade": trade, "merchant": "CounterDesk 沙箱商户", "csrf": token, **extra}, nonce

    @app.get("/pay/{token}", response_class=HTMLResponse)
    def pay_page(token: str, request: Request, redirect_url: str = "") -> Response:
        trade = gw.trade_by_token(token)
        if trade is None:
            return _page("message.html", 404, title="链接无效", text="这个支付链接不存在。")
        if trade.trade_state != "NOTPAY" and not (
            trade.trade_state == "CLOSED" and trade.faults.get("pay_after_close")
        ):
            text = {
                "SUCCESS": "这笔订单已经支付。",
                "REFUND": "这笔订单已经支付（已退款）。",
                "CLOSED": "这笔订单已关闭，无法支付。",
            }.get(trade.trade_state, trade.trade_state)
            return _page("message.html", 409, title="无法支付", text=text)
        ctx, nonce = _pay_context(trade, request, redirect_url=redirect_url, error="")
        payer = _payer(request)
        response = _page("pay.html", **ctx)
        csrf.set_cookie(response, request, nonce, f"/pay/{token}")
        return _with_payer(response, request, payer)

    @app.post("/pay/{token}", response_class=HTMLResponse)
    def pay_submit(
        token: str,
        request: Request,
        action: Annotated[str, Form()] = "",
        pin: Annotated[str, Form()] = "",
        csrf_field: Annotated[str, Form(alias="csrf")] = "",
        redirect_url: Annotated[str, Form()] = "",
    ) -> Response:
        trade = gw.trade_by_token(token)
        if trade is None:
            return _page("message.html", 404, title="链接无效", text="这个支付链接不存在。")
        try:
            csrf.check(request, csrf_secret, trade.pay_token, csrf_field)
        except csrf.CsrfFailed:
            return _page("message.html", 403, title="页面已过期", text="请刷新页面后再试。")
        if action == "cancel":
            return _page(
                "message.html",
                200,
                title="已取消支付",
                text="你已取消支付，订单未付款。",
                back=f"/pay/{token}",
            )
        if action != "pay":
            return _page("message.html", 400, title="无法识别的操作", text="请使用页面上的按钮。")
        if not constant_time_equal(pin, settings.pin):
            failures = gw.wrong_pin(trade.out_trade_no)
            ctx, nonce = _pay_context(
                trade, request, redirect_url=redirect_url, error=f"支付密码错误（第 {failures} 次），请重试。"
            )
            response = _page("pay.html", 400, **ctx)
            csrf.set_cookie(response, request, nonce, f"/pay/{token}")
            return response
        payer = _payer(request)
        if not gw.pay(trade.out_trade_no, "sbx_" + payer):
            return _page("message.html", 409, title="无法支付", text="这笔订单已支付、已关闭或已过期。")
        if redirect_url.startswith(("http://", "https://")):
            # Like the real H5 flow: back to the merchant with no success flag; the merchant's
            # page asks its own server, which waits for the signed notification or queries.
            sep = "&" if "?" in redirect_url else "?"
            return RedirectResponse(
                f"{redirect_url}{sep}{urlencode({'out_trade_no': trade.out_trade_no})}", 303
            )
        return _with_payer(RedirectResponse(f"/pay/{token}/done", 303), request, payer)

    @app.get("/pay/{token}/done", response_class=HTMLResponse)
    def pay_done(token: str) -> Response:
        trade = gw.trade_by_token(token)
        if trade is None or trade.transaction_id is None:
            return _page("message.html", 404, title="未找到支付", text="没有找到这笔支付。")
        return _page("done.html", trade=trade)

    # ------------------------------------------------------------ admin

    @app.get("/admin", response_class=HTMLResponse)
    def admin_page(_a: Admin) -> Response:
        t, n, r = gw.listing()
        return _page(
            "admin.html",
            trades=t,
            notes=n,
            refunds=r,
            attempts_of=gw.attempts_of,
            merchant_config=str(settings.data_dir / "merchant_config.json"),
        )

    @app.post("/admin/notifications/{nid}/resend")
    def admin_resend_form(nid: int, _a: Admin) -> Response:
        gw.resend(nid)
        return RedirectResponse("/admin", 303)

    @app.post("/admin/api/faults")
    def set_faults(body: FaultsIn, _a: Admin) -> JSONResponse:
        if not gw.set_faults(body.out_trade_no, body.faults):
            return JSONResponse({"code": "ORDER_NOT_EXIST", "message": "no such trade"}, 404)
        return JSONResponse({"out_trade_no": body.out_trade_no, "faults": body.faults.model_dump()})

    @app.post("/admin/api/pay/{out_trade_no}")
    def admin_pay(out_trade_no: str, _a: Admin, payer: str = "sbx_admin") -> JSONResponse:
        """What the hosted page's "pay" does, for scripts (bench, demo)."""
        ok = gw.pay(out_trade_no, payer)
        return JSONResponse({"paid": ok}, 200 if ok else 409)

    @app.get("/admin/api/trades/{out_trade_no}")
    def admin_trade(out_trade_no: str, _a: Admin) -> JSONResponse:
        trade = gw.trade(out_trade_no)
        if trade is None:
            return JSONResponse({"code": "ORDER_NOT_EXIST"}, 404)
        return JSONResponse({**gw.query_json(trade), "pay_url": gw.pay_url(trade), "faults": trade.faults})

    @app.get("/admin/api/notifications")
    def admin_notifications(_a: Admin, out_trade_no: str = "") -> JSONResponse:
        _t, notes, _r = gw.listing(10_000)
        out = []
        for note in notes:
            if out_trade_no and note.out_trade_no != out_trade_no:
                continue
            out.append(
                {
                    "id": note.id,
                    "notify_id": note.notify_id,
                    "out_trade_no": note.out_trade_no,
                    "event_type": note.event_type,
                    "state": note.state,
                    "attempts": note.attempts,
                    "log": [
                        {
                            "attempt": a.attempt,
                            "copy": a.copy,
                            "status": a.status,
                            "ok": a.counted_ok,
                            "note": a.note,
                        }
                        for a in gw.attempts_of(note.id)
                    ],
                }
            )
        return JSONResponse(out)

    @app.get("/admin/api/refunds")
    def admin_refunds(_a: Admin, out_trade_no: str = "") -> JSONResponse:
        _t, _n, rows = gw.listing(10_000)
        return JSONResponse([
            {"out_refund_no": r.out_refund_no, "out_trade_no": r.out_trade_no, "amount": r.amount_refund,
             "status": r.status, "payer": r.payer_openid}
            for r in rows if not out_trade_no or r.out_trade_no == out_trade_no
        ])

    @app.post("/admin/api/notifications/{nid}/resend")
    def admin_resend(nid: int, _a: Admin) -> JSONResponse:
        return JSONResponse({"resent": gw.resend(nid)})

    @app.get("/health")
    async def health() -> dict[str, str]:
        return await run_in_threadpool(lambda: {"status": "ok", "mchid": keys.mchid})

    return app
