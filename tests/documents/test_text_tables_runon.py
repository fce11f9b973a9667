"""A web row whose last cells ran onto the next line (issue 10, "Web and export text"), joined again.

The rows are quoted from corpus excerpt 013 (longyang.gov.cn/info/5311/13352539.htm, 隆阳区 2022年度
项目支出绩效自评表); the break inside a row is how a narrow page wraps it when copied.
"""

from __future__ import annotations

from decimal import Decimal

from perfcheck.documents.plaintext import document_from_text
from perfcheck.documents.text_tables import join_run_on_rows
from perfcheck.facts.tables import find_indicator_tables

HEADING = "年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||\n"
FIRST = "产出指标 | 数量指标 | 一、示范区建立 | ≧20000亩 | 20000亩 | 15.0 | ||||\n"


def test_a_row_continued_on_the_next_line_is_read_as_one_row():
    text = HEADING + FIRST + "1、水稻侧深施肥+缓控释肥 | ≧500亩 |\n500亩 | 5.0 |\n"
    (table,) = find_indicator_tables(document_from_text(text))
    assert table.problems == ()
    last = table.indicators[-1]
    assert (last.level3, last.target.text, last.actual.text, last.score.value) == (
        "1、水稻侧深施肥+缓控释肥",
        "≧500亩",
        "500亩",
        Decimal("5.0"),
    )
    assert len(table.indicators) == 2


def _split(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|")]


def test_a_row_with_its_own_label_a_long_run_or_a_padded_line_is_not_joined():
    heading, first = _split(HEADING.strip()), _split(FIRST.strip())
    rows = [heading[:7], first[:6]]
    labelled = "质量指标 | 示范区配方肥到位率 | ≧80% | 85.6% | 10.0 |"
    short = "1、水稻侧深施肥+缓控释肥 | ≧500亩 |"
    # a row that opens with a label is a row of its own
    assert join_run_on_rows([heading, first, _split(short), _split(labelled)]) == [
        *rows,
        _split(short)[:2],
        _split(labelled)[:5],
    ]
    # a line of figures longer than the heading row allows stays apart
    too_long = "500亩 | 5.0 | 1 | 2 | 3 | 4 |"
    assert join_run_on_rows([heading, first, _split(short), _split(too_long)])[-1] == _split(too_long)[:6]
    # the page padded the line out to the table's width (" | ||||||", as 013 writes every row): a whole row
    # that lost merged cells, so the next line is a row of its own
    padded = "1、水稻侧深施肥+缓控释肥 | ≧500亩 | 500亩 | 5.0 | ||||||"
    assert join_run_on_rows([heading, first, _split(padded), _split("1 | 2 |")])[-1] == ["1", "2"]
    # the first line was padded too: "5.0" does not continue it
    assert join_run_on_rows([heading, first, _split("5.0 |")])[-1] == ["5.0"]
    assert join_run_on_rows([heading, first, _split(short), _split("500亩 | 5.0 |")])[-1] == [
        "1、水稻侧深施肥+缓控释肥",
        "≧500亩",
        "500亩",
        "5.0",
    ]


def test_a_heading_line_followed_by_rows_of_differing_lengths_is_read():
    # The cells of corpus excerpt 038 (www.yyx.gov.cn, 岳阳县 乡村振兴衔接资金绩效目标申报表) as a page writes
    # them in " | " rows: the second 数量指标 row lost its merged 一级/二级 cells. Before, a run of lines that
    # opens with its heading line was cut at the heading's width only, and the short row left no table.
    text = (
        "一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
        "产出指标 | 数量指标 | 脱贫村村内道路硬化里程 | ≥100公里 |\n"
        "脱贫户供水设施数量 | ≥20座 |\n"
        "质量指标 | 项目(工程)验收合格率 | 100% |\n"
    )
    (table,) = find_indicator_tables(document_from_text(text))
    assert table.problems == () and not table.certain
    rows = [(i.level1, i.level2, i.level3, i.target.text) for i in table.indicators]
    assert rows == [
        ("产出指标", "数量指标", "脱贫村村内道路硬化里程", "≥100公里"),
        ("产出指标", "数量指标", "脱贫户供水设施数量", "≥20座"),
        ("产出指标", "质量指标", "项目（工程）验收合格率", "100%"),
    ]
