"""The workbook a bureau prints: text never a formula, numbers as numbers, relative files, links, print setup."""

from __future__ import annotations

import shutil

import pytest
from conftest import EXAMPLE_TXT, SAMPLES
from test_cli import run

openpyxl = pytest.importorskip("openpyxl")

INJECTED = SAMPLES / "qingshuitang-2018-injected.txt"
FORMULAS = ["=1+2", "+1+2", "-1+2", "@SUM(1)", "\t=1+2", "\r=1+2", '=HYPERLINK("http://x")']


def test_text_that_looks_like_a_formula_is_a_string_cell():
    from openpyxl import Workbook

    from perfcheck.report.xlsx import safe_cell

    sheet = Workbook(write_only=True).create_sheet("t")
    for text in FORMULAS:
        cell = safe_cell(sheet, text)
        assert cell.data_type == "s" and cell.quotePrefix, repr(text)
    assert safe_cell(sheet, 12).data_type == "n" and safe_cell(sheet, 0.25).data_type == "n"
    assert "\x1b" not in safe_cell(sheet, "红\x1b[31m字").value  # an xlsx cannot hold control characters


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("b") / "2018 报告"  # a Chinese folder name with a space
    (folder / "街道").mkdir(parents=True)
    shutil.copy(EXAMPLE_TXT, folder / "=1+2.txt")
    shutil.copy(INJECTED, folder / "街道" / "@SUM(1).txt")
    title = '=HYPERLINK("http://example.com")2018年度清水塘街道整体支出绩效评价报告'
    text = INJECTED.read_text(encoding="utf-8").split("\n", 1)[1]
    (folder / "-x.txt").write_text(f"{title}\n{text}", encoding="utf-8")
    out = folder.parent / "out"
    out.mkdir()
    result = run("batch", folder, "--xlsx", out / "汇总.xlsx", "--html-dir", out / "pages")
    assert result.returncode == 1, result.stderr
    return openpyxl.load_workbook(out / "汇总.xlsx"), out


def test_file_names_and_titles_are_strings_with_relative_paths(workbook):
    book, _ = workbook
    summary = book["汇总"]
    files = [summary.cell(row=r, column=2) for r in range(2, 5)]
    assert sorted(c.value for c in files) == ["-x.txt", "=1+2.txt", "街道/@SUM(1).txt"]
    assert all(c.data_type == "s" for c in files)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    units = [c.value for c in book["问题明细"]["C"]]
    assert any(isinstance(v, str) and v.startswith("=HYPERLINK") for v in units) or any(
        isinstance(v, str) and v.startswith("=HYPERLINK") for v in [c.value for c in book["问题明细"]["L"]]
    )


def test_years_counts_and_shares_are_numbers_with_formats(workbook):
    book, _ = workbook
    summary = book["汇总"]
    year = summary.cell(row=2, column=5)
    assert year.value == 2018 and year.number_format == "0"
    assert isinstance(summary.cell(row=2, column=7).value, int)
    rules = book["常见问题"]
    share = rules.cell(row=2, column=4)
    assert isinstance(share.value, int | float) and 0 < share.value <= 1 and share.number_format == "0%"
    similar = book["高度相似"]
    assert similar.max_row >= 2 and similar.cell(row=2, column=3).number_format == "0%"


def test_each_report_links_to_its_review_page(workbook):
    book, out = workbook
    summary = book["汇总"]
    for row in range(2, 5):
        link = summary.cell(row=row, column=2).hyperlink
        assert link is not None and link.target.startswith("pages/")
        assert (out / link.target).is_file()


def test_every_sheet_prints_landscape_fitted_with_the_header_repeated(workbook):
    book, _ = workbook
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
