"""The table index: every value cell filed under the row and column labels a writer would use for it.

Built from the tables of the three 上海市普陀区 2024年度部门决算 PDFs (shared/corpus/real) and the 河南
技能竞赛 evaluation report's 表1-1; the real PDFs are read too where the corpus sits beside the repository.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import REAL, needs_real_corpus

from perfcheck.documents.plaintext import document_from_text
from perfcheck.facts.table_index import build_table_index
from perfcheck.facts.table_labels import caption_core, label_key
from perfcheck.kinds.base import Context

# 收入支出决算总表 of 社会工作部 (page 5): two halves side by side, each with its own labels.
TOTAL_TABLE = """收入支出决算总表
单位：万元
| 收入 | 收入 | 支出 | 支出 |
| 项目 | 决算数 | 项目 | 决算数 |
| 一、一般公共预算财政拨款收入 | 307.82 | 一、一般公共服务支出 | 264.87 |
| 八、其他收入 |  | 八、社会保障和就业支出 | 10.82 |
| 本年收入合计 | 307.82 | 本年支出合计 | 307.82 |
| 总计 | 307.82 | 总计 | 307.82 |
"""

# 支出决算表 of 财政局 (page 10), codes in three columns (类 | 款 | 项).
SPENDING_TABLE = """支出决算表
单位：万元
| 科目编码 | 科目编码 | 科目编码 | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |
| 类 | 款 | 项 | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |
| 类 | 款 | 项 | 合计 | 2,940.05 | 2,336.91 | 603.14 |
| 201 |  |  | 一般公共服务支出 | 2,106.66 | 1,503.52 | 603.14 |
| 201 | 06 | 01 | 行政运行 | 1,511.89 | 1,503.52 | 8.37 |
"""


def _index(text: str):
    return build_table_index(document_from_text(text))


def _lookup(index, label: str):
    """The key a label finds and its cells, all tables together (document order)."""
    key, by_table = index.lookup(label)
    return key, [cell for cells in by_table.values() for cell in cells]


def test_side_by_side_halves_keep_their_own_labels():
    index = _index(TOTAL_TABLE)
    key, cells = _lookup(index, "一般公共服务支出（类）")
    assert key == "一般公共服务支出"
    assert [(c.value, c.column_label) for c in cells] == [(Decimal("264.87"), "支出·决算数")]
    key, cells = _lookup(index, "本年收入合计")
    assert [c.value for c in cells] == [Decimal("307.82")] and cells[0].column == 1


def test_a_total_row_files_its_cells_under_the_column_names():
    index = _index(SPENDING_TABLE)
    key, cells = _lookup(index, "其中：基本支出")
    assert key == "基本支出"
    assert [c.value for c in cells] == [Decimal("2336.91")]
    assert cells[0].total_row and not cells[0].total_column


def test_subject_codes_are_never_values():
    index = _index(SPENDING_TABLE)
    values = {c.value for tables in index.by_label.values() for cells in tables.values() for c in cells}
    assert not values & {Decimal(201), Decimal(6), Decimal(1)}
    assert index.tables[0].value_columns == (4, 5, 6)


def test_unit_from_the_line_before_or_the_header():
    assert _index(SPENDING_TABLE).tables[0].unit == "万元"
    yuan = _index("收入支出决算总表\n金额单位：元\n| 项目 | 金额 |\n| 总计 | 25,754,899.39 |\n")
    assert yuan.tables[0].unit == "元" and yuan.tables[0].unit_stated
    header = _index("| 项目 | 预算安排(万元) |\n| 一次性竞赛补贴经费 | 7455.00 |\n")
    assert header.tables[0].unit == "万元" and header.tables[0].unit_stated
    bare = _index("| 项目 | 金额 |\n| 一次性竞赛补贴经费 | 7455.00 |\n")
    assert not bare.tables[0].unit_stated


def test_a_subtotal_is_filed_under_its_group():
    # 河南 技能竞赛 评价报告 表1-1 (excerpt): the 小计 row closes the 一次性竞赛补贴经费 group.
    text = """表1-1：2021-2024年省级职业技能竞赛经费资金支出明细表
| 项目名称 | 子项目 | 年度 | 预算安排(万元) | 支出金额(万元) |
| 省级职业技能竞赛经费 | 一次性竞赛补贴经费 | 2021 | 605.00 | 605.00 |
| 省级职业技能竞赛经费 | 一次性竞赛补贴经费 | 2024 | 2895.00 | 1995.00 |
| 省级职业技能竞赛经费 | 一次性竞赛补贴经费 | 小计 | 7455.00 | 6555.00 |
"""
    index = _index(text)
    _, cells = _lookup(index, "一次性竞赛补贴经费")
    subtotal = [c for c in cells if c.row_label == "小计"]
    assert [c.value for c in subtotal] == [Decimal("7455.00"), Decimal("6555.00")]
    assert all(c.value != 2021 for c in cells)  # the 年度 column is not an amount


def test_labels_and_section_titles_reduce_to_the_same_core():
    assert label_key("一、一般公共服务支出（类）") == "一般公共服务支出"
    assert label_key("因 公 出 国 （ 境 ） 费用") == "因公出国（境）费用"
    assert caption_core("收入支出决算总表") == caption_core("一、收入支出决算总体情况说明") == "收入支出"
    assert caption_core("财政拨款“三公”经费支出决算表") == caption_core("七、财政拨款“三公”经费支出决算情况说明")
    assert caption_core("一般公共预算财政拨款支出决算表") == "一般公共预算财政拨款支出"


def test_the_index_is_built_once_per_document():
    context = Context(document_from_text(TOTAL_TABLE))
    assert context.table_index is context.table_index


@needs_real_corpus
def test_real_final_accounts_pdf_index():
    from perfcheck.documents import load_document

    index = build_table_index(load_document(REAL / "putuo-finance-bureau-2024-final-accounts.pdf"))
    captions = [t.caption for t in index.tables if t.caption]
    assert "收入支出决算总表" in captions and "财政拨款“三公”经费支出决算表" in captions
    _, cells = _lookup(index, "本年收入合计")
    assert {c.value for c in cells} == {Decimal("2946.25"), Decimal("2940.05")}  # 收入决算表 vs 财政拨款总表
    _, cells = _lookup(index, "人员经费")
    assert [c.value for c in cells] == [Decimal("2152.26")]
    every = {c.value for tables in index.by_label.values() for cells in tables.values() for c in cells}
    assert not every & {Decimal(2010601), Decimal(201), Decimal(30101)}  # 科目编码 are never amounts
