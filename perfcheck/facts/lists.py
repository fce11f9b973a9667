"""Declared counts and the lists they announce: "涵盖…6方面内容：" followed by items 1、…6、.

Three forms, each with a declared count (a count quantity whose unit is a list noun: 方面, 大, 项, 类 …):

- ``numbered-after``: the count ends its block ("…预期实现4大部门产出指标。") and the next blocks are
  numbered 1, 2, 3 … in one style (``1、``, ``（一）``, ``一是``). Nested sub-items and up to
  ``_MAX_GAP`` unnumbered paragraphs between items are passed over; a sibling or parent section ends
  the list.
- ``inline-after``: the count is followed by ``：`` in the same block and the items by 一是/二是, by
  1、2、, or by ``；`` or ``、`` up to the end of the sentence ("分为3类：A、B、C。").
- ``inline-before``: the count follows the items directly ("设置走进清水塘、五零社区、来互动三大板块"),
  with at least two separators, short items and nothing but a verb before the first item.

Whatever punctuation the writer used (issue 11 §3): after the count the items may follow a ``：``, a ``，``
with 分别是/分别为/即/包括/具体为 ("共有3个部门，分别是A、B和C"), or a bracket right after the counted noun
("7个事业单位（A、B、…及G）", form ``inline-paren``). An inline list ends where its sentence ends or where
the next declared count begins ("3个行政部门（人大、政府和党委）和7个事业单位（…）": the items before
7个 belong to 3个, never to 7个).

A list marked 等, 包括但不限于, 主要 or 如 is returned with ``exhaustive=False`` and must not be
counted; so is one with an approximate count (30余项). For ``numbered-after`` the 等 *before* the
count belongs to an inline list the sentence also carries ("…和公共安全事务等6方面内容：" followed
by six numbered items): the numbered items are what the count announces, so that list stays counted.
Returning no list is always safer than a wrong one: a wrong exhaustive list is a false alarm.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from msgspec import Struct
from msgspec.structs import replace

from perfcheck.documents.outline import parse_number_label, small_chinese_number
from perfcheck.facts.numbers import Quantity, find_quantities
from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Block, Document, Section

_LIST_UNITS = {"方面", "大", "项", "类", "个", "种", "条", "件", "部分", "家"}
_MAX_INLINE_ITEM = 20
_MAX_ITEM_AFTER_COLON = 40
_SHI = lazy_regex(r"([一二三四五六七八九十]+)是")
_CLAUSE = lazy_regex(r"[，。；：！？]")
# "如" only as 例如/比如/诸如/如：, never in 如下 (as follows) or 如期.
_NOT_EXHAUSTIVE_BEFORE = lazy_regex(r"不限于|主要|例如|比如|诸如|如：")
_TOTAL_BEFORE = ("共", "共计", "合计", "总计", "累计", "达", "为", "有", "计")
# A last item ending in one of these runs into the predicate: "在社区、学校、企业开展4项活动".
_PREDICATE_END = ("开展", "举办", "组织", "建立", "建设", "实施", "推进", "完成", "召开", "进行")
# Verbs that introduce an inline list; the first item starts after them.
_VERB_WORDS = (
    "设置 实现了 实现 包括 包含 涵盖 涉及 分为 有 形成 打造 构建 建立 建成 推进 开展 围绕 聚焦 突出 抓好 做好 "
    "落实 坚持 具备 具有 完成 成立 设立 推出 提供 拥有 覆盖 设立了 建立了 形成了 打造了"
)
_VERBS = tuple(_VERB_WORDS.split())
# 和/及/与 inside these words is not a separator.
_JOINER = lazy_regex(r"以及|(?<!参|给)与(?!会|其)|(?<!普|涉|危|触|波|顾|来得)及(?!时|其)|和(?!谐|平)")
_ENUMERATORS: tuple[tuple[str, str], ...] = (
    ("cn-shi", r"([一二三四五六七八九十]+)是"),
    ("arabic-dun", r"(\d{1,2})、"),
    ("arabic-paren", r"（(\d{1,2})）"),
    ("cn-paren", r"（([一二三四五六七八九十]+)）"),
    ("circled", r"([①-⑳])"),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


class DeclaredList(Struct, frozen=True):
    """A count the text declares and the items it was found to announce."""

    declared: int
    count_text: str
    items: tuple[str, ...]
    exhaustive: bool
    block: int
    start: int
    end: int
    item_blocks: tuple[int, ...]
    form: str  # "numbered-after" | "inline-after" | "inline-before" | "inline-paren"
    # The count announces the items ("…6方面内容：" then 1、…): certain. A count in a sentence that ends with
    # "。" followed by numbered items may or may not be what they number: the pairing is an assumption.
    announced: bool = True


class _Label(Struct, frozen=True):
    style: str
    ordinal: int | None
    length: int


def find_declared_lists(document: Document) -> tuple[DeclaredList, ...]:
    """Every declared list in the document's paragraphs and headings, in reading order."""
    siblings: dict[int, tuple[Section, ...]] = {section.block: document.outline for section in document.outline}
    for parent in document.sections():
        for child in parent.children:
            siblings[child.block] = parent.children
    found: list[DeclaredList] = []
    for block in document.blocks:
        if block.table is not None:
            continue
        label = _item_label(block)
        skip = label.length if label else 0
        counts = [
            q
            for q in find_quantities(block.norm)
            if q.kind == "count" and q.unit in _LIST_UNITS and q.start >= skip and q.value >= 2
        ]
        for q in counts:
            declared = (_numbered_after(document, block, q, siblings) if q is counts[-1] else None) or _inline_after(
                block, q
            )
            declared = declared or _inline_paren(block, q) or _inline_before(block, q)
            if declared:
                found.append(declared)
    return tuple(found)


