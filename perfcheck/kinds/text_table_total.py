"""text-table-total — a total the text states equals the funding table's, after scaling units.

The report's text repeats the table: "全年预算150万元，全年执行1,425,000元，执行率95%". Each figure in a
paragraph whose label matches one of ``pairs`` (年初预算 → 年初预算数, 全年预算 → 全年预算数, 执行 → 全年
执行数, 执行率 → 执行率) is compared with the table's total row in that column, after scaling the text's
unit to the table's (1,425,000元 = 142.5万元). Both figures stand for the interval their written digits
allow, so "执行142万元" beside 142.50 in the table is a rounding (pass at ``info``), and 1,425,000元 beside
142.50万元 is exact. A figure that is not the total but equals one of the 其中 rows in the same column
is about that part and passes. Anything else fails.

An approximate figure ("约142万元") is ``unresolved``, as is a table cell that is blank or not a number
beside a stated figure. No funding table, or no figure in the text with a matching label:
``not-applicable``.

Parameters:
  ``pairs``   a list of ``{role: executed, label: "执行(?!率)"}``: the table column and the regular
              expression for the text's label (default: the four above).

Message placeholders: ``{stated}`` (the text's figure as written), ``{column}``, ``{table}`` (the table's
figure with its unit), ``{arithmetic}`` (``文中 1425000元 = 142.5万元；表中全年执行数为 142.50万元；一致``).

Passes: "全年执行1,425,000元" beside 142.50 in a 万元 table. Fails: "全年执行1,352,000元" beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds._select import excerpt_at
from perfcheck.kinds._tables import ROLE_NAMES, cell_place, hedged, plain, shown, usable
from perfcheck.kinds.arithmetic import decimals_in, half_unit
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact
    from perfcheck.facts.tables import CellValue, FundingTable

KIND = "text-table-total"
SUMMARY_ZH = (
    "核对正文写的年初预算、全年预算、执行数和执行率与资金表合计行是否一致，先换算单位（如1,425,000元=142.5万元）。"
    "一致为通过，仅在精度内一致为提示，与某一“其中”分项行相同也为通过，否则为不通过。约数、"
    "或表中对应单元格空白或不是数字为“无法判定”；没有资金表或正文没有相关数字为“不适用”。参数："
    "pairs 为表中列（role）与正文标签正则（label）的对应列表。"
)
VARIABLES = ("stated", "column", "table", "arithmetic")
Role = Literal["initial_budget", "full_year_budget", "executed", "rate"]


class Pair(Struct, frozen=True):
    role: Role
    label: Pattern


_PAIRS = (
    Pair("initial_budget", lazy_regex("年初预算")),
    # "全年预算执行142.50万元" is the execution, not the budget: 全年预算 followed by 执行 is not a budget label.
    Pair("full_year_budget", lazy_regex("全年预算(?!执行)|调整后(?:的)?预算|预算调整(?:为|至|后)")),
    Pair("executed", lazy_regex("执行(?!率)|实际支出|累计支出|已支出|实际使用")),
    Pair("rate", lazy_regex("执行率")),
)


class Params(Struct, frozen=True):
    pairs: tuple[Pair, ...] = _PAIRS


def check(context: Context, params: Params) -> Iterator[Outcome]:
    tables, said = usable(context, context.funding_tables, "项目资金表（预算执行情况表）")
    yield from said
    tables = [t for t in tables if t.total is not None]
    if not tables:
        return
    document = context.document
    compared = 0
    for fact in context.facts:
        if fact.cell is not None or document.blocks[fact.block].kind == "table":
            continue
        pair = next((p for p in params.pairs if _fits(context, p, fact)), None)
        if pair is None:
            continue
        candidates = [t for t in tables if pair.role in t.columns]
        if not candidates:
            continue
        compared += 1
        # A total read from a table rebuilt from text is an assumed reading: the fail says so.
        basis = next((t for t in candidates if not t.certain), candidates[0])
        yield from hedged(basis, [_compare(context, fact, pair.role, candidates)])
    if not compared:
        yield Outcome(
            "not-applicable",
            "正文中没有可与资金表合计比较的预算数、执行数或执行率",
            cell_place(context, tables[0].block),
        )


def _fits(context: Context, pair: Pair, fact: Fact) -> bool:
    wanted = "percent" if pair.role == "rate" else "amount"
    return fact.quantity.kind == wanted and context.search(pair.label, fact.label) is not None


def _in_table_unit(fact: Fact, table: FundingTable) -> tuple[Decimal, Decimal] | None:
    """The text's figure in the table's unit and the half-width of its rounding interval there."""
    quantity = fact.quantity
    if quantity.kind == "percent":
        return quantity.value, half_unit(quantity.decimals)
    try:
        value = quantity.in_unit(table.unit or "万元")
    except ValueError:  # a currency or unit the table is not in
        return None
    return value.normalize(), half_unit(decimals_in(quantity, table.unit or "万元"))


def _agrees(value: Decimal, half: Decimal, cell: CellValue | None) -> Literal["exact", "within", "no"] | None:
    if cell is None or cell.value is None:
        return None
    if value == cell.value:
        return "exact"
    return "within" if abs(value - cell.value) <= half + half_unit(cell.decimals) else "no"


def _compare(context: Context, fact: Fact, role: str, tables: list[FundingTable]) -> Outcome:
    where = excerpt_at(context, fact)
    column = ROLE_NAMES[role]
    written = fact.quantity.text
    if fact.quantity.approximate:
        return Outcome("unresolved", f"文中“{fact.label}{written}”为约数，未与表中{column}比较", where)
    unresolved = ""
    failure: Outcome | None = None
    for table in tables:
        assert table.total is not None
        converted = _in_table_unit(fact, table)
        if converted is None:
            continue
        value, half = converted
        unit = "%" if role == "rate" else (table.unit or "万元")
        total = table.total.cells.get(role)
        as_table = f"{plain(value)}{unit}"
        lead = f"文中{fact.label} {written}" + (f" = {as_table}" if as_table != written else "")
        result = _agrees(value, half, total)
        if result is None:
            unresolved = f"{lead}；表中{column}合计“{total.text if total else ''}”未填写或不是数字，无法比较"
            continue
        assert total is not None
        shown_table = total.text + ("" if role == "rate" or total.percent else unit)
        line = f"{lead}；表中{table.total.label}{column}为 {shown_table}"
        values = {"stated": written, "column": column, "table": shown_table}
        if result == "exact":
            return Outcome("pass", line + "；一致", where, {**values, "arithmetic": line})
        if result == "within":
            line += "；在两者精度内一致"
            return Outcome("pass", line, where, {**values, "arithmetic": line}, severity="info")
        for part in table.parts:
            if _agrees(value, half, part.cells.get(role)) in ("exact", "within"):
                line = f"{lead}；与表中其中“{part.label}”的{column}一致（文中所述为分项）"
                return Outcome("pass", line, where, {**values, "arithmetic": line})
        decimals = max(total.decimals, 2)
        line += f"；相差 {shown(value - (total.value or Decimal(0)), decimals)}{'' if role == 'rate' else unit}"
        # another funding table (a second project in the same report) may be the one the text is about
        failure = failure or Outcome(
            "fail", line, where, {**values, "arithmetic": line}, {**values, "label": fact.label}
        )
    if failure is not None:
        return failure
    if unresolved:
        return Outcome("unresolved", unresolved, where)
    return Outcome("not-applicable", f"文中“{written}”的单位无法换算为表中单位", where)
