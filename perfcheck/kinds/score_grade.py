"""score-grade — the grade a report states (优 / 良 / 中 / 差) fits its score.

A report says "自评得分95分，等级为优" (``grade``, with a group ``grade``). The score is the one stated
nearest before the grade in the same paragraph (``stated``), else anywhere in the text, else the
self-evaluation table's total (its 总分 row, or 执行率得分 plus every indicator's 得分). The grade the
score earns is the first of ``bands`` (highest ``min`` first) whose ``min`` it reaches; the stated grade
is matched against each band's ``names`` (优秀 is 优, 良好 is 良 …).

No grade stated: ``not-applicable``. A grade but no score anywhere, or a grade word no band names:
``unresolved``.

Parameters:
  ``bands``   a list of ``{grade: 优, min: 90, names: "优秀?"}``; default 优 ≥ 90, 良 ≥ 80, 中 ≥ 60,
              差 below 60 — the bands in common use, not verified against an official text.
  ``grade``   regular expression for the stated grade, with a group ``grade``.
  ``stated``  regular expression for a stated score, with a group ``value``.

Message placeholders: ``{grade}`` (as written), ``{score}``, ``{expected}`` (the grade the score earns),
``{bands}`` (``优≥90、良≥80、中≥60、差<60``).

Passes: "自评得分95分，等级为优". Fails: "自评得分85分，等级为优" (85 is 良).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex
from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds._table_scores import STATED_SCORE, stated_scores, table_total
from perfcheck.kinds._tables import points
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_regex


class Band(Struct, frozen=True):
    grade: str
    min: Decimal
    names: Pattern


KIND = "score-grade"
SUMMARY_ZH = (
    "核对报告写明的评价等级（优、良、中、差）与得分是否相符：得分取同段中等级之前的得分，"
    "否则取文中唯一的得分或自评表总分。相符为通过，不符为不通过；有等级但找不到得分、"
    "或等级词不在档次中为“无法判定”；文中未写等级为“不适用”。参数：bands 为等级档次（默认优≥90、良≥80、中≥60、"
    "差<60），grade 为等级表述的正则，stated 为得分表述的正则。"
)
VARIABLES = ("grade", "score", "expected", "bands")
_BANDS = (
    Band("优", Decimal(90), lazy_regex("^优秀?$")),
    Band("良", Decimal(80), lazy_regex("^良好?$")),
    Band("中", Decimal(60), lazy_regex("^(?:中等?|合格|一般)$")),
    Band("差", Decimal(0), lazy_regex("^(?:差|较差|不合格)$")),
)
# A 质量等级 / 安全等级 of the works is not the evaluation's grade.
_GRADE = lazy_regex(
    r"(?<!质量|安全|信用|资质|工程|验收|服务)(?:评价等级|自评等级|绩效等级|评定等级|等级|等次|评级)(?:评定)?(?:为|是|：|:|评定为|确定为|结果为)?\s*"
    r"[“\"‘「]?(?P<grade>优秀|优|良好|良|中等|中|不合格|合格|一般|较差|差)"
    # "绩效评级为“优”的项目4个" counts projects by grade: it is not this report's grade.
    r"(?![”\"’」]?的)"
)


class Params(Struct, frozen=True):
    bands: tuple[Band, ...] = _BANDS
    grade: Pattern = _GRADE
    stated: Pattern = STATED_SCORE

    def __post_init__(self) -> None:
        if not self.bands:
            raise ValueError("bands 不能为空")


def _earned(params: Params, score: Decimal) -> Band | None:
    reached = [band for band in params.bands if score >= band.min]
    return max(reached, key=lambda band: band.min) if reached else None


def _describe(params: Params) -> str:
    ordered = sorted(params.bands, key=lambda band: band.min, reverse=True)
    parts = [f"{b.grade}≥{points(b.min)}" for b in ordered if b.min > 0]
    lowest = ordered[-1]
    if lowest.min == 0 and len(ordered) > 1:
        parts.append(f"{lowest.grade}<{points(ordered[-2].min)}")
    return "、".join(parts)


def check(context: Context, params: Params) -> Iterator[Outcome]:
    grades = [
        (block.index, match)
        for block in context.document.blocks
        if block.kind != "table"
        for match in context.finditer(params.grade, block.norm)
    ]
    if not grades:
        yield Outcome("not-applicable", "文中未写明评价等级")
        return
    scores = stated_scores(context, params.stated)
    bands = _describe(params)
    for block, match in grades:
        word = match.group("grade")
        where = context.excerpt(block, match.start(), match.end())
        stated = next((b for b in params.bands if b.names.search(word)), None)
        if stated is None:
            yield Outcome("unresolved", f"等级“{word}”不在等级档次（{bands}）中，无法核对", where)
            continue
        score, source = _score(context, scores, block, match.start())
        if score is None:
            yield Outcome("unresolved", f"等级为“{word}”，但{source}", where)
            continue
        earned = _earned(params, score)
        expected = earned.grade if earned is not None else "（无对应等级）"
        detail = f"{source} {points(score)}分，按 {bands} 应为“{expected}”；文中等级为“{word}”"
        values = {"grade": word, "score": points(score), "expected": expected, "bands": bands}
        if earned is stated:
            yield Outcome("pass", detail + "；一致", where, values)
        else:
            yield Outcome("fail", detail, where, values, values)


def _score(
    context: Context, scores: list[tuple[int, regex.Match[str]]], block: int, start: int
) -> tuple[Decimal | None, str]:
    """The score a grade is about, and where it was found (in Chinese)."""
    before = [m for b, m in scores if b == block and m.start() < start]
    if before:
        return Decimal(before[-1].group("value")), "文中得分"
    if len(scores) == 1:  # the report states one total score, elsewhere than its grade
        return Decimal(scores[0][1].group("value")), "文中得分"
    if scores:
        return None, "文中有多处得分，无法确定该等级对应的总分"
    table = table_total(context)
    if isinstance(table, tuple):
        return table[0], "表中总分"
    return None, "文中未写明得分" + (f"，{table}" if isinstance(table, str) else "，也没有绩效自评表")
