"""The 自评表 layouts officers fill in, each as one filled form built from its published column headings.

Each layout is a function from a :class:`Form` (the figures an author writes) to the form's grid with
its merged cells (``spec.TableSpec``), laid out as the published form is. The content is invented; the
headings, rows and merges follow the sources named in ``samples/README.md``:

- ``national``: 项目支出绩效自评表 of 财预〔2020〕10号 (``self_eval.official_form``, already read).
- ``dept``: 部门整体支出绩效自评表 (部门（单位）总体资金 with 资金来源 | 年初预算数（A） | 全年执行数（B） |
  分值（10分） | 得分 | 得分计算方法; rows 年度资金总额 / 基本支出 / 项目支出 / 其他, 基本支出 and 项目支出
  scored 10 each as 执行率 × 分值 with the rate B ÷ A; 年度绩效指标 with 分值, 得分, 未完成原因及改进措施).
- ``sichuan``: 四川 部门预算项目支出绩效自评表 (报表编号; 预算执行情况（10分） with 年度预算数（万元） | 年初预算 |
  调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因; 绩效指标（90分） with 指标性质 and 度量单位
  columns; 合计; 评价结论 / 存在问题 / 改进措施; 项目负责人 / 财务负责人).
- ``transfer``: 转移支付区域（项目）绩效自评表 (资金情况（万元） with 全年预算数（A） | 全年执行数（B） |
  执行率（B/A）; no scores).
- ``hunan``: 湖南 县级专项资金绩效目标自评表 (项目资金（万元） with 全年预算数（A） | 全年执行数（B） | 执行率（B/A）,
  rows 其中：中央、省、市补助 / 县级资金 / 其他资金; 年度指标值 | 全年完成值; no scores; a 说明 row).
- ``ningxia``: 宁夏 银川市本级部门项目支出绩效自评表 (年初预算数 | 调整预算数（A） | 全年执行数（B） | 执行率（B/A）
  with no score in the funding part; indicators 项目决策 / 项目管理 / 项目产出 / 项目效益 with 分值 |
  指标值（A） | 全年实际值（B） | 得分, the 预算执行率 scored as an indicator row of 项目管理).

``parts(layout, form)`` is the sample document: a title, one paragraph restating the form (全年执行数 in
元, and for scored forms the 自评得分 and its grade), and the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from self_eval import clean_report, official_form
from self_eval import grade as grade_of
from spec import Para, Part, TableSpec

CENT = Decimal("0.01")
INSTRUCTIONS_SC = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)


@dataclass(frozen=True)
class Fund:
    """A funding row as written (万元). ``rate`` None: computed from the row's figures."""

    label: str
    initial: str
    adjusted: str
    executed: str
    weight: str = "—"
    score: str = "—"
    rate: str | None = None


@dataclass(frozen=True)
class Ind:
    level1: str
    level2: str
    level3: str
    nature: str
    target: str
    unit: str
    actual: str
    weight: str = ""
    score: str = ""
    reason: str = "/"


@dataclass(frozen=True)
class Form:
    title: str
    funding: tuple[Fund, ...]
    indicators: tuple[Ind, ...]
    groups: dict[str, str] = field(default_factory=dict)  # 一级指标 → points printed in its cell
    goal: str = ""
    done: str = ""
    reason: str = ""  # the funding part's 原因 cell (四川)
    stated_total: str | None = None  # the 自评得分 in the text (None: the table's)
    stated_grade: str | None = None
    stated_spent_yuan: str | None = None  # 全年执行 in 元 in the text (None: the table's, scaled)


def rate(executed: str, budget: str) -> str:
    if not budget.replace(".", "").isdigit() or Decimal(budget) == 0:
        return "—"
    return f"{(Decimal(executed) / Decimal(budget) * 100).quantize(CENT, ROUND_HALF_UP)}%"


def points(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP).normalize():f}"


