"""The parts of an .xlsx workbook the loader reads, and every way of refusing one, before any cell is parsed.

A workbook is a zip of XML parts. Before a single cell is read this module checks, from what the file
declares, that it is a workbook perfcheck can read in reasonable time and memory: a zip and not an OLE
container (password-protected workbooks and old .xls files are OLE), declared part sizes that are not a
zip bomb, a sane number of sheets, and each sheet's ``<dimension ref="A1:K40">`` within the row and
column limits (read from the first few kilobytes of the sheet XML). The dimension is written by the
program that saved the file and may be missing or wrong, so the sheet reader enforces the same limits
again while it streams the cells (``xlsx_sheet``).

Every refusal is an :class:`InputError` (exit 3) that names the limit in one Chinese line.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO, Any

from lxml import etree
from msgspec import Struct

from perfcheck.documents.ooxml import (
    OLE_MAGIC,
    PARSER,
    READ_ERRORS,
    declared_inflation,
    ole_holds,
    open_zip,
    other_office_file,
    part_info,
)
from perfcheck.errors import InputError
from perfcheck.lazy_pattern import lazy_re

# Limits (the README's section on workbooks lists them). A 自评表 workbook is a few sheets of a few
# dozen rows; a 部门决算 workbook a few hundred rows per sheet. The limits are far above both and far
# below what would take more than a second or two to read.
MAX_SHEETS = 200
MAX_ROWS = 100_000  # per sheet; Excel's own maximum is 1,048,576
MAX_COLUMNS = 1_000  # per sheet; Excel's own maximum is 16,384 (XFD)
MAX_CELLS = 200_000  # cells with a value, in all sheets together (reading 100,000 takes about a second)
MAX_XML_BYTES = 50 * 1024 * 1024  # the declared size of every part read, inflated (200,000 cells are ~8 MB)
_DIMENSION_PROBE_BYTES = 64 * 1024  # the <dimension> element comes before <sheetData>

_MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "Strict Open XML"
)
_REL_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DIMENSION = lazy_re(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([^\"]*)\"")
_SHEET_DATA = lazy_re(rb"<(?:\w+:)?sheetData\b")
_CELL_REF = lazy_re(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
SAVE_AS_XLSX = "请在 Excel 或 WPS 中另存为 .xlsx 后再检查"


class SheetEntry(Struct, frozen=True):
    """One sheet as the workbook lists it: name, visibility and the zip part holding its cells."""

    name: str
    state: str  # visible / hidden / veryHidden
    part: str | None  # None for a chart sheet or a sheet whose part is missing


def column_index(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27 (1-based, as Excel counts)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def split_ref(ref: str) -> tuple[int, int] | None:
    """``C12`` → (12, 3): row and column, 1-based; None for something that is not a cell reference."""
    match = _CELL_REF.fullmatch(ref.strip())
    if match is None:
        return None
    return int(match.group(2)), column_index(match.group(1))


def split_range(ref: str) -> tuple[int, int, int, int] | None:
    """``A1:K40`` → (1, 1, 40, 11): first row, first column, last row, last column; ``A1`` alone too."""
    first, _, last = ref.partition(":")
    start = split_ref(first)
    end = split_ref(last) if last else start
    if start is None or end is None:
        return None
    return min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1])


class WorkbookPackage:
    """An .xlsx opened for reading: its sheets, shared strings and styles parts, with the limits checked."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.shown = str(path)
        if data.startswith(OLE_MAGIC):
            raise self._ole_error(data)
        self.zip = open_zip(
            self.shown,
            data,
            truncated=("工作簿不完整或已损坏（zip 压缩包被截断）", SAVE_AS_XLSX),
            not_zip=("不是有效的 Excel 工作簿（.xlsx 实为 zip 压缩包，此文件不是）", SAVE_AS_XLSX),
        )
        workbook = self._package_target("officeDocument") or "xl/workbook.xml"
        if self._info(workbook) is None:
            raise InputError(self.shown, self._missing_workbook_problem(), SAVE_AS_XLSX)
        self._guard_sizes([workbook])
        root = self._parse(workbook)
        self.namespace = next((ns for ns in _MAIN_NAMESPACES if root.tag == f"{{{ns}}}workbook"), None)
        if self.namespace is None:
            raise InputError(self.shown, "不是可识别的 Excel 工作簿格式", SAVE_AS_XLSX)
        targets = self._part_targets(workbook)
        self.date1904 = self._date1904(root)
        self.sheets = self._sheets(root, targets)
        if len(self.sheets) > MAX_SHEETS:
            raise InputError(
                self.shown, f"工作表过多（{len(self.sheets)} 个，上限 {MAX_SHEETS} 个）", "请只保留需要检查的工作表"
            )
        self.shared_strings = next((t for kind, t in targets.values() if kind == "sharedStrings"), None)
        self.styles = next((t for kind, t in targets.values() if kind == "styles"), None)
        parts = [s.part for s in self.sheets if s.part and s.state == "visible"]
        self._guard_sizes([workbook, *parts, *(p for p in (self.shared_strings, self.styles) if p)])
        for sheet in self.sheets:
            if sheet.part and sheet.state == "visible":
                self._check_dimension(sheet)

    # ---- reading parts ------------------------------------------------------------------------------

    def open(self, name: str) -> IO[bytes]:
        """A stream over one part (sizes were checked when the package was opened)."""
        return self.zip.open(name)

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except READ_ERRORS:
            raise self.damaged(name) from None

    def damaged(self, name: str) -> InputError:
        return InputError(self.shown, f"工作簿已损坏（压缩包中的 {name} 无法读取）", SAVE_AS_XLSX)

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        return part_info(self.zip, name)

    def _parse(self, name: str) -> Any:
        try:
            return etree.fromstring(self.read(name), PARSER)
        except etree.XMLSyntaxError:
            raise InputError(self.shown, f"工作簿内容已损坏（{name} 不是有效的 XML）", SAVE_AS_XLSX) from None

    # ---- structure ----------------------------------------------------------------------------------

    def _package_target(self, kind: str) -> str | None:
        if self._info("_rels/.rels") is None:
            return None
        self._guard_sizes(["_rels/.rels"])
        for rel in self._parse("_rels/.rels").iter(_PACKAGE_REL):
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
                return _join("", rel.get("Target", ""))
        return None

    def _part_targets(self, workbook: str) -> dict[str, tuple[str, str]]:
        """The workbook's relationships: id → (kind, part name), e.g. rId1 → (worksheet, xl/worksheets/sheet1.xml)."""
        folder = posixpath.dirname(workbook)
        rels = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
        if self._info(rels) is None:
            return {}
        self._guard_sizes([rels])
        found: dict[str, tuple[str, str]] = {}
        for rel in self._parse(rels).iter(_PACKAGE_REL):
            if rel.get("TargetMode") == "External":
                continue
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], _join(folder, rel.get("Target", "")))
        return found

    def _sheets(self, root: Any, targets: dict[str, tuple[str, str]]) -> list[SheetEntry]:
        sheets: list[SheetEntry] = []
        for element in root.iter(f"{{{self.namespace}}}sheet"):
            rid = next((element.get(f"{{{ns}}}id") for ns in _REL_NAMESPACES if element.get(f"{{{ns}}}id")), None)
            kind, part = targets.get(rid or "", ("", ""))
            readable = kind == "worksheet" and self._info(part) is not None
            sheets.append(
                SheetEntry(element.get("name", ""), element.get("state", "visible"), part if readable else None)
            )
        return sheets

    def _date1904(self, root: Any) -> bool:
        pr = root.find(f"{{{self.namespace}}}workbookPr")
        return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")

    # ---- limits -------------------------------------------------------------------------------------

    def _guard_sizes(self, names: list[str]) -> None:
        """Refuse a zip bomb from the sizes the zip declares, before inflating any of it."""
        total, absurd = declared_inflation(self.zip, names)
        if total > MAX_XML_BYTES or absurd:
            raise InputError(
                self.shown,
                f"工作簿解压后过大（{total / 1024 / 1024:.0f} MB，上限 {MAX_XML_BYTES // 1024 // 1024} MB），"
                "疑似异常压缩文件",
                "请确认文件来源可靠，或在 Excel 中重新另存为 .xlsx",
            )

    def _check_dimension(self, sheet: SheetEntry) -> None:
        """The sheet's declared used range (``<dimension ref>``) within the row and column limits."""
        assert sheet.part is not None
        try:
            with self.zip.open(sheet.part) as stream:
                head = stream.read(_DIMENSION_PROBE_BYTES)
        except READ_ERRORS:
            raise self.damaged(sheet.part) from None
        data_at = _SHEET_DATA.search(head)
        match = _DIMENSION.search(head, 0, data_at.start() if data_at else len(head))
        bounds = split_range(match.group(1).decode("ascii", "replace")) if match else None
        if bounds is not None:
            check_extent(self.shown, sheet.name, bounds[2], bounds[3])

    def _ole_error(self, data: bytes) -> InputError:
        # An OLE compound file holds a password-protected .xlsx ("EncryptedPackage") or an old binary
        # .xls ("Workbook"/"Book" stream). Stream names are stored in UTF-16LE.
        if ole_holds(data, "EncryptedPackage"):
            return InputError(self.shown, "工作簿已加密（设置了打开密码）", "请取消密码后另存为 .xlsx 再检查")
        if ole_holds(data, "Workbook") or ole_holds(data, "Book"):
            return InputError(self.shown, "这是旧版 Excel 格式（.xls）的文件，扩展名却是 .xlsx", SAVE_AS_XLSX)
        return InputError(
            self.shown,
            "工作簿已加密（设置了打开密码），或是改了扩展名的旧版 .xls 文件",
            "请取消密码后另存为 .xlsx 再检查",
        )

    def _missing_workbook_problem(self) -> str:
        other = other_office_file(self.zip, "xl/workbook.xml")
        return (
            f"这是 {other}，不是 Excel 工作簿" if other else "不是有效的 Excel 工作簿（压缩包中没有 xl/workbook.xml）"
        )


def check_extent(shown: str, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet that reaches beyond the row or column limit (``rows``/``columns``: the last, 1-based)."""
    if rows > MAX_ROWS:
        raise InputError(
            shown,
            f"工作表“{sheet}”行数过多（到第 {rows} 行，上限 {MAX_ROWS} 行）",
            "请删除多余的行，或只把要检查的表格另存为新的 .xlsx",
        )
    if columns > MAX_COLUMNS:
        raise InputError(
            shown,
            f"工作表“{sheet}”列数过多（到第 {columns} 列，上限 {MAX_COLUMNS} 列）",
            "请删除多余的列，或只把要检查的表格另存为新的 .xlsx",
        )


def too_many_cells(shown: str) -> InputError:
    return InputError(shown, f"工作簿中有内容的单元格过多（上限 {MAX_CELLS} 个）", "请只把要检查的表格另存为新的 .xlsx")


def _join(folder: str, target: str) -> str:
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined)
