"""The batch as an Excel workbook for the bureau (``--xlsx``); the only module that imports openpyxl.

- 汇总: one row per report in input order, the 结论 cell coloured by verdict (green 通过, red 未通过,
  amber 无法读取/超时), a totals row, and a note when the run was interrupted.
- 问题明细: one row per finding to act on, with an autofilter and a frozen header row.
- 常见问题: for each rule, how many reports fail it, and the share of readable reports (a number, shown
  as a percentage).
- 高度相似: each pair of reports whose text is nearly identical, with the estimated similarity.

Text from a report is hostile: every string is written as a string cell, and one that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return also gets Excel's quote prefix, so it is neither a
formula now nor after someone edits the cell (OWASP, CSV injection; the same idea for xlsx). Control
characters, which an xlsx cannot hold, are shown escaped (``\x1b``). Numbers stay numbers: counts,
years and shares are numeric cells with a number format. Files are named relative to the folder they
share; with ``--html-dir`` each report's file links to its review page. Every sheet prints landscape,
fitted to the page width, with the header row repeated on each page.

openpyxl's write-only mode streams rows to disk, so a large batch does not build the workbook in
memory; it needs column widths before the first row, so the findings are read twice from the spool.
Widths count a CJK character as 2 (Excel measures in widths of "0", and a Chinese glyph is about two).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from perfcheck.batch import BatchReport
from perfcheck.quiet import library_loaded
from perfcheck.report.batch_tables import (
    FINDINGS_HEADER,
    FORMULA_STARTS,
    SUMMARY_HEADER,
    VERDICT_LABELS,
    finding_rows,
    rule_failure_rows,
    summary_rows,
    totals_line,
)
from perfcheck.report.printable import printable_lines

library_loaded()  # openpyxl loads logging through Pillow where it is installed (perfcheck.quiet)

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
_LINK = Font(color="0563C1", underline="single")


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


def safe_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell holding ``value``: text always as text (never a formula), numbers as numbers."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=printable_lines(value.replace("\r\n", "\n")))
        cell.data_type = "s"  # openpyxl makes "=…" a formula; a report's text never is one
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
        return cell
    return WriteOnlyCell(sheet, value=value)


def write_workbook(
    report: BatchReport, target: str | IO[bytes], links: Callable[[int], str | None] | None = None
) -> None:
    """``links`` gives a report's review page (relative to the workbook) by its index, when there is one."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "perfcheck"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    root = common_root(report)
    summary = [_summary_values(values, root) for values in summary_rows(report)]
    _write_summary(workbook.create_sheet("汇总"), report, summary, links or (lambda index: None))
    _write_findings(workbook.create_sheet("问题明细"), report, root)
    _write_rules(workbook.create_sheet("常见问题"), report)
    _write_similar(workbook.create_sheet("高度相似"), report, root)
    workbook.save(target)


def common_root(report: BatchReport) -> str:
    files = [os.path.abspath(row.file) for row in report.rows.values()]
    try:
        return os.path.commonpath([os.path.dirname(f) for f in files]) if files else ""
    except ValueError:  # different drives on Windows
        return ""


def relative(path: str, root: str) -> str:
    """The file as the bureau's folder names it: relative to the folder all reports share."""
    if not root:
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
    except ValueError:
        return path


def _summary_values(values: tuple[Any, ...], root: str) -> tuple[Any, ...]:
    row = list(values)
    row[SUMMARY_HEADER.index("文件")] = relative(row[SUMMARY_HEADER.index("文件")], root)
    year = row[SUMMARY_HEADER.index("年度")]
    row[SUMMARY_HEADER.index("年度")] = int(year) if isinstance(year, str) and year.isdigit() else year
    return tuple(row)


def _prepare(sheet: WriteOnlyWorksheet, header: Sequence[str], widths: list[int]) -> None:
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(number)].width = width
    sheet.freeze_panes = "A2"
    # Printed by the bureau: landscape, as wide as the page, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _header(sheet: WriteOnlyWorksheet, header: Sequence[str]) -> None:
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = _BOLD
        cells.append(cell)
    sheet.append(cells)


