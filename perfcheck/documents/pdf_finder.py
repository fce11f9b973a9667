"""pdfplumber's table finder and cell text, the same results with less repeated work.

Two steps of pdfplumber cost more than the rest of a table page once pdfium has read it, and both redo
work: ``intersections_to_cells`` rebuilds the set of edge boxes at two points for every pair of points
it compares (and scans all later points for those below and to the right), and ``extract_text`` runs its
line clustering and text map for cells that hold one line. ``TableFinder`` here is pdfplumber's, with
the cells found from sets and point lists made once per page; ``one_line_text`` is ``extract_text`` for
a single line. Both are checked against pdfplumber's own functions (``tests/documents/test_pdf_finder.py``)
and the tables against pdfplumber's whole reading (``test_pdfium_tables.py``). Imports pdfplumber: load
this module only where a table is looked for.
"""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter
from typing import Any

from pdfplumber.table import Table, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.table import TableFinder as _PlumberFinder
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, LIGATURES

Box = tuple[float, float, float, float]
Point = tuple[float, float]


class TableFinder(_PlumberFinder):
    """pdfplumber's ``TableFinder`` with its default settings: the same steps, the cells by ``find_cells``."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.settings = TableSettings.resolve(None)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance
        )
        self.cells = find_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


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
