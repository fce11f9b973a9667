"""PDF reports: text through pypdfium2, tables found by pdfplumber's table finder on the pages that draw them.

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
``_continues``). Tables replace the lines they cover and keep their place in the reading order. A
page that draws ruling lines gives its paths and characters, as pdfium parsed them, to pdfplumber's
table algorithm (``pdfium_tables``, ``pdf_grid``), so neither pdfminer nor pdfplumber is loaded; only a
page whose text pdfium cannot give in full is read by pdfplumber itself (``pdf_tables``). Locations:
``Location(page, line)`` for a paragraph (its first line, counted on the page after the header is
dropped) and ``Location(page, table)`` for a table (tables counted over the whole document from 0, like
the .docx loader). ``pdf_layout`` drops running lines and rejoins paragraphs; ``pdfium_tables`` and
``pdf_tables`` read the tables.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from perfcheck.documents import pdfium_calls as calls
from perfcheck.documents.assemble import assemble
from perfcheck.documents.normalize import is_cjk
from perfcheck.documents.pdf_layout import Line, Page, drop_running_lines, raw_blocks
from perfcheck.documents.pdf_tables import add_tables, read_tables
from perfcheck.documents.pdfium_tables import find_tables
from perfcheck.errors import InputError
from perfcheck.model import Document
from perfcheck.quiet import library_loaded

library_loaded()  # pypdfium2 loads logging: silenced if the command line asked (perfcheck.quiet)

_CORRUPT = ("不是有效的 PDF 文件或文件已损坏", "请重新导出 PDF")
_ENCRYPTED = ("PDF 已加密（设置了打开密码）", "请取消密码后重新导出")
_NO_TEXT = (
    "PDF 没有文字层，可能为扫描件，需先进行文字识别（OCR）",
    "请用带文字层的 PDF 或原始 Word 文件",
)

# A page with fewer path objects than this draws no ruled table (a header rule, an underline).
_MIN_TABLE_PATHS = 4


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
    drop_running_lines(pages)
    read_tables(data, [page for page in pages if page.needs_pdfplumber])
    return assemble(shown, "pdf", sha256, raw_blocks(pages), pages=len(pages))


# --- pdfium: characters to lines -------------------------------------------------------------


def _read_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            lines = _page_lines(textpage, height)
            ruled = _draws_lines(page)
            found, complete = find_tables(page, textpage, height) if ruled else ([], True)
        finally:
            textpage.close()
    finally:
        page.close()
    result = Page(index + 1, width, height, lines, ruled=ruled, needs_pdfplumber=not complete)
    if complete:
        add_tables(result, found)
    return result


def _draws_lines(page: pdfium.PdfPage) -> bool:
    """Whether the page draws enough paths to hold a ruled table; cheap, so pdfplumber opens few pages."""
    raw, paths = calls.address(page.raw), 0
    get_object, object_type = calls.get_object, calls.object_type
    for i in range(calls.count_objects(raw)):
        if object_type(get_object(raw, i)) == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= _MIN_TABLE_PATHS:
                return True
    return False


class _Boxes:
    """Loose character boxes of one text page (the font's full height, so every glyph of a size agrees)."""

    def __init__(self, textpage: pdfium.PdfTextPage, page_height: float) -> None:
        self.raw = calls.address(textpage.raw)
        self.height = page_height
        self.rect = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()
        self.rect_at, self.matrix_at = ctypes.addressof(self.rect), ctypes.addressof(self.matrix)
        # pdfium_calls: out-parameters by address, for the _in_order check of every line.
        self.sides = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
        self.sides_at = tuple(map(ctypes.addressof, self.sides))

    def box(self, i: int) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom), top-down."""
        calls.char_loose_box(self.raw, i, self.rect_at)
        r = self.rect
        return r.left, self.height - r.top, r.right, self.height - r.bottom

    def font_size(self, i: int) -> float:
        calls.char_matrix(self.raw, i, self.matrix_at)
        m = self.matrix
        return float(calls.char_font_size(self.raw, i)) * math.sqrt(abs(m.a * m.d - m.b * m.c))


def _page_text(textpage: pdfium.PdfTextPage) -> str:
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) == count:
        return text
    # Rare: pdfium dropped or inserted characters in the text view; read them one by one instead.
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 0x20) for i in range(count))


def _page_lines(textpage: pdfium.PdfTextPage, page_height: float) -> list[Line]:
    text = _page_text(textpage)
    if not text.strip():
        return []
    boxes = _Boxes(textpage, page_height)
    pieces: list[Line] = []
    start = 0
    while start < len(text):
        end = text.find("\r\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            pieces.extend(_segment_pieces(boxes, text, start, end))
        start = end + 2
    return _group_lines(pieces)


def _segment_pieces(boxes: _Boxes, text: str, start: int, end: int) -> Iterator[Line]:
    """One piece for a pdfium line in reading order, or one piece per character where it is not."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _in_order(boxes, start, end):
        size, top, bottom = _sample_height(boxes, text, start, end)
        x0, x1 = boxes.box(start)[0], boxes.box(end - 1)[2]
        yield Line(_clean_spaces(boxes, text, start, end), x0, x1, top, bottom, size)
        return
    for i in range(start, end):
        if not text[i].isspace():
            x0, top, x1, bottom = boxes.box(i)
            size, middle = boxes.font_size(i) or 1.0, (top + bottom) / 2
            yield Line(text[i], x0, x1, middle - size / 2, middle + size / 2, size)


