"""PDF lines to blocks: drop running headers, footers and page numbers, then rejoin lines into paragraphs.

Running headers and footers are lines at the top or bottom of a page whose text, digits aside, repeats at
the same place on most pages; page numbers (``1``, ``- 1 -``, ``第 1 页``, ``第1页 共25页``, ``1/25``)
go too. The remaining lines are rejoined into paragraphs (see ``_continues``); tables found on the
page replace the lines they cover and keep their place in the reading order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from msgspec import Struct, field

from perfcheck.documents.assemble import RawBlock
from perfcheck.documents.outline import parse_number_label
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Location, Table

_SENTENCE_END = tuple("。！？：；…!?:;")


# Running headers and footers live in the outer ~12 % of the page (GB/T 9704 puts the page number
# 7 mm below the type area; Word's default header sits 1.5 cm from the edge).
_MARGIN_BAND = 0.12


_PAGE_NUMBER = lazy_re(
    r"^(?:[-—–−]?\s*\d{1,4}\s*[-—–−]?"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4})$",
    re.IGNORECASE,
)


# The records below are msgspec Structs, as the model's are: a dataclass costs ~0.4 ms to define at import.


class Line(Struct):
    """One visual line: text and box in top-down page coordinates (y grows downwards, like pdfplumber)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int = 0
    number: int = 0

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


class Page(Struct):
    number: int
    width: float
    height: float
    lines: list[Line]
    ruled: bool
    tables: list[tuple[float, Table, tuple[float, float, float, float]]] = field(default_factory=list)
    # Its tables are for pdfplumber to read: pdfium's text page leaves some of the page's text out.
    needs_pdfplumber: bool = False


def _running_key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.top / 5)


def drop_running_lines(pages: Sequence[Page]) -> None:
    """Remove headers, footers and page numbers from the top and bottom of every page, then number lines."""
    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        for key in {_running_key(line) for line in page.lines if _in_band(line, page)}:
            counts[key] += 1
    needed = max(2, math.ceil(len(pages) * 0.5))

    def running(line: Line, page: Page) -> bool:
        if not _in_band(line, page):
            return False
        if _PAGE_NUMBER.match(line.text.strip()):
            return True
        text, bucket = _running_key(line)
        return sum(counts[(text, bucket + d)] for d in (-1, 0, 1)) >= needed

    for page in pages:
        lines = page.lines
        # A one-page report has no repeats to go by; its header still gives itself away by repeating,
        # in small type, a line printed larger on the same page (the title).
        sizes = {line.text.strip(): line.size for line in lines}
        first, last = 0, len(lines)
        while first < last and (
            running(lines[first], page) or sizes[lines[first].text.strip()] > 1.2 * lines[first].size
        ):
            first += 1
        while last > first and running(lines[last - 1], page):
            last -= 1
        page.lines = lines[first:last]
        for number, line in enumerate(page.lines, start=1):
            line.page, line.number = page.number, number


def _in_band(line: Line, page: Page) -> bool:
    band = page.height * _MARGIN_BAND
    return line.bottom <= band or line.top >= page.height - band


class _Layout(Struct):
    """What a page's body text looks like: where lines start and end, how far apart they are."""

    left: float
    right: float
    gap: float
    indented_style: bool


def _layouts(pages: Sequence[Page], bodies: Sequence[list[Line]]) -> dict[int, _Layout]:
    all_lines = [line for body in bodies for line in body]
    if not all_lines:
        return {}
    doc_left = _left_margin(all_lines) or 0.0
    indented = sum(
        1
        for line in all_lines
        if 1.5 * line.size <= line.x0 - doc_left <= 3.2 * line.size and not line.text.endswith(("。", "："))
    )
    indented_style = indented >= 0.08 * len(all_lines)
    layouts: dict[int, _Layout] = {}
    for page, body in zip(pages, bodies, strict=True):
        left = _left_margin(body) if len(body) >= 6 else None
        left = doc_left if left is None else left
        right = _right_margin(body, left) or page.width
        gaps = [b.top - a.bottom for a, b in pairwise(body) if 0 <= b.top - a.bottom < 3 * a.size]
        gap = _median(gaps) if gaps else 0.0
        layouts[page.number] = _Layout(left, right, gap, indented_style)
    return layouts


