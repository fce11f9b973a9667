"""The 绩效自评表: its 项目资金 part (funding) and its 绩效指标 part (indicators), in any table of a document.

A table is searched for header rows (see ``table_roles``): a funding header has a 执行数 column beside a
年初/全年预算数 column; an indicator header has a 一级/二级/三级指标 column and three roles in all. The
official 项目支出绩效自评表 is one table holding both parts (funding rows, then 年度总体目标, then the
indicator header and rows, then 总分), so each part runs from its header to the next header of either
kind. Row labels are read from the columns left of the first role column, leaving out a label that
spans the header too (the official form's vertical "项目资金（万元）" and "绩效指标" cells).

Headings are read with what forms print after them cut off ("年初预算数（A）", "执行率（B/A）", "得分（20分*
执行率）"); points printed in the funding part's heading instead of a 分值 column ("预算执行情况（万元）
（20分）") become the total row's 分值. A form with only 年初预算数 takes its rate against it (B ÷ A).

Nothing is guessed: a table whose structure cannot be read gives a part with ``problems`` (the rules then
say unresolved), and header words sitting in paragraphs with no table read from them (a text export
whose cells could not be regrouped) give a part whose only content is the problem "表格结构无法识别".
In a text document, rows whose merged cells were lost are placed under their headers by what they carry
(``table_align``); a part so placed records what it assumed in ``assumed`` (its fails are at most
warnings), and a row that cannot be placed one way only is a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from msgspec import Struct
from msgspec.structs import replace

from perfcheck.facts.table_align import Alignment, align_rows, is_text
from perfcheck.facts.table_grid import (
    cell_value,
    first_columns,
    header_cells,
    other_cells,
    row_label,
    row_values,
    spans_whole_row,
)
from perfcheck.facts.table_indicators import TOTAL_ROW, read_indicators
from perfcheck.facts.table_model import (
    FUNDING_ROLES,
    INDICATOR_ROLES,
    CellValue,
    FundingRow,
    FundingTable,
    Indicator,
    IndicatorTable,
    compact,
    parse_cell,
)
from perfcheck.facts.table_roles import (
    FUNDING_NAMES,
    INDICATOR_NAMES,
    MONEY_ROLES,
    Grid,
    HeaderCells,
    cells_text,
    find_headers,
    funding_role,
    indicator_role,
    is_header_set,
    may_hold_header,
    unit_in,
)
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Block, Document

__all__ = [
    "FUNDING_ROLES",
    "INDICATOR_ROLES",
    "CellValue",
    "FundingRow",
    "FundingTable",
    "Indicator",
    "IndicatorTable",
    "SelfEvalTables",
    "find_funding_tables",
    "find_indicator_tables",
    "find_self_eval_tables",
    "parse_cell",
]

UNREADABLE = "表格结构无法识别：找到了表头文字，但未能读成表格"
_TOTAL = lazy_re(r"资金总额|总额|合计|总计")
# A row label that ends the funding part: the 年度总体目标 row, the indicator part, a 总分 row.
_FUNDING_END = lazy_re(r"目标|指标|总分|自评")
_REASON_LABEL = lazy_re(r"原因|说明")
_SUB = lazy_re(r"^其中[：:]?")
_CAPTION_BLOCKS = 2


class SelfEvalTables(Struct, frozen=True):
    """Both parts of every 自评表 in a document, read together (see :func:`find_self_eval_tables`)."""

    funding: tuple[FundingTable, ...]
    indicators: tuple[IndicatorTable, ...]


# A table's grid and where its headers of each kind sit: found once per table and shared by both readers
# (each part ends at the next header of either kind).
_Layout = tuple[Block, Grid, list[tuple[int, int, dict[int, str]]], list[tuple[int, int, dict[int, str]]]]


def find_self_eval_tables(document: Document, grid_of: Callable[[int], Grid] | None = None) -> SelfEvalTables:
    """The funding and indicator parts of every table. ``grid_of`` gives a table block's grid (the
    context's, built once per document); by default each grid is built here."""
    layouts: list[_Layout] = []
    for block in document.blocks:
        if block.kind != "table" or block.table is None or not block.table.n_rows:
            continue
        grid = grid_of(block.index) if grid_of is not None else block.table.grid()
        cells = HeaderCells(grid)
        text = cells_text(block.table)
        funding = find_headers(grid, "funding", cells) if may_hold_header(text, "funding") else []
        indicators = find_headers(grid, "indicator", cells) if may_hold_header(text, "indicator") else []
        layouts.append((block, grid, funding, indicators))
    return SelfEvalTables(_funding_tables(document, layouts), _indicator_tables(document, layouts))


