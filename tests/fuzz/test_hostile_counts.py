"""Counts read from a file are clamped to what a page can hold, and ``dump`` says so (issue 12)."""

from __future__ import annotations

import json
import subprocess
import sys

from hostile_files import cell, docx_bytes, numbering, paragraph, row, table

from perfcheck.documents import load_document
from perfcheck.documents.docx import MAX_COLUMNS
from perfcheck.documents.wordnumbering import MAX_START, format_number


def test_a_huge_grid_span_is_clamped_to_a_word_table_and_noted(tmp_path):
    path = tmp_path / "span.docx"
    body = paragraph("报告") + table([row([cell("甲", 2**31 - 1), cell("乙")]), row([cell("丙")], before=10**7)])
    path.write_bytes(docx_bytes(body))
    document = load_document(path)
    grid = next(b.table for b in document.blocks if b.table is not None)
    assert grid.n_columns <= MAX_COLUMNS
    assert "丙" in {c.text for c in grid.cells()}  # the cell after an absurd gridBefore is still read
    assert any("w:gridSpan" in note and str(2**31 - 1) in note for note in document.notes)
    assert any("w:gridBefore" in note for note in document.notes)


def test_a_huge_numbering_start_is_refused_and_noted(tmp_path):
    path = tmp_path / "numbered.docx"
    body = paragraph("报告") + paragraph("第一项", "1") + paragraph("第二项", "1")
    path.write_bytes(docx_bytes(body, numbering(3 * 10**9, "lowerLetter")))
    document = load_document(path)
    assert [b.number for b in document.blocks[1:]] == ["a、", "b、"]
    assert any("3000000000" in note for note in document.notes)


def test_labels_past_the_limit_are_digits_not_letter_or_roman_loops():
    assert format_number(10**12, "lowerRoman") == str(10**12)
    assert format_number(3 * 10**9, "upperLetter") == str(3 * 10**9)
    assert format_number(MAX_START, "lowerRoman").startswith("mmmmmmmmm")


def test_dump_shows_the_clamp(tmp_path):
    path = tmp_path / "span.docx"
    path.write_bytes(docx_bytes(paragraph("报告") + table([row([cell("甲", 10**9)])]), numbering(10**12)))
    result = subprocess.run(
        [sys.executable, "-m", "perfcheck", "dump", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert any("w:gridSpan" in note for note in json.loads(result.stdout)["notes"])
