"""The pages of the main window and which roles see them.

A page appears here only once its workflow is built; the navigation lists exactly
the pages in PAGES that the operator's role allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gui.context import PageContext
from gui.page import Page


@dataclass(frozen=True)
class PageSpec:
    key: str
    roles: frozenset[str]
    factory: Callable[[PageContext], Page]


def _cashier(ctx: PageContext) -> Page:
    from gui.cashier.page import CashierPage

    return CashierPage(ctx)


def _parcels(ctx: PageContext) -> Page:
    from gui.parcels.page import ParcelsPage

    return ParcelsPage(ctx)


def _residents(ctx: PageContext) -> Page:
    from gui.faces.enrol_dialog import FaceEnrolDialog
    from gui.parcels.history_dialog import resident_history
    from gui.residents.page import ResidentActions, ResidentsPage

    return ResidentsPage(ctx, ResidentActions(parcels=resident_history, face=FaceEnrolDialog))


def _pickup_check(ctx: PageContext) -> Page:
    from gui.faces.pickup_check import PickupCheckPage

    return PickupCheckPage(ctx)


def _lockers(ctx: PageContext) -> Page:
    from gui.lockers.page import LockersPage

    return LockersPage(ctx)


def _orders(ctx: PageContext) -> Page:
    from gui.orders.page import OrdersPage

    return OrdersPage(ctx)


def _coupons(ctx: PageContext) -> Page:
    from gui.coupons.page import CouponsAdminPage

    return CouponsAdminPage(ctx)


def _shifts(ctx: PageContext) -> Page:
    from gui.shifts.page import ShiftsPage

    return ShiftsPage(ctx)


def _reports(ctx: PageContext) -> Page:
    from gui.reports.page import ReportsPage  # its charts (pyqtgraph, numpy) load on first use

    return ReportsPage(ctx)


def _products(ctx: PageContext) -> Page:
    from gui.catalog.page import ProductsPage

    return ProductsPage(ctx)


def _operators(ctx: PageContext) -> Page:
    from gui.staff.page import OperatorsPage

    return OperatorsPage(ctx)


def _groupbuy(ctx: PageContext) -> Page:
    from gui.groupbuy.page import GroupBuyPage

    return GroupBuyPage(ctx)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("cashier", frozenset({"cashier", "manager", "admin"}), _cashier),
    PageSpec("orders", frozenset({"cashier", "manager", "admin"}), _orders),
    PageSpec("shifts", frozenset({"cashier", "manager", "admin"}), _shifts),
    PageSpec("groupbuy", frozenset({"cashier", "manager", "admin"}), _groupbuy),
    PageSpec("parcels", frozenset({"desk", "admin"}), _parcels),
    PageSpec("residents", frozenset({"desk", "admin"}), _residents),
    PageSpec("pickup_check", frozenset({"desk", "admin"}), _pickup_check),
    PageSpec("lockers", frozenset({"desk", "admin"}), _lockers),
    PageSpec("coupons", frozenset({"admin"}), _coupons),
    PageSpec("reports", frozenset({"admin", "desk"}), _reports),
    PageSpec("products", frozenset({"admin"}), _products),
    PageSpec("operators", frozenset({"admin"}), _operators),
)


def pages_for(role: str) -> list[PageSpec]:
    return [spec for spec in PAGES if role in spec.roles]
