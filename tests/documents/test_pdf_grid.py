"""pdf_grid, pdf_cell_text and pdf_clusters give what pdfplumber's own functions give.

They are pdfplumber's table algorithm re-done without importing pdfplumber, so each step is compared with
pdfplumber's function: on generated input that reaches the corners (snapping chains, joins at exactly the
tolerance, edges too short to keep, ragged grids with merged cells, characters sharing an x0, lines within
and beyond the tolerance), and on every page of every PDF the project has, as pdfium reads it.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from conftest import REAL, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder, TableSettings, edges_to_intersections, intersections_to_cells, merge_edges
from pdfplumber.table import cells_to_tables as plumber_cells_to_tables
from pdfplumber.utils import cluster_objects as plumber_cluster_objects
from pdfplumber.utils import extract_text, make_cluster_dict
from pdfplumber.utils import text as plumber_text

from perfcheck.documents import pdf_cell_text, pdf_grid
from perfcheck.documents.pdf_cell_text import cell_text
from perfcheck.documents.pdf_clusters import cluster_ids, cluster_objects
from perfcheck.documents.pdf_grid import (
    Edge,
    cells_to_tables,
    find_cells,
    find_grid_tables,
    intersections,
    ruling_edges,
)
from perfcheck.documents.pdfium_edges import page_edges
from perfcheck.documents.pdfium_tables import page_chars

PDFS = sorted(SAMPLES.rglob("*.pdf")) + (sorted(REAL.glob("*.pdf")) if REAL.is_dir() else [])


class _Page:
    """The page-like object pdfplumber's TableFinder and Table.extract read."""

    def __init__(self, edges: list[dict[str, Any]], chars: list[dict[str, Any]], height: float) -> None:
        self.edges, self.chars, self.bbox = edges, chars, (0.0, 0.0, 0.0, height)


_KEYS = ("x0", "x1", "top", "bottom", "width", "height", "doctop")


def _ours(edges: list[dict[str, Any]]) -> tuple[list[Edge], list[Edge]]:
    """pdfplumber edge dicts as pdf_grid edges: the vertical ones and the horizontal ones."""
    return (
        [[e[k] for k in _KEYS] for e in edges if e["orientation"] == "v"],
        [[e[k] for k in _KEYS] for e in edges if e["orientation"] == "h"],
    )


def _theirs(vertical: list[Edge], horizontal: list[Edge]) -> list[dict[str, Any]]:
    """pdf_grid edges as pdfplumber edge dicts (the keys its table finder reads)."""
    return [dict(zip(_KEYS, e, strict=True), orientation="v") for e in vertical] + [
        dict(zip(_KEYS, e, strict=True), orientation="h") for e in horizontal
    ]


def test_the_settings_are_pdfplumbers_defaults() -> None:
    defaults = TableSettings.resolve(None)
    assert (defaults.vertical_strategy, defaults.horizontal_strategy) == ("lines", "lines")
    assert defaults.snap_x_tolerance == defaults.snap_y_tolerance == pdf_grid.SNAP_TOLERANCE
    assert defaults.join_x_tolerance == defaults.join_y_tolerance == pdf_grid.JOIN_TOLERANCE
    assert defaults.edge_min_length == pdf_grid.EDGE_MIN_LENGTH
    assert defaults.edge_min_length_prefilter == pdf_grid.EDGE_MIN_LENGTH_PREFILTER
    assert defaults.intersection_x_tolerance == defaults.intersection_y_tolerance == pdf_grid.INTERSECTION_TOLERANCE
    assert plumber_text.DEFAULT_X_TOLERANCE == pdf_cell_text.X_TOLERANCE
    assert plumber_text.DEFAULT_Y_TOLERANCE == pdf_cell_text.Y_TOLERANCE
    assert plumber_text.LIGATURES == pdf_cell_text.LIGATURES


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.one_of(st.integers(0, 30).map(float), st.floats(0, 30).map(lambda x: round(x, 1)))),
    tolerance=st.sampled_from([0, 1, 3]),
)
def test_clusters_are_pdfplumbers(values: list[float], tolerance: int) -> None:
    assert cluster_ids(values, tolerance) == make_cluster_dict(values, tolerance)
    objects = [{"v": v, "i": i} for i, v in enumerate(values)]
    key = lambda o: o["v"]  # noqa: E731
    assert cluster_objects(objects, key, tolerance) == plumber_cluster_objects(objects, key, tolerance)


_CHAR = st.tuples(
    st.sampled_from(["1", "2", ".", ",", "%", "万", "元", "合", "计", " ", "\u3000", "ﬁ", "ﬀ", "A"]),
    st.floats(0, 60).map(lambda x: round(x, 1)),  # x0, on a coarse grid so that equal x0s and touching chars occur
    st.sampled_from([0.0, 0.5, 2.5, 5.0, 10.0]),  # width
    st.sampled_from([100.0, 100.0, 100.0, 101.5, 103.0, 104.5, 112.0, 113.0]),  # top: one line, or several
)


@settings(max_examples=500, deadline=None)
@given(line=st.lists(_CHAR, max_size=14), one_line=st.booleans())
def test_cell_text_is_pdfplumbers_extract_text(line: list[tuple[str, float, float, float]], one_line: bool) -> None:
    chars = [
        {"text": t, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + 10, "doctop": top, "upright": True}
        for t, x0, w, top in line
    ]
    if one_line:
        chars = [{**c, "top": 100.0, "bottom": 110.0, "doctop": 100.0} for c in chars]
    assert cell_text(chars) == extract_text(chars)


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if top == bottom else "v",
    }


