"""Ruled tables from a page's ruling lines: pdfplumber's table algorithm, without importing pdfplumber.

pdfplumber finds ruled tables well; importing it costs ~40 ms of CPU a process (it brings pdfminer), more
than finding every table of a 25-page 部门决算 report once pdfium has read the page. Its algorithm with
its default settings (``TableSettings``) is short: the edges are filtered, snapped and joined
(``ruling_edges``), their crossings found (``intersections``), the smallest cell opened at each crossing
(``find_cells``), and cells that share a corner gathered into tables (``cells_to_tables``); the text of a
table's cells is ``pdf_cell_text``'s. Two of pdfplumber's steps redo work, done once here: it copies every
edge into a new dict at each snap and join, and rebuilds two sets of edge boxes for every pair of
crossings it compares.

Adapted from pdfplumber 0.11 (``table.py``; MIT License, Copyright (c) 2015, Jeremy Singer-Vine; the notice is in
LICENSE-pdfplumber.txt beside this file): the same
steps, order and float arithmetic. pdfplumber stays the reference: ``tests/documents/test_pdf_grid.py``
compares each step with pdfplumber's own function on generated input and on every page the project has,
and ``test_pdfium_tables.py`` the tables with pdfplumber's whole reading.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from typing import Any

from perfcheck.documents.pdf_cell_text import table_texts
from perfcheck.documents.pdf_clusters import cluster_ids

Box = tuple[float, float, float, float]
Point = tuple[float, float]

# An edge: the values of pdfplumber's edge dict (top-down coordinates) in a list; its orientation is the
# list of edges it is in. A dict per edge, as pdfplumber's page.edges, is ~4x slower to make and ~2x to
# read back; ruling_edges snaps and joins copies of the lists in place.
X0, X1, TOP, BOTTOM, WIDTH, HEIGHT, DOCTOP = range(7)
Edge = list[float]

# pdfplumber's TableSettings defaults (the tests check them against the installed pdfplumber).
SNAP_TOLERANCE = 3
JOIN_TOLERANCE = 3
EDGE_MIN_LENGTH = 3
EDGE_MIN_LENGTH_PREFILTER = 1
INTERSECTION_TOLERANCE = 3


class GridTable:
    """A table as pdfplumber's ``Table`` presents one: its cells, bbox, rows, and text by ``extract()``.

    ``chars`` are the page's characters near the table (pdfplumber's char dicts), set by whoever has them.
    """

    def __init__(self, cells: list[Box]) -> None:
        self.cells = cells
        self.bbox: Box = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        self.chars: list[dict[str, Any]] = []

    @property
    def rows(self) -> list[_Row]:
        """``Table.rows``: cells grouped by top, a slot per distinct x0 of the table (None if no cell starts there)."""
        xs = sorted({c[0] for c in self.cells})
        rows = []
        for _, group in groupby(sorted(self.cells, key=itemgetter(1, 0)), itemgetter(1)):
            by_x0 = {cell[0]: cell for cell in group}
            rows.append(_Row([by_x0.get(x) for x in xs]))
        return rows

    def extract(self) -> list[list[str | None]]:
        return table_texts([row.cells for row in self.rows], self.chars)


class _Row:
    def __init__(self, cells: list[Box | None]) -> None:
        self.cells = cells


def find_grid_tables(vertical: list[Edge], horizontal: list[Edge]) -> list[GridTable]:
    """pdfplumber's ``TableFinder(page).tables`` with default settings, for a page with these edges."""
    cells = find_cells(intersections(*ruling_edges(vertical, horizontal)))
    return [GridTable(group) for group in cells_to_tables(cells)]


def ruling_edges(vertical: list[Edge], horizontal: list[Edge]) -> tuple[list[Edge], list[Edge]]:
    """pdfplumber's ``TableFinder.get_edges`` for the "lines" strategies, arithmetic and order included.

    ``vertical`` and ``horizontal`` are the page's edges of each orientation, in ``page.edges`` order.
    Edges shorter than the prefilter length go; vertical edges snap to the mean x0 of their cluster and
    horizontal ones to the mean top (``snap_objects``); edges on one line that touch or overlap within
    the join tolerance are joined (``join_edge_group``); edges shorter than ``edge_min_length`` go.
    Returns new lists (pdfplumber's order is the horizontal ones, then the vertical ones).
    """
    prefilter = EDGE_MIN_LENGTH_PREFILTER
    snapped_v = _snapped([e.copy() for e in vertical if e[HEIGHT] >= prefilter], X0, (X0, X1))
    snapped_h = _snapped([e.copy() for e in horizontal if e[WIDTH] >= prefilter], TOP, (TOP, BOTTOM, DOCTOP))
    kept_h: list[Edge] = []
    for _, group in groupby(sorted(snapped_h, key=itemgetter(TOP)), key=itemgetter(TOP)):
        kept_h += [e for e in _joined(list(group), X0, X1, horizontal=True) if e[WIDTH] >= EDGE_MIN_LENGTH]
    kept_v: list[Edge] = []
    for _, group in groupby(sorted(snapped_v, key=itemgetter(X0)), key=itemgetter(X0)):
        kept_v += [e for e in _joined(list(group), TOP, BOTTOM, horizontal=False) if e[HEIGHT] >= EDGE_MIN_LENGTH]
    return kept_v, kept_h


