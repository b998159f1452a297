"""The desk's services, built once the database is open; what the GUI holds on to."""

from __future__ import annotations

from models import AppMeta
from models.base import utcnow
from services.catalog.admin import CatalogAdminService
from services.catalog.csv_io import CatalogCsvService
from services.catalog.lookup import CatalogService
from services.checkout.refunds import RefundService
from services.checkout.settle import CheckoutService
from services.checkout.till import TillService
from services.core.auth import AuthService
from services.core.journal import outbox_status
from services.core.records import DatabaseStatus, OutboxStatus
from services.core.settings import ParcelSettings
from services.coupons.admin import CouponAdminService
from services.coupons.counter import CouponService
from services.coupons.csv_import import CouponImportService
from services.coupons.promotions import PromotionService
from services.database import Database, open_database, reset_demo_data
from services.demo.shop import DEMO_META_KEY
from services.faces.gallery import FaceService
from services.groupbuy.checkout import GroupCheckoutService
from services.groupbuy.desk import GroupBuyDesk
from services.groupbuy.feed import feed_handlers as groupbuy_feed_handlers
from services.groupbuy.service import GroupBuyService
from services.parcels.desk import ParcelService
from services.parcels.feed import HANDLERS as PARCEL_FEED
from services.parcels.reminders import ReminderScheduler
from services.payfor.desk import FEED_HANDLERS as PAYFOR_FEED
from services.payfor.desk import PayForDesk
from services.receipts.orders import ReceiptRecords
from services.reports.queries import ReportService
from services.residents.admin import ResidentAdminService
from services.residents.directory import ResidentService
from services.shifts.service import ShiftService
from services.staff.admin import StaffService
from services.sync.client import FeedHandler, SyncClient


class Desk:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.auth = AuthService(db.sessions)
        self.staff = StaffService(db.sessions)
        self.catalog = CatalogService(db.sessions)
        self.catalog_admin = CatalogAdminService(db.sessions)
        self.catalog_csv = CatalogCsvService(db.sessions)
        self.residents = ResidentService(db.sessions)
        self.resident_admin = ResidentAdminService(db.sessions)
        self.coupons = CouponService(db.sessions)
        self.promotions = PromotionService(db.sessions, self.coupons)
        self.checkout = CheckoutService(db.sessions)
        self.refunds = RefundService(db.sessions)
        self.payfor = PayForDesk(db.sessions)  # pay-for-another orders (services/payfor/desk.py)
        self.till = TillService(db.sessions, self.coupons, self.promotions, self.checkout)
        self.coupon_admin = CouponAdminService(db.sessions)
        self.coupon_import = CouponImportService(db.sessions)
        self.parcels = ParcelService(db.sessions)
        # Run self.parcel_reminders.run_pass() every ParcelSettings.reminder_interval_s on a worker.
        self.parcel_reminders = ReminderScheduler(db.sessions, utcnow)
        self.faces = FaceService(db.sessions)
        self.groupbuy = GroupBuyService(db.sessions)
        self.receipts = ReceiptRecords(db.sessions)  # reprints from the Orders page
        self.shifts = ShiftService(db.sessions)
        self.reports = ReportService(db.sessions)
        self.group_checkout = GroupCheckoutService(db.sessions, self.checkout)
        self.groupbuy_desk = GroupBuyDesk(self.groupbuy, self.group_checkout)
        # What this desk applies from the server's feed: parcel.announced / recall_ack / collected.
        # ... groupbuy.* (members' check-ins, answers, wishes, consents, connection requests from phones)
        # and payfor.* (pay-for-another orders paid, closed, shipped).
        self.feed_handlers: dict[str, FeedHandler] = {**PARCEL_FEED, **groupbuy_feed_handlers(), **PAYFOR_FEED}

    def sync_client(self, base_url: str) -> SyncClient:
        """A sync client for this desk's database and feed topics (called on a worker)."""
        return SyncClient(self.db.sessions, base_url, handlers=self.feed_handlers)

    @classmethod
    def open(cls, url: str, *, load_demo: bool = True) -> Desk:
        return cls(open_database(url, load_demo=load_demo))

    @property
    def database_status(self) -> DatabaseStatus:
        return self.db.status

    def has_demo_data(self) -> bool:
        with self.db.sessions() as session:
            return session.get(AppMeta, DEMO_META_KEY) is not None

    def outbox_status(self) -> OutboxStatus:
        with self.db.sessions() as session:
            return outbox_status(session)

    def apply_parcel_settings(self, settings: ParcelSettings) -> None:
        """T1/T2, quiet hours, pickup-code attempts from the user's settings (Settings.parcels)."""
        self.parcels.settings = settings
        self.parcel_reminders.settings = settings

    def reset_demo(self) -> None:
        reset_demo_data(self.db)

    def close(self) -> None:
        self.db.close()
