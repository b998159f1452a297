"""Promoted products per scan: the time ``PromotionService.suggestions`` adds to a scan.

    uv run python bench/promotions.py [--products 20000] [--promotions 5000] [--scans 300]

The demo shop (SQLite file in a temporary folder) grown by ``--products`` generated products
spread over its 12 categories and ``--promotions`` generated promotions (related to a product
or a category, and featured). Each scan: a random basket of 1-8 lines ending in the scanned
product, the member holding 6 claimed coupons (threshold ones among them, so near misses come from
both the scan and the wallet).

* ``suggestions_ms_p50`` / ``_p95``: the whole promoted list for a scan (it ranks the scan's coupons
  itself, then the wallet's near misses, related and featured items).
* Baseline in the same run: ``CouponService.ranked_offers`` for the same scans
  (``baseline_ranked_offers_ms_p50`` / ``_p95``), the coupon list the till computes anyway;
  ``ratio_p50`` = suggestions / baseline.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from common import machine, percentile, write_result  # noqa: E402  (bench/ is on sys.path when run as a script)
from sqlalchemy import insert, select  # noqa: E402

from devices.gtin import with_check_digit  # noqa: E402
from models import Category, CouponTemplate, Member, Product, Promotion, Store  # noqa: E402
from services.desk import Desk  # noqa: E402


def grow(desk: Desk, products: int, promotions: int, rng: random.Random) -> None:
    with desk.db.sessions.begin() as s:
        categories = list(s.scalars(select(Category.id)))
        s.execute(insert(Product), [
            {"code": with_check_digit(f"699{i:09d}"), "name": f"商品 {i}", "name_en": f"Item {i}",
             "price_fen": rng.randrange(100, 20000), "unit": "件", "category_id": rng.choice(categories)}
            for i in range(products)
        ])
        store_id = s.scalar(select(Store.id))
        ids = list(s.scalars(select(Product.id)))
        codes = list(s.scalars(select(Product.code)))
        cat_codes = list(s.scalars(select(Category.code)))
        rows = []
        for _ in range(promotions):
            kind = rng.random()
            if kind < 0.05:
                rows.append({"kind": "featured", "trigger_kind": "none", "trigger_code": ""})
            elif kind < 0.5:
                rows.append({"kind": "related", "trigger_kind": "category", "trigger_code": rng.choice(cat_codes)})
            else:
                rows.append({"kind": "related", "trigger_kind": "product", "trigger_code": rng.choice(codes)})
        s.execute(insert(Promotion), [
            r | {"store_id": store_id, "product_id": rng.choice(ids), "pitch": "推荐", "pitch_en": "Pick",
                 "priority": rng.randrange(5), "active": True}
            for r in rows
        ])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=20000)
    parser.add_argument("--promotions", type=int, default=5000)
    parser.add_argument("--scans", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(5)
    folder = Path(tempfile.mkdtemp(prefix="bench-promotions-"))
    desk = Desk.open(f"sqlite:///{folder / 'desk.sqlite3'}")
    grow(desk, args.products, args.promotions, rng)
    with desk.db.sessions() as s:
        member_id = s.scalar(select(Member.id).order_by(Member.id))
        wallet = list(s.scalars(select(CouponTemplate.id).where(
            CouponTemplate.code.in_(["MJ100", "DAIRY5", "CLEAN8", "FRUIT6", "BABY30", "DRINK20"]))))
        codes = list(s.scalars(select(Product.code)))
    assert member_id is not None
    for template_id in wallet:
        desk.coupons.claim(template_id, member_id, "S001")

    scans = []
    for _ in range(args.scans):
        basket = [(code, rng.randint(1, 3)) for code in dict.fromkeys(rng.sample(codes, rng.randint(1, 8)))]
        scans.append((basket, basket[-1][0]))
    for basket, code in scans[:10]:  # warm caches and the statement cache
        desk.promotions.suggestions(basket, code, "S001", member_id)

    def timed(fn: object) -> list[float]:
        out = []
        for basket, code in scans:
            start = time.perf_counter()
            fn(basket, code, "S001", member_id)  # type: ignore[operator]
            out.append((time.perf_counter() - start) * 1000)
        return out

    base = timed(desk.coupons.ranked_offers)
    full = timed(desk.promotions.suggestions)
    found = sum(1 for basket, code in scans if desk.promotions.suggestions(basket, code, "S001", member_id))
    desk.close()
    result = {
        "machine": machine(("sqlalchemy",)),
        "products": args.products + 216, "promotions": args.promotions + 18, "scans": args.scans,
        "scans_with_suggestions": found,
        "suggestions_ms_p50": round(percentile(full, 0.5), 2),
        "suggestions_ms_p95": round(percentile(full, 0.95), 2),
        "baseline_ranked_offers_ms_p50": round(percentile(base, 0.5), 2),
        "baseline_ranked_offers_ms_p95": round(percentile(base, 0.95), 2),
        "ratio_p50": round(percentile(full, 0.5) / percentile(base, 0.5), 2),
    }
    write_result("promotions", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
