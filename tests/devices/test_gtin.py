from devices.gtin import is_valid_gtin, is_valid_upce, upce_to_upca, with_check_digit


def test_known_codes_validate() -> None:
    assert is_valid_gtin("6901234567892")
    assert is_valid_gtin("4006381333931")
    assert is_valid_gtin("96385074")  # EAN-8
    assert is_valid_gtin("036000291452")  # UPC-A


def test_wrong_check_digit_or_garbage_rejected() -> None:
    assert not is_valid_gtin("6901234567891")
    assert not is_valid_gtin("690123456789")  # 12 digits, wrong as UPC-A
    assert not is_valid_gtin("69012345678X2")
    assert not is_valid_gtin("")
    assert not is_valid_gtin("６９０１２３４５６７８９２")  # full-width digits


def test_with_check_digit_round_trip() -> None:
    assert with_check_digit("690123456789") == "6901234567892"


def test_upce_expansion() -> None:
    assert upce_to_upca("04252614") == "042100005264"
    assert is_valid_upce("04252614")
    assert not is_valid_upce("04252615")
