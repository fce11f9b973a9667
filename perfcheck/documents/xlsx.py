"""Excel workbooks (.xlsx, .xlsm): every visible sheet is a section whose table is the sheet's cells.

Officers fill 自评表 in Excel as often as in Word; a workbook with one form per sheet is one document.
Each visible sheet gives, in order:

- a heading block with the sheet name (the table's caption; ``perfcheck outline`` lists the sheets);
- the sheet's leading lines as paragraphs: rows above the form that hold one value only and read as a
  line (the form's title "项目支出绩效自评表", "（2023年度）", "单位：万元", a sentence, a numbered heading),
  as a Word form has them above its table; a short lone label (a blank template's "项目名称") stays
  in the form;
- one table block from the first row with two or more values to the last such row: merged ranges
  become spans, values read as displayed (``xlsx_sheet``, ``xlsx_format``), hidden rows and columns
  left out, empty rows and columns at the edges trimmed;
- lone lines of text under the form (a report typed below its table, 填表人) as paragraphs.

The document's title is the first sheet's first leading line that is not a 单位/填报 line (its title
row), else the file name. A sheet with one column of text reads as paragraphs only.
Hidden and very hidden sheets, hidden rows and columns that hold values, formulas without a cached
value and cells holding Excel errors are listed in ``Document.notes`` (shown by ``perfcheck dump``).

Locations: the caption and the table carry ``Location(table=t)`` (t counts table blocks, 0-based) and a
cell is addressed by its row and column in that table (hidden rows and the leading lines are not
counted); a leading line carries ``Location(line=n)`` with n its Excel row number.
"""

from __future__ import annotations

from pathlib import Path

from perfcheck.documents.assemble import RawBlock, assemble, make_cell, make_table
from perfcheck.documents.outline import parse_number_label
from perfcheck.documents.xlsx_markers import UNCACHED_FORMULA
from perfcheck.documents.xlsx_package import MAX_CELLS, SAVE_AS_XLSX, WorkbookPackage, too_many_cells
from perfcheck.documents.xlsx_sheet import (
    CellBudget,
    SheetCells,
    read_shared_strings,
    read_sheet,
    read_styles,
)
from perfcheck.errors import InputError
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Cell, Document, Location

__all__ = ["load"]

_STATE_ZH = {"hidden": "隐藏", "veryHidden": "深度隐藏"}
_NOTE_SAMPLE = 8  # cell references listed in a note before "等"
# Leading lines that are not the form's title: 单位：万元, 填报单位：…, 编制单位, 报表编号, 填表日期.
_NOT_TITLE = lazy_re(r"\s*(?:金额)?单位|\s*(?:填报|编制|报送|填表|报表编号|表号)")
_LABEL_MAX_CHARS = 30  # a form's label (部门（单位）名称) is short; a longer lone line is text
_PARENTHESISED = lazy_re(r"\s*[（(][^（()）]*[）)]\s*")  # （2023年度）
_FORM_NAME = lazy_re(r"(?:表|报告|明细|情况)\s*(?:[（(][^（()）]*[）)])?\s*$")  # 项目支出绩效自评表（2023年度）


def load(path: Path, data: bytes, sha256: str, fmt: str | None = None) -> Document:
    package = WorkbookPackage(path, data)
    strings = read_shared_strings(package)
    styles = read_styles(package)
    budget = CellBudget()
    raw: list[RawBlock] = []
    notes: list[str] = []
    title = ""
    tables = 0
    for sheet in package.sheets:
        if sheet.state != "visible":
            notes.append(f"{_STATE_ZH.get(sheet.state, '隐藏')}的工作表“{sheet.name}”未读取")
            continue
        if sheet.part is None:
            notes.append(f"工作表“{sheet.name}”不是数据表（如图表工作表），未读取")
            continue
        cells = read_sheet(package, sheet.name, sheet.part, strings, styles, budget)
        notes += _sheet_notes(sheet.name, cells)
        lines, table, after = _sheet_layout(cells, budget, package.shown)
        if not lines and table is None:
            notes.append(f"工作表“{sheet.name}”没有内容")
            continue
        if not raw and (at := _title_line(lines)) is not None:
            row, title = lines.pop(at)
            raw.append(RawBlock(title, Location(line=row), heading_level=0))
        caption = Location(table=tables) if table is not None else Location(line=lines[0][0] if lines else None)
        raw.append(RawBlock(sheet.name, caption, heading_level=1))
        raw += [RawBlock(text, Location(line=row)) for row, text in lines]
        if table is not None:
            raw.append(RawBlock("", Location(table=tables), table=make_table(table)))
            tables += 1
        raw += [RawBlock(text, Location(line=row)) for row, text in after]
    if not raw:
        raise InputError(str(path), "工作簿中没有可读取的内容（没有可见且非空的工作表）", SAVE_AS_XLSX)
    # The first sheet's name is a section, not the title: count the outline from the title row, if any.
    shown = fmt or path.suffix.lower().lstrip(".")
    return assemble(
        str(path), shown, sha256, raw, title=title or path.stem, outline_from=1 if title else 0, notes=notes
    )


