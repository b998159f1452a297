"""Gift orders: double claims, the expiry pass over 10,000 gifts, the claim page's latency.

    uv run python bench/gifts.py [--gifts 10000] [--claimers 100] [--requests 300]

On PostgreSQL (a fresh database, dropped afterwards) when COUNTERDESK_TEST_PG_URL is set, else SQLite.

1. double_claims: one shared gift, `--claimers` threads claiming its link at once through
   the Gifts rules (each its own transaction); goal 0 = exactly one gift order, one winner.
2. expiry_pass_10k_s / unclaimed_not_refunded: `--gifts` shared gifts paid at the gateway
   (their paid payments in the real payment tables), all past their expiry; one expiry pass,
   timed; then the gifts that are not expired with a refund asked under their refund number
   (plus any still live past expiry); goal 0 and < 2 s.
3. claim_page_ms_p95: GET /g/<token> on the in-process server (a real uvicorn thread on
   127.0.0.1), `--requests` times; baseline in the same run: GET /health.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from common import machine, percentile, write_result  # noqa: E402


def _database(tmp: Path) -> tuple[str, Any]:
    pg = os.environ.get("COUNTERDESK_TEST_PG_URL")
    if not pg:
        return f"sqlite:///{tmp / 'gifts.sqlite3'}", None
    from sqlalchemy import create_engine, text

    name = "bench_gifts_" + uuid.uuid4().hex[:8]
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gifts", type=int, default=10_000)
    ap.add_argument("--claimers", type=int, default=100)
    ap.add_argument("--requests", type=int, default=300)
    args = ap.parse_args()

    import httpx
    from sqlalchemy import func, select

    from models.base import utcnow
    from server.auth import StationIdentity
    from server.db import ServerDatabase
    from server.gifts import ClaimForm, GiftProblem, Gifts, refund_no, slots_for, token_hash
    from server.gifts_tables import Gift, GiftOrder
    from server.payments import Payments
    from server.payments_tables import Payment, PaymentOrder, PaymentRefund
    from server.runner import ServerThread
    from server.security import sha256_hex
    from server.settings import ServerSettings
    from server.tables import Station

    with tempfile.TemporaryDirectory() as d:
        url, drop = _database(Path(d))
        try:
            settings = ServerSettings(database_url=url, public_base_url="http://127.0.0.1:1", default_quiet_hours="")
            db = ServerDatabase(url)
            with db.session() as s:
                st = Station(store_code="S001", name="bench", token_hash=sha256_hex(secrets.token_hex(16)))
                s.add(st)
                s.flush()
                station = StationIdentity(st.id, st.store_code, st.name)
            gifts = Gifts(db, settings, Payments(db, settings, None))

            # 1. double claims
            g = gifts.create(station, product_code="TEA", title="tea", amount_fen=100, giver_phone="13800000001")
            gifts.paid_at_till(station, g.gift_no, "cash")
            _, token = gifts.share(g.gift_no, station)
            slot = slots_for(utcnow())[0]
            won: list[int] = []

            def claim(n: int) -> None:
                form = ClaimForm(f"r{n}", f"139{n:08d}", "addr", False, slot)
                try:
                    gifts.claim(token, form)
                    won.append(n)
                except GiftProblem:
                    pass

            with ThreadPoolExecutor(16) as pool:
                list(pool.map(claim, range(args.claimers)))
            with db.read_session() as s:
                orders = s.scalar(select(func.count()).select_from(GiftOrder).join(Gift, Gift.id == GiftOrder.gift_id)
                                  .where(Gift.gift_no == g.gift_no)) or 0
            double_claims = max(0, orders - 1) + max(0, len(won) - 1) + (1 if orders == 0 else 0)

            # 2. expiry pass over N gifts paid at the gateway
            now = utcnow()
            with db.session() as s:
                for n in range(args.gifts):
                    no = f"GIFT-B{n:08d}"
                    order = PaymentOrder(order_ref=no, station_id=station.station_id, amount_fen=100, currency="CNY")
                    s.add(order)
                    s.flush()
                    trade = "CDB" + uuid.uuid4().hex[:24]
                    s.add(Payment(order_id=order.id, out_trade_no=trade, provider="bench", channel="h5",
                                  amount_fen=100, currency="CNY", description="gift", state="paid", paid_fen=100,
                                  payer_ref="payer", expires_at=now, paid_at=now))
                    s.add(Gift(gift_no=no, station_id=station.station_id, product_code="TEA", title="tea",
                               amount_fen=100, giver_phone=f"138{n:08d}", state="shared", pay_route="gateway",
                               out_trade_no=trade, token_hash=token_hash(secrets.token_urlsafe(16)),
                               expires_at=now + timedelta(hours=24), paid_at=now))
            t0 = time.perf_counter()
            if os.environ.get("BENCH_PROFILE"):
                import cProfile

                prof = cProfile.Profile()
                expired = prof.runcall(gifts.expire_pass, now + timedelta(hours=25))
                prof.dump_stats(os.environ["BENCH_PROFILE"])
            else:
                expired = gifts.expire_pass(now + timedelta(hours=25))
            expiry_s = time.perf_counter() - t0
            with db.read_session() as s:
                refunded = set(s.scalars(select(PaymentRefund.out_refund_no)))
                bench_gifts = list(s.execute(select(Gift.gift_no, Gift.state).where(Gift.gift_no.like("GIFT-B%"))))
            not_refunded = sum(1 for no, state in bench_gifts if state != "expired" or refund_no(no) not in refunded)
            db.close()

            # 3. claim page latency on a real uvicorn in this process
            server = ServerThread(ServerSettings(database_url=url, default_quiet_hours=""))
            server.start()
            try:
                db2 = ServerDatabase(url)
                g2 = Gifts(db2, settings)
                gv = g2.create(station, product_code="TEA", title="tea", amount_fen=100, giver_phone="13800000001")
                g2.paid_at_till(station, gv.gift_no, "cash")
                _, tok = g2.share(gv.gift_no, station)
                db2.close()
                with httpx.Client(base_url=server.base_url, timeout=10) as c:
                    for _ in range(20):
                        c.get(f"/g/{tok}")
                        c.get("/health")

                    def timed(path: str) -> list[float]:
                        out = []
                        for _ in range(args.requests):
                            t = time.perf_counter()
                            r = c.get(path)
                            out.append((time.perf_counter() - t) * 1000)
                            assert r.status_code == 200, r.text
                        return out

                    page_ms = timed(f"/g/{tok}")
                    health_ms = timed("/health")
            finally:
                server.stop()
        finally:
            if drop is not None:
                drop()

    result = {
        "machine": machine(("sqlalchemy", "fastapi", "uvicorn"), database=url.split(":", 1)[0]),
        "double_claims": double_claims,
        "claim_winners": len(won),
        "claimers": args.claimers,
        "gifts": args.gifts,
        "expired_in_pass": expired,
        "unclaimed_not_refunded": not_refunded,
        "expiry_pass_10k_s": round(expiry_s * 10_000 / max(1, args.gifts), 3),
        "claim_page_ms_p50": round(percentile(page_ms, 0.5), 2),
        "claim_page_ms_p95": round(percentile(page_ms, 0.95), 2),
        "baseline_health_ms_p95": round(percentile(health_ms, 0.95), 2),
        "goals": {"double_claims": 0, "unclaimed_not_refunded": 0, "expiry_pass_10k_s": "< 2",
                  "claim_page_ms_p95": "< 100"},
    }
    write_result("gifts", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
