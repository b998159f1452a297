"""Pure pricing engine: coupons on a basket in integer fen. No database, no Qt.

See docs/pricing.md for the pipeline, the search, the tie-breaks and the JSON format.
"""

from services.coupons.pricing.engine import rank_for_scan, settle, validity
from services.coupons.pricing.search import MAX_EXACT, best_combination, best_combo_ms
from services.coupons.pricing.types import (
    AppliedCoupon,
    Coupon,
    CouponKind,
    Explanation,
    Line,
    NotApplied,
    RankedCoupon,
    Reason,
    Scope,
    Settlement,
)

__all__ = [
    "MAX_EXACT",
    "AppliedCoupon",
    "Coupon",
    "CouponKind",
    "Explanation",
    "Line",
    "NotApplied",
    "RankedCoupon",
    "Reason",
    "Scope",
    "Settlement",
    "best_combination",
    "best_combo_ms",
    "rank_for_scan",
    "settle",
    "validity",
]
