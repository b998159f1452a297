"""Receipts and labels laid out on a roll and rendered to PDF, read back with pdftotext -layout."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from devices.printer.pdf import write_ticket_pdf
from devices.printer.ticket import ROLL_58, ROLL_80, Barcode, QrCode, Roll, TextRow, Ticket, text_cells
from services.desk import Desk
from services.receipts.layout import label_ticket, plain, receipt_ticket, wrap, yuan
from services.receipts.model import ReceiptData, ReceiptQr, ShopInfo, from_order_receipt
from services.receipts.sample import SAMPLE_SHOP, sample_label, sample_receipt

CST = timezone(timedelta(hours=8))
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="poppler-utils (pdftotext, pdfinfo) not installed")


def pdf_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match is not None
    return int(match.group(1))


def amounts(data: ReceiptData) -> set[str]:
    """Every amount the receipt prints, as printed."""
    out = {yuan(data.subtotal_fen), yuan(data.total_fen), yuan(data.tendered_fen), yuan(data.change_fen),
           yuan(-data.discount_fen)}
    out |= {yuan(-c.discount_fen) for c in data.coupons}
    for line in data.lines:
        out |= {plain(line.unit_price_fen), plain(line.unit_price_fen * line.quantity)}
        if line.discount_fen:
            out.add(plain(-line.discount_fen))
    return out


def test_wrap_counts_cells_and_breaks_at_spaces() -> None:
    assert wrap("金龙鱼 黄金比例食用调和油 5L 桶装", 16) == ["金龙鱼", "黄金比例食用调和", "油 5L 桶装"]
    assert wrap("Lindt Excellence 85% Cocoa", 12) == ["Lindt", "Excellence", "85% Cocoa"]
    assert all(text_cells(r) <= 7 for r in wrap("一二三四五六七八九十", 7))
    assert wrap("", 10) == [""]


@pytest.mark.parametrize("roll", [ROLL_58, ROLL_80], ids=["58mm", "80mm"])
def test_numbers_are_never_split_and_sit_right_aligned(roll: Roll) -> None:
    data = sample_receipt()
    ticket = receipt_ticket(data, SAMPLE_SHOP, roll, tz=CST)
    lines = ticket.text_lines()
    assert all(text_cells(line) <= roll.columns for line in lines)
    for amount in amounts(data):
        assert any(line.endswith(amount) or f"{amount} " in line for line in lines), amount
    # The long names took rows of their own; their numbers follow on the next row.
    oil = next(i for i, line in enumerate(lines) if line.startswith("金龙鱼"))
    numbers = next(line for line in lines[oil:] if "117.56" in line)
    assert numbers.split() == ["1", "117.56", "117.56"]
    assert sum(isinstance(b, Barcode) for b in ticket.blocks) == 1
    qr = next(b for b in ticket.blocks if isinstance(b, QrCode))
    assert qr.data == data.qr.url if data.qr else False
    assert ticket.open_drawer  # a cash sale
    assert "138****1234" in "\n".join(lines) and "王芳" in "\n".join(lines)
    assert "2026-12-08 09:30:12" in "\n".join(lines)  # 01:30:12 UTC in the desk's zone


@needs_poppler
@pytest.mark.parametrize("roll", [ROLL_58, ROLL_80], ids=["58mm", "80mm"])
def test_pdf_receipt_every_amount_intact_on_one_line(roll: Roll, tmp_path: Path) -> None:
    data = sample_receipt()
    path = write_ticket_pdf(receipt_ticket(data, SAMPLE_SHOP, roll, tz=CST), tmp_path / "r.pdf")
    assert pdf_pages(path) == 1
    lines = pdf_text(path)
    for amount in amounts(data):
        assert any(amount in line for line in lines), f"{amount} not found whole on any line"
    assert not any(re.search(r"\d\.$", line.rstrip()) for line in lines)  # no "117.⏎56"
    text = "\n".join(lines)
    for words in ("CounterDesk 示范便利店", "满100减20 店铺券", "优惠分摊", "凭小票七日内退换", data.number):
        assert words in text


@needs_poppler
@pytest.mark.parametrize("roll", [ROLL_58, ROLL_80], ids=["58mm", "80mm"])
def test_a_200_line_order_is_one_page(roll: Roll, tmp_path: Path) -> None:
    data = sample_receipt(lines=200)
    path = write_ticket_pdf(receipt_ticket(data, SAMPLE_SHOP, roll, tz=CST), tmp_path / "long.pdf")
    assert pdf_pages(path) == 1
    text = pdf_text(path)
    assert sum("#" in line for line in text) == 200  # every item name is there
    assert any(yuan(data.total_fen) in line for line in text)


def test_english_receipt_card_payment_without_member_or_qr() -> None:
    data = sample_receipt()
    data = ReceiptData(**{**data.__dict__, "payment_method": "card", "payment_reference": "T-9931",
                          "tendered_fen": 0, "change_fen": 0, "member_code": "", "member_phone_masked": "",
                          "qr": None, "reprint": True})
    ticket = receipt_ticket(data, ShopInfo("Shop"), ROLL_58, "en", tz=CST)
    text = "\n".join(ticket.text_lines())
    assert "*** REPRINT ***" in text and "T-9931" in text and "Card" in text
    assert "Change" not in text and "Member" not in text
    assert not ticket.open_drawer
    assert not any(isinstance(b, QrCode) for b in ticket.blocks)


def test_huge_amounts_still_whole_on_58mm() -> None:
    data = sample_receipt()
    big = data.lines[0].__class__("巨额商品", 9999, 99_999_999, 0, 9999 * 99_999_999)
    data = ReceiptData(**{**data.__dict__, "lines": (big,)})
    lines = receipt_ticket(data, SAMPLE_SHOP, ROLL_58, tz=CST).text_lines()
    assert any(plain(9999 * 99_999_999) in line for line in lines)
    assert all(text_cells(line) <= 32 for line in lines)


@needs_poppler
def test_parcel_label_masks_the_recipient(tmp_path: Path) -> None:
    label = sample_label()
    ticket = label_ticket(label, ROLL_58, tz=CST)
    text = "\n".join(ticket.text_lines())
    assert "王*明" in text and "138****1234" in text and "13812341234" not in text
    assert "A-12" in text and "6-1203" in text and label.tracking_number in text
    qr = next(b for b in ticket.blocks if isinstance(b, QrCode))
    assert qr.data == "385027"
    assert any(isinstance(b, TextRow) and b.tall for b in ticket.blocks)
    path = write_ticket_pdf(ticket, tmp_path / "label.pdf")
    assert pdf_pages(path) == 1
    assert "王*明" in "\n".join(pdf_text(path))


def test_receipt_from_a_real_checkout(desk: Desk) -> None:
    member = desk.coupons.find_member("M20260003").id
    desk.coupons.claim_by_code("MJ100", member, "S001")
    items = [(desk.catalog.search("可乐 1.5L")[0].code, 4), (desk.catalog.search("洗衣液")[0].code, 2)]
    quote = desk.checkout.quote(items, member, "S001")
    paid = desk.checkout.pay(items, member, "S001", "cash", tendered_fen=quote.total_fen + 1000)
    data = from_order_receipt(paid, "zh_CN", ReceiptQr("gift", "https://x.example/g/1"))
    assert sum(line.discount_fen for line in data.lines) == data.discount_fen > 0
    ticket = receipt_ticket(data, ShopInfo(paid.store_name, ("地址",), ("谢谢",)), ROLL_58, tz=UTC)
    text = "\n".join(ticket.text_lines())
    assert yuan(paid.quote.total_fen) in text and yuan(1000) in text
    assert paid.member is not None and paid.member.phone_masked in text
    assert isinstance(ticket, Ticket) and ticket.open_drawer


def test_receipt_times_are_printed_in_the_desk_zone() -> None:
    data = sample_receipt(when=datetime(2026, 12, 31, 16, 5, tzinfo=UTC))
    assert "2027-01-01 00:05:00" in "\n".join(receipt_ticket(data, SAMPLE_SHOP, ROLL_80, tz=CST).text_lines())


def test_reprint_from_the_stored_order_matches_the_till_receipt(desk: Desk) -> None:
    from services.core.errors import DeskError, ErrorCode
    from services.receipts.orders import ReceiptRecords

    member = desk.coupons.find_member("M20260003").id
    desk.coupons.claim_by_code("MJ100", member, "S001")
    items = [(desk.catalog.search("可乐 1.5L")[0].code, 4), (desk.catalog.search("洗衣液")[0].code, 2)]
    quote = desk.checkout.quote(items, member, "S001")
    paid = desk.checkout.pay(items, member, "S001", "cash", tendered_fen=quote.total_fen + 1000)
    records = ReceiptRecords(desk.db.sessions)
    stored, store_name = records.receipt(paid.number)
    assert store_name == paid.store_name
    assert stored == ReceiptData(**{**from_order_receipt(paid, "zh_CN").__dict__, "reprint": True})
    shop = ShopInfo(store_name)
    again = receipt_ticket(stored, shop, ROLL_80, tz=UTC).text_lines()
    assert "*** 重印 ***" in "\n".join(again)
    with pytest.raises(DeskError) as info:
        records.receipt("nope")
    assert info.value.code is ErrorCode.UNKNOWN_ORDER


def test_label_from_a_stored_parcel_record() -> None:
    from services.parcels.records import ParcelInfo, ParcelState
    from services.receipts.model import label_from_parcel

    stored = datetime(2026, 12, 8, 2, 15, tzinfo=UTC)
    parcel = ParcelInfo(
        id=7, tracking_no="YT9876543210", courier_code="YTO", courier_name="圆通速递", recipient_name="李雷",
        phone_masked="139****5678", resident_id=3, unit_label="3栋1203", size="M", state=ParcelState.STORED,
        flag="", bank_code="B", bank_name="B区", slot_id=40, slot_no=17, board=1, lock=17,
        announced_at=stored, stored_at=stored, picked_up_at=None, age_h=0.0,
    )
    ticket = label_ticket(label_from_parcel(parcel, "120934"), ROLL_58, tz=CST)
    text = "\n".join(ticket.text_lines())
    assert "李* 139****5678" in text and "B区-17" in text and "3栋1203" in text and "圆通速递" in text
    assert next(b for b in ticket.blocks if isinstance(b, QrCode)).data == "120934"


def test_control_characters_never_reach_the_printer() -> None:
    data = sample_receipt()
    odd = data.lines[0].__class__("坏\x1b@名字\n第二行\tTAB", 1, 100, 0, 100)
    data = ReceiptData(**{**data.__dict__, "lines": (odd,), "operator_name": "王\r\n芳", "number": "订单-1"})
    ticket = receipt_ticket(data, ShopInfo("Shop\x07"), ROLL_58, tz=CST)
    text = "\n".join(ticket.text_lines())
    assert "坏@名字 第二行 TAB" in text and "王 芳" in text
    assert not any(ord(ch) < 0x20 for line in ticket.text_lines() for ch in line)
    assert not any(isinstance(b, Barcode) for b in ticket.blocks)  # a non-ASCII number is printed, not barcoded
