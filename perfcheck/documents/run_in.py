"""Numbering labels run into the text, where a web page or a PDF export lost the line breaks.

"…完成率100%。 三、项目绩效情况 (一)项目完成情况。" and "…如下：1.…；2.…；3.…" are still headings and a
numbered sequence. :func:`split_run_in` cuts such a paragraph before each label that is certainly one:

- it stands at a clause boundary — after 。！？；： (any label), after a space (Chinese-numeral labels
  一、 （一） 第一部分 only), or, for a 一、 or （一） that continues the document's numbering, after a comma;
- it continues the numbering of its family (一、 after 三、 is a new 四、 only if it is 四; 1. may restart a
  list; （一） restarts under a new 一、), so an ordinary sentence that happens to hold "一、" does not open
  a section; within a run-together list of sub-items a repeated or once-skipped number after a full stop
  is kept, so that the numbering check can report it;
- it is not inside 《》 or brackets, and what follows it is text, not a figure (5.1亿元 and 3.6% are never
  labels: ``parse_number_label`` already refuses them, and a label right after a digit is not one);
- for sub-items (（一）, 1., （1）, ①), every label of that family in the paragraph is at such a boundary:
  a table flattened into one line ("…财务制度 3 3 2、项目管理制度 1 分") is left whole.

A Chinese-numeral heading followed on the same line, after a space, by its text ("五、存在的问题和建议 无")
is also cut in two, so that section-scoped checks see the text under the heading.

A paragraph holding only one such label is cut only when the label is a top-level one (一、, 第一部分)
or a first sub-item straight after a heading's title ("一、绩效目标分解下达情况(一)中央下达…"); a single
（三） or 3. inside a paragraph stays where it is and the numbering check reports it as 未另起一段.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from itertools import pairwise

from perfcheck.documents.outline import SECTION_NOUN, NumberLabel, parse_number_label
from perfcheck.lazy_pattern import lazy_re

# Families from the outermost in; a label resets the numbering of the families inside it.
_RANK = {"chapter": 0, "cn-dun": 1, "cn-paren": 2, "arabic-dun": 3, "arabic-dot": 3, "arabic-paren": 4, "circled": 5}
_CHINESE_NUMERAL = frozenset({"chapter", "cn-dun", "cn-paren"})
_TOP = frozenset({"chapter", "cn-dun"})
_SENTENCE_END = "。！？；;：:!?"
_COMMA = "，,"
_OPEN = "《“（(【〔["
_CLOSE = "》”）)】〕]"
_CANDIDATE = lazy_re(r"第|[一二三四五六七八九十（(①-⑳]|\d")
_TITLE_MAX = 30
_LOOKAHEAD = 40  # a label and the start of its text: all a candidate position needs to be read


def note_label(label: NumberLabel | None, last: MutableMapping[str, int]) -> None:
    """Record a label as the latest of its family; families nested inside it start again."""
    if label is None or label.style not in _RANK or label.ordinal is None:
        return
    rank = _RANK[label.style]
    for style in [s for s in last if _RANK[s] > rank]:
        del last[style]
    last[label.style] = label.ordinal


def _continues(label: NumberLabel, last: MutableMapping[str, int], listed: bool = False) -> bool:
    """Does the label follow the numbering so far? Inside a run-together list of sub-items (``listed``),
    a repeated or once-skipped number still belongs to the list: that is what the numbering check reports."""
    previous = last.get(label.style)
    if label.ordinal == 1:
        return previous is None or label.style not in _TOP  # 1. and （一） may open a new list
    if previous is None or label.ordinal is None:
        return False
    if listed and label.style not in _TOP:
        return previous <= label.ordinal <= previous + 2
    return label.ordinal == previous + 1


_BRACKET = lazy_re("[" + re.escape(_OPEN + _CLOSE) + "]")


class _Depths:
    """How many brackets (《 “ （ 【 〔) are open before a position, asked in increasing order of position: only
    the brackets are visited, not every character (a per-character pass cost ~0.5 ms of loading a short report)."""

    def __init__(self, text: str) -> None:
        self._brackets = [(m.start(), m.group(0) in _OPEN) for m in _BRACKET.finditer(text)]
        self._next = 0
        self._depth = 0

    def at(self, position: int) -> int:
        brackets = self._brackets
        while self._next < len(brackets) and brackets[self._next][0] < position:
            opens = brackets[self._next][1]
            if opens:
                self._depth += 1
            elif self._depth:
                self._depth -= 1
            self._next += 1
        return self._depth


def split_run_in(text: str, last: MutableMapping[str, int]) -> list[str]:
    """``text`` cut before each run-in label (see the module docstring); ``last`` is updated as labels are read."""
    leading = parse_number_label(text)
    note_label(leading, last)
    points: list[tuple[int, NumberLabel, str]] = []
    seen: dict[str, int] = {}  # labels of each family anywhere in the paragraph, cut or not
    segment_start = segment_depth = 0
    depths: _Depths | None = None
    trial = dict(last)
    for match in _CANDIDATE.finditer(text):
        p = match.start()
        if depths is None:
            depths = _Depths(text)
        if p == 0 or (leading is not None and p < len(leading.text)) or text[p - 1].isdigit():
            continue  # the start, the paragraph's own label, or the middle of a number (the 6 of 16.)
        label = parse_number_label(text[p : p + _LOOKAHEAD])
        if label is None or label.style not in _RANK or not text.startswith(label.text.strip(), p):
            continue
        rest = text[p + len(label.text) : p + _LOOKAHEAD].lstrip()
        if not rest or rest[0].isdigit() or rest[0] in "%％.．":
            continue
        seen[label.style] = seen.get(label.style, 0) + 1
        before = text[:p].rstrip(" \u3000\t")
        spaced = len(before) < p
        depth = depths.at(p)
        if not before or before[-1].isdigit() or depth > segment_depth:
            continue
        if label.ordinal == 1 and _is_title(text[segment_start:p]):
            boundary = "title"
        elif before[-1] in _SENTENCE_END:
            boundary = "sentence"
        elif spaced and label.style in _CHINESE_NUMERAL:
            boundary = "space"
        elif before[-1] in _COMMA and label.style in _CHINESE_NUMERAL and label.ordinal != 1:
            boundary = "comma"
        else:
            continue
        listed = boundary == "sentence" and any(q.style == label.style for _, q, _ in points)
        if not _continues(label, trial, listed):
            continue
        points.append((p, label, boundary))
        note_label(label, trial)
        segment_start, segment_depth = p, depth
    # A sub-item family some of whose labels stand mid-clause (a table flattened into one line) is not a
    # clean run-together list: leave it whole rather than guess which labels are items.
    cut = {style: sum(1 for _, label, _ in points if label.style == style) for style in seen}
    points = [point for point in points if point[1].style in _TOP or cut[point[1].style] == seen[point[1].style]]
    if len(points) == 1 and points[0][1].style not in _TOP and points[0][2] != "title":
        points = []
    for _, label, _ in points:
        note_label(label, last)
    cuts = [0, *(p for p, _, _ in points), len(text)]
    pieces = [piece for a, b in pairwise(cuts) if (piece := text[a:b].strip())]
    return [part for piece in pieces for part in _detach_body(piece)]


# "五、存在的问题和建议 无": a heading whose text follows it after a space, on the same line.
_HEADING_THEN_TEXT = lazy_re(rf"^(\S{{1,8}}?[^\s，,。；;：:]{{2,30}}?{SECTION_NOUN})[ \u3000]+(\S.*)$")


def _detach_body(piece: str) -> list[str]:
    """A Chinese-numeral heading and the text written after it on the same line, as two blocks."""
    label = parse_number_label(piece)
    if label is None or label.style not in _CHINESE_NUMERAL:
        return [piece]
    match = _HEADING_THEN_TEXT.match(piece)
    if match is None or not match.group(1).startswith(label.text.strip()):
        return [piece]
    return [match.group(1), match.group(2)]


def _is_title(segment: str) -> bool:
    """A heading's label and short title, with nothing after it: "一、绩效目标分解下达情况"."""
    label = parse_number_label(segment)
    if label is None:
        return False
    body = segment[len(label.text) :].strip()
    return 2 <= len(body) <= _TITLE_MAX and not any(ch in body for ch in "。，,；;：:")
