"""table-cells — the indicator table is filled in, not left as the blank form.

Two checks, chosen with ``check``:

- ``required``: in every indicator row, the cells of ``roles`` (default 得分 and 实际完成值) are filled.
  A placeholder row (see below) is left to the ``placeholder`` check, so one mistake is reported once.
- ``placeholder``: rows the blank form ships with — a 三级指标 named like ``指标1`` / ``指标2`` / ``……``
  (``placeholder``) with its target, actual value, weight and score empty — and printed instructions
  left in an answer cell ("（200字以内）", "请填写…", ``instruction``) of any table below its first
  (header) row — the form's 年度总体目标 part (预期目标 / 实际完成情况) included, which is where they are
  most often left.

A form without score columns (the 转移支付 form) is checked for the cells it has (实际完成值); one that
scores but lacks a score column ``roles`` names is unresolved. A row is a placeholder by what it holds,
not by its label: "指标1" with its target, value and score filled is an indicator like any other. A
failing finding points at the empty cell, or at the 三级指标 cell of a placeholder row.

One failing finding per row (per cell for an instruction); a pass saying what was looked at. For
``required``, no indicator table is ``not-applicable``; for ``placeholder``, no self-evaluation table
(funding or indicator) at all. A table the reader could not settle is ``unresolved``.

Parameters:
  ``check``        ``required`` (default) or ``placeholder``.
  ``roles``        for ``required``: among ``score``, ``actual``, ``target``, ``weight`` (default score, actual).
  ``placeholder``  regular expression for a placeholder indicator name.
  ``instruction``  regular expression for a printed instruction in an answer cell.

Message placeholders: ``{name}`` (the indicator, or the table part), ``{cells}`` (the empty cells, or the
instruction found).

Passes: every indicator row has 实际完成值 and 得分. Fails: a row whose 得分 is empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.facts.table_align import is_text
from perfcheck.kinds._tables import (
    ROLE_NAMES,
    SCORE_ROLES,
    answered,
    cell_place,
    heading_above,
    headings,
    hedged,
    usable,
)
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Cell

if TYPE_CHECKING:
    import regex

    from perfcheck.facts.tables import Indicator, IndicatorTable

KIND = "table-cells"
SUMMARY_ZH = (
    "检查绩效指标表是否已填写。check 为 required 时，指标行中 roles 所列单元格（默认得分、"
    "实际完成值）均已填写为通过，未填写为不通过；为 placeholder 时，空白表格自带的占位行（如“指标1”，"
    "由 placeholder 正则识别）和答题格中残留的填表说明（如“（200字以内）”，由 instruction 正则识别）为不通过。"
    "没有相应表格为“不适用”，表格无法读清为“无法判定”。"
)
VARIABLES = ("name", "cells")
CellRole = Literal["score", "actual", "target", "weight"]
_PLACEHOLDER = lazy_regex(r"^\s*(?:指标\s*[0-9一二三四五六七八九十]+|[…\.。·]{2,}|X+|×+|某某)\s*$")
_INSTRUCTION = lazy_regex(
    r"[（(]\s*(?:限|不超过|不少于)?\s*\d+\s*字(?:以内|以下|左右)?\s*[）)]"
    r"|请(?:在此|根据|按照|如实)?(?:填写|填报|说明|列明|描述)|此处(?:填写|填报|输入)|填写说明|填表说明"
)


class Params(Struct, frozen=True):
    check: Literal["required", "placeholder"] = "required"
    roles: tuple[CellRole, ...] = ("score", "actual")
    placeholder: Pattern = _PLACEHOLDER
    instruction: Pattern = _INSTRUCTION


def check(context: Context, params: Params) -> Iterator[Outcome]:
    # A form without score columns (转移支付) is checked for the cells it has; one that scores but lacks a
    # score column the rule needs is unresolved (see ``_required``).
    needs = [role for role in params.roles if role not in SCORE_ROLES] if params.check == "required" else []
    tables, said = usable(context, context.indicator_tables, "绩效指标表", needs)
    if params.check == "required":
        yield from said
        for table in tables:
            missing = [role for role in params.roles if role in SCORE_ROLES and role not in table.columns]
            if missing and table.scored:
                names = "”“".join(ROLE_NAMES[role] for role in missing)
                detail = f"绩效指标表中没有“{names}”列{headings(table, params.roles)}，未核对"
                yield Outcome("unresolved", detail, cell_place(context, table.block))
                continue
            yield from hedged(table, _required(context, params, table))
        return
    if not context.indicator_tables and not context.funding_tables:
        yield from said  # not-applicable: no self-evaluation table at all
        return
    yield from (outcome for outcome in said if outcome.status != "not-applicable")
    found = 0
    for table in tables:
        for outcome in hedged(table, _placeholders(context, params, table)):
            found += 1
            yield outcome
    for outcome in _instructions(context, params):
        found += 1
        yield outcome
    if not found and (tables or any(not t.problems for t in context.funding_tables)):
        yield Outcome("pass", "自评表中未见占位行或填表说明")


def _name(indicator: Indicator) -> str:
    return indicator.level3 or indicator.level2 or indicator.level1 or f"第{indicator.row + 1}行"


def is_placeholder(indicator: Indicator, params: Params) -> bool:
    """A row the blank form ships with: a placeholder name and nothing filled in."""
    empty = all(c.blank for c in (indicator.target, indicator.actual, indicator.weight, indicator.score))
    name = indicator.level3.strip()
    return empty and (not name or params.placeholder.search(name) is not None)


def _required(context: Context, params: Params, table: IndicatorTable) -> Iterator[Outcome]:
    looked = 0
    for indicator in table.indicators:
        if is_placeholder(indicator, params):
            continue
        looked += 1
        cells = {
            "score": indicator.score,
            "actual": indicator.actual,
            "target": indicator.target,
            "weight": indicator.weight,
        }
        # A dash or 无 in a required cell is as empty as nothing: the form asks for a value there.
        empty = [role for role in params.roles if role in table.columns and cells[role].blank]
        if empty:
            name = _name(indicator)
            values = {"name": name, "cells": "、".join(ROLE_NAMES[role] for role in empty)}
            detail = f"“{name}”的{values['cells']}未填写"
            where = cell_place(context, table.block, indicator.row, table.columns[empty[0]])
            yield Outcome("fail", detail, where, values, values)
    if looked:
        yield Outcome("pass", f"已核对 {looked} 行指标的必填单元格", cell_place(context, table.block))
    else:
        yield Outcome("not-applicable", "指标表没有已填写的指标行", cell_place(context, table.block))


def _placeholders(context: Context, params: Params, table: IndicatorTable) -> Iterator[Outcome]:
    detail = "“{}”是空白表格自带的占位行，未填写也未删除"
    values = {"cells": "目标值、完成值、分值、得分均为空"}
    for indicator in table.indicators:
        if is_placeholder(indicator, params):
            name = _name(indicator)
            where = cell_place(context, table.block, indicator.row, table.columns.get("level3"))
            yield Outcome("fail", detail.format(name), where, {**values, "name": name}, {**values, "name": name})
    for row, name in _blank_placeholder_rows(context, params, table):
        where = cell_place(context, table.block, row, table.columns.get("level3"))
        yield Outcome("fail", detail.format(name), where, {**values, "name": name}, {**values, "name": name})


def _blank_placeholder_rows(context: Context, params: Params, table: IndicatorTable) -> Iterator[tuple[int, str]]:
    """Placeholder rows the table reader dropped as empty: "……" reads as a blank mark, so the row has
    no indicator; the raw grid still shows it."""
    column = table.columns.get("level3")
    block = context.document.blocks[table.block]
    if column is None or block.table is None:
        return
    known = {indicator.row for indicator in table.indicators}
    answers = [table.columns[r] for r in ("target", "actual", "weight", "score") if r in table.columns]
    first = min(known, default=0)
    for row, cells in enumerate(context.grid(table.block)):
        if row < first or row in known or column >= len(cells):
            continue
        name_cell = cells[column]
        name = name_cell.text.strip() if name_cell is not None else ""
        if not name or params.placeholder.search(name) is None:
            continue
        if all(c >= len(cells) or cells[c] is None or not answered_cell(cells[c]) for c in answers):
            yield row, name


def answered_cell(cell: Cell | None) -> bool:
    return cell is not None and answered(cell.text)


def _instructions(context: Context, params: Params) -> Iterator[Outcome]:
    """Printed instructions in any answer cell of the document's tables: the 年度总体目标 part of the form
    (预期目标 / 实际完成情况) is a table of its own that neither the funding nor the indicator reader
    keeps, and its answer cells are where "（200字以内）" is most often left. The first row holds the
    headers, which may print the instruction legitimately."""
    # A form's labels and printed texts repeat from sheet to sheet and row to row: each text is searched once.
    searched: dict[str, regex.Match[str] | None] = {}
    for block in context.document.blocks:
        if block.table is None:
            continue
        grid = context.grid(block.index)
        for row, cells in enumerate(block.table.rows):
            if row == 0:
                continue
            for cell in cells:
                if cell.norm not in searched:
                    searched[cell.norm] = context.search(params.instruction, cell.norm)
                match = searched[cell.norm]
                if match is None:
                    continue
                # The nearest heading above the cell names it (the form's first row is often its title); in
                # a text table the cells stand where the text left them, so the row's label names it.
                heading = heading_above(grid, row, cell.column)[0] if not is_text(context.document) else ""
                if not heading and is_text(context.document) and cells and cells[0] is not cell:
                    heading = cells[0].text.strip()[:20]
                header = grid[0][cell.column] if cell.column < len(grid[0]) else None
                first = header.text.strip() if header is not None and header is not cell else ""
                name = heading or first or f"第{row + 1}行"
                values = {"name": name, "cells": match.group(0)}
                detail = f"“{name}”栏仍留有填表说明“{match.group(0)}”"
                where = cell_place(context, block.index, row, cell.column)
                yield Outcome("fail", detail, where, values, values)