@st.composite
def _grid_edges(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Ruling lines of a grid with some segments missing (merged cells), some offset, some doubled."""
    xs = sorted(draw(st.sets(st.integers(0, 12), min_size=2, max_size=7)))
    ys = sorted(draw(st.sets(st.integers(0, 12), min_size=2, max_size=7)))
    wobble = st.sampled_from([0.0, 0.0, 0.0, 0.4, 1.5, 4.0])
    edges = []
    for y in ys:
        for a, b in pairwise(xs):
            if draw(st.integers(0, 5)):
                top = y * 20 + draw(wobble)
                edges.append(_edge(a * 30.0, top, b * 30.0 + draw(wobble), top))
    for x in xs:
        for a, b in pairwise(ys):
            if draw(st.integers(0, 5)):
                left = x * 30 + draw(wobble)
                edges.append(_edge(left, a * 20.0, left, b * 20.0 + draw(wobble)))
    return edges


@settings(max_examples=300, deadline=None)
@given(edges=_grid_edges())
def test_crossings_cells_and_tables_are_pdfplumbers(edges: list[dict[str, Any]]) -> None:
    """On ragged generated grids, merged the way TableFinder merges them."""
    merged = merge_edges(edges, 3, 3, 3, 3)
    theirs = edges_to_intersections(merged, 3, 3)
    ours = intersections(*_ours(merged))
    assert ours.keys() == theirs.keys()
    for point, (vertical, horizontal) in ours.items():
        assert vertical == {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in theirs[point]["v"]}
        assert horizontal == {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in theirs[point]["h"]}
    cells = find_cells(ours)
    assert cells == intersections_to_cells(theirs)
    assert cells_to_tables(cells) == plumber_cells_to_tables(cells)


@settings(max_examples=200, deadline=None)
@given(
    edges=_grid_edges(),
    scattered=st.lists(
        st.tuples(st.sampled_from(["1", "万", " ", "ﬁ"]), st.integers(0, 400), st.integers(0, 260)), max_size=60
    ),
)
def test_cell_texts_are_pdfplumbers_table_extract(edges: list[dict[str, Any]], scattered: list[Any]) -> None:
    """Characters scattered over generated tables, on cell borders too: each cell's text is pdfplumber's."""
    chars = [
        {
            "text": t,
            "x0": x / 1.0,
            "x1": x + 6.0,
            "top": y / 1.0,
            "bottom": y + 10.0,
            "doctop": y / 1.0,
            "upright": True,
        }
        for t, x, y in scattered
    ]
    ours = find_grid_tables(*_ours(edges))
    theirs = TableFinder(_Page(edges, chars, 800.0)).tables  # type: ignore[arg-type]
    assert [t.cells for t in ours] == [t.cells for t in theirs]
    for table, reference in zip(ours, theirs, strict=True):
        table.chars = chars
        assert table.extract() == reference.extract()


_COORDINATE = st.one_of(
    st.integers(0, 8).map(lambda k: k * 25.0),  # on a grid: edges that meet, overlap and repeat
    st.floats(0, 200).map(lambda x: round(x, 2)),
    st.sampled_from([0.3, 1.7, 2.9, 3.0, 3.1, 5.9, 6.0, 25.4, 28.0, 48.6, 53.0]),  # around the 1, 3 pt tolerances
)


@st.composite
def _loose_edges(draw: st.DrawFn) -> list[dict[str, Any]]:
    edges = []
    for _ in range(draw(st.integers(0, 25))):
        a, b, c = draw(_COORDINATE), draw(_COORDINATE), draw(_COORDINATE)
        orientation = draw(st.sampled_from(["h", "v", None]))
        if orientation == "h":
            edges.append(_edge(min(a, b), c, max(a, b), c))
        elif orientation == "v":
            edges.append(_edge(c, min(a, b), c, max(a, b)))
        else:  # a diagonal piece of a curve: pdfplumber's prefilter drops it
            edges.append({**_edge(min(a, b), c, max(a, b), c + 1), "orientation": None})
    return edges


@settings(max_examples=400, deadline=None)
@given(edges=_loose_edges())
def test_ruling_edges_are_pdfplumbers_merged_edges(edges: list[dict[str, Any]]) -> None:
    """Same edges, same floats, same order as TableFinder.get_edges: snapped, joined and filtered."""
    vertical, horizontal = _ours(edges)
    merged_v, merged_h = ruling_edges(vertical, horizontal)
    reference = TableFinder(_Page(edges, [], 800.0)).edges  # type: ignore[arg-type]
    assert _theirs([], merged_h) + _theirs(merged_v, []) == [
        {k: e[k] for k in (*_KEYS, "orientation")} for e in reference
    ]
    assert _ours(edges) == (vertical, horizontal), "the input is left as it was"


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_tables_and_text_are_pdfplumbers_on_every_page_the_project_has(path: Path) -> None:
    """pdfplumber's TableFinder and Table.extract, and ours, fed the same pdfium edges and characters."""
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            height = page.get_size()[1]
            vertical, horizontal, _ = page_edges(page, height)
            ours = find_grid_tables(vertical, horizontal)
            chars = page_chars(textpage, height, [t.bbox for t in ours])
            theirs = TableFinder(_Page(_theirs(vertical, horizontal), chars, height)).tables  # type: ignore[arg-type]
            assert [t.cells for t in ours] == [t.cells for t in theirs], f"page {index + 1}"
            for table, reference in zip(ours, theirs, strict=True):
                assert table.bbox == reference.bbox
                assert [r.cells for r in table.rows] == [r.cells for r in reference.rows]
                table.chars = chars
                assert table.extract() == reference.extract(), f"page {index + 1}"
            textpage.close()
            page.close()
    finally:
        pdf.close()
