"""total-score — the total score the report states is the table's, and at most the form's maximum.

A report says "自评得分95分" (``stated``); the 绩效自评表 adds it up: its 总分 row, or else the 执行率得分
of the funding table plus every indicator's 得分. The stated score agrees when the table's total lies
within its written precision (95分 stands for [94.5, 95.5]; a difference inside that passes at
``info``). A score above ``max_total`` fails wherever it is stated, table or text.

A table with a 总分 row is checked against itself too: the row must equal the 执行率得分 plus every
indicator's 得分 (the rate score from the funding table, unless the indicator table scores 执行率 in a
row of its own), exactly — both are the table's own figures. A sum that cannot be had (no funding
table, a score cell blank or not a number) leaves that comparison ``unresolved``.

No stated score and no table: ``not-applicable``. A stated score with no way to add up the table (no
indicator table, a score cell blank or not a number, an unreadable table): ``unresolved`` — unless the
score is above ``max_total``, which fails on its own.

Parameters:
  ``stated``     regular expression with a group ``value`` for the stated total
                 (default: 自评得分 / 综合得分 / 总分 … N分).
  ``max_total``  the most a form can score (default 100).

Message placeholders: ``{stated}`` (as written), ``{computed}`` (the table's total), ``{arithmetic}``
(``表中得分合计 9.5 + 45 + 30 + 10 = 94.5；文中为 95分；在文中精度内一致``, or for the 总分 row
``表中得分合计 9.5 + 10 + 8 + … = 94.5；表中总分为 95.5；总分行比合计多 1分``).

Passes: "自评得分95分" beside a table scoring 9.5 + 50 + 25.5 + 10. Fails: "自评得分98分" beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds._table_scores import (
    STATED_SCORE,
    score_sum,
    score_table,
    stated_scores,
    table_total,
    unread_problems,
)
from perfcheck.kinds._tables import cell_place, hedged, interval, points
from perfcheck.kinds.base import Context, Outcome

KIND = "total-score"
SUMMARY_ZH = (
    "核对文中写的自评总分与绩效自评表的得分合计是否一致（一致为通过，精度内的差额为提示），"
    "并核对表中总分行等于各项得分之和；不一致或超过满分为不通过。有总分但表格无法加总为“无法判定”；"
    "文中没有总分也没有自评表为“不适用”。参数：stated 为文中总分表述的正则（含分组 value），"
    "max_total 为满分（默认100）。"
)
VARIABLES = ("stated", "computed", "arithmetic")


class Params(Struct, frozen=True):
    stated: Pattern = STATED_SCORE
    max_total: Decimal = Decimal(100)


def check(context: Context, params: Params) -> Iterator[Outcome]:
    """The checks below; a total read from a table rebuilt from text (rows placed under their headers) is
    an assumed reading, and a fail that rests on it says so (at most a warning)."""
    basis = score_table(context)
    tables = ([basis] if basis is not None and not isinstance(basis, str) else []) + [
        t for t in context.funding_tables if not t.problems
    ]
    uncertain = next((t for t in tables if not t.certain), None)
    outcomes = _check(context, params)
    yield from hedged(uncertain, outcomes) if uncertain is not None else outcomes


def _check(context: Context, params: Params) -> Iterator[Outcome]:
    table = table_total(context)
    statements = stated_scores(context, params.stated)
    limit = points(params.max_total)
    if isinstance(table, tuple) and table[0] > params.max_total:
        total, arithmetic, block = table
        detail = f"{arithmetic}，超过满分 {limit}"
        values = {"stated": "", "computed": points(total), "arithmetic": detail}
        yield Outcome("fail", detail, cell_place(context, block), values, values)
    yield from _total_row(context)
    if not statements:
        detail = "文中未写明自评总分" if table is not None else "文中没有自评总分，也没有绩效自评表"
        yield Outcome("not-applicable", detail)
        return
    for block, match in statements:
        text = match.group(0)
        number = match.group("value")
        value = Decimal(number)
        where = context.excerpt(block, match.start(), match.end())
        if value > params.max_total:
            detail = f"文中“{text}”超过满分 {limit}"
            yield Outcome("fail", detail, where, {"stated": text, "computed": "", "arithmetic": detail})
            continue
        if table is None:
            yield Outcome("not-applicable", f"文中“{text}”，但没有绩效自评表可核对", where)
            continue
        if isinstance(table, str):
            problems = unread_problems(context)
            yield Outcome(
                "unresolved", f"文中“{text}”；{table}", where, evidence={"problems": problems} if problems else {}
            )
            continue
        total, arithmetic, _ = table
        decimals = len(number.split(".")[1]) if "." in number else 0
        low, high = interval(value, decimals)
        line = f"{arithmetic}；文中为 {text}"
        values = {"stated": text, "computed": points(total)}
        if total == value:
            yield Outcome("pass", line + "；一致", where, {**values, "arithmetic": line})
        elif low <= total <= high:
            line += "；在文中数值的精度内一致"
            yield Outcome("pass", line, where, {**values, "arithmetic": line}, severity="info")
        else:
            line += f"；相差 {points(value - total)}分"
            yield Outcome("fail", line, where, {**values, "arithmetic": line}, values)


def _total_row(context: Context) -> Iterator[Outcome]:
    """The 总分 row against the scores above it: a total the rows do not add up to is the table's own error,
    and the text quoting that total would otherwise pass."""
    table = score_table(context)
    if table is None or isinstance(table, str):
        return  # table_total has said why; the statements carry it
    row = table.total_row.get("score")
    if row is None or row.value is None:
        return  # no 总分 row: the total is the sum itself; an unreadable one: table_total says so
    where = cell_place(context, table.block, row.row, row.column)
    stated = f"表中总分为 {row.text}"
    summed = score_sum(context, table)
    if isinstance(summed, str):
        yield Outcome("unresolved", f"{stated}；{summed}，未能核对总分行", where)
        return
    total, arithmetic = summed
    line = f"{arithmetic}；{stated}"
    values = {"stated": row.text, "computed": points(total)}
    if total == row.value:
        yield Outcome("pass", line + "；一致", where, {**values, "arithmetic": line})
    else:
        gap = row.value - total
        line += f"；总分行比合计{'多' if gap > 0 else '少'} {points(abs(gap))}分"
        yield Outcome("fail", line, where, {**values, "arithmetic": line}, values)
