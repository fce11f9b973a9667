"""table-weights — the 分值 and 得分 of the indicator table hold together.

Three checks, chosen with ``check``:

- ``score-within-weight``: every indicator's 得分 is at most its 分值 (and, with ``include_funding``, the
  执行率得分 at most the funding table's 分值). One failing finding per row over its weight.
- ``group-sum``: where a 一级指标 states its points ("产出指标（50分）"), the 分值 of its indicators add up
  to them.
- ``total``: all 分值 — the funding table's 执行率 分值 (``include_funding``) and every indicator's — add up
  to ``total`` (100 on the usual form).

The funding table's 分值 is its total row's (预算执行率), or — on a form that scores each row, as the
部门整体 form does (基本支出 10, 项目支出 10) — every row that carries its own; a form that prints the points
in the part's heading ("预算执行情况（万元）（20分）") has them as the total row's 分值. A finding points at
the 得分 cell over its 分值, the 一级指标 cell whose points do not add up, or the 总分 row's 分值.

Weights are assigned points, not rounded measurements, so they are compared exactly unless
``tolerance`` is set. A blank cell is left to the ``table-cells`` rule for ``score-within-weight``; a
weight needed for a sum that is blank or not a number makes that sum ``unresolved``. No indicator table
is ``not-applicable``; one the reader could not settle is ``unresolved``. For ``total`` without a
funding table, a sum short of ``total`` is ``unresolved`` (the 执行率 分值 may be in a table not found).
A table the text ends inside (an excerpt cut mid-row: ``IndicatorTable.truncated``) lost its last rows:
``total`` and the ``group-sum`` of the group it ends in are ``unresolved``; each row is still checked.

Parameters:
  ``check``            ``score-within-weight`` (default), ``group-sum`` or ``total``.
  ``total``            what all weights add up to (default 100).
  ``include_funding``  count the funding table's 执行率 分值 / 得分 too (default true; never when the
                       indicator table has its own 执行率 row).
  ``tolerance``        allowed difference in points (default 0).

Message placeholders: ``{name}`` (the indicator or group), ``{weight}``, ``{score}``, ``{expected}``,
``{arithmetic}`` (``20 + 20 + 10 = 50；一级指标“产出指标”标明 50分；一致``).

Passes (``group-sum``): 产出指标（50分） over indicators of 20, 20 and 10 points. Fails: 20, 20 and 20.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.kinds._table_scores import funding_weights
from perfcheck.kinds._tables import (
    TRUNCATED,
    cell_place,
    hedged,
    nearest_before,
    points,
    readable,
    unreadable,
    usable,
)
from perfcheck.kinds.base import Context, Outcome

if TYPE_CHECKING:
    from perfcheck.facts.tables import CellValue, FundingTable, IndicatorTable

KIND = "table-weights"
SUMMARY_ZH = (
    "检查绩效指标表的分值与得分：check 为 score-within-weight 时得分高于分值为不通过；"
    "为 group-sum 时一级指标标明的分值须等于其下指标分值之和；为 total 时全部分值之和须等于 total（默认100）。"
    "所需分值未填写或不是数字为“无法判定”，没有指标表为“不适用”。参数："
    "include_funding 为是否计入资金表的执行率分值、得分，tolerance 为允许差额（默认0，须严格相等）。"
)
VARIABLES = ("name", "weight", "score", "expected", "arithmetic")


class Params(Struct, frozen=True):
    check: Literal["score-within-weight", "group-sum", "total"] = "score-within-weight"
    total: Decimal = Decimal(100)
    include_funding: bool = True
    tolerance: Decimal = Decimal(0)


def check(context: Context, params: Params) -> Iterator[Outcome]:
    needs = ("weight", "score") if params.check == "score-within-weight" else ("weight",)
    tables, said = usable(context, context.indicator_tables, "绩效指标表", needs)
    yield from said
    funding_tables = [t for t in context.funding_tables if not t.problems]
    for table in tables:
        funding = nearest_before(table.block, funding_tables) if params.include_funding else None
        own_rate = any("执行率" in i.level2 + i.level3 for i in table.indicators)
        if own_rate:
            funding = None  # the 执行率 is a row of this table: counting the funding table too would double it
        if params.check == "score-within-weight":
            yield from hedged(table, _scores(context, table, funding))
        elif params.check == "group-sum":
            yield from hedged(table, _groups(context, params, table))
        else:
            total = _total(context, params, table, funding, elsewhere=params.include_funding and not own_rate)
            yield from hedged(table, [total])


def _scores(context: Context, table: IndicatorTable, funding: FundingTable | None) -> Iterator[Outcome]:
    score_column = table.columns.get("score")
    rows: list[tuple[str, CellValue | None, CellValue | None, int, int, int | None]] = [
        (i.level3 or i.level2, i.weight, i.score, table.block, i.row, score_column) for i in table.indicators
    ]
    if funding is not None:
        rows[:0] = [
            (name, weight, score, funding.block, row, funding.columns.get("score"))
            for name, weight, score, row in funding_weights(funding)
        ]
    checked = 0
    for name, weight, score, block, row, column in rows:
        # The place is made only for a row that is reported: a passing row is counted, not pointed at.
        if unreadable(weight) or unreadable(score):
            detail = f"“{name}”的分值或得分不是数字，无法核对"
            yield Outcome("unresolved", detail, cell_place(context, block, row, column))
            continue
        if not (readable(weight) and readable(score)):
            continue
        assert weight is not None and score is not None and weight.value is not None and score.value is not None
        checked += 1
        if score.value > weight.value:
            detail = f"“{name}”得分 {score.text} 高于其分值 {weight.text}"
            values = {"name": name, "weight": weight.text, "score": score.text, "expected": weight.text}
            where = cell_place(context, block, row, column)
            yield Outcome("fail", detail, where, {**values, "arithmetic": detail}, values)
    if checked:
        yield Outcome("pass", f"已核对 {checked} 行，得分均不高于分值", cell_place(context, table.block))


def _sum(weights: list[tuple[str, CellValue]]) -> tuple[Decimal, str] | str:
    """The sum of weights and its arithmetic, or the names of the ones that cannot be added."""
    missing = [name for name, cell in weights if not readable(cell)]
    if missing:
        return "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
    total = sum((cell.value for _, cell in weights if cell.value is not None), Decimal(0))
    return total, " + ".join(points(cell.value) for _, cell in weights if cell.value is not None)


def _groups_of(table: IndicatorTable) -> list[str]:
    """Each indicator's 一级指标. A text export leaves the cells under a merged label empty; an empty
    label belongs to the group above it, as the merged cell did."""
    names: list[str] = []
    current = ""
    for indicator in table.indicators:
        current = indicator.level1 or current
        names.append(current)
    return names


def _groups(context: Context, params: Params, table: IndicatorTable) -> Iterator[Outcome]:
    if not table.groups:
        yield Outcome("not-applicable", "一级指标未标明分值", cell_place(context, table.block))
        return
    names = _groups_of(table)
    for group, stated in table.groups.items():
        members = [i for i, name in zip(table.indicators, names, strict=True) if name == group]
        # The 一级指标 cell states the points: the finding is about it.
        where = cell_place(context, table.block, members[0].row if members else None, table.columns.get("level1"))
        if not members:
            yield Outcome("unresolved", f"一级指标“{group}”标明 {points(stated)}分，但未找到其下的指标行", where)
            continue
        if table.truncated and names and names[-1] == group:
            # the text ends inside this group: its last rows are not in the text
            yield Outcome("unresolved", f"一级指标“{group}”：{TRUNCATED}", where)
            continue
        added = _sum([(i.level3 or i.level2, i.weight) for i in members])
        if isinstance(added, str):
            yield Outcome("unresolved", f"一级指标“{group}”下 {added} 的分值未填写或不是数字，无法核对", where)
            continue
        value, terms = added
        arithmetic = f"{terms} = {points(value)}；一级指标“{group}”标明 {points(stated)}分"
        values = {"name": group, "weight": points(value), "score": "", "expected": points(stated)}
        if abs(value - stated) <= params.tolerance:
            yield Outcome("pass", arithmetic + "；一致", where, {**values, "arithmetic": arithmetic}, values)
        else:
            arithmetic += f"；相差 {points(value - stated)}"
            yield Outcome("fail", arithmetic, where, {**values, "arithmetic": arithmetic}, values)


def _total(
    context: Context, params: Params, table: IndicatorTable, funding: FundingTable | None, *, elsewhere: bool
) -> Outcome:
    weights = [(i.level3 or i.level2, i.weight) for i in table.indicators]
    if funding is not None:
        weights[:0] = [(name, weight) for name, weight, _, _ in funding_weights(funding) if weight is not None]
    total_weight = table.total_row.get("weight")
    if total_weight is not None and not total_weight.blank:
        where = cell_place(context, table.block, total_weight.row, total_weight.column)
    else:
        where = cell_place(context, table.block)
    if table.truncated:
        return Outcome("unresolved", f"绩效指标{TRUNCATED}（文本在表格中途结束，后面的指标行不在文中）", where)
    added = _sum(weights)
    if isinstance(added, str):
        return Outcome("unresolved", f"{added} 的分值未填写或不是数字，无法核对分值合计", where)
    value, terms = added
    arithmetic = f"{terms} = {points(value)}；应为 {points(params.total)}"
    values = {"name": "全部指标", "weight": points(value), "score": "", "expected": points(params.total)}
    if abs(value - params.total) <= params.tolerance:
        return Outcome("pass", arithmetic + "；一致", where, {**values, "arithmetic": arithmetic}, values)
    if elsewhere and funding is None and value < params.total:
        detail = f"{arithmetic}；未找到资金表，执行率的分值可能在其中，无法判断"
        return Outcome("unresolved", detail, where, values)
    arithmetic += f"；相差 {points(value - params.total)}"
    return Outcome("fail", arithmetic, where, {**values, "arithmetic": arithmetic}, values)
