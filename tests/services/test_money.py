import pytest

from services.core.masking import mask_name, mask_phone
from services.core.money import format_fen, parse_yuan, split_largest_remainder


def test_format_fen() -> None:
    assert format_fen(0) == "¥0.00"
    assert format_fen(5) == "¥0.05"
    assert format_fen(123456) == "¥1,234.56"
    assert format_fen(-1250) == "-¥12.50"


@pytest.mark.parametrize(("text", "fen"), [("12", 1200), ("12.5", 1250), ("¥12.50", 1250), ("0.05", 5), ("1,234.56", 123456)])
def test_parse_yuan(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["", "abc", "1.234", "1.2.3", "¥"])
def test_parse_yuan_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_yuan(text)


def test_split_sums_to_total_and_is_proportional() -> None:
    assert split_largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    assert split_largest_remainder(1000, [300, 700]) == [300, 700]
    for total in range(0, 500, 7):
        shares = split_largest_remainder(total, [1999, 1, 350, 4650])
        assert sum(shares) == total and all(s >= 0 for s in shares)


def test_split_edge_cases() -> None:
    assert split_largest_remainder(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError):
        split_largest_remainder(5, [0, 0])
    with pytest.raises(ValueError):
        split_largest_remainder(-1, [1])


def test_masking() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("+86 138 1234 5678") == "861****5678"
    assert mask_phone("12") == "****"
    assert mask_name("王小明") == "王*明"
    assert mask_name("李强") == "李*"
