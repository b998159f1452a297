"""The sample receipt and parcel label of ``print-test`` (and the benchmark's orders)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.core.money import split_largest_remainder
from services.receipts.model import (
    ParcelLabelData,
    ReceiptCoupon,
    ReceiptData,
    ReceiptLine,
    ReceiptQr,
    ShopInfo,
)

SAMPLE_SHOP = ShopInfo(
    name="CounterDesk 示范便利店",
    header=("上海市徐汇区漕溪北路 88 号", "电话 021-5555 0188"),
    footer=("凭小票七日内退换", "谢谢惠顾，欢迎再来！"),
)

_ITEMS = (
    ("农夫山泉 饮用天然水 550ml", 200, 3),
    ("可口可乐 330ml 罐装", 350, 2),
    ("金龙鱼 黄金比例食用调和油 5L 桶装（特惠装）", 11756, 1),
    ("Lindt Excellence 85% Cocoa Dark Chocolate 100g", 2890, 2),
    ("蒙牛纯牛奶 250ml×16", 6990, 1),
    ("鸡蛋", 1274, 1),
)


def sample_receipt(lines: int = 0, when: datetime | None = None) -> ReceiptData:
    """A cash sale with two coupons split over the lines; ``lines`` > 0 repeats the items to that many."""
    items = list(_ITEMS)
    if lines > 0:
        items = [(f"{_ITEMS[i % len(_ITEMS)][0]} #{i + 1}", *_ITEMS[i % len(_ITEMS)][1:]) for i in range(lines)]
    gross = [price * qty for _, price, qty in items]
    coupons = (ReceiptCoupon("满100减20 店铺券", 2000), ReceiptCoupon("饮料第二件半价", 175))
    discount = sum(c.discount_fen for c in coupons)
    shares = split_largest_remainder(discount, gross)
    receipt_lines = tuple(
        ReceiptLine(name, qty, price, share, g - share)
        for (name, price, qty), g, share in zip(items, gross, shares, strict=True)
    )
    subtotal = sum(gross)
    total = subtotal - discount
    tendered = -(-total // 10000) * 10000  # the next ¥100 note up
    return ReceiptData(
        number="20261208093012-7F3A",
        created_at=when or datetime(2026, 12, 8, 1, 30, 12, tzinfo=UTC),
        operator_name="王芳",
        member_code="M20260001",
        member_phone_masked="138****1234",
        lines=receipt_lines,
        coupons=coupons,
        subtotal_fen=subtotal,
        discount_fen=discount,
        total_fen=total,
        payment_method="cash",
        payment_reference="",
        tendered_fen=tendered,
        change_fen=tendered - total,
        qr=ReceiptQr("e_invoice", "https://counterdesk.example/i/20261208093012-7F3A"),
    )


def sample_label(when: datetime | None = None) -> ParcelLabelData:
    return ParcelLabelData(
        tracking_number="SF1234567890123",
        courier="顺丰速运",
        recipient_name="王小明",
        recipient_phone="13812341234",
        unit="6-1203",
        bank="A",
        slot="12",
        pickup_code="385027",
        stored_at=when or datetime(2026, 12, 8, 2, 15, tzinfo=UTC),
    )
