"""PDF reports: text through pypdfium2, tables through pdfplumber on the pages that draw them.

How a page becomes lines: pdfium's text page gives the characters in content-stream order, with
``\\r\\n`` where it thinks a line ends. That order is right for most lines, so each pdfium line is
checked cheaply (its text rectangles must run left to right on one baseline) and only the lines that
fail the check are rebuilt character by character from their boxes. Lines are then grouped by
vertical position and sorted left to right, which also puts a running header written at the end of
the content stream back at the top. Measured on a 200-page generated report, asking pdfium for every
character's box costs more than the whole rest of the loader; the per-line check keeps us above
300 pages/s.

How lines become blocks: running headers and footers (lines at the top or bottom of a page whose text,
digits aside, repeats at the same place on most pages) and page numbers (``1``, ``- 1 -``, ``第 1 页``,
``第1页 共25页``, ``1/25``) are dropped; the remaining lines are rejoined into paragraphs (see
``_continues``). Tables found by pdfplumber replace the lines they cover and keep their place in the
reading order. Locations: ``Location(page, line)`` for a paragraph (its first line, counted on the page
after the header is dropped) and ``Location(page, table)`` for a table (tables counted over the whole
document from 0, like the .docx loader).
"""

from __future__ import annotations

import ctypes
import io
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from perfcheck.documents.assemble import RawBlock, assemble, make_cell, make_table
from perfcheck.documents.normalize import _is_cjk
from perfcheck.documents.outline import parse_number_label
from perfcheck.errors import InputError
from perfcheck.model import Cell, Document, Location, Table

_CORRUPT = ("不是有效的 PDF 文件或文件已损坏", "请重新导出 PDF")
_ENCRYPTED = ("PDF 已加密（设置了打开密码）", "请取消密码后重新导出")
_NO_TEXT = (
    "PDF 没有文字层，可能为扫描件，需先进行文字识别（OCR）",
    "请用带文字层的 PDF 或原始 Word 文件",
)

# Running headers and footers live in the outer ~12 % of the page (GB/T 9704 puts the page number
# 7 mm below the type area; Word's default header sits 1.5 cm from the edge).
_MARGIN_BAND = 0.12
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–−]?\s*\d{1,4}\s*[-—–−]?"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4})$",
    re.IGNORECASE,
)
_SENTENCE_END = tuple("。！？：；…!?:;")
# A page with fewer path objects than this draws no ruled table (a header rule, an underline).
_MIN_TABLE_PATHS = 4


@dataclass
class _Line:
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


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    ruled: bool
    tables: list[tuple[float, Table, tuple[float, float, float, float]]] = field(default_factory=list)


def load(path: Path, data: bytes, sha256: str) -> Document:
    """Read a PDF report; never writes to ``path``."""
    shown = str(path)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(shown, *_ENCRYPTED) from None
        raise InputError(shown, *_CORRUPT) from None
    try:
        pages = [_read_page(pdf, i) for i in range(len(pdf))]
    except pdfium.PdfiumError:
        raise InputError(shown, *_CORRUPT) from None
    finally:
        pdf.close()
    if not any(page.lines for page in pages):
        raise InputError(shown, *_NO_TEXT)
    _drop_running_lines(pages)
    _read_tables(data, [page for page in pages if page.ruled])
    return assemble(shown, "pdf", sha256, _raw_blocks(pages), pages=len(pages))


# --- pdfium: characters to lines -------------------------------------------------------------


def _read_page(pdf: pdfium.PdfDocument, index: int) -> _Page:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            lines = _page_lines(textpage, height)
        finally:
            textpage.close()
        ruled = _draws_lines(page)
    finally:
        page.close()
    return _Page(index + 1, width, height, lines, ruled=ruled)


def _draws_lines(page: pdfium.PdfPage) -> bool:
    """Whether the page draws enough paths to hold a ruled table; cheap, so pdfplumber opens few pages."""
    raw, paths = page.raw, 0
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= _MIN_TABLE_PATHS:
                return True
    return False


