"""The ruling lines of a pdfium page as pdfplumber's ``page.edges``, built the way pdfminer and pdfplumber build them.

Each edge is a ``pdf_grid.Edge`` (the values of pdfplumber's edge dict, in a list), vertical and horizontal
ones apart. So that the table finder sees what it would see behind pdfminer
(``tests/documents/test_pdfium_tables.py`` compares the two on every PDF the project has):

- a path is split into subpaths at each move; a subpath of one segment is a *line*, a closed axis-aligned
  four-corner subpath is a *rect* (four edges), anything else a *curve*, whose consecutive points (the end
  point of each Bézier, as pdfminer keeps) give one edge each;
- pdfplumber calls a line vertical unless its two ends are at the same height, a diagonal too
  (``utils.line_to_edge``); kept, since agreement with the reference is the point;
- paths that are neither filled nor stroked (clipping paths) draw nothing; form XObjects are entered
  with their matrix.

While walking the page it also counts the text objects pdfium could not measure (see ``_visit``).
"""

from __future__ import annotations

import ctypes
import math
import struct
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from perfcheck.documents import pdfium_calls as calls
from perfcheck.documents.pdf_grid import EDGE_MIN_LENGTH_PREFILTER, Edge
from perfcheck.quiet import library_loaded

library_loaded()  # pypdfium2 loads logging: silenced if the command line asked (perfcheck.quiet)

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Forms inside forms: deeper nesting than this is a malformed or hostile file, not a table.
_MAX_FORM_DEPTH = 8


class _Edges:
    """pdfplumber's ``page.edges`` as they are collected, vertical and horizontal: of lines, rects, curves."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.lines: tuple[list[Edge], list[Edge]] = ([], [])
        self.rects: tuple[list[Edge], list[Edge]] = ([], [])
        self.curves: tuple[list[Edge], list[Edge]] = ([], [])
        self.unmeasured = 0  # text objects pdfium could not measure, which its text page leaves out
        # Out-parameters for pdfium, made once per page rather than once per object (thousands a page),
        # passed by address (see pdfium_calls).
        self.box = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        self.point = (ctypes.c_float(), ctypes.c_float())
        self.mode = (ctypes.c_int(), ctypes.c_int())
        self.matrix = pdfium_c.FS_MATRIX()
        self.box_at = tuple(map(ctypes.addressof, self.box))
        self.point_at = tuple(map(ctypes.addressof, self.point))
        self.mode_at = tuple(map(ctypes.addressof, self.mode))
        self.matrix_at = ctypes.addressof(self.matrix)


def page_edges(page: pdfium.PdfPage, height: float) -> tuple[list[Edge], list[Edge], int]:
    """pdfplumber's ``page.edges`` as ``pdf_grid`` edges, the vertical ones and the horizontal ones (each in
    ``page.edges`` order), and how many text objects pdfium's text page will leave out."""
    found = _Edges(height)
    raw = calls.address(page.raw)
    get_object = calls.get_object
    for i in range(calls.count_objects(raw)):
        _visit(get_object(raw, i), _IDENTITY, found, 0)
    (lines_v, lines_h), (rects_v, rects_h), (curves_v, curves_h) = found.lines, found.rects, found.curves
    return lines_v + rects_v + curves_v, lines_h + rects_h + curves_h, found.unmeasured


def _visit(obj: int, outer: Matrix, found: _Edges, depth: int) -> None:
    kind = calls.object_type(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        _path_edges(obj, outer, found)
    elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        # pdfium measures glyphs in the font program; for a font the file does not embed it measures a
        # substitute from the system's fonts, and a glyph the substitute lacks has no width: the text
        # page then drops the object (seen with reportlab's STSong-Light on a Linux machine without a
        # CJK font; installing one made the same file whole). Zero width in an embedded font is a space.
        left, _, right, _ = found.box
        if (
            calls.object_bounds(obj, *found.box_at)
            and right.value - left.value < 0.01
            and not calls.font_is_embedded(calls.text_object_font(obj))
        ):
            found.unmeasured += 1
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
        matrix = _multiply(_matrix(obj, found), outer)
        for j in range(calls.count_form_objects(obj)):
            _visit(calls.get_form_object(obj, j), matrix, found, depth + 1)


def _matrix(obj: int, found: _Edges) -> Matrix:
    if not calls.object_matrix(obj, found.matrix_at):
        return _IDENTITY
    m = found.matrix
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


def _path_edges(obj: int, outer: Matrix, found: _Edges) -> None:
    fill, stroke = found.mode
    if calls.path_draw_mode(obj, *found.mode_at) and fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke:
        return  # a clipping path: painted neither way, so pdfminer never sees it
    matrix = _multiply(_matrix(obj, found), outer)
    for shape, points in _subpaths(obj, matrix, found):
        _classify(shape, points, found)


def _subpaths(obj: int, matrix: Matrix, found: _Edges) -> list[tuple[str, list[Point]]]:
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
_layout_checked: list[bool] = []  # empty until the first path with segments; then [whether the layout holds]


def _segments(obj: int, found: _Edges) -> list[tuple[float, float, int, int]]:
    """The path's segments as (x, y, type, close), in the path's own coordinates."""
    count = calls.count_segments(obj)
    if count <= 0:
        return []
    start = calls.get_segment(obj, 0)
    if not start:
        return []
    if _layout_checked and _layout_checked[0]:
        return list(_SEGMENT.iter_unpack(ctypes.string_at(start, _SEGMENT.size * count)))
    by_api = _api_segments(obj, count, found)
    if not _layout_checked and count > 1:  # two segments at least, so that the stride is checked too
        # The stride first: only an array of 12-byte points may be copied 12 bytes a segment (a smaller
        # one would be read past its end).
        strided = calls.get_segment(obj, count - 1) == start + _SEGMENT.size * (count - 1)
        copied = list(_SEGMENT.iter_unpack(ctypes.string_at(start, _SEGMENT.size * count))) if strided else None
        _layout_checked.append(copied == by_api)
    return by_api


def _api_segments(obj: int, count: int, found: _Edges) -> list[tuple[float, float, int, int]]:
    x, y = found.point
    segments = []
    for j in range(count):
        segment = calls.get_segment(obj, j)
        calls.segment_point(segment, *found.point_at)
        segments.append((x.value, y.value, calls.segment_type(segment), int(calls.segment_close(segment))))
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
        _keep(found.lines, left, right, top, bottom, vertical=top != bottom)
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if last == points[0] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            rects = found.rects
            _keep(rects, left, right, top, top, vertical=False)
            _keep(rects, left, right, bottom, bottom, vertical=False)
            _keep(rects, left, left, top, bottom, vertical=True)
            _keep(rects, right, right, top, bottom, vertical=True)
            return
    for (x0, t0), (x1, t1) in pairwise(points):
        if x0 == x1:
            _keep(found.curves, x0, x1, min(t0, t1), max(t0, t1), vertical=True)
        elif t0 == t1:
            _keep(found.curves, min(x0, x1), max(x0, x1), t0, t1, vertical=False)


def _keep(
    edges: tuple[list[Edge], list[Edge]], x0: float, x1: float, top: float, bottom: float, *, vertical: bool
) -> None:
    """Add the edge, unless ``TableFinder`` would drop it as shorter than 1 pt."""
    width, height = x1 - x0, bottom - top
    if vertical:
        if height >= EDGE_MIN_LENGTH_PREFILTER:
            edges[0].append([x0, x1, top, bottom, width, height, top])
    elif width >= EDGE_MIN_LENGTH_PREFILTER:
        edges[1].append([x0, x1, top, bottom, width, height, top])
