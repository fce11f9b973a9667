"""cross-table — the same figure stated in two tables of a 部门决算 is the same number.

A 部门决算 states each 科目 row in several tables: the 收入支出决算总表's 支出 half and the 支出决算表's
本年支出合计 both count every source of money; the 财政拨款收入支出决算总表's “支出·一般公共预算财政拨款”
column and the 一般公共预算财政拨款支出决算表's 合计 both count the 一般公共预算 allocation. Two such
cells of one row (``facts.table_index`` files both under the row's label) must agree: "十一、城乡社区支出
3845.25" in one and "城乡社区支出 3845.24" in the other is a slip in one of them, and which one cannot be
told from the tables alone, so it is a warning that names both cells.

Only tables whose name says what money and which side they count are compared (…收入支出决算总表,
…收入决算表, …支出决算表): tables of other money (every source against 财政拨款 only) or of the other side
(收入决算表 by 科目 against spending) may differ and are not compared, nor is a row whose label holds
several different values in one table (a 款 and a 项 of the same name). Both figures stand for the
interval their written digits allow; a difference inside it agrees.

No two tables state the same row of the same money: ``not-applicable``.

Parameters: none.

Message placeholders: ``{first}``, ``{second}`` (the two cells with their places), ``{arithmetic}``
(``“收入支出决算总表”“城乡社区支出”行“支出·决算数”列 3845.25万元；“支出决算表”…3845.24万元；相差 0.01万元``).

Passes: the two tables agree on every shared row. Fails: one row differs by 0.01.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from perfcheck.kinds._table_pairing import agree, basis, cell_place_name, counterpart, in_unit, names_basis
from perfcheck.kinds.arithmetic import show
from perfcheck.kinds.base import Context, Outcome, make_excerpt

if TYPE_CHECKING:
    from perfcheck.facts.table_index import IndexedCell, IndexedTable

KIND = "cross-table"
SUMMARY_ZH = (
    "部门决算中同一科目在两张统计同一资金、同一方向（收入或支出）的表中所列的数应相同（如收入支出决算总表与支出决算表、"
    "财政拨款收入支出决算总表“一般公共预算财政拨款”列与一般公共预算财政拨款支出决算表）；不同则为不通过并列出两个单元格，"
    "无法判断哪一张表有误。没有可对照的两张表为“不适用”。无参数。"
)
VARIABLES = ("first", "second", "arithmetic")


class Params(Struct, frozen=True):
    pass


def check(context: Context, params: Params) -> Iterator[Outcome]:
    index = context.table_index
    compared = failed = 0
    # A pair needs a cell with a basis on both sides, and only the cells of a table whose name says its
    # money have one: the others (every 自评表 of a 20-sheet workbook) are left out before pairing.
    named = {table.number for table in index.tables if names_basis(table)}
    for key, per_table in index.by_label.items():
        tables = sorted(t for t in per_table if t in named)
        for at, first_table in enumerate(tables):
            for second_table in tables[at + 1 :]:
                pair = _pair(index.tables, per_table[first_table], per_table[second_table])
                if pair is None:
                    continue
                first, second = pair
                try:
                    value, decimals = in_unit(second, first.unit)
                except ValueError:
                    continue
                compared += 1
                if agree(first.value, first.decimals, value, decimals):
                    continue
                failed += 1
                gap = show(abs(first.value - value), max(first.decimals, decimals))
                one = f"{cell_place_name(index.tables, first)}为 {first.text}{first.unit}"
                two = f"{cell_place_name(index.tables, second)}为 {second.text}{second.unit}"
                line = f"{one}；{two}；相差 {gap}{first.unit}，两表之间不一致，无法判断哪一张表有误"
                block = context.document.blocks[second.block]
                location = replace(block.location, row=second.row, column=second.column)
                where = make_excerpt(context.document, second.block, location=location, grid=context.grid(second.block))
                evidence = {"key": key, "first": one, "second": two}
                yield Outcome("fail", line, where, {"first": one, "second": two, "arithmetic": line}, evidence)
    if not compared:
        yield Outcome("not-applicable", "没有两张统计同一资金、同一方向的表列出同一科目")
    elif not failed:
        yield Outcome("pass", f"两张表共有的科目行已对照 {compared} 处，均一致")


def _pair(
    tables: tuple[IndexedTable, ...], first_cells: tuple[IndexedCell, ...], second_cells: tuple[IndexedCell, ...]
) -> tuple[IndexedCell, IndexedCell] | None:
    """The two cells of one row that state the same figure (in document order), or None."""
    for mine, others in ((first_cells, second_cells), (second_cells, first_cells)):
        rep = _representative(tables, mine)
        if rep is None:
            continue
        reading = basis(tables, rep)
        found = counterpart(tables, reading, others) if reading is not None else None
        if found is None:
            continue
        # the label names one row of the other table too (not a 款 and a 项 of one name with two values)
        if len({c.value for c in others if c.column == found.column}) != 1:
            return None
        first, second = sorted((rep, found), key=lambda c: c.table)
        return first, second
    return None


def _representative(tables: tuple[IndexedTable, ...], cells: tuple[IndexedCell, ...]) -> IndexedCell | None:
    """The cell that states the row's figure in its table: the total column, else the only cell; None
    when the label's cells there disagree (a 款 and a 项 of one name)."""
    totals = [c for c in cells if c.total_column] or (list(cells) if len(cells) == 1 else [])
    if not totals or len({c.value for c in totals}) > 1:
        return None
    return totals[0] if basis(tables, totals[0]) is not None else None
