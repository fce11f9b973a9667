"""ratio — a stated percentage agrees with the figures it is computed from.

Covers 占比 (part ÷ total), 执行率 (执行数 ÷ 预算数), 完成率 (实际 ÷ 目标) with ``formula: share``, and
增长率 with ``formula: growth``: "比上年增加X万元，增长Y%" gives Y = X ÷ (current − X), the prior year
being the current figure less the increase (a change labelled 减少/下降/降低 gives Y = X ÷ (current + X)).

Each percentage whose label matches ``stated`` is checked. Its operands are found by label: first the
nearest matching figure *before* it in the same clause run (after the previous stated rate of the same
block, so "预算150万元，执行142.5万元，执行率95%；预算200万元，执行180万元，执行率90%" pairs each rate with
its own figures), then the nearest within ``scope``. Without a ``numerator`` pattern the figure right
before the percentage is the numerator ("项目支出2261.18万元，占整体支出的50.16%"); for ``growth``
without a ``denominator`` pattern the figure right before the change is the current value.

The recomputed rate is an interval (operands with d decimals stand for ±½·10⁻ᵈ, read at the largest
number of decimals written) and agrees when it meets the stated rate's own interval — the stated
precision: 50% stands for [49.5%, 50.5%]. Agreement that needs the rounding slack passes at ``info``.
A zero base (0/0, x/0) is ``not-applicable``, never 0 % — unless ``zero_base: fail``: then a rate
stated on a zero base with a non-zero change or actual ("收入支出总计增加307.82万元，增长100.00%" for a unit
set up this year; "年初预算为0万元…完成年初预算的95.89%") is a fail, because no rate can be computed and
the text gives one; 0/0 stays ``not-applicable``. A stated rate whose digits were cut off rather than
rounded (99.868…% written 99.86%) fails at ``warning`` and says what it should read. Operands not
found: ``unresolved`` (or
``not-applicable`` with ``if_missing: not-applicable``, for rules that only apply where both figures
are given). No stated percentage at all: ``not-applicable``.

Parameters:
  ``stated``       regular expression for the percentage's label (required), e.g. ``执行率``.
  ``numerator``    label of the part / 执行数 / actual / change (default: the figure before the rate).
  ``denominator``  label of the total / 预算数 / target / current figure (required for ``share``).
  ``formula``      ``share`` (default) or ``growth``.
  ``decrease``     for ``growth``: a change whose label matches this is a decrease (default 减少|下降|降低).
  ``prior``        for ``growth``: a base figure whose label matches this is the prior year's value itself,
                   so the rate is change ÷ base (default 上年|去年|上一年|同期|基期).
  ``scope``        ``block`` (default), ``section`` or ``document``: where operands may be found.
  ``if_missing``   ``unresolved`` (default) or ``not-applicable``.
  ``tolerance``    allowed difference in percentage points, instead of the stated precision.
  ``zero_base``    ``not-applicable`` (default) or ``fail``: what a rate stated on a zero base is.
  ``only_zero_base``  report only rates on a zero base (default false), for a rule that adds this check
                   beside another rule of this kind that already checks the same rates.
  ``own_base``     a sub-item's rate takes the sub-item's own base (default false). When the rate's own
                   clause run gives the numerator but not the denominator ("“三公”经费…年初预算为2.85万元，
                   支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费决算为0.00万元，完成预算的0.00%"),
                   the denominator of an earlier rate is another thing's base: the sub-item's own cell in the
                   column the denominator names (its 预算数 in the 三公 table) is used instead, and without
                   one the rate is ``if_missing`` — never measured against the whole's budget. An uncertain
                   table pairing lowers a fail to a warning that says which cell was assumed.

Message placeholders: ``{stated}`` (as written), ``{stated_label}``, ``{computed}`` (two decimals or the
stated ones), ``{expected}`` (at the stated precision), ``{numerator}``, ``{denominator}``, ``{arithmetic}``
(``142.5 ÷ 150 × 100% = 95.00%；文中为 95%；一致（在文中数值的精度内）``).

Passes: ``{stated: 执行率, numerator: 执行, denominator: 预算}`` on "全年预算150万元，全年执行142.5万元，
执行率95%。". Fails on "…执行率90%。" (142.5 ÷ 150 = 95%).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

import regex
from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.facts.numbers import Fact, Quantity
from perfcheck.kinds._select import (
    SCOPE_NAMES,
    Scope,
    compatible,
    excerpt_at,
    labelled,
    named,
    nearest,
    pattern_text,
    preceding,
)
from perfcheck.kinds.arithmetic import Formula, check_ratio, show
from perfcheck.kinds.base import Assumption, Context, Outcome
from perfcheck.lazy_pattern import lazy_regex

KIND = "ratio"
SUMMARY_ZH = (
    "用文中的分子、分母重新计算占比、执行率或增长率，与文中百分比比较：精度内一致为通过（靠舍入才一致的为提示），"
    "不一致为不通过。找不到分子或分母、或含约数为“无法判定”，基数为0或文中无此百分比为“不适用”。参数：stated、"
    "numerator、denominator 为百分比、分子、分母的标签正则，formula 为占比（share）或增长率（growth），decrease、"
    "prior 为识别“减少”“上年”的词，scope 为查找范围，if_missing 为缺数时的结果，tolerance 为允许差额（百分点），"
    "zero_base 为基数为0而文中仍写比率时的结果（fail 为不通过），only_zero_base 为只报告基数为0的情形，"
    "own_base 为“其中”各分项的比率以该分项自身的分母（句中未写时取表中该分项的单元格）计算；"
    "截尾而非四舍五入的百分比为警告。"
)
VARIABLES = ("stated", "stated_label", "computed", "expected", "numerator", "denominator", "arithmetic")
_OPERAND_KINDS = ("amount", "count")
_DECREASE = lazy_regex("减少|下降|降低")
_PRIOR = lazy_regex("上年|去年|上一年|同期|基期")


class Params(Struct, frozen=True):
    stated: Pattern
    numerator: Pattern | None = None
    denominator: Pattern | None = None
    formula: Literal["share", "growth"] = "share"
    decrease: Pattern = _DECREASE
    prior: Pattern = _PRIOR
    scope: Scope = "block"
    if_missing: Literal["unresolved", "not-applicable"] = "unresolved"
    tolerance: Decimal | None = None
    zero_base: Literal["not-applicable", "fail"] = "not-applicable"
    only_zero_base: bool = False
    own_base: bool = False

    def __post_init__(self) -> None:
        if self.formula == "share" and self.denominator is None:
            raise ValueError("formula: share 需要 denominator（分母的标签）")


def check(context: Context, params: Params) -> Iterator[Outcome]:
    rates = labelled(context, params.stated, ("percent",), changes=True)
    if not rates:
        yield Outcome("not-applicable", f"文中没有“{pattern_text(params.stated)}”的百分比")
        return
    previous: Fact | None = None
    reported = 0
    computed = False
    for rate in rates:
        same_run = previous is not None and previous.block == rate.block and previous.cell == rate.cell
        after = previous.quantity.end if same_run and previous is not None else 0
        outcome = _check_one(context, params, rate, after)
        previous = rate
        if params.only_zero_base and not outcome.evidence.get("zero_base"):
            computed = computed or outcome.status in ("pass", "fail")
            continue
        reported += 1
        yield outcome
    if params.only_zero_base and not reported:
        what = pattern_text(params.stated)
        if computed:
            yield Outcome("pass", f"文中的“{what}”均有非零基数")
        else:
            yield Outcome("not-applicable", f"文中没有可核对基数的“{what}”")


def _check_one(context: Context, params: Params, rate: Fact, after: int) -> Outcome:
    numerator, denominator = _operands(context, params, rate, after)
    where = excerpt_at(context, rate)
    assumed: Assumption | None = None
    borrowed = numerator is not None and denominator is not None and _borrowed(rate, numerator, denominator, after)
    if params.own_base and borrowed and numerator is not None and denominator is not None:
        own = _own_base(context, params, numerator)
        if own is None:
            detail = (
                f"{named(rate)}：分项“{numerator.label}”的分母在本句中未写明，表中也未找到其本身的"
                f"{pattern_text(params.denominator) if params.denominator else '分母'}数；"
                f"不以前文的{named(denominator)}作分母"
            )
            return Outcome(params.if_missing, detail, where)
        denominator, assumed = own
    if numerator is None or denominator is None:
        wanted = "、".join(
            name
            for name, found in (
                (_wanted(params.numerator, "分子"), numerator),
                (_wanted(params.denominator, "分母"), denominator),
            )
            if found is None
        )
        detail = f"{named(rate)}：在{SCOPE_NAMES[params.scope]}内未找到计算所需的{wanted}，无法核对"
        return Outcome(params.if_missing, detail, where)
    formula: Formula = params.formula
    if formula == "growth" and context.search(params.prior, denominator.label):
        formula = "share"  # the base figure is already the prior year's: "上年支出X，增加Y，增长Z%"
    elif formula == "growth" and context.search(params.decrease, numerator.label):
        formula = "decline"
    result = check_ratio(rate.quantity, numerator.quantity, denominator.quantity, params.tolerance, formula)
    operands = f"{named(numerator)}，{named(denominator)}"
    if result is None:
        if params.zero_base == "fail" and (numerator.quantity.value != 0 or rate.quantity.value != 0):
            detail = f"{named(rate)}：计算基数为 0（{operands}），无法计算比率，文中却写为 {rate.quantity.text}"
            evidence_zero = {"stated": rate.quantity.text, "numerator": numerator.quantity.text, "zero_base": True}
            values_zero = {
                "stated": rate.quantity.text,
                "stated_label": rate.label,
                "computed": "无法计算",
                "expected": "不写比率（基数为 0）",
                "numerator": named(numerator),
                "denominator": named(denominator),
                "arithmetic": detail,
            }
            return Outcome("fail", detail, where, values_zero, evidence_zero)
        return Outcome("not-applicable", f"{named(rate)}：计算基数为 0（{operands}），比率无意义，不按 0% 计", where)
    relation = f"{rate.label or '比率'}：{result.arithmetic}"
    expected = show(result.computed, rate.quantity.decimals) + "%"
    values = {
        "stated": rate.quantity.text,
        "stated_label": rate.label,
        "computed": result.shown_computed + "%",
        "expected": expected,
        "numerator": named(numerator),
        "denominator": named(denominator),
        "arithmetic": result.arithmetic,
    }
    evidence = {
        "stated": rate.quantity.text,
        "numerator": numerator.quantity.text,
        "denominator": denominator.quantity.text,
        "formula": formula,
        "computed": result.shown_computed,
        "low": show(result.low, 4),
        "high": show(result.high, 4),
    }
    if result.agrees:
        exact = show(result.computed, rate.quantity.decimals) == show(rate.quantity.value, rate.quantity.decimals)
        return Outcome("pass", relation, where, values, evidence, severity=None if exact else "info")
    if rate.quantity.approximate or numerator.quantity.approximate or denominator.quantity.approximate:
        return Outcome("unresolved", f"{relation}；其中含约数，无法精确核对", where, values, evidence)
    if result.truncated:  # cut off rather than rounded: a slip of presentation, not a wrong figure
        return Outcome("fail", relation, where, values, {**evidence, "truncated": True}, severity="warning")
    return Outcome("fail", relation, where, values, evidence, assumed=assumed)


def _borrowed(rate: Fact, numerator: Fact, denominator: Fact, after: int) -> bool:
    """Is the numerator in the rate's own clause run but the denominator only in an earlier rate's run
    ("其中：因公出国（境）费决算为0.00万元，完成预算的0.00%" after the 三公 total's rate)?"""

    def in_run(f: Fact) -> bool:
        return f.block == rate.block and f.cell == rate.cell and after <= f.quantity.start < rate.quantity.start

    return after > 0 and in_run(numerator) and not in_run(denominator)


def _own_base(context: Context, params: Params, numerator: Fact) -> tuple[Fact, Assumption | None] | None:
    """The sub-item's own base: the cell its label names in the column the denominator names (预算)."""
    from perfcheck.kinds._table_pairing import column_word, in_unit, pair

    word = column_word(pattern_text(params.denominator)) if params.denominator is not None else ""
    if not word:
        return None
    found = pair(context, numerator.label, numerator.label, numerator.block, column=word)
    if found is None:
        return None
    cell = found.cell
    try:
        value, decimals = in_unit(cell, numerator.quantity.unit)
    except ValueError:
        return None
    shown = f"{cell.text}{cell.unit}"
    quantity = Quantity(value, numerator.quantity.unit, "amount", decimals, shown, 0, len(shown))
    return Fact(quantity, found.place(), cell.block, (cell.row, cell.column)), found.assumption()


def _operands(context: Context, params: Params, rate: Fact, after: int) -> tuple[Fact | None, Fact | None]:
    """The numerator, then the denominator: the nearest matching figures before the rate, else in scope."""
    anything = regex.compile("")
    changes = params.formula == "growth"  # the numerator of a growth rate is the change itself
    num_candidates = labelled(context, params.numerator or anything, _OPERAND_KINDS, changes=changes)
    numerator = preceding(context, rate, num_candidates, after)
    if numerator is None and params.numerator is not None:
        numerator = nearest(context, rate, num_candidates, params.scope, match_anchor=False)
    if params.denominator is None:
        # growth without a pattern for the current figure: the one right before the change
        if numerator is None:
            return None, None
        # another change ("…减少0.15万元，下降27.78%，其中…减少0.15万元") is not a base
        found = numerator

        def base(f: Fact) -> bool:
            return compatible(found, f) and f not in num_candidates

        return numerator, preceding(context, numerator, labelled(context, anything, _OPERAND_KINDS), after, where=base)
    den_candidates = labelled(context, params.denominator, _OPERAND_KINDS)

    def operand(f: Fact) -> bool:
        return numerator is None or (f != numerator and compatible(numerator, f))

    denominator = preceding(context, rate, den_candidates, after, where=operand)
    if denominator is None:
        denominator = nearest(context, rate, den_candidates, params.scope, match_anchor=False, where=operand)
    return numerator, denominator


def _wanted(pattern: regex.Pattern[str] | None, role: str) -> str:
    return f"{role}“{pattern_text(pattern)}”" if pattern is not None else role
