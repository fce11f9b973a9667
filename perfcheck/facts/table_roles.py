"""Header cells to column roles, and where in a grid a header row sits.

A header cell is matched on its compact text (normalised, white space removed, so "全年执\\n行数" is
"全年执行数") against the synonyms below, in order: ``得分`` is tried first (``执行率得分`` is a score)
and ``执行率`` before ``执行数``. A long cell is an instruction or an answer, never a header.

Two-row headers ("预算数" over "年初" and "全年", or "预算执行情况" over three columns): a column's role is
read from its lower cell, then from the two cells joined either way round, and from the upper cell only
when that cell covers this column alone (a group label spanning three columns names none of them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from perfcheck.facts.table_model import MEMO_CHARS, compact, is_number, remember
from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Cell, Table

if TYPE_CHECKING:
    import regex

Grid = Sequence[Sequence[Cell | None]]

# A column letter or formula after a heading ("年初预算数（A）", "执行率（B/A）", "得分（20分*执行率）") is
# the form's own cross-reference, not part of the name: it is cut before matching (see ``_match``).
# (``regex`` patterns compiled on first use, which the pack cache keeps compiled between runs.)
_FUNDING_SYNONYMS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("score", lazy_regex(r"得分$")),
    ("rate", lazy_regex(r"执行率")),
    # 执行数 before the budgets: "预算执行数" (四川) and "全年预算执行数" are spent money, not a budget.
    ("executed", lazy_regex(r"执行数|实际支出|实际执行|执行金额|支出数")),
    ("initial_budget", lazy_regex(r"年初预算")),
    # "全年预算执行" (a label for the execution) is not a budget heading; a bare "预算数（A）" is, but
    # 四川's "年度预算数（万元）" heads the row labels (总额, 其中：财政资金), not figures.
    ("full_year_budget", lazy_regex(r"全年预算(?!执行)|调整后?(?:的)?预算|^预算数$")),
    ("weight", lazy_regex(r"分值|权重")),
    ("reason", lazy_regex(r"原因|说明")),
)
_INDICATOR_SYNONYMS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("level1", lazy_regex(r"^一级指标")),
    ("level2", lazy_regex(r"^二级指标")),
    ("level3", lazy_regex(r"^三级指标")),
    ("nature", lazy_regex(r"指标性质")),
    ("actual", lazy_regex(r"完成值|实际值|实际完成|完成情况$")),
    ("target", lazy_regex(r"指标值|目标值|^预期目标$")),
    ("unit", lazy_regex(r"^(?:度量|计量)?单位$")),
    ("weight", lazy_regex(r"^(?:分值|权重)")),
    ("score", lazy_regex(r"^得分$")),
    ("reason", lazy_regex(r"原因|改进措施")),
)
FUNDING_NAMES: Mapping[str, str] = {
    "initial_budget": "年初预算数",
    "full_year_budget": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "score": "得分",
    "reason": "原因",
}
INDICATOR_NAMES: Mapping[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "nature": "指标性质",
    "target": "年度指标值",
    "unit": "度量单位",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "reason": "偏差原因分析",
}
MONEY_ROLES = ("initial_budget", "full_year_budget", "executed")
_MAX_HEADER_CHARS = 20
# ``regex``: a heading's text is read once (behind a cache), and the pack cache keeps these compiled.
_UNIT_IN_HEADER = lazy_regex(r"[（(](?:单位[：:])?(万元|亿元|千元|元)[）)]")
# "（A）", "(B/A)", "（10分）", "（20分*执行率）", "（%）": a cross-reference, points or a formula after a heading.
_HEADING_NOTE = lazy_regex(r"[（(](?:[A-Z](?:[/÷][A-Z])?|\d+(?:\.\d+)?分[^）)]*|%|[A-Z]×\d+%?)[）)]$")
_UNIT_CAPTION = lazy_regex(r"单位[：:]\s*(万元|亿元|千元|元)")


def funding_role(text: str) -> str | None:
    return _funding_short(text) if len(text) <= MEMO_CHARS else _match(_FUNDING_SYNONYMS, text)


def indicator_role(text: str) -> str | None:
    return _indicator_short(text) if len(text) <= MEMO_CHARS else _match(_INDICATOR_SYNONYMS, text)


def _match(synonyms: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str | None:
    squeezed = _heading_short(text) if len(text) <= MEMO_CHARS else _heading(text)
    if squeezed is None:
        return None
    for role, pattern in synonyms:
        if pattern.search(squeezed):
            return role
    return None


def _heading(text: str) -> str | None:
    """The text as a heading is matched (compact, the form's notes after it cut); None if it cannot be one."""
    squeezed = _UNIT_IN_HEADER.sub("", compact(text))
    while (trimmed := _HEADING_NOTE.sub("", squeezed)) != squeezed:
        squeezed = trimmed
    if not squeezed or len(squeezed) > _MAX_HEADER_CHARS or is_number(squeezed):
        return None
    return squeezed


# Every header search and every cell's heading lookup matches the same heading texts: a short text's role
# is looked up once (bounded; what a text matches depends on the text alone). One cache per kind, keyed
# by the text alone: a key holding the synonym table too was hashed, all 14 members, on every lookup;
# and the heading form of a text, which both kinds match, is made once for both.
_heading_short = remember(_heading)


@remember
def _funding_short(text: str) -> str | None:
    return _match(_FUNDING_SYNONYMS, text)


@remember
def _indicator_short(text: str) -> str | None:
    return _match(_INDICATOR_SYNONYMS, text)


def unit_in(text: str) -> str | None:
    """The money unit a header cell or a caption states: "项目资金（万元）", "单位：万元"."""
    squeezed = compact(text)
    found = _UNIT_IN_HEADER.search(squeezed) or _UNIT_CAPTION.search(squeezed)
    return found.group(1) if found else None


class HeaderCells:
    """What a header search reads of a grid's rows, read once for both kinds' searches (``find_headers``):
    the cells a row shows (a merged cell once, at its first column), the (upper, lower) cell pairs of a
    two-row header starting there, and whether a row holds a figure. None of it depends on the kind."""

    __slots__ = ("_figures", "_pairs", "_single", "grid")

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self._single: dict[int, list[tuple[int, str]]] = {}
        self._pairs: dict[int, list[tuple[int, Cell | None, Cell | None]]] = {}
        self._figures: dict[int, bool] = {}

    def single(self, row: int) -> list[tuple[int, str]]:
        """(column, text) of each cell of the row, read at its first column."""
        found = self._single.get(row)
        if found is None:
            found = self._single[row] = []
            read: set[int] = set()
            for column, cell in enumerate(self.grid[row]):
                if cell is None or id(cell) in read:
                    continue
                read.add(id(cell))
                found.append((column, cell.text))
        return found

    def pairs(self, row: int) -> list[tuple[int, Cell | None, Cell | None]]:
        """(column, upper, lower) of each column of a two-row header at ``row``; a merged header cell
        spanning several columns is one column, not several."""
        found = self._pairs.get(row)
        if found is None:
            found = self._pairs[row] = []
            seen: set[tuple[int, int]] = set()
            upper_row, lower_row = self.grid[row], self.grid[row + 1]
            for column in range(len(upper_row)):
                upper, lower = upper_row[column], lower_row[column]
                if (id(upper), id(lower)) in seen or (
                    lower is not None and lower.col_span > 1 and (0, id(lower)) in seen
                ):
                    continue  # the same merged header cell as the column before: one column, not two
                seen.add((id(upper), id(lower)))
                seen.add((0, id(lower)))
                found.append((column, upper, lower))
        return found

    def has_figure(self, row: int) -> bool:
        """Whether a row holds a figure in any column (a header row holds none)."""
        found = self._figures.get(row)
        if found is None:
            found = self._figures[row] = any(cell is not None and is_number(cell.text) for cell in self.grid[row])
        return found


def header_roles(cells: HeaderCells, row: int, depth: int, kind: str) -> dict[int, str]:
    """Column → role for a header of ``depth`` rows (1 or 2) starting at ``row``."""
    match = funding_role if kind == "funding" else indicator_role
    roles: dict[int, str] = {}
    if depth == 1 or row + 1 >= len(cells.grid):
        # One row (the common case, asked of every row): each cell is read at its first column.
        for column, text in cells.single(row):
            if (named := match(text)) is not None:
                roles[column] = named
        return roles
    for column, upper, lower in cells.pairs(row):
        role: str | None
        if upper is None:
            role = match(lower.text) if lower is not None else None
        elif lower is None or lower is upper:
            role = match(upper.text)
        else:
            role = (
                match(lower.text)
                or match(upper.text + lower.text)
                or match(lower.text + upper.text)
                or (match(upper.text) if upper.col_span == 1 else None)
            )
        if role is not None:
            roles[column] = role
    return roles


def cells_text(table: Table) -> str:
    """Every cell's text and normalised text, joined: what :func:`may_hold_header` reads."""
    return "".join(cell.text + cell.norm for row in table.rows for cell in row)


def may_hold_header(text: str, kind: str) -> bool:
    """Whether a table whose cells' texts are ``text`` (all joined) can hold a header of ``kind`` at all.

    Every such header names columns whose headings hold these characters: an indicator header a 一/二/三级
    指标 column (级, 指, 标); a funding header a budget column (…预算…) and a spent one (执行… or 支出…).
    Reading a heading only removes characters, and normalising never makes Chinese ones, so a heading, or
    two cells' texts joined, holds only characters of the cells: a 部门决算 table without 指标 is not
    searched for an indicator header.
    """
    if kind == "indicator":
        return all(ch in text for ch in "级指标")
    spent = ("执" in text and "行" in text) or ("支" in text and "出" in text)
    return spent and "预" in text and "算" in text


def find_headers(grid: Grid, kind: str, cells: HeaderCells | None = None) -> list[tuple[int, int, dict[int, str]]]:
    """Every header of ``kind`` in the grid as (row, depth, column → role). ``cells``: the grid's rows as
    the other kind's search read them (see :class:`HeaderCells`); read here by default."""
    cells = cells if cells is not None else HeaderCells(grid)
    found: list[tuple[int, int, dict[int, str]]] = []
    # Each row's one-row roles are asked for up to three times (as a header, as the row under a two-row
    # header, as the row above one): read once per search.
    single: dict[int, dict[int, str]] = {}

    def one_row(at: int) -> dict[int, str]:
        if at not in single:
            single[at] = header_roles(cells, at, 1, kind)
        return single[at]

    row = 0
    while row < len(grid):
        best: tuple[int, dict[int, str]] | None = None
        for depth in (1, 2):
            if depth == 2 and (row + 1 >= len(grid) or cells.has_figure(row + 1)):
                continue
            roles = one_row(row) if depth == 1 else header_roles(cells, row, depth, kind)
            below = one_row(row + 1) if depth == 2 else {}
            if depth == 2 and _is_header(below, kind) and (len(below) >= len(roles) or not one_row(row)):
                continue  # the header is the next row alone; this row is the form's line above it
            if _is_header(roles, kind) and (best is None or len(roles) > len(best[1])):
                best = (depth, roles)
        if best is None:
            row += 1
            continue
        found.append((row, best[0], best[1]))
        row += best[0]
    return found


def _is_header(roles: Mapping[int, str], kind: str) -> bool:
    return is_header_set(set(roles.values()), kind)


def is_header_set(present: set[str], kind: str) -> bool:
    """Whether these roles, found together, make a header of ``kind`` ("funding" or "indicator")."""
    if kind == "funding":
        # 执行数 beside a budget column: 部门决算 tables have 年初预算数/调整预算数 but 决算数, never 执行数.
        return "executed" in present and bool(present & {"initial_budget", "full_year_budget"})
    levels = present & {"level1", "level2", "level3"}
    return bool(levels) and len(present) >= 3 and bool(present & {"target", "actual", "weight", "score"})
