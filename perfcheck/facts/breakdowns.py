"""Totals with their parts: "X 100万元，其中A 60万元，B 40万元" and its relatives.

A breakdown is a marker (其中, 包括, 分别为, 具体如下, 含) with the figure right before it as the total
and the figures after it, up to the end of the sentence, as the parts. The example report runs its
sentence on without a comma ("项目支出2261.18万元其中社会发展事务支出301.97万元，…"), so the total is
the *nearest* figure before the marker, not the first of the sentence: "整体支出4508.18万元，基本支出
2247万元，项目支出2261.18万元其中…" breaks down 项目支出, not 整体支出.

Parts must be of the total's kind (and currency, and for counts its unit): "其中A占30%" is a share,
not a summand. A breakdown is ``partial`` when the text says the parts do not cover the total — 主要,
部分, 重点, 包括但不限于, 等 after the parts, or a single part ("引进企业128家，其中…以上的有38家" is
a subset). Rules must not add up a partial breakdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from perfcheck.facts.numbers import Fact, extract_facts
from perfcheck.model import Document

# "含" only as a marker of its own (，含… / （含…）), never in 包含/含量 nor the "1000万（含）以上" of a bound.
_MARKER = regex.compile(r"其中|包括|包含|分别为|分别是|具体如下|(?<=[，（])含(?!）)")
_SENTENCE_END = regex.compile(r"[。！？\n]")
# A part labelled like this starts a new relation (a new total, a budget, a change) instead.
_NOT_A_PART = regex.compile(r"合计|总计|共计|总额|总数|整体|结余|结转|预算|决算|年初|上年|同比|增长|下降|增加|减少|较")
_PARTIAL_AFTER_MARKER = ("主要", "部分", "重点", "如")
_PARTIAL_BEFORE_MARKER = ("主要",)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A total and the parts the text breaks it into."""

    total: Fact
    parts: tuple[Fact, ...]
    marker: str
    partial: bool
    block: int


def find_breakdowns(document: Document, facts: Sequence[Fact] | None = None) -> tuple[Breakdown, ...]:
    """Every total-with-parts relation in the document's paragraphs (tables are read elsewhere)."""
    if facts is None:
        facts = extract_facts(document)
    by_block: dict[int, list[Fact]] = {}
    for fact in facts:
        if fact.cell is None:
            by_block.setdefault(fact.block, []).append(fact)
    found: list[Breakdown] = []
    seen: set[tuple[int, tuple[int, ...]]] = set()
    for block in document.blocks:
        if block.table is not None or block.index not in by_block:
            continue
        block_facts = sorted(by_block[block.index], key=lambda f: f.quantity.start)
        for breakdown in _breakdowns_in(block.norm, block.index, block_facts):
            key = (breakdown.total.quantity.start, tuple(p.quantity.start for p in breakdown.parts))
            if key not in seen:  # "其中A和B分别为…": 其中 and 分别为 describe the same relation
                seen.add(key)
                found.append(breakdown)
    return tuple(found)


def _breakdowns_in(text: str, block: int, facts: list[Fact]) -> list[Breakdown]:
    markers = list(_MARKER.finditer(text))
    result: list[Breakdown] = []
    for i, marker in enumerate(markers):
        total = _total_before(text, marker.start(), facts)
        if total is None:
            continue
        end = _sentence_end(text, marker.end())
        later = [m.start() for m in markers[i + 1 :]]
        parts: list[Fact] = []
        for fact in facts:
            q = fact.quantity
            if q.start < marker.end() or q.start >= end:
                continue
            if parts and any(parts[-1].quantity.end <= m < q.start for m in later):
                break  # a 其中 after a part makes that part a total of its own, and ends this list
            if not _same_measure(total, fact):
                continue
            if _NOT_A_PART.search(fact.label):
                break
            parts.append(fact)
        if not parts:
            continue
        result.append(
            Breakdown(
                total=total,
                parts=tuple(parts),
                marker=marker.group(),
                partial=_is_partial(text, marker, parts),
                block=block,
            )
        )
    return result


def _total_before(text: str, position: int, facts: list[Fact]) -> Fact | None:
    """The nearest figure before the marker in its sentence; at a sentence start, the previous one's.

    "整体支出100万元。其中：基本支出60万元…" is as common as the comma form.
    """
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    before = [f for f in facts if f.quantity.end <= position]
    if not before:
        return None
    nearest = before[-1]
    if nearest.quantity.start >= start:
        return nearest
    if text[start:position].strip("，：: ") == "":
        return nearest
    return None


def _sentence_end(text: str, position: int) -> int:
    match = _SENTENCE_END.search(text, position)
    return match.start() if match else len(text)


def _same_measure(total: Fact, part: Fact) -> bool:
    t, p = total.quantity, part.quantity
    if t.kind != p.kind or t.currency != p.currency:
        return False
    return t.kind != "count" or t.unit == p.unit


def _is_partial(text: str, marker: regex.Match[str], parts: list[Fact]) -> bool:
    if len(parts) == 1:
        return True
    if text[max(0, marker.start() - 2) : marker.start()].endswith(_PARTIAL_BEFORE_MARKER):
        return True
    lead = text[marker.end() : parts[0].quantity.start].lstrip("，：")
    if lead.startswith(_PARTIAL_AFTER_MARKER) or "不限于" in lead:
        return True
    last = parts[-1].quantity.end
    return "等" in text[parts[0].quantity.start : last + 3]
