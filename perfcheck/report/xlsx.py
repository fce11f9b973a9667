"""The batch as an Excel workbook for the bureau (``--xlsx``); the only module that imports openpyxl.

- 汇总: one row per report in input order, the 结论 cell coloured by verdict (green 通过, red 未通过,
  amber 无法读取/超时), a totals row, and a note when the run was interrupted.
- 问题明细: one row per finding to act on, with an autofilter and a frozen header row.
- 常见问题: for each rule, how many reports fail it.

openpyxl's write-only mode streams rows to disk, so a large batch does not build the workbook in
memory; it needs column widths before the first row, so the findings are read twice from the spool.
Widths count a CJK character as 2 (Excel measures in widths of "0", and a Chinese glyph is about two).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from perfcheck.batch import BatchReport
from perfcheck.report.batch_tables import (
    FINDINGS_HEADER,
    SUMMARY_HEADER,
    VERDICT_LABELS,
    finding_rows,
    rule_failure_rows,
    summary_rows,
    totals_line,
)

MAX_WIDTH = 60
# A fixed document date: the same inputs give the same workbook contents whatever the day.
FIXED_TIME = dt.datetime(2000, 1, 1)
_FILLS = {
    VERDICT_LABELS["pass"]: "C6EFCE",
    VERDICT_LABELS["fail"]: "FFC7CE",
    VERDICT_LABELS["unreadable"]: "FFEB9C",
    VERDICT_LABELS["timeout"]: "FFEB9C",
    VERDICT_LABELS["crashed"]: "FFEB9C",
}
_BOLD = Font(bold=True)


def text_width(value: Any) -> int:
    """Display width of a cell's text: East Asian wide and full-width characters count 2."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def column_widths(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[int]:
    widths = [text_width(h) for h in header]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], text_width(value))
    return [min(MAX_WIDTH, w + 2) for w in widths]


def write_workbook(report: BatchReport, target: str | IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "perfcheck"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    summary = list(summary_rows(report))
    _write_summary(workbook.create_sheet("汇总"), report, summary)
    _write_findings(workbook.create_sheet("问题明细"), report)
    rules = rule_failure_rows(report)
    _write_rules(workbook.create_sheet("常见问题"), rules)
    workbook.save(target)


def _prepare(sheet: WriteOnlyWorksheet, header: Sequence[str], widths: list[int]) -> None:
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(number)].width = width
    sheet.freeze_panes = "A2"


def _header(sheet: WriteOnlyWorksheet, header: Sequence[str]) -> None:
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = _BOLD
        cells.append(cell)
    sheet.append(cells)


def _write_summary(sheet: WriteOnlyWorksheet, report: BatchReport, rows: list[tuple[Any, ...]]) -> None:
    _prepare(sheet, SUMMARY_HEADER, column_widths(SUMMARY_HEADER, rows))
    sheet.auto_filter.ref = f"A1:{_letter(len(SUMMARY_HEADER))}{len(rows) + 1}"
    _header(sheet, SUMMARY_HEADER)
    verdict_column = SUMMARY_HEADER.index("结论")
    for values in rows:
        cells = [WriteOnlyCell(sheet, value=v) for v in values]
        colour = _FILLS.get(values[verdict_column])
        if colour:
            cells[verdict_column].fill = PatternFill("solid", start_color=colour, end_color=colour)
        sheet.append(cells)
    total = WriteOnlyCell(sheet, value=totals_line(report))
    total.font = _BOLD
    sheet.append([total])


def _write_findings(sheet: WriteOnlyWorksheet, report: BatchReport) -> None:
    count = 0
    widths = [text_width(h) for h in FINDINGS_HEADER]
    for row in finding_rows(report):  # first pass: widths and the filter's extent
        count += 1
        for i, value in enumerate(row):
            widths[i] = max(widths[i], text_width(value))
    _prepare(sheet, FINDINGS_HEADER, [min(MAX_WIDTH, w + 2) for w in widths])
    sheet.auto_filter.ref = f"A1:{_letter(len(FINDINGS_HEADER))}{count + 1}"
    _header(sheet, FINDINGS_HEADER)
    wrap = Alignment(wrap_text=True, vertical="top")
    long_columns = {FINDINGS_HEADER.index("说明"), FINDINGS_HEADER.index("原文")}
    for row in finding_rows(report):
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if i in long_columns:
                cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)


def _write_rules(sheet: WriteOnlyWorksheet, rows: list[tuple[str, str, int, str]]) -> None:
    header = ("规则", "规则名称", "未通过的报告数", "占可读报告")
    _prepare(sheet, header, column_widths(header, rows))
    _header(sheet, header)
    for row in rows:
        sheet.append(list(row))


def _letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)
