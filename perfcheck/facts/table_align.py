"""Rows of a text export whose merged cells were lost, placed under their headers by what they carry.

A web page or a text export of a 自评表 drops the cells a merge covered: the vertical "预算执行情况（10分）"
or "绩效指标" label, the 一级/二级指标 of every row after the first of a group, a 原因 cell merged down
the funding rows. The row's remaining cells then sit left of their columns ("1、水稻侧深施肥 | ≧500亩 |
500亩 | 5.0 |" under a header that starts with 年度绩效目标 | 一级指标 | 二级指标 | 三级指标). Reading such a
row against the header's column positions reports a filled row as blank, or a target as a name.

So, in a text document, every row of a part is placed by shifting it right until it fits: its first
cell lands among the label columns, every cell in a label column is a name (not a figure), every cell
in a figure column (预算数, 执行数, 执行率) is a figure or a blank mark, a cell under 分值, 权重 or 得分
holds points (a bare number, or a share under 权重; never an amount such as 150万) or a blank mark, a cell under
指标性质 is an operator (=, ≥, ≤, ＞, ＜, 定性 …), a cell under 度量单位 a short unit. A row that fits at
its written position is read as written. A row that fits at exactly one other shift is placed there, and
the reading is *uncertain* (what was assumed is said in ``notes``); the positions it lost on the left
repeat the cells above them, as the merged cell did. A row with content that fits nowhere, or at more
than one shift, cannot be placed: that is a problem of the table (its rules say unresolved), never a
blank cell. A row with no figure or answer at all (a group label, a template row) is read as written.

Word, Excel and ruled PDF tables keep their grid and are never shifted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from msgspec import Struct

from perfcheck.documents.xlsx_markers import excel_error
from perfcheck.facts.table_model import compact, parse_cell
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Cell, Document

TEXT_FORMATS = frozenset({"txt", "md"})
_FIGURE_ROLES = frozenset({"initial_budget", "full_year_budget", "executed", "weight", "rate", "score"})
_LABEL_ROLES = frozenset({"level1", "level2", "level3"})
_NATURE = lazy_re(r"^(?:[=＝≥≤＞＜><≧≦═]|>=|<=|定性|定量|正向|反向|大于等于|小于等于|等于|大于|小于)?$")
_MAX_UNIT_CHARS = 6
# A 分值 or 得分 cell holds points: a bare number (or one ending in 分), never an amount (150万) or a
# target (≥95); a 权重 may be written as a share (10%). A row that would put anything else there does not fit.
_POINTS_ROLES = frozenset({"weight", "score"})
_POINTS_CELL = lazy_re(r"^\d+(?:\.\d+)?分?$")
_WEIGHT_SHARE = lazy_re(r"^\d+(?:\.\d+)?%$")
# The standard 指标 names (财预〔2020〕10号 附件): a 一级 name never sits in the 二级 column and the
# other way round, and neither is a 三级指标, a target or an answer.
_POINTS = lazy_re(r"[（(]\d+(?:\.\d+)?分[）)]$")
_LEVEL1_ONLY = lazy_re(r"^(?:产出|效益|满意度)指标$")
_LEVEL2_ONLY = lazy_re(r"^(?:数量|质量|时效|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)指标$")


class Alignment(Struct, frozen=True):
    """A part's rows as placed: the grid to read, and what placing them assumed or could not settle."""

    grid: list[list[Cell | None]]
    notes: tuple[str, ...]
    problems: tuple[str, ...]


def is_text(document: Document) -> bool:
    return document.format in TEXT_FORMATS


