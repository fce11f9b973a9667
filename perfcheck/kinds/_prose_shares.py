"""Shares written in prose ("基本支出2336.91万元，占79.49%"), with the part and the whole they are of.

Shared by ``share-vs-table`` and ``share-sum``. A share is a percentage right after 占 in its clause
("占34.30%", "占本年支出合计的100.00%", "占比55.08%"). Its **part** is the nearest amount before it in the
same sentence with no other share between. Its **whole** is named after 占 ("本年支出合计"), or, when
unnamed, is the total the enumeration opens with: the amount before the 其中 / 主要用于 / 包括 that the
part follows ("本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact
    from perfcheck.kinds.base import Context

_SHARE_CLAUSE = lazy_regex(r"占(?P<whole>[^，。；：、]*?)(?:的)?(?:比重|比例|比)?(?:为|达|达到)?$")
_OPENS = lazy_regex(r"其中|主要用于|包括|分别为|具体为|构成为")


@dataclass(frozen=True, slots=True)
class Share:
    rate: Fact
    part: Fact | None
    whole_label: str  # the words after 占, "" when unnamed
    whole: Fact | None  # the enumeration's total (or a named whole stated earlier in the block)
    opener: int  # offset of the 其中 / 主要用于 the part follows, -1 if none


def find_shares(context: Context) -> list[Share]:
    """Every share in the prose, in document order, with its part and whole where they are written."""
    blocks = context.document.blocks
    by_block: dict[int, list[Fact]] = {}
    for fact in context.facts:
        if fact.cell is None and blocks[fact.block].kind != "table":
            by_block.setdefault(fact.block, []).append(fact)
    shares: list[Share] = []
    for block, facts in by_block.items():
        text = blocks[block].norm
        for position, fact in enumerate(facts):
            if fact.quantity.kind != "percent":
                continue
            cut = max(text.rfind(mark, 0, fact.quantity.start) for mark in "，。；：、")
            clause = text[cut + 1 : fact.quantity.start]
            match = _SHARE_CLAUSE.search(clause)
            if match is None or not clause.lstrip().startswith("占"):
                continue
            whole_label = match.group("whole").strip()
            part = _part(text, facts[:position], fact)
            opener, whole = _whole(text, facts[:position], part, whole_label)
            shares.append(Share(fact, part, whole_label, whole, opener))
    return shares


def _part(text: str, before: list[Fact], rate: Fact) -> Fact | None:
    for fact in reversed(before):
        if fact.quantity.kind == "percent":
            return None  # another share or rate sits between: this one has no part of its own
        if fact.quantity.kind == "amount":
            # the part is in the share's own sentence
            return None if "。" in text[fact.quantity.end : rate.quantity.start] else fact
    return None


def _whole(text: str, before: list[Fact], part: Fact | None, whole_label: str) -> tuple[int, Fact | None]:
    if part is None:
        return -1, None
    sentence_start = text.rfind("。", 0, part.quantity.start) + 1
    openers = list(_OPENS.finditer(text, sentence_start, part.quantity.start))
    if whole_label:
        from perfcheck.facts.table_index import label_key

        wanted = label_key(whole_label)
        for fact in reversed(before):
            if fact is part or fact.quantity.kind != "amount" or fact.quantity.start < sentence_start:
                continue
            if wanted and label_key(fact.label).endswith(wanted):
                return -1, fact
        return -1, None
    if not openers:
        return -1, None
    opener = openers[0].start()
    amounts = [f for f in before if f.quantity.kind == "amount" and sentence_start <= f.quantity.start < opener]
    return opener, (amounts[-1] if amounts else None)
