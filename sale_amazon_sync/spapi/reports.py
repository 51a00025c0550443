"""What Amazon's flat-file reports share: tab-separated tables read by header name, and
the date formats they are written in.

Column order varies between report versions and locales, and new columns appear, so rows
are dicts by (lower-cased) header; unknown columns are simply never read. Pure, no Odoo.
"""
import contextlib
import re
from dataclasses import dataclass
from datetime import datetime

from .timestamps import parse_timestamp

# Dates without an offset, in UTC: what settlement files (per marketplace locale) and the
# FBA returns report (Seller Central downloads) are known to use, besides ISO 8601.
_DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%m/%d/%y %H:%M:%S", "%d.%m.%Y", "%d/%m/%Y",
    "%m/%d/%y", "%d-%m-%Y", "%d-%b-%Y",
)
_UTC_SUFFIX = re.compile(r"\s*(UTC|GMT)$", re.IGNORECASE)


class ReportFormatError(ValueError):
    """A report cannot be read as expected; names the line and column, never the cell's
    content (reports carry buyers' comments and money)."""

    def __init__(self, message, line=None, column=None):
        where = ", ".join(part for part in (line and f"Line {line}",
                                            column and f"column {column!r}") if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.line, self.column = line, column


@dataclass(frozen=True)
class Row:
    """A data line: its number in the file (the header is line 1), its cells by header
    (every column of the header, "" when the line is short), and whether it has non-empty
    cells beyond the header's columns."""
    line: int
    cells: dict
    overflow: bool


def read_table(text, required, error=ReportFormatError):
    """The non-blank data rows of a tab-separated report.

    ``required`` lists the columns that must be in the header; an entry may be a tuple of
    alternative names. Missing ones raise ``error`` (a ReportFormatError subclass).
    """
    lines = (text or "").lstrip("\ufeff").split("\n")
    header = [name.strip().lower() for name in lines[0].rstrip("\r").split("\t")]
    missing = [names for names in required
               if not set(names if isinstance(names, tuple) else (names,)) & set(header)]
    if missing:
        names = ", ".join(" or ".join(n) if isinstance(n, tuple) else n for n in missing)
        raise error(f"The report has no column {names}.", 1)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.rstrip("\r").split("\t")
        if not line.strip():
            continue
        padded = cells + [""] * (len(header) - len(cells))  # Amazon drops trailing tabs
        rows.append(Row(number, dict(zip(header, padded, strict=False)),
                        any(cell.strip() for cell in cells[len(header):])))
    return rows


def parse_report_date(text):
    """The naive UTC datetime of a report date: ISO 8601 (offset applied), or one of the
    localized formats (``2026-11-15 08:00:00 UTC``, ``15.11.2026 08:00:00 UTC``,
    ``15/11/2026``, ``11/15/26``...). ValueError for anything else."""
    value = _UTC_SUFFIX.sub("", text.strip())
    with contextlib.suppress(ValueError):  # not ISO 8601: one of the localized formats
        return parse_timestamp(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise ValueError("not a known date format")
