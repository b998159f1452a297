"""Reading and writing the CSV files people bring from Excel and WPS.

Shared by every import (coupons, products, residents): UTF-8 with or without a byte-order
mark, comma-, semicolon- or tab-separated, a header naming the columns. Each import checks
its own rows and reports its own problems; this module only reports what is wrong with the
file as a whole (``CsvFileError``), which the caller turns into its own line-1 problem.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any


class CsvFault(enum.StrEnum):
    BAD_ENCODING = "bad_encoding"  # not UTF-8; line = the first line that is not
    BAD_HEADER = "bad_header"  # params: missing, unknown (column names)


class CsvFileError(Exception):
    def __init__(self, line: int, fault: CsvFault, **params: Any) -> None:
        super().__init__(fault.value)
        self.line = line
        self.fault = fault
        self.params = params


def decode_csv(data: bytes) -> str:
    """UTF-8 text, the byte-order mark dropped; CsvFileError(BAD_ENCODING) names the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(data[: exc.start].count(b"\n") + 1, CsvFault.BAD_ENCODING) from exc


def csv_rows(text: str, columns: Sequence[str], required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: cell}) for each non-blank row after the header.

    The separator is sniffed from the header line. Header names are matched without case
    or surrounding spaces; a missing required column or an unknown one is a BAD_HEADER.
    """
    first = text.split("\n", 1)[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in required if c not in header]
    unknown = [h for h in header if h and h not in columns]
    if missing or unknown or not header:
        raise CsvFileError(1, CsvFault.BAD_HEADER, missing=missing, unknown=unknown)
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        yield reader.line_num, dict(zip(header, cells, strict=False))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A comma-separated file with a byte-order mark, so Excel opens Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