class _Boxes:
    """Loose character boxes of one text page (the font's full height, so every glyph of a size agrees)."""

    def __init__(self, textpage: pdfium.PdfTextPage, page_height: float) -> None:
        self.raw = textpage.raw
        self.height = page_height
        self.rect = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()

    def box(self, i: int) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom), top-down."""
        pdfium_c.FPDFText_GetLooseCharBox(self.raw, i, self.rect)
        r = self.rect
        return r.left, self.height - r.top, r.right, self.height - r.bottom

    def font_size(self, i: int) -> float:
        pdfium_c.FPDFText_GetMatrix(self.raw, i, self.matrix)
        m = self.matrix
        return float(pdfium_c.FPDFText_GetFontSize(self.raw, i)) * math.sqrt(abs(m.a * m.d - m.b * m.c))


def _page_text(textpage: pdfium.PdfTextPage) -> str:
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) == count:
        return text
    # Rare: pdfium dropped or inserted characters in the text view; read them one by one instead.
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 0x20) for i in range(count))


def _page_lines(textpage: pdfium.PdfTextPage, page_height: float) -> list[_Line]:
    text = _page_text(textpage)
    if not text.strip():
        return []
    boxes = _Boxes(textpage, page_height)
    pieces: list[_Line] = []
    start = 0
    while start < len(text):
        end = text.find("\r\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            pieces.extend(_segment_pieces(textpage, boxes, text, start, end))
        start = end + 2
    return _group_lines(pieces)


def _segment_pieces(textpage: pdfium.PdfTextPage, boxes: _Boxes, text: str, start: int, end: int) -> Iterator[_Line]:
    """One piece for a pdfium line in reading order, or one piece per character where it is not."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _in_order(textpage, start, end):
        size, top, bottom = _sample_height(boxes, text, start, end)
        x0, x1 = boxes.box(start)[0], boxes.box(end - 1)[2]
        yield _Line(_clean_spaces(textpage, boxes, text, start, end), x0, x1, top, bottom, size)
        return
    for i in range(start, end):
        if not text[i].isspace():
            x0, top, x1, bottom = boxes.box(i)
            size, middle = boxes.font_size(i) or 1.0, (top + bottom) / 2
            yield _Line(text[i], x0, x1, middle - size / 2, middle + size / 2, size)


