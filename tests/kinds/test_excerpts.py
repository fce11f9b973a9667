"""What a finding quotes: the original text around a span, or the cell a table finding is about."""

from __future__ import annotations

from msgspec.structs import replace

from perfcheck.documents.plaintext import document_from_text
from perfcheck.kinds.base import make_excerpt


def test_a_span_is_quoted_from_the_original_text():
    document = document_from_text("报告\n整体支出本年度决算金额为４５０８．１８万元，基本支出2247万元。")
    block = document.blocks[1]
    start = block.norm.index("4508.18")
    excerpt = make_excerpt(document, 1, start, start + len("4508.18万元"))
    assert "４５０８．１８万元" in excerpt.text
    assert block.text[excerpt.start : excerpt.end] == "４５０８．１８万元"


def test_a_cell_is_quoted_with_its_row_label_and_column_header():
    document = document_from_text(
        "报告\n| 项目资金（万元） | 年初预算数 | 全年执行数 |\n|---|---|---|\n"
        "| 年度资金总额 | 120.00 | 142.50 |\n| 其中：本年财政拨款 | 100.00 | 124.00 |\n"
    )
    table = next(b for b in document.blocks if b.table is not None)
    cell = make_excerpt(document, table.index, location=replace(table.location, row=2, column=2))
    assert cell.text == "其中：本年财政拨款｜全年执行数：124.00"
    row = make_excerpt(document, table.index, location=replace(table.location, row=1, column=None))
    assert row.text == "年度资金总额 | 120.00 | 142.50"
