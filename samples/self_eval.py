"""Generated 项目支出绩效自评报告 samples: one clean report and one copy per table defect (rules/tables.yml).

The content is invented: a county 社区养老服务补助项目 for 2023. ``clean_report()`` is the report a
careful author hands in — the funding part of the 项目支出绩效自评表 adds up (120 + 30 = 150 budgeted,
124 + 18.5 = 142.5 spent), 执行率 and 执行率得分 follow from it, the indicator weights are
10 (执行率) + 50 + 30 + 10 = 100, missed targets are scored in proportion (4/5 × 10 = 8) and explained,
and the text repeats the table's figures (1,425,000元 = 142.50万元, 自评得分95.5分, 等级为优).
``self_eval_defects.DEFECTS`` injects one defect per rule into a copy of it.

The 项目支出绩效自评表 is written as three tables (项目资金, 年度总体目标, 绩效指标), the way reports
often paste the form into their sections; ``official_parts`` puts it in one table instead, laid out
like the form of 财预〔2020〕10号 (``official_form``).
The same report is written as .docx and .pdf (``docx_builder``, ``pdf_builder``) and as text in the
three shapes text exports take in the field (``text_pipe``, ``text_cell_per_line``, ``text_bar_rows``);
in text the funding part has one label column ("其中：本年财政拨款"), the indicator part keeps its merged
一级/二级 labels as each shape can carry them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from spec import Para, Part, TableSpec

TITLE = "2023年度社区养老服务补助项目支出绩效自评报告"
FUNDING_HEADER = ("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
INDICATOR_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "年度指标值",
    "度量单位",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
RATE_WEIGHT = Decimal(10)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Funding:
    """One funding row; figures in 万元 as written. ``rate`` and ``score`` left None are computed."""

    label: str
    initial: str
    annual: str
    executed: str
    rate: str | None = None
    score: str | None = None


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    name: str
    op: str
    target: str
    unit: str
    actual: str
    weight: str
    score: str
    reason: str = "/"  # "/" = nothing to explain, as filled-in forms write it


@dataclass(frozen=True)
class Report:
    funding: tuple[Funding, ...]
    groups: tuple[tuple[str, str], ...]  # (一级指标, stated points) in table order
    indicators: tuple[Indicator, ...]
    adjustment_reason: str  # the sentence that explains 年初 ≠ 全年 (empty: none given)
    stated_total: str | None = None  # the self-evaluation score in the text (None: the table's)
    stated_grade: str | None = None
    stated_spent_yuan: str | None = None  # the text's 全年执行资金 in 元 (None: the table's, scaled)
    stated_rate_score: str | None = None  # 执行率得分 in the table (None: 执行率 × 分值)
    total_weight: str | None = None  # the 总分 row's 分值 (None: the sum of all weights)
    instruction: str = ""  # a printed form instruction left in an answer cell


def _rate(executed: str, annual: str) -> Decimal | None:
    if Decimal(annual) == 0:
        return None
    return (Decimal(executed) / Decimal(annual) * 100).quantize(CENT, ROUND_HALF_UP)


def _points(value: Decimal) -> str:
    """A score as forms write it: 9.5, 10, 95.5 (no trailing zeros)."""
    text = f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP).normalize():f}"
    return text


def clean_report() -> Report:
    return Report(
        funding=(
            Funding("年度资金总额", "120.00", "150.00", "142.50"),
            Funding("本年财政拨款", "100.00", "130.00", "124.00"),
            Funding("上年结转资金", "20.00", "20.00", "18.50"),
            Funding("其他资金", "0.00", "0.00", "0.00"),
        ),
        groups=(("产出指标", "50"), ("效益指标", "30"), ("满意度指标", "10")),
        indicators=(
            Indicator("产出指标", "数量指标", "上门服务人次", "≥", "2000", "人次", "2150", "10", "10"),
            Indicator(
                "产出指标",
                "数量指标",
                "新建养老服务站",
                "≥",
                "5",
                "个",
                "4",
                "10",
                "8",
                "1个站点选址变更，次年一季度投用",
            ),
            Indicator("产出指标", "质量指标", "服务抽检合格率", "≥", "95", "%", "97", "10", "10"),
            Indicator("产出指标", "时效指标", "补贴按月发放率", "=", "100", "%", "100", "10", "10"),
            Indicator("产出指标", "成本指标", "人均服务成本", "≤", "700", "元", "663", "10", "10"),
            Indicator(
                "效益指标",
                "社会效益指标",
                "居家养老覆盖率",
                "≥",
                "60",
                "%",
                "56",
                "15",
                "14",
                "新站未全部投用，覆盖面未达计划",
            ),
            Indicator("效益指标", "可持续影响指标", "服务站运营年限", "≥", "3", "年", "3", "15", "15"),
            Indicator(
                "满意度指标",
                "服务对象满意度指标",
                "服务对象满意度",
                "≥",
                "90",
                "%",
                "81",
                "10",
                "9",
                "服务时段不匹配，将增设周末时段",
            ),
        ),
        adjustment_reason="因新增2个社区养老服务站建设任务，年中追加预算30万元",
    )


# ---- derived figures -------------------------------------------------------------------------------


def total_row(report: Report) -> Funding:
    return report.funding[0]


def rate_score(report: Report) -> Decimal:
    if report.stated_rate_score is not None:
        return Decimal(report.stated_rate_score)
    total = total_row(report)
    rate = _rate(total.executed, total.annual) or Decimal(0)
    return (rate / 100 * RATE_WEIGHT).quantize(Decimal("0.1"), ROUND_HALF_UP)


def total_score(report: Report) -> Decimal:
    return rate_score(report) + sum((Decimal(i.score) for i in report.indicators if i.score), Decimal(0))


def total_weight(report: Report) -> str:
    if report.total_weight is not None:
        return report.total_weight
    return _points(RATE_WEIGHT + sum((Decimal(i.weight) for i in report.indicators), Decimal(0)))


def grade(score: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60 (the common bands, rules/tables.yml TB-GRADE-01)."""
    for floor, name in ((90, "优"), (80, "良"), (60, "中")):
        if score >= floor:
            return name
    return "差"


