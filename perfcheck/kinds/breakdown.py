"""breakdown — every "X，其中A…a、B…b" in the document adds up.

Stage 2 (``facts.breakdowns``) reads each total with the parts that follow its marker (其中, 包括,
分别为, 具体如下, 含); this kind adds the parts up, in the total's unit, with the same rounding
intervals as ``sum`` (a figure with d decimals stands for ±½·10⁻ᵈ; all figures read at the largest
number of decimals written). One outcome per breakdown, at its total:

- parts adding up to the total, exactly → pass; within the rounding slack → pass at ``info`` (尾差);
- parts adding up to *more* than the total → fail, at the rule's severity — parts can never exceed
  their whole, whether or not the list is complete;
- parts adding up to *less* than the total → fail at ``warning`` when the breakdown reads as complete
  (a part may be missing or wrong), and pass when the text marks it partial (主要, 部分, 等, or a single
  part: "引进企业128家，其中…的有38家" names a subset).

When the marker opens a sentence and the total is taken from the previous one, which holds other figures of
the same measure ("收入100万元，支出80万元。其中：…"), the pairing is an assumption: a fail says so and is at
most a warning.

A difference involving an approximate figure (约、余、以上) is ``unresolved``, and so is a breakdown the
reader could not add up as written (a part in another currency; a list that looks partial only because a
figure of another measure — 预算数, 比上年增加 — was left out of it): the reason is in the message. A
document without any breakdown is ``not-applicable``.

Parameters:
  ``tolerance``  the allowed difference in the total's unit, instead of the rounding intervals.
  ``quantity``   ``amount`` (default), ``count`` or ``any``: which breakdowns to check.

Message placeholders: ``{total}`` (the total as written), ``{total_label}``, ``{parts}``, ``{parts_sum}``,
``{diff}`` (Σparts − total), ``{slack}``, ``{unit}``, ``{expected}`` (the total that would balance the
parts), ``{arithmetic}``, ``{marker}`` (其中, 包括 …).

Passes: "项目支出100万元，其中A支出60万元，B支出40万元。". Fails: "项目支出100万元，其中A支出60万元，
B支出50万元。" (60 + 50 = 110 > 100).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.kinds._select import excerpt_at, named, sum_report
from perfcheck.kinds.arithmetic import check_sum, show
from perfcheck.kinds.base import Assumption, Context, Outcome

if TYPE_CHECKING:
    from perfcheck.facts.breakdowns import Breakdown

KIND = "breakdown"
SUMMARY_ZH = (
    "核对正文中“X，其中A…、B…”式的分项之和是否等于总数，按四舍五入区间判断，相等为通过，"
    "区间内的差额为“尾差”（提示，不算不通过）。分项之和超过总数为不通过；少于总数时，列举完整的为不通过（警告），"
    "写明“主要”“等”的部分列举为通过。含约数或分项无法相加时为“无法判定”，文中没有“其中”分项为“不适用”。参数："
    "tolerance 为允许差额，quantity 选择核对金额（amount）、数量（count）或全部（any）。"
)
VARIABLES = ("total", "total_label", "parts", "parts_sum", "diff", "slack", "unit", "expected", "arithmetic", "marker")


class Params(Struct, frozen=True):
    tolerance: Decimal | None = None
    quantity: Literal["amount", "count", "any"] = "amount"


def check(context: Context, params: Params) -> Iterator[Outcome]:
    breakdowns = [b for b in context.breakdowns if params.quantity == "any" or b.total.quantity.kind == params.quantity]
    if not breakdowns:
        yield Outcome("not-applicable", "文中没有“其中”分项")
        return
    for breakdown in breakdowns:
        yield _compare(context, breakdown, params)


def _compare(context: Context, breakdown: Breakdown, params: Params) -> Outcome:
    total, parts = breakdown.total, breakdown.parts
    result = check_sum(total.quantity, [p.quantity for p in parts], params.tolerance)
    d, unit = result.decimals, result.unit
    head = f"{named(total)}，{breakdown.marker}{'（部分列举）' if breakdown.partial else ''}"
    detail = f"{head}：{result.arithmetic}"
    values, evidence = sum_report(total, parts, result)
    values["marker"] = breakdown.marker
    evidence["partial"] = breakdown.partial
    where = excerpt_at(context, total)
    if breakdown.uncertain:  # the parts read cannot be added up as they stand: neither pass nor fail
        evidence["uncertain"] = breakdown.uncertain
        return Outcome("unresolved", f"{detail}；{breakdown.uncertain}", where, values, evidence)
    if result.status == "exact":
        return Outcome("pass", detail, where, values, evidence)
    if result.status == "within":
        return Outcome("pass", detail, where, values, evidence, severity="info")
    if result.diff < 0 and breakdown.partial:
        listed = show(result.parts_sum, d) + unit
        shown = f"{head}：所列分项合计 {listed}，未超过总数 {total.quantity.text}（仅列举部分分项）"
        return Outcome("pass", shown, where, values, evidence)
    if total.quantity.approximate or any(p.quantity.approximate for p in parts):
        return Outcome("unresolved", f"{detail}；其中含约数，无法精确核对", where, values, evidence)
    assumed = None
    if breakdown.total_assumed:  # "收入100万元，支出80万元。其中：…": which figure the 其中 breaks down is a guess
        assumed = Assumption(
            f"上一句的最后一个数“{total.quantity.text}”为“{breakdown.marker}”的总数", "分解的是上一句中的哪个数"
        )
        evidence["total_assumed"] = True
    if result.diff < 0:
        short = f"{detail}；可能漏列分项或数字有误"
        return Outcome("fail", short, where, values, evidence, severity="warning", assumed=assumed)
    return Outcome("fail", detail, where, values, evidence, assumed=assumed)