def _texts(line: list[tuple[str, int, int, int, int]]) -> list[str]:
    return [cell[0].strip() for cell in line if cell[0].strip()]


def _is_line(text: str, col_span: int, width: int) -> bool:
    """A row above the form that stands alone: merged across the table, a form's name, 单位/填报/（年度）."""
    return (
        2 * col_span >= width
        or bool(_NOT_TITLE.match(text) or _PARENTHESISED.fullmatch(text))
        or _FORM_NAME.search(text) is not None
        or len(text) > _LABEL_MAX_CHARS
        or text.endswith(("。", "；", "！", "？"))  # a sentence, not a label
        or parse_number_label(text) is not None  # a numbered heading: 五、存在的问题及原因
    )


def _title_line(lines: list[tuple[int, str]]) -> int | None:
    """Which leading line of the first sheet is the form's title: the first that is not a 单位/填报 line."""
    return next((i for i, (_, text) in enumerate(lines) if not _NOT_TITLE.match(text)), None)


def _sheet_layout(
    cells: SheetCells, budget: CellBudget, shown: str
) -> tuple[list[tuple[int, str]], list[list[Cell]] | None, list[tuple[int, str]]]:
    """The lines above the form ((Excel row, text)), its table rows and the lines under it; hidden rows and
    columns left out."""
    visible = {
        key: text
        for key, text in cells.values.items()
        if key[0] not in cells.hidden_rows and not cells.column_hidden(key[1]) and text.strip()
    }
    if not visible:
        return [], None, []
    merges = cells.merges
    top = min(r for r, _ in visible)
    bottom = max([r for r, _ in visible] + [m[2] for m in merges if (m[0], m[1]) in visible])
    left = min([c for _, c in visible] + [m[1] for m in merges if (m[0], m[1]) in visible])
    right = max([c for _, c in visible] + [m[3] for m in merges if (m[0], m[1]) in visible])
    rows = [r for r in range(top, bottom + 1) if r not in cells.hidden_rows]
    columns = [c for c in range(left, right + 1) if not cells.column_hidden(c)]
    budget.area += len(rows) * len(columns)  # the table's positions, filled or not
    if budget.area > MAX_CELLS:
        raise too_many_cells(shown)
    row_at = {r: i for i, r in enumerate(rows)}
    column_at = {c: j for j, c in enumerate(columns)}
    anchors, covered = _spans(merges, rows, columns, cells.values)
    grid: list[list[tuple[str, int, int, int, int]]] = []  # (text, row, column, row_span, col_span)
    for r in rows:
        line: list[tuple[str, int, int, int, int]] = []
        for c in columns:
            i, j = row_at[r], column_at[c]
            if (i, j) in covered:
                continue
            row_span, col_span, text = anchors.get((i, j), (1, 1, cells.values.get((r, c), "")))
            line.append((text, i, j, row_span, col_span))
        grid.append(line)
    if all(sum(1 for cell in line if cell[0].strip()) <= 1 for line in grid):  # one column of text: paragraphs
        return [(rows[i], text) for i, line in enumerate(grid) for text in _texts(line)], None, []
    lead = 0
    lines: list[tuple[int, str]] = []
    while lead < len(grid):
        filled = [cell for cell in grid[lead] if cell[0].strip()]
        if len(filled) > 1 or any(cell[3] > 1 for cell in grid[lead]):
            break
        if filled and not _is_line(filled[0][0].strip(), filled[0][4], len(columns)):
            break  # a label whose value cells are still empty (a blank template): part of the form
        if filled:
            lines.append((rows[lead], filled[0][0].strip()))
        lead += 1
    if lead == len(grid):
        return lines, None, []
    # Text under the form (a report typed below its table, 填表人 lines): lone lines at the bottom that
    # read as text, up to the last row that holds two values or is reached by a merged cell from above.
    end = len(grid)
    while end > lead + 1:
        filled = [cell for cell in grid[end - 1] if cell[0].strip()]
        whole = sum(cell[4] for cell in grid[end - 1]) == len(columns)
        if len(filled) > 1 or not whole or (filled and not _is_line(filled[0][0].strip(), 0, len(columns))):
            break
        end -= 1
    after = [(rows[i], text) for i in range(end, len(grid)) for text in _texts(grid[i])]
    table = [
        [make_cell(text, i - lead, j, row_span, col_span) for text, i, j, row_span, col_span in line]
        for line in grid[lead:end]
    ]
    return lines, table, after