def _item_label(block: Block) -> _Label | None:
    """The block's numbering label (1、, （一）, ① …) or its 一是/二是 opening."""
    if block.table is not None:
        return None
    shi = _SHI.match(block.norm)
    if shi:
        return _Label("cn-shi", small_chinese_number(shi.group(1)), shi.end())
    label = parse_number_label(block.norm)
    if label is None or _is_amount(block.norm, label.text):
        return None
    return _Label(label.style, label.ordinal, len(label.text))


# A unit right after a "label": the label was a figure ("3.0 万元", "12.5%"), never a numbering label.
_UNIT_AFTER = lazy_regex(r"\s*(?:[万亿千百]?元|%|％|万|亿)")


def _is_amount(text: str, label: str) -> bool:
    """Amounts, rates and table values are never numbering labels (issue 11 §3)."""
    return label[-1].isdigit() and _UNIT_AFTER.match(text, len(label)) is not None


def _make(
    block: Block, q: Quantity, items: list[str], exhaustive: bool, item_blocks: tuple[int, ...], form: str
) -> DeclaredList:
    return DeclaredList(
        declared=int(q.value),
        count_text=q.text,
        items=tuple(items),
        exhaustive=exhaustive and not q.approximate,
        block=block.index,
        start=q.start,
        end=q.end,
        item_blocks=item_blocks,
        form=form,
    )


def _numbered_after(
    document: Document, block: Block, q: Quantity, siblings: dict[int, tuple[Section, ...]]
) -> DeclaredList | None:
    tail = _tail(block, q)
    if tail is None:
        return None  # the count is not what the block ends by announcing
    blocks = document.blocks
    if block.index + 1 >= len(blocks):
        return None
    first = _item_label(blocks[block.index + 1])
    if first is None or first.ordinal != 1:
        return None
    if block.index + 1 in siblings:
        item_blocks = _outline_items(document, siblings[block.index + 1], block.index + 1)
    else:  # 一是/二是 paragraphs are not sections: take the consecutive blocks
        item_blocks = []
        for candidate in blocks[block.index + 1 :]:
            label = _item_label(candidate)
            if label is None or label.style != first.style or label.ordinal != len(item_blocks) + 1:
                break
            item_blocks.append(candidate.index)
    items = []
    for index in item_blocks:
        label = _item_label(blocks[index])
        items.append(blocks[index].norm[label.length if label else 0 :].strip())
    exhaustive = "不限于" not in block.norm[: q.start] and not tail.startswith("等")
    made = _make(block, q, items, exhaustive, tuple(item_blocks), "numbered-after")
    announced = not block.norm.rstrip().endswith("。")
    return made if announced else replace(made, announced=False)


def _tail(block: Block, q: Quantity) -> str | None:
    """What follows the count to the end of its block ("部门产出指标"), if the count ends the block."""
    tail = block.norm[q.end :].rstrip()
    if tail.endswith(("：", "。")):
        tail = tail[:-1]
    if len(tail) > 16 or regex.search(r"[。；]", tail):
        return None
    return tail


