"""table-rate — in the funding table, 执行率 = 全年执行数 ÷ 全年（调整后）预算数 × 100%.

Each row of the funding table that states a rate (the total row, and with ``rows: all`` the 其中 rows
too) is recomputed from its own cells. The recomputed rate is an interval: the operands, read at the
larger of their written decimals, stand for ±½ of their last digit; it agrees when it meets the stated
rate's interval (95.00% stands for [94.995%, 95.005%], 95% for [94.5%, 95.5%]) — the stated precision.
Agreement that needs the rounding slack passes at ``info``.

0/0 (nothing budgeted, nothing spent) is ``not-applicable``, never 0 %: a form that prints 0.00% there
is not wrong, and one that prints "—" is not either. A positive 执行数 against a 预算数 of 0 fails: there
is no rate to state. A part row whose rate cell is left blank is not checked (many forms only state the
total's rate); a blank rate on the total row, or any operand that is not a number, is ``unresolved``.

Parameters:
  ``rows``         ``all`` (default: the total row and the 其中 rows) or ``total``.
  ``numerator``    the column divided (default ``executed``).
  ``denominator``  the column divided by (default: the 全年（调整后）预算数, or the 年初预算数 on a form that
                   has no other budget column — the 部门整体 form's 执行率 is B ÷ A).
  ``tolerance``    allowed difference in percentage points, instead of the stated precision.

Message placeholders: ``{row}`` (年度资金总额 …), ``{stated}`` (as written), ``{computed}`` (two decimals or
the stated ones), ``{arithmetic}`` (``142.50 ÷ 150.00 × 100% = 95.00%；表中为 95.00%；一致``).

Passes: 全年预算数 150.00, 全年执行数 142.50, 执行率 95.00%. Fails: the same with 执行率 90.00%.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct
from msgspec.structs import replace

from perfcheck.kinds._tables import ROLE_NAMES, cell_place, hedged, quantity, readable, shown, unreadable, usable
from perfcheck.kinds.arithmetic import check_ratio
from perfcheck.kinds.base import Context, Outcome

if TYPE_CHECKING:
    from perfcheck.facts.tables import FundingRow, FundingTable

KIND = "table-rate"
SUMMARY_ZH = (
    "用资金表中的全年执行数÷全年预算数重新计算执行率，与表中执行率比较：在表中数值精度内一致为通过，不一致、"
    "或预算数为0而有执行数为不通过。单元格不是数字、合计行执行率未填写为“无法判定”；预算数与执行数均为0、"
    "或没有资金表为“不适用”。参数：rows 为只核对合计行（total）或含其中各行（all），numerator、denominator 为分子、"
    "分母所在列，tolerance 为允许差额（百分点）。"
)
VARIABLES = ("row", "stated", "computed", "arithmetic")
MoneyRole = Literal["initial_budget", "full_year_budget", "executed"]


class Params(Struct, frozen=True):
    rows: Literal["all", "total"] = "all"
    numerator: MoneyRole = "executed"
    denominator: MoneyRole | None = None
    tolerance: Decimal | None = None


def check(context: Context, params: Params) -> Iterator[Outcome]:
    tables, said = usable(context, context.funding_tables, "项目资金表（预算执行情况表）")
    yield from said
    for table in tables:
        if "rate" not in table.columns:
            yield Outcome("not-applicable", "资金表没有执行率列", cell_place(context, table.block))
            continue
        rows = [table.total] if table.total is not None else []
        if params.rows == "all":
            rows += list(table.parts)
        yield from hedged(table, _check_rows(context, params, table, rows))


def _check_rows(context: Context, params: Params, table: FundingTable, rows: list[FundingRow]) -> Iterator[Outcome]:
    for row in rows:
        outcome = _check_row(context, params, table, row)
        if outcome is not None:
            yield outcome


def _check_row(context: Context, params: Params, table: FundingTable, row: FundingRow) -> Outcome | None:
    stated = row.cells.get("rate")
    denominator = params.denominator or table.budget_role
    num, den = row.cells.get(params.numerator), row.cells.get(denominator)
    where = cell_place(context, table.block, row.row, table.columns["rate"])
    if stated is None or (stated.blank and row.role == "part"):
        return None
    names = f"{ROLE_NAMES[params.numerator]}、{ROLE_NAMES[denominator]}、执行率"
    if unreadable(stated) or unreadable(num) or unreadable(den):
        return Outcome("unresolved", f"{row.label}：{names}中有单元格不是数字，无法核对执行率", where)
    num_value = num.value if num is not None and num.value is not None else Decimal(0)
    den_value = den.value if den is not None and den.value is not None else Decimal(0)
    if den_value == 0:
        if num_value == 0:
            return Outcome("not-applicable", f"{row.label}：预算数与执行数均为 0，执行率无意义，不按 0% 计", where)
        base, spent = ROLE_NAMES[denominator], ROLE_NAMES[params.numerator]
        detail = f"{row.label}：{base}为 0 而{spent}为 {num.text if num else num_value}，不能计算执行率"
        return Outcome(
            "fail", detail, where, {"row": row.label, "stated": stated.text, "computed": "无", "arithmetic": detail}
        )
    if not readable(stated) or not readable(num) or not readable(den):
        return Outcome("unresolved", f"{row.label}：执行率或其计算所需的数未填写，无法核对", where)
    assert stated.value is not None and num is not None and den is not None
    unit = table.unit or "万元"
    # A rate cell without "%" sits under a header such as 执行率（%）: its number is the percentage.
    stated_q = quantity(replace(stated, percent=True), unit)
    result = check_ratio(stated_q, quantity(num, unit), quantity(den, unit), params.tolerance)
    if result is None:
        return Outcome("not-applicable", f"{row.label}：计算基数为 0，执行率无意义", where)
    decimals = max(result.stated_decimals, 2)
    computed = shown(result.computed, decimals) + "%"
    arithmetic = f"{row.label}：{num.text} ÷ {den.text} × 100% = {computed}；表中为 {stated.text}"
    values = {"row": row.label, "stated": stated.text, "computed": computed}
    evidence = {
        "row": row.label,
        "stated": stated.text,
        "numerator": num.text,
        "denominator": den.text,
        "computed": computed,
    }
    if result.agrees:
        exact = shown(result.computed, result.stated_decimals) == shown(result.stated, result.stated_decimals)
        arithmetic += "；一致" if exact else "；在表中数值的精度内一致"
        return Outcome(
            "pass",
            arithmetic,
            where,
            {**values, "arithmetic": arithmetic},
            evidence,
            None if exact else "info",
        )
    arithmetic += f"；按表中精度应为 {shown(result.computed, result.stated_decimals)}%"
    return Outcome("fail", arithmetic, where, {**values, "arithmetic": arithmetic}, evidence)
