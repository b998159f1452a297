"""SQLAlchemy models. Importing this package registers every table on ``Base.metadata``."""

from models.base import Base
from models.catalog import Category, PriceChange, Product, Store
from models.compound import Building, Compound, Resident, Unit
from models.coupons import (
    CouponKind,
    CouponScope,
    CouponStatus,
    CouponTarget,
    CouponTemplate,
    MemberCoupon,
    MemberCouponState,
)
from models.faces import FaceConsent, FaceDecision, FaceEncoding, FaceReminder
from models.groupbuy import (
    GroupBuyCheckIn,
    GroupBuyConsent,
    GroupBuyGroup,
    GroupBuyMember,
    GroupBuyWish,
)
from models.journal import AuditEntry, OutboxEvent
from models.meta import AppMeta
from models.orders import Order, OrderCoupon, OrderLine, OrderStatus, PaymentMethod, Refund, RefundLine
from models.parcels import (
    LockerBank,
    LockerSlot,
    Parcel,
    ParcelEvent,
    ParcelReminder,
    PickupLockout,
    WalkEdge,
)
from models.payfor import PayForOrderRow
from models.people import Member, Operator, Role
from models.promotions import Promotion, PromotionKind, PromotionTrigger
from models.shifts import CashMove, CashMoveKind, Shift, ShiftReportRecord, ShiftState

__all__ = [
    "AppMeta",
    "AuditEntry",
    "Base",
    "Building",
    "CashMove",
    "CashMoveKind",
    "Category",
    "Compound",
    "CouponKind",
    "CouponScope",
    "CouponStatus",
    "CouponTarget",
    "CouponTemplate",
    "FaceConsent",
    "FaceDecision",
    "FaceEncoding",
    "FaceReminder",
    "GroupBuyCheckIn",
    "GroupBuyConsent",
    "GroupBuyGroup",
    "GroupBuyMember",
    "GroupBuyWish",
    "LockerBank",
    "LockerSlot",
    "Member",
    "MemberCoupon",
    "MemberCouponState",
    "Operator",
    "Order",
    "OrderCoupon",
    "OrderLine",
    "OrderStatus",
    "OutboxEvent",
    "Parcel",
    "ParcelEvent",
    "ParcelReminder",
    "PayForOrderRow",
    "PaymentMethod",
    "PickupLockout",
    "PriceChange",
    "Product",
    "Promotion",
    "PromotionKind",
    "PromotionTrigger",
    "Refund",
    "RefundLine",
    "Resident",
    "Role",
    "Shift",
    "ShiftReportRecord",
    "ShiftState",
    "Store",
    "Unit",
    "WalkEdge",
]