def _outline_items(document: Document, siblings: tuple[Section, ...], first_block: int) -> list[int]:
    """The first item's section and its following siblings numbered 2, 3, … in the same style.

    The outline already places nested sub-items and an item's further paragraphs under the item.
    Word's automatic numbering may continue across two lists ("…4大指标。" 1-4, "同时实现5大指标。"
    5-9): a paragraph between two items that declares a list of its own and is followed by the same
    numbering style ends the list.
    """
    blocks = document.blocks
    position = next(i for i, section in enumerate(siblings) if section.block == first_block)
    first = siblings[position]
    items = [first.block]
    for section in siblings[position + 1 :]:
        if section.style != first.style or section.ordinal != len(items) + 1:
            break
        if any(_starts_new_list(blocks, i, first.style) for i in range(items[-1] + 1, section.block)):
            break
        items.append(section.block)
    return items


def _starts_new_list(blocks: Sequence[Block], index: int, style: str) -> bool:
    """An unnumbered block declaring a list, followed by items of ``style``: a new list, not a sub-list."""
    if index + 1 >= len(blocks) or not _declares_list(blocks[index]):
        return False
    label = _item_label(blocks[index + 1])
    return label is not None and label.style == style


def _declares_list(block: Block) -> bool:
    if block.number or block.table is not None:
        return False
    counts = [q for q in find_quantities(block.norm) if q.kind == "count" and q.unit in _LIST_UNITS]
    return bool(counts) and _tail(block, counts[-1]) is not None


# Longest first; ties by text, so the pattern is the same in every process (sets iterate in hash order, and
# the pack cache finds a compiled pattern by its source).
_UNITS_ALTERNATION = "|".join(sorted(_LIST_UNITS, key=lambda unit: (-len(unit), unit)))
# What may stand between a count and its items: its noun and a colon, or a comma and a word that introduces them.
_INTRODUCER = lazy_regex(r"[^，。；：、（）]{0,8}(?:：|，(?:分别是|分别为|即|包括|具体为|具体是|具体包括)：?)")
# The next declared count with its own introducer: a list before it ends there.
_NEXT_COUNT = lazy_regex(
    r"(?:\d{1,2}|[两一二三四五六七八九十]{1,3})(?:" + _UNITS_ALTERNATION + r")[^，。；：、（）]{0,8}[：（]"
)
# Any count of a list noun in a stretch of text (the inline-before items may not hold one).
_COUNT_IN = lazy_regex(r"[两二三四五六七八九十]{1,3}(?:" + _UNITS_ALTERNATION + ")")


def _inline_after(block: Block, q: Quantity) -> DeclaredList | None:
    text = block.norm
    colon = _INTRODUCER.match(text, q.end)
    if colon is None:
        return None
    rest = text[colon.end() :]
    following = _NEXT_COUNT.search(rest)
    if following is not None and following.start() > 0:
        rest = rest[: following.start()].rstrip("，；、和及与")
    items = _enumerated(rest)
    if items is None:
        sentence = rest.split("。", 1)[0]
        if "；" in sentence:
            items = [part for part in (p.strip() for p in sentence.split("；")) if part]
        else:
            items = _split_short(sentence, _MAX_ITEM_AFTER_COLON)
            if items is None:
                return None
        ends_with_deng = sentence.rstrip("；。").endswith("等")
    else:
        ends_with_deng = False
    if len(items) < 2:
        return None
    if sum(1 for item in items if regex.match(r"\d|[两二三四五六七八九十]+[个项类]", item)) >= 2:
        return None  # "33个三级绩效指标，包括23个数量指标、2个质量指标…": a breakdown of the count, not a list
    exhaustive = not ends_with_deng and not _marked_before(text, q)
    return _make(block, q, items, exhaustive, (block.index,), "inline-after")


def _enumerated(rest: str) -> list[str] | None:
    """Items introduced by 一是/二是, 1、2、, （1）（2）, （一）（二）or ①② in running text."""
    for _style, pattern in _ENUMERATORS:
        opening = regex.match(pattern, rest)
        if not opening or _ordinal(opening.group(1)) != 1:
            continue
        marker = regex.compile(r"(?:^|(?<=[。；，：]))" + pattern)
        spans: list[tuple[int, int]] = []
        for match in marker.finditer(rest):
            if _ordinal(match.group(1)) == len(spans) + 1:
                spans.append((match.start(), match.end()))
        items = []
        for k, (_, item_start) in enumerate(spans):
            item_end = spans[k + 1][0] if k + 1 < len(spans) else len(rest)
            items.append(rest[item_start:item_end].strip("；。， "))
        return items
    return None


