"""threshold — a target the report sets itself is met by the figures it reports.

A report may state a target as a share ("各部门重点工作占部门整体支出50%及以上") and elsewhere give the
figures it is computed from (项目支出 2261.18万元, 整体支出 4508.18万元). The target statement is found
with a regular expression whose named group ``value`` holds the percentage; the comparison comes from
the named group ``op`` if the pattern has one, else from the whole match: 及以上/以上/不低于/不少于/≥/达到/
至少 → ≥; 及以下/以下/以内/不超过/不高于/≤/控制在 → ≤; 超过/高于 → >; 低于/少于/不足 → <; none → ≥.
("以上""以下" include the figure itself, as in 《民法典》第一千二百五十九条.)

The figures are found by their labels: the numerator and denominator nearest each other (same block
first) within ``scope`` (default ``document``: targets and results are usually in different sections);
a figure labelled as a change (比上年增加…) is not one of them.
The ratio is an interval (figures with d decimals stand for ±½·10⁻ᵈ); the target counts as met when
the computed ratio meets it, and as met at ``info`` when only the rounding interval reaches it. No
target statement: ``not-applicable``. Target stated but figures not found: ``unresolved``. A zero
denominator: ``not-applicable``.

Parameters:
  ``target``       regular expression for the target statement, with a named group ``value`` (required).
  ``numerator``    label of the part, e.g. ``项目支出`` (required).
  ``denominator``  label of the whole, e.g. ``整体支出`` (required).
  ``scope``        ``block``, ``section`` or ``document`` (default): where the two figures may be,
                   relative to each other.

Message placeholders: ``{target}`` (e.g. ``≥ 50%``), ``{computed}``, ``{numerator}``, ``{denominator}``,
``{arithmetic}`` (``项目支出 2261.18 ÷ 整体支出 4508.18 = 50.16%，不低于目标 50%``).

Passes: ``{target: "占整体支出(?P<value>\\d+)%及以上", numerator: 项目支出, denominator: 整体支出}`` on
"重点工作占整体支出50%及以上。整体支出100万元，项目支出60万元。". Fails when 项目支出 is 40万元.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import regex
from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds._select import Figures, Scope, compatible, excerpt_at, labelled, nearest, pattern_text
from perfcheck.kinds.arithmetic import Rate, compute_rate, show
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact

KIND = "threshold"
SUMMARY_ZH = (
    "核对报告自己提出的比例目标（如“占整体支出50%及以上”）是否达到：用分子、分母金额计算比例并与目标比较，"
    "达到为通过（仅靠舍入区间达到的为提示），未达到为不通过。提出了目标但找不到金额为“无法判定”；"
    "没有目标表述或分母为0为“不适用”。参数：target 为目标表述的正则（含命名分组 value），numerator、"
    "denominator 为分子、分母的标签正则，scope 为两个数字的查找范围。"
)
VARIABLES = ("target", "computed", "numerator", "denominator", "arithmetic")

# Longest words first, so that 不低于 is not read as 低于 nor 及以上 as 以上.
_COMPARATOR = lazy_regex(
    r"(?P<ge>不低于|不少于|不小于|及以上|以上|≥|>=|达到|至少)"
    r"|(?P<le>不超过|不高于|不大于|及以下|以下|以内|≤|<=|控制在)"
    r"|(?P<gt>超过|高于|大于|>)|(?P<lt>低于|少于|小于|不足|<)"
)
_SYMBOL = {"ge": "≥", "le": "≤", "gt": ">", "lt": "<"}
# How the computed ratio relates to the target, when it is met and when it is not.
_WORDS = {"ge": ("不低于", "低于"), "le": ("不高于", "高于"), "gt": ("高于", "未高于"), "lt": ("低于", "未低于")}


class Params(Struct, frozen=True):
    target: Pattern
    numerator: Pattern
    denominator: Pattern
    scope: Scope = "document"

    def __post_init__(self) -> None:
        if "value" not in self.target.groupindex:
            raise ValueError("target 正则表达式需要命名分组 (?P<value>…) 表示目标百分比")


class Target(Struct, frozen=True):
    value: Decimal
    op: str
    block: int
    start: int
    end: int
    text: str

    @property
    def shown(self) -> str:
        return f"{_SYMBOL[self.op]}{self.value:f}%"


def check(context: Context, params: Params) -> Iterator[Outcome]:
    targets = _targets(context, params.target)
    if not targets:
        yield Outcome("not-applicable", "文中未提出本规则所核对的目标")
        return
    pair = _figures(context, params)
    for target in targets:
        where = context.excerpt(target.block, target.start, target.end)
        if pair is None:
            wanted = f"“{pattern_text(params.numerator)}”和“{pattern_text(params.denominator)}”"
            yield Outcome("unresolved", f"文中提出目标“{target.text}”，但未找到{wanted}的金额，无法核对", where)
            continue
        yield _compare(context, params, target, *pair)


def _targets(context: Context, pattern: regex.Pattern[str]) -> list[Target]:
    """Each distinct target statement, at its first place."""
    found: dict[tuple[Decimal, str], Target] = {}
    for block in context.document.blocks:
        for match in context.finditer(pattern, block.norm):
            try:
                value = Decimal(match.group("value").strip().rstrip("%"))
            except (InvalidOperation, AttributeError):
                continue
            op_text = match.group("op") if "op" in pattern.groupindex and match.group("op") else match.group()
            comparator = _COMPARATOR.search(op_text)
            op = comparator.lastgroup if comparator is not None and comparator.lastgroup else "ge"
            found.setdefault((value, op), Target(value, op, block.index, match.start(), match.end(), match.group()))
    return list(found.values())


def _figures(context: Context, params: Params) -> tuple[Fact, Fact] | None:
    """The numerator and denominator nearest each other: same block first, then fewest blocks apart."""
    candidates = labelled(context, params.numerator)
    numerators = Figures(f for f in candidates if not context.search(params.denominator, f.label))
    best: tuple[Fact, Fact] | None = None
    for denominator in labelled(context, params.denominator):
        numerator = nearest(context, denominator, numerators, params.scope)
        if numerator is None or not compatible(numerator, denominator):
            continue
        if best is None or _gap(numerator, denominator) < _gap(*best):
            best = (numerator, denominator)
    return best


def _gap(a: Fact, b: Fact) -> tuple[int, int]:
    return (abs(a.block - b.block), abs(a.quantity.start - b.quantity.start))


def _compare(context: Context, params: Params, target: Target, numerator: Fact, denominator: Fact) -> Outcome:
    rate = compute_rate(numerator.quantity, denominator.quantity)
    num_name = _short(context, params.numerator, numerator)
    den_name = _short(context, params.denominator, denominator)
    if rate is None:
        return Outcome("not-applicable", f"{den_name}为 0，无法计算比例", excerpt_at(context, denominator))
    met, within = _met(rate, target)
    shown = rate.shown()
    word = "按舍入误差可视为达到" if within else _WORDS[target.op][0 if met else 1]
    arithmetic = (
        f"{num_name} {rate.numerator:f} ÷ {den_name} {rate.denominator:f} = {shown}，{word}目标 {target.value:f}%"
    )
    values = {
        "target": target.shown,
        "computed": shown,
        "numerator": f"{num_name} {numerator.quantity.text}",
        "denominator": f"{den_name} {denominator.quantity.text}",
        "arithmetic": arithmetic,
    }
    evidence = {
        "target": target.text,
        "comparison": _SYMBOL[target.op],
        "numerator": numerator.quantity.text,
        "denominator": denominator.quantity.text,
        "computed": show(rate.value, 4),
    }
    excerpt = context.excerpt(target.block, target.start, target.end)
    if not met:
        return Outcome("fail", arithmetic, excerpt, values, evidence)
    return Outcome("pass", arithmetic, excerpt, values, evidence, severity="info" if within else None)


def _met(rate: Rate, target: Target) -> tuple[bool, bool]:
    """(met, only within the rounding interval)."""
    value, goal = rate.value, target.value
    low = rate.low if rate.low is not None else value
    high = rate.high if rate.high is not None else value
    strict = {"ge": value >= goal, "le": value <= goal, "gt": value > goal, "lt": value < goal}[target.op]
    if strict:
        return True, False
    loose = {"ge": high >= goal, "le": low <= goal, "gt": high > goal, "lt": low < goal}[target.op]
    return loose, loose


def _short(context: Context, pattern: regex.Pattern[str], fact: Fact) -> str:
    """The part of a label its pattern matched: 整体支出本年度决算金额 → 整体支出."""
    match = context.search(pattern, fact.label)
    return match.group() if match is not None and match.group() else fact.label
