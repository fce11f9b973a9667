"""A text export that ends inside a table (corpus excerpt 046, 鄂州市行政审批局 2021 项目支出绩效自评表, cut at
"社会效益 指标 | 岗"): the table is marked truncated, so sums over the whole table are unresolved while its
rows are still checked. The lines are quoted from the excerpt (a web page copied one cell per line)."""

from __future__ import annotations

from perfcheck.config.params import convert
from perfcheck.documents.plaintext import document_from_text
from perfcheck.kinds import KINDS
from perfcheck.kinds.base import Context

FUNDING = """项目支出绩效自评表 |
项目资金 (万元) |
|
年初预算数 |
全年预算数 |
全年执行数 |
分值 |
执行率 |
得分 |
||||||
年度资金总额 |
150万 |
150万 |
125.25万 |
10 |
83.5% |
9 |
|||||||
"""
INDICATORS = """一级指标 |
二级指标 |
三级指标 |
年度 指标值 |
实际 完成值 |
分值 |
得分 |
偏差原因分析及改进措施 |
|||||
产出指标 |
数量指标 |
预算资金拨款率 |
100% |
100% |
10 |
10 |
|
||||||||
质量指标 |
政务服务工作办结率 |
100% |
100% |
10 |
10 |
|
|||||||
效益指标 |
经济效益 指标 |
大厅运行正常率 |
100% |
100% |
10 |
10 |
|
||||||
"""
CUT = FUNDING + INDICATORS + "社会效益 指标 |\n岗"
# The same rows, the table closed and a sentence after it: a table that is complete as written.
WHOLE = FUNDING + INDICATORS + "本年度项目总体运行良好。\n"


def _tables(text: str) -> list:
    return [b.table for b in document_from_text(text).blocks if b.table is not None]


def _outcomes(text: str, check: str) -> list:
    module = KINDS["table-weights"]
    return list(module.check(Context(document_from_text(text)), convert(module.Params, {"check": check})))


def test_a_table_the_text_ends_inside_is_marked_truncated():
    assert [t.truncated for t in _tables(CUT)] == [True]
    assert [t.truncated for t in _tables(WHOLE)] == [False]
    # the text ends right after a closed row: nothing was cut
    assert [t.truncated for t in _tables(FUNDING + INDICATORS)] == [False]
    (table,) = Context(document_from_text(CUT)).indicator_tables
    assert table.truncated and not table.problems
    assert [i.level3 for i in table.indicators] == ["预算资金拨款率", "政务服务工作办结率", "大厅运行正常率"]


def test_the_weights_total_of_a_truncated_table_is_unresolved_and_its_rows_still_checked():
    (total,) = _outcomes(CUT, "total")
    assert total.status == "unresolved"
    assert "表格在文末被截断，无法核对合计" in total.detail
    # the same rows in a table that is complete as written: 10 + 10 + 10 + 10 = 40 is a fail (hedged)
    (whole,) = _outcomes(WHOLE, "total")
    assert whole.status == "fail" and "40" in whole.detail
    rows = _outcomes(CUT, "score-within-weight")
    assert [o.status for o in rows] == ["pass"]
    assert "4 行" in rows[0].detail


def test_the_group_the_text_ends_inside_is_unresolved_and_the_groups_before_it_are_checked():
    stated = "产出指标（20分） |", "效益指标（30分） |"
    cut = CUT.replace("产出指标 |", stated[0]).replace("效益指标 |", stated[1])
    outcomes = _outcomes(cut, "group-sum")
    assert [(o.status, "“产出指标”" in o.detail, "“效益指标”" in o.detail) for o in outcomes] == [
        ("pass", True, False),  # 10 + 10 = 20
        ("unresolved", False, True),  # its 社会效益 rows were cut off
    ]
    assert "表格在文末被截断" in outcomes[1].detail


def test_a_stated_total_score_is_not_checked_against_a_truncated_table():
    module = KINDS["total-score"]
    text = "自评得分39分。\n"  # 9 + 10 + 10 + 10 = 39 over the rows in the text
    (cut,) = module.check(Context(document_from_text(text + CUT)), convert(module.Params, {}))
    assert cut.status == "unresolved" and "表格在文末被截断，无法核对合计" in cut.detail
    (whole,) = module.check(Context(document_from_text(text + WHOLE)), convert(module.Params, {}))
    assert whole.status == "pass" and "9 + 10 + 10 + 10 = 39" in whole.detail
