"""Why a product is promoted, in words and as HTML: the till's strip, the customer display and the kiosk."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from services.core.money import format_fen
from services.coupons.records import PromotedItem


def promotion_text(item: PromotedItem, zh: bool) -> str:
    """Why this product is promoted, in the UI language (the cashier's strip and the customer screens)."""
    p = item.params
    if item.kind == "threshold":
        scope = str(p.get("scope_name" if zh else "scope_name_en") or p.get("scope_name", ""))
        amount = format_fen(int(p.get("missing_fen", 0)))
        threshold = format_fen(int(p.get("threshold_fen", 0)))
        if scope:
            return QCoreApplication.translate("Promotions", "add {amount} more of {scope} to reach {threshold}").format(
                amount=amount, scope=scope, threshold=threshold)
        return QCoreApplication.translate("Promotions", "add {amount} more to reach {threshold}").format(
            amount=amount, threshold=threshold)
    pitch = item.pitch if zh or not item.pitch_en else item.pitch_en
    if pitch:
        return pitch
    if item.kind == "related":
        return QCoreApplication.translate("Promotions", "goes well with your basket")
    return QCoreApplication.translate("Promotions", "featured")


def product_name(item: PromotedItem, zh: bool) -> str:
    return item.product.name if zh or not item.product.name_en else item.product.name_en


def two_languages(zh: str, en: str, small_pt: int) -> str:
    """Chinese first, the English beneath in smaller type (HTML)."""
    text = html.escape(zh)
    if en and en != zh:
        text += f"<br><span style='font-size:{small_pt}pt; color:#666'>{html.escape(en)}</span>"
    return text


def promotion_html(items: tuple[PromotedItem, ...] | list[PromotedItem], zh: bool) -> str:
    rows = "".join(
        f"<tr><td style='padding:4px 10px 4px 0'>{two_languages(i.product.name, i.product.name_en, 11)}</td>"
        f"<td style='padding:4px 10px' align='right'><b>{format_fen(i.product.price_fen)}</b></td>"
        f"<td style='padding:4px 0; color:#8a1c1c'>{html.escape(promotion_text(i, zh))}</td></tr>"
        for i in items
    )
    return f"<table>{rows}</table>"
