"""Stores, product categories and products."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import Base, UTCDateTime, utcnow
from models.initials import name_initials


class Store(Base):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60), default="")


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price_fen >= 0", name="price_not_negative"),
        CheckConstraint("length(code) IN (8, 12, 13)", name="code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    price_fen: Mapped[int]
    unit: Mapped[str] = mapped_column(String(16), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Pinyin initials of the name ("可乐 500ml" -> "kl500ml"), kept in step with the name on every
    # write so a till search by initials is one indexed range query.
    initials: Mapped[str] = mapped_column(String(100), default="", index=True)
    quick_key: Mapped[bool] = mapped_column(default=False)  # a till button for items without a barcode
    quick_key_order: Mapped[int] = mapped_column(default=0)

    category: Mapped[Category] = relationship()

    @validates("name")
    def _keep_initials(self, _key: str, name: str) -> str:
        self.initials = name_initials(name)
        return name


class PriceChange(Base):
    """Every price a product has had, newest last. Orders keep their own unit prices, so a
    change here never rewrites a past order."""

    __tablename__ = "price_changes"
    __table_args__ = (CheckConstraint("price_fen >= 0", name="price_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    price_fen: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), default=None)
