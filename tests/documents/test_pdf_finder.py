"""The shortcuts in pdf_finder give what pdfplumber's own functions give, on generated input and on real pages.

Generated input reaches the corners (snapping chains, joins at exactly the tolerance, lines too short to
keep, characters sharing an x0); the real pages are every PDF the project has, read by pdfium.
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
from pdfplumber.table import TableFinder as PlumberFinder
from pdfplumber.table import TableSettings, edges_to_intersections, intersections_to_cells, merge_edges
from pdfplumber.utils import extract_text

from perfcheck.documents.pdf_finder import TableFinder, find_cells, one_line_text, ruling_edges
from perfcheck.documents.pdfium_edges import page_edges
from perfcheck.documents.pdfium_tables import _RuledPage

PDFS = sorted(SAMPLES.rglob("*.pdf")) + (sorted(REAL.glob("*.pdf")) if REAL.is_dir() else [])

_CHAR = st.tuples(
    st.sampled_from(["1", "2", ".", ",", "%", "万", "元", "合", "计", " ", "\u3000", "ﬁ", "ﬀ", "A"]),
    st.floats(0, 60).map(lambda x: round(x, 1)),  # x0, on a coarse grid so that equal x0s and touching chars occur
    st.sampled_from([0.0, 0.5, 2.5, 5.0, 10.0]),  # width
)


@settings(max_examples=300, deadline=None)
@given(line=st.lists(_CHAR, min_size=1, max_size=12), top=st.sampled_from([100.0, 100.25]), split=st.booleans())
def test_one_line_text_is_pdfplumbers_extract_text(
    line: list[tuple[str, float, float]], top: float, split: bool
) -> None:
    """The shortcut for one-line cells gives pdfplumber's text, and declines cells on more than one line."""
    chars = [
        {"text": t, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + 10, "doctop": top, "upright": True}
        for t, x0, w in line
    ]
    if split:  # a second line, within pdfplumber's tolerance or beyond it
        chars[-1] = {**chars[-1], "top": top + 2, "bottom": top + 12, "doctop": top + 2}
    shortcut = one_line_text(chars)
    if split and len(chars) > 1:
        assert shortcut is None
    else:
        assert shortcut == extract_text(chars)


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
@given(edges=st.composite(_grid_edges)())
def test_find_cells_is_pdfplumbers_intersections_to_cells(edges: list[dict[str, Any]]) -> None:
    """On ragged generated grids, merged the way TableFinder merges them."""
    merged = merge_edges(edges, 3, 3, 3, 3)
    intersections = edges_to_intersections(merged, 3, 3)
    assert find_cells(intersections) == intersections_to_cells(intersections)


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
    page = _RuledPage(edges, [], (0.0, 0.0, 0.0, 800.0))
    assert ruling_edges(edges, TableSettings.resolve(None)) == PlumberFinder(page).edges


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_the_finder_agrees_with_pdfplumbers_on_every_page_the_project_has(path: Path) -> None:
    """pdfplumber's TableFinder and ours, fed the same pdfium edges: the same edges, cells and tables."""
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            height = page.get_size()[1]
            ruled = _RuledPage(page_edges(page, height)[0], [], (0.0, 0.0, 0.0, height))
            ours, theirs = TableFinder(ruled), PlumberFinder(ruled)
            assert ours.edges == theirs.edges, f"page {index + 1}"
            assert ours.cells == theirs.cells, f"page {index + 1}"
            assert [t.cells for t in ours.tables] == [t.cells for t in theirs.tables], f"page {index + 1}"
            page.close()
    finally:
        pdf.close()
