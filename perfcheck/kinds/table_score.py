"""table-score — the 执行率得分 in the funding table follows from the rate and the row's 分值.

The 项目支出绩效自评表 prints "执行率得分 = 执行率 × 分值" (``mode: proportional``, the default): 95% of
10 points is 9.5. A rate above 100% scores the full 分值 (``cap: true``). Some provinces score by bands
instead (``mode: bands``: 执行率 ≥ 90% all points, ≥ 80% 80% of them …), given as ``bands``.

Where rows carry their own 分值 and 得分 (the 部门整体 form: 基本支出 10, 项目支出 10), each such row is
scored on its own rate; otherwise the total row is. Where the form prints the points in the part's
heading instead of a 分值 column ("预算执行情况（万元）（20分）"), those points are the total row's 分值.

The rate is the stated 执行率 of the row (or, when that cell is blank, 执行数 ÷ 预算数), and it
stands for its interval (95% for [94.5%, 95.5%]), so the computed score is an interval too; the stated
score, at its own precision, agrees when the intervals meet — the form's rounding. A score *above* the
computed one fails (points not earned). A score *below* it is reported at ``info`` and passes: it is
conservative, perhaps a deduction the form allows. A cell that is not a number, or a missing 分值 or
得分, is ``unresolved``; a 0/0 rate is ``not-applicable``.

Parameters:
  ``mode``   ``proportional`` (default) or ``bands``.
  ``bands``  for ``bands``: a list of ``{min: 90, score_ratio: 1}`` (rate at least ``min`` % earns
             ``score_ratio`` × 分值; the highest ``min`` the rate reaches wins; below every band: 0).
  ``cap``    a rate above 100% earns the full 分值 (default true).
  ``min_decimals``  the least decimals a stated score is read at (default 1): a whole "10" beside a
             computed 9.5 is half a point too many, not a rounding. Set 0 where the form rounds scores
             to whole points.

Message placeholders: ``{stated}`` (the score as written), ``{computed}``, ``{weight}``, ``{rate}``,
``{arithmetic}`` (``95.00% × 10 = 9.5；表中得分为 9.5；一致``).

Passes: 分值 10, 执行率 95.00%, 得分 9.5. Fails: the same with 得分 10.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.kinds._tables import cell_place, hedged, interval, points, quantity, readable, shown, unreadable, usable
from perfcheck.kinds.arithmetic import HUNDRED, compute_rate, half_unit
from perfcheck.kinds.base import Context, Outcome
from perfcheck.model import Severity

if TYPE_CHECKING:
    from perfcheck.facts.tables import FundingRow, FundingTable


class Band(Struct, frozen=True):
    min: Decimal
    score_ratio: Decimal


KIND = "table-score"
SUMMARY_ZH = (
    "核对资金表中的执行率得分：默认按“执行率×分值”计算（mode: proportional），也可按档次计分（mode: bands）。"
    "与计算得分一致为通过，高于计算得分为不通过，低于计算得分为通过但提示（从严计分）。分值、"
    "得分未填写或不是数字为“无法判定”，预算数与执行数均为0为“不适用”。参数：bands 为档次（执行率下限与得分比例），"
    "cap 为执行率超过100%按满分计，min_decimals 为读取表中得分的最少小数位。"
)
VARIABLES = ("stated", "computed", "weight", "rate", "arithmetic")
_DEFAULT_BANDS = (
    Band(Decimal(90), Decimal(1)),
    Band(Decimal(80), Decimal("0.8")),
    Band(Decimal(60), Decimal("0.6")),
)


class Params(Struct, frozen=True):
    mode: Literal["proportional", "bands"] = "proportional"
    bands: tuple[Band, ...] = _DEFAULT_BANDS
    cap: bool = True
    min_decimals: int = 1


def check(context: Context, params: Params) -> Iterator[Outcome]:
    tables, said = usable(context, context.funding_tables, "项目资金表（预算执行情况表）")
    yield from said
    for table in tables:
        scored = [row for row in table.rows() if _has_score(row)]
        if table.total is None or (not scored and "score" not in table.columns):
            yield Outcome("not-applicable", "资金表没有分值、得分列", cell_place(context, table.block))
            continue
        # Each row that carries its own 分值 and 得分 is scored on its own rate (部门整体 form: 基本支出 10,
        # 项目支出 10); the usual form scores the total row only.
        rows = scored or [table.total]
        yield from hedged(table, [_check_total(context, params, table, row) for row in rows])


def _has_score(row: FundingRow) -> bool:
    return any((cell := row.cells.get(role)) is not None and not cell.blank for role in ("weight", "score"))


def _rate(table: FundingTable, row: FundingRow) -> tuple[Decimal, Decimal, Decimal, str] | str | None:
    """(rate, low, high, as written) in %, a reason it cannot be had, or None for 0/0."""
    stated = row.cells.get("rate")
    if stated is not None and stated.value is not None:
        low, high = interval(stated.value, stated.decimals)
        return stated.value, low, high, stated.text if stated.percent else stated.text + "%"
    if unreadable(stated):
        return "执行率单元格不是数字"
    executed, budget = row.cells.get("executed"), row.cells.get(table.budget_role)
    if not (readable(executed) and readable(budget)):
        return "执行率未填写，也无法由执行数、预算数算出"
    assert executed is not None and budget is not None
    rate = compute_rate(quantity(executed, table.unit), quantity(budget, table.unit))
    if rate is None:
        return None
    low = rate.low if rate.low is not None else rate.value
    high = rate.high if rate.high is not None else rate.value
    return rate.value, low, high, f"{executed.text} ÷ {budget.text} = {shown(rate.value, 2)}%"


def _ratio(params: Params, rate: Decimal) -> Decimal:
    if params.cap:
        rate = min(rate, HUNDRED)
    if params.mode == "proportional":
        return rate / HUNDRED
    reached = [band for band in params.bands if rate >= band.min]
    return max(reached, key=lambda band: band.min).score_ratio if reached else Decimal(0)


def _check_total(context: Context, params: Params, table: FundingTable, row: FundingRow) -> Outcome:
    weight, score = row.cells.get("weight"), row.cells.get("score")
    where = cell_place(context, table.block, row.row, table.columns.get("score"))
    if unreadable(weight) or unreadable(score):
        return Outcome("unresolved", f"{row.label}：分值或得分单元格不是数字，无法核对执行率得分", where)
    if not (readable(weight) and readable(score)):
        return Outcome("unresolved", f"{row.label}：分值或得分未填写，无法核对执行率得分", where)
    assert weight is not None and score is not None and weight.value is not None and score.value is not None
    rate = _rate(table, row)
    if rate is None:
        return Outcome("not-applicable", f"{row.label}：预算数与执行数均为 0，执行率无意义，得分不按执行率核对", where)
    if isinstance(rate, str):
        return Outcome("unresolved", f"{row.label}：{rate}，无法核对执行率得分", where)
    value, low, high, rate_text = rate
    expected = _ratio(params, value) * weight.value
    lowest, highest = _ratio(params, low) * weight.value, _ratio(params, high) * weight.value
    stated_low, stated_high = interval(score.value, max(score.decimals, params.min_decimals))
    decimals = max(score.decimals, 1 if expected != expected.to_integral_value() else 0)
    how = "×" if params.mode == "proportional" else "按档次计分，"
    arithmetic = (
        f"{row.label}：{rate_text} {how} {points(weight.value)} = {shown(expected, decimals)}；表中得分为 {score.text}"
    )
    values = {
        "stated": score.text,
        "computed": shown(expected, decimals),
        "weight": weight.text,
        "rate": rate_text,
    }
    evidence = {**values, "mode": params.mode}
    severity: Severity | None = None
    if stated_low > highest:
        arithmetic += "；表中得分高于按执行率计算的得分"
        return Outcome("fail", arithmetic, where, {**values, "arithmetic": arithmetic}, evidence)
    if stated_high < lowest:
        arithmetic += "；表中得分低于按执行率计算的得分（从严计分，请确认是否有意扣分）"
        severity = "info"
    elif abs(score.value - expected) > half_unit(max(score.decimals, params.min_decimals)):
        arithmetic += "；在执行率与得分的精度内一致"
        severity = "info"
    else:
        arithmetic += "；一致"
    return Outcome("pass", arithmetic, where, {**values, "arithmetic": arithmetic}, evidence, severity)
