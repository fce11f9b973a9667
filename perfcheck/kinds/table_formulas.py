"""table-formulas — no cell the table rules read shows an Excel error value or a formula never calculated.

A 自评表 filled in Excel computes its 执行率 and 得分 with formulas; a formula that fails shows an error
value (``#DIV/0!``, ``#REF!``, ``#N/A``, ``#VALUE!``…) instead of a figure, and a form handed in that way
states nothing in that cell. The other table rules cannot read such a cell and say unresolved about the
relation it belongs to; this rule says what is wrong and where: one failing finding per cell, pointing
at it ("上年结转资金｜执行率：#DIV/0!"), naming what the error means and what to do (修正公式后重新计算并保存).

The cells looked at are the ones the table rules check (``roles``): in the funding part the 年初预算数,
全年预算数, 全年执行数, 执行率, 分值 and 得分 of the total row and its 其中 rows; in the indicator part the
年度指标值, 实际完成值, 分值 and 得分 of each indicator and the 总分 row. An error value is recognised in
any format (a form copied out of Excel into Word or a web page keeps the literal), not only in a workbook.

One case is a warning, not an error: a ``#DIV/0!`` in the 执行率 cell of a row whose budget and execution
are both 0 (or blank). 0/0 has no rate (the table-rate rule calls it not applicable); the formula is
right and only the display is: the cell should read "—". Every other error value is an error.

A formula the file holds without its result (``〔公式未计算〕``: the workbook was written by a program
that does not calculate) is not a fault of the form: the value is only unknown. It gives ``unresolved``
(one outcome per table, naming the cells), never a fail and never 0; the user is told to open the file
in Excel or WPS and save it.

No self-evaluation table at all is ``not-applicable``; a table the reader could not settle is
``unresolved``; a table whose rows were placed by assumption (a text export) makes its fails warnings.
A pass says how many cells were looked at.

Parameters:
  ``roles``  the cells looked at, among ``initial_budget``, ``full_year_budget``, ``executed``, ``rate``,
             ``weight``, ``score``, ``target``, ``actual`` (default all).

Message placeholders: ``{cell}`` (the cell as "行标签｜列标题"), ``{value}`` (the error value, ``#DIV/0!``),
``{meaning}`` (what it means: 除数为 0), ``{detail}`` (the whole sentence with what to do).

Passes: a funding table whose 执行率 reads 95.00%. Fails: the same with 执行率 ``#DIV/0!`` and a budget.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.documents.xlsx_markers import UNCACHED_FORMULA, excel_error
from perfcheck.facts.table_align import is_text
from perfcheck.kinds._tables import ROLE_NAMES, cell_place, heading_above, hedged, usable
from perfcheck.kinds.base import Context, Outcome

if TYPE_CHECKING:
    from perfcheck.facts.tables import CellValue, FundingRow, FundingTable, IndicatorTable

KIND = "table-formulas"
SUMMARY_ZH = (
    "检查自评表中规则要核对的单元格（roles 所列：预算数、执行数、执行率、分值、得分、指标值、完成值）是否显示"
    " Excel 错误值（#DIV/0!、#REF!、#N/A 等）：有则逐格不通过，指出行标签与列标题并提示修正公式后重新计算并保存；"
    "预算数与执行数均为0的行执行率显示 #DIV/0! 只作警告（应填“—”）。公式未保存计算结果为“无法判定”；"
    "没有自评表为“不适用”。"
)
VARIABLES = ("cell", "value", "meaning", "detail")
Role = Literal["initial_budget", "full_year_budget", "executed", "rate", "weight", "score", "target", "actual"]
ADVICE = "请修正公式后重新计算并保存"
# What each error value means to an officer (Excel's own descriptions of the ECMA-376 error values).
MEANINGS: Mapping[str, str] = {
    "#DIV/0!": "公式除数为 0 或为空",
    "#REF!": "公式引用的单元格已被删除",
    "#N/A": "公式查找的值不存在",
    "#VALUE!": "公式中有文字参与计算",
    "#NAME?": "公式中有无法识别的函数或名称",
    "#NUM!": "公式的数值无效",
    "#NULL!": "公式引用的区域不相交",
    "#SPILL!": "公式结果溢出的区域已被占用",
    "#CALC!": "公式计算出错",
    "#GETTING_DATA": "公式的数据尚未取回",
}
_UNCACHED_SHOWN = 2  # cells named in an uncached-formula outcome before "等N处"


class Params(Struct, frozen=True):
    roles: tuple[Role, ...] = (
        "initial_budget",
        "full_year_budget",
        "executed",
        "rate",
        "weight",
        "score",
        "target",
        "actual",
    )


def check(context: Context, params: Params) -> Iterator[Outcome]:
    if not context.funding_tables and not context.indicator_tables:
        yield Outcome("not-applicable", "文中没有自评表（资金表或绩效指标表）")
        return
    looked = 0
    funding: list[FundingTable] = []
    indicators: list[IndicatorTable] = []
    if context.funding_tables:
        funding, said = usable(context, context.funding_tables, "项目资金表（预算执行情况表）")
        yield from said
    if context.indicator_tables:
        indicators, said = usable(context, context.indicator_tables, "绩效指标表")
        yield from (outcome for outcome in said if outcome.status != "not-applicable")
    found = False
    tables: list[FundingTable | IndicatorTable] = [*funding, *indicators]
    for table in tables:
        cells = _checked_cells(table, set(params.roles))
        looked += len(cells)
        outcomes = list(_errors(context, table, cells))
        found = found or bool(outcomes)
        yield from hedged(table, outcomes)
    if looked and not found:
        first = min((t.block for t in tables), default=None)
        where = cell_place(context, first) if first is not None else None
        yield Outcome("pass", f"已查看自评表中 {looked} 个单元格，未见 Excel 错误值或未计算的公式", where)


def _checked_cells(table: FundingTable | IndicatorTable, roles: set[str]) -> list[tuple[str, str, CellValue]]:
    """(row label, role, cell) of every cell the table rules read, in reading order."""
    from perfcheck.facts.tables import FundingTable

    found: list[tuple[str, str, CellValue]] = []
    if isinstance(table, FundingTable):
        for row in table.rows():
            found += [(row.label, role, cell) for role, cell in row.cells.items() if role in roles]
        return found
    for indicator in table.indicators:
        label = indicator.level3 or indicator.level2 or indicator.level1 or f"第{indicator.row + 1}行"
        by_role = {
            "target": indicator.target,
            "actual": indicator.actual,
            "weight": indicator.weight,
            "score": indicator.score,
        }
        found += [(label, role, by_role[role]) for role in by_role if role in roles and role in table.columns]
    found += [("总分", role, cell) for role, cell in table.total_row.items() if role in roles]
    return found


def _errors(
    context: Context, table: FundingTable | IndicatorTable, cells: list[tuple[str, str, CellValue]]
) -> Iterator[Outcome]:
    uncached: list[tuple[str, CellValue]] = []
    for label, role, cell in cells:
        if cell.text.strip() == UNCACHED_FORMULA:
            uncached.append((_quote(context, table, label, role, cell), cell))
            continue
        literal = excel_error(cell.text)
        if literal is None:
            continue
        quote = _quote(context, table, label, role, cell)
        meaning = MEANINGS.get(literal, "公式出错")
        zero_rate = role == "rate" and literal == "#DIV/0!" and _nothing_budgeted(table, cell)
        if zero_rate:
            detail = f"{quote}：{literal}（预算数与执行数均为 0，执行率无意义）；请将该格改填“—”或留空"
        else:
            detail = f"{quote}：{literal}（{meaning}）；{ADVICE}"
        values = {"cell": quote, "value": literal, "meaning": meaning, "detail": detail}
        evidence = {"cell": quote, "value": literal, "meaning": meaning, "row": label, "column": ROLE_NAMES[role]}
        where = cell_place(context, table.block, cell.row, cell.column)
        yield Outcome("fail", detail, where, values, evidence, "warning" if zero_rate else None)
    if uncached:
        quotes = [quote for quote, _ in uncached]
        shown = "、".join(quotes[:_UNCACHED_SHOWN]) + (f"等{len(quotes)}处" if len(quotes) > _UNCACHED_SHOWN else "")
        detail = (
            f"{shown}的公式没有保存计算结果（读作“{UNCACHED_FORMULA}”），未核对；请在 Excel 或 WPS 中打开并保存后再检查"
        )
        first = uncached[0][1]
        where = cell_place(context, table.block, first.row, first.column)
        yield Outcome("unresolved", detail, where, evidence={"cells": quotes})


def _quote(context: Context, table: FundingTable | IndicatorTable, label: str, role: str, cell: CellValue) -> str:
    """ "上年结转资金｜执行率": the row's label and the column's heading as printed on the form (a text
    table's columns are where the reader placed them, so it is named by its role there)."""
    heading = ""
    block = context.document.blocks[table.block].table
    if block is not None and not is_text(context.document):
        heading = heading_above(context.grid(table.block), cell.row, cell.column)[0]
    return f"{label}｜{heading or ROLE_NAMES[role]}"


def _nothing_budgeted(table: FundingTable | IndicatorTable, cell: CellValue) -> bool:
    """Whether the funding row holding ``cell`` has neither a budget nor any execution (0/0)."""
    from perfcheck.facts.tables import FundingTable

    if not isinstance(table, FundingTable):
        return False
    row: FundingRow | None = next((r for r in table.rows() if r.row == cell.row), None)
    if row is None:
        return False
    money = [row.cells.get(role) for role in (table.budget_role, "executed")]
    return all(c is not None and (c.blank or c.value == 0) for c in money)
