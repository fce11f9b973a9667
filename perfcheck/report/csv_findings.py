"""The findings of a batch as CSV: one row per finding, UTF-8 with a BOM.

Excel opens a CSV in the system's ANSI code page unless the file starts with a byte-order mark, so
without it every Chinese message turns into mojibake on a Chinese Windows; ``utf-8-sig`` writes the BOM.

Every text cell that a spreadsheet would read as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return: report text, titles and file names come from the reports) is written as text,
prefixed with ``'`` as the OWASP guidance on CSV injection advises; numbers (and text that is only a
number, such as ``-12.5``) stay numbers.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from perfcheck.batch import BatchReport
from perfcheck.lazy_pattern import lazy_re
from perfcheck.report.batch_tables import FINDINGS_HEADER, FORMULA_STARTS, finding_rows

ENCODING = "utf-8-sig"
_PLAIN_NUMBER = lazy_re(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?")


def as_cell(value: Any) -> Any:
    """A value as a CSV cell that no spreadsheet runs as a formula (OWASP: prefix ``'``)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_findings_csv(report: BatchReport, stream: IO[str]) -> None:
    """Write to a text stream opened with ``encoding=ENCODING, newline=""`` (csv writes CRLF itself)."""
    writer = csv.writer(stream)
    writer.writerow(FINDINGS_HEADER)
    for row in finding_rows(report):
        writer.writerow([as_cell(value) for value in row])
