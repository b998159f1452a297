"""What the desk's Group buys page asks for: the live picture of a store, and "suggest now".

The store's walk-in group-buy promotion is the ladder the page suggests toward (满300减50,
满500减100: the issue's example and the demo shop's promotion); a group keeps the promotion it
was suggested for, so changing the ladder later does not change a group already formed.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.groupbuy import GroupState
from services.groupbuy.checkout import GroupCheckoutService
from services.groupbuy.service import CheckInInfo, GroupBuyService, GroupInfo, SuggestionRun
from services.groupbuy.types import Limits, Promotion, Tier

STORE_PROMOTION = Promotion((Tier(30000, 5000), Tier(50000, 10000)))
SHOWN_STATES = (GroupState.FORMING.value, GroupState.SUCCEEDED.value)


@dataclass(frozen=True)
class StoreOverview:
    live: tuple[CheckInInfo, ...]  # checked-in members, masked
    groups: tuple[GroupInfo, ...]  # forming and formed (not yet paid) groups, with their certificates
    expired_now: int  # groups that expired during this refresh (answer deadline, or not paid in time)


class GroupBuyDesk:
    def __init__(self, groupbuy: GroupBuyService, checkout: GroupCheckoutService) -> None:
        self.groupbuy = groupbuy
        self.checkout = checkout
        self.promotion = STORE_PROMOTION
        self.limits = Limits()

    def overview(self, store_code: str) -> StoreOverview:
        """Expire what is due (refunding anything paid toward it), then the store as it is now."""
        expired = self.groupbuy.expire_due() + len(self.checkout.expire_unsettled())
        store_id = self.groupbuy.store_id(store_code)
        return StoreOverview(
            tuple(self.groupbuy.live(store_id)), tuple(self.groupbuy.groups(store_id, SHOWN_STATES)), expired
        )

    def suggest_now(self, store_code: str) -> SuggestionRun:
        return self.groupbuy.suggest(self.groupbuy.store_id(store_code), self.promotion, self.limits)
