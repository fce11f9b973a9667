"""share-sum — the shares of one whole do not add to more than 100 %.

"一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；社会保障和
就业支出（类）326.72万元，占11.11%；卫生健康支出（类）60.99万元，占2.07%；住房保障支出（类）445.69万元，占
15.16%" — the four shares are of one whole (the total the enumeration opens with, or the same whole
named after each 占), so they add to at most 100 %: here 100.07 %. Each stated share stands for ±½·10⁻ᵈ
(a share written 2.07% may be 2.065…2.075), so the sum may exceed 100 by at most the sum of those
half-units; beyond that it fails. A sum below 100 is not a finding (an enumeration may list only the
main items). Only shares of one sentence are grouped, and only two or more.

No group of two or more shares of one whole: ``not-applicable``.

Parameters: none.

Message placeholders: ``{sum}`` (the stated shares' sum), ``{arithmetic}``
(``71.73% + 11.11% + 2.07% + 15.16% = 100.07%；超过 100%（允许尾差 ±0.02%）``).

Passes: "本年支出合计100万元，其中：基本支出60万元，占60%；项目支出40万元，占40%。". Fails: "…占60%；…占45%。".
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from msgspec import Struct

from perfcheck.kinds._prose_shares import Share, find_shares, sentence_start
from perfcheck.kinds.arithmetic import HUNDRED, half_unit
from perfcheck.kinds.base import Context, Outcome, fmt_decimal

KIND = "share-sum"
SUMMARY_ZH = (
    "同一句中属于同一总额的各项占比（“其中：A…占x%；B…占y%”）相加不应超过100%，允许各占比按小数位的舍入误差之和；"
    "超过即为不通过，不足100%不报（列举可能只列主要项目）。没有两项以上同一总额的占比为“不适用”。无参数。"
)
VARIABLES = ("sum", "arithmetic")


class Params(Struct, frozen=True):
    pass


def check(context: Context, params: Params) -> Iterator[Outcome]:
    groups: dict[tuple[int, object], list[Share]] = {}
    for share in find_shares(context):
        if share.part is None:
            continue
        if share.whole is not None:
            whole: object = ("fact", share.whole.quantity.start)
        elif share.whole_label:
            whole = ("label", share.whole_label)
        else:
            continue
        text = context.document.blocks[share.rate.block].norm
        sentence = sentence_start(text, share.rate.quantity.start)
        groups.setdefault((share.rate.block, (sentence, whole)), []).append(share)
    checked = 0
    for shares in groups.values():
        if len(shares) < 2:
            continue
        checked += 1
        yield _check_group(context, shares)
    if not checked:
        yield Outcome("not-applicable", "文中没有同一总额下的两项以上占比")


def _check_group(context: Context, shares: list[Share]) -> Outcome:
    rates = [s.rate.quantity for s in shares]
    total = sum((q.value for q in rates), Decimal(0))
    slack = sum((half_unit(q.decimals) for q in rates), Decimal(0))
    decimals = max(q.decimals for q in rates)
    terms = " + ".join(q.text for q in rates)
    shown = f"{total:.{decimals}f}%"
    first, last = shares[0].rate, shares[-1].rate
    where = context.excerpt(first.block, first.quantity.start, last.quantity.end)
    values = {"sum": shown}
    evidence = {"shares": [q.text for q in rates], "sum": shown, "slack": fmt_decimal(slack)}
    if total <= HUNDRED:
        line = f"{terms} = {shown}；不超过 100%"
        return Outcome("pass", line, where, {**values, "arithmetic": line}, evidence)
    if total - HUNDRED <= slack:
        line = f"{terms} = {shown}；超出 100% 的部分在各占比的舍入误差 ±{fmt_decimal(slack)}% 之内（尾差）"
        return Outcome("pass", line, where, {**values, "arithmetic": line}, evidence, severity="info")
    line = f"{terms} = {shown}；超过 100%（允许尾差 ±{fmt_decimal(slack)}%），各项占比至少有一项有误"
    return Outcome("fail", line, where, {**values, "arithmetic": line}, evidence)
