"""Shares written in prose ("基本支出2336.91万元，占79.49%"), with the part and the whole they are of.

Shared by ``share-vs-table`` and ``share-sum``. A share is a percentage right after 占 in its clause
("占34.30%", "占本年支出合计的100.00%", "占比55.08%"). Its **part** is the nearest amount before it in the
same sentence with no other share between. Its **whole** is named after 占 ("本年支出合计"), or, when
unnamed, is the total the enumeration opens with: the amount before the 其中 / 主要用于 / 包括 that the
part follows ("本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact
    from perfcheck.kinds.base import Context

_SHARE_CLAUSE = lazy_regex(r"占(?P<whole>[^，。；：、]*?)(?:的)?(?:比重|比例|比)?(?:为|达|达到)?$")
_OPENS = lazy_regex(r"其中|主要用于|包括|分别为|具体为|构成为")
# A clause or a sentence is read from at most its last so many characters, and at most so many figures
# back: a 3 MB paragraph without a full stop costs each figure a bounded look, not a walk to its start.
_CLAUSE_WINDOW = 200
_SENTENCE_WINDOW = 2000
_MAX_FIGURES = 60
_NAMED_WHOLE = lazy_regex(r"\s*(?P<whole>[^，。；：0-9]{2,40}?)中，")


class Share(Struct, frozen=True):
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
            cut = mark_before(text, fact.quantity.start, "，。；：、")
            clause = text[cut + 1 : fact.quantity.start]
            match = _SHARE_CLAUSE.search(clause)
            if match is None or not clause.lstrip().startswith("占"):
                continue
            whole_label = match.group("whole").strip()
            before = _sentence_facts(text, facts, position)
            part = _part(text, before, fact)
            opener, whole = _whole(text, before, part, whole_label)
            if whole is None and not whole_label and part is not None:
                # "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0.00万元，占0.00%": the whole is named
                # before 中 at the head of the sentence, and read from the table by that name
                head_at = sentence_start(text, part.quantity.start)
                head = _NAMED_WHOLE.match(text, head_at, min(part.quantity.start, head_at + 60))
                if head is not None and head.end() <= part.quantity.start:
                    whole_label = head.group("whole")
            shares.append(Share(fact, part, whole_label, whole, opener))
    return shares


def mark_before(text: str, pos: int, marks: str, window: int = _CLAUSE_WINDOW) -> int:
    """Offset of the last of ``marks`` before ``pos``, looking back at most ``window`` characters (so a
    paragraph without punctuation is not searched from its start for every figure); the window's start
    less one when there is none."""
    low = max(0, pos - window)
    cut = max(text.rfind(mark, low, pos) for mark in marks)
    return cut if cut >= 0 else low - 1


def sentence_start(text: str, pos: int) -> int:
    return mark_before(text, pos, "。", _SENTENCE_WINDOW) + 1


def _sentence_facts(text: str, facts: list[Fact], position: int) -> list[Fact]:
    """The figures before ``facts[position]`` in its sentence, nearest last (a bounded walk back)."""
    start = sentence_start(text, facts[position].quantity.start)
    first = position
    while first > 0 and facts[first - 1].quantity.start >= start and position - first < _MAX_FIGURES:
        first -= 1
    return facts[first:position]


def _part(text: str, before: list[Fact], rate: Fact) -> Fact | None:
    for fact in reversed(before):
        if fact.quantity.kind == "percent":
            return None  # another share or rate sits between: this one has no part of its own
        if fact.quantity.kind == "amount":
            return fact  # ``before`` holds the share's own sentence only
    return None


def _whole(text: str, before: list[Fact], part: Fact | None, whole_label: str) -> tuple[int, Fact | None]:
    if part is None:
        return -1, None
    start = sentence_start(text, part.quantity.start)
    if whole_label:
        from perfcheck.facts.table_labels import label_key

        wanted = label_key(whole_label)
        for fact in reversed(before):
            if fact is part or fact.quantity.kind != "amount":
                continue
            if wanted and label_key(fact.label).endswith(wanted):
                return -1, fact
        return -1, None
    opener_match = _OPENS.search(text, start, part.quantity.start)
    if opener_match is None:
        return -1, None
    opener = opener_match.start()
    amounts = [f for f in before if f.quantity.kind == "amount" and f.quantity.start < opener]
    return opener, (amounts[-1] if amounts else None)