def _in_order(textpage: pdfium.PdfTextPage, start: int, end: int) -> bool:
    """pdfium's rectangles for the range run left to right on one baseline."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountRects(raw, start, end - start)
    left, top, right, bottom = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    last_left, last_base = -math.inf, None
    for j in range(n):
        pdfium_c.FPDFText_GetRect(raw, j, left, top, right, bottom)
        if left.value < last_left - 1:
            return False
        # Tight rectangles: a comma sits low, but never a whole line (~10 pt) away from its neighbours.
        if last_base is not None and abs(bottom.value - last_base) > 8:
            return False
        last_left, last_base = left.value, bottom.value
    return True


def _sample_height(boxes: _Boxes, text: str, start: int, end: int) -> tuple[float, float, float]:
    """The line's font size (the most common of three samples) and its vertical extent.

    The size is the font size times the text matrix's scale (one producer writes 300-point text scaled
    by 0.05); glyph boxes will not do, their heights differ from glyph to glyph and font to font. A
    line may mix sizes, so two samples that agree outvote the third.
    """
    picked: list[int] = []
    for k in range(3):
        i = start + (end - start) * (2 * k + 1) // 6
        while i < end - 1 and text[i].isspace():
            i += 1
        picked.append(i)
    sizes = sorted(round(boxes.font_size(i) * 2) / 2 for i in picked)
    size = sizes[1] or 1.0  # the median of three is the value two samples share, if any two do
    _, top, _, bottom = boxes.box(picked[1])
    middle = (top + bottom) / 2
    return size, middle - size / 2, middle + size / 2


def _clean_spaces(textpage: pdfium.PdfTextPage, boxes: _Boxes, text: str, start: int, end: int) -> str:
    """Drop the spaces pdfium invents next to Chinese text where the font changes (``2024 年``)."""
    segment = text[start:end]
    if " " not in segment:
        return segment
    out: list[str] = []
    for i in range(start, end):
        ch = text[i]
        if ch == " " and pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
            before, after = text[i - 1], text[i + 1]
            if (_is_cjk(before) or _is_cjk(after)) and not _wide_gap(boxes, i - 1, i + 1):
                continue
        out.append(ch)
    return "".join(out)


def _wide_gap(boxes: _Boxes, left: int, right: int) -> bool:
    a, b = boxes.box(left), boxes.box(right)
    return b[0] - a[2] > (a[3] - a[1])


def _group_lines(pieces: list[_Line]) -> list[_Line]:
    """Pieces whose vertical middles agree form a line, read left to right."""
    pieces.sort(key=lambda p: p.middle)
    groups: list[list[_Line]] = []
    for piece in pieces:
        if groups:
            group = groups[-1]
            anchor = max(group, key=lambda p: len(p.text))
            if abs(piece.middle - anchor.middle) <= max(anchor.size, piece.size) * 0.5:
                group.append(piece)
                continue
        groups.append([piece])
    return [_merge(group) for group in groups]


def _merge(group: list[_Line]) -> _Line:
    group.sort(key=lambda p: p.x0)
    body = max(group, key=lambda p: len(p.text))
    text = group[0].text
    for prev, piece in pairwise(group):
        gap = piece.x0 - prev.x1
        text += (" " if gap > body.size * 0.8 else "") + piece.text
    return _Line(
        text,
        group[0].x0,
        max(p.x1 for p in group),
        body.top,
        body.bottom,
        body.size,
    )


# --- running headers, footers, page numbers ----------------------------------------------------


def _running_key(line: _Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.top / 5)


def _drop_running_lines(pages: Sequence[_Page]) -> None:
    """Remove headers, footers and page numbers from the top and bottom of every page, then number lines."""
    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        for key in {_running_key(line) for line in page.lines if _in_band(line, page)}:
            counts[key] += 1
    needed = max(2, math.ceil(len(pages) * 0.5))

    def running(line: _Line, page: _Page) -> bool:
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


def _in_band(line: _Line, page: _Page) -> bool:
    band = page.height * _MARGIN_BAND
    return line.bottom <= band or line.top >= page.height - band


# --- pdfplumber: tables ------------------------------------------------------------------------


def _read_tables(data: bytes, pages: Sequence[_Page]) -> None:
    """Find ruled tables on the given pages, one pdfplumber page at a time (closed after use)."""
    if not pages:
        return
    import pdfplumber

    # A page pdfminer cannot parse keeps its text as lines: a table we cannot read is not a crash.
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception:
        return
    with plumber:
        for page in pages:
            try:
                plumber_page = plumber.pages[page.number - 1]
            except Exception:
                continue
            try:
                for found in plumber_page.find_tables():
                    table = _table(found)
                    if table is not None:
                        page.tables.append((found.bbox[1], table, found.bbox))
            except Exception:
                continue
            finally:
                plumber_page.close()


def _edges(values: list[float]) -> list[float]:
    """Sorted coordinates with near-duplicates (within 2 pt) merged."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 2:
            edges.append(value)
    return edges