# ---- the parts: paragraphs and the three tables of the 项目支出绩效自评表 ----------------------------------


def funding_table(report: Report, *, one_label_column: bool = False) -> TableSpec:
    """The 项目资金 part. As in the official form, the labels take two columns: a merged 其中 cell beside
    the parts. ``one_label_column`` writes "其中：本年财政拨款" in one cell instead, as the forms that text
    exports come from usually do; the table then has no merged cell."""
    if one_label_column:
        spec = funding_table(report)
        grid = [[FUNDING_HEADER[0], *spec.grid[0][2:]]]
        for i, cells in enumerate(spec.grid[1:]):
            grid.append([f"其中：{cells[1]}" if i == 1 else cells[1] or cells[0], *cells[2:]])
        return TableSpec(grid=grid)
    grid = [list(FUNDING_HEADER)]
    for i, row in enumerate(report.funding):
        rate = row.rate if row.rate is not None else _rate(row.executed, row.annual)
        rate_text = "—" if rate is None else f"{rate}%" if isinstance(rate, Decimal) else rate
        if i == 0:
            label, part = row.label, ""
            weight, score = _points(RATE_WEIGHT), _points(rate_score(report))
        else:
            label, part = ("其中" if i == 1 else ""), row.label
            weight, score = "—", "—"
        grid.append([label, part, row.initial, row.annual, row.executed, weight, rate_text, score])
    n = len(report.funding)
    return TableSpec(grid=grid, merges=[(0, 0, 1, 2), (1, 0, 1, 2), (2, 0, n - 1, 1)])


def goal_table(report: Report) -> TableSpec:
    planned = "新建社区养老服务站5个，为2000人次以上老年人提供居家养老上门服务，服务质量抽检合格率不低于95%。"
    achieved = "新建社区养老服务站4个，提供居家养老上门服务2150人次，服务质量抽检合格率97%。"
    if report.instruction:
        achieved = f"{report.instruction}{achieved}"
    grid = [["年度总体目标", "预期目标", "实际完成情况"], ["", planned, achieved]]
    return TableSpec(grid=grid, merges=[(0, 0, 2, 1)])


