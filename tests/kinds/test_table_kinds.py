"""The table kinds on hand-built tables (facts.tables' dataclasses), for what text examples cannot reach:
a table the reader flagged, a cell that is not a number, every kind at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfcheck.config.params import convert
from perfcheck.documents.plaintext import document_from_text
from perfcheck.facts.tables import FundingRow, FundingTable, Indicator, IndicatorTable, parse_cell
from perfcheck.kinds import KINDS
from perfcheck.kinds.base import Context

TABLE_KINDS = [
    ("table-sum", {}),
    ("table-rate", {}),
    ("table-score", {}),
    ("table-weights", {"check": "score-within-weight"}),
    ("table-weights", {"check": "group-sum"}),
    ("table-weights", {"check": "total"}),
    ("table-completion", {"check": "missed-full-marks"}),
    ("table-completion", {"check": "word-for-number"}),
    ("table-reason", {"when": "adjusted"}),
    ("table-reason", {"when": "low-rate"}),
    ("table-cells", {"check": "required"}),
    ("table-cells", {"check": "placeholder"}),
    ("table-formulas", {}),
    ("total-score", {}),
    ("text-table-total", {}),
]
COLUMNS = {"initial_budget": 1, "full_year_budget": 2, "executed": 3, "weight": 4, "rate": 5, "score": 6}


class _Context(Context):
    """A context whose tables are given, not read: the kinds see only the facts.tables interface."""

    def __init__(self, text: str, funding=(), indicators=()):
        super().__init__(document_from_text(text))
        self.__dict__["funding_tables"] = tuple(funding)
        self.__dict__["indicator_tables"] = tuple(indicators)


def _row(label, role, row, *cells):
    return FundingRow(
        label, role, {r: parse_cell(t, row, COLUMNS[r]) for r, t in zip(COLUMNS, cells, strict=True)}, row
    )


def _funding(total, *parts, problems=()):
    rows = [_row(label, "part", 2 + i, *cells) for i, (label, *cells) in enumerate(parts)]
    return FundingTable(0, "万元", COLUMNS, _row("年度资金总额", "total", 1, *total), tuple(rows), "", problems)


def _indicator(name, target, actual, weight, score, row=1, level1="产出指标"):
    cell = parse_cell
    return Indicator(level1, "数量指标", name, None, cell(target), "", cell(actual), cell(weight), cell(score), "", row)


def _indicators(*indicators, groups=None, problems=()):
    columns = {"level1": 0, "level2": 1, "level3": 2, "target": 3, "actual": 4, "weight": 5, "score": 6}
    return IndicatorTable(0, columns, groups or {}, tuple(indicators), {}, problems)


def _statuses(kind, params, context):
    module = KINDS[kind]
    return [o.status for o in module.check(context, convert(module.Params, params))]


TEXT = "自评得分95分，年初预算120万元，全年执行142.5万元。"


@pytest.mark.parametrize(("kind", "params"), TABLE_KINDS, ids=lambda v: str(v))
def test_a_table_the_reader_flagged_is_never_passed(kind, params):
    funding = _funding(("120", "150", "142.5", "10", "95%", "9.5"), problems=("表头无法识别",))
    indicators = _indicators(_indicator("服务人数", "≥1000人", "1200人", "90", "90"), problems=("表头无法识别",))
    statuses = _statuses(kind, params, _Context(TEXT, [funding], [indicators]))
    assert "pass" not in statuses and "fail" not in statuses
    assert "unresolved" in statuses or statuses == ["not-applicable"]


@pytest.mark.parametrize(("kind", "params"), TABLE_KINDS, ids=lambda v: str(v))
def test_no_table_at_all_is_not_applicable(kind, params):
    assert set(_statuses(kind, params, _Context("项目进展顺利。"))) == {"not-applicable"}


def test_a_cell_that_is_not_a_number_leaves_its_column_unresolved():
    funding = _funding(
        ("120.00", "150.00", "142.50", "10", "95.00%", "9.5"),
        ("本年财政拨款", "见附表", "130.00", "124.00", "—", "—", "—"),
        ("上年结转资金", "20.00", "20.00", "18.50", "—", "—", "—"),
    )
    statuses = _statuses("table-sum", {}, _Context("项目支出绩效自评表", [funding]))
    assert statuses == ["unresolved", "pass", "pass"]


def test_a_rounding_gap_inside_the_tolerance_passes_at_info():
    funding = _funding(
        ("120.00", "150.00", "142.50", "10", "95.00%", "9.5"),
        ("本年财政拨款", "100.01", "130.00", "124.00", "—", "—", "—"),
        ("上年结转资金", "20.00", "20.00", "18.50", "—", "—", "—"),
    )
    module = KINDS["table-sum"]
    (first, *_) = module.check(_Context("项目支出绩效自评表", [funding]), convert(module.Params, {}))
    assert (first.status, first.severity) == ("pass", "info")
    assert "相差 0.01万元" in first.detail and "尾差" in first.detail


def test_spending_against_a_zero_budget_fails_and_zero_over_zero_is_not_applicable():
    spent = _funding(("0", "0.00", "5.00", "10", "—", "0"))
    assert _statuses("table-rate", {"rows": "total"}, _Context("项目支出绩效自评表", [spent])) == ["fail"]
    nothing = _funding(("0", "0.00", "0.00", "10", "0.00%", "0"))
    assert _statuses("table-rate", {"rows": "total"}, _Context("项目支出绩效自评表", [nothing])) == ["not-applicable"]


def test_score_bands_and_a_score_below_the_computed_one():
    bands = {"mode": "bands", "bands": [{"min": 90, "score_ratio": 1}, {"min": 80, "score_ratio": "0.8"}]}
    full = _funding(("150", "150", "135", "10", "90.00%", "10"))
    assert _statuses("table-score", bands, _Context("项目支出绩效自评表", [full])) == ["pass"]
    over = _funding(("150", "150", "127.5", "10", "85.00%", "10"))
    assert _statuses("table-score", bands, _Context("项目支出绩效自评表", [over])) == ["fail"]
    module = KINDS["table-score"]
    low = _funding(("150", "150", "142.5", "10", "95.00%", "9"))
    (outcome,) = module.check(_Context("项目支出绩效自评表", [low]), convert(module.Params, {}))
    assert (outcome.status, outcome.severity) == ("pass", "info")


def test_group_weights_use_the_stated_points():
    table = _indicators(
        _indicator("服务人数", "≥1000人", "1200人", "30", "30"),
        _indicator("满意率", "≥95%", "96%", "30", "30", row=2),
        groups={"产出指标": Decimal(50)},
    )
    assert _statuses("table-weights", {"check": "group-sum"}, _Context("项目支出绩效自评表", [], [table])) == ["fail"]


def test_reverse_indicator_met_and_missed():
    met = _indicators(_indicator("办结时限", "≤30天", "28天", "10", "10"))
    assert _statuses("table-completion", {}, _Context("项目支出绩效自评表", [], [met])) == ["pass"]
    missed = _indicators(_indicator("办结时限", "≤30天", "31天", "10", "10"))
    assert "fail" in _statuses("table-completion", {}, _Context("项目支出绩效自评表", [], [missed]))


def test_a_rule_needing_a_column_the_table_lacks_is_unresolved():
    # a third party's 评分表: 分值 and 得分, no 年度指标值 / 实际完成值
    scoring = _indicators(_indicator("服务人数", "", "", "10", "8"))
    scoring = IndicatorTable(0, {"level3": 2, "weight": 5, "score": 6}, {}, scoring.indicators, {}, ())
    context = _Context("项目支出绩效评价报告", [], [scoring])
    assert _statuses("table-completion", {}, context) == ["unresolved"]
    assert _statuses("table-weights", {"check": "score-within-weight"}, context) == ["pass"]


def _with_total(table, score, weight="100"):
    row = {"weight": parse_cell(weight, 9, 5), "score": parse_cell(score, 9, 6)}
    return IndicatorTable(table.block, table.columns, table.groups, table.indicators, row, table.problems)


def test_a_total_row_the_scores_do_not_add_up_to_fails_though_the_text_quotes_it():
    funding = _funding(("120", "150", "142.5", "10", "95%", "9.5"))
    scores = _indicators(
        _indicator("服务人数", "≥1000人", "1200人", "50", "49"), _indicator("满意率", "", "", "40", "36")
    )
    context = _Context("自评得分95.5分。", [funding], [_with_total(scores, "95.5")])
    outcomes = list(KINDS["total-score"].check(context, convert(KINDS["total-score"].Params, {})))
    failed = [o.detail for o in outcomes if o.status == "fail"]
    assert failed == ["表中得分合计 9.5 + 49 + 36 = 94.5；表中总分为 95.5；总分行比合计多 1分"]
    assert _statuses("total-score", {}, _Context("自评得分94.5分。", [funding], [_with_total(scores, "94.5")])) == [
        "pass",
        "pass",
    ]


def test_a_total_row_whose_addends_cannot_be_read_is_unresolved_not_passed():
    unreadable_score = _indicators(_indicator("服务人数", "≥1000人", "1200人", "90", "满分"))
    context = _Context("项目支出绩效自评表", [_funding(("120", "150", "142.5", "10", "95%", "9.5"))], [])
    context.__dict__["indicator_tables"] = (_with_total(unreadable_score, "99.5"),)
    assert _statuses("total-score", {}, context) == ["unresolved", "not-applicable"]
    no_rate_score = _Context(
        "项目支出绩效自评表", [], [_with_total(_indicators(_indicator("服务人数", "", "", "90", "90")), "99.5")]
    )
    assert _statuses("total-score", {}, no_rate_score) == ["unresolved", "not-applicable"]


def test_a_chinese_numeral_target_is_compared_and_an_unreadable_one_is_not_counted():
    missed = _indicators(_indicator("新建服务站", "≥五个", "4个", "10", "10"))
    assert _statuses("table-completion", {}, _Context("项目支出绩效自评表", [], [missed])) == ["fail", "pass"]
    vague = _indicators(
        _indicator("新建服务站", "≥约五处", "4个", "10", "10"),
        _indicator("服务人数", "≥1000人", "1200人", "10", "10", row=2),
    )
    outcomes = list(
        KINDS["table-completion"].check(_Context("自评表", [], [vague]), convert(KINDS["table-completion"].Params, {}))
    )
    assert [o.status for o in outcomes] == ["unresolved", "pass"]
    assert outcomes[1].detail == "已核对 1 项满分指标的完成值，另有 1 项未能核对"


@pytest.mark.parametrize("text", ["一般", "十分满意", "进一步提升", "一次性验收合格", "有效提升"])
def test_a_numeral_inside_a_word_is_not_a_figure(text):
    from perfcheck.kinds.table_completion import read_figure

    assert read_figure(text) is None


def test_whole_cell_chinese_numerals_are_figures():
    from perfcheck.kinds.table_completion import Figure, read_figure

    assert read_figure("五") == Figure(Decimal(5), "")
    assert read_figure("≥两千人次") == Figure(Decimal(2000), "人次")
    assert read_figure("不低于百分之九十五") == Figure(Decimal(95), "%")
    assert read_figure("五站", unit="站") == Figure(Decimal(5), "站")
    assert read_figure("五站") is None  # 站 is not a unit unless the row's 度量单位 says so


UNPLACED = "第{0}行（指标{0}）的单元格无法确定对应表头的哪一列（文本中合并单元格已丢失）"
PROBLEMS = tuple(UNPLACED.format(n) for n in (4, 15, 23, 25, 34))


@pytest.mark.parametrize(("kind", "params"), TABLE_KINDS, ids=lambda v: str(v))
def test_an_unread_table_names_two_problems_and_keeps_all_in_the_evidence(kind, params):
    # The Henan report's indicator table lost its merged cells in six rows; every rule that reads it
    # repeated all six sentences. The message names two and counts the rest; JSON keeps every one.
    funding = _funding(("120", "150", "142.5", "10", "95%", "9.5"), problems=PROBLEMS)
    indicators = _indicators(_indicator("服务人数", "≥1000人", "1200人", "90", "90"), problems=PROBLEMS)
    module = KINDS[kind]
    outcomes = list(module.check(_Context(TEXT, [funding], [indicators]), convert(module.Params, params)))
    unread = [o for o in outcomes if o.status == "unresolved" and "无法可靠读取" in o.detail]
    assert unread, [o.detail for o in outcomes]
    for outcome in unread:
        assert PROBLEMS[0] in outcome.detail and PROBLEMS[1] in outcome.detail, outcome.detail
        assert PROBLEMS[2] not in outcome.detail and "等5处" in outcome.detail
        assert outcome.evidence["problems"] == list(PROBLEMS)


def test_a_table_with_two_problems_names_both_without_a_count():
    from perfcheck.kinds._tables import listed

    assert listed(PROBLEMS[:2]) == "；".join(PROBLEMS[:2])
    assert listed(PROBLEMS[:3]) == "；".join(PROBLEMS[:2]) + "等3处"


# 038 (岳阳县 绩效目标申报表) as a pipe table: its headers, three of its rows. No 实际完成值, no 分值/得分.
TARGET_FORM = """绩效目标申报表(基础设施建设类)
一级指标 | 二级指标 | 三级指标 | 指标值
产出指标 | 数量指标 | 脱贫村村内道路硬化里程 | ≥100公里
产出指标 | 质量指标 | 项目(工程)验收合格率 | 100%
满意度指标 | 服务对象满意度指标 | 受益脱贫(监测)户满意度 | ≥95%
"""
ACTUAL_RULES = [
    ("table-cells", {"check": "required"}),
    ("table-completion", {}),
    ("table-completion", {"check": "missed-full-marks"}),
]


@pytest.mark.parametrize(("kind", "params"), ACTUAL_RULES, ids=lambda v: str(v))
def test_a_target_form_is_not_applicable_to_the_actual_value_rules(kind, params):
    module = KINDS[kind]
    context = Context(document_from_text(TARGET_FORM))
    (table,) = context.indicator_tables
    assert "target" in table.columns and "actual" not in table.columns and not table.problems
    outcomes = list(module.check(context, convert(module.Params, params)))
    assert [o.status for o in outcomes] == ["not-applicable"]
    assert "绩效目标表不填实际完成值" in outcomes[0].detail


@pytest.mark.parametrize(("kind", "params"), ACTUAL_RULES, ids=lambda v: str(v))
def test_a_self_eval_form_that_lost_its_actual_column_stays_unresolved(kind, params):
    # 分值 and 得分 are there: a self-evaluation form, which always has 实际完成值; its loss is a failed reading
    lost = TARGET_FORM.replace("指标值\n", "年度指标值 | 分值 | 得分\n").replace("公里\n", "公里 | 10 | 10\n")
    lost = lost.replace("100%\n", "100% | 10 | 10\n").replace("≥95%\n", "≥95% | 10 | 9\n")
    module = KINDS[kind]
    context = Context(document_from_text(lost))
    (table,) = context.indicator_tables
    assert {"target", "weight", "score"} <= set(table.columns) and "actual" not in table.columns
    outcomes = list(module.check(context, convert(module.Params, params)))
    assert [o.status for o in outcomes] == ["unresolved"]
    assert "实际完成值" in outcomes[0].detail


# 038 as published: one cell per line, no pipes, which the reader cannot regroup (the table is unread).
UNREAD_TARGET_FORM = """绩效目标申报表(基础设施建设类)

