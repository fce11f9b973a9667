"""A table is searched for a header of a kind only if its cells hold the characters every such header holds
(``table_roles.may_hold_header``): the skip may never lose a header. Checked on every table of the samples
(the self-evaluation layouts included) and of the shared corpus' excerpts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, SAMPLES

from perfcheck import load_document
from perfcheck.facts.table_roles import HeaderCells, find_headers, may_hold_header

FILES = sorted(
    path
    for path in [*SAMPLES.rglob("*"), *(CORPUS / "excerpts").glob("*")]
    if path.suffix in (".docx", ".xlsx", ".txt", ".md", ".pdf") and path.is_file()
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_table_with_a_header_holds_its_characters(path: Path):
    for block in load_document(path).blocks:
        if block.table is None or not block.table.n_rows:
            continue
        grid = block.table.grid()
        text = "".join(cell.text + cell.norm for row in block.table.rows for cell in row)
        for kind in ("funding", "indicator"):
            if find_headers(grid, kind, HeaderCells(grid)):
                assert may_hold_header(text, kind), (path.name, block.index, kind)


def test_what_each_kind_needs():
    assert may_hold_header("项目资金 年初预算数 全年执行数", "funding")
    assert may_hold_header("预算数 支出数", "funding")
    assert not may_hold_header("年初预算数 决算数", "funding")  # a 部门决算 table: no 执行, no 支出
    assert may_hold_header("一级指标 二级指标", "indicator")
    assert not may_hold_header("收入 支出 决算数", "indicator")
