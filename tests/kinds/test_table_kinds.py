"""The table kinds on hand-built tables (facts.tables' dataclasses), for what text examples cannot reach:
a table the reader flagged, a cell that is not a number, every kind at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfcheck.documents.plaintext import document_from_text
from perfcheck.facts.tables import FundingRow, FundingTable, Indicator, IndicatorTable, parse_cell
from perfcheck.kinds import KINDS
from perfcheck.kinds.base import Context
from perfcheck.params import convert

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