绩效指标

一级指标

二级指标

三级指标

指标值

产出指标

数量指标

脱贫村村内道路硬化里程

≥100公里
"""


@pytest.mark.parametrize(("kind", "params"), ACTUAL_RULES, ids=lambda v: str(v))
def test_an_unread_target_form_is_known_by_its_header_words(kind, params):
    module = KINDS[kind]
    context = Context(document_from_text(UNREAD_TARGET_FORM))
    (table,) = context.indicator_tables
    assert table.problems and not table.columns  # not read: the header words alone say what form it is
    outcomes = list(module.check(context, convert(module.Params, params)))
    assert [o.status for o in outcomes] == ["not-applicable"]
    assert "绩效目标表不填实际完成值" in outcomes[0].detail


@pytest.mark.parametrize(("kind", "params"), ACTUAL_RULES, ids=lambda v: str(v))
def test_an_unread_self_eval_form_stays_unresolved_though_its_first_header_words_look_like_a_target_form(kind, params):
    # the heading row goes on past 指标值: 实际完成值, 分值, 得分 (a self-evaluation form, not read)
    text = UNREAD_TARGET_FORM.replace("指标值\n", "指标值\n\n实际完成值\n\n分值\n\n得分\n")
    module = KINDS[kind]
    context = Context(document_from_text(text))
    (table,) = context.indicator_tables
    assert table.problems and not table.columns
    assert [o.status for o in module.check(context, convert(module.Params, params))] == ["unresolved"]
