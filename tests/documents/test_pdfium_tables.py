"""Tables from pdfium's paths and characters agree, cell for cell, with pdfplumber reading the same page.

pdfplumber (pdfminer underneath) is the reference: the pdfium path feeds the same table finder, so on every
page of every PDF the project has (samples/ and the real corpus) both must find the same tables, the same
cells with the same spans, and, where pdfium gives the page's text in full, the same text in each cell.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import REAL, SAMPLES

from perfcheck.documents.pdf_tables import _table
from perfcheck.documents.pdfium_tables import find_tables

PDFS = sorted(SAMPLES.rglob("*.pdf")) + (sorted(REAL.glob("*.pdf")) if REAL.is_dir() else [])

Cells = list[tuple[int, int, int, int, str]]


def _cells(found: object) -> Cells | None:
    table = _table(found)
    if table is None:
        return None
    return [(c.row, c.column, c.row_span, c.col_span, c.text) for row in table.rows for c in row]


def _without_text(tables: list[Cells | None]) -> list[list[tuple[int, int, int, int]] | None]:
    return [None if t is None else [cell[:4] for cell in t] for t in tables]


def _pdfplumber_tables(path: Path) -> list[list[Cells | None]]:
    with pdfplumber.open(path) as plumber:
        return [[_cells(found) for found in page.find_tables()] for page in plumber.pages]


def _pdfium_tables(path: Path) -> list[tuple[list[Cells | None], bool]]:
    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            found, complete = find_tables(page, textpage, page.get_size()[1])
            pages.append(([_cells(table) for table in found], complete))
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_pdfium_tables_agree_with_pdfplumber_cell_for_cell(path: Path) -> None:
    reference = _pdfplumber_tables(path)
    ours = _pdfium_tables(path)
    assert len(ours) == len(reference)
    for number, (expected, (found, complete)) in enumerate(zip(reference, ours, strict=True), start=1):
        # The grid (cells and spans) comes from the ruling lines alone and must always agree.
        assert _without_text(found) == _without_text(expected), f"page {number}: cells differ"
        if complete:
            assert found == expected, f"page {number}: cell text differs"


def test_the_comparison_has_tables_to_compare() -> None:
    """A vacuous agreement (no tables anywhere, or every page handed back to pdfplumber) proves nothing."""
    served = 0
    for path in PDFS:
        for found, complete in _pdfium_tables(path):
            served += len(found) if complete else 0
    assert served >= 10


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/corpus/real is not beside the repository")
@pytest.mark.parametrize("path", sorted(REAL.glob("*.pdf")) if REAL.is_dir() else [], ids=lambda p: p.name)
def test_real_reports_are_read_by_pdfium_alone(path: Path) -> None:
    """Fonts embedded, as Word and WPS export them: pdfium gives the whole text, pdfminer is not needed."""
    pages = _pdfium_tables(path)
    assert any(found for found, _ in pages), "the 部门决算 reports draw ruled tables"
    assert all(complete for _, complete in pages)


def test_a_page_pdfium_cannot_serve_is_read_by_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback: when pdfium's text of a ruled page is incomplete, pdfplumber reads that page's tables."""
    import perfcheck.documents.pdf as pdf_loader
    from perfcheck.documents import load_document

    path = SAMPLES / "self-eval-table.pdf"
    served = [b.table for b in load_document(path).blocks if b.table is not None]
    monkeypatch.setattr(pdf_loader, "find_tables", lambda page, textpage, height: ([], False))
    read, asked = pdf_loader.read_tables, []
    monkeypatch.setattr(pdf_loader, "read_tables", lambda data, pages: asked.append(len(pages)) or read(data, pages))
    handed_back = [b.table for b in load_document(path).blocks if b.table is not None]
    assert served and handed_back == served
    assert asked and asked[0] >= 1  # pdfplumber was handed the page


def test_segments_read_through_the_api_give_the_same_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copied segment array and pdfium's per-segment API must agree: the API is the fallback."""
    from perfcheck.documents import pdfium_edges

    path = SAMPLES / "self-eval-table.pdf"
    copied = _pdfium_tables(path)
    assert pdfium_edges._layout_checked == [True], "pdfium's segment layout changed: paths are read slowly"
    monkeypatch.setattr(pdfium_edges, "_layout_checked", [False])
    assert _pdfium_tables(path) == copied
