"""Choosing the figures a relation is about: by label, the ones nearest each other (same block first).

Shared by the arithmetic kinds (``sum``, ``ratio``, ``threshold``); not a kind itself (the leading
underscore keeps it out of kind discovery). A figure is found by its label — the words before it in its
clause (see ``facts.numbers.label_before``) — and among several candidates the one nearest the anchor
wins: same block, then same table row or column, then fewest characters apart, then fewest blocks apart.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal, overload

import regex
from msgspec.structs import replace

from perfcheck.kinds.arithmetic import SumCheck, show
from perfcheck.kinds.base import Context, make_excerpt
from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Excerpt

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact

Scope = Literal["block", "section", "document"]
_LOOKAROUND = lazy_regex(r"\(\?<?[!=][^()]*\)")
# A figure labelled "…比上年减少", "同比增长" is a change, not a level: never a total, a part or a base.
_CHANGE = lazy_regex(r"比.{0,16}?(?:增加|减少|增长|下降|降低|提高|上升|多|少)|同比|较.{0,10}?(?:增加|减少|增长|下降)")
SCOPE_NAMES = {"block": "同一段落", "section": "同一章节", "document": "全文"}


class Figures(Sequence["Fact"]):
    """Candidate figures in document order, with an index by block (and by cell within a block) built
    once, so that the figure nearest another is found by looking outward from its block rather than by
    measuring every candidate: checking stays near-linear in the length of the report (issue 12)."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        ordered = tuple(facts)
        blocks = [f.block for f in ordered]
        if any(a > b for a, b in pairwise(blocks)):
            ordered = tuple(sorted(ordered, key=_block_of))  # stable: keeps the order within a block
            blocks = [f.block for f in ordered]
        self._facts = ordered
        self._blocks = blocks
        self._ids: frozenset[int] | None = None
        self._runs: dict[tuple[int, tuple[int, int] | None], tuple[list[int], list[Fact]]] = {}

    def __len__(self) -> int:
        return len(self._facts)

    @overload
    def __getitem__(self, index: int) -> Fact: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Fact]: ...
    def __getitem__(self, index: int | slice) -> Fact | Sequence[Fact]:
        return self._facts[index]

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._facts)

    def __contains__(self, fact: object) -> bool:
        """Membership by identity (facts are the Context's own objects), in constant time."""
        if self._ids is None:
            self._ids = frozenset(id(f) for f in self._facts)
        return id(fact) in self._ids

    def in_block(self, block: int) -> Sequence[Fact]:
        return self._facts[bisect_left(self._blocks, block) : bisect_right(self._blocks, block)]

    def run(self, block: int, cell: tuple[int, int] | None) -> tuple[list[int], list[Fact]]:
        """The figures of one paragraph (or one table cell), ordered by offset, with their offsets."""
        key = (block, cell)
        if key not in self._runs:
            facts = sorted((f for f in self.in_block(block) if f.cell == cell), key=_start_of)
            self._runs[key] = ([f.quantity.start for f in facts], facts)
        return self._runs[key]

    def neighbours(self, block: int, low: int, high: int) -> Iterator[list[range]]:
        """The figures of the blocks nearest ``block`` within blocks [low, high), one group per distance
        (the block itself first, then the blocks one apart, …): each group is the ranges of positions
        in document order, so a block of thousands of figures is not copied for each look."""
        blocks = self._blocks
        right = bisect_left(blocks, block)
        left = right - 1
        while True:
            near_left = block - blocks[left] if left >= 0 and blocks[left] >= low else None
            near_right = blocks[right] - block if right < len(blocks) and blocks[right] < high else None
            if near_left is None and near_right is None:
                return
            apart = min(d for d in (near_left, near_right) if d is not None)
            group: list[range] = []
            if near_left == apart:
                first = bisect_left(blocks, blocks[left])
                group.append(range(first, left + 1))
                left = first - 1
            if near_right == apart:
                last = bisect_right(blocks, blocks[right])
                group.append(range(right, last))
                right = last
            yield group