def _figure(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:
        return Decimal(0)


def total_score(form: Form) -> Decimal:
    funding = sum((_figure(f.score) for f in form.funding if f.score not in ("—", "/", "")), Decimal(0))
    return funding + sum((_figure(i.score) for i in form.indicators if i.score), Decimal(0))


def total_weight(form: Form) -> Decimal:
    funding = sum((_figure(f.weight) for f in form.funding if f.weight not in ("—", "/", "")), Decimal(0))
    return funding + sum((_figure(i.weight) for i in form.indicators if i.weight), Decimal(0))


# ---- the indicator block shared by the layouts: 一级 / 二级 merged down their rows ---------------------------


def _indicator_rows(
    form: Form, top: int, offset: int, cells: Callable[[Ind], list[str]]
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The indicator rows from grid row ``top``, 一级 in column ``offset``, 二级 beside it; each row's other
    cells from ``cells``. A 一级 label carries its points where ``form.groups`` gives them."""
    grid: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    order = list(dict.fromkeys(i.level1 for i in form.indicators))
    row = top
    for level1 in order:
        members = [i for i in form.indicators if i.level1 == level1]
        if len(members) > 1:
            merges.append((row, offset, len(members), 1))
        n = 0
        while n < len(members):
            rest = members[n:]
            span = next((k for k, m in enumerate(rest) if m.level2 != rest[0].level2), len(rest))
            if span > 1:
                merges.append((row + n, offset + 1, span, 1))
            for k in range(span):
                ind = members[n + k]
                first = level1 + (f"（{form.groups[level1]}分）" if level1 in form.groups else "")
                grid.append([first if n + k == 0 else "", ind.level2 if k == 0 else "", *cells(ind)])
            n += span
        row += len(members)
    return grid, merges


# ---- layouts ------------------------------------------------------------------------------------------


def national(form: Form) -> TableSpec:
    """财预〔2020〕10号: the form of ``self_eval`` (its own figures; ``form`` is not used)."""
    return official_form(clean_report())


def dept(form: Form) -> TableSpec:
    width = 9
    grid = [["部门（单位）名称", "县民政局", *[""] * 7]]
    merges = [(0, 1, 1, 8)]
    top = len(grid)
    grid.append(
        [
            "部门（单位）总体资金（万元）",
            "资金来源",
            "年初预算数（A）",
            "全年执行数（B）",
            "分值（10分）",
            "得分",
            "得分计算方法",
            "",
            "",
        ]
    )
    for f in form.funding:
        method = "—" if f.weight in ("—", "") else "执行率（B/A）×分值"
        grid.append(["", f.label, f.initial, f.executed, f.weight, f.score, method, "", ""])
    merges.append((top, 0, len(form.funding) + 1, 1))
    merges += [(top + r, 6, 1, 3) for r in range(len(form.funding) + 1)]
    top = len(grid)
    grid.append(["年度总体目标", "年初设定目标", "", "", "", "年度总体目标完成情况", "", "", ""])
    grid.append(["", form.goal, "", "", "", form.done, "", "", ""])
    merges += [(top, 0, 2, 1), (top, 1, 1, 4), (top, 5, 1, 4), (top + 1, 1, 1, 4), (top + 1, 5, 1, 4)]
    top = len(grid)
    grid.append(
        [
            "年度绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "未完成原因及改进措施",
        ]
    )
    rows, more = _indicator_rows(
        form, top + 1, 1, lambda i: [i.level3, i.target, i.actual, i.weight, i.score, i.reason]
    )
    grid += [["", *row] for row in rows]
    merges += [(top, 0, len(rows) + 1, 1), *more]
    grid.append(["总分", "", "", "", "", "", points(total_weight(form)), points(total_score(form)), "/"])
    merges.append((len(grid) - 1, 0, 1, 6))
    assert all(len(row) == width for row in grid)
    return TableSpec(grid=grid, merges=merges)


def sichuan(form: Form) -> TableSpec:
    width = 11
    grid = [
        ["报表编号：510000_0013zp", *[""] * 10],
        ["项目名称", "51000023R000000012345-县空气质量自动监测站建设", *[""] * 9],
        ["主管部门", "县生态环境局", "", "", "", "实施单位（盖章）", "", "县环境监测站", "", "", ""],
        ["项目年度目标", form.goal, "", "", "", "年度目标完成情况", "", form.done, "", "", ""],
    ]
    merges = [(0, 0, 1, 11), (1, 1, 1, 10), (2, 1, 1, 4), (2, 5, 1, 2), (2, 7, 1, 4)]
    merges += [(3, 1, 1, 4), (3, 5, 1, 2), (3, 7, 1, 4)]
    top = len(grid)
    grid.append(
        [
            "预算执行情况（10分）",
            "年度预算数（万元）",
            "年初预算",
            "调整后预算数",
            "预算执行数",
            "预算执行率",
            "权重",
            "得分",
            "原因",
            "",
            "",
        ]
    )
    for n, f in enumerate(form.funding):
        label = f.label if n != 1 else f"其中：{f.label}"
        shown = f.rate if f.rate is not None else rate(f.executed, f.adjusted) if f.executed != "/" else "/"
        grid.append(
            [
                "",
                label,
                f.initial,
                f.adjusted,
                f.executed,
                shown,
                f.weight,
                f.score,
                form.reason if n == 0 else "",
                "",
                "",
            ]
        )
    merges += [(top, 0, len(form.funding) + 1, 1), (top, 8, 1, 3), (top + 1, 8, len(form.funding), 3)]
    top = len(grid)
    grid.append(
        [
            "绩效指标（90分）",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
            "未完成原因分析",
        ]
    )
    rows, more = _indicator_rows(
        form, top + 1, 1, lambda i: [i.level3, i.nature, i.target, i.unit, i.actual, i.weight, i.score, i.reason]
    )
    grid += [["", *row] for row in rows]
    merges += [(top, 0, len(rows) + 1, 1), *more]
    grid.append(["合计", *[""] * 7, points(total_weight(form)), points(total_score(form)), ""])
    merges.append((len(grid) - 1, 0, 1, 8))
    for label, text in (
        ("评价结论", "项目按计划完成监测站建设，自评得分" + points(total_score(form)) + "分。"),
        ("存在问题", "无"),
        ("改进措施", "无"),
    ):
        grid.append([label, text, *[""] * 9])
        merges.append((len(grid) - 1, 1, 1, 10))
    grid.append(["项目负责人：王明", "", "", "", "", "财务负责人：李华", "", "", "", "", ""])
    merges += [(len(grid) - 1, 0, 1, 5), (len(grid) - 1, 5, 1, 6)]
    assert all(len(row) == width for row in grid)
    return TableSpec(grid=grid, merges=merges)


def _unscored(form: Form, first: tuple[str, str], money: tuple[str, str, str], actual: str, reason: str) -> TableSpec:
    """The 转移支付 and 湖南 forms: funding with A, B and B/A, goals, indicators without scores."""
    width = 7
    grid = [
        [first[0], first[1], "", "", "", "", ""],
        ["主管部门", "县交通运输局", "", "", "实施单位", "县公路建设养护中心", ""],
    ]
    merges = [(0, 1, 1, 6), (1, 1, 1, 3), (1, 5, 1, 2)]
    top = len(grid)
    grid.append([money[0], "", money[1], money[2], "执行率（B/A）", "", ""])
    for n, f in enumerate(form.funding):
        label = f.label if n != 1 else f"其中：{f.label}"
        grid.append(
            ["", label, f.adjusted, f.executed, f.rate if f.rate is not None else rate(f.executed, f.adjusted), "", ""]
        )
    merges += [(top, 0, len(form.funding) + 1, 1)] + [(top + r, 4, 1, 3) for r in range(len(form.funding) + 1)]
    top = len(grid)
    grid.append(
        [
            "年度总体目标",
            "预期目标" if first[0] == "项目名称" else "年初设定目标",
            "",
            "",
            "实际完成情况" if first[0] == "项目名称" else "全年实际完成情况",
            "",
            "",
        ]
    )
    grid.append(["", form.goal, "", "", form.done, "", ""])
    merges += [(top, 0, 2, 1), (top, 1, 1, 3), (top, 4, 1, 3), (top + 1, 1, 1, 3), (top + 1, 4, 1, 3)]
    top = len(grid)
    grid.append(
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值" if first[0] != "项目名称" else "指标值",
            actual,
            reason,
        ]
    )
    rows, more = _indicator_rows(form, top + 1, 1, lambda i: [i.level3, i.target, i.actual, i.reason])
    grid += [["", *row] for row in rows]
    merges += [(top, 0, len(rows) + 1, 1), *more]
    assert all(len(row) == width for row in grid)
    return TableSpec(grid=grid, merges=merges)


def transfer(form: Form) -> TableSpec:
    return _unscored(
        form,
        ("项目名称", "2023年车购税收入补助地方资金（农村公路）"),
        ("资金情况（万元）", "全年预算数（A）", "全年执行数（B）"),
        "全年实际完成值",
        "未完成原因和改进措施",
    )


def hunan(form: Form) -> TableSpec:
    spec = _unscored(
        form,
        ("专项资金名称", "县级储备粮管理补贴"),
        ("项目资金（万元）", "全年预算数（A）", "全年执行数（B）"),
        "全年完成值",
        "未完成原因和改进措施",
    )
    grid = [*spec.grid, ["说明", "无", "", "", "", "", ""]]
    return TableSpec(grid=grid, merges=[*spec.merges, (len(grid) - 1, 1, 1, 6)])


def ningxia(form: Form) -> TableSpec:
    width = 9
    grid = [
        ["项目名称", "初中公用经费", "", "", "主管部门", "市教育局", "", "", ""],
        ["实施单位", "市第六中学", "", "", "自评得分", points(total_score(form)), "", "", ""],
    ]
    merges = [(0, 1, 1, 3), (0, 5, 1, 4), (1, 1, 1, 3), (1, 5, 1, 4)]
    f = form.funding[0]
    shown = f.rate if f.rate is not None else rate(f.executed, f.adjusted)
    grid.append(
        ["项目资金（万元）", "", "年初预算数", "调整预算数（A）", "全年执行数（B）", "执行率（B/A）", "", "", ""]
    )
    grid.append(["", f.label, f.initial, f.adjusted, f.executed, shown, "", "", ""])
    merges += [(2, 0, 2, 1), (2, 5, 1, 4), (3, 5, 1, 4)]
    grid.append(["年度总体目标", "年初设定目标", "", "", "", "年度总体目标完成情况", "", "", ""])
    grid.append(["", form.goal, "", "", "", form.done, "", "", ""])
    merges += [(4, 0, 2, 1), (4, 1, 1, 4), (4, 5, 1, 4), (5, 1, 1, 4), (5, 5, 1, 4)]
    top = len(grid)
    grid.append(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "分值",
            "指标值（A）",
            "全年实际值（B）",
            "得分",
            "未完成原因分析及改进措施",
            "",
        ]
    )
    rows, more = _indicator_rows(
        form, top + 1, 0, lambda i: [i.level3, i.weight, i.target, i.actual, i.score, i.reason, ""]
    )
    grid += rows
    merges += [(top, 7, 1, 2), *more, *[(top + 1 + r, 7, 1, 2) for r in range(len(rows))]]
    grid.append(["总分", "", "", points(total_weight(form)), "", "", points(total_score(form)), "/", ""])
    merges += [(len(grid) - 1, 0, 1, 3), (len(grid) - 1, 7, 1, 2)]
    assert all(len(row) == width for row in grid)
    return TableSpec(grid=grid, merges=merges)


LAYOUTS: dict[str, Callable[[Form], TableSpec]] = {
    "national": national,
    "dept": dept,
    "sichuan": sichuan,
    "transfer": transfer,
    "hunan": hunan,
    "ningxia": ningxia,
}
SCORED = {"national", "dept", "sichuan", "ningxia"}


def parts(layout: str, form: Form) -> list[Part]:
    """The sample: the form's title, one paragraph restating it, the form."""
    if layout == "national":
        from self_eval import official_parts

        return official_parts(clean_report())
    total = form.funding[0]
    spent = form.stated_spent_yuan or f"{int(Decimal(total.executed) * 10000):,}"
    text = f"全年执行资金{spent}元"
    if layout in SCORED:
        score = form.stated_total or points(total_score(form))
        text += f"，自评得分{score}分，等级为{form.stated_grade or grade_of(Decimal(score))}"
    return [Para(form.title, level=0), Para(text + "。"), LAYOUTS[layout](form)]
