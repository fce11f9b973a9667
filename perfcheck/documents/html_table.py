"""A ``<table>`` in a text file (a report saved from a web page, or Markdown with HTML tables).

Kept apart from :mod:`perfcheck.documents.text_tables` so that ``html.parser`` is imported only when a
text holds a ``<table>``, not by every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from html.parser import HTMLParser

from perfcheck.documents.assemble import make_cell, make_table
from perfcheck.model import Cell, Table


class _HtmlTable(HTMLParser):
    """Cells of one HTML table with their spans; nested markup inside a cell is kept as its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, int, int]]] = []
        self._cell: list[str] | None = None
        self._spans = (1, 1)
        self.closed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            values = dict(attrs)
            self._cell = []
            self._spans = (_span(values.get("rowspan")), _span(values.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append(("".join(self._cell).strip(), *self._spans))
            self._cell = None
        elif tag == "table":
            self.closed = True

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _span(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100 else 1


def read_html_table(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    """A ``<table>`` starting on line ``start``; cells placed by their row and column spans."""
    parser = _HtmlTable()
    end = start
    while end < len(lines) and not parser.closed:
        parser.feed(lines[end] + "\n")
        end += 1
    if not parser.closed or not parser.rows:
        return None
    taken: set[tuple[int, int]] = set()
    rows: list[list[Cell]] = []
    for r, drafts in enumerate(parser.rows):
        row: list[Cell] = []
        column = 0
        for text, row_span, col_span in drafts:
            while (r, column) in taken:
                column += 1
            row.append(make_cell(text, r, column, min(row_span, len(parser.rows) - r), col_span))
            for dr in range(row_span):
                for dc in range(col_span):
                    taken.add((r + dr, column + dc))
            column += col_span
        rows.append(row)
    return make_table(rows), end
