"""table-sum — in the funding table of a 绩效自评表, the total row equals the sum of its 其中 rows.

The 项目支出绩效自评表 lists 年度资金总额 and under it, as 其中, 本年财政拨款 / 上年结转资金 / 其他资金. In
every money column (``columns``, default 年初预算数, 全年预算数, 全年执行数) the total must be the sum of
the parts. The arithmetic is interval arithmetic as for the ``sum`` kind: every figure is read at the
largest number of decimals written in the column and stands for ±½ of its last digit, so a 尾差 inside
the summed rounding is a pass at ``info``, never a fail. A blank part ("—", empty) counts as 0; a blank
or zero total beside non-zero parts fails (the form was not totalled). A cell that is not a number
makes that column ``unresolved``; a table the reader could not settle is ``unresolved``; no funding
table is ``not-applicable``.

Parameters:
  ``columns``     the money columns to add up, among ``initial_budget``, ``full_year_budget``, ``executed``
                  (default all three).
  ``tolerance``   allowed difference in the table's unit, instead of the summed rounding.

Message placeholders: ``{column}`` (年初预算数 …), ``{total_label}`` (年度资金总额), ``{total}`` (as written),
``{parts_sum}``, ``{diff}``, ``{arithmetic}`` (``100.00 + 20.00 + 0.00 = 120.00万元；表中合计为
125.00万元；相差 -5.00万元``).

Passes: 年度资金总额 120.00 with 其中 100.00 and 20.00. Fails: 年度资金总额 125.00 with the same parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.kinds._tables import ROLE_NAMES, cell_place, hedged, plain, readable, shown, unreadable, usable
from perfcheck.kinds.arithmetic import half_unit
from perfcheck.kinds.base import Context, Outcome
from perfcheck.model import Severity, Status

if TYPE_CHECKING:
    from perfcheck.facts.tables import CellValue, FundingTable

KIND = "table-sum"
SUMMARY_ZH = (
    "核对资金表“年度资金总额”是否等于其中各行（本年财政拨款、上年结转资金等）之和，按四舍五入区间判断，"
    "区间内的差额为“尾差”（提示，不算不通过）。超出尾差、或分项不为0而合计空白或为0为不通过；"
    "单元格不是数字为“无法判定”，没有资金表为“不适用”。参数：columns 为要核对的金额列，tolerance 为允许差额。"
)
VARIABLES = ("column", "total_label", "total", "parts_sum", "diff", "arithmetic")
MoneyRole = Literal["initial_budget", "full_year_budget", "executed"]


class Params(Struct, frozen=True):
    columns: tuple[MoneyRole, ...] = ("initial_budget", "full_year_budget", "executed")
    tolerance: Decimal | None = None


def check(context: Context, params: Params) -> Iterator[Outcome]:
    tables, said = usable(context, context.funding_tables, "项目资金表（预算执行情况表）")
    yield from said
    for table in tables:
        if table.total is None or not table.parts:
            yield Outcome("not-applicable", "资金表没有“其中”分项行，无需核对合计", cell_place(context, table.block))
            continue
        outcomes = [_check_column(context, params, table, role) for role in params.columns if role in table.columns]
        yield from hedged(table, outcomes)


def _check_column(context: Context, params: Params, table: FundingTable, role: str) -> Outcome:
    assert table.total is not None
    column = ROLE_NAMES[role]
    total = table.total.cells.get(role)
    parts = [(row.label, row.cells.get(role)) for row in table.parts]
    where = cell_place(context, table.block, table.total.row, table.columns[role])
    bad = [label for label, cell in [(table.total.label, total), *parts] if unreadable(cell)]
    if bad:
        return Outcome("unresolved", f"{column}：{'、'.join(bad)}的单元格不是数字，无法核对合计", where)
    given = [cell for _, cell in parts if cell is not None and readable(cell)]
    if not readable(total) and not given:
        return Outcome("not-applicable", f"{column}：合计与分项均未填写", where)
    unit = table.unit or ""
    values = [_value(cell) for _, cell in parts]
    decimals = max([c.decimals for c in given] + ([total.decimals] if total is not None and readable(total) else []))
    parts_sum = sum(values, Decimal(0))
    total_value = _value(total)
    diff = parts_sum - total_value
    slack = params.tolerance if params.tolerance is not None else half_unit(decimals) * (len(given) + 1)
    terms = " + ".join(shown(v, decimals) for v in values)
    total_text = total.text if total is not None and readable(total) else "空白"
    total_unit = unit if readable(total) else ""
    arithmetic = f"{column}：{terms} = {shown(parts_sum, decimals)}{unit}；表中合计为 {total_text}{total_unit}"
    evidence = {
        "column": column,
        "total": total_text,
        "parts": [cell.text if cell is not None else "" for _, cell in parts],
        "sum": shown(parts_sum, decimals),
        "diff": shown(diff, decimals),
        "slack": plain(slack),
    }
    variables = {
        "column": column,
        "total_label": table.total.label,
        "total": total_text,
        "parts_sum": shown(parts_sum, decimals) + unit,
        "diff": shown(diff, decimals),
        "arithmetic": "",
    }
    if not readable(total) or (total_value == 0 and parts_sum != 0):
        arithmetic += f"；合计行{('为 0' if readable(total) else '未填写')}而分项不为 0，合计未计算"
        return Outcome("fail", arithmetic, where, {**variables, "arithmetic": arithmetic}, evidence)
    status: Status = "pass"
    severity: Severity | None = None
    if diff == 0:
        arithmetic += "；一致"
    elif abs(diff) <= slack:
        arithmetic += f"；相差 {shown(diff, decimals)}{unit}，在允许尾差 ±{plain(slack)} 之内（尾差）"
        severity = "info"
    else:
        arithmetic += f"；相差 {shown(diff, decimals)}{unit}（分项之和 − 合计），超出允许尾差 ±{plain(slack)}"
        status = "fail"
    return Outcome(status, arithmetic, where, {**variables, "arithmetic": arithmetic}, evidence, severity)


def _value(cell: CellValue | None) -> Decimal:
    """A blank part ("—", empty) is 0: the form leaves a source of funds it did not have blank."""
    return cell.value if cell is not None and cell.value is not None else Decimal(0)
