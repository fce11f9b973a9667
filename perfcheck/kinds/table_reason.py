"""table-reason — a budget adjusted in the year, or a low 执行率, is explained.

The 项目支出绩效自评表 prints its own rule: where the budget was adjusted during the year, or the
执行率 falls short, the reason must be given. Two cases, chosen with ``when``:

- ``adjusted``: the total row's 年初预算数 differs from its 全年（调整后）预算数.
- ``low-rate``: the total row's 执行率 (stated, else 执行数 ÷ 预算数) is below ``threshold`` %.

- ``overspent``: a row's 执行数 exceeds its 年初预算数 on a form with no 全年（调整后）预算数 column, so no
  adjustment is on record (the 部门整体 form: 年初预算数（A） | 全年执行数（B））. One finding per such row.

A reason counts when the funding table's reason column or reason cells say something (not empty, not
"无", not a dash, not only the form's printed filling instructions such as "1.预算执行率=…需说明原因
(100字以内)"), or when a paragraph of the document matches ``text_reason`` and ``text_topic`` — the
report's own text often explains "年中追加30万元用于…" rather than the table. Otherwise it fails.

Where the total row (年度资金总额) is blank or 0 while its 其中 rows are not, the form was not totalled:
``adjusted`` and ``low-rate`` judge the sum of the 其中 rows instead, and say so. The rate is taken
against the 全年（调整后）预算数, or against the 年初预算数 on a form that has only that (B ÷ A).

A 0/0 rate is ``not-applicable``; a 年初 or 全年 cell, or a rate, that is not a number is
``unresolved``; no funding table is ``not-applicable``; one the reader could not settle is ``unresolved``.

Parameters:
  ``when``         ``adjusted`` (default), ``low-rate`` or ``overspent``.
  ``threshold``    for ``low-rate``: the rate, in %, below which a reason is required (default 90).
  ``text_reason``  regular expression for a sentence of the text that explains it (a default per ``when``:
                   追加/调增/调减/调整… for ``adjusted``; 原因/由于/未支付/滞后… for ``low-rate``).
  ``text_topic``   the same paragraph must also match this (default ``预算|资金|经费|执行``).

Message placeholders: ``{initial}`` (年初预算数), ``{adjusted}`` (全年预算数), ``{rate}``, ``{threshold}``,
``{row}`` (for ``overspent``: the row whose 执行数 exceeds its 年初预算数).

Passes: 年初 120.00, 全年 150.00, and the text says "年中追加30万元". Fails: the same with no word of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import regex
from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.facts.table_model import CellValue, FundingRow
from perfcheck.kinds._tables import (
    cell_place,
    hedged,
    points,
    quantity,
    readable,
    reason_text,
    shown,
    unreadable,
    usable,
)
from perfcheck.kinds.arithmetic import compute_rate
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.tables import FundingTable

KIND = "table-reason"
SUMMARY_ZH = (
    "检查资金表中年中调整了预算（when: adjusted）或执行率低于 threshold（when: low-rate，默认90%）时是否说明原因："
    "资金表原因栏或正文有说明为通过，都没有为不通过。所需数字未填写或不是数字为“无法判定”，"
    "没有资金表或执行率为0/0为“不适用”；when: overspent 时，表中只有年初预算数而执行数超过年初预算"
    "且未说明原因为不通过。参数：text_reason 为正文中说明原因的句子正则，"
    "text_topic 为同一段还须含有的词（默认预算、资金、经费、执行）。"
)
VARIABLES = ("initial", "adjusted", "rate", "threshold", "row")
_ADJUSTED_TEXT = lazy_regex(r"追加|调增|调减|追减|压减|核减|调剂|调整(?!后)|(?:增加|减少)(?:了)?(?:预算|资金)")
_LOW_RATE_TEXT = lazy_regex(
    r"(?:执行率|支出进度|执行进度|支付进度)[^。]{0,30}(?:低|未达|不足|滞后|偏慢)"
    r"|(?:原因|由于|因为|受[^。]{1,20}影响)[^。]{0,40}(?:未|结余|结转|滞后|延期|推迟|尚未)"
    r"|(?:未|尚未)(?:全部|及时|完全)?(?:支付|拨付|执行|使用)[^。]{0,40}(?:原因|由于|因为|主要是|系)"
)
_OVERSPENT_TEXT = lazy_regex(r"超支|超出(?:年初)?预算|超预算|追加|调增|调整(?!后)|(?:增加|新增)(?:了)?(?:预算|资金)")
_TOPIC = lazy_regex("预算|资金|经费|执行")


class Params(Struct, frozen=True):
    when: Literal["adjusted", "low-rate", "overspent"] = "adjusted"
    threshold: Decimal = Decimal(90)
    text_reason: Pattern | None = None
    text_topic: Pattern = _TOPIC


def check(context: Context, params: Params) -> Iterator[Outcome]:
    tables, said = usable(context, context.funding_tables, "项目资金表（预算执行情况表）")
    yield from said
    for table in tables:
        if params.when == "overspent":
            yield from hedged(table, _overspent(context, params, table))
        elif table.total is None:
            yield Outcome("unresolved", "资金表没有合计行（年度资金总额），无法判断", cell_place(context, table.block))
        elif params.when == "adjusted":
            yield from hedged(table, [_adjusted(context, params, table)])
        else:
            yield from hedged(table, [_low_rate(context, params, table)])


def _table_reason(table: FundingTable) -> str:
    cells = [row.cells.get("reason") for row in table.rows()]
    texts = [table.reason_text, *(cell.text for cell in cells if cell is not None)]
    return next((given for t in texts if (given := reason_text(t))), "")


def basis_row(table: FundingTable, roles: tuple[str, ...]) -> tuple[FundingRow, str]:
    """The row a check judges: the total, or — where its ``roles`` cells are blank or 0 while the 其中 rows
    are not — the sum of the 其中 rows, with a note saying so."""
    assert table.total is not None
    total = table.total

    def figure(cell: CellValue | None) -> Decimal:
        return cell.value if cell is not None and cell.value is not None else Decimal(0)

    empty = all(figure(total.cells.get(role)) == 0 and not unreadable(total.cells.get(role)) for role in roles)
    parts = [row for row in table.parts if any(figure(row.cells.get(role)) != 0 for role in roles)]
    if not empty or not parts:
        return total, ""
    cells = dict(total.cells)
    for role in roles:
        given = [row.cells[role] for row in table.parts if role in row.cells and readable(row.cells[role])]
        if any(unreadable(row.cells.get(role)) for row in table.parts):
            return total, ""
        decimals = max((cell.decimals for cell in given), default=0)
        value = sum((figure(cell) for cell in given), Decimal(0))
        text = shown(value, decimals)
        cells[role] = CellValue(
            text, value, decimals, False, False, total.row, total.cells[role].column if role in total.cells else 0
        )
    cells.pop("rate", None)
    note = f"合计行为空或为 0，按其中各项（{'、'.join(row.label for row in parts)}）之和判断"
    return FundingRow("其中各项合计", "total", cells, total.row), note


def _text_reason(context: Context, params: Params, pattern: regex.Pattern[str]) -> tuple[int, str] | None:
    """The first paragraph that gives a reason on the topic, as (block, words). The same for every table of
    the document, so looked for once per rule (a workbook of 20 forms asks 20 times)."""
    key = ("text_reason", pattern, params.text_topic)
    if key not in context.memo:
        context.memo[key] = _first_text_reason(context, params, pattern)
    return context.memo[key]  # type: ignore[return-value]


def _first_text_reason(context: Context, params: Params, pattern: regex.Pattern[str]) -> tuple[int, str] | None:
    for block in context.document.blocks:
        if block.kind == "table":
            continue
        match = context.search(pattern, block.norm)
        if match is not None and context.search(params.text_topic, block.norm):
            return block.index, match.group(0)
    return None


def _explained(context: Context, params: Params, table: FundingTable, default: regex.Pattern[str]) -> str:
    """Where the reason is given, in Chinese, or "" when it is not."""
    in_table = _table_reason(table)
    if in_table:
        return f"资金表已说明原因：“{in_table[:40]}”"
    found = _text_reason(context, params, params.text_reason or default)
    if found is not None:
        index, words = found
        return f"正文{context.document.blocks[index].location.describe() or ''}已说明（“{words}”）"
    return ""


def _adjusted(context: Context, params: Params, table: FundingTable) -> Outcome:
    assert table.total is not None
    row, note = basis_row(table, ("initial_budget", "full_year_budget"))
    initial, adjusted = row.cells.get("initial_budget"), row.cells.get("full_year_budget")
    where = cell_place(context, table.block, table.total.row, table.columns.get("full_year_budget"))
    if initial is None or adjusted is None or (initial.blank and adjusted.blank):
        return Outcome("not-applicable", "资金表没有年初预算数与全年预算数两列，无法判断是否调整", where)
    if unreadable(initial) or unreadable(adjusted) or not (readable(initial) and readable(adjusted)):
        return Outcome("unresolved", "年初预算数或全年预算数未填写或不是数字，无法判断是否调整", where)
    assert initial.value is not None and adjusted.value is not None
    values = {"initial": initial.text, "adjusted": adjusted.text, "rate": "", "threshold": ""}
    if initial.value == adjusted.value:
        return Outcome(
            "pass", f"年初预算数 {initial.text} 与全年预算数 {adjusted.text} 相同，预算未调整", where, values
        )
    change = "调增" if adjusted.value > initial.value else "调减"
    delta = f"{change} {shown(abs(adjusted.value - initial.value), max(initial.decimals, adjusted.decimals))}"
    said = _explained(context, params, table, _ADJUSTED_TEXT)
    relation = f"年初预算数 {initial.text}，全年预算数 {adjusted.text}（{delta}{table.unit}）"
    if note:
        relation = f"{note}：{relation}"
    if said:
        return Outcome("pass", f"{relation}；{said}", where, values)
    return Outcome("fail", f"{relation}；资金表原因栏与正文均未说明调整原因", where, values, values)


def _low_rate(context: Context, params: Params, table: FundingTable) -> Outcome:
    assert table.total is not None
    row, note = basis_row(table, ("executed", table.budget_role))
    cells = row.cells
    where = cell_place(context, table.block, table.total.row, table.columns.get("rate", table.columns.get("executed")))
    stated, executed, budget = cells.get("rate"), cells.get("executed"), cells.get(table.budget_role)
    rate: Decimal | None
    if budget is not None and executed is not None and budget.value == 0 and executed.value == 0:
        return Outcome("not-applicable", "预算数与执行数均为 0，执行率无意义", where)
    if stated is not None and stated.value is not None:
        rate, rate_text = stated.value, stated.text if stated.percent else f"{stated.text}%"
    elif unreadable(stated):
        return Outcome("unresolved", f"执行率“{stated.text if stated else ''}”不是数字，无法判断", where)
    elif readable(executed) and readable(budget):
        assert executed is not None and budget is not None
        computed = compute_rate(quantity(executed, table.unit), quantity(budget, table.unit))
        if computed is None:
            return Outcome("not-applicable", "预算数为 0，执行率无意义", where)
        rate, rate_text = computed.value, f"{executed.text} ÷ {budget.text} = {computed.shown()}"
        if note:
            rate_text = f"{note}：{rate_text}"
    else:
        return Outcome("unresolved", "执行率未填写，也无法由执行数、预算数算出", where)
    threshold = f"{points(params.threshold)}%"
    values = {"initial": "", "adjusted": "", "rate": rate_text, "threshold": threshold}
    if rate >= params.threshold:
        return Outcome("pass", f"执行率 {rate_text}，不低于 {threshold}，无需说明原因", where, values)
    said = _explained(context, params, table, _LOW_RATE_TEXT)
    if said:
        return Outcome("pass", f"执行率 {rate_text} 低于 {threshold}；{said}", where, values)
    detail = f"执行率 {rate_text} 低于 {threshold}；资金表原因栏与正文均未说明原因"
    return Outcome("fail", detail, where, values, values)


def _overspent(context: Context, params: Params, table: FundingTable) -> Iterator[Outcome]:
    where = cell_place(context, table.block)
    if "full_year_budget" in table.columns:
        yield Outcome("not-applicable", "资金表有全年（调整后）预算数列，预算调整由其核对", where)
        return
    if "initial_budget" not in table.columns:
        yield Outcome("not-applicable", "资金表没有年初预算数列", where)
        return
    looked = 0
    for row in table.rows():
        initial, executed = row.cells.get("initial_budget"), row.cells.get("executed")
        place = cell_place(context, table.block, row.row, table.columns.get("executed"))
        if unreadable(initial) or unreadable(executed):
            yield Outcome("unresolved", f"{row.label}：年初预算数或执行数不是数字，无法判断是否超支", place)
            continue
        if not (readable(initial) and readable(executed)):
            continue
        assert initial is not None and executed is not None
        assert initial.value is not None and executed.value is not None
        looked += 1
        if executed.value <= initial.value:
            continue
        over = shown(executed.value - initial.value, max(initial.decimals, executed.decimals))
        relation = (
            f"{row.label}：执行数 {executed.text} 超过年初预算数 {initial.text}（超出 {over}{table.unit}），"
            "表中没有调整后预算数"
        )
        values = {"initial": initial.text, "adjusted": "", "rate": "", "threshold": "", "row": row.label}
        said = _explained(context, params, table, _OVERSPENT_TEXT)
        if said:
            yield Outcome("pass", f"{relation}；{said}", place, values)
        else:
            yield Outcome("fail", f"{relation}，原因栏与正文均未说明", place, values, values)
    if looked:
        yield Outcome("pass", f"已核对 {looked} 行的执行数与年初预算数", where)
