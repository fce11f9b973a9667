"""The shortcuts in pdf_finder give what pdfplumber's own functions give, on generated input and on real pages."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from conftest import REAL, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableSettings, edges_to_intersections, intersections_to_cells, merge_edges
from pdfplumber.utils import extract_text

from perfcheck.documents.pdf_finder import find_cells, one_line_text
from perfcheck.documents.pdfium_edges import page_edges

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


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_find_cells_agrees_on_every_page_the_project_has(path: Path) -> None:
    from perfcheck.documents.pdf_finder import TableFinder
    from perfcheck.documents.pdfium_tables import _RuledPage

    defaults = TableSettings.resolve(None)
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            height = page.get_size()[1]
            edges, _ = page_edges(page, height)
            finder = TableFinder(_RuledPage(edges, [], (0.0, 0.0, 0.0, height)))
            intersections = edges_to_intersections(
                finder.edges, defaults.intersection_x_tolerance, defaults.intersection_y_tolerance
            )
            assert finder.cells == intersections_to_cells(intersections), f"page {index + 1}"
            page.close()
    finally:
        pdf.close()