def _median(values: list[float]) -> float:
    """``statistics.median`` (the same arithmetic): that module and its imports are 1.2 ms of every PDF run."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _left_margin(lines: Sequence[Line]) -> float | None:
    """The leftmost start shared by a tenth of the lines: most lines of a page with list items are indented."""
    starts = Counter(round(line.x0) for line in lines)
    needed = max(2, len(lines) // 10)
    for x in sorted(starts):
        if starts[x] + starts[x + 1] >= needed:
            return float(x)
    return min(starts) if starts else None


def _right_margin(lines: Sequence[Line], left: float) -> float | None:
    """Where long lines end (80th percentile): ragged Chinese text ends within a character of it."""
    if not lines:
        return None
    widest = max(line.x1 for line in lines)
    ends = sorted(line.x1 for line in lines if line.x1 >= left + 0.6 * (widest - left))
    return ends[int(0.8 * (len(ends) - 1))]


def _inside(line: Line, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle_x = (line.x0 + line.x1) / 2
    return x0 - 1 <= middle_x <= x1 + 1 and top - 1 <= line.middle <= bottom + 1


def raw_blocks(pages: Sequence[Page]) -> list[RawBlock]:
    bodies = [[line for line in page.lines if not any(_inside(line, t[2]) for t in page.tables)] for page in pages]
    layouts = _layouts(pages, bodies)
    blocks: list[RawBlock] = []
    table_index = 0
    current: list[Line] = []

    def flush() -> None:
        if current:
            text = current[0].text.strip()
            for line in current[1:]:
                text = join_lines(text, line.text.strip())
            blocks.append(RawBlock(text, Location(page=current[0].page, line=current[0].number)))
            current.clear()

    for page, body in zip(pages, bodies, strict=True):
        items: list[tuple[float, int, Line | Table]] = [(line.top, 1, line) for line in body]
        items += [(top, 0, table) for top, table, _ in page.tables]
        items.sort(key=lambda item: (item[0], item[1]))
        for _, _, item in items:
            if isinstance(item, Table):
                flush()
                blocks.append(RawBlock("", Location(page=page.number, table=table_index), table=item))
                table_index += 1
            elif current and _continues(current[-1], item, layouts, _next_label(current[0])):
                current.append(item)
            else:
                flush()
                current.append(item)
    flush()
    return blocks


def _next_label(first: Line) -> tuple[str, int] | None:
    """The label an item after this paragraph would carry, if the paragraph is a numbered item (7. → 8.)."""
    label = parse_number_label(first.text.strip())
    return (label.style, label.ordinal + 1) if label and label.ordinal is not None else None


def _continues(a: Line, b: Line, layouts: dict[int, _Layout], expected: tuple[str, int] | None = None) -> bool:
    """Whether line ``b`` carries on the paragraph that line ``a`` belongs to.

    ``expected`` is the label that would follow the paragraph's own (its item number plus one): a line
    starting with exactly that label is the next item even after a full line with no full stop.
    """
    la, lb = layouts[a.page], layouts[b.page]
    if abs(a.size - b.size) > 0.15 * max(a.size, b.size):
        return False  # a heading in larger type, or a note in smaller type
    if a.page == b.page and b.top - a.bottom > la.gap + 0.6 * a.size:
        return False
    a_text, b_text = a.text.strip(), b.text.strip()
    if b.x0 - lb.left >= 1.2 * b.size:
        # An indented line starts a paragraph, unless both lines are a centred title broken in two
        # (the second line shorter on both sides; a table of contents aligns its lines on the left).
        return (
            _centred(a, la)
            and _centred(b, lb)
            and b.x0 > a.x0 + a.size
            and b.x1 < a.x1 - a.size
            and not a_text.endswith(_SENTENCE_END)
        )
    full = a.x1 >= la.right - 1.5 * a.size or _wrapped(a, b_text, la)
    label = parse_number_label(b_text)
    if label is not None and (
        not (label.style.startswith("arabic") and full) or (label.style, label.ordinal) == expected
    ):
        return False  # a new item; an arabic "label" after a full line is a number wrapped there (分别为5、6项)
    if a_text.endswith(_SENTENCE_END):
        # A full line ending a sentence: the next line at the margin continues the paragraph when
        # paragraphs are marked by a first-line indent, and starts a new one when they are not.
        return full and la.indented_style
    # A line that stops mid-sentence goes on, wherever it ends, when paragraphs start indented.
    return full or la.indented_style


# Characters that may not start a line (GB/T 15834 line-breaking rules): they travel with the one before.
_NO_LINE_START = set("，。、；：？！）》」』】〕”’%‰·…,.;:?!)")


_OPENING = set("（《「『【〔“‘(")


def _wrapped(a: Line, b_text: str, layout: _Layout) -> bool:
    """Whether ``b`` starts with an unbreakable run (a number, a bracket, punctuation) too wide for
    the space left at the end of ``a``: Word then breaks early, and ``a`` looks short but is not."""
    unit = 0
    while unit < len(b_text) and b_text[unit] in _OPENING:
        unit += 1
    while unit < len(b_text) and b_text[unit].isascii() and not b_text[unit].isspace():
        unit += 1
    unit += 1  # the character that follows a number, or the first one after an opening bracket
    while unit < len(b_text) and b_text[unit] in _NO_LINE_START:
        unit += 1
    width = sum(0.5 if ch.isascii() else 1.0 for ch in b_text[:unit]) * a.size
    return layout.right - a.x1 < width


def _centred(line: Line, layout: _Layout) -> bool:
    return abs((line.x0 + line.x1) / 2 - (layout.left + layout.right) / 2) <= 1.5 * line.size


def join_lines(a: str, b: str) -> str:
    """Rejoin a line break: no space inside Chinese text or a number, one space between Latin words."""
    if not a or not b:
        return a + b
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b
