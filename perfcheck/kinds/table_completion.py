"""table-completion — an indicator's 实际完成值 against its 年度指标值.

Two checks, chosen with ``check``:

- ``missed-full-marks``: an indicator given full marks (得分 = 分值) although its target was missed. The
  direction comes from 指标性质 or the sign in the target cell: for "≥95%" (正向) an actual below 95% is
  a miss, for "≤30天" (反向) an actual above 30, for "=" any difference, for "＞"/"＜" reaching the
  target itself. A 指标性质 of 定性 is qualitative: nothing to compare. The unit comes from the cells or
  the row's 度量单位 column. Numbers are read out of the
  cells ("≥95%", "100%", "12个", "≤30天"), Chinese numerals too when they are the whole figure ("五",
  "≥五个", "百分之九十五"); the two must be in the same unit (both % or neither, and the same unit word
  when both carry one). Without a stated direction, ``default_nature`` applies, and ``≤`` where the
  indicator's name matches ``lower_better`` (costs, time limits, complaints).
- ``word-for-number``: a word ("完成", "达成", "已完成", "达标" — ``words``) as the 实际完成值 where the
  target is a number: nothing can be compared, and the score cannot be checked.

One failing finding per indicator; a pass saying how many were compared. An indicator with full marks
is ``unresolved`` (never counted as compared) when its actual value is not a number (and not one of
``words``, which ``word-for-number`` reports), when its target is not a number although the row says it
is quantitative (a direction or a 度量单位), or when target and actual are in different units. A target
with neither, such as "有效提升", is qualitative and has nothing to compare. No indicator table is
``not-applicable``; a table the reader could not settle is ``unresolved``.

Parameters:
  ``check``            ``missed-full-marks`` (default) or ``word-for-number``.
  ``default_nature``   ``≥`` (default), ``≤`` or ``=``: the direction when none is stated.
  ``lower_better``     indicator names whose default direction is ``≤``
                       (default ``成本|时限|时长|天数|投诉|事故|差错|超支``).
  ``words``            regular expression for an actual value that is a word, not a figure.

Message placeholders: ``{name}`` (the 三级指标), ``{target}``, ``{actual}``, ``{weight}``, ``{score}``.

Passes: "≥95%" achieved with 98% and full marks. Fails: "≥95%", actual 90%, 得分 = 分值.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds._tables import cell_place, hedged, readable, usable
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.tables import Indicator, IndicatorTable
    from perfcheck.model import Excerpt

KIND = "table-completion"
SUMMARY_ZH = (
    "检查绩效指标表的实际完成值与年度指标值。check 为 missed-full-marks 时，未达到目标却得满分的指标为不通过；"
    "为 word-for-number 时，目标是数字而实际完成值只写“完成”“达标”等词（words 正则）为不通过；其余为通过。"
    "满分指标的数值读不出或单位不同为“无法判定”，没有指标表为“不适用”。参数："
    "default_nature 为未写明方向时的默认方向（≥、≤、=），lower_better 为默认越低越好的指标名称正则（如成本、"
    "时限）。"
)
VARIABLES = ("name", "target", "actual", "weight", "score")
Nature = Literal["≥", "≤", "=", ">", "<"]
_DIRECTIONS = ("≥", "≤", "=", ">", "<")

_NUMBER = lazy_regex(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>%|％|[^\d\s,，。；;、（）()]{0,4})"
)
_QUALIFIER = lazy_regex(r"(?:及)?(?:以上|以下|以内|左右)$")
_CN = "〇零一二两三四五六七八九十百千万亿"
# A Chinese numeral is read only as the whole cell (a sign, the numeral, a unit): inside words (一般,
# 进一步提升, 十分满意) it is not a figure.
_CN_FIGURE = lazy_regex(
    r"^\s*(?:[≥≤=＝<>＜＞]=?|不低于|不少于|至少|不高于|不超过|不多于|控制在|达到)?\s*"
    rf"(?P<percent>百分之)?(?P<numeral>[{_CN}]+(?:点[{_CN}]+)?)\s*(?P<unit>%|％|[^\d\s{_CN}]{{0,4}})\s*$"
)
# The unit words a bare Chinese numeral may carry when the row names none in its 度量单位 column.
_MEASURES = frozenset(
    {
        "个",
        "人",
        "人次",
        "户",
        "次",
        "天",
        "日",
        "年",
        "月",
        "个月",
        "周",
        "项",
        "家",
        "所",
        "座",
        "处",
        "名",
        "台",
        "套",
        "件",
        "份",
        "场",
        "期",
        "批",
        "条",
        "本",
        "间",
        "张",
        "元",
        "万元",
        "亿元",
        "小时",
        "公里",
        "千米",
        "米",
        "平方米",
        "亩",
        "吨",
    }
)
_AT_LEAST = lazy_regex(r"^\s*(?:≥|>=|＞=|不低于|不少于|至少|大于等于|达到)|(?:及以上|以上)\s*$")
_AT_MOST = lazy_regex(r"^\s*(?:≤|<=|＜=|不高于|不超过|不多于|小于等于|控制在)|(?:及以下|以下|以内)\s*$")
_SIGN = lazy_regex(r"^\s*[≥≤=＝<>＜＞]")
_MORE = lazy_regex(r"^\s*[>＞]")
_LESS = lazy_regex(r"^\s*[<＜]")
_EQUAL = lazy_regex(r"^\s*[=＝]")
_LOWER_BETTER = lazy_regex("成本|时限|时长|天数|投诉|事故|差错|超支")
_WORDS = lazy_regex(
    r"^\s*(?:已?(?:全部|按时|如期|基本)?(?:完成|达成|达标|实现|到位|满足)|是|达到(?:目标|预期)?|良好|较好|好|优)\s*[。.]?\s*$"
)


class Params(Struct, frozen=True):
    check: Literal["missed-full-marks", "word-for-number"] = "missed-full-marks"
    default_nature: Nature = "≥"
    lower_better: Pattern = _LOWER_BETTER
    words: Pattern = _WORDS


class Figure(Struct, frozen=True):
    value: Decimal
    unit: str


def read_figure(text: str, unit: str = "") -> Figure | None:
    """The first number in a cell, with the unit written after it (``≥95%`` → 95, %); else a Chinese
    numeral that is the whole cell (``≥五个`` → 5, 个), its unit one of the row's ``unit`` or a common one."""
    match = _NUMBER.search(text or "")
    if match is None:
        return _chinese_figure(text or "", unit)
    written = "%" if match.group("unit") in ("%", "％") else _QUALIFIER.sub("", match.group("unit").strip())
    return Figure(Decimal(match.group("number").replace(",", "")), written)


