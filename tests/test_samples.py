"""End to end on the committed samples: every format of the example reads the same (samples/README.md)."""

from __future__ import annotations

import difflib

import pytest
from conftest import EXAMPLE_TXT, SAMPLES

from perfcheck import load_document

FORMATS = [
    "qingshuitang-2018-overall.txt",
    "qingshuitang-2018-overall-gbk.txt",
    "qingshuitang-2018-overall.docx",
    "qingshuitang-2018-overall-autonum.docx",
    "qingshuitang-2018-overall.pdf",
]
TOP = ["一、整体支出概况", "二、整体支出资金使用及管理情况", "三、2018年绩效目标完成情况", "四、其他需要说明事宜"]


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _outline(document):
    return [(s.level, _squeeze(s.number), _squeeze(s.title)) for s in document.sections()]


@pytest.fixture(scope="module")
def reference():
    return load_document(EXAMPLE_TXT)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_reads_the_same_report(name, reference):
    document = load_document(SAMPLES / name)
    assert document.title == "2018年度清水塘街道整体支出绩效评价报告"
    assert [s.label for s in document.outline] == TOP
    assert _outline(document) == _outline(reference)
    assert len([s for s in document.sections() if s.level == 2]) == 27
    joined = _squeeze("".join(b.norm for b in document.blocks))
    expected = _squeeze("".join(b.norm for b in reference.blocks))
    assert difflib.SequenceMatcher(None, joined, expected, autojunk=False).ratio() >= 0.99
    norms = [b.norm for b in document.blocks]
    assert any("4508.18万元" in n for n in norms)
    assert any("其中社会发展事务支出301.97万元" in n for n in norms)


def test_auto_numbered_headings_are_rebuilt():
    document = load_document(SAMPLES / "qingshuitang-2018-overall-autonum.docx")
    tops = [document.blocks[s.block] for s in document.outline]
    assert all(b.number_generated for b in tops)
    assert [b.number for b in tops] == ["一、", "二、", "三、", "四、"]


def test_locations_fit_the_format():
    pdf = load_document(SAMPLES / "qingshuitang-2018-overall.pdf")
    assert all(b.location.page and b.location.line for b in pdf.blocks)
    docx = load_document(SAMPLES / "qingshuitang-2018-overall.docx")
    assert all(b.location.paragraph is not None for b in docx.blocks)
    txt = load_document(EXAMPLE_TXT)
    assert [b.location.line for b in txt.blocks[:3]] == [1, 2, 3]


@pytest.mark.parametrize("name", ["self-eval-table.docx", "self-eval-table.pdf"])
def test_self_evaluation_table_cells_and_spans(name):
    document = load_document(SAMPLES / name)
    tables = [b.table for b in document.blocks if b.table is not None]
    assert len(tables) == 1
    table = tables[0]
    grid = table.grid()
    assert (table.n_rows, table.n_columns) == (5, 8)
    header = grid[0][0]
    assert header is not None and header.text == "项目资金（万元）" and header.col_span == 2
    assert grid[0][1] is header
    other = grid[2][0]
    assert other is not None and other.text == "其中" and other.row_span == 3
    assert grid[4][0] is other
    values = [[c.text if c else None for c in row] for row in grid]
    assert values[0][2:] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert values[1][2:5] == ["120.00", "150.00", "142.50"]
    assert values[2][1:5] == ["本年财政拨款", "100.00", "130.00", "124.00"]
    assert values[3][1] == "上年结转资金" and values[4][1] == "其他资金"
    assert values[3][6] == "92.50%"
