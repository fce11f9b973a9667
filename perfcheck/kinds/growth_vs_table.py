"""growth-vs-table — a change on last year stated in prose agrees with the table's 上年 and 本年 columns.

"公务接待费支出决算0.39万元，比上年减少0.15万元，下降27.78%" beside a table whose 公务接待费 row has an 上年
column (0.54) and a 本年 column (0.39): the change is recomputed as 本年 − 上年 (−0.15) and the rate as
change ÷ 上年 × 100 (27.78 %). The row is the one the words before the change name (the subject of
"X比上年增加…" or "与上年相比，X减少…"), paired as in ``text-vs-table``; a table without both an 上年
and a 本年 column for that row gives nothing to compare, and the sentence is skipped.

The change agrees when the two figures agree at the coarser precision; the rate is compared as in
``ratio`` (interval arithmetic at the stated precision; a rate cut off rather than rounded is a fail at
``warning``). A 上年 of 0 with a non-zero 本年 makes any stated rate a fail: no growth rate exists on a
zero base (0 and 0 is ``not-applicable``). A fail whose pairing is not certain is at most a warning that
names the cells. No such sentence beside such a table: ``not-applicable``.

Parameters: none beyond ``skip_funding_tables`` (default true).

Message placeholders: ``{stated}`` (the change or rate as written), ``{arithmetic}``
(``0.39 − 0.54 = −0.15万元；文中为 减少0.15万元；一致``).

Passes: "公务接待费比上年减少0.15万元，下降27.78%" beside 上年 0.54 / 本年 0.39. Fails: "…下降38.46%".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgspec import Struct

from perfcheck.facts.numbers import Quantity
from perfcheck.kinds._prose_shares import mark_before
from perfcheck.kinds._select import excerpt_at
from perfcheck.kinds._table_pairing import Pairing, agree, funding_blocks, in_unit, pair, prose_label
from perfcheck.kinds.arithmetic import check_ratio, show
from perfcheck.kinds.base import Assumption, Context, Outcome, fmt_decimal
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact

KIND = "growth-vs-table"
SUMMARY_ZH = (
    "正文中“比上年增加/减少X万元，增长/下降Y%”所说的项目若在表格中有上年数和本年数两列，则用表中数重新计算"
    "增减额（本年−上年）和增减率（增减额÷上年×100%）并与文中比较；上年为0而本年不为0时写出增长率为不通过。"
    "对应不确定时降为警告；没有这样的句子或表格为“不适用”。参数：skip_funding_tables。"
)
VARIABLES = ("stated", "arithmetic")
_CHANGE_WORD = lazy_regex(r"(?P<dir>增加|增长|上升|提高|减少|下降|降低)了?(?:为|到)?$")
_DOWN = ("减少", "下降", "降低")
_COMPARE = lazy_regex(r"(?:比|较|与)(?:上年度?|上一年度?|去年|\d{4}年度?)(?:同期)?(?:相比)?")


class Params(Struct, frozen=True):
    skip_funding_tables: bool = True


def check(context: Context, params: Params) -> Iterator[Outcome]:
    if not context.table_index.by_label:
        yield Outcome("not-applicable", "文中没有可读出数值的表格")
        return
    skip = funding_blocks(context) if params.skip_funding_tables else frozenset()
    blocks = context.document.blocks
    checked = 0
    subject = ""  # what the sentence is about: "公务接待费支出决算0.39万元，比上年减少…"
    for fact in context.facts:
        block = blocks[fact.block]
        if fact.cell is not None or block.kind == "table" or fact.quantity.kind not in ("amount", "percent"):
            continue
        text = block.norm
        cut = mark_before(text, fact.quantity.start, "，。；：")
        clause = text[cut + 1 : fact.quantity.start]
        if (cut >= 0 and text[cut] == "。") or not clause.strip():
            subject = ""
        change = _CHANGE_WORD.search(clause)
        if change is None:
            if fact.quantity.kind == "amount":
                subject = prose_label(clause) or subject
            continue
        # "…减少0.15万元，下降27.78%": the rate keeps the subject of the change before it
        subject = prose_label(_COMPARE.sub("", clause[: change.start()])) or subject
        if not subject:
            continue
        prior = pair(context, subject, "", fact.block, skip_blocks=skip, column="上年")
        current = pair(context, subject, "", fact.block, skip_blocks=skip, column="本年")
        same_row = prior is not None and current is not None and prior.cell.row == current.cell.row
        if prior is None or current is None or not same_row or prior.cell.table != current.cell.table:
            continue  # no 上年 and 本年 figures of one row to compare with
        checked += 1
        down = change.group("dir") in _DOWN
        yield _compare(context, fact, subject, down, prior, current)
    if not checked:
        yield Outcome("not-applicable", "正文中没有可与表中上年数、本年数对照的增减额或增减率")


def _compare(context: Context, fact: Fact, subject: str, down: bool, prior: Pairing, current: Pairing) -> Outcome:
    where = excerpt_at(context, fact)
    q = fact.quantity
    unit = current.cell.unit if q.kind == "percent" else q.unit
    before, before_d = in_unit(prior.cell, unit)
    now, now_d = in_unit(current.cell, unit)
    change = now - before
    cells = f"{prior.place()} {prior.cell.text}、{current.place()} {current.cell.text}"
    sign = "−" if change < 0 else ""
    arithmetic_change = f"{fmt_decimal(now)} − {fmt_decimal(before)} = {sign}{fmt_decimal(abs(change))}{unit}"
    assumed = None if prior.certain and current.certain else Assumption(cells, prior.assumed or current.assumed)
    stated = ("减少" if down else "增加") + q.text
    values = {"stated": stated}
    if q.kind == "amount":
        signed = -q.value if down else q.value
        places = max(before_d, now_d)
        if signed == change or (agree(abs(signed), q.decimals, abs(change), places) and (signed < 0) == (change < 0)):
            line = f"{subject}：{arithmetic_change}；文中为{stated}；一致"
            return Outcome("pass", line, where, {**values, "arithmetic": line})
        line = f"{subject}：{arithmetic_change}（{cells}）；文中为{stated}；不一致"
        return Outcome("fail", line, where, {**values, "arithmetic": line}, {"stated": stated}, assumed=assumed)
    if before == 0:
        if now == 0:
            line = f"{subject}：上年、本年均为 0，增减率无意义"
            return Outcome("not-applicable", line, where)
        line = f"{subject}：上年为 0（{cells}），无法计算增减率，文中却写为{'下降' if down else '增长'}{q.text}"
        return Outcome("fail", line, where, {**values, "arithmetic": line}, {"zero_base": True}, assumed=assumed)
    numerator = Quantity(abs(change), unit, "amount", max(before_d, now_d), fmt_decimal(abs(change)), 0, 0)
    base = Quantity(before, unit, "amount", before_d, prior.cell.text, 0, 0)
    result = check_ratio(q, numerator, base)
    assert result is not None  # the base is not zero
    wrong_way = (change < 0) != down and change != 0
    line = f"{subject}：{arithmetic_change}；{result.arithmetic}"
    if wrong_way:
        line += f"；且表中为{'减少' if change < 0 else '增加'}，文中写作{'下降' if down else '增长'}"
    if result.agrees and not wrong_way:
        return Outcome("pass", line, where, {**values, "arithmetic": line})
    if result.truncated and not wrong_way:
        return Outcome("fail", line, where, {**values, "arithmetic": line}, severity="warning", assumed=assumed)
    evidence = {"computed": show(result.computed, 2)}
    return Outcome("fail", line, where, {**values, "arithmetic": line}, evidence, assumed=assumed)
