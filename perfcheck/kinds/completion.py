"""completion — a completion rate below its target.

A report that says a task was completed at 85 % ("完成率85%", "为全年任务数的85%", "完成年度目标的85%")
states that a target was missed; a reviewer expects the shortfall to be explained (偏差原因) and the
score to reflect it. This kind finds every percentage that a completion cue stands right before, reads
it as the share of the target achieved, and compares it with ``target`` (100 by default). "超额完成
年计划的3.6%" is read as 103.6 %: the percentage is the excess, not the share. Each completion statement
is one finding at its place, pass or fail; a document without any is not applicable.

What is *not* a completion statement: a percentage without a cue right before it (入住率约98%,
"优惠10%-30%", 增长率), an approximate one ("约98%", "85%左右", "超过90%": a bound is not a figure to
compare), and figures in tables (the indicator tables have their own rules).

Parameters:
  ``target``   the completion that counts as done, in percent (default 100).
  ``cue``      regular expression for the words right before the percentage that make it a share of
               the target (anchored at the figure; default: 完成率…, 完成/为/占/达到 + 全年/年度/年 +
               任务/目标/计划 + 数/值 + 的).
  ``excess``   regular expression for the words right before the cue that make the percentage an excess
               over the target (default 超额|超出|超过).
  ``stated_target``  regular expression for words right before the cue that make the statement a target
               rather than a result ("目标完成率95%", "计划完成率"; default 目标|计划|预期|要求|指标).

Message placeholders: ``{statement}`` (the statement as written: 为全年任务数的85%), ``{rate}`` (the
percentage as written), ``{value}`` (as a share of the target, in
percent: 85, 103.6), ``{target}``, ``{shortfall}`` (target − value).

Passes: "预计完成外贸进出口2168万美元，完成率100%；财税超额完成年计划的3.6%。".
Fails: "预计完成其他营利性服务业20亿元，为全年任务数的85%。" (85 < 100).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

import regex
from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds.base import Context, Outcome, fmt_decimal
from perfcheck.lazy_pattern import lazy_regex

KIND = "completion"
SUMMARY_ZH = (
    "查找“完成率85%”“为全年任务数的85%”等完成情况表述，与目标比较：达到 target 为通过，低于为不通过；"
    "“超额完成…3.6%”按103.6%计。约数、表格中的数字和“目标完成率95%”等目标表述不核对；全文没有此类表述为“不适用”。"
    "参数：target 为目标完成率（%，默认100），cue、excess、stated_target 分别为完成、超额、目标表述的引导词正则。"
)
VARIABLES = ("statement", "rate", "value", "target", "shortfall")

_PERIOD = r"(?:全年度?|年度|年初|本年度?|当年|今年|年)?"
# 预算 is left out on purpose: "占预算的30%" describes a composition, and 执行率 has rules of its own.
_GOAL = r"(?:目标任务|任务目标|工作任务|计划任务|目标|任务|计划)"
_CUE = (
    r"完成(?:率|比率|比例|进度)\s*(?:为|达到?|是)?\s*[：:]?\s*"
    rf"|(?:完成了?|为|占|达到?|实现了?)(?:了)?{_PERIOD}{_GOAL}(?:数|值|量|总量|总数|数额)?的\s*"
)
_DEFAULT_CUE = lazy_regex(_CUE)
_DEFAULT_EXCESS = lazy_regex(r"超额|超出|超过")
# "目标完成率为95%", "计划完成率90%", "要求完成率不低于…": a target being set, not a result.
_DEFAULT_STATED_TARGET = lazy_regex(r"(?:目标|计划|预期|要求|指标值?)$")
_WINDOW = 30  # characters before a figure searched for its cue


class Params(Struct, frozen=True):
    target: Decimal = Decimal(100)
    cue: Pattern = _DEFAULT_CUE
    excess: Pattern = _DEFAULT_EXCESS
    stated_target: Pattern = _DEFAULT_STATED_TARGET


@lru_cache(maxsize=64)
def _anchored(pattern: str, flags: int) -> regex.Pattern[str]:
    """The pattern, required to end right at the figure (the text before it, read backwards in effect)."""
    return regex.compile(rf"(?:{pattern})$", flags)


def check(context: Context, params: Params) -> Iterator[Outcome]:
    cue = _anchored(params.cue.pattern, params.cue.flags)
    found = 0
    for fact in context.facts:
        q = fact.quantity
        if q.kind != "percent" or fact.cell is not None or q.approximate:
            continue
        norm = context.document.blocks[fact.block].norm
        before = norm[max(0, q.start - _WINDOW) : q.start]
        said = context.search(cue, before)
        if said is None:
            continue
        start = q.start - len(before) + said.start()
        tail = before[: said.start()][-4:]
        if context.search(params.stated_target, tail):
            continue
        excess = context.search(params.excess, tail)
        if excess is not None:
            start -= len(tail) - excess.start()
        value = params.target + q.value if excess else q.value
        found += 1
        statement = norm[start : q.end]
        values = {
            "statement": statement,
            "rate": q.text,
            "value": fmt_decimal(value),
            "target": fmt_decimal(params.target),
            "shortfall": fmt_decimal(params.target - value),
        }
        evidence = {"statement": statement, "value": fmt_decimal(value), "target": fmt_decimal(params.target)}
        where = context.excerpt(fact.block, start, q.end)
        if value < params.target:
            yield Outcome("fail", "", where, values, evidence)  # the rule's message says it all
        else:
            reading = f"，即完成{fmt_decimal(value)}%" if excess else ""
            yield Outcome("pass", f"“{statement}”{reading}，已达到目标", where, values, evidence)
    if not found:
        yield Outcome("not-applicable", "文档中没有完成率或“完成…目标的N%”式的表述")