def _chinese_figure(text: str, unit: str) -> Figure | None:
    from perfcheck.facts.numbers import chinese_number

    match = _CN_FIGURE.match(text)
    if match is None:
        return None
    value = chinese_number(match.group("numeral"))
    written = _QUALIFIER.sub("", match.group("unit"))
    if match.group("percent"):
        if written:
            return None  # 百分之九十五% says percent twice: not a way a figure is written
        written = "%"
    elif written in ("%", "％"):
        written = "%"
    elif written and written != unit and written not in _MEASURES:
        return None
    return None if value is None else Figure(value, written)


def nature_of(indicator: Indicator, params: Params) -> Nature:
    """The direction: 指标性质, else the sign in the target cell, else the default for its name."""
    if indicator.nature in _DIRECTIONS:
        return indicator.nature  # type: ignore[return-value]
    text = indicator.target.text
    if _AT_LEAST.search(text) or _MORE.search(text):
        return "≥"
    if _AT_MOST.search(text) or _LESS.search(text):
        return "≤"
    if _EQUAL.search(text):
        return "="
    if params.lower_better.search(indicator.level2 + indicator.level3):
        return "≤"
    return params.default_nature


def check(context: Context, params: Params) -> Iterator[Outcome]:
    needs = ("target", "actual", "weight", "score") if params.check == "missed-full-marks" else ("target", "actual")
    tables, said = usable(context, context.indicator_tables, "绩效指标表", needs)
    yield from said
    for table in tables:
        if params.check == "missed-full-marks":
            yield from hedged(table, _full_marks(context, params, table))
        else:
            yield from hedged(table, _words(context, params, table))


def _values(indicator: Indicator) -> dict[str, str]:
    return {
        "name": indicator.level3 or indicator.level2,
        "target": indicator.target.text,
        "actual": indicator.actual.text,
        "weight": indicator.weight.text,
        "score": indicator.score.text,
    }