def indicator_table(report: Report) -> TableSpec:
    grid = [list(INDICATOR_HEADER)]
    merges: list[tuple[int, int, int, int]] = []
    points = dict(report.groups)
    row = 1
    for level1, _ in report.groups:
        members = [i for i in report.indicators if i.level1 == level1]
        merges.append((row, 0, len(members), 1))
        previous = ""
        start = row
        for n, ind in enumerate(members):
            first = f"{level1}（{points[level1]}分）" if n == 0 else ""
            second = ind.level2 if ind.level2 != previous else ""
            if ind.level2 != previous:
                start = row
            previous = ind.level2
            span = sum(1 for m in members if m.level2 == ind.level2)
            if second and span > 1:
                merges.append((start, 1, span, 1))
            cells = [ind.name, ind.op, ind.target, ind.unit, ind.actual, ind.weight, ind.score, ind.reason]
            grid.append([first, second, *cells])
            row += 1
    grid.append(["总分", "", "", "", "", "", "", total_weight(report), _points(total_score(report)), "/"])
    merges.append((row, 0, 1, 7))
    return TableSpec(grid=grid, merges=merges)


def official_form(report: Report) -> TableSpec:
    """The whole 项目支出绩效自评表 as one table, laid out like the form of 财预〔2020〕10号: project rows,
    the 项目资金 part under a vertical "项目资金（万元）" cell, 年度总体目标, the indicator part under a
    vertical "绩效指标" cell, and the 总分 row; 11 columns."""
    width = 11
    grid = [
        ["项目名称", TITLE.removesuffix("支出绩效自评报告").removeprefix("2023年度"), *[""] * 9],
        ["主管部门", "县民政局", "", "", "", "实施单位", "", "县民政局", "", "", ""],
    ]
    merges = [(0, 1, 1, 10), (1, 1, 1, 4), (1, 5, 1, 2), (1, 7, 1, 4)]
    funding = funding_table(report, one_label_column=True).grid
    top = len(grid)
    merges.append((top, 0, len(funding), 1))
    for r, cells in enumerate(funding):
        label = "" if r == 0 else cells[0]
        grid.append(["项目资金（万元）" if r == 0 else "", label, "", "", "", *cells[1:]])
        merges.append((top + r, 1, 1, 4))
    goal = goal_table(report).grid
    top = len(grid)
    grid.append(["年度总体目标", goal[0][1], "", "", "", "", goal[0][2], "", "", "", ""])
    grid.append(["", goal[1][1], "", "", "", "", goal[1][2], "", "", "", ""])
    merges += [(top, 0, 2, 1), (top, 1, 1, 5), (top, 6, 1, 5), (top + 1, 1, 1, 5), (top + 1, 6, 1, 5)]
    indicators = indicator_table(report)
    top = len(grid)
    for r, cells in enumerate(indicators.grid[:-1]):
        grid.append(["绩效指标" if r == 0 else "", *cells])
    merges.append((top, 0, len(indicators.grid) - 1, 1))
    merges += [(top + r, c + 1, rs, cs) for r, c, rs, cs in indicators.merges[:-1]]
    grid.append(["总分", *[""] * 7, *indicators.grid[-1][7:]])
    merges.append((len(grid) - 1, 0, 1, 8))
    assert all(len(row) == width for row in grid)
    return TableSpec(grid=grid, merges=merges)


def official_parts(report: Report) -> list[Part]:
    """The report with the form as one table in section 四 instead of three tables."""
    tables = (TableSpec,)
    body = [p for p in parts(report) if not isinstance(p, tables) and p.text not in _TABLE_CAPTIONS]
    at = next(i for i, p in enumerate(body) if isinstance(p, Para) and p.text.startswith("对照年度绩效目标"))
    return [*body[: at + 1], official_form(report), *body[at + 1 :]]


_TABLE_CAPTIONS = ("项目资金执行情况见下表。", "绩效指标完成情况如下。")