def _snapped(edges: list[Edge], key: int, moved: tuple[int, ...]) -> list[Edge]:
    """``snap_objects``: clusters in order of position, each edge moved by (mean - its own position)."""
    cluster = cluster_ids([e[key] for e in edges], SNAP_TOLERANCE)
    ordered = sorted(edges, key=lambda e: cluster[e[key]])
    snapped: list[Edge] = []
    for _, group in groupby(ordered, key=lambda e: cluster[e[key]]):
        members = list(group)
        mean = sum(r[key] for r in members) / len(members)
        for r in members:
            offset = mean - r[key]
            for k in moved:
                r[k] = r[k] + offset
        snapped += members
    return snapped


def _joined(edges: list[Edge], low: int, high: int, horizontal: bool) -> list[Edge]:
    """``join_edge_group``: along one line, an edge starting within the tolerance of the last one's end extends it."""
    ordered = sorted(edges, key=itemgetter(low))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[low] <= last[high] + JOIN_TOLERANCE:
            if e[high] > last[high]:  # resize_object: the width from x0, the height by the change of bottom
                if horizontal:
                    last[WIDTH] = e[high] - last[X0]
                else:
                    last[HEIGHT] = last[HEIGHT] + (e[high] - last[high])
                last[high] = e[high]
        else:
            joined.append(e)
    return joined


def intersections(vertical: list[Edge], horizontal: list[Edge]) -> dict[Point, tuple[set[Box], set[Box]]]:
    """``edges_to_intersections``: where a vertical and a horizontal edge cross or meet, within the tolerance.

    Each crossing keeps the boxes of the vertical and of the horizontal edges through it: all that
    ``find_cells`` asks of them (pdfplumber keeps the edges, and compares their boxes).
    """
    tolerance = INTERSECTION_TOLERANCE
    found: dict[Point, tuple[set[Box], set[Box]]] = {}
    across = sorted(horizontal, key=itemgetter(TOP, X0))
    for v in sorted(vertical, key=itemgetter(X0, TOP)):
        x, v_top, v_bottom = v[X0], v[TOP], v[BOTTOM]
        for h in across:
            y = h[TOP]
            if (
                v_top <= y + tolerance
                and v_bottom >= y - tolerance
                and x >= h[X0] - tolerance
                and x <= h[X1] + tolerance
            ):
                vertex = (x, y)
                if vertex not in found:
                    found[vertex] = (set(), set())
                found[vertex][0].add(_box(v))
                found[vertex][1].add(_box(h))
    return found


def find_cells(crossings: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """``intersections_to_cells``: for each crossing in (x, top) order, the smallest cell it opens.

    Two crossings are connected when they are in a line (same x, or same top) and share an edge of that
    direction; a cell's four corners must be connected around it.
    """

    def connects(p: Point, q: Point) -> bool:
        return (p[0] == q[0] and not crossings[p][0].isdisjoint(crossings[q][0])) or (
            p[1] == q[1] and not crossings[p][1].isdisjoint(crossings[q][1])
        )

    points = sorted(crossings)
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
            cell = _smallest_with(point, below, right, crossings, connects)
            if cell is not None:
                cells.append(cell)
                break
    return cells


def _smallest_with(point: Point, below: Point, right: list[Point], crossings: Any, connects: Any) -> Box | None:
    for corner in right:
        if not connects(point, corner):
            continue
        bottom_right = (corner[0], below[1])
        if bottom_right in crossings and connects(bottom_right, corner) and connects(bottom_right, below):
            return (point[0], point[1], bottom_right[0], bottom_right[1])
    return None


def _box(edge: Edge) -> Box:
    return (edge[X0], edge[TOP], edge[X1], edge[BOTTOM])


def cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """``cells_to_tables``: cells gathered, in their order, while they share a corner with the group so far;
    groups of more than one cell, by their top-most then left-most cell."""

    def corners(cell: Box) -> tuple[Point, Point, Point, Point]:
        x0, top, x1, bottom = cell
        return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))

    remaining = list(cells)
    current_corners: set[Point] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            cell_corners = corners(cell)
            if not current or any(c in current_corners for c in cell_corners):
                current_corners |= set(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]