def _spans(
    merges: list[tuple[int, int, int, int]],
    rows: list[int],
    columns: list[int],
    values: dict[tuple[int, int], str],
) -> tuple[dict[tuple[int, int], tuple[int, int, str]], set[tuple[int, int]]]:
    """Merged ranges in table positions: each anchor's (row_span, col_span, text) and the positions covered.

    A range is clipped to the table and to its visible rows and columns; its text is its top-left cell's
    (what Excel shows), even where that cell's row is hidden. An overlapping range (invalid, but files
    have them) is skipped.
    """
    row_at = {r: i for i, r in enumerate(rows)}
    column_at = {c: j for j, c in enumerate(columns)}
    anchors: dict[tuple[int, int], tuple[int, int, str]] = {}
    covered: set[tuple[int, int]] = set()
    for first_row, first_column, last_row, last_column in merges:
        inside_rows = [row_at[r] for r in range(max(first_row, rows[0]), min(last_row, rows[-1]) + 1) if r in row_at]
        inside_columns = [
            column_at[c]
            for c in range(max(first_column, columns[0]), min(last_column, columns[-1]) + 1)
            if c in column_at
        ]
        if not inside_rows or not inside_columns:
            continue
        positions = {(i, j) for i in inside_rows for j in inside_columns}
        if positions & covered or positions & anchors.keys():
            continue
        anchor = (inside_rows[0], inside_columns[0])
        anchors[anchor] = (len(inside_rows), len(inside_columns), values.get((first_row, first_column), ""))
        covered |= positions - {anchor}
    return anchors, covered


def _sheet_notes(name: str, cells: SheetCells) -> list[str]:
    notes: list[str] = []
    hidden_rows = sorted({r for r, _ in cells.values if r in cells.hidden_rows})
    if hidden_rows:
        notes.append(f"工作表“{name}”中隐藏的行（第{_listed(map(str, hidden_rows))}行）未读取")
    hidden_columns = sorted({c for _, c in cells.values if cells.column_hidden(c)})
    if hidden_columns:
        notes.append(f"工作表“{name}”中隐藏的列（{_listed(map(_letters, hidden_columns))}列）未读取")
    if cells.uncached:
        notes.append(
            f"工作表“{name}”中 {len(cells.uncached)} 个公式没有保存计算结果（{_listed(cells.uncached)}），"
            f"读作“{UNCACHED_FORMULA}”；请在 Excel 或 WPS 中打开并保存后再检查"
        )
    if cells.errors:
        found = [f"{ref} {literal}" for ref, literal in cells.errors]
        notes.append(f"工作表“{name}”中有错误值：{_listed(found)}")
    return notes


def _listed(items: object) -> str:
    values = list(items)  # type: ignore[call-overload]
    shown = "、".join(values[:_NOTE_SAMPLE])
    return shown + ("等" if len(values) > _NOTE_SAMPLE else "")


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
