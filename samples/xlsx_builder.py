"""Write tables of ``spec.py`` to an .xlsx workbook with openpyxl, one sheet per table, as officers fill them.

Cell texts become typed Excel values where they are numbers, so the loader has to show them again
through their number formats: ``120.00`` → 120 formatted ``0.00``, ``95.38%`` → 0.9538 formatted
``0.00%``, ``10`` → 10 in the General format; other texts stay text. Rows above the table
(``Sheet.lines``: the form's title, 单位：万元) hold one value each, the title merged across the table.

Formulas (``Sheet.formulas``) are written with their cached value, as Excel saves them. openpyxl
writes a formula with an empty ``<v>`` (it does not calculate), so the builder computes the value of
the simple formulas it supports (``={4}/{3}``: the cells of columns 4 and 3 of the same row, divided)
with Decimal and writes it into the sheet XML after saving; a division by zero is cached as Excel caches
it, the error value ``#DIV/0!`` in a cell of type ``e``. ``cached=False`` leaves the values out,
as a program that does not calculate would.

The output is byte-for-byte reproducible: fixed document properties and zip entry timestamps.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from lxml import etree
from openpyxl.utils import get_column_letter
from spec import TableSpec

_ZIP_TIME = (2019, 3, 1, 9, 0, 0)
_FIXED_W3CDTF = "2019-03-01T09:00:00Z"
_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?(%)?")
_FORMULA = re.compile(r"=\{(\d+)\}([-+*/])\{(\d+)\}")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: leading lines, then the table; ``formulas`` maps (table row, column) to a template."""

    name: str
    table: TableSpec
    lines: tuple[str, ...] = ()
    formulas: Mapping[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False


def typed(text: str) -> tuple[object, str | None]:
    """A cell text as the value Excel would store and its number format (None: General or text)."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return text, None
    decimals = len(match.group(1) or "")
    places = "0." + "0" * decimals if decimals else "0"
    if match.group(2):
        return Decimal(text[:-1]) / 100, places + "%"
    if decimals:
        return Decimal(text), places
    return int(text), None


def write_xlsx(sheets: Sequence[Sheet], path: str | Path, *, cached: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    cached_values: dict[int, dict[str, str]] = {}
    for index, spec in enumerate(sheets):
        sheet = workbook.create_sheet(spec.name)
        if spec.hidden:
            sheet.sheet_state = "hidden"
        width = max(len(row) for row in spec.table.grid)
        for r, line in enumerate(spec.lines, start=1):
            sheet.cell(r, 1, line)
            if r == 1:
                sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        top = len(spec.lines) + 1
        values = cached_values.setdefault(index, {})
        for r, row in enumerate(spec.table.grid):
            for c, text in enumerate(row):
                if not text:
                    continue
                cell = sheet.cell(top + r, c + 1)
                template = spec.formulas.get((r, c))
                value, number_format = typed(text)
                if template is not None:
                    formula, result = _formula(template, row, top + r)
                    cell.value = formula
                    values[cell.coordinate] = result
                else:
                    cell.value = float(value) if isinstance(value, Decimal) else value
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # "=100%" is a target written as text, not a formula
                if number_format:
                    cell.number_format = number_format
        for r, c, rows, cols in spec.table.merges:
            sheet.merge_cells(start_row=top + r, start_column=c + 1, end_row=top + r + rows - 1, end_column=c + cols)
        for c in range(1, width + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 14
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = finish_workbook(buffer.getvalue(), cached_values if cached else {})
    path = Path(path)
    path.write_bytes(data)
    return path


def _formula(template: str, row: Sequence[str], excel_row: int) -> tuple[str, str]:
    """The formula text and its value (as Excel stores it in ``<v>``) for ``={a}/{b}`` templates."""
    match = _FORMULA.fullmatch(template)
    if match is None:
        raise ValueError(f"unsupported formula template {template!r}")
    left, op, right = int(match.group(1)), match.group(2), int(match.group(3))
    a, b = (Decimal(str(typed(row[i])[0])) for i in (left, right))
    formula = f"={get_column_letter(left + 1)}{excel_row}{op}{get_column_letter(right + 1)}{excel_row}"
    if op == "/" and b == 0:
        return formula, "#DIV/0!"  # what Excel caches (as an error value, t="e") for a division by zero
    result = {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[op]
    return formula, format(result.normalize(), "f") if result == result.to_integral_value() else f"{result:.15g}"


def finish_workbook(data: bytes, cached: Mapping[int, Mapping[str, str]]) -> bytes:
    """Write cached formula values (by sheet index, then cell) into the sheet XML and fix every timestamp."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            sheet = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if sheet and cached.get(int(sheet.group(1)) - 1):
                content = _with_values(content, cached[int(sheet.group(1)) - 1])
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_W3CDTF.encode(),
                                 content)  # fmt: skip
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, content)
    return out.getvalue()


def _with_values(content: bytes, values: Mapping[str, str]) -> bytes:
    root = etree.fromstring(content)
    for cell in root.iter(f"{_MAIN}c"):
        value = values.get(cell.get("r", ""))
        if value is None:
            continue
        v = cell.find(f"{_MAIN}v")
        if v is None:
            v = etree.SubElement(cell, f"{_MAIN}v")
        v.text = value
        if value.startswith("#"):
            cell.set("t", "e")  # an error value: Excel marks the cell's type as error
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def self_eval_sheets() -> list[Sheet]:
    """The funding table of ``spec.self_eval_spec()`` as an officer's workbook: the form's title and unit
    above it, 执行率 and 得分 as formulas with their cached values, and a hidden 填表说明 sheet."""
    from spec import self_eval_spec

    table = next(part for part in self_eval_spec() if isinstance(part, TableSpec))
    formulas = {(r, 6): "={4}/{3}" for r, row in enumerate(table.grid) if r and row[6] not in ("", "—")}
    formulas[(1, 7)] = "={6}*{5}"
    notes = TableSpec(grid=[["填表说明"], ["执行率 = 全年执行数 ÷ 全年预算数"]])
    return [
        Sheet("项目资金", table, lines=("2023年度社区养老服务补助项目支出绩效自评表", "单位：万元"), formulas=formulas),
        Sheet("填表说明", notes, hidden=True),
    ]