def parts(report: Report, *, text_export: bool = False) -> list[Part]:
    """The report in reading order; ``text_export`` gives the funding part one label column."""
    total = total_row(report)
    spent_yuan = report.stated_spent_yuan or f"{int(Decimal(total.executed) * 10000):,}"
    rate = _rate(total.executed, total.annual)
    score = report.stated_total or _points(total_score(report))
    grade_name = report.stated_grade or grade(Decimal(score))
    budget = f"项目年初预算{_points(Decimal(total.initial))}万元"
    if report.adjustment_reason:
        budget += f"，{report.adjustment_reason}"
    budget += f"，全年预算{_points(Decimal(total.annual))}万元。"
    return [
        Para(TITLE, level=0),
        Para("基本情况", level=1, number="一、"),
        Para(
            "社区养老服务补助项目由县民政局组织实施，用于新建社区养老服务站和为居家老年人提供上门服务，"
            "资金来源为县级财政拨款和上年结转资金。"
        ),
        Para(budget),
        Para("项目资金使用及管理情况", level=1, number="二、"),
        Para(
            f"全年执行资金{spent_yuan}元，预算执行率{_points(rate or Decimal(0))}%。"
            "资金按照县级专项资金管理办法拨付，专款专用。"
        ),
        Para("项目资金执行情况见下表。"),
        funding_table(report, one_label_column=text_export),
        Para("组织实施情况", level=1, number="三、"),
        Para("县民政局制定项目实施方案，明确各乡镇和社区的任务分工，按季度督查服务站建设和上门服务进度。"),
        Para("绩效情况", level=1, number="四、"),
        Para(f"对照年度绩效目标逐项自评，自评得分{score}分，等级为{grade_name}。绩效目标完成情况见下表。"),
        goal_table(report),
        Para("绩效指标完成情况如下。"),
        indicator_table(report),
        Para("存在的问题及原因", level=1, number="五、"),
        Para(
            "一是1个社区养老服务站因选址变更未能在年内建成；二是上门服务时段与部分老人的需求不完全匹配，服务对象满意度未达到目标。"
        ),
        Para("建议", level=1, number="六、"),
        Para("加快新址服务站建设，尽早投入使用；根据老人需求增设周末服务时段，提高服务对象满意度。"),
        Para("其他需要说明的问题", level=1, number="七、"),
        Para("本项目没有其他需要说明的问题。"),
    ]


# ---- text exports ------------------------------------------------------------------------------------


def _filled(table: TableSpec) -> list[list[str]]:
    """The grid with every merged label repeated over the positions it covers (no empty merge cells)."""
    grid = [list(row) for row in table.grid]
    for row, col, row_span, col_span in table.merges:
        for r in range(row, row + row_span):
            for c in range(col, col + col_span):
                grid[r][c] = table.grid[row][col]
    return grid


def text_pipe(report: Report) -> str:
    """Markdown pipe tables between blank lines; a merged label in its top-left cell, the positions it
    covers left empty."""
    lines: list[str] = []
    for part in parts(report, text_export=True):
        if isinstance(part, TableSpec):
            lines.append("")
            for i, row in enumerate(part.grid):
                lines.append("| " + " | ".join(row) + " |")
                if i == 0:
                    lines.append("|" + "---|" * len(row))
            lines.append("")
        else:
            lines.append(part.full_text)
    return "\n".join(lines) + "\n"


def text_cell_per_line(report: Report) -> str:
    """One cell per line, the header row's cells first; merged labels repeated (an empty line would end
    the table); a blank line before and after each table."""
    lines: list[str] = []
    for part in parts(report, text_export=True):
        if isinstance(part, TableSpec):
            lines.append("")
            lines.extend(cell for row in _filled(part) for cell in row)
            lines.append("")
        else:
            lines.append(part.full_text)
    return "\n".join(lines) + "\n"


def text_bar_rows(report: Report) -> str:
    """Each table on one line: cells separated by " | ", the rows run together; the positions a merged
    label covers stay empty between their separators, so every row keeps the header's width."""
    lines: list[str] = []
    for part in parts(report, text_export=True):
        if isinstance(part, TableSpec):
            lines.append(" | ".join(cell for row in part.grid for cell in row))
        else:
            lines.append(part.full_text)
    return "\n".join(lines) + "\n"


TEXT_SHAPES: dict[str, Callable[[Report], str]] = {
    "pipe": text_pipe,
    "cell-per-line": text_cell_per_line,
    "bar-rows": text_bar_rows,
}
