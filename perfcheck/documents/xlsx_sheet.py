"""One worksheet's cells, streamed from its XML part: displayed text, merged ranges, hidden rows and columns.

The sheet XML is read once with lxml's ``iterparse``, a row at a time, and each row is dropped after it
is read, so memory stays flat however long the sheet. openpyxl's read-only mode streams too but drops
the merged ranges and hidden rows, and neither of its modes can tell a formula whose cached value is
missing from an empty cell; this reader keeps all three. The row, column and cell limits of
``xlsx_package`` are enforced here again as the cells stream in, because a sheet's declared dimension
may be missing or false.

What a cell reads as (``SheetCells.values``, keyed by 1-based (row, column)):
- a number: as displayed through its number format (``xlsx_format``);
- a shared, inline or formula string: the string; a boolean: ``TRUE`` / ``FALSE``;
- an Excel error value (``#DIV/0!``, ``#REF!``, ``#N/A``…): the error literal itself;
- a formula whose cached value is missing (a file written by a program that does not calculate):
  ``UNCACHED_FORMULA``, never 0 and never empty (both in ``xlsx_markers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from perfcheck.documents.ooxml import PARSER, READ_ERRORS
from perfcheck.documents.xlsx_format import GENERAL, display_number, format_code
from perfcheck.documents.xlsx_markers import UNCACHED_FORMULA
from perfcheck.documents.xlsx_package import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    WorkbookPackage,
    check_extent,
    column_index,
    split_range,
    too_many_cells,
)
from perfcheck.errors import InputError
from perfcheck.lazy_pattern import lazy_re

# Merged ranges in one sheet: a long 部门决算 sheet has a few hundred.
MAX_MERGES = 20_000
# Cell elements read in all, valued or not: a sheet formatted far beyond its data has many empty ones.
_MAX_ELEMENTS = 5 * MAX_CELLS
_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_TRUE = ("1", "true", "True", "TRUE")
_ESCAPE = lazy_re(r"_x([0-9A-Fa-f]{4})_")
_DIGITS = "0123456789"


@dataclass
class SheetCells:
    """What one sheet holds, in Excel's 1-based coordinates."""

    values: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first col, last row, last col
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)  # (min, max) ranges
    uncached: list[str] = field(default_factory=list)  # cell references
    errors: list[tuple[str, str]] = field(default_factory=list)  # (cell reference, error literal)

    def column_hidden(self, column: int) -> bool:
        return bool(self.hidden_columns) and any(low <= column <= high for low, high in self.hidden_columns)


@dataclass
class CellBudget:
    """Cells with a value read so far, and table positions built, across the workbook (``MAX_CELLS`` each)."""

    used: int = 0
    area: int = 0
    seen: int = 0  # every <c> element, empty styled ones too (they cost reading time as well)


def read_styles(package: WorkbookPackage) -> list[str]:
    """The number-format code of each cell style (``s="3"`` on a cell is index 3)."""
    if package.styles is None:
        return []
    try:
        root = etree.fromstring(package.read(package.styles), PARSER)
    except etree.XMLSyntaxError:
        return []  # a damaged styles part: numbers show in General, as Excel's repair would
    ns = f"{{{package.namespace}}}"
    custom: dict[int, str] = {}
    for fmt in root.iter(f"{ns}numFmt"):
        number = _int(fmt.get("numFmtId"))
        if number is not None:
            custom[number] = fmt.get("formatCode") or GENERAL
    codes: list[str] = []
    xfs = root.find(f"{ns}cellXfs")
    for xf in xfs if xfs is not None else ():
        codes.append(format_code(_int(xf.get("numFmtId")) or 0, custom))
    return codes


def read_shared_strings(package: WorkbookPackage) -> list[str]:
    """The shared string table: each ``<si>``'s text runs joined, phonetic guides (``rPh``) left out."""
    if package.shared_strings is None:
        return []
    ns = f"{{{package.namespace}}}"
    strings: list[str] = []
    try:
        with package.open(package.shared_strings) as stream:
            for _, si in etree.iterparse(stream, tag=f"{ns}si", resolve_entities=False, no_network=True):
                strings.append(_rich_text(si, ns))
                si.clear()
                if len(strings) > MAX_CELLS:
                    raise too_many_cells(package.shown)
    except etree.XMLSyntaxError:
        raise InputError(
            package.shown, "工作簿内容已损坏（共享字符串表不是有效的 XML）", "请在 Excel 中重新另存为 .xlsx"
        ) from None
    except READ_ERRORS:
        raise package.damaged(package.shared_strings) from None
    return strings