def align_rows(
    grid: Sequence[Sequence[Cell | None]],
    first: int,
    end: int,
    roles: Mapping[int, str],
    kind: str,
    stop: re.Pattern[str],
) -> Alignment:
    """Place rows ``first`` … ``end - 1`` under the header whose column → role map is ``roles``, up to the
    first row whose label matches ``stop`` (the part ends there: 年度总体目标 after the funding rows). An
    indicator part's closing 总分/合计 row is placed too; where it cannot be, only its label is kept, so
    no figure of it is read from a wrong column."""
    aligned = [list(row) for row in grid]
    notes: list[str] = []
    moved: list[str] = []
    problems: list[str] = []
    if not roles:
        return Alignment(aligned, (), ())
    label_end = _label_end(roles, kind)
    n_labels = max(1, sum(1 for role in roles.values() if role in _LABEL_ROLES))
    # The right edge: the header's last heading (a 得分计算方法 or 原因 column may follow the last role).
    heading = grid[first - 1] if first > 0 else []
    written = [c for c, cell in enumerate(heading) if cell is not None and compact(cell.text)]
    last_role = max([max(roles), *written[-1:]])
    width = max((len(row) for row in aligned[first:end]), default=0)
    for r in range(first, end):
        cells = aligned[r]
        texts = [(_text(cells, c)) for c in range(len(cells))]
        filled = [c for c, text in enumerate(texts) if text]
        if not filled or _spans_whole_row(cells):
            aligned[r] = _padded(cells, r, width)
            continue
        closing = bool(stop.search(texts[filled[0]]))
        if closing and kind == "funding":
            break
        if not any(_is_figure(texts[c]) for c in filled) and len(filled) <= n_labels:
            aligned[r] = _padded(cells, r, width)
            continue  # a group label or a template row: nothing to place, read as written
        if filled[-1] >= last_role:
            if closing:
                break
            continue  # reaches the last column: nothing was lost, read as written
        fits = [s for s in range(0, last_role - filled[-1] + 1) if _fits(texts, filled, s, roles, label_end)]
        if kind == "funding" and not closing:
            # A funding row's label sits in the column just left of the figures (under 资金来源 / 年度预算数).
            fits = [s for s in fits if filled[0] + s == label_end - 1]
        # A row that starts with an empty cell, or has one among its labels, kept the positions of its
        # merged cells (a Markdown table written from the grid): it is read as written when it fits there.
        kept = filled[0] > 0 or any(not texts[c] for c in range(filled[0], min(label_end, filled[-1])))
        if fits == [0] or (kept and fits[:1] == [0]):
            # A row that fits only where it is written but stops short keeps its missing cells missing:
            # which of its cells were lost is not known, and the reader reports it as a problem.
            if closing:
                break
            continue  # fits where it is written
        if len(fits) != 1:
            label = texts[filled[0]][:12]
            if closing:
                aligned[r] = [cells[filled[0]], *(_empty(r, c) for c in range(1, len(cells)))]
                notes.append(f"第{r + 1}行（{label}）的数字不读")
                break
            problems.append(f"第{r + 1}行（{label}）的单元格无法确定对应表头的哪一列（文本中合并单元格已丢失）")
            aligned[r] = _padded(cells, r, width)
            continue
        aligned[r] = _shifted(aligned, r, fits[0], width, label_end, closing)
        moved.append(f"第{r + 1}行")
        if closing:
            break
    if moved:
        shown = "、".join(moved[:5]) + ("等" if len(moved) > 5 else "")
        notes.insert(0, f"{shown}的单元格从右对齐放入表头各列")
    return Alignment(aligned, tuple(notes), tuple(problems))


def _padded(cells: Sequence[Cell | None], row: int, width: int) -> list[Cell | None]:
    """A text row's missing positions as empty cells: nothing was written there."""
    return [cells[c] if c < len(cells) and cells[c] is not None else _empty(row, c) for c in range(width)]


def _empty(row: int, column: int) -> Cell:
    from perfcheck.documents.assemble import make_cell

    return make_cell("", row, column)


def _text(cells: Sequence[Cell | None], column: int) -> str:
    cell = cells[column] if column < len(cells) else None
    return compact(cell.text) if cell is not None else ""


def _spans_whole_row(cells: Sequence[Cell | None]) -> bool:
    return len(cells) > 1 and all(cell is not None and cell is cells[0] for cell in cells)


def _label_end(roles: Mapping[int, str], kind: str) -> int:
    """The first column past the row labels: the first role column for funding, past 三级指标 for indicators."""
    if kind == "indicator":
        levels = [c for c, role in roles.items() if role in _LABEL_ROLES]
        if levels:
            return max(levels) + 1
    return min(roles)


def _is_figure(text: str) -> bool:
    return parse_cell(text).value is not None


def _fits(texts: Sequence[str], filled: Sequence[int], shift: int, roles: Mapping[int, str], label_end: int) -> bool:
    if filled[0] + shift >= label_end:
        return False  # a value row carries its label
    for c in filled:
        text, at = texts[c], c + shift
        role = roles.get(at)
        name = _POINTS.sub("", text)
        if (_LEVEL1_ONLY.match(name) and role not in (None, "level1")) or (
            _LEVEL2_ONLY.match(name) and role not in (None, "level2")
        ):
            return False
        if at < label_end and role not in ("nature",):
            if _is_figure(text) or excel_error(text):
                return False
            continue
        if not _fits_role(role, text):
            return False
    return True


def _fits_role(role: str | None, text: str) -> bool:
    """Whether a cell's text can stand under a value column of this role."""
    # An Excel error value (#DIV/0!) stands where a formula's figure should: it belongs to a figure column.
    if role in _FIGURE_ROLES and excel_error(text) is not None:
        return True
    if role in _POINTS_ROLES:
        share = role == "weight" and bool(_WEIGHT_SHARE.match(text))
        return parse_cell(text).blank or bool(_POINTS_CELL.match(text)) or share
    if role in _FIGURE_ROLES:
        cell = parse_cell(text)
        return cell.value is not None or cell.blank
    if role == "nature":
        return bool(_NATURE.match(text))
    if role == "unit":
        return not _is_figure(text) and len(text) <= _MAX_UNIT_CHARS
    return True


def _shifted(
    grid: list[list[Cell | None]], row: int, shift: int, width: int, label_end: int, closing: bool
) -> list[Cell | None]:
    """The row moved ``shift`` columns right; a label position it lost repeats the cell above (as the merge
    did) — or, on a closing 总分/合计 row, its own label, which spans the label columns — and a position
    past its end is empty."""
    cells = grid[row]
    moved: list[Cell | None] = [None] * width
    for c in range(width):
        source = c - shift
        if 0 <= source < len(cells) and cells[source] is not None:
            moved[c] = cells[source]
        elif c < shift and closing:
            moved[c] = cells[0]
        elif c < label_end and row > 0 and c < len(grid[row - 1]):
            moved[c] = grid[row - 1][c]
        else:
            moved[c] = _empty(row, c)
    return moved
