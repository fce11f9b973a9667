"""Shared by the score kinds (``total-score``, ``score-grade``, ``table-weights``): the total score a report
states in its text, and the total its 自评表 adds up to (the 总分 row, else 执行率得分 + every indicator's
得分). Not a kind itself (the leading underscore keeps it out of kind discovery).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from perfcheck.kinds._tables import TRUNCATED, listed, nearest_before, points
from perfcheck.kinds.base import Context
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.tables import CellValue, FundingTable, IndicatorTable


# "自评得分95分", "综合得分为92.5分", "总分：88分", "项目总体评价得65.00分": the report's own statement of
# its total score. Not a sub-score: "决策指标共15分，评价得分10.40分" names an indicator earlier in the
# sentence (seen in the Henan third-party report).
STATED_SCORE = lazy_regex(
    r"(?<!指标[^。；]{0,15})"
    r"(?:自评(?:总)?得分|综合得分|评价得分|总得分|自评总分|总分|最终得分|得分合计|(?:总体|综合|自评)评价得|自评得)"
    r"(?:为|是|：|:|达到|共|计)?\s*(?P<value>\d+(?:\.\d+)?)\s*分"
)


def stated_scores(context: Context, pattern: regex.Pattern[str]) -> list[tuple[int, regex.Match[str]]]:
    """Every total score stated in the text (paragraphs, not tables), as (block, match)."""
    return [
        (block.index, match)
        for block in context.document.blocks
        if block.kind != "table"
        for match in context.finditer(pattern, block.norm)
    ]


def table_total(context: Context) -> tuple[Decimal, str, int] | str | None:
    """The table's total score: the 总分 row, else 执行率得分 + every indicator's 得分.

    Returns (total, arithmetic, block), or why it cannot be had, or None when there is no table at all.
    """
    table = score_table(context)
    if table is None or isinstance(table, str):
        return table
    row = table.total_row.get("score")
    if row is not None and row.value is not None:
        return row.value, f"表中总分为 {row.text}", table.block
    if row is not None and not row.blank:
        return f"表中总分“{row.text}”不是数字"
    summed = score_sum(context, table)
    if isinstance(summed, str):
        return summed
    return summed[0], summed[1], table.block


def score_table(context: Context) -> IndicatorTable | str | None:
    """The indicator table a total score is read from (the first the reader settled), or why there is
    none to read, or None when the report has no table at all."""
    indicator_tables = context.indicator_tables
    if not indicator_tables:
        return None if not context.funding_tables else "未找到绩效指标表，无法算出总分"
    good = [t for t in indicator_tables if not t.problems]
    if not good:
        return f"绩效指标表无法可靠读取（{listed(indicator_tables[0].problems)}）"
    scored = [t for t in good if t.scored]
    return scored[0] if scored else None  # a form without score columns has no total to check


def unread_problems(context: Context) -> list[str]:
    """Every problem of the indicator table a total score would be read from, when none could be read
    (the evidence behind :func:`score_table`'s reason)."""
    tables = context.indicator_tables
    return list(tables[0].problems) if tables and all(t.problems for t in tables) else []


def funding_weights(funding: FundingTable) -> list[tuple[str, CellValue | None, CellValue | None, int]]:
    """The funding table's 分值/得分 rows as (name, weight, score, row): the total row's (预算执行率), or —
    on a form that scores each row (部门整体: 基本支出 10, 项目支出 10) — every row that carries its own."""
    if funding.total is None:
        return []
    total = funding.total.cells
    if any(c is not None and not c.blank for c in (total.get("weight"), total.get("score"))):
        return [("预算执行率", total.get("weight"), total.get("score"), funding.total.row)]
    return [
        (f"{row.label}执行率", row.cells.get("weight"), row.cells.get("score"), row.row)
        for row in funding.parts
        if any(c is not None and not c.blank for c in (row.cells.get("weight"), row.cells.get("score")))
    ] or [("预算执行率", total.get("weight"), total.get("score"), funding.total.row)]


def score_sum(context: Context, table: IndicatorTable) -> tuple[Decimal, str] | str:
    """执行率得分 + every indicator's 得分, as (sum, arithmetic), or why it cannot be added up.

    The 执行率得分 comes from the funding table before the indicators, unless the indicator table scores
    the rate in a row of its own (a third party's 评分表): counting it twice would overstate the sum. A
    table the text ends inside (an excerpt cut mid-row) lost its last rows: its sum is not the table's.
    """
    if table.truncated:
        return TRUNCATED
    funding_tables = [t for t in context.funding_tables if not t.problems]
    scores: list[tuple[str, CellValue]] = []
    own_rate = any("执行率" in i.level2 + i.level3 for i in table.indicators)
    funding = nearest_before(table.block, funding_tables)
    if not own_rate:
        rate_scores = [(name, score) for name, _, score, _ in funding_weights(funding)] if funding else []
        if not rate_scores or any(score is None for _, score in rate_scores):
            return "未找到执行率得分（资金表），无法算出总分"
        scores += [(name + "得分", score) for name, score in rate_scores if score is not None]
    scores += [(i.level3 or i.level2, i.score) for i in table.indicators]
    missing = [name for name, cell in scores if cell.value is None]
    if missing:
        return f"{'、'.join(missing[:5])}的得分未填写或不是数字，无法算出总分"
    total = sum((cell.value for _, cell in scores if cell.value is not None), Decimal(0))
    terms = " + ".join(points(cell.value) for _, cell in scores if cell.value is not None)
    return total, f"表中得分合计 {terms} = {points(total)}"
