"""Choosing the figures a relation is about: by label, the ones nearest each other (same block first).

Shared by the arithmetic kinds (``sum``, ``ratio``, ``threshold``); not a kind itself (the leading
underscore keeps it out of kind discovery). A figure is found by its label — the words before it in its
clause (see ``facts.numbers.label_before``) — and among several candidates the one nearest the anchor
wins: same block, then same table row or column, then fewest characters apart, then fewest blocks apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

import regex

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


def labelled(
    context: Context,
    pattern: regex.Pattern[str],
    kinds: Iterable[str] = ("amount",),
    exclude: Sequence[Fact] = (),
    *,
    changes: bool = False,
) -> list[Fact]:
    """Facts of one of ``kinds`` whose label matches ``pattern``, in document order; figures labelled
    as a change (比上年增加…) only with ``changes``."""
    wanted = set(kinds)
    return [
        f
        for f in context.facts
        if f.quantity.kind in wanted
        and f not in exclude
        and context.search(pattern, f.label) is not None
        and (changes or _CHANGE.search(f.label) is None)
    ]


def compatible(a: Fact, b: Fact) -> bool:
    """Can the two figures be added or divided? Same kind, same currency, and for counts the same unit."""
    qa, qb = a.quantity, b.quantity
    if qa.kind != qb.kind or qa.currency != qb.currency:
        return False
    return qa.kind != "count" or qa.unit == qb.unit


def top_section(context: Context, block: int) -> int | None:
    """The first block of the top-level section holding ``block`` (None outside any section)."""
    path = context.document.section_path(block)
    return path[0].block if path else None


def in_scope(context: Context, anchor: Fact, fact: Fact, scope: Scope) -> bool:
    if scope == "document":
        return True
    if scope == "block":
        return anchor.block == fact.block
    return top_section(context, anchor.block) == top_section(context, fact.block)


def distance(anchor: Fact, fact: Fact) -> tuple[int, int, int]:
    """(blocks apart, cells apart, characters apart): smaller is nearer."""
    blocks = abs(anchor.block - fact.block)
    cells = 0
    if blocks == 0 and anchor.cell is not None and fact.cell is not None:
        (r1, c1), (r2, c2) = anchor.cell, fact.cell
        cells = abs(r1 - r2) + abs(c1 - c2)
    chars = abs(anchor.quantity.start - fact.quantity.start) if blocks == 0 and cells == 0 else 0
    return (blocks, cells, chars)


def nearest(
    context: Context,
    anchor: Fact,
    candidates: Iterable[Fact],
    scope: Scope,
    taken: Sequence[Fact] = (),
    *,
    match_anchor: bool = True,
) -> Fact | None:
    """The candidate nearest ``anchor`` within ``scope``, other than the anchor and those ``taken``;
    with ``match_anchor`` only figures that can be added to the anchor (a part of a total)."""
    pool = [
        f
        for f in candidates
        if f != anchor
        and f not in taken
        and (not match_anchor or compatible(anchor, f))
        and in_scope(context, anchor, f, scope)
    ]
    return min(pool, key=lambda f: distance(anchor, f), default=None)


def preceding(context: Context, anchor: Fact, candidates: Iterable[Fact], after: int = 0) -> Fact | None:
    """The candidate closest before ``anchor`` in its block (and after offset ``after``): the figure a
    stated rate is usually computed from ("全年执行142.5万元，执行率95%")."""
    pool = [
        f
        for f in candidates
        if f.block == anchor.block
        and f.cell == anchor.cell
        and after <= f.quantity.start < anchor.quantity.start
        and f != anchor
    ]
    return max(pool, key=lambda f: f.quantity.start, default=None)


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
