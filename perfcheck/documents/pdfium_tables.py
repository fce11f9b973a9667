"""Ruled tables from what pdfium already parsed, found by pdfplumber's table algorithm.

pdfplumber finds tables well, but its PDF parser (pdfminer, pure Python) costs ~0.2 s a table page. Its
table finder needs only two lists, though: the page's edges (ruling lines) and its characters, each a
dict in pdfplumber's top-down coordinates. This module builds both from the pdfium page and text page
that ``pdf.py`` has open anyway, and hands them to :class:`pdfplumber.table.TableFinder` over a small
page-like object, so a table page costs about what pdfium costs.

The edges are built the way pdfminer and pdfplumber build them, so the two agree cell for cell
(``tests/documents/test_pdfium_tables.py`` runs both on every PDF the project has):

- a path is split into subpaths at each move; a subpath of one segment is a *line*, a closed axis-aligned
  four-corner subpath is a *rect* (four edges), anything else a *curve*, whose consecutive points (the end
  point of each Bézier, as pdfminer keeps) give one edge each;
- pdfplumber calls a line vertical unless its two ends are at the same height, a diagonal too
  (``utils.line_to_edge``); kept, since agreement with the reference is the point;
- paths that are neither filled nor stroked (clipping paths) draw nothing; form XObjects are entered
  with their matrix.

Characters are pdfium's loose boxes (the font's full height, as pdfminer's are), without the spaces
and line breaks pdfium generates between words and lines.
"""

from __future__ import annotations

import ctypes
import functools
import math
import struct
from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Forms inside forms: deeper nesting than this is a malformed or hostile file, not a table.
_MAX_FORM_DEPTH = 8


class _RuledPage:
    """The page-like object pdfplumber's ``TableFinder`` and ``Table.extract`` read: edges, chars, bbox."""

    def __init__(self, edges: list[dict[str, Any]], chars: list[dict[str, Any]], bbox: tuple[float, ...]):
        self.edges = edges
        self.chars = chars
        self.bbox = bbox


def find_tables(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, height: float) -> tuple[list[Any], bool]:
    """pdfplumber ``Table`` objects for one open pdfium page, and whether pdfium gave all their text.

    ``height`` turns pdfium's bottom-up coordinates into pdfplumber's top-down ones (the same height
    the text lines use). When the text is not complete (the page has text that pdfium could not
    measure and its text page leaves out, see ``_visit``), the tables carry their cells but no text,
    and pdfplumber should read the page instead.
    """
    from pdfplumber.table import TableFinder

    edges, unmeasured = page_edges(page, height)
    if not edges:
        return [], True
    tables = TableFinder(_RuledPage(edges, [], (0.0, 0.0, 0.0, height))).tables  # type: ignore[arg-type]
    if not tables or unmeasured:
        return tables, not unmeasured
    boxes = [table.bbox for table in tables]
    chars = page_chars(textpage, height, boxes)
    for table, (x0, top, x1, bottom) in zip(tables, boxes, strict=True):
        inside = [
            c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        ]
        table.page = _RuledPage([], inside, table.bbox)  # type: ignore[assignment]
        table.extract = functools.partial(_extract, table, inside)  # type: ignore[method-assign]
    return tables, True


def _extract(table: Any, chars: list[dict[str, Any]]) -> list[list[str | None]]:
    """``Table.extract()`` with pdfplumber's defaults, each cell's characters found by bisection.

    pdfplumber scans the characters once per row, then the row's once per cell; a character belongs
    to the cell holding its middle (half-open box), which is all this does, in the same order, so the
    text is the same (the agreement test runs pdfplumber's own extract on the same pages).
    """
    from pdfplumber.utils import extract_text

    middles = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
    keys = [v for v, _ in middles]
    rows: list[list[str | None]] = []
    for row in table.rows:
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            picked = sorted(
                i
                for _, i in middles[bisect_left(keys, top) : bisect_left(keys, bottom)]
                if x0 <= (chars[i]["x0"] + chars[i]["x1"]) / 2 < x1
            )
            if not picked:
                texts.append("")
                continue
            cell_chars = [chars[i] for i in picked]
            text = one_line_text(cell_chars)
            texts.append(extract_text(cell_chars) if text is None else text)
        rows.append(texts)
    return rows


