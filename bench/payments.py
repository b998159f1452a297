"""Payments: every sandbox fault case, notification latency and throughput.

    uv run python bench/payments.py [--rounds 1] [--payments 400] [--threads 8]

The merchant server and the gateway sandbox run as real uvicorns on 127.0.0.1 (threads of
this process, as in the tests), on PostgreSQL (a fresh database, dropped afterwards) when
COUNTERDESK_TEST_PG_URL is set, else SQLite.

1. Fault cases: tests/server/payment_rig.py FAULT_CASES, each run `--rounds` times on one
   rig; then, over every payment opened: double fulfilments (more than one payment.paid
   event for an order), lost payments (the gateway took money, we neither fulfilled with
   it nor refunded it), wrong amounts accepted (a paid payment whose amount differs).
2. notify_to_recipient_notice_s_p95: pay-for-another orders (sent as the desk sends them,
   the payer's "Pay" pressed, so each has an open trade); then one gateway-signed notification
   at a time, POST sent → 204 answered. The server answers after the commit that marked the
   payment paid, made the order the recipient's and queued the recipient's receipt-assist
   message (one transaction), so 204 = the recipient's message is queued; every one is checked
   afterwards. Baseline in the same run: notify_to_paid_s_p95, the same for plain payments.
   Pay-for-another fault cases (tests/server/payfor_rig.py PAYFOR_FAULTS) count in fault_cases_*.
3. notifications_per_s: `--payments` pending payments, one gateway-signed TRANSACTION.SUCCESS
   each, posted by `--threads` threads; every one verified, decrypted, checked and applied;
   the median of `--repeats` batches (the machine is shared with other work).
   Baseline in the same run: the provider's parse_notification alone (signature check +
   AEAD decryption, no HTTP, no database) on the same bodies, one thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from common import machine, percentile, write_result  # noqa: E402

from services.payments.wechatpay import WechatPayConfig, WechatPayProvider  # noqa: E402
from tests.server.payfor_rig import PAYFOR_FAULTS, create, notices, order, payfor_case, press_pay  # noqa: E402
from tests.server.payment_rig import FAULT_CASES, Rig, start_rig, stop_rig  # noqa: E402


def _database(tmp: Path, name: str) -> tuple[str, Any]:
    pg = os.environ.get("COUNTERDESK_TEST_PG_URL", "")
    if not pg:
        return f"sqlite:///{tmp / (name + '.sqlite3')}", None
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from models.db import make_engine

    admin = make_engine(pg)
    db = f"counterdesk_bench_{uuid.uuid4().hex[:10]}"
    with admin.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db}"'))

    def drop() -> None:
        with admin.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        admin.dispose()

    return make_url(pg).set(database=db).render_as_string(hide_password=False), drop


def fault_cases(tmp: Path, rounds: int) -> dict[str, Any]:
    url, drop = _database(tmp, "faults")
    rig = start_rig(tmp / "faults", url)
    failed: dict[str, str] = {}
    total = 0
    started = time.perf_counter()
    try:
        for r in range(rounds):
            for name, case in FAULT_CASES.items():
                total += 1
                try:
                    case(rig)
                except Exception as exc:
                    failed[f"{name}#{r}"] = f"{type(exc).__name__}: {exc}"[:300]
                    traceback.print_exc()
            for name, faults in PAYFOR_FAULTS.items():
                total += 1
                try:
                    payfor_case(rig, faults)
                except Exception as exc:
                    failed[f"payfor_{name}#{r}"] = f"{type(exc).__name__}: {exc}"[:300]
                    traceback.print_exc()
        rig.reconcile()
        time.sleep(1.0)  # refunds requested by the last round reach SUCCESS
        rig.reconcile()
        totals = rig.totals()
    finally:
        stop_rig(rig)
        if drop:
            drop()
    return {"fault_cases_total": total, "fault_cases_failed": len(failed), "failures": failed, **totals,
            "payments_opened": len(rig.opened), "fault_cases_s": round(time.perf_counter() - started, 1)}


def _open_many(rig: Rig, n: int) -> list[dict[str, Any]]:
    return [rig.open(amount=100 + i) for i in range(n)]


def latency(tmp: Path, n: int) -> dict[str, Any]:
    url, drop = _database(tmp, "latency")
    rig = start_rig(tmp / "latency", url, query_after_s=3600, reconcile_s=3600)
    try:
        opened = _open_many(rig, n)
        times: list[float] = []
        for p in opened:
            headers, body = rig.craft(rig.paid_resource(p["out_trade_no"], p["amount_fen"]))
            t0 = time.perf_counter()
            r = rig.post_notification(headers, body)
            times.append(time.perf_counter() - t0)
            assert r.status_code == 204, r.text
        paid = sum(1 for p in opened if rig.payment(p["out_trade_no"])["state"] == "paid")
    finally:
        stop_rig(rig)
        if drop:
            drop()
    return {"notify_to_paid_s_p95": round(percentile(times, 0.95), 4),
            "notify_to_paid_s_p50": round(percentile(times, 0.5), 4), "latency_samples": n,
            "latency_paid": paid}


def recipient_latency(tmp: Path, n: int) -> dict[str, Any]:
    url, drop = _database(tmp, "recipient")
    rig = start_rig(tmp / "recipient", url, query_after_s=3600, reconcile_s=3600)
    try:
        orders = []
        for _ in range(n):
            payload, pay_url = create(rig)
            assert press_pay(rig, pay_url).status_code == 303
            orders.append((payload, order(rig, payload["order_no"])["out_trade_no"]))
        times: list[float] = []
        for payload, no in orders:
            headers, body = rig.craft(rig.paid_resource(no, payload["amount_fen"]))
            t0 = time.perf_counter()
            r = rig.post_notification(headers, body)
            times.append(time.perf_counter() - t0)
            assert r.status_code == 204, r.text
        receipts = notices(rig, "phone:13800001111")
        noticed = sum(1 for payload, _no in orders
                      if any(t == "payfor_receipt" and payload["order_no"] in b for t, b in receipts))
    finally:
        stop_rig(rig)
        if drop:
            drop()
    return {"notify_to_recipient_notice_s_p95": round(percentile(times, 0.95), 4),
            "notify_to_recipient_notice_s_p50": round(percentile(times, 0.5), 4),
            "recipient_samples": n, "recipient_notices_queued": noticed}


def _serve_child(settings: dict[str, Any], port: int, ready: Any, done: Any) -> None:
    from server.runner import ServerThread
    from server.settings import ServerSettings

    thread = ServerThread(ServerSettings(**settings), port=port)
    thread.start()
    ready.set()
    done.wait()
    thread.stop()


class ChildServer:
    """The merchant server in a process of its own, so the posting threads do not share its GIL."""

    def __init__(self, settings: dict[str, Any]) -> None:
        import multiprocessing
        import socket

        ctx = multiprocessing.get_context("spawn")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._ready, self._done = ctx.Event(), ctx.Event()
        self._proc = ctx.Process(target=_serve_child, args=(settings, self.port, self._ready, self._done))
        self._proc.start()
        if not self._ready.wait(60):
            self._proc.kill()
            raise RuntimeError("the merchant server process did not start")

    def stop(self) -> None:
        self._done.set()
        self._proc.join(30)


def start_split_rig(tmp: Path, url: str) -> Rig:
    """Sandbox in this process, merchant server in a child process (query/reconcile rounds off)."""
    import httpx

    from server.sandbox.keys import load_or_create
    from server.sandbox.runner import SandboxThread
    from server.sandbox.settings import SandboxSettings
    from tests.server.payment_rig import ADMIN

    sandbox = SandboxThread(SandboxSettings(data_dir=tmp / "sandbox", poll_s=0.05))
    sandbox.start()
    server = ChildServer({
        "database_url": url, "admin_token": ADMIN, "payment_gateway": str(sandbox.merchant_config_path),
        "payment_reconcile_s": 3600.0, "payment_query_after_s": 3600.0, "delivery_workers": 1,
        "worker_poll_s": 0.5, "default_quiet_hours": "",
    })
    client = httpx.Client(base_url=server.base_url, timeout=30)
    gateway = httpx.Client(base_url=sandbox.base_url, timeout=30)
    auth = {"Authorization": f"Bearer {ADMIN}"}
    code = client.post("/api/admin/enrolment-codes", json={"store_code": "S001"}, headers=auth).json()["code"]
    station = client.post("/api/stations/enrol", json={"code": code, "store_code": "S001", "name": "till"}).json()
    station["headers"] = {"Authorization": f"Bearer {station['token']}"}
    return Rig(sandbox, server, client, gateway, station, url, load_or_create(tmp / "sandbox"))  # type: ignore[arg-type]


def throughput(tmp: Path, n: int, threads: int, repeats: int) -> dict[str, Any]:
    """`repeats` batches of `n` notifications on one server (the machine is shared: the median
    is reported, with every batch's figure)."""
    import httpx

    url, drop = _database(tmp, "throughput")
    rig = start_split_rig(tmp / "throughput", url)
    rates: list[float] = []
    baselines: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def post(chunk: list[tuple[dict[str, str], bytes]]) -> None:
        with httpx.Client(base_url=rig.server.base_url, timeout=30) as c:
            for headers, body in chunk:
                code = c.post("/api/payments/notify/wechatpay", content=body, headers=headers).status_code
                with lock:
                    statuses.append(code)

    try:
        assert rig.sandbox.merchant_config_path is not None
        provider = WechatPayProvider(WechatPayConfig.from_file(rig.sandbox.merchant_config_path))
        for _ in range(repeats):
            opened = _open_many(rig, n)
            bodies = [rig.craft(rig.paid_resource(p["out_trade_no"], p["amount_fen"])) for p in opened]
            # Baseline: verification + decryption alone, no HTTP and no database.
            t0 = time.perf_counter()
            for headers, body in bodies:
                provider.parse_notification(headers, body)
            baselines.append(n / (time.perf_counter() - t0))
            workers = [threading.Thread(target=post, args=(bodies[i::threads],)) for i in range(threads)]
            t0 = time.perf_counter()
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            rates.append(n / (time.perf_counter() - t0))
        provider.close_client()
        paid_events = [e for e in rig.feed() if e["topic"] == "payment.paid"]
        totals = rig.totals()
    finally:
        stop_rig(rig)
        if drop:
            drop()
    rate, baseline = statistics.median(rates), statistics.median(baselines)
    return {"notifications_per_s": round(rate, 1), "notifications_per_s_batches": [round(r, 1) for r in rates],
            "notifications": n * repeats, "notifications_acked": sum(1 for s in statuses if s == 204),
            "notifications_paid_events": len(paid_events), "throughput_threads": threads,
            "baseline_verify_decrypt_per_s": round(baseline, 1),
            "throughput_vs_baseline": round(rate / baseline, 3),
            "throughput_double_fulfilments": totals["double_fulfilments"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--payments", type=int, default=400)
    ap.add_argument("--latency-samples", type=int, default=200)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=3, help="throughput batches (median reported)")
    args = ap.parse_args()
    database = "postgresql" if os.environ.get("COUNTERDESK_TEST_PG_URL") else "sqlite"
    with tempfile.TemporaryDirectory(prefix="bench-payments-") as d:
        tmp = Path(d)
        result: dict[str, Any] = {"database": database}
        result |= fault_cases(tmp, args.rounds)
        result |= latency(tmp, args.latency_samples)
        result |= recipient_latency(tmp, args.latency_samples)
        result |= throughput(tmp, args.payments, args.threads, args.repeats)
    result["notify_to_recipient_notice_measures"] = (
        "gateway-signed notification of a pay-for-another order received -> payment paid, order the "
        "recipient's and the recipient's receipt-assist message queued (one commit; 204 answered)"
    )
    result["notifications_per_s_measures"] = (
        f"gateway-signed notifications verified, decrypted, amount-checked and applied on {database}; "
        "merchant server (uvicorn) in its own process, posted by threads of the bench process"
    )
    result["machine"] = machine(("fastapi", "uvicorn", "sqlalchemy", "wechatpayv3", "cryptography"))
    write_result("payments", result)
    return 1 if result["fault_cases_failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
