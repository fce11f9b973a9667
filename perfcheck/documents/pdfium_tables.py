"""Ruled tables from what pdfium already parsed, found by pdfplumber's table algorithm.

pdfplumber finds tables well, but its PDF parser (pdfminer, pure Python) costs ~0.2 s a table page. Its
table algorithm needs only two lists, though: the page's edges (ruling lines) and its characters, in
pdfplumber's top-down coordinates. This module builds both from the pdfium page and text page
that ``pdf.py`` has open anyway (the edges in ``pdfium_edges``) and runs the algorithm on them
(``pdf_grid``, pdfplumber's steps without importing pdfplumber), so a table page costs about what pdfium
costs. ``tests/documents/test_pdfium_tables.py`` runs this and pdfplumber's own reading on every PDF the
project has and asserts the same cells.

Characters are pdfium's loose boxes (the font's full height, as pdfminer's are), without the spaces
and line breaks pdfium generates between words and lines.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from perfcheck.documents import pdfium_calls as calls
from perfcheck.documents.pdf_grid import GridTable, find_grid_tables
from perfcheck.documents.pdfium_edges import page_edges
from perfcheck.quiet import library_loaded

library_loaded()  # pypdfium2 loads logging: silenced if the command line asked (perfcheck.quiet)


def find_tables(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, height: float) -> tuple[list[GridTable], bool]:
    """pdfplumber's tables for one open pdfium page (``pdf_grid``), and whether pdfium gave all their text.

    ``height`` turns pdfium's bottom-up coordinates into pdfplumber's top-down ones (the same height
    the text lines use). When the text is not complete (the page has text that pdfium could not
    measure and its text page leaves out, see ``pdfium_edges._visit``), the tables carry their cells but
    no text, and pdfplumber should read the page instead.
    """
    vertical, horizontal, unmeasured = page_edges(page, height)
    if not vertical and not horizontal:
        return [], True
    tables = find_grid_tables(vertical, horizontal)
    if not tables or unmeasured:
        return tables, not unmeasured
    chars = page_chars(textpage, height, [table.bbox for table in tables])
    for table in tables:
        x0, top, x1, bottom = table.bbox
        table.chars = [
            c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        ]
    return tables, True


# --- characters --------------------------------------------------------------------------------------

# pdfminer's box for a glyph runs from its origin over its advance and, vertically, over one em from the
# font's descent. pdfium's "loose" box has the same left and right (origin, advance); its top and bottom
# are the glyph's ink instead wherever a font lacks ascent/descent metrics (many embedded subsets), and
# ink differs from glyph to glyph. So the em is placed from the baseline: this far below it (a typical
# CJK descent), the same for every glyph of a line, which is what pdfplumber's line clustering needs.
_DESCENT = 0.12


def page_chars(
    textpage: pdfium.PdfTextPage, height: float, boxes: Sequence[tuple[float, float, float, float]]
) -> list[dict[str, Any]]:
    """pdfplumber's ``page.chars`` (the keys its text extraction reads) near the given top-down boxes."""
    raw = calls.address(textpage.raw)
    near = [(x0 - 2, height - bottom - 2, x1 + 2, height - top + 2) for x0, top, x1, bottom in boxes]  # bottom-up
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    m = pdfium_c.FS_MATRIX()
    x_at, y_at, box_at, m_at = map(ctypes.addressof, (x, y, box, m))
    origin, loose_box, char_matrix, font_size = (
        calls.char_origin,
        calls.char_loose_box,
        calls.char_matrix,
        calls.char_font_size,
    )
    chars: list[dict[str, Any]] = []
    for i, code in enumerate(_codes(textpage)):
        # pdfium generates only spaces and line breaks; ask about those alone (a call per character costs).
        if code in (0, 0xFFFE, 0xFFFF) or (code in _MAYBE_GENERATED and calls.char_is_generated(raw, i) == 1):
            continue
        origin(raw, i, x_at, y_at)
        ox, oy = x.value, y.value
        for left, low, right, high in near:
            if left <= ox <= right and low <= oy <= high:
                break
        else:
            continue
        loose_box(raw, i, box_at)
        char_matrix(raw, i, m_at)
        size = font_size(raw, i) * math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
        x0, x1 = box.left, box.right
        if x1 - x0 < 0.01:  # no width from the font: half an em for Latin, an em for CJK
            x0, x1 = ox, ox + size * (0.5 if code < 0x2E80 else 1.0)
        top = height - oy - (1 - _DESCENT) * size
        chars.append(
            {"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": top + size, "doctop": top, "upright": True}
        )
    return chars


_MAYBE_GENERATED = frozenset(map(ord, " \r\n"))


def _codes(textpage: pdfium.PdfTextPage) -> list[int]:
    """Each character's code point: from the page's text in one call when it has one entry per character."""
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) == count:
        return [ord(ch) for ch in text]
    raw = calls.address(textpage.raw)
    return [calls.char_code(raw, i) for i in range(count)]
