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

A noun label with 结转/结余 is a part (本年财政拨款 / 上年结转资金 / 其他资金 is the standard funding
breakdown). A figure that is another measure of something already listed — a change ("比上年增加5万元",
同比), a budget beside its execution ("预算数…，执行数…") — is left out, and so is the list of a nested
包括 that names things without figures ("人员经费95.36万元，主要包括：基本工资、津贴补贴；公用经费…"):
the parts after it still belong to the outer total. ``uncertain`` says why the parts cannot be trusted
to be added up (a part in another currency; a partial-looking list that lost figures to the exclusions
above, which may have been parts after all); rules report such a breakdown as unresolved, never as a
partial pass.

What is not a part (issue 11 §3, from real reports): a figure equal to the total after the parts began is the
total restated ("批复总投资61.8万元，其中中央30.9万元，县级配套30.9万元，2021年度中央下达资金61.8万元"), and
ends the parts; an adjustment (调减, 核减, 扣减, 收回) is no part ("下达111万元，其中A 100万元，B 11万元，调减40万元，
全年实际下达71万元"): when parts follow it the list is a signed sum and ``uncertain``. A part whose figure is not
given ("其中：退耕还林抚育 点击查看>> 万元，…", a masked copy) makes the breakdown ``uncertain``. A rate per
unit ("197万元（每亩197元）", "300元/人") is a standard, not a part. The parts never
come from another sentence: they end at the sentence's end (or the bracket the marker opens).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

import regex
from msgspec import Struct

from perfcheck.facts.numbers import Fact, extract_facts
from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Document

# "含" only as a marker of its own (，含… / （含…）), never in 包含/含量 nor the "1000万（含）以上" of a bound.
_MARKER = lazy_regex(r"其中|包括|包含|分别为|分别是|具体如下|(?<=[，（])含(?!）)")
# "<" too: Markdown converted from PDF carries HTML tables inside paragraphs, and cells are no sentence.
_SENTENCE_END = lazy_regex(r"[。！？\n<]")
_LAST_SENTENCE_END = lazy_regex(r"(?r)[。！？\n<]")  # searched backwards: the nearest before a position
# Separators between parts, weakest first; a stronger one than the parts began with ends the list
# ("其中：A195个，B153个、C135个、D42个，…；集训基地15个": the ； starts another matter).
_SEPARATOR_RANK = {"、": 0, "，": 0, "；": 1}
# 分别为 names the values of things listed before it; it breaks down the figure before it only when
# that figure is right there ("1803名（分别为442名、418名、943名）") or is called a total.
_SUM_WORDS = lazy_regex(r"共|合计|总计|累计|总额|总数")
# A figure labelled like this is a new total: the parts end before it.
_NEW_TOTAL = lazy_regex(r"合计|总计|共计|总额|总数|整体")
# A figure labelled like this is a change against another year or the budget: a part only of a total
# that is a change itself ("比上年增加10万元，其中A增加6万元…").
_CHANGE = lazy_regex(r"[比较](?:上年|去年|上一年|年初|同期|预算|\d{4})|同比|环比|增长|下降|增加|减少|增幅|降幅|持平")
# A figure labelled like this is another measure of a listed thing, not a part: a budget or execution
# figure beside its counterpart, last year's figure. 结转/结余 name money carried over (上年结转资金,
# 年初结转和结余), which is a part.
_OTHER_MEASURE = lazy_regex(
    r"(?:预算|决算|执行)(?:数|为|额|金额|是|的)|(?:年初|全年|调整后?)预算|完成|实际|去年|同期"
    r"|上年(?!结转|结余|末结转|末结余)"
)
# A figure labelled like this adjusts the total (调减40万元): it is no part of it.
_ADJUSTMENT = lazy_regex(r"调减|调增|核减|扣减|扣回|收回|追减|追加|调出|调入")
# A figure labelled like this is a rate per unit ("直接补助费197万元（每亩197元）"), never a part.
_PER_UNIT = lazy_regex(r"(?:每|人均|户均|亩均|生均|单价|标准)\p{Han}{0,2}$")
# A money unit with no figure before it: an item whose amount the page does not give ("点击查看>> 万元").
_UNIT_WITHOUT_FIGURE = lazy_regex(r"(?<![\d.％%\p{Han}])\s*(?:[万亿]元|元)(?!\p{Han})|(?<=[^\d.\s])\s+[万亿]元")
_CURRENCY = "分项含不同币种，无法相加"
_ADJUSTED = "分项中有调减、调增等调整数，其后仍有分项，无法按简单相加核对"
_MISSING_FIGURE = "有分项未给出金额，无法相加"
_ONLY_OTHER = "分项都是预算数、执行数或增减数等其他口径的数，无法相加"
_CUT = "所列分项之外还有与上年比较、预算与执行等其他口径的数或下一层分项，无法判断分项是否列全"
_PARTIAL_AFTER_MARKER = ("主要", "部分", "重点", "如")
_PARTIAL_BEFORE_MARKER = ("主要",)


class Breakdown(Struct, frozen=True):
    """A total and the parts the text breaks it into."""

    total: Fact
    parts: tuple[Fact, ...]
    marker: str
    partial: bool
    block: int
    uncertain: str = ""
    # The total was taken from the previous sentence, which holds other figures of its measure too
    # ("收入100万元，支出80万元。其中：…" breaks down 80, the nearest; a reader assumes it): a fail is a warning.
    total_assumed: bool = False


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
        block_facts = sorted(by_block[block.index], key=_start_of)
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
        if total is None or (marker.group().startswith("分别") and not _names_total(text, total, marker)):
            continue
        end = _region_end(text, marker)
        parts, left_out, uncertain = _parts_of(text, total, marker, end, markers[i + 1 :], facts)
        if parts and _names_only(text, marker, parts):
            continue
        if not parts:
            if not left_out or total.quantity.kind == "percent":
                continue
            # only other measures follow ("其中：A预算数60万元，执行数55万元"): say so rather than nothing;
            # rates ("完成预算的0%，其中：…完成预算的0%") are no sums at all
            parts, uncertain = left_out, _ONLY_OTHER
        partial = _is_partial(text, marker, parts)
        if partial and left_out and not uncertain:
            uncertain = _CUT
        if not uncertain and total.quantity.kind == "amount" and _missing_figure(text, marker.end(), end, facts):
            uncertain = _MISSING_FIGURE
        assumed = _total_from_previous_sentence(text, total, marker, facts)
        result.append(Breakdown(total, tuple(parts), marker.group(), partial, block, uncertain, assumed))
    return result


def _parts_of(
    text: str, total: Fact, marker: regex.Match[str], end: int, later: list[regex.Match[str]], facts: list[Fact]
) -> tuple[list[Fact], list[Fact], str]:
    """The parts after ``marker``, the figures of the total's measure left out of them, and why not to add up."""
    parts: list[Fact] = []
    left_out: list[Fact] = []
    uncertain = ""
    first_rank: int | None = None
    skip_to = -1
    adjusted = False
    for fact in facts:
        q = fact.quantity
        if q.start < marker.end() or q.start >= end or q.start < skip_to:
            continue
        if parts:
            nested = _nested_end(text, parts[-1], facts, later, q.start, end)
            if nested is not None:
                if nested >= end:
                    # the rest of the sentence breaks the last part down: the list is cut, maybe short
                    left_out.append(parts[-1])
                    break
                skip_to = nested  # "A 60万元（其中a 50万元、b 10万元）；B…": B still belongs to the total
                if q.start < skip_to:
                    continue
        label = _bare_label(fact.label)
        if _NEW_TOTAL.search(label):
            break
        if _ADJUSTMENT.search(label) and _same_measure(text, total, fact):
            adjusted = True
            continue
        if _PER_UNIT.search(label) or text.startswith(("/", "／"), q.end):
            continue  # a rate ("（每亩197元）", "300元/人"): a standard, never a part
        if parts and _restates(total, fact):
            break  # the total said again ("…，2021年度中央下达资金61.8万元"): the parts have ended
        if total.quantity.kind == "amount" and q.kind == "amount" and q.currency != total.quantity.currency:
            uncertain = _CURRENCY
            continue
        if not _same_measure(text, total, fact) or _is_container(text, q.end):
            continue
        if _OTHER_MEASURE.search(label) or (_CHANGE.search(label) and not _CHANGE.search(total.label)):
            left_out.append(fact)
            continue
        if parts:
            rank = _separator_rank(text[parts[-1].quantity.end : q.start])
            if first_rank is None:
                first_rank = rank
            elif rank > first_rank:
                break
        if adjusted and not uncertain:
            uncertain = _ADJUSTED  # "其中：A 5万元，B调减2.66万元，C 2.42万元": added or subtracted?
        parts.append(fact)
    return parts, left_out, uncertain


def _bare_label(label: str) -> str:
    """The label without the titles and remarks it quotes: "依据《…关于下达…资金预算的通知》（皖财农…号）下达中央
    财政资金" is 下达中央财政资金; the 预算 of a document title says nothing about the figure."""
    return regex.sub(r"《[^《》]*》|（[^（）]*）|\([^()]*\)", "", label)


def _restates(total: Fact, fact: Fact) -> bool:
    """Is ``fact`` the total said again, in the same unit and value?"""
    t, f = total.quantity, fact.quantity
    return t.kind == f.kind and t.unit == f.unit and t.currency == f.currency and t.value == f.value and f.value != 0


def _missing_figure(text: str, start: int, end: int, facts: list[Fact]) -> bool:
    """Does an item between ``start`` and ``end`` name a money unit with no figure ("…抚育 点击查看>> 万元")?"""
    for match in _UNIT_WITHOUT_FIGURE.finditer(text, start, end):
        if not any(f.quantity.start <= match.start() < f.quantity.end for f in facts):
            return True
    return False


def _nested_end(
    text: str, part: Fact, facts: list[Fact], later: list[regex.Match[str]], before: int, end: int
) -> int | None:
    """Where the nested breakdown of ``part`` ends, when a marker between it and ``before`` opens one.

    A nested list that names things without figures ("主要包括：基本工资、津贴补贴；") opens none.
    """
    for m in later:
        if not part.quantity.end <= m.start() < before or not _is_total_of(part, facts, m.start()):
            continue
        nested_end = min(_region_end(text, m), _list_end(text, m, end))
        if any(
            m.end() <= f.quantity.start < nested_end and _same_measure(text, part, f) for f in facts if f is not part
        ):
            return nested_end
    return None


def _list_end(text: str, marker: regex.Match[str], end: int) -> int:
    """A nested list ends at the next "；" (the separator of the outer list) or with the outer one."""
    semicolon = text.find("；", marker.end(), end)
    return end if semicolon == -1 else semicolon


def _names_only(text: str, marker: regex.Match[str], parts: list[Fact]) -> bool:
    """ "人员经费95.36万元，主要包括：基本工资…；公用经费10.23万元": the 包括 list ended before any figure."""
    return "；" in text[marker.end() : parts[0].quantity.start]


def _total_before(text: str, position: int, facts: list[Fact]) -> Fact | None:
    """The nearest figure before the marker in its sentence; at a sentence start, the previous one's.

    "整体支出100万元。其中：基本支出60万元…" is as common as the comma form.
    """
    start = _sentence_start(text, position)
    before = [f for f in facts if f.quantity.end <= position]
    if not before:
        return None
    nearest = before[-1]
    if nearest.quantity.start >= start:
        return nearest
    if text[start:position].strip("，：: ") == "":
        return nearest
    return None


def _total_from_previous_sentence(text: str, total: Fact, marker: regex.Match[str], facts: list[Fact]) -> bool:
    """Is the total the last of several same-measure figures of the sentence before the marker's?"""
    between = text[total.quantity.end : marker.start()]
    if not _SENTENCE_END.search(between):
        return False
    start = _sentence_start(text, total.quantity.start)
    low = bisect_left(facts, start, key=_start_of)  # facts run in text order
    high = bisect_left(facts, total.quantity.start, lo=low, key=_start_of)
    return any(f is not total and _same_measure(text, total, f) for f in facts[low:high])


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts."""
    last = _LAST_SENTENCE_END.search(text, 0, position)
    return last.end() if last is not None else 0


def _start_of(fact: Fact) -> int:
    return fact.quantity.start


def _region_end(text: str, marker: regex.Match[str]) -> int:
    """Where the parts may run to: the sentence, or the bracket the marker opens ("260万元（其中…30万元）")."""
    match = _SENTENCE_END.search(text, marker.end())
    end = match.start() if match else len(text)
    if text[: marker.start()].endswith("（"):
        closing = text.find("）", marker.end())
        if closing != -1:
            end = min(end, closing)
    return end


def _separator_rank(between: str) -> int:
    return max((_SEPARATOR_RANK.get(ch, 0) for ch in between if ch in _SEPARATOR_RANK), default=0)


def _names_total(text: str, total: Fact, marker: regex.Match[str]) -> bool:
    if text[total.quantity.end : marker.start()].strip("，（：: ") == "":
        return True
    return _SUM_WORDS.search(text, _sentence_start(text, total.quantity.start), total.quantity.start) is not None


def _is_container(text: str, position: int) -> bool:
    """ "二类赛45个赛事109个赛项中，符合条件的有…50个赛项": the 109 holds the part, it is not one."""
    return regex.match(r"中[，,]|\p{Han}{2}中(?![心国央小学医层期部华共])", text, pos=position) is not None


def _is_total_of(part: Fact, facts: list[Fact], marker_start: int) -> bool:
    """Is ``part`` the figure nearest before the marker at ``marker_start``?"""
    before = [f for f in facts if f.quantity.end <= marker_start]
    return bool(before) and before[-1] is part


def _same_measure(text: str, total: Fact, part: Fact) -> bool:
    t, p = total.quantity, part.quantity
    if t.kind != p.kind or t.currency != p.currency:
        return False
    if t.kind != "count":
        return True
    if t.unit != p.unit:
        return False
    # 个 is a generic classifier: "26个赛事146个赛项" counts two different things; compare the nouns
    # when both figures have one after them ("赛项525个，其中省赛195个" names it before)
    if text[p.end : p.end + 1].isdigit():
        return False  # "47个103个赛项": the noun of the first is missing, so what it counts is unknown
    noun_t, noun_p = _noun_after(text, t.end), _noun_after(text, p.end)
    return t.unit != "个" or not noun_t or not noun_p or noun_t == noun_p


def _noun_after(text: str, position: int) -> str:
    noun = text[position : position + 2]
    return "" if not noun or not regex.match(r"\p{Han}{2}", noun) else noun


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