def _missed(nature: Nature, target: Decimal, actual: Decimal) -> bool:
    if nature == "≥":
        return actual < target
    if nature == "≤":
        return actual > target
    if nature == ">":
        return actual <= target
    if nature == "<":
        return actual >= target
    return actual != target


def _same_unit(target: Figure, actual: Figure, unit: str) -> bool:
    if (target.unit == "%") != (actual.unit == "%"):
        return False
    given = [u for u in (target.unit, actual.unit) if u]
    return len(set(given)) <= 1 or unit in given


def _full_marks(context: Context, params: Params, table: IndicatorTable) -> Iterator[Outcome]:
    compared = unread = 0
    for indicator in table.indicators:
        weight, score = indicator.weight, indicator.score
        if not (readable(weight) and readable(score)) or score.value != weight.value or indicator.nature == "定性":
            continue
        values = _values(indicator)
        target = read_figure(indicator.target.text, indicator.unit)
        actual = read_figure(indicator.actual.text, indicator.unit)
        if target is None:
            if _quantitative(indicator):
                detail = f"“{values['name']}”满分，但年度指标值“{indicator.target.text}”无法读出数值，未核对"
                unread += 1
                yield Outcome("unresolved", detail, _score_place(context, table, indicator), values)
            continue  # a qualitative target (定性指标: "有效提升") has nothing to compare
        if actual is None:
            if not indicator.actual.blank and not params.words.search(indicator.actual.text):
                detail = f"“{values['name']}”满分，但实际完成值“{indicator.actual.text}”无法读出数值，未核对"
                unread += 1
                yield Outcome("unresolved", detail, _score_place(context, table, indicator), values)
            continue
        if not _same_unit(target, actual, indicator.unit):
            detail = (
                f"“{values['name']}”满分，但年度指标值“{indicator.target.text}”与实际完成值"
                f"“{indicator.actual.text}”单位不同，未核对"
            )
            unread += 1
            yield Outcome("unresolved", detail, _score_place(context, table, indicator), values)
            continue
        compared += 1
        nature = nature_of(indicator, params)
        if _missed(nature, target.value, actual.value):
            detail = (
                f"“{values['name']}”目标为 {nature}{indicator.target.text.lstrip('≥≤=<>＜＞ ')}，"
                f"实际完成 {indicator.actual.text}，未达到目标，但得分 {score.text} 等于分值 {weight.text}（满分）"
            )
            yield Outcome("fail", detail, _score_place(context, table, indicator), values, values)
    if compared:
        note = f"，另有 {unread} 项未能核对" if unread else ""
        yield Outcome("pass", f"已核对 {compared} 项满分指标的完成值{note}", cell_place(context, table.block))
    elif not unread:
        yield Outcome("not-applicable", "没有可与目标值比较的满分定量指标", cell_place(context, table.block))


def _score_place(context: Context, table: IndicatorTable, indicator: Indicator) -> Excerpt:
    """The 得分 cell of an indicator that is reported (a met target is counted, not pointed at)."""
    return cell_place(context, table.block, indicator.row, table.columns.get("score"))


def _quantitative(indicator: Indicator) -> bool:
    """Does the row say its target is a figure: a direction (指标性质 or a sign in the cell) or a 度量单位?

    Only a sign counts from the cell: words such as 达到 also open qualitative targets (达到预期效果)."""
    if indicator.nature == "定性":
        return False
    return indicator.nature in _DIRECTIONS or bool(indicator.unit) or bool(_SIGN.match(indicator.target.text))


def _words(context: Context, params: Params, table: IndicatorTable) -> Iterator[Outcome]:
    compared = 0
    for indicator in table.indicators:
        if indicator.nature == "定性" or read_figure(indicator.target.text, indicator.unit) is None:
            continue
        compared += 1
        if read_figure(indicator.actual.text, indicator.unit) is None and params.words.search(indicator.actual.text):
            values = _values(indicator)
            detail = (
                f"“{values['name']}”目标值为 {indicator.target.text}，实际完成值只写了“{indicator.actual.text}”，"
                "应填写实际数值"
            )
            where = cell_place(context, table.block, indicator.row, table.columns.get("actual"))
            yield Outcome("fail", detail, where, values, values)
    if compared:
        yield Outcome("pass", f"已核对 {compared} 项定量指标的完成值写法", cell_place(context, table.block))
    else:
        yield Outcome("not-applicable", "没有定量指标", cell_place(context, table.block))
