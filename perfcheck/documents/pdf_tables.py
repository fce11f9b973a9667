"""PDF tables as pdfplumber finds them, turned into :class:`~perfcheck.model.Table` blocks.

``add_tables`` converts tables found by pdfplumber's table finder, whoever fed it (``pdfium_tables``
from pdfium's paths and characters, or pdfplumber's own page). ``read_tables`` runs pdfplumber in full,
pdfminer included: for the pages pdfium cannot serve, and as the reference the pdfium path is tested
against. Each pdfplumber page is closed after use (measured ~45 MB vs ~450 MB peak on a 200-page file).
Spans come from the cell boxes against the grid's row and column edges: a merged cell's box covers
several steps.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

from perfcheck.documents.assemble import make_cell, make_table
from perfcheck.documents.pdf_layout import Page, join_lines
from perfcheck.model import Cell, Table


def read_tables(data: bytes, pages: Sequence[Page]) -> None:
    """Find ruled tables on the given pages, one pdfplumber page at a time (closed after use)."""
    if not pages:
        return
    import pdfplumber

    from perfcheck.quiet import library_loaded

    library_loaded()  # pdfplumber and pdfminer log: silenced if the command line asked (perfcheck.quiet)
    # A page pdfminer cannot parse keeps its text as lines: a table we cannot read is not a crash.
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception:
        return
    with plumber:
        for page in pages:
            try:
                plumber_page = plumber.pages[page.number - 1]
            except Exception:
                continue
            try:
                add_tables(page, plumber_page.find_tables())
            except Exception:
                continue
            finally:
                plumber_page.close()


def add_tables(page: Page, found_tables: Iterable[Any]) -> None:
    """Add pdfplumber ``Table`` objects to ``page`` as (top, table, bbox), skipping single framed boxes."""
    for found in found_tables:
        table = _table(found)
        if table is not None:
            page.tables.append((found.bbox[1], table, found.bbox))


def _edges(values: list[float]) -> list[float]:
    """Sorted coordinates with near-duplicates (within 2 pt) merged."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 2:
            edges.append(value)
    return edges


def _position(edges: list[float], value: float) -> int:
    """The index of the edge nearest ``value`` (the lower one on a tie); ``edges`` ascend."""
    i = bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] <= edges[i] - value):
        return i - 1
    return i


def _table(found: Any) -> Table | None:
    """Cells with spans computed from the cell boxes: a merged cell's box covers several grid steps."""
    extracted = found.extract()
    boxes: list[tuple[tuple[float, float, float, float], str]] = []
    for row, texts in zip(found.rows, extracted, strict=False):
        for bbox, text in zip(row.cells, texts, strict=False):
            if bbox is not None:
                boxes.append((bbox, _join_cell_lines(text or "")))
    if not boxes:
        return None
    xs = _edges([b[0] for b, _ in boxes] + [b[2] for b, _ in boxes])
    ys = _edges([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
        return None  # a single framed box is a text box, not a table
    rows: list[list[Cell]] = [[] for _ in range(len(ys) - 1)]
    for (x0, top, x1, bottom), text in boxes:
        column, row = _position(xs, x0), _position(ys, top)
        col_span = max(1, _position(xs, x1) - column)
        row_span = max(1, _position(ys, bottom) - row)
        if row < len(rows):
            rows[row].append(make_cell(text, row, column, row_span, col_span))
    for row_cells in rows:
        row_cells.sort(key=lambda c: c.column)
    return make_table(rows)


def _join_cell_lines(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        joined = join_lines(joined, line)
    return joined
