"""The findings of a batch as CSV: one row per finding, UTF-8 with a BOM.

Excel opens a CSV in the system's ANSI code page unless the file starts with a byte-order mark, so
without it every Chinese message turns into mojibake on a Chinese Windows; ``utf-8-sig`` writes the BOM.
"""

from __future__ import annotations

import csv
from typing import IO

from perfcheck.batch import BatchReport
from perfcheck.report.batch_tables import FINDINGS_HEADER, finding_rows

ENCODING = "utf-8-sig"


def write_findings_csv(report: BatchReport, stream: IO[str]) -> None:
    """Write to a text stream opened with ``encoding=ENCODING, newline=""`` (csv writes CRLF itself)."""
    writer = csv.writer(stream)
    writer.writerow(FINDINGS_HEADER)
    for row in finding_rows(report):
        writer.writerow(row)