def read_sheet(
    package: WorkbookPackage, name: str, part: str, strings: list[str], styles: list[str], budget: CellBudget
) -> SheetCells:
    sheet = SheetCells()
    reader = _RowReader(package, name, sheet, strings, styles, budget)
    tags = [f"{{{ns}}}{tag}" for ns in _NAMESPACES for tag in ("row", "mergeCell", "col")]
    try:
        with package.open(part) as stream:
            for _, element in etree.iterparse(stream, tag=tags, resolve_entities=False, no_network=True):
                local = element.tag.rsplit("}", 1)[-1]
                if local == "row":
                    reader.row(element)
                    element.clear()
                    parent = element.getparent()
                    while element.getprevious() is not None and parent is not None:
                        del parent[0]
                elif local == "mergeCell":
                    bounds = split_range(element.get("ref", ""))
                    if bounds is not None:
                        sheet.merges.append(bounds)
                        if len(sheet.merges) > MAX_MERGES:
                            raise too_many_cells(package.shown)
                elif element.get("hidden") in _TRUE:  # a <col> range
                    low, high = _int(element.get("min")) or 1, _int(element.get("max")) or 1
                    sheet.hidden_columns.append((low, high))
    except etree.XMLSyntaxError:
        raise InputError(
            package.shown, f"工作表“{name}”已损坏（{part} 不是有效的 XML）", "请在 Excel 中重新另存为 .xlsx"
        ) from None
    except READ_ERRORS:
        raise package.damaged(part) from None
    return sheet


class _RowReader:
    def __init__(
        self,
        package: WorkbookPackage,
        name: str,
        sheet: SheetCells,
        strings: list[str],
        styles: list[str],
        budget: CellBudget,
    ) -> None:
        self.shown, self.name, self.sheet = package.shown, name, sheet
        self.strings, self.styles, self.budget = strings, styles, budget
        self.date1904 = package.date1904
        self.last_row = 0
        self.ns = ""
        self.tags = ("c", "v", "f", "is")

    def row(self, element: Any) -> None:
        number = _int(element.get("r")) or self.last_row + 1
        self.last_row = number
        if number > MAX_ROWS:
            check_extent(self.shown, self.name, number, 0)
        if element.get("hidden") in _TRUE:
            self.sheet.hidden_rows.add(number)
        tag = element.tag
        ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
        if ns != self.ns:
            self.ns, self.tags = ns, (f"{ns}c", f"{ns}v", f"{ns}f", f"{ns}is")
        c_tag = self.tags[0]
        values = self.sheet.values
        column = 0
        self.budget.seen += len(element)
        if self.budget.seen > _MAX_ELEMENTS:
            raise too_many_cells(self.shown)
        for cell in element:
            if cell.tag != c_tag:
                continue
            ref = cell.get("r")
            letters = ref.rstrip(_DIGITS) if ref else ""
            # A1-style: one to three ASCII letters, then the row; anything else is placed by its position
            well_formed = letters.isascii() and letters.isalpha() and len(letters) <= 3 and len(letters) < len(ref)
            column = column_index(letters) if well_formed else column + 1
            if column > MAX_COLUMNS:
                check_extent(self.shown, self.name, number, column)
            text = self._text(cell, ref or f"{number}:{column}")
            if text:
                values[(number, column)] = text
                self.budget.used += 1
                if self.budget.used > MAX_CELLS:
                    raise too_many_cells(self.shown)

    def _text(self, cell: Any, ref: str) -> str:
        _, v_tag, f_tag, is_tag = self.tags
        kind = cell.get("t", "n")
        value: str | None = None
        formula = False
        inline: Any = None
        for child in cell:
            tag = child.tag
            if tag == v_tag:
                value = child.text or ""
            elif tag == f_tag:
                formula = True
            elif tag == is_tag:
                inline = child
        if kind == "inlineStr":
            return _unescape(_rich_text(inline, self.ns)) if inline is not None else ""
        if value is None or (value == "" and kind not in ("s", "str")):
            if formula:
                self.sheet.uncached.append(ref)
                return UNCACHED_FORMULA
            return ""
        if kind == "n":
            style = _int(cell.get("s")) or 0
            code = self.styles[style] if style < len(self.styles) else GENERAL
            return display_number(value, code, self.date1904)
        if kind == "s":
            index = _int(value)
            return _unescape(self.strings[index]) if index is not None and 0 <= index < len(self.strings) else ""
        if kind == "str":
            return _unescape(value)
        if kind == "b":
            return "TRUE" if value.strip() in _TRUE else "FALSE"
        if kind == "e":
            self.sheet.errors.append((ref, value.strip()))
            return value.strip()
        if kind == "d":  # an ISO 8601 date written as text (rare; Strict files)
            return value.replace("T00:00:00", "").strip()
        return _unescape(value)


def _rich_text(element: Any, ns: str) -> str:
    """The text of an ``<si>`` or ``<is>``: its ``<t>``, or the ``<t>`` of each ``<r>`` run; no ``<rPh>``."""
    parts: list[str] = []
    for child in element:
        if child.tag == f"{ns}t":
            parts.append(child.text or "")
        elif child.tag == f"{ns}r":
            t = child.find(f"{ns}t")
            if t is not None:
                parts.append(t.text or "")
    return "".join(parts)


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as ``_xHHHH_`` (``_x000D_`` for a carriage return)."""
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