def find_funding_tables(document: Document) -> tuple[FundingTable, ...]:
    return find_self_eval_tables(document).funding


def find_indicator_tables(document: Document) -> tuple[IndicatorTable, ...]:
    return find_self_eval_tables(document).indicators


def _funding_tables(document: Document, layouts: list[_Layout]) -> tuple[FundingTable, ...]:
    found: list[FundingTable] = []
    for block, grid, headers, others in layouts:
        if not headers:
            continue
        starts = sorted({h[0] for h in headers} | {h[0] for h in others})
        for row, depth, roles in headers:
            end = next((s for s in starts if s > row), len(grid))
            placed = _aligned(document, grid, row + depth, end, roles, "funding", _FUNDING_END)
            table = _read_funding(document, block, placed.grid, row, depth, roles, end)
            found.append(_with(table, placed))
    if not found and (hint := _structure_hint(document, "funding")) is not None:
        found.append(FundingTable(hint[0], "万元", {}, None, (), "", (_unreadable(hint[1], FUNDING_NAMES),)))
    return tuple(found)


def _indicator_tables(document: Document, layouts: list[_Layout]) -> tuple[IndicatorTable, ...]:
    found: list[IndicatorTable] = []
    for block, grid, others, headers in layouts:
        if not headers:
            continue
        starts = sorted({h[0] for h in headers} | {h[0] for h in others})
        for row, depth, roles in headers:
            end = next((s for s in starts if s > row), len(grid))
            placed = _aligned(document, grid, row + depth, end, roles, "indicator", TOTAL_ROW)
            table = _with(read_indicators(block.index, placed.grid, row, depth, roles, end), placed)
            if block.table is not None and block.table.truncated and end == len(grid):
                table = replace(table, truncated=True)  # the text ends inside this part
            found.append(table)
    if not found and (hint := _structure_hint(document, "indicator")) is not None:
        problem = _unreadable(hint[1], INDICATOR_NAMES)
        named = frozenset(_header_run(document, hint[0], indicator_role))
        found.append(IndicatorTable(hint[0], {}, {}, (), {}, (problem,), headers=named))
    return tuple(found)


T = TypeVar("T", FundingTable, IndicatorTable)


def _aligned(
    document: Document, grid: Grid, first: int, end: int, roles: dict[int, str], kind: str, stop: re.Pattern[str]
) -> Alignment:
    """Rows of a text export placed under their headers (``table_align``); a grid's rows as they are."""
    if not is_text(document):
        return Alignment([list(row) for row in grid], (), ())
    return align_rows(grid, first, end, roles, kind, stop)


def _with(table: T, placed: Alignment) -> T:
    if not placed.notes and not placed.problems:
        return table
    problems = tuple(dict.fromkeys(table.problems + placed.problems))
    return replace(table, problems=problems, assumed=table.assumed + placed.notes)


