"""GS1 variable-measure codes printed by a shop scale (EAN-13 with prefix 20-29).

Layout (configurable in Settings → scale codes, default the common Chinese and Odoo one):
``PP IIIII VVVVV C`` — a two-digit prefix, the item code (PLU) the scale was given, the
embedded value and the EAN-13 check digit. Prefixes listed as weight prefixes carry the
weight in grams (kg with 3 decimals); prefixes listed as price prefixes carry the line
price in fen (yuan with 2 decimals). The product is stored in the catalogue under its
*base code*: the same digits with the value zeroed and the check digit recomputed
(``2112345000008``), as Odoo's nomenclature does, so one product row serves every weight.

All arithmetic is on integers: a weighed line costs ``round(price per kg × grams / 1000)``
fen, rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.gtin import is_valid_gtin, with_check_digit


@dataclass(frozen=True)
class ScaleLayout:
    weight_prefixes: tuple[str, ...] = ("21",)
    price_prefixes: tuple[str, ...] = ("20", "22", "23", "24", "25", "26", "27", "28", "29")
    item_digits: int = 5  # the value has the rest: 12 - 2 - item_digits digits

    @property
    def value_digits(self) -> int:
        return 10 - self.item_digits

    def is_valid(self) -> bool:
        prefixes = self.weight_prefixes + self.price_prefixes
        return (3 <= self.item_digits <= 6 and len(set(prefixes)) == len(prefixes)
                and all(len(p) == 2 and p.isdigit() and p.startswith("2") for p in prefixes))

    @classmethod
    def from_text(cls, weight_prefixes: str, price_prefixes: str, item_digits: int) -> ScaleLayout:
        """From the Settings strings ("21", "20,22-29"); ValueError when they do not make a layout."""
        layout = cls(_prefixes(weight_prefixes), _prefixes(price_prefixes), item_digits)
        if not layout.is_valid():
            raise ValueError("scale code layout")
        return layout


def _prefixes(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in text.replace("，", ",").replace(" ", "").split(","):
        if not part:
            continue
        if "-" in part:
            low, high = part.split("-", 1)
            if not (low.isdigit() and high.isdigit()):
                raise ValueError(part)
            out += [f"{n:02d}" for n in range(int(low), int(high) + 1)]
        else:
            out.append(part)
    return tuple(out)


@dataclass(frozen=True)
class ScaleCode:
    base_code: str  # the catalogue code: value zeroed, check digit recomputed
    weight_g: int | None  # a weight-embedded code: grams
    price_fen: int | None  # a price-embedded code: the line price


def parse_scale_code(code: str, layout: ScaleLayout) -> ScaleCode | None:
    """The scale code in ``code``, or None when it is not one under ``layout`` (wrong length,
    prefix not configured, or a bad EAN-13 check digit)."""
    if len(code) != 13 or not code.isdigit() or not is_valid_gtin(code):
        return None
    prefix = code[:2]
    if prefix not in layout.weight_prefixes and prefix not in layout.price_prefixes:
        return None
    start = 2 + layout.item_digits
    value = int(code[start:12])
    base = with_check_digit(code[:start] + "0" * layout.value_digits)
    if prefix in layout.weight_prefixes:
        return ScaleCode(base, weight_g=value, price_fen=None)
    return ScaleCode(base, weight_g=None, price_fen=value)


def weighed_price_fen(price_per_kg_fen: int, weight_g: int) -> int:
    """Line price of a weighed item, rounded half up to the fen, integers only."""
    return (price_per_kg_fen * weight_g + 500) // 1000


def scale_code(base_code: str, layout: ScaleLayout, value: int) -> str:
    """The code a scale prints for ``value`` (grams or fen) on the item ``base_code``."""
    start = 2 + layout.item_digits
    digits = str(value).zfill(layout.value_digits)
    if len(digits) > layout.value_digits:
        raise ValueError("value too large for the layout")
    return with_check_digit(base_code[:start] + digits)
