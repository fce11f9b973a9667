"""A table is searched for a header of a kind only if its cells hold the characters every such header holds
(``table_roles.may_hold_header``): the skip may never lose a header. Checked on every table of the samples
(the self-evaluation layouts included) and of the shared corpus' excerpts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS, SAMPLES

from perfcheck import load_document
from perfcheck.facts.table_roles import HeaderCells, cells_text, find_headers, may_hold_header

FILES = sorted(
    path
    for path in [*SAMPLES.rglob("*"), *(CORPUS / "excerpts").glob("*")]
    if path.suffix in (".docx", ".xlsx", ".txt", ".md", ".pdf") and path.is_file()
)


@cache
def headers_found(path: Path) -> tuple[tuple[int, str, str], ...]:
    """(block, kind, the table's cells' text) for every header the full search finds in the file."""
    found = []
    for block in load_document(path).blocks:
        if block.table is None or not block.table.n_rows:
            continue
        grid = block.table.grid()
        for kind in ("funding", "indicator"):
            if find_headers(grid, kind, HeaderCells(grid)):
                found.append((block.index, kind, cells_text(block.table)))
    return tuple(found)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_table_with_a_header_holds_its_characters(path: Path):
    for block, kind, text in headers_found(path):
        assert may_hold_header(text, kind), (path.name, block, kind)


def test_the_files_hold_headers_of_both_kinds_to_check():
    """The test above asserts only where a header is found: it must find many (113 files had one)."""
    kinds = [kind for path in FILES for _, kind, _ in headers_found(path)]
    assert kinds.count("funding") >= 100 and kinds.count("indicator") >= 100, (len(FILES), len(kinds))


def test_what_each_kind_needs():
    assert may_hold_header("项目资金 年初预算数 全年执行数", "funding")
    assert may_hold_header("预算数 支出数", "funding")
    assert not may_hold_header("年初预算数 决算数", "funding")  # a 部门决算 table: no 执行, no 支出
    assert may_hold_header("一级指标 二级指标", "indicator")
    assert not may_hold_header("收入 支出 决算数", "indicator")
