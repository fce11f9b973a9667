"""sum — a total equals the sum of its named parts (整体支出 = 基本支出 + 项目支出).

The total and each part are found by their labels (the words before a figure in its clause, matched
with a regular expression). Each figure whose label matches ``total`` is checked against the parts
nearest it — in the same block first, then in the same section (``scope``) — so a report that states
the total twice is checked twice. A figure whose label also matches a part's pattern is never taken as
the total (``项目支出决算数`` is a part even though it says 决算数), and a figure labelled as a change
(``支出决算数比上年减少0.15万元``, ``同比增加``) is neither a total nor a part. Units are scaled first
(1亿元 = 10000万元 = 10⁸元) and the arithmetic is shown in the total's unit.

Figures as written are rounded: a figure with d decimals stands for ±½·10⁻ᵈ, every figure of the
relation is read at the largest number of decimals written in it (``30`` beside ``29.99`` is 30.00),
and the relation holds when |Σparts − total| ≤ Σ½·10⁻ᵈ (or the rule's ``tolerance``). A difference
inside that slack passes at ``info`` (尾差), never fails. A total without all its parts is
``unresolved`` and says what was looked for; a difference involving an approximate figure (约、余、以上)
is ``unresolved`` too, since an approximate figure cannot be held to the cent.

Parameters:
  ``total``      ``{label: 正则表达式}`` for the total (required).
  ``parts``      list of ``{label: 正则表达式}``, one per part (required, at least one).
  ``scope``      where the parts may be: ``block``, ``section`` (default: the same top-level section)
                 or ``document``.
  ``quantity``   ``amount`` (default) or ``count``.
  ``tolerance``  the allowed difference in the total's unit, instead of the rounding intervals.

Message placeholders: ``{total}`` (the total as written), ``{total_label}``, ``{parts}`` (the parts as
written), ``{parts_sum}``, ``{diff}`` (Σparts − total), ``{slack}``, ``{unit}``, ``{expected}`` (the total
that would balance the parts), ``{arithmetic}`` (``2247 + 2261.18 = 4508.18万元；文中为 4508.18万元；一致``).

Passes: ``total: {label: 整体支出}``, ``parts: [{label: 基本支出}, {label: 项目支出}]`` on
"整体支出100万元，基本支出60万元，项目支出40万元。". Fails on "…项目支出30万元。" (60 + 30 = 90 ≠ 100).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds._select import SCOPE_NAMES, Scope, excerpt_at, labelled, named, nearest, pattern_text, sum_report
from perfcheck.kinds.arithmetic import check_sum
from perfcheck.kinds.base import Context, Outcome

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact

KIND = "sum"
SUMMARY_ZH = (
    "找到合计与各分项金额（按标签），换算单位后相加；按四舍五入区间判断，相等为通过，区间内的差额为“尾差”（提示，"
    "不算不通过），超出为不通过。找不到合计或分项、或差额涉及约数时为“无法判定”。参数：total、parts 为标签正则，"
    "scope 为分项的查找范围，quantity 为金额（amount）或数量（count），tolerance 为允许差额。"
)
VARIABLES = ("total", "total_label", "parts", "parts_sum", "diff", "slack", "unit", "expected", "arithmetic")


class Operand(Struct, frozen=True):
    label: Pattern


class Params(Struct, frozen=True):
    total: Operand
    parts: tuple[Operand, ...]
    scope: Scope = "section"
    quantity: Literal["amount", "count"] = "amount"
    tolerance: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("parts 至少需要一个分项")


def check(context: Context, params: Params) -> Iterator[Outcome]:
    kinds = (params.quantity,)
    part_candidates = [labelled(context, spec.label, kinds) for spec in params.parts]
    totals = [
        f
        for f in labelled(context, params.total.label, kinds)
        if not any(context.search(spec.label, f.label) for spec in params.parts)
    ]
    if not totals:
        yield Outcome("unresolved", f"文中未找到合计数（标签为“{pattern_text(params.total.label)}”的数值），无法核对")
        return
    missing: list[str] = []
    checked = 0
    for total in totals:
        parts: list[Fact] = []
        for spec, candidates in zip(params.parts, part_candidates, strict=True):
            part = nearest(context, total, candidates, params.scope, taken=parts)
            if part is None:
                missing.append(pattern_text(spec.label))
                break
            parts.append(part)
        else:
            checked += 1
            yield _compare(context, total, parts, params)
    if not checked:
        wanted = "、".join(dict.fromkeys(missing))
        yield Outcome(
            "unresolved",
            f"找到合计数 {named(totals[0])}，但在{SCOPE_NAMES[params.scope]}内未找到分项“{wanted}”，无法核对",
            excerpt_at(context, totals[0]),
        )


def _compare(context: Context, total: Fact, parts: list[Fact], params: Params) -> Outcome:
    result = check_sum(total.quantity, [p.quantity for p in parts], params.tolerance)
    relation = f"{total.label or '合计'} = {' + '.join(p.label or '分项' for p in parts)}：{result.arithmetic}"
    values, evidence = sum_report(total, parts, result)
    where = excerpt_at(context, total)
    if result.status == "exact":
        return Outcome("pass", relation, where, values, evidence)
    if result.status == "within":
        return Outcome("pass", relation, where, values, evidence, severity="info")
    if total.quantity.approximate or any(p.quantity.approximate for p in parts):
        return Outcome("unresolved", f"{relation}；其中含约数，无法精确核对", where, values, evidence)
    return Outcome("fail", relation, where, values, evidence)
