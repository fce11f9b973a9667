"""The 绩效指标 part of a self-evaluation table: one :class:`Indicator` per 三级指标 row.

The 一级/二级 labels come from merged cells, which the grid repeats down their rows. Points written in a
一级 label ("产出指标（50分）", "A决策15分") are taken out of the label into ``groups``. A target's nature
comes from the 指标性质 column (=, ≥, ≤, ＞, ＜ or 定性, as the 四川 form writes it), else from the target's
own sign ("≥95%", "不低于95%", ">90%"). A 总分/合计 row ends the part and is kept as ``total_row``.
"""

from __future__ import annotations

from decimal import Decimal

from perfcheck.facts.table_grid import cell_value, first_columns, header_cells, row_label, row_values, spans_whole_row
from perfcheck.facts.table_model import CellValue, Indicator, IndicatorTable, compact, missing_cell
from perfcheck.facts.table_roles import Grid
from perfcheck.lazy_pattern import lazy_re

_POINTS = lazy_re(r"^(?P<label>.*?\D)[（(]?(?P<points>\d+(?:\.\d+)?)分[）)]?$")
TOTAL_ROW = lazy_re(r"^(?:总分|合计|总计|得分合计|综合得分)")
_NATURES = (
    ("≥", lazy_re(r"^(?:≥|>=|大于等于|不低于|不少于|正向)")),
    ("≤", lazy_re(r"^(?:≤|<=|小于等于|不高于|不超过|不多于|反向)")),
    ("=", lazy_re(r"^(?:=|等于)")),
    (">", lazy_re(r"^(?:>|大于|高于|超过)")),
    ("<", lazy_re(r"^(?:<|小于|低于)")),
    ("定性", lazy_re(r"^定性")),
)


def split_points(label: str) -> tuple[str, Decimal | None]:
    """ "产出指标（50分）" → ("产出指标", 50); a label without points is returned as it is."""
    squeezed = compact(label)
    found = _POINTS.match(squeezed)
    if found is None:
        return squeezed, None
    return found.group("label"), Decimal(found.group("points"))


def nature_of(text: str) -> str | None:
    squeezed = compact(text)
    for sign, pattern in _NATURES:
        if pattern.match(squeezed):
            return sign
    return None


def read_indicators(block: int, grid: Grid, row: int, depth: int, roles: dict[int, str], end: int) -> IndicatorTable:
    columns, problems = first_columns(roles)
    header = header_cells(grid, row, depth)
    groups: dict[str, Decimal] = {}
    indicators: list[Indicator] = []
    total_row: dict[str, CellValue] = {}
    first_role = min(columns.values())
    for r in range(row + depth, end):
        if spans_whole_row(grid, r):
            break
        label = row_label(grid, r, range(first_role + 1), header)
        if TOTAL_ROW.match(label):
            total_row = {
                role: cell_value(grid, r, column, header) or missing_cell(r, column) for role, column in columns.items()
            }
            break
        values = row_values(grid, r, columns, header, problems)
        empty = missing_cell(r, 0)
        if all(values.get(role, empty).blank for role in ("level3", "target", "actual", "weight", "score")):
            continue  # a group's label row, or a blank row left in the form
        level1, points = split_points(values.get("level1", empty).text)
        if points is not None:
            groups.setdefault(level1, points)
        target = values.get("target", empty)
        nature_cell = values.get("nature")
        nature = nature_of(nature_cell.text) if nature_cell is not None else None
        indicators.append(
            Indicator(
                level1=level1,
                level2=compact(values.get("level2", empty).text),
                level3=compact(values.get("level3", empty).text),
                nature=nature or nature_of(target.text),
                target=target,
                unit=compact(values.get("unit", empty).text),
                actual=values.get("actual", empty),
                weight=values.get("weight", empty),
                score=values.get("score", empty),
                reason="" if values.get("reason", empty).blank else values["reason"].text.strip(),
                row=r,
            )
        )
    if not indicators:
        problems.append("未找到指标行")
    if "target" not in columns and "actual" not in columns:
        problems.append("未找到“年度指标值”或“实际完成值”列")
    return IndicatorTable(
        block=block,
        columns=columns,
        groups=groups,
        indicators=tuple(indicators),
        total_row=total_row,
        problems=tuple(dict.fromkeys(problems)),
    )