def one_line_text(chars: list[dict[str, Any]]) -> str | None:
    """pdfplumber's ``extract_text`` (its defaults) for upright characters sharing one ``top``, else None.

    Most cells hold one line, and pdfplumber's general path (clustering characters into lines, words
    into lines again, a text map) costs more than the rest of the cell. On one line it comes down to:
    characters in x0 order (a stable sort, as pdfplumber's), a word ending at whitespace or at a gap
    wider than the x tolerance, ligatures expanded, words joined by a space. The agreement tests
    compare the two on generated lines.
    """
    from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, LIGATURES

    top = chars[0]["top"]
    if any(c["top"] != top or not c["upright"] for c in chars):
        return None
    words: list[str] = []
    word: list[str] = []
    last_x1 = 0.0
    for c in sorted(chars, key=itemgetter("x0")):
        text = c["text"]
        if text.isspace():
            if word:
                words.append("".join(word))
                word = []
            continue
        if word and c["x0"] > last_x1 + DEFAULT_X_TOLERANCE:
            words.append("".join(word))
            word = []
        word.append(LIGATURES.get(text, text))
        last_x1 = c["x1"]
    if word:
        words.append("".join(word))
    return " ".join(words)


# --- edges -------------------------------------------------------------------------------------------


class _Edges:
    """pdfplumber's ``page.edges`` as they are collected: those of lines, of rects, of curves."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.lines: list[dict[str, Any]] = []
        self.rects: list[dict[str, Any]] = []
        self.curves: list[dict[str, Any]] = []
        self.unmeasured = 0  # text objects pdfium could not measure, which its text page leaves out
        # Out-parameters for pdfium, made once per page rather than once per object (thousands a page).
        self.box = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        self.point = (ctypes.c_float(), ctypes.c_float())
        self.mode = (ctypes.c_int(), ctypes.c_int())
        self.matrix = pdfium_c.FS_MATRIX()


def page_edges(page: pdfium.PdfPage, height: float) -> tuple[list[dict[str, Any]], int]:
    """pdfplumber's ``page.edges``, and how many text objects pdfium's text page will leave out."""
    found = _Edges(height)
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        _visit(pdfium_c.FPDFPage_GetObject(raw, i), _IDENTITY, found, 0)
    return found.lines + found.rects + found.curves, found.unmeasured


def _visit(obj: Any, outer: Matrix, found: _Edges, depth: int) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        _path_edges(obj, outer, found)
    elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        # pdfium measures glyphs in the font program; for a font the file does not embed it measures a
        # substitute from the system's fonts, and a glyph the substitute lacks has no width: the text
        # page then drops the object (seen with reportlab's STSong-Light on a Linux machine without a
        # CJK font; installing one made the same file whole). Zero width in an embedded font is a space.
        left, bottom, right, top = found.box
        if (
            pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            and right.value - left.value < 0.01
            and not pdfium_c.FPDFFont_GetIsEmbedded(pdfium_c.FPDFTextObj_GetFont(obj))
        ):
            found.unmeasured += 1
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
        matrix = _multiply(_matrix(obj, found.matrix), outer)
        for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _visit(pdfium_c.FPDFFormObj_GetObject(obj, j), matrix, found, depth + 1)


def _matrix(obj: Any, m: Any) -> Matrix:
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: p' = p · m · n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _path_edges(obj: Any, outer: Matrix, found: _Edges) -> None:
    fill, stroke = found.mode
    if pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) and fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke:
        return  # a clipping path: painted neither way, so pdfminer never sees it
    matrix = _multiply(_matrix(obj, found.matrix), outer)
    for shape, points in _subpaths(obj, matrix, found):
        _classify(shape, points, found)


def _subpaths(obj: Any, matrix: Matrix, found: _Edges) -> list[tuple[str, list[Point]]]:
    """Each subpath as pdfminer writes it: a shape (``m``, ``l``, ``c``, ``h``) and one top-down point per letter.

    pdfium stores a Bézier as three points (two controls, then the end); pdfminer keeps only the end.
    pdfium marks ``h`` as a flag on the last point; pdfminer's ``h`` point is the subpath's start.
    """
    move, bezier_to = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
    a, b, c, d, e, f = matrix
    height = found.height
    subpaths: list[tuple[str, list[Point]]] = []
    shape = ""
    points: list[Point] = []
    bezier = 0
    for px, py, kind, close in _segments(obj, found):
        if kind == move:
            if len(shape) > 1:
                subpaths.append((shape, points))
            shape, points, bezier = "", [], 0
        elif kind == bezier_to:
            bezier += 1
            if bezier % 3:
                continue  # a control point
        if not shape and kind != move:
            shape = "m"  # pdfminer ignores a path that does not start with a move
            points.append((math.nan, math.nan))
        shape += "m" if kind == move else "c" if kind == bezier_to else "l"
        points.append((a * px + c * py + e, height - (b * px + d * py + f)))
        if close:
            shape += "h"
            points.append(points[0])
    if len(shape) > 1:
        subpaths.append((shape, points))
    return subpaths


# pdfium keeps a path's segments in one array of ``CFX_Path::Point`` {float x, y; uint8 type; bool close}
# (12 bytes, a std::vector), and a segment handle points into it. Reading the array in one copy instead
# of four calls per segment cuts the edges of a Word table page (thousands of 5-segment rectangles) by
# about half. The layout is pdfium's, not its API's: it is checked against the API on the first path
# read (it is fixed when the library is built), and the API is used if it does not hold.
_SEGMENT = struct.Struct("=ffBB2x")
# FPDFPath_GetPathSegment returning a plain address: ctypes casts of the typed pointer cost more than the copy.
_segment_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFPath_GetPathSegment, ctypes.c_void_p).value  # type: ignore[arg-type]  # never NULL
)
_layout_checked: list[bool] = []  # empty until the first path with segments; then [whether the layout holds]


def _segments(obj: Any, found: _Edges) -> list[tuple[float, float, int, int]]:
    """The path's segments as (x, y, type, close), in the path's own coordinates."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 0:
        return []
    start = _segment_address(obj, 0)
    if not start:
        return []
    if _layout_checked and _layout_checked[0]:
        return list(_SEGMENT.iter_unpack(ctypes.string_at(start, _SEGMENT.size * count)))
    by_api = _api_segments(obj, count, found)
    if not _layout_checked and count > 1:  # two segments at least, so that the stride is checked too
        end = _segment_address(obj, count - 1)
        copied = list(_SEGMENT.iter_unpack(ctypes.string_at(start, _SEGMENT.size * count)))
        _layout_checked.append(end == start + _SEGMENT.size * (count - 1) and copied == by_api)
    return by_api


