"""consistency — the same things named the same way in two sections.

A report often lists its work areas in one section (一、概况: "涵盖社会管理事务、城市管理事务…等6方面
内容") and spends on them in another (二、资金使用: "项目支出…其中社会发展事务支出301.97万元…"). When
the two lists do not use the same names, a reader cannot tell whether 社会管理事务 and 社会发展事务
are one area renamed or two different ones. This kind reads a set of names on each side, compares them
after stripping generic suffixes (事务, 支出, 工作, 方面: 城市管理事务 and 城市管理 are the same), and
reports each name that has no counterpart: paired with the most similar leftover name of the other
side when there is one (a fail at the rule's severity), alone otherwise (lowered to info: an area may
legitimately have no spending line of its own).

Each side is ``{section, names}`` plus what ``names`` needs:
  ``section``   regular expression for the section title (any level; the first match is used).
  ``names``     how to pick the names in that section:
                ``enumeration``   、-separated names before a declared count ("A、B和C等3方面");
                ``declared-list`` the items of the declared lists (``Context.declared_lists``), each
                                  cut at its first 主要/：/，/。 ("社会服务主要涉及…" → 社会服务);
                ``breakdown``     the labels of the parts of the breakdown whose total's label matches
                                  ``total`` (项目支出 … 其中 A支出x、B支出y);
                ``pattern``       every match of ``pattern`` (its group ``name``, or the whole match).
  ``total``     (breakdown) the total's label, a regular expression.
  ``pattern``   (pattern) the regular expression.
  ``units``     (enumeration, declared-list) the count units that declare the names (default
                方面|类|项|大|部分); ``units: 方面`` leaves out lists of other things ("4大部门产出指标").

Other parameters: ``strip`` — suffixes removed before comparing (default 事务 支出 工作 方面 内容);
``similar`` — how alike (0–1, difflib ratio of the stripped names) two leftover names must be to be
reported as one pair (default 0.5).

A side whose section is missing or yields no names is unresolved: nothing was compared.

Message placeholders: ``{first_name}``, ``{second_name}`` (the two names as written; ``（无对应）`` when a
name has no counterpart), ``{first_section}``, ``{second_section}`` (the two sections' headings).

Passes: first ``{section: 概况, names: enumeration}``, second ``{section: 资金, names: breakdown, total:
项目支出}`` on "一、概况\\n涵盖城市管理事务、公共安全事务等2方面内容。\\n二、资金使用\\n项目支出30万元，其中城市管理
10万元，公共安全事务支出20万元。". Fails when the second says 社会发展事务支出 where the first says
社会管理事务.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Literal

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Section

KIND = "consistency"
SUMMARY_ZH = (
    "比较两个章节列出的名称（如概况中的工作领域与资金使用中的支出分项）是否一致，去掉“事务”“支出”等通用后缀后比较。"
    "名称一一对应为通过；一处有而另一处没有的名称，与另一处最相似的名称配对报告为不通过；无可配对的仅作提示。"
    "任一章节找不到或取不到名称为“无法判定”。参数：first、"
    "second 为两处的章节正则（section）和取名方式（names 等），strip 为比较前去掉的后缀，"
    "similar 为配对所需的相似度（0–1）。"
)
VARIABLES = ("first_name", "second_name", "first_section", "second_section")

_CLAUSE = lazy_regex(r"[，。；：！？]")
_JOINER = lazy_regex(r"以及|和(?!谐|平)|及(?!时|其)|与(?!会|其)")
_VERBS = lazy_regex(r"^.{0,6}?(?:涵盖|包括|包含|涉及|分为|围绕|聚焦|覆盖|主要有|有|为)")
_ITEM_HEAD = lazy_regex(r"主要|：|，|。|；|包括|涉及")
_NONE = "（无对应）"
_DEFAULT_UNITS = lazy_regex(r"方面|类|项|大|部分")


class Side(Struct, frozen=True):
    section: Pattern
    names: Literal["enumeration", "declared-list", "breakdown", "pattern"]
    total: Pattern | None = None
    pattern: Pattern | None = None
    units: Pattern = _DEFAULT_UNITS


class Params(Struct, frozen=True):
    first: Side
    second: Side
    strip: tuple[str, ...] = ("事务", "支出", "工作", "方面", "内容")
    similar: Decimal = Decimal("0.5")

    def __post_init__(self) -> None:
        for side in (self.first, self.second):
            if side.names == "breakdown" and side.total is None:
                raise ValueError("names: breakdown 需要 total（总数的名称）")
            if side.names == "pattern" and side.pattern is None:
                raise ValueError("names: pattern 需要 pattern（名称的正则表达式）")


class _Name(Struct, frozen=True):
    text: str
    key: str
    block: int
    start: int
    end: int


def check(context: Context, params: Params) -> Iterator[Outcome]:
    sides: list[tuple[Section, list[_Name]]] = []
    for which, side in (("第一处", params.first), ("第二处", params.second)):
        section = next((s for s in context.document.sections() if context.search(side.section, s.title)), None)
        if section is None:
            yield Outcome("unresolved", f"未找到标题符合“{side.section.pattern}”的章节（{which}），无法比对名称")
            return
        names = _unique(_pick_names(context, section, side, params.strip))
        if not names:
            yield Outcome("unresolved", f"“{section.label}”中未找到可比对的名称（{_describe(side)}）")
            return
        sides.append((section, names))
    (first_section, first), (second_section, second) = sides
    second_keys = {n.key for n in second}
    first_keys = {n.key for n in first}
    only_first = [n for n in first if n.key not in second_keys]
    only_second = [n for n in second if n.key not in first_keys]
    base = {"first_section": first_section.label, "second_section": second_section.label}
    for a, b in _pair(only_first, only_second, params.similar):
        where = a or b
        assert where is not None
        values = {**base, "first_name": a.text if a else _NONE, "second_name": b.text if b else _NONE}
        if a and b:
            detail = ""  # the rule's message names both
        elif a:
            detail = f"“{a.text}”只出现在“{first_section.label}”中，“{second_section.label}”中没有对应项"
        else:
            assert b is not None
            detail = f"“{b.text}”只出现在“{second_section.label}”中，“{first_section.label}”中没有对应项"
        yield Outcome(
            "fail",
            detail,
            context.excerpt(where.block, where.start, where.end),
            values,
            {"first": a.text if a else None, "second": b.text if b else None},
            severity=None if a and b else "info",
        )
    if not only_first and not only_second:
        listed = "、".join(n.text for n in first)
        yield Outcome(
            "pass",
            f"两处名称一致（{len(first)}项）：{listed}",
            context.excerpt(second_section.block),
            {**base, "first_name": "", "second_name": ""},
            {"first": [n.text for n in first], "second": [n.text for n in second]},
        )


def _describe(side: Side) -> str:
    return {
        "enumeration": "“A、B、C等N方面”式的列举",
        "declared-list": "声明数量的列表",
        "breakdown": f"“{side.total.pattern if side.total else ''}”的分项",
        "pattern": f"符合“{side.pattern.pattern if side.pattern else ''}”的名称",
    }[side.names]


def _pick_names(context: Context, section: Section, side: Side, strip: tuple[str, ...]) -> Iterator[_Name]:
    blocks = context.document.blocks[section.block : section.end]
    inside = range(section.block, section.end)
    if side.names == "enumeration":
        for fact in context.facts:
            q = fact.quantity
            if fact.block in inside and fact.cell is None and q.kind == "count" and side.units.fullmatch(q.unit):
                yield from _enumeration(context.document.blocks[fact.block].norm, fact.block, q.start, strip)
    elif side.names == "declared-list":
        for declared in context.declared_lists:
            if declared.block not in inside or not side.units.search(declared.count_text):
                continue
            blocks_of_items = declared.item_blocks
            if len(blocks_of_items) != len(declared.items):  # inline lists: every item in the declaring block
                blocks_of_items = (declared.block,) * len(declared.items)
            for item, item_block in zip(declared.items, blocks_of_items, strict=True):
                head = _ITEM_HEAD.split(item, maxsplit=1)[0].strip()
                at = max(context.document.blocks[item_block].norm.find(head), 0)
                if head:
                    yield _Name(head, _key(head, strip), item_block, at, at + len(head))
    elif side.names == "breakdown":
        for breakdown in context.breakdowns:
            if breakdown.block in inside and side.total and context.search(side.total, breakdown.total.label):
                norm = context.document.blocks[breakdown.block].norm
                for part in breakdown.parts:
                    at = norm.rfind(part.label, 0, part.quantity.start)
                    yield _Name(part.label, _key(part.label, strip), breakdown.block, at, at + len(part.label))
    elif side.pattern is not None:
        for block in blocks:
            for match in context.finditer(side.pattern, block.norm):
                group = "name" if "name" in side.pattern.groupindex else 0
                text = match.group(group)
                if text:
                    yield _Name(text, _key(text, strip), block.index, match.start(group), match.end(group))


def _enumeration(text: str, block: int, count_start: int, strip: tuple[str, ...]) -> Iterator[_Name]:
    """The names of "涵盖A、B和C等3方面": split at 、 and at the 和/及 before the last name."""
    clause_start = 0
    for match in _CLAUSE.finditer(text, 0, count_start):
        clause_start = match.end()
    segment = text[clause_start:count_start]
    if segment.endswith("等"):
        segment = segment[:-1]
    verb = _VERBS.match(segment)
    offset = clause_start + (verb.end() if verb and verb.end() < segment.find("、") else 0)
    segment = text[offset : clause_start + len(segment)]
    if "、" not in segment:
        return
    pieces: list[tuple[int, str]] = []
    position = offset
    parts = segment.split("、")
    for k, part in enumerate(parts):
        if k == len(parts) - 1:
            joined = _JOINER.search(part)
            if joined and joined.start() >= 2 and len(part) - joined.end() >= 2:
                pieces.append((position, part[: joined.start()]))
                pieces.append((position + joined.end(), part[joined.end() :]))
                break
        pieces.append((position, part))
        position += len(part) + 1
    for start, piece in pieces:
        name = piece.strip()
        if 2 <= len(name) <= 20:
            yield _Name(name, _key(name, strip), block, start, start + len(piece))


def _key(name: str, strip: tuple[str, ...]) -> str:
    """The name without generic suffixes, repeatedly: 社会发展事务支出 → 社会发展."""
    changed = True
    while changed:
        changed = False
        for suffix in strip:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                name, changed = name[: -len(suffix)], True
    return name


def _unique(names: Iterator[_Name]) -> list[_Name]:
    seen: dict[str, _Name] = {}
    for name in names:
        seen.setdefault(name.key, name)
    return list(seen.values())


def _pair(firsts: list[_Name], seconds: list[_Name], similar: Decimal) -> Iterator[tuple[_Name | None, _Name | None]]:
    """Leftover names, each paired with the most similar leftover of the other side (greedy, best first)."""
    scored = sorted(
        (
            (SequenceMatcher(None, a.key, b.key).ratio(), i, j)
            for i, a in enumerate(firsts)
            for j, b in enumerate(seconds)
        ),
        reverse=True,
    )
    used_first: set[int] = set()
    used_second: set[int] = set()
    pairs: list[tuple[_Name | None, _Name | None]] = []
    for ratio, i, j in scored:
        if ratio >= float(similar) and i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
            pairs.append((firsts[i], seconds[j]))
    pairs += [(a, None) for i, a in enumerate(firsts) if i not in used_first]
    pairs += [(None, b) for j, b in enumerate(seconds) if j not in used_second]
    return iter(sorted(pairs, key=_reading_position))


def _reading_position(pair: tuple[_Name | None, _Name | None]) -> tuple[int, int]:
    name = pair[0] or pair[1]
    return (name.block, name.start) if name else (0, 0)
