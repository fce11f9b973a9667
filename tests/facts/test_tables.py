"""Reading the 绩效自评表 (perfcheck.facts.tables) from .docx, .pdf and every text shape.

Tables are generated with the sample builders (python-docx merges, reportlab SPANs) and as text; the
real 部门决算 PDFs and the Henan evaluation report (HTML tables in Markdown) check that tables which are
not self-evaluation forms give no funding table, and that a real indicator table is read.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import REAL, needs_real_corpus
from docx_builder import write_docx
from pdf_builder import write_pdf
from spec import Para, TableSpec

from perfcheck import load_document
from perfcheck.documents.plaintext import document_from_text
from perfcheck.facts.tables import UNREADABLE, find_funding_tables, find_indicator_tables, parse_cell

# The official 项目支出绩效自评表 as one table: funding rows, 年度总体目标, indicators, 总分.
OFFICIAL = TableSpec(
    grid=[
        ["项目名称", "社区养老服务补助", "", "", "", "", "", "", ""],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执\n行数", "分值", "执行率", "得分", ""],
        ["", "年度资金总额", "120.00", "150.00", "142.50", "10", "95.00%", "9.50", ""],
        ["", "其中：本年财政拨款", "100.00", "130.00", "124.00", "—", "95.38%", "—", ""],
        ["", "上年结转资金", "20.00", "20.00", "18.50", "—", "92.50%", "—", ""],
        ["", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—", ""],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
        ["", "为辖区老人提供服务", "", "", "", "已完成", "", "", ""],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        ["", "产出指标（50分）", "数量指标", "服务老人人次", "≥500人次", "520人次", "25", "25", "无"],
        ["", "", "质量指标", "服务合格率", "≥95%", "97%", "25", "25", "—"],
        [
            "",
            "效益指标（30分）",
            "社会效益指标",
            "老人生活质量",
            "有效提升",
            "达成",
            "30",
            "28",
            "个别站点服务时间不足",
        ],
        ["", "满意度指标（10分）", "服务对象满意度指标", "老人满意度", "≥90%", "93%", "10", "10", "无"],
        ["总分", "", "", "", "", "", "100", "97.5", ""],
    ],
    merges=[
        (0, 1, 1, 8),
        (1, 0, 5, 1),
        *[(r, 7, 1, 2) for r in range(1, 6)],
        (6, 0, 2, 1),
        (6, 1, 1, 4),
        (6, 5, 1, 4),
        (7, 1, 1, 4),
        (7, 5, 1, 4),
        (8, 0, 5, 1),
        (9, 1, 2, 1),
        (13, 0, 1, 6),
    ],
)


def _report(table: TableSpec, caption: str = "项目支出绩效自评表如下：") -> list:
    return [Para("2023年度社区养老服务补助项目支出绩效自评报告", level=0), Para(caption), table, Para("以上。")]


# --- cells -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "decimals", "percent", "blank"),
    [
        ("1,234.5", Decimal("1234.5"), 1, False, False),
        ("12.3%", Decimal("12.3"), 1, True, False),
        ("１２．３０％", Decimal("12.30"), 2, True, False),
        ("（12.3）", Decimal("-12.3"), 1, False, False),
        ("(12.3)", Decimal("-12.3"), 1, False, False),
        ("-5", Decimal("-5"), 0, False, False),
        ("≥95%", Decimal("95"), 0, True, False),
        ("520人次", Decimal("520"), 0, False, False),
        ("142.\n50", Decimal("142.50"), 2, False, False),
        ("—", None, 0, False, True),
        ("/", None, 0, False, True),
        ("-", None, 0, False, True),
        ("", None, 0, False, True),
        ("无", None, 0, False, True),
        ("有效提升", None, 0, False, False),
        ("12.3.4", None, 0, False, False),
        ("（12.3", None, 0, False, False),
        ("2023年12月底前", None, 0, False, False),
    ],
)
def test_parse_cell(text, value, decimals, percent, blank):
    cell = parse_cell(text, 3, 4)
    assert (cell.value, cell.percent, cell.blank, cell.row, cell.column) == (value, percent, blank, 3, 4)
    if value is not None:
        assert cell.decimals == decimals
    assert cell.text == text
    assert cell.unreadable == (value is None and not blank)


# --- the official form, one table holding both parts --------------------------------------------------


def _check_official(document) -> None:
    (funding,) = find_funding_tables(document)
    assert funding.problems == ()
    assert (funding.unit, funding.unit_stated) == ("万元", True)
    assert funding.columns == {
        "initial_budget": 2,
        "full_year_budget": 3,
        "executed": 4,
        "weight": 5,
        "rate": 6,
        "score": 7,
    }
    assert funding.total is not None and funding.total.label == "年度资金总额"
    assert funding.total.cells["executed"].value == Decimal("142.50")
    assert funding.total.cells["rate"].percent and funding.total.cells["rate"].value == Decimal("95.00")
    assert [p.label for p in funding.parts] == ["本年财政拨款", "上年结转资金", "其他资金"]
    assert funding.parts[0].cells["full_year_budget"].value == Decimal("130.00")
    assert funding.parts[0].cells["weight"].blank

    (indicators,) = find_indicator_tables(document)
    assert indicators.problems == ()
    assert dict(indicators.groups) == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    rows = indicators.indicators
    assert [i.level1 for i in rows] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert [i.level3 for i in rows] == ["服务老人人次", "服务合格率", "老人生活质量", "老人满意度"]
    assert [i.nature for i in rows] == ["≥", "≥", None, "≥"]
    assert rows[1].target.value == Decimal("95") and rows[1].target.percent
    assert rows[1].actual.value == Decimal("97")
    assert rows[2].actual.unreadable and rows[2].score.value == Decimal("28")
    assert rows[2].reason == "个别站点服务时间不足" and rows[1].reason == ""
    assert indicators.total_row["weight"].value == Decimal("100")
    assert indicators.total_row["score"].value == Decimal("97.5")


def test_official_form_in_docx(tmp_path):
    _check_official(load_document(write_docx(_report(OFFICIAL), tmp_path / "form.docx")))


def test_official_form_in_pdf(tmp_path):
    write_pdf(_report(OFFICIAL), tmp_path / "form.pdf")
    _check_official(load_document(tmp_path / "form.pdf"))


def test_official_form_as_pipe_table():
    lines = ["| " + " | ".join(cell.replace("\n", "") for cell in row) + " |" for row in OFFICIAL.grid]
    document = document_from_text("报告\n" + "\n".join(lines) + "\n以上。")
    (funding,) = find_funding_tables(document)
    assert funding.total is not None and funding.total.cells["full_year_budget"].value == Decimal("150.00")
    assert [p.label for p in funding.parts] == ["本年财政拨款", "上年结转资金", "其他资金"]
    (indicators,) = find_indicator_tables(document)
    # Merged cells are not repeated in a pipe table: the second 产出 row has an empty 一级指标.
    assert [i.level3 for i in indicators.indicators][:2] == ["服务老人人次", "服务合格率"]
    assert indicators.total_row["score"].value == Decimal("97.5")


# --- headers: two rows, merged 其中, caption units ---------------------------------------------------


def test_two_row_header_and_merged_sub_label(tmp_path):
    table = TableSpec(
        grid=[
            ["资金来源", "", "预算数", "", "执行数", "执行率"],
            ["", "", "年初", "全年", "", ""],
            ["合计", "", "1,200", "1,500", "1,425", "95%"],
            ["其中", "财政拨款", "1,000", "1,300", "1,240", "95.38%"],
            ["", "其他资金", "200", "200", "185", "92.5%"],
        ],
        merges=[(0, 0, 2, 2), (0, 2, 1, 2), (0, 4, 2, 1), (0, 5, 2, 1), (2, 0, 1, 2), (3, 0, 2, 1)],
    )
    document = load_document(write_docx(_report(table, "单位：元"), tmp_path / "two-row.docx"))
    (funding,) = find_funding_tables(document)
    assert funding.problems == ()
    assert funding.columns == {"initial_budget": 2, "full_year_budget": 3, "executed": 4, "rate": 5}
    assert (funding.unit, funding.unit_stated) == ("元", True)
    assert funding.total is not None and funding.total.cells["initial_budget"].value == Decimal("1200")
    assert [p.label for p in funding.parts] == ["财政拨款", "其他资金"]


def test_unstated_unit_defaults_to_the_forms_wan_yuan():
    document = document_from_text(
        "| 项目 | 年初预算数 | 全年预算数 | 全年执行数 |\n|---|---|---|---|\n| 合计 | 1 | 2 | 2 |"
    )
    (funding,) = find_funding_tables(document)
    assert (funding.unit, funding.unit_stated) == ("万元", False)


def test_conflicting_units_are_a_problem():
    document = document_from_text(
        "单位：元\n| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 |\n|---|---|---|---|\n| 合计 | 1 | 2 | 2 |"
    )
    (funding,) = find_funding_tables(document)
    assert any("单位不一致" in p for p in funding.problems)


def test_reason_column_is_collected():
    document = document_from_text(
        "| 项目 | 年初预算数 | 调整后预算数 | 预算执行数 | 偏差原因分析 |\n|---|---|---|---|---|\n"
        "| 年度资金总额 | 100 | 120 | 110 | 年中追加培训经费 |\n| 其中：财政拨款 | 100 | 120 | 110 | |"
    )
    (funding,) = find_funding_tables(document)
    assert funding.reason_text == "年中追加培训经费"
    assert funding.columns["reason"] == 4


# --- text shapes ---------------------------------------------------------------------------------

HEADER = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
ROWS = [
    ["年度资金总额", "120", "150", "142.5", "10", "95%", "9.5"],
    ["其中：本年财政拨款", "100", "130", "124", "—", "95.38%", "—"],
    ["上年结转资金", "20", "20", "18.5", "—", "92.5%", "—"],
]


def _funding_values(document):
    (funding,) = find_funding_tables(document)
    assert funding.problems == ()
    assert funding.total is not None
    return [funding.total.label, *[p.label for p in funding.parts]], funding.total.cells["executed"].value


def test_text_one_cell_per_line():
    text = "报告\n二、项目资金\n" + "\n".join(HEADER + [c for row in ROWS for c in row]) + "\n三、绩效情况\n"
    document = document_from_text(text)
    assert _funding_values(document) == (["年度资金总额", "本年财政拨款", "上年结转资金"], Decimal("142.5"))
    assert [b.text for b in document.blocks][-1] == "三、绩效情况"


def test_text_one_cell_per_line_with_a_separate_qizhong_line():
    cells = [c for row in ROWS for c in row]
    cells[7] = "本年财政拨款"
    cells.insert(7, "其中")
    document = document_from_text("报告\n" + "\n".join(HEADER + cells))
    assert _funding_values(document)[0] == ["年度资金总额", "本年财政拨款", "上年结转资金"]


def test_text_cells_run_together():
    cells = HEADER + [c for row in ROWS for c in row]
    text = "报告\n" + " | ".join(cells[:10]) + "\n" + " | ".join(cells[10:]) + "\n说明。"
    document = document_from_text(text)
    assert _funding_values(document) == (["年度资金总额", "本年财政拨款", "上年结转资金"], Decimal("142.5"))


def test_text_rows_one_per_line_without_outer_pipes():
    text = "报告\n" + "\n".join(" | ".join(row) for row in [HEADER, *ROWS])
    assert _funding_values(document_from_text(text))[1] == Decimal("142.5")


@pytest.mark.parametrize(
    "body",
    [
        # a cell lost: the count no longer divides by the header's width
        " | ".join(HEADER + [c for row in ROWS for c in row][:-1]),
        # one cell per line with a value missing in the first row
        "\n".join([*HEADER, "年度资金总额", "120", "150", "10", "95%", "9.5", "其中：本年财政拨款", "100"]),
    ],
    ids=["run-together", "cell-per-line"],
)
def test_text_with_unrecoverable_structure_is_unresolved(body):
    document = document_from_text("报告\n" + body + "\n以上。")
    assert not [b for b in document.blocks if b.kind == "table"]
    (funding,) = find_funding_tables(document)
    (problem,) = funding.problems
    assert problem.startswith(UNREADABLE) and funding.total is None and funding.columns == {}
    assert "找到的表头：" in problem  # which headings the text held, so a user can see why


def test_prose_naming_the_columns_is_not_a_table():
    document = document_from_text(
        "报告\n项目年初预算数120万元，全年预算数150万元，全年执行数142.5万元，执行率95%。\n"
        "年初预算数与全年预算数不一致的，应说明原因。"
    )
    assert find_funding_tables(document) == ()
    assert find_indicator_tables(document) == ()


# --- bad input -----------------------------------------------------------------------------------


def test_ragged_row_is_a_problem_not_a_value():
    document = document_from_text(
        "| 项目 | 年初预算数 | 全年预算数 | 全年执行数 |\n|---|---|---|---|\n| 年度资金总额 | 100 | 120 |\n"
        "| 其中：财政拨款 | 100 | 120 | 110 |"
    )
    (funding,) = find_funding_tables(document)
    assert "第2行单元格数与表头不一致" in funding.problems
    assert funding.total is not None and funding.total.cells["executed"].value is None


def test_merged_cell_across_the_whole_table_and_headerless_tables(tmp_path):
    whole = TableSpec(grid=[["年初预算数 全年预算数 全年执行数", "", ""]] * 3, merges=[(0, 0, 3, 3)])
    no_header = TableSpec(grid=[["年度资金总额", "120", "150"], ["本年财政拨款", "100", "130"]])
    document = load_document(write_docx([Para("报告", level=0), whole, no_header], tmp_path / "bad.docx"))
    assert find_funding_tables(document) == ()
    assert find_indicator_tables(document) == ()


def test_missing_total_row_is_a_problem():
    document = document_from_text(
        "| 项目 | 年初预算数 | 全年预算数 | 全年执行数 |\n|---|---|---|---|\n| 本年财政拨款 | 100 | 120 | 110 |"
    )
    (funding,) = find_funding_tables(document)
    assert "未找到“年度资金总额”行" in funding.problems


# --- real documents ---------------------------------------------------------------------------------


@needs_real_corpus
@pytest.mark.parametrize(
    "name",
    [
        "putuo-finance-bureau-2024-final-accounts.pdf",
        "putuo-planning-resources-2024-final-accounts.pdf",
        "putuo-social-work-dept-2024-final-accounts.pdf",
    ],
)
def test_final_accounts_tables_are_not_self_evaluation_tables(name: str):
    document = load_document(REAL / name)
    assert sum(1 for b in document.blocks if b.kind == "table") > 5
    assert all(not t.columns and t.problems for t in find_funding_tables(document))
    assert all(not t.columns and t.problems for t in find_indicator_tables(document))


@needs_real_corpus
def test_real_indicator_table_in_markdown_html():
    document = load_document(REAL / "henan-skills-competition-fund-eval-2021-2024.md")
    assert find_funding_tables(document) == ()
    tables = [t for t in find_indicator_tables(document) if t.indicators]
    assert tables, "the 附件 indicator tables are read"
    first = tables[0]
    assert {"level1", "level2", "level3", "weight", "score"} <= set(first.columns)
    assert first.groups.get("A决策") == Decimal("15")
    assert first.indicators[0].level3 == "A101立项依据充分性"
    assert first.indicators[0].weight.value == Decimal("2")


def test_random_grids_never_raise_and_never_invent_values():
    """Shuffled header words, figures, blanks and merges: the finders return, and every value is a cell's."""
    import random

    from perfcheck.documents.assemble import RawBlock, assemble, make_cell, make_table
    from perfcheck.model import Location

    words = [
        *HEADER,
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "总分",
        "其中",
        "合计",
        "12.5",
        "—",
        "",
        "（3）",
        "9%",
    ]
    rng = random.Random(4)
    for _ in range(300):
        n_rows, n_columns = rng.randint(1, 7), rng.randint(1, 8)
        rows = []
        for r in range(n_rows):
            column, row = 0, []
            while column < n_columns:
                span = rng.choice([1, 1, 1, 2, n_columns])
                row.append(make_cell(rng.choice(words), r, column, rng.choice([1, 1, 2]), span))
                column += span
            rows.append(row)
        document = assemble("x", "txt", "0", [RawBlock("", Location(line=1), table=make_table(rows))])
        texts = {cell.text for row in rows for cell in row} | {""}
        for table in find_funding_tables(document):
            for funding_row in [table.total, *table.parts]:
                if funding_row is not None:
                    assert all(v.text in texts for v in funding_row.cells.values())
        for indicator_table in find_indicator_tables(document):
            for indicator in indicator_table.indicators:
                assert {indicator.target.text, indicator.actual.text, indicator.score.text} <= texts
