"""target-actual — an indicator's actual value, stated in prose beside its target, meets the target.

Transfer-payment and project self-evaluations narrate their indicators: "发放残疾人机动轮椅车燃油补贴人次数
年初指标值为不低于180人，全年实际完成值164人" (镜湖区残联, 2023). When the sentence itself gives the target
(指标值/目标值, with its bound: 不低于/不少于/≥/达到 → at least; 不高于/不超过/≤ → at most; none → at
least) and right after it the actual (实际完成值/完成值/实际值), both in the same unit, the comparison is
certain: one finding per such pair, pass when the actual meets the target, fail when it does not, at the
pair's place with the arithmetic (``164 < 180``). A report that missed a target should say why (财预〔2020〕
10号: 偏差原因分析); rules using this kind are warnings, because the reason may follow.

A goal stated apart from its result ("（二）项目绩效目标。绩效目标:老年人日间照料中心资金完成173万元。" and,
in a later section, "1.老年人日间照料中心资金完成61.99万元。", 琼海 2020) is paired when the result repeats
the goal's wording word for word (at least four characters before 完成/达到) in a later paragraph and in the
same unit. That pairing is an assumption (the two may be different things), so its fail is at most a warning
that says what was assumed.

What is not compared: a pair whose units differ (人 and 人次, % and 元), an approximate figure (约, 余, 左右),
a target without a number ("有所提高"), and pairs in tables (the indicator tables have their own rules).
A document without any such pair is not applicable.

Parameters:
  ``target_words``  regular expression for the words that introduce the target (default
                    ``(?:年初)?(?:指标值|目标值)``).
  ``actual_words``  regular expression for the words that introduce the actual (default
                    ``(?:全年)?(?:实际)?完成值|实际值|实际完成``).

Message placeholders: ``{target}`` (the bound and the target as written: 不低于180人), ``{actual}`` (164人),
``{arithmetic}`` (``164 < 180：未达到目标``).

Passes: "资助接受托养服务人次数年初指标值为不低于105人，全年实际完成值116人。".
Fails: "燃油补贴人次数年初指标值为不低于180人，全年实际完成值164人。" (164 < 180).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex
from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds.base import Assumption, Context, Outcome, fmt_decimal
from perfcheck.lazy_pattern import lazy_regex

KIND = "target-actual"
SUMMARY_ZH = (
    "核对正文同一句中先写目标值（如“年初指标值为不低于180人”）、紧接着写实际完成值（如“全年实际完成值164人”）"
    "的指标：单位相同且实际值未达到目标为不通过，达到为通过；单位不同、含约数或目标不是数值的不核对；"
    "文中没有这样的目标值与实际值为“不适用”。参数：target_words 为引出目标值的词，actual_words 为引出实际值的词。"
)
VARIABLES = ("target", "actual", "arithmetic")

_AT_LEAST = ("不低于", "不少于", "≥", ">=", "达到", "大于等于", "以上")
_AT_MOST = ("不高于", "不超过", "≤", "<=", "小于等于", "以内", "以下")
_BOUND = r"(?P<op>不低于|不少于|不高于|不超过|大于等于|小于等于|达到|≥|≤|>=|<=)?"
_FIGURE = r"(?P<{name}>\d+(?:\.\d+)?)(?P<{name}_unit>%|[\p{{Han}}]{{1,2}}(?=[，。；、,;]|$)|[\p{{Han}}](?![\p{{Han}}]))"


_DEFAULT_TARGET_WORDS = lazy_regex(r"(?:年初)?(?:指标值|目标值)")
_DEFAULT_ACTUAL_WORDS = lazy_regex(r"(?:全年)?(?:实际)?完成值|实际值|实际完成")


class Params(Struct, frozen=True):
    target_words: Pattern = _DEFAULT_TARGET_WORDS
    actual_words: Pattern = _DEFAULT_ACTUAL_WORDS


def _pair_pattern(params: Params) -> regex.Pattern[str]:
    return regex.compile(
        rf"(?:{params.target_words.pattern})(?:为|是|：)?{_BOUND}"
        + _FIGURE.format(name="target")
        + r"(?P<tail>以上|以内|以下)?[，,]?"
        + rf"(?:{params.actual_words.pattern})(?:为|是|：|达)?"
        + _FIGURE.format(name="actual")
    )


_GOAL = lazy_regex(
    r"(?:绩效目标|年度目标|总体目标|目标)[：:](?P<label>\p{Han}{4,20}?)(?P<verb>完成|达到)"
    r"(?P<target>\d+(?:\.\d+)?)(?P<unit>万元|亿元|元|%|人次|人|户|个|亩|公里|座|处)"
)


def check(context: Context, params: Params) -> Iterator[Outcome]:
    pattern = _pair_pattern(params)
    found = False
    for outcome in _goals_and_results(context):
        found = True
        yield outcome
    for block in context.document.blocks:
        if block.table is not None:
            continue
        for match in context.finditer(pattern, block.norm):
            after = block.norm[match.end() : match.end() + 2]
            if match["target_unit"] != match["actual_unit"] or after.startswith(("左右", "余")):
                continue
            found = True
            yield _compare(context, block.index, match)
    if not found:
        yield Outcome("not-applicable", "文中没有同一句给出目标值与实际完成值的指标")


def _compare(context: Context, block: int, match: regex.Match[str]) -> Outcome:
    op = match["op"] or match["tail"] or ""
    target, actual = Decimal(match["target"]), Decimal(match["actual"])
    unit = match["target_unit"]
    at_most = op in _AT_MOST
    met = actual <= target if at_most else actual >= target
    sign = ("≤" if at_most else "≥") if met else (">" if at_most else "<")
    said_target = f"{match['op'] or ''}{match['target']}{unit}{match['tail'] or ''}"
    said_actual = f"{match['actual']}{unit}"
    verdict = "达到目标" if met else "未达到目标"
    arithmetic = f"{fmt_decimal(actual)} {sign} {fmt_decimal(target)}：{verdict}"
    values = {"target": said_target, "actual": said_actual, "arithmetic": arithmetic}
    evidence = {"target": str(target), "actual": str(actual), "unit": unit, "bound": "≤" if at_most else "≥"}
    where = context.excerpt(block, match.start(), match.end())
    detail = f"目标{said_target}，实际{said_actual}；{arithmetic}"
    return Outcome("pass" if met else "fail", detail, where, values, evidence)


def _goals_and_results(context: Context) -> Iterator[Outcome]:
    """A goal ("绩效目标:X完成173万元") and, in a later paragraph, its result in the same words ("X完成61.99万元")."""
    blocks = [b for b in context.document.blocks if b.table is None]
    for position, block in enumerate(blocks):
        for goal in context.finditer(_GOAL, block.norm):
            result = regex.compile(
                regex.escape(goal["label"] + goal["verb"]) + r"(?P<actual>\d+(?:\.\d+)?)" + regex.escape(goal["unit"])
            )
            for later in blocks[position + 1 :]:
                match = context.search(result, later.norm)
                if match is None or later.norm[match.end() : match.end() + 2].startswith(("左右", "余")):
                    continue
                target, actual = Decimal(goal["target"]), Decimal(match["actual"])
                unit = goal["unit"]
                met = actual >= target
                sign, verdict = ("≥", "达到目标") if met else ("<", "未达到目标")
                arithmetic = f"{fmt_decimal(actual)} {sign} {fmt_decimal(target)}：{verdict}"
                said_target, said_actual = f"{goal['target']}{unit}", f"{match['actual']}{unit}"
                values = {"target": said_target, "actual": said_actual, "arithmetic": arithmetic}
                evidence = {"target": str(target), "actual": str(actual), "unit": unit, "bound": "≥", "apart": True}
                where = context.excerpt(later.index, match.start(), match.end())
                detail = f"目标“{goal['label']}{goal['verb']}{said_target}”，实际{said_actual}；{arithmetic}"
                assumed = Assumption(
                    f"“{goal['label']}{goal['verb']}{said_target}”为目标、后文“{goal['label']}{goal['verb']}{said_actual}”为其实际",
                    "两处说的是同一指标",
                )
                yield Outcome("pass" if met else "fail", detail, where, values, evidence, assumed=assumed)
                break