def _block_of(fact: Fact) -> int:
    return fact.block


def _start_of(fact: Fact) -> int:
    return fact.quantity.start


def labelled(
    context: Context,
    pattern: regex.Pattern[str],
    kinds: Iterable[str] = ("amount",),
    exclude: Sequence[Fact] = (),
    *,
    changes: bool = False,
) -> Figures:
    """Facts of one of ``kinds`` whose label matches ``pattern``, in document order; figures labelled
    as a change (比上年增加…) only with ``changes``. Computed once per document for each pattern."""
    wanted = tuple(sorted(set(kinds)))
    key = ("labelled", pattern.pattern, pattern.flags, wanted, changes)
    found = context.memo.get(key)
    if not isinstance(found, Figures):
        found = Figures(
            f
            for f in context.facts
            if f.quantity.kind in wanted
            and context.search(pattern, f.label) is not None
            and (changes or _CHANGE.search(f.label) is None)
        )
        context.memo[key] = found
    if exclude:
        return Figures(f for f in found if f not in exclude)
    return found


def compatible(a: Fact, b: Fact) -> bool:
    """Can the two figures be added or divided? Same kind, same currency, and for counts the same unit."""
    qa, qb = a.quantity, b.quantity
    if qa.kind != qb.kind or qa.currency != qb.currency:
        return False
    return qa.kind != "count" or qa.unit == qb.unit


def top_section(context: Context, block: int) -> int | None:
    """The first block of the top-level section holding ``block`` (None outside any section)."""
    return context.top_sections[block] if 0 <= block < len(context.top_sections) else None


def in_scope(context: Context, anchor: Fact, fact: Fact, scope: Scope) -> bool:
    if scope == "document":
        return True
    if scope == "block":
        return anchor.block == fact.block
    return top_section(context, anchor.block) == top_section(context, fact.block)


def _scope_blocks(context: Context, anchor: Fact, scope: Scope) -> tuple[int, int]:
    """The blocks [low, high) that may hold a figure in ``scope`` of ``anchor`` (a superset for blocks
    outside any section, which ``in_scope`` then narrows)."""
    count = len(context.document.blocks)
    if scope == "block":
        return anchor.block, anchor.block + 1
    if scope == "section":
        top = top_section(context, anchor.block)
        if top is not None:
            return top, context.top_section_ends[top]
    return 0, max(count, anchor.block + 1)


def distance(anchor: Fact, fact: Fact) -> tuple[int, int, int]:
    """(blocks apart, cells apart, characters apart): smaller is nearer."""
    blocks = abs(anchor.block - fact.block)
    cells = 0
    if blocks == 0 and anchor.cell is not None and fact.cell is not None:
        (r1, c1), (r2, c2) = anchor.cell, fact.cell
        cells = abs(r1 - r2) + abs(c1 - c2)
    chars = abs(anchor.quantity.start - fact.quantity.start) if blocks == 0 and cells == 0 else 0
    return (blocks, cells, chars)


def _as_figures(candidates: Iterable[Fact]) -> Figures:
    return candidates if isinstance(candidates, Figures) else Figures(candidates)


def nearest(
    context: Context,
    anchor: Fact,
    candidates: Iterable[Fact],
    scope: Scope,
    taken: Sequence[Fact] = (),
    *,
    match_anchor: bool = True,
    where: Callable[[Fact], bool] | None = None,
) -> Fact | None:
    """The candidate nearest ``anchor`` within ``scope``, other than the anchor and those ``taken``;
    with ``match_anchor`` only figures that can be added to the anchor (a part of a total); with
    ``where`` only those it accepts. Ties go to the earlier figure. Pass :class:`Figures` (what
    ``labelled`` returns): any other iterable is indexed on every call."""
    figures = _as_figures(candidates)

    def eligible(f: Fact) -> bool:
        return (
            f != anchor
            and f not in taken
            and (not match_anchor or compatible(anchor, f))
            and (where is None or where(f))
            and in_scope(context, anchor, f, scope)
        )

    low, high = _scope_blocks(context, anchor, scope)
    for group in figures.neighbours(anchor.block, low, high):
        first = figures[group[0].start]
        if first.block == anchor.block and anchor.cell is None and first.cell is None:
            found = _nearest_in_paragraph(figures, anchor, eligible)
        else:
            pool = (figures[i] for span in group for i in span)
            found = min((f for f in pool if eligible(f)), key=lambda f: distance(anchor, f), default=None)
        if found is not None:
            return found
    return None