def _position(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _table(found: Any) -> Table | None:
    """Cells with spans computed from the cell boxes: a merged cell's box covers several grid steps."""
    extracted = found.extract()
    boxes: list[tuple[tuple[float, float, float, float], str]] = []
    for row, texts in zip(found.rows, extracted, strict=False):
        for bbox, text in zip(row.cells, texts, strict=False):
            if bbox is not None:
                boxes.append((bbox, _join_cell_lines(text or "")))
    if not boxes:
        return None
    xs = _edges([b[0] for b, _ in boxes] + [b[2] for b, _ in boxes])
    ys = _edges([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
        return None  # a single framed box is a text box, not a table
    rows: list[list[Cell]] = [[] for _ in range(len(ys) - 1)]
    for (x0, top, x1, bottom), text in boxes:
        column, row = _position(xs, x0), _position(ys, top)
        col_span = max(1, _position(xs, x1) - column)
        row_span = max(1, _position(ys, bottom) - row)
        if row < len(rows):
            rows[row].append(make_cell(text, row, column, row_span, col_span))
    for row_cells in rows:
        row_cells.sort(key=lambda c: c.column)
    return make_table(rows)


def _join_cell_lines(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        joined = _join(joined, line)
    return joined


# --- lines to paragraphs -------------------------------------------------------------------------


@dataclass
class _Layout:
    """What a page's body text looks like: where lines start and end, how far apart they are."""

    left: float
    right: float
    gap: float
    indented_style: bool


def _layouts(pages: Sequence[_Page], bodies: Sequence[list[_Line]]) -> dict[int, _Layout]:
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
        gap = median(gaps) if gaps else 0.0
        layouts[page.number] = _Layout(left, right, gap, indented_style)
    return layouts


def _left_margin(lines: Sequence[_Line]) -> float | None:
    """The leftmost start shared by a tenth of the lines: most lines of a page with list items are indented."""
    starts = Counter(round(line.x0) for line in lines)
    needed = max(2, len(lines) // 10)
    for x in sorted(starts):
        if starts[x] + starts[x + 1] >= needed:
            return float(x)
    return min(starts) if starts else None


def _right_margin(lines: Sequence[_Line], left: float) -> float | None:
    """Where long lines end (80th percentile): ragged Chinese text ends within a character of it."""
    if not lines:
        return None
    widest = max(line.x1 for line in lines)
    ends = sorted(line.x1 for line in lines if line.x1 >= left + 0.6 * (widest - left))
    return ends[int(0.8 * (len(ends) - 1))]


def _inside(line: _Line, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle_x = (line.x0 + line.x1) / 2
    return x0 - 1 <= middle_x <= x1 + 1 and top - 1 <= line.middle <= bottom + 1


def _raw_blocks(pages: Sequence[_Page]) -> list[RawBlock]:
    bodies = [[line for line in page.lines if not any(_inside(line, t[2]) for t in page.tables)] for page in pages]
    layouts = _layouts(pages, bodies)
    blocks: list[RawBlock] = []
    table_index = 0
    current: list[_Line] = []

    def flush() -> None:
        if current:
            text = current[0].text.strip()
            for line in current[1:]:
                text = _join(text, line.text.strip())
            blocks.append(RawBlock(text, Location(page=current[0].page, line=current[0].number)))
            current.clear()

    for page, body in zip(pages, bodies, strict=True):
        items: list[tuple[float, int, _Line | Table]] = [(line.top, 1, line) for line in body]
        items += [(top, 0, table) for top, table, _ in page.tables]
        items.sort(key=lambda item: (item[0], item[1]))
        for _, _, item in items:
            if isinstance(item, Table):
                flush()
                blocks.append(RawBlock("", Location(page=page.number, table=table_index), table=item))
                table_index += 1
            elif current and _continues(current[-1], item, layouts):
                current.append(item)
            else:
                flush()
                current.append(item)
    flush()
    return blocks


def _continues(a: _Line, b: _Line, layouts: dict[int, _Layout]) -> bool:
    """Whether line ``b`` carries on the paragraph that line ``a`` belongs to."""
    la, lb = layouts[a.page], layouts[b.page]
    if abs(a.size - b.size) > 0.15 * max(a.size, b.size):
        return False  # a heading in larger type, or a note in smaller type
    if a.page == b.page and b.top - a.bottom > la.gap + 0.6 * a.size:
        return False
    a_text, b_text = a.text.strip(), b.text.strip()
    if b.x0 - lb.left >= 1.2 * b.size:
        # An indented line starts a paragraph, unless both lines are a centred title broken in two
        # (the second line shorter on both sides; a table of contents aligns its lines on the left).
        return _centred(a, la) and _centred(b, lb) and b.x0 > a.x0 + a.size and not a_text.endswith(_SENTENCE_END)
    full = a.x1 >= la.right - 1.5 * a.size or _wrapped(a, b_text, la)
    label = parse_number_label(b_text)
    if label is not None and not (label.style.startswith("arabic") and full):
        return False  # a new item; an arabic "label" after a full line is a number wrapped there (0.94万元)
    if a_text.endswith(_SENTENCE_END):
        # A full line ending a sentence: the next line at the margin continues the paragraph when
        # paragraphs are marked by a first-line indent, and starts a new one when they are not.
        return full and la.indented_style
    # A line that stops mid-sentence goes on, wherever it ends, when paragraphs start indented.
    return full or la.indented_style


# Characters that may not start a line (GB/T 15834 line-breaking rules): they travel with the one before.
_NO_LINE_START = set("，。、；：？！）》」』】〕”’%‰·…,.;:?!)")
_OPENING = set("（《「『【〔“‘(")


def _wrapped(a: _Line, b_text: str, layout: _Layout) -> bool:
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


def _centred(line: _Line, layout: _Layout) -> bool:
    return abs((line.x0 + line.x1) / 2 - (layout.left + layout.right) / 2) <= 1.5 * line.size


def _join(a: str, b: str) -> str:
    """Rejoin a line break: no space inside Chinese text or a number, one space between Latin words."""
    if not a or not b:
        return a + b
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b
