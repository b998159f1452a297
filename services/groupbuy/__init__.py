"""Walk-in group buying: pool shoppers' baskets toward the store's promotions (docs/groupbuy.md)."""

from services.groupbuy.engine import plan_groups
from services.groupbuy.types import BuyN, Compatibility, Group, Limits, Plan, Promotion, Shopper, Tier, Wish

__all__ = [
    "BuyN",
    "Compatibility",
    "Group",
    "Limits",
    "Plan",
    "Promotion",
    "Shopper",
    "Tier",
    "Wish",
    "plan_groups",
]
