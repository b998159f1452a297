"""The pages of the main window and which roles see them.

A page appears here only once its workflow is built; the navigation lists exactly
the pages in PAGES that the operator's role allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gui.context import PageContext
from gui.pages.base import Page


@dataclass(frozen=True)
class PageSpec:
    key: str
    roles: frozenset[str]
    factory: Callable[[PageContext], Page]


def _cashier(ctx: PageContext) -> Page:
    from gui.pages.cashier import CashierPage

    return CashierPage(ctx)


def _parcels(ctx: PageContext) -> Page:
    from gui.pages.parcels import ParcelsPage

    return ParcelsPage(ctx)


def _residents(ctx: PageContext) -> Page:
    from gui.pages.residents import ResidentsPage

    return ResidentsPage(ctx)


def _pickup_check(ctx: PageContext) -> Page:
    from gui.pages.pickup_check import PickupCheckPage

    return PickupCheckPage(ctx)


def _lockers(ctx: PageContext) -> Page:
    from gui.pages.lockers import LockersPage

    return LockersPage(ctx)


def _orders(ctx: PageContext) -> Page:
    from gui.pages.orders import OrdersPage

    return OrdersPage(ctx)


def _coupons(ctx: PageContext) -> Page:
    from gui.pages.coupons_admin import CouponsAdminPage

    return CouponsAdminPage(ctx)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("cashier", frozenset({"cashier", "admin"}), _cashier),
    PageSpec("orders", frozenset({"cashier", "admin"}), _orders),
    PageSpec("parcels", frozenset({"desk", "admin"}), _parcels),
    PageSpec("residents", frozenset({"desk", "admin"}), _residents),
    PageSpec("pickup_check", frozenset({"desk", "admin"}), _pickup_check),
    PageSpec("lockers", frozenset({"desk", "admin"}), _lockers),
    PageSpec("coupons", frozenset({"admin"}), _coupons),
)


def pages_for(role: str) -> list[PageSpec]:
    return [spec for spec in PAGES if role in spec.roles]