def _read_funding(
    document: Document, block: Block, grid: Grid, row: int, depth: int, roles: dict[int, str], end: int
) -> FundingTable:
    columns, problems = first_columns(roles)
    header = header_cells(grid, row, depth)
    unit, stated, unit_problem = _unit(document, block, grid, row, depth)
    if unit_problem:
        problems.append(unit_problem)
    labels = range(min(columns.values()))
    if not labels:
        problems.append("未找到行标题列（年度资金总额、其中各项）")
    total: FundingRow | None = None
    parts: list[FundingRow] = []
    reasons: list[str] = []
    if "reason" in columns:
        reasons += [
            v.text.strip()
            for r in range(row + depth, end)
            if (v := cell_value(grid, r, columns["reason"], header)) is not None and not v.blank
        ]
    for r in range(row + depth, end):
        if spans_whole_row(grid, r):
            break
        label = row_label(grid, r, labels, header)
        if _FUNDING_END.search(label):
            break
        values = row_values(grid, r, columns, header, problems)
        money = [values[role] for role in MONEY_ROLES if role in values]
        if all(v.blank for v in money):
            if _REASON_LABEL.search(label):
                reasons += [c.text.strip() for c in other_cells(grid, r, labels, header) if c.text.strip()]
                continue
            if not label or _SUB.sub("", label) == "":
                continue
        name = _SUB.sub("", label).rstrip("：:")
        if total is None and not parts and _TOTAL.search(name):
            total = FundingRow(name, "total", values, r)
        else:
            parts.append(FundingRow(name, "part", values, r))
    if total is None:
        problems.append("未找到“年度资金总额”行")
    elif "weight" not in columns and (points := _header_points(grid, row, depth, labels, header)) is not None:
        total = FundingRow(total.label, total.role, {**total.cells, "weight": points}, total.row)
    if "executed" not in columns:
        problems.append(f"未找到“{FUNDING_NAMES['executed']}”列")
    if "full_year_budget" not in columns and "initial_budget" not in columns:
        problems.append("未找到“全年预算数”或“年初预算数”列")
    return FundingTable(
        block=block.index,
        unit=unit,
        columns=columns,
        total=total,
        parts=tuple(parts),
        reason_text="；".join(dict.fromkeys(reasons)),
        problems=tuple(dict.fromkeys(problems)),
        unit_stated=stated,
    )


_HEADER_POINTS = lazy_re(r"[（(](\d+(?:\.\d+)?)分[）)]")


def _header_points(grid: Grid, row: int, depth: int, labels: range, header: set[int]) -> CellValue | None:
    """The points a form prints in the part's heading instead of a 分值 column: "预算执行情况（万元）（20分）"."""
    for r in range(row, row + depth):
        for column in labels:
            cell = grid[r][column] if column < len(grid[r]) else None
            found = _HEADER_POINTS.search(compact(cell.text)) if cell is not None else None
            if cell is not None and found is not None:
                return parse_cell(found.group(1), r, column)
    return None


def _unit(document: Document, block: Block, grid: Grid, row: int, depth: int) -> tuple[str, bool, str]:
    """The money unit from the header, the rows above it, or a caption just before the table."""
    texts = [cell.text for r in range(0, row + depth) for cell in grid[r] if cell is not None]
    texts += [b.text for b in document.blocks[max(0, block.index - _CAPTION_BLOCKS) : block.index]]
    units = list(dict.fromkeys(u for text in texts if (u := unit_in(text))))
    if not units:
        return "万元", False, ""
    if len(units) > 1:
        return units[0], True, f"表头与表前说明的金额单位不一致（{'、'.join(units)}）"
    return units[0], True, ""


def _unreadable(roles: set[str], names: Mapping[str, str]) -> str:
    """UNREADABLE, naming the headings that were found, so a user can see what the text held."""
    found = "、".join(names[role] for role in names if role in roles)
    return f"{UNREADABLE}（找到的表头：{found}）" if found else UNREADABLE


def _header_run(document: Document, start: int, match: Callable[[str], str | None]) -> set[str]:
    """Every role named by the header words from block ``start`` on, one a line, up to the first block that
    is no header word: the whole heading row, where the hint stops at the first words that make one."""
    roles: set[str] = set()
    for block in document.blocks[start:]:
        if block.kind == "table":
            break
        pieces = [block.text] if block.index > start else [*re.split(r"[\s|｜]+", block.text), block.text]
        named = {role for piece in pieces if (role := match(piece))}
        if not named:
            break
        roles |= named
    return roles


def _structure_hint(document: Document, kind: str) -> tuple[int, set[str]] | None:
    """The first paragraph where header words of ``kind`` sit with no table read from them, and the roles
    those words name."""
    match = funding_role if kind == "funding" else indicator_role
    run: set[str] = set()
    run_start: int | None = None
    for block in document.blocks:
        if block.kind == "table":
            run, run_start = set(), None
            continue
        text = block.text
        if "。" not in text and "，" not in block.norm:
            found = {role for piece in re.split(r"[\s|｜]+", text) if (role := match(piece))}
            if is_header_set(found, kind):
                return block.index, found
        role = match(text)
        if role is None:
            run, run_start = set(), None
            continue
        run.add(role)
        run_start = block.index if run_start is None else run_start
        if is_header_set(run, kind):
            return run_start, run
    return None
