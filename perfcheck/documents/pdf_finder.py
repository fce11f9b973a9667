"""pdfplumber's table finder and cell text, the same results with less repeated work.

Three steps of pdfplumber cost more than the rest of a table page once pdfium has read it, and all redo
work: ``merge_edges`` copies every edge into a new dict at each move and each join (thousands a page);
``intersections_to_cells`` rebuilds the set of edge boxes at two points for every pair of points it
compares (and scans all later points for those below and to the right); ``extract_text`` runs its line
clustering and text map for cells that hold one line. ``TableFinder`` here is pdfplumber's with its
default settings, the edges merged in place (``ruling_edges``) and the cells found from sets and point
lists made once per page (``find_cells``); ``one_line_text`` is ``extract_text`` for a single line. Each
is checked against pdfplumber's own function (``tests/documents/test_pdf_finder.py``), and the tables
against pdfplumber's whole reading (``test_pdfium_tables.py``). Imports pdfplumber: load this module
only where a table is looked for.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.table import Table, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.table import TableFinder as _PlumberFinder
from pdfplumber.utils.clustering import make_cluster_dict
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, LIGATURES

Box = tuple[float, float, float, float]
Point = tuple[float, float]


class TableFinder(_PlumberFinder):
    """pdfplumber's ``TableFinder`` with its default settings: the same steps, done by the functions below."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.settings = TableSettings.resolve(None)
        self.edges = ruling_edges(page.edges, self.settings)
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance
        )
        self.cells = find_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


# An edge while it is merged: its coordinates, sizes and the dict it came from (copied once, at the end).
_X0, _X1, _TOP, _BOTTOM, _WIDTH, _HEIGHT, _DOCTOP, _SOURCE = range(8)


def ruling_edges(edges: list[dict[str, Any]], settings: TableSettings) -> list[dict[str, Any]]:
    """pdfplumber's ``TableFinder.get_edges`` for the "lines" strategies, arithmetic and order included.

    Edges shorter than the prefilter length go; vertical edges snap to the mean x0 of their cluster and
    horizontal ones to the mean top (``snap_objects``); edges on one line that touch or overlap within
    the join tolerance are joined (``join_edge_group``); edges shorter than ``edge_min_length`` go.
    """
    prefilter = settings.edge_min_length_prefilter
    vertical = [_record(e) for e in edges if e["orientation"] == "v" and e["height"] >= prefilter]
    horizontal = [_record(e) for e in edges if e["orientation"] == "h" and e["width"] >= prefilter]
    if settings.snap_x_tolerance > 0 or settings.snap_y_tolerance > 0:
        vertical = _snapped(vertical, _X0, settings.snap_x_tolerance, (_X0, _X1))
        horizontal = _snapped(horizontal, _TOP, settings.snap_y_tolerance, (_TOP, _BOTTOM, _DOCTOP))
    lines = sorted(
        [(("v", r[_X0]), r) for r in vertical] + [(("h", r[_TOP]), r) for r in horizontal], key=itemgetter(0)
    )
    kept: list[dict[str, Any]] = []
    for (orientation, _), group in groupby(lines, key=itemgetter(0)):
        if orientation == "h":
            joined = _joined([r for _, r in group], _X0, _X1, settings.join_x_tolerance, horizontal=True)
            kept += [_edge(r) for r in joined if r[_WIDTH] >= settings.edge_min_length]
        else:
            joined = _joined([r for _, r in group], _TOP, _BOTTOM, settings.join_y_tolerance, horizontal=False)
            kept += [_edge(r) for r in joined if r[_HEIGHT] >= settings.edge_min_length]
    return kept


def _record(e: dict[str, Any]) -> list[Any]:
    return [e["x0"], e["x1"], e["top"], e["bottom"], e["width"], e["height"], e["doctop"], e]


def _edge(r: list[Any]) -> dict[str, Any]:
    x0, x1, top, bottom, width, height, doctop, source = r
    return {
        **source,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": width,
        "height": height,
        "doctop": doctop,
    }