def _nearest_in_paragraph(figures: Figures, anchor: Fact, eligible: Callable[[Fact], bool]) -> Fact | None:
    """In the anchor's own paragraph: walk outward from its offset (fewest characters apart; ties go to
    the earlier figure), so a paragraph with thousands of figures is not measured once per figure."""
    starts, facts = figures.run(anchor.block, None)
    at = anchor.quantity.start
    right = bisect_left(starts, at)
    left = right - 1
    while left >= 0 or right < len(facts):
        gap_left = at - starts[left] if left >= 0 else None
        gap_right = starts[right] - at if right < len(facts) else None
        if gap_right is None or (gap_left is not None and gap_left <= gap_right):
            if eligible(facts[left]):
                return facts[left]
            left -= 1
        else:
            if eligible(facts[right]):
                return facts[right]
            right += 1
    return None


def preceding(
    context: Context,
    anchor: Fact,
    candidates: Iterable[Fact],
    after: int = 0,
    *,
    where: Callable[[Fact], bool] | None = None,
) -> Fact | None:
    """The candidate closest before ``anchor`` in its block (and after offset ``after``): the figure a
    stated rate is usually computed from ("全年执行142.5万元，执行率95%")."""
    starts, facts = _as_figures(candidates).run(anchor.block, anchor.cell)
    at = bisect_left(starts, anchor.quantity.start) - 1
    while at >= 0 and starts[at] >= after:
        f = facts[at]
        if f != anchor and (where is None or where(f)):
            return f
        at -= 1
    return None


def excerpt_at(context: Context, fact: Fact) -> Excerpt:
    """The finding's place: the figure in its paragraph, or its table cell."""
    if fact.cell is None:
        return context.excerpt(fact.block, fact.quantity.start, fact.quantity.end)
    block = context.document.blocks[fact.block]
    row, column = fact.cell
    return make_excerpt(context.document, fact.block, location=replace(block.location, row=row, column=column))


def named(fact: Fact) -> str:
    """``项目支出 2261.18万元`` — a figure with its label, for messages."""
    return f"{fact.label} {fact.quantity.text}" if fact.label else fact.quantity.text


def pattern_text(pattern: regex.Pattern[str]) -> str:
    """A label pattern as a reader can follow it: ``整体支出|预算(?!执行)`` → ``整体支出/预算``."""
    text = _LOOKAROUND.sub("", pattern.pattern).replace("(?:", "(")
    return text.replace("|", "/")


def sum_report(total: Fact, parts: Sequence[Fact], result: SumCheck) -> tuple[dict[str, str], dict[str, Any]]:
    """The message values and the JSON evidence of a total checked against its parts (sum, breakdown)."""
    d, unit = result.decimals, result.unit
    values = {
        "total": total.quantity.text,
        "total_label": total.label,
        "parts": "、".join(named(p) for p in parts),
        "parts_sum": show(result.parts_sum, d) + unit,
        "diff": show(result.diff, d) + unit,
        "slack": f"{result.slack:f}",
        "unit": unit,
        "expected": show(result.parts_sum, d) + unit,
        "arithmetic": result.arithmetic,
    }
    evidence: dict[str, Any] = {
        "total": total.quantity.text,
        "parts": [p.quantity.text for p in parts],
        "sum": show(result.parts_sum, d),
        "diff": show(result.diff, d),
        "slack": f"{result.slack:f}",
        "unit": unit,
    }
    return values, evidence