def _api_segments(obj: Any, count: int, found: _Edges) -> list[tuple[float, float, int, int]]:
    get_segment, get_type = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetType
    get_point, get_close = pdfium_c.FPDFPathSegment_GetPoint, pdfium_c.FPDFPathSegment_GetClose
    x, y = found.point
    segments = []
    for j in range(count):
        segment = get_segment(obj, j)
        get_point(segment, x, y)
        segments.append((x.value, y.value, get_type(segment), int(get_close(segment))))
    return segments


def _classify(shape: str, points: list[Point], found: _Edges) -> None:
    """pdfminer's ``paint_path`` for one subpath, then pdfplumber's edges of the object it makes.

    Only the edges pdfplumber's ``TableFinder`` keeps are made: it drops edges that are neither
    horizontal nor vertical, and those shorter than 1 pt (``edge_min_length_prefilter``), before it
    does anything else; a thin filled rectangle (how Word draws a ruling line) keeps its two long sides.
    """
    if points[0][0] != points[0][0]:
        return  # NaN: no leading move
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-1]  # a redundant line back to the start, closed with h
    if shape in ("ml", "mlh"):
        (x0, t0), (x1, t1) = points[0], points[1]
        top, bottom = min(t0, t1), max(t0, t1)
        left, right = min(x0, x1), max(x0, x1)
        if top == bottom:
            _keep(found.lines, "line", left, right, top, bottom, "h")
        else:
            _keep(found.lines, "line", left, right, top, bottom, "v")
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if last == points[0] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            rects = found.rects
            _keep(rects, "rect_edge", left, right, top, top, "h")
            _keep(rects, "rect_edge", left, right, bottom, bottom, "h")
            _keep(rects, "rect_edge", left, left, top, bottom, "v")
            _keep(rects, "rect_edge", right, right, top, bottom, "v")
            return
    for (x0, t0), (x1, t1) in pairwise(points):
        if x0 == x1:
            _keep(found.curves, "curve_edge", x0, x1, min(t0, t1), max(t0, t1), "v")
        elif t0 == t1:
            _keep(found.curves, "curve_edge", min(x0, x1), max(x0, x1), t0, t1, "h")


def _keep(
    edges: list[dict[str, Any]], kind: str, x0: float, x1: float, top: float, bottom: float, orientation: str
) -> None:
    """Add pdfplumber's edge dict, unless ``TableFinder`` would drop it as shorter than 1 pt."""
    width, height = x1 - x0, bottom - top
    if (height if orientation == "v" else width) >= 1:
        edges.append(
            {
                "object_type": kind,
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": width,
                "height": height,
                "orientation": orientation,
            }
        )


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
    raw = textpage.raw
    near = [(x0 - 2, height - bottom - 2, x1 + 2, height - top + 2) for x0, top, x1, bottom in boxes]  # bottom-up
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    chars: list[dict[str, Any]] = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
        if not any(b[0] <= x.value <= b[2] and b[1] <= y.value <= b[3] for b in near):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
        pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
        m = matrix
        size = pdfium_c.FPDFText_GetFontSize(raw, i) * math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
        x0, x1 = box.left, box.right
        if x1 - x0 < 0.01:  # no width from the font: half an em for Latin, an em for CJK
            x0, x1 = x.value, x.value + size * (0.5 if code < 0x2E80 else 1.0)
        top = height - y.value - (1 - _DESCENT) * size
        chars.append(
            {"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": top + size, "doctop": top, "upright": True}
        )
    return chars
