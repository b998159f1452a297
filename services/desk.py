"""The desk's services, built once the database is open; what the GUI holds on to."""

from __future__ import annotations

from models import AppMeta
from models.base import utcnow
from services.auth import AuthService
from services.catalog import CatalogService
from services.checkout import CheckoutService
from services.coupon_admin import CouponAdminService
from services.coupon_csv import CouponImportService
from services.coupons import CouponService
from services.database import Database, open_database, reset_demo_data
from services.demo_data import DEMO_META_KEY
from services.faces import FaceService
from services.groupbuy.service import GroupBuyService
from services.journal import outbox_status
from services.parcel_feed import register_parcel_feed
from services.parcel_reminders import ReminderScheduler
from services.parcels import ParcelService
from services.promotions import PromotionService
from services.records import DatabaseStatus, OutboxStatus
from services.residents import ResidentService
from services.settings import ParcelSettings
from services.sync import register_feed_handler


class Desk:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.auth = AuthService(db.sessions)
        self.catalog = CatalogService(db.sessions)
        self.residents = ResidentService(db.sessions)
        self.coupons = CouponService(db.sessions)
        self.promotions = PromotionService(db.sessions, self.coupons)
        self.checkout = CheckoutService(db.sessions)
        self.coupon_admin = CouponAdminService(db.sessions)
        self.coupon_import = CouponImportService(db.sessions)
        self.parcels = ParcelService(db.sessions)
        # Run self.parcel_reminders.run_pass() every ParcelSettings.reminder_interval_s on a worker.
        self.parcel_reminders = ReminderScheduler(db.sessions, utcnow)
        register_parcel_feed(register_feed_handler)  # parcel.announced / recall_ack / collected from the feed
        self.faces = FaceService(db.sessions)
        self.groupbuy = GroupBuyService(db.sessions)

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
