"""share-vs-table — a share written in prose ("占X%") agrees with its part and its whole.

"本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%" — the share is recomputed as part ÷ whole ×
100. The part is the amount before the share in its sentence; the whole is named after 占 ("占本年支出合计
的99.86%") or, when unnamed, is the total the enumeration opens with (the amount before 其中 / 主要用于).
A whole named but not written in the sentence is read from the report's own tables by its label (see
``text-vs-table``: the table the section is about, the row or the total row's column the label names).

The recomputed share is an interval (operands ±½·10⁻ᵈ) and agrees when it meets the stated share's own
precision, as in ``ratio``. A share that disagrees is a fail; one whose digits were cut off rather than
rounded (99.868…% written 99.86%) is a fail at ``warning`` that gives the rounded figure ("应为 99.87%").
A fail whose whole came from a table pairing that is not certain is a warning that names the cell.
A zero whole is ``not-applicable`` (0/0 is no share). A share whose part or whole cannot be found is
``unresolved``; a document without shares is ``not-applicable``.

Parameters: none beyond ``skip_funding_tables`` (default true: 自评表 funding tables are
``text-table-total``'s).

Message placeholders: ``{stated}``, ``{part}``, ``{whole}``, ``{expected}``, ``{arithmetic}``
(``2336.91 ÷ 2940.05 × 100% = 79.49%；文中为 79.49%；一致（在文中数值的精度内）``).

Passes: "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%。". Fails: "…占78.49%。".
"""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct

from perfcheck.facts.numbers import Quantity
from perfcheck.kinds._prose_shares import Share, find_shares
from perfcheck.kinds._select import excerpt_at, named
from perfcheck.kinds._table_pairing import Pairing, funding_blocks, pair
from perfcheck.kinds.arithmetic import check_ratio, show
from perfcheck.kinds.base import Context, Outcome

KIND = "share-vs-table"
SUMMARY_ZH = (
    "用分项金额除以总额重新计算正文中的占比（“占X%”）：总额在句中写明时用句中数，只写名称（如“占本年支出合计的”）"
    "时从报告自身的表格中按名称取数。精度内一致为通过；不一致为不通过，其中截尾而非四舍五入的为警告并给出应写的数；"
    "从表格取数的对应不确定时降为警告。找不到分项或总额为“无法判定”，总额为0或没有占比为“不适用”。参数："
    "skip_funding_tables 为是否跳过项目自评表资金表。"
)
VARIABLES = ("stated", "part", "whole", "expected", "arithmetic")


class Params(Struct, frozen=True):
    skip_funding_tables: bool = True


def check(context: Context, params: Params) -> Iterator[Outcome]:
    shares = find_shares(context)
    if not shares:
        yield Outcome("not-applicable", "文中没有“占X%”形式的占比")
        return
    skip = funding_blocks(context) if params.skip_funding_tables else frozenset()
    for share in shares:
        yield _check_one(context, share, skip)


def _check_one(context: Context, share: Share, skip: frozenset[int]) -> Outcome:
    rate = share.rate
    where = excerpt_at(context, rate)
    if share.part is None:
        return Outcome("unresolved", f"占比 {rate.quantity.text}：句中未找到所占的金额，无法核对", where)
    whole_q: Quantity | None = share.whole.quantity if share.whole is not None else None
    whole_name = named(share.whole) if share.whole is not None else ""
    pairing: Pairing | None = None
    wholes: list[tuple[Quantity, str]] = [(whole_q, whole_name)] if whole_q is not None else []
    if whole_q is None and share.whole_label:
        pairing = pair(context, share.whole_label, share.whole_label, rate.block, skip_blocks=skip)
        if pairing is not None:
            # the paired cell first, then the cells the label could also mean (another table's 本年支出合计)
            for cell in (pairing.cell, *pairing.others):
                quantity = Quantity(cell.value, cell.unit, "amount", cell.decimals, cell.text, 0, 0, currency="CNY")
                wholes.append((quantity, f"{pairing.place_of(cell)} {cell.text}{cell.unit}"))
    if not wholes:
        what = f"“{share.whole_label}”" if share.whole_label else "总额"
        detail = f"占比 {rate.quantity.text}：句中和表中均未找到{what}，无法核对（所占金额为 {named(share.part)}）"
        return Outcome("unresolved", detail, where)
    try:
        tried = [(check_ratio(rate.quantity, share.part.quantity, q), q, name) for q, name in wholes]
    except ValueError:
        return Outcome("unresolved", f"占比 {rate.quantity.text}：金额单位无法换算", where)
    # the whole it agrees with, else one it was truncated from, else the paired cell
    result, whole_q, whole_name = next(
        (t for t in tried if t[0] is not None and t[0].agrees),
        next((t for t in tried if t[0] is not None and t[0].truncated), tried[0]),
    )
    if result is None:
        return Outcome("not-applicable", f"占比 {rate.quantity.text}：总额为 0（{whole_name}），占比无意义", where)
    expected = show(result.computed, rate.quantity.decimals) + "%"
    values = {
        "stated": rate.quantity.text,
        "part": named(share.part),
        "whole": whole_name,
        "expected": expected,
        "arithmetic": "",
    }
    evidence = {
        "stated": rate.quantity.text,
        "part": share.part.quantity.text,
        "whole": whole_name,
        "computed": result.shown_computed,
        "truncated": result.truncated,
        "whole_from_table": pairing is not None,
    }
    relation = f"占比（{named(share.part)} ÷ {whole_name}）：{result.arithmetic}"
    values["arithmetic"] = relation
    if result.agrees:
        exact = show(result.computed, rate.quantity.decimals) == show(rate.quantity.value, rate.quantity.decimals)
        return Outcome("pass", relation, where, values, evidence, severity=None if exact else "info")
    if rate.quantity.approximate or share.part.quantity.approximate:
        return Outcome("unresolved", f"{relation}；其中含约数，无法精确核对", where, values, evidence)
    if result.truncated:
        return Outcome("fail", relation, where, values, evidence, severity="warning")
    assumed = pairing.assumption() if pairing is not None else None
    return Outcome("fail", relation, where, values, evidence, assumed=assumed)