def _write_summary(
    sheet: WriteOnlyWorksheet, report: BatchReport, rows: list[tuple[Any, ...]], links: Callable[[int], str | None]
) -> None:
    _prepare(sheet, SUMMARY_HEADER, column_widths(SUMMARY_HEADER, rows))
    sheet.auto_filter.ref = f"A1:{_letter(len(SUMMARY_HEADER))}{len(rows) + 1}"
    _header(sheet, SUMMARY_HEADER)
    verdict_column = SUMMARY_HEADER.index("结论")
    file_column = SUMMARY_HEADER.index("文件")
    year_column = SUMMARY_HEADER.index("年度")
    for values in rows:
        cells = [safe_cell(sheet, v) for v in values]
        colour = _FILLS.get(values[verdict_column])
        if colour:
            cells[verdict_column].fill = PatternFill("solid", start_color=colour, end_color=colour)
        if isinstance(values[year_column], int):
            cells[year_column].number_format = "0"  # 2018, not 2,018
        link = links(int(values[0]) - 1)
        if link:
            cells[file_column].hyperlink = link
            cells[file_column].font = _LINK
        sheet.append(cells)
    total = safe_cell(sheet, totals_line(report))
    total.font = _BOLD
    sheet.append([total])


def _write_findings(sheet: WriteOnlyWorksheet, report: BatchReport, root: str) -> None:
    count = 0
    widths = [text_width(h) for h in FINDINGS_HEADER]
    file_column = FINDINGS_HEADER.index("文件")
    year_column = FINDINGS_HEADER.index("年度")

    def rows() -> Iterable[list[Any]]:
        for values in finding_rows(report):
            row = list(values)
            row[file_column] = relative(row[file_column], root)
            year = row[year_column]
            row[year_column] = int(year) if isinstance(year, str) and year.isdigit() else year
            yield row

    for row in rows():  # first pass: widths and the filter's extent
        count += 1
        for i, value in enumerate(row):
            widths[i] = max(widths[i], text_width(value))
    _prepare(sheet, FINDINGS_HEADER, [min(MAX_WIDTH, w + 2) for w in widths])
    sheet.auto_filter.ref = f"A1:{_letter(len(FINDINGS_HEADER))}{count + 1}"
    _header(sheet, FINDINGS_HEADER)
    wrap = Alignment(wrap_text=True, vertical="top")
    long_columns = {FINDINGS_HEADER.index("说明"), FINDINGS_HEADER.index("原文")}
    for row in rows():
        cells = []
        for i, value in enumerate(row):
            cell = safe_cell(sheet, value)
            if i in long_columns:
                cell.alignment = wrap
            if i == year_column and isinstance(value, int):
                cell.number_format = "0"
            cells.append(cell)
        sheet.append(cells)


def _write_rules(sheet: WriteOnlyWorksheet, report: BatchReport) -> None:
    header = ("规则", "规则名称", "未通过的报告数", "占可读报告")
    readable = sum(r.readable for r in report.rows.values()) or 1
    rows = [(rule, title, count, count / readable) for rule, title, count, _ in rule_failure_rows(report)]
    _prepare(sheet, header, column_widths(header, [(r[0], r[1], r[2], "100%") for r in rows]))
    _header(sheet, header)
    for rule, title, count, share in rows:
        cells = [safe_cell(sheet, rule), safe_cell(sheet, title), safe_cell(sheet, count), safe_cell(sheet, share)]
        cells[3].number_format = "0%"
        sheet.append(cells)


def _write_similar(sheet: WriteOnlyWorksheet, report: BatchReport, root: str) -> None:
    header = ("文件", "相似的报告", "估计相似度")
    rows = [
        (relative(report.rows[p.first].file, root), relative(report.rows[p.second].file, root), p.similarity)
        for p in report.similar
    ]
    _prepare(sheet, header, column_widths(header, [(a, b, "100%") for a, b, _ in rows]))
    _header(sheet, header)
    for first, second, similarity in rows:
        cells = [safe_cell(sheet, first), safe_cell(sheet, second), safe_cell(sheet, round(similarity, 4))]
        cells[2].number_format = "0%"
        sheet.append(cells)


def _letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)
