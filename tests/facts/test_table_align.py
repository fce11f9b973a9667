"""Rows of a web page's table whose merged cells were lost, placed under their headers (facts.table_align).

The rows below are quoted from corpus excerpt 013 (longyang.gov.cn/info/5311/13352539.htm, 隆阳区 2022年度
项目支出绩效自评表) and 046 (zwfwzx.ezhou.gov.cn, 鄂州市 项目支出绩效自评表): before, a filled row such as
"1、水稻侧深施肥+缓控释肥 | ≧500亩 | 500亩 | 5.0" was read against the header's column positions and
reported as a row whose 得分 and 实际完成值 were blank (issue 11 §0).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfcheck.documents import load_document
from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import check_document, check_file
from perfcheck.facts.tables import find_funding_tables, find_indicator_tables

LONGYANG = """2022年度项目支出绩效自评表
项目名称 | 隆阳区2021年中央化肥减量增效示范县项目补助资金 | ||||||||
预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||||
年度财政资金总额 | 278.4449 | 30.00 | 10.77% | 2.16 | |||||
年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标 | 数量指标 | 一、示范区建立 | ≧20000亩 | 20000亩 | 15.0 | ||||
1、水稻侧深施肥+缓控释肥 | ≧500亩 | 500亩 | 5.0 | ||||||
质量指标 | 示范区配方肥到位率 | ≧80% | 85.6% | 10.0 | |||||
效益指标 | 社会效益效益指标 | 受益农户数 | 5000户 | 5000户 | 5.0 | ||||
"""


def test_rows_that_lost_their_merged_cells_are_placed_by_what_they_carry():
    (table,) = find_indicator_tables(document_from_text(LONGYANG))
    assert table.problems == ()
    rows = [(i.level1, i.level2, i.level3, i.target.text, i.actual.text, i.score.value) for i in table.indicators]
    assert rows == [
        ("产出指标", "数量指标", "一、示范区建立", "≧20000亩", "20000亩", Decimal("15.0")),
        ("产出指标", "数量指标", "1、水稻侧深施肥+缓控释肥", "≧500亩", "500亩", Decimal("5.0")),
        ("产出指标", "质量指标", "示范区配方肥到位率", "≧80%", "85.6%", Decimal("10.0")),
        ("效益指标", "社会效益效益指标", "受益农户数", "5000户", "5000户", Decimal("5.0")),
    ]
    assert table.indicators[1].nature == "≥"  # ≧ is read as ≥
    assert not table.certain and "从右对齐" in table.assumed[0]


def test_heading_notes_and_points_are_read():
    (funding,) = find_funding_tables(document_from_text(LONGYANG))
    assert funding.problems == ()
    assert set(funding.columns) == {"full_year_budget", "executed", "rate", "score"}
    assert funding.total is not None and funding.total.label == "年度财政资金总额"
    assert funding.total.cells["weight"].value == Decimal("20")  # 预算执行情况(万元) (20分)
    assert funding.certain  # the row sits where its header does


EZHOU_INDICATORS = (
    "绩 效 指 标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | "
    "偏差原因分析及改进措施 |\n"
    "产出指标 | 数量指标 | 预算执行率 | 100% | 83.5% | 20 | 18 | |\n"
)


def test_a_points_column_takes_no_amount_so_the_row_fits_one_way():
    # 046 (鄂州市): the 成本指标 row lost one cell on the left. Moved two columns it reads 二级 成本指标,
    # 三级 市民中心运行维护费, 150万 / 150万, 分值 10, 得分 10; moved three it would put "150万" under 分值,
    # and a 分值 holds points, not an amount. (Whether 成本指标 is a 一级 name, as on forms after 2021, or a
    # 二级 one, every figure lands in the same column.)
    text = EZHOU_INDICATORS + "成本指标 | 市民中心运行维护费 | 150万 | 150万 | 10 | 10 | ||\n"
    (table,) = find_indicator_tables(document_from_text(text))
    assert table.problems == () and not table.certain
    cost = table.indicators[-1]
    assert (cost.level2, cost.level3, cost.target.text, cost.actual.text) == (
        "成本指标",
        "市民中心运行维护费",
        "150万",
        "150万",
    )
    assert (cost.weight.value, cost.score.value) == (Decimal("10"), Decimal("10"))


def test_a_weight_written_as_a_share_still_fits_under_its_column():
    # The 046 rows under a 权重 heading written as shares (some forms weigh indicators in %): a share is a
    # weight, so the row still fits, and "150万" still does not.
    text = (
        "绩 效 指 标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 权重 | 得分 | "
        "偏差原因分析及改进措施 |\n"
        "产出指标 | 数量指标 | 预算执行率 | 100% | 83.5% | 20% | 18 | |\n"
        "成本指标 | 市民中心运行维护费 | 150万 | 150万 | 10% | 10 | ||\n"
    )
    (table,) = find_indicator_tables(document_from_text(text))
    assert table.problems == ()
    assert [(i.level3, i.weight.text) for i in table.indicators] == [
        ("预算执行率", "20%"),
        ("市民中心运行维护费", "10%"),
    ]


def test_a_row_that_fits_two_ways_is_a_problem_not_a_guess():
    # The same row with bare numbers: "150 | 150 | 10 | 10" could be 指标值/完成值/分值/得分 or
    # 完成值/分值/得分/原因, and nothing in the cells says which.
    text = EZHOU_INDICATORS + "成本指标 | 市民中心运行维护费 | 150 | 150 | 10 | 10 | ||\n"
    (table,) = find_indicator_tables(document_from_text(text))
    assert any("第3行（成本指标）" in p and "无法确定" in p for p in table.problems)


def test_a_markdown_row_that_kept_its_positions_is_read_as_written():
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 数量指标 | 服务人数 | ≥1000人 | 1200人 | 50 | 50 | / |\n"
        "|  | 质量指标 | 合格率 | ≥95% | 97% | 40 |  |  |\n"
    )
    (table,) = find_indicator_tables(document_from_text(text))
    assert table.problems == () and table.certain
    assert table.indicators[1].score.blank and table.indicators[1].weight.value == Decimal("40")


# www.scqs.gov.cn/info/13206/211004.htm (青神县, 2023): the 四川 部门预算项目支出绩效自评表 as the page gives
# it, one cell per line ending in " |" and no row ends; copied as the page shows it up to 评价结论.
SCQS = Path(__file__).parent / "data" / "scqs-2023-sichuan-form-cells.txt"


def test_a_page_with_no_row_ends_is_cut_into_rows_by_its_headings(ruleset):
    document = load_document(SCQS)
    (funding,) = find_funding_tables(document)
    assert funding.problems == () and not funding.certain
    assert funding.total is not None and funding.total.label == "总额"
    assert funding.total.cells["full_year_budget"].value == Decimal("251.89")
    assert [p.label for p in funding.parts] == ["财政资金", "财政专户管理资金", "单位资金", "其他资金"]
    (indicators,) = find_indicator_tables(document)
    rows = [(i.level1, i.level2, i.nature, i.target.text, i.unit, i.weight.value) for i in indicators.indicators]
    assert rows == [
        ("产出指标", "数量指标", "=", "100", "%", Decimal("60")),
        ("效益指标", "社会效益指标", "=", "100", "%", Decimal("30")),
    ]
    verdict = check_file(SCQS, ruleset=ruleset)
    (adjusted,) = [f for f in verdict.findings if f.rule == "TB-ADJ-01"]
    # 238.93 → 251.89 with only the printed instructions in the 原因 cell: no reason, on an assumed reading.
    assert (adjusted.status, adjusted.severity) == ("fail", "warning") and adjusted.assumption


def test_an_excel_error_value_stands_where_a_figure_would(ruleset):
    # A form copied out of Excel keeps a failed formula's error value: the row is placed as if it were a
    # figure (the TB-FORMULA-01 rule then names it), not left as a row that fits nowhere.
    row = "1、水稻侧深施肥+缓控释肥 | ≧500亩 | 500亩 | {} |"
    text = LONGYANG.replace(row.format("5.0"), row.format("#REF!"))
    (table,) = find_indicator_tables(document_from_text(text))
    assert table.problems == ()
    placed = table.indicators[1]
    assert (placed.level1, placed.level3, placed.score.text) == ("产出指标", "1、水稻侧深施肥+缓控释肥", "#REF!")
    findings = [f for f in check_document(document_from_text(text), ruleset).findings if f.rule == "TB-FORMULA-01"]
    assert [(f.status, f.severity) for f in findings] == [("fail", "warning")]  # the row's place was assumed
    assert "#REF!" in findings[0].message and "（按文本重建的表格" in findings[0].message