def _in_order(boxes: _Boxes, start: int, end: int) -> bool:
    """pdfium's rectangles for the range run left to right on one baseline."""
    raw, get_rect = boxes.raw, calls.get_rect
    left_at, top_at, right_at, bottom_at = boxes.sides_at
    left, _, _, bottom = boxes.sides
    last_left, last_base = -math.inf, None
    # A line of one text object per glyph has a rectangle per glyph: ~18 a line in one 部门决算 report.
    for j in range(calls.count_rects(raw, start, end - start)):
        get_rect(raw, j, left_at, top_at, right_at, bottom_at)
        x, base = left.value, bottom.value
        if x < last_left - 1:
            return False
        # Tight rectangles: a comma sits low, but never a whole line (~10 pt) away from its neighbours.
        if last_base is not None and abs(base - last_base) > 8:
            return False
        last_left, last_base = x, base
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
    first, second = (round(boxes.font_size(i) * 2) / 2 for i in picked[:2])
    if first == second:  # the median of three is the value two samples share: no need to ask for a third
        size = first or 1.0
    else:
        size = sorted((first, second, round(boxes.font_size(picked[2]) * 2) / 2))[1] or 1.0
    _, top, _, bottom = boxes.box(picked[1])
    middle = (top + bottom) / 2
    return size, middle - size / 2, middle + size / 2


def _clean_spaces(boxes: _Boxes, text: str, start: int, end: int) -> str:
    """Drop the spaces pdfium invents next to Chinese text where the font changes (``2024 年``)."""
    segment = text[start:end]
    if " " not in segment:
        return segment
    out: list[str] = []
    for i in range(start, end):
        ch = text[i]
        if ch == " " and calls.char_is_generated(boxes.raw, i) == 1:
            before, after = text[i - 1], text[i + 1]
            if (is_cjk(before) or is_cjk(after)) and not _wide_gap(boxes, i - 1, i + 1):
                continue
        out.append(ch)
    return "".join(out)


def _wide_gap(boxes: _Boxes, left: int, right: int) -> bool:
    a, b = boxes.box(left), boxes.box(right)
    return b[0] - a[2] > (a[3] - a[1])


def _group_lines(pieces: list[Line]) -> list[Line]:
    """Pieces whose vertical middles agree form a line, read left to right."""
    pieces.sort(key=lambda p: p.middle)
    groups: list[list[Line]] = []
    anchor: Line | None = None  # the last group's first longest piece
    for piece in pieces:
        if anchor is not None and abs(piece.middle - anchor.middle) <= max(anchor.size, piece.size) * 0.5:
            groups[-1].append(piece)
            if len(piece.text) > len(anchor.text):
                anchor = piece
            continue
        groups.append([piece])
        anchor = piece
    return [_merge(group) for group in groups]


def _merge(group: list[Line]) -> Line:
    group.sort(key=lambda p: p.x0)
    body = max(group, key=lambda p: len(p.text))
    text = group[0].text
    for prev, piece in pairwise(group):
        gap = piece.x0 - prev.x1
        text += (" " if gap > body.size * 0.8 else "") + piece.text
    return Line(
        text,
        group[0].x0,
        max(p.x1 for p in group),
        body.top,
        body.bottom,
        body.size,
    )


# --- running headers, footers, page numbers ----------------------------------------------------
