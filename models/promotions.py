"""Promoted products: what a store puts beside the coupons when a product is scanned.

A RELATED promotion names a promoted product for a trigger: a product code or a
category code ("goes well with"). A FEATURED promotion names a product the store
shows anyway (the customer display's idle screen, the kiosk's attract screen, and
spare room after a scan). The pitch is short, in Chinese and English.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class PromotionKind(enum.StrEnum):
    RELATED = "related"  # shown when the trigger (product or category) is scanned
    FEATURED = "featured"  # shown on idle screens and in spare room after a scan


class PromotionTrigger(enum.StrEnum):
    NONE = "none"  # featured promotions have no trigger
    PRODUCT = "product"
    CATEGORY = "category"


class Promotion(Base):
    __tablename__ = "promotions"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'featured' AND trigger_kind = 'none' AND trigger_code = '')"
            " OR (kind = 'related' AND trigger_kind IN ('product', 'category') AND trigger_code <> '')",
            name="trigger_matches_kind",
        ),
        Index("ix_promotions_trigger", "trigger_kind", "trigger_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), index=True)  # None: every store
    kind: Mapped[PromotionKind] = mapped_column(
        Enum(PromotionKind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    trigger_kind: Mapped[PromotionTrigger] = mapped_column(
        Enum(PromotionTrigger, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=PromotionTrigger.NONE,
    )
    trigger_code: Mapped[str] = mapped_column(String(16), default="")
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    pitch: Mapped[str] = mapped_column(String(60), default="")  # "配面包更香"
    pitch_en: Mapped[str] = mapped_column(String(80), default="")
    priority: Mapped[int] = mapped_column(default=0)  # higher first
    active: Mapped[bool] = mapped_column(default=True)
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # exclusive