def _ordinal(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if numeral in _CIRCLED:
        return _CIRCLED.index(numeral) + 1
    return small_chinese_number(numeral)


_PAREN_OPEN = lazy_regex(r"\p{Han}{1,8}（")


def _inline_paren(block: Block, q: Quantity) -> DeclaredList | None:
    """ "7个事业单位（农业服务中心、…及退役军人服务站）": the items in the bracket after the counted noun."""
    text = block.norm
    opening = _PAREN_OPEN.match(text, q.end)
    if opening is None:
        return None
    closing = text.find("）", opening.end())
    if closing == -1 or "（" in text[opening.end() : closing]:
        return None
    inside = text[opening.end() : closing]
    if regex.search(r"\d", inside):
        return None  # "（2022年）", "（含3个分所）": a remark, not the items
    exhaustive = not inside.rstrip().endswith("等") and "等" not in inside
    items = _split_short(inside[:-1] if inside.endswith("等") else inside, _MAX_INLINE_ITEM)
    if items is None or len(items) < 2:
        return None
    exhaustive = exhaustive and not _marked_before(text, q)
    return _make(block, q, items, exhaustive, (block.index,), "inline-paren")


def _inline_before(block: Block, q: Quantity) -> DeclaredList | None:
    text = block.norm
    clause_start = 0
    for match in _CLAUSE.finditer(text, 0, q.start):
        clause_start = match.end()
    segment = text[clause_start : q.start]
    if regex.search(r"\d|[（）]", segment) or _COUNT_IN.search(segment):
        return None  # "3个行政部门（人大、政府和党委）和7个…": another count's items, never this one's
    quoted = segment.endswith("”") and "“" in segment
    # 实现“A、B、C、D”四大功能: the quotes delimit the list; otherwise it starts after the verb
    segment = segment[segment.rindex("“") + 1 : -1] if quoted else _strip_verb(segment)
    exhaustive = True
    if segment.endswith("等"):
        segment, exhaustive = segment[:-1], False
    if "等" in segment or q.approximate or q.value > 30 or segment.endswith(_TOTAL_BEFORE):
        return None  # "…各项工作共3项": a total stated of the clause, not a name given to the list
    items = _split_short(segment, _MAX_INLINE_ITEM)
    if items is None or len(items) < 3:
        return None  # "at least two separators": A和B两大… is too weak a shape to count
    if not quoted and (items[-1].endswith(_PREDICATE_END) or any("了" in item for item in items[1:])):
        return None  # prose running into its verb, not a list
    exhaustive = exhaustive and not _marked_before(text, q, clause_start)
    return _make(block, q, items, exhaustive, (block.index,), "inline-before")


def _strip_verb(segment: str) -> str:
    """Drop what comes before the first item: up to and including the earliest verb in the first 6 chars."""
    head = segment.split("、", 1)[0]
    found = [(head.find(verb), -len(verb)) for verb in _VERBS if 0 <= head.find(verb) <= 6]
    if not found:
        return segment
    position, negative_length = min(found)
    rest = segment[position - negative_length :]
    return rest[1:] if rest.startswith("了") else rest


def _split_short(segment: str, longest: int) -> list[str] | None:
    """Items separated by 、 (the last two possibly by 和/及/与); None if any is empty or too long."""
    parts = segment.split("、")
    last = _JOINER.split(parts[-1], maxsplit=1)
    parts = parts[:-1] + last
    items = [part.strip() for part in parts]
    if len(items) < 2 or any(not item or len(item) > longest for item in items):
        return None
    return items


def _marked_before(text: str, q: Quantity, clause_start: int = 0) -> bool:
    """包括但不限于 / 主要 / 如 in the clause that declares the count: the list is examples."""
    clause = text[clause_start : q.start]
    boundary = max(clause.rfind(ch) for ch in "，。；：")
    return _NOT_EXHAUSTIVE_BEFORE.search(clause[boundary + 1 :]) is not None