def _snapped(records: list[list[Any]], key: int, tolerance: float, moved: tuple[int, ...]) -> list[list[Any]]:
    """``snap_objects``: clusters in order of position, each edge moved by (mean - its own position)."""
    cluster = make_cluster_dict([r[key] for r in records], tolerance)
    ordered = sorted(records, key=lambda r: cluster[r[key]])
    snapped: list[list[Any]] = []
    for _, group in groupby(ordered, key=lambda r: cluster[r[key]]):
        members = list(group)
        mean = sum(r[key] for r in members) / len(members)
        for r in members:
            offset = mean - r[key]
            for k in moved:
                r[k] = r[k] + offset
        snapped += members
    return snapped


def _joined(records: list[list[Any]], low: int, high: int, tolerance: float, horizontal: bool) -> list[list[Any]]:
    """``join_edge_group``: along one line, an edge starting within ``tolerance`` of the last one's end extends it."""
    ordered = sorted(records, key=itemgetter(low))
    joined = [ordered[0]]
    for r in ordered[1:]:
        last = joined[-1]
        if r[low] <= last[high] + tolerance:
            if r[high] > last[high]:  # resize_object: the width from x0, the height by the change of bottom
                if horizontal:
                    last[_WIDTH] = r[high] - last[_X0]
                else:
                    last[_HEIGHT] = last[_HEIGHT] + (r[high] - last[high])
                last[high] = r[high]
        else:
            joined.append(r)
    return joined


def find_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``: for each point in (x, top) order, the smallest cell it opens.

    Two points are connected when they are in a line (same x, or same top) and share an edge of that
    direction; a cell's four corners must be connected around it. pdfplumber compares the edges' boxes,
    so the sets here are of boxes too.
    """
    vertical = {p: {_box(e) for e in edges["v"]} for p, edges in intersections.items()}
    horizontal = {p: {_box(e) for e in edges["h"]} for p, edges in intersections.items()}

    def connects(p: Point, q: Point) -> bool:
        return (p[0] == q[0] and not vertical[p].isdisjoint(vertical[q])) or (
            p[1] == q[1] and not horizontal[p].isdisjoint(horizontal[q])
        )

    points = sorted(intersections)
    # Each point's later points on its vertical and on its horizontal, in pdfplumber's (sorted) order.
    column: dict[float, list[Point]] = defaultdict(list)
    row: dict[float, list[Point]] = defaultdict(list)
    place: dict[Point, tuple[int, int]] = {}
    for point in points:
        place[point] = (len(column[point[0]]), len(row[point[1]]))
        column[point[0]].append(point)
        row[point[1]].append(point)
    cells: list[Box] = []
    for point in points:
        in_column, in_row = place[point]
        right = row[point[1]][in_row + 1 :]
        for below in column[point[0]][in_column + 1 :]:
            if not connects(point, below):
                continue
            cell = _smallest_with(point, below, right, intersections, connects)
            if cell is not None:
                cells.append(cell)
                break
    return cells


def _smallest_with(point: Point, below: Point, right: list[Point], intersections: Any, connects: Any) -> Box | None:
    for corner in right:
        if not connects(point, corner):
            continue
        bottom_right = (corner[0], below[1])
        if bottom_right in intersections and connects(bottom_right, corner) and connects(bottom_right, below):
            return (point[0], point[1], bottom_right[0], bottom_right[1])
    return None


def _box(edge: dict[str, Any]) -> Box:
    return (edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def one_line_text(chars: list[dict[str, Any]]) -> str | None:
    """pdfplumber's ``extract_text`` (its defaults) for upright characters sharing one ``top``, else None.

    Most cells hold one line, and pdfplumber's general path (clustering characters into lines, words
    into lines again, a text map) costs more than the rest of the cell. On one line it comes down to:
    characters in x0 order (a stable sort, as pdfplumber's), a word ending at whitespace or at a gap
    wider than the x tolerance, ligatures expanded, words joined by a space.
    """
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
