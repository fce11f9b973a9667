"""Chinese numbering labels and the section tree built from them.

Reports number their sections 一、 （一） 1. 1、 （1） ① (and 第一章 / 第一部分, and 1.1 in longer
reports). A label's *style* is its family; which family is the top level varies from report to report,
so levels come from the order in which families first appear: a family already open closes everything
opened after it (a sibling), a family not yet open nests under the current one. A Word heading style
without a number (``Heading 2``) takes part as the family ``h2``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from perfcheck.lazy_pattern import lazy_re, lazy_regex
from perfcheck.model import Block, Section

if TYPE_CHECKING:
    import regex

_CN = "一二三四五六七八九十百零〇两"
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# Order matters: the first pattern that matches wins. Each is applied to the start of the text. ``regex``
# patterns, compiled on first use: the pack cache keeps them compiled (``re`` ones every run would compile).
_PATTERNS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("chapter", lazy_regex(rf"\s*第\s*([{_CN}\d]+)\s*(?:章|节|部分)\s*[、.．:：]?\s*")),
    ("cn-paren", lazy_regex(rf"\s*[（(]\s*([{_CN}]+)\s*[）)]\s*[、.．]?\s*")),
    ("cn-dun", lazy_regex(rf"\s*([{_CN}]+)\s*[、．]\s*")),
    ("arabic-paren", lazy_regex(r"\s*[（(]\s*(\d{1,3})\s*[）)]\s*[、.．]?\s*")),
    # 1.2 项目概况 — but not 5.1亿元 or 3.6%: a unit after the digits makes it a figure.
    (
        "arabic-multi",
        # (a PDF may put a space before the unit: "3.0 万元" is a figure too).
        lazy_regex(
            r"\s*(\d{1,2}(?:\s*[.．]\s*\d{1,2}){1,3})(?![\d.．%‰万亿千百元倍个项名家人次年月日])(?!\s+(?:[%‰元]|[万亿千百]元))\s*"
        ),
    ),
    ("arabic-dun", lazy_regex(r"\s*(\d{1,3})\s*、\s*")),
    ("arabic-dot", lazy_regex(r"\s*(\d{1,3})\s*[.．](?![\d.．])\s*")),
    ("arabic-half-paren", lazy_regex(r"\s*(\d{1,3})\s*[）)]\s*")),
    ("circled", lazy_regex(r"\s*([①-⑳])\s*")),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Each pattern is \s* and then one of its starters: only the patterns a text's first character can start are
# tried, still in _PATTERNS' order, so the answer is the same (a label is read ~2,500 times in loading a
# 50-paragraph report: at every place a run-in label might start, and trying all nine cost ~1 ms).
_STARTERS = {
    "chapter": "第",
    "cn-paren": "（(",
    "cn-dun": _CN,
    "arabic-paren": "（(",
    "arabic-multi": "0123456789",
    "arabic-dun": "0123456789",
    "arabic-dot": "0123456789",
    "arabic-half-paren": "0123456789",
    "circled": _CIRCLED,
}
_BY_START = {
    start: tuple((style, pattern) for style, pattern in _PATTERNS if start in _STARTERS[style])
    for start in "".join(_STARTERS.values())
}
_WIDE_DIGIT = lazy_re("[０-９]")
_CN_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


class NumberLabel(Struct, frozen=True):
    """A numbering label at the start of a text: ``text`` as displayed, its style and value."""

    text: str
    style: str
    ordinal: int | None


def small_chinese_number(numeral: str) -> int | None:
    """Value of a Chinese numeral below 1000 (一, 十二, 二十三, 一百零五); None if it is not one."""
    if not numeral:
        return None
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_VALUES:
            current = _CN_VALUES[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


_NUMERAL_RUN = lazy_re(r"[〇零一二三四五六七八九十百]+|[0-9]+|[０-９]+|[①-⑳]")


def relabel(number: str, ordinal: int) -> str:
    """``number`` as written, with its numeral replaced by ``ordinal`` in the same script: the label a
    reader should have written (“四、” → “三、”, “（5）” → “（4）”, “1.3” → “1.2”, “③” → “②”)."""
    runs = list(_NUMERAL_RUN.finditer(number))
    if not runs or ordinal < 1:
        return str(ordinal)
    run = runs[-1]  # in 1.2.3 the last part is the one that counts
    numeral = run.group(0)
    if numeral[0] in "〇零一二三四五六七八九十百":
        from perfcheck.documents.wordnumbering import format_number

        written = format_number(ordinal, "chineseCounting")
    elif "①" <= numeral[0] <= "⑳":
        written = chr(0x2460 + ordinal - 1) if ordinal <= 20 else str(ordinal)
    elif "０" <= numeral[0] <= "９":
        written = str(ordinal).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    else:
        written = str(ordinal)
    return number[: run.start()] + written + number[run.end() :]


def parse_number_label(text: str) -> NumberLabel | None:
    """The numbering label that starts ``text``, if any (``"1 、在党建…"`` → ``1 、``, arabic-dun, 1)."""
    patterns = _BY_START.get(text.lstrip()[:1].translate(_DIGITS))
    if patterns is None:  # no label starts so
        return None
    folded = text.translate(_DIGITS) if _WIDE_DIGIT.search(text) else text  # translate() reads every character
    for style, pattern in patterns:
        match = pattern.match(folded)
        if not match:
            continue
        raw = match.group(1)
        if style == "circled":
            ordinal: int | None = _CIRCLED.index(raw) + 1
        elif style == "arabic-multi":
            ordinal = int(re.split(r"\s*[.．]\s*", raw)[-1])
            style = f"arabic-multi-{raw.count('.') + raw.count('．') + 1}"
        elif raw.isdigit():
            ordinal = int(raw)
        else:
            ordinal = small_chinese_number(raw)
            if ordinal is None:
                continue
        rest = folded[match.end() :]
        if not rest.strip():
            return None  # a bare number is a table row or page number, not a label
        return NumberLabel(text[: match.end()].rstrip(), style, ordinal)
    return None


class _Node(Struct):
    number: str
    title: str
    style: str
    ordinal: int | None
    block: int
    end: int
    children: list[_Node]


def build_outline(blocks: Sequence[Block], first: int = 0) -> tuple[Section, ...]:
    """The section tree over ``blocks[first:]`` (the title, before ``first``, is not a section)."""
    roots: list[_Node] = []
    stack: list[tuple[str, _Node]] = []
    numbered = False
    for block in blocks[first:]:
        if block.kind == "table":
            continue
        if block.number:
            label = parse_number_label(block.text)
            style = label.style if label else "word"
            ordinal = label.ordinal if label else None
        elif block.heading_level:
            style, ordinal = f"h{block.heading_level}", None
        else:
            continue
        node = _Node(block.number, block.body.strip(), style, ordinal, block.index, len(blocks), [])
        if not block.number and numbered:
            # Once numbered sections have begun, an unnumbered heading (a table caption, 附件3：…, or any
            # heading of a Markdown export that marks every level "#") is a leaf, not a parent: it must
            # not capture the numbered items that follow it.
            (stack[-1][1].children if stack else roots).append(node)
            continue
        if block.number and not numbered:
            numbered = True
            if block.heading_level and all(key.startswith("h") for key, _ in stack):
                stack.clear()  # 报告摘要 / 目录 before 一、基本情况 at the same heading level: siblings
        open_styles = [key for key, _ in stack]
        if style in open_styles:
            while stack[-1][0] != style:
                stack.pop()
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((style, node))
    _close(roots, len(blocks))
    return tuple(_freeze(node, 1) for node in roots)


def _close(nodes: list[_Node], end: int) -> None:
    for i, node in enumerate(nodes):
        node.end = nodes[i + 1].block if i + 1 < len(nodes) else end
        _close(node.children, node.end)


def _freeze(node: _Node, level: int) -> Section:
    return Section(
        number=node.number,
        title=node.title,
        level=level,
        style=node.style,
        ordinal=node.ordinal,
        block=node.block,
        end=node.end,
        children=tuple(_freeze(child, level + 1) for child in node.children),
    )


# A numbered paragraph that opens with its own title, run into the text: "(一)资金投入情况分析。200万元…".
# The title is the first clause when it is short and ends like a section title (情况, 分析, 说明 …).
# How a section title ends (情况, 分析, 说明 …): the loader's run-in titles and the required-sections kind read
# the same words.
SECTION_NOUN = "(?:情况|分析|说明|概况|概述|问题|建议|措施|结论|做法|经验|事项|解释|目标)"
_RUN_IN_TITLE = lazy_re(rf"^([^，,。；;：:！？]{{2,30}}?{SECTION_NOUN})\s*(?:[。，,：:]|$)")


def run_in_title(text: str) -> str | None:
    """The section title a numbered paragraph opens with (``资金投入情况分析。200万元…`` → 资金投入情况分析)."""
    match = _RUN_IN_TITLE.match(text.strip())
    return match.group(1) if match else None
