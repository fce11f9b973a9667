"""required-sections — the sections a report of this type must (or should) have.

Outlines vary by province, so a section is found by synonyms: each entry names the section and gives
a regular expression that any section title in the outline may match (一、部门基本情况 and 一、整体支出
概况 both answer "基本情况"). A pack writes one rule for the required sections (severity error) and one
for the recommended ones (severity warning). With ``ordered: true`` the sections found must also come
in the listed order. A document whose outline could not be read at all is unresolved, not a fail: the
headings may be there in a form the loader did not recognise.

Parameters:
  ``sections``   list of ``{name: 显示名称, match: 正则表达式}`` (required).
  ``ordered``    the sections must appear in this order (default false).
  ``top_level``  only top-level sections count (default false).
  ``max_level``  the deepest outline level that counts (default 2: 一、 and （一） under it, or 第一部分 and
                 一、). Deeper numbered lines are list items ("3.预算执行进度偏慢…"), not sections, and a
                 numbered sentence (ending in 。) is never a section title.

Message placeholders: ``{section}`` (the missing or misplaced section), ``{found}`` (titles found).

Passes: ``sections: [{name: 基本情况, match: 基本情况|概况}]`` on "一、基本情况". Fails on "一、项目绩效".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from perfcheck.config.params import Pattern
from perfcheck.kinds.base import Context, Outcome

KIND = "required-sections"
SUMMARY_ZH = (
    "检查报告是否具备规定的章节，章节标题按同义词匹配（如“基本情况”或“概况”）。找到为通过，缺少为不通过；"
    "要求顺序时次序颠倒也为不通过。无法识别出报告的章节结构为“无法判定”。参数："
    "sections 为章节名称及匹配正则的列表，ordered 为是否要求按顺序出现，top_level 为只看一级标题，"
    "max_level 为计入的最深标题层级。"
)
VARIABLES = ("section", "found")


@dataclass(frozen=True, slots=True)
class SectionSpec:
    name: str
    match: Pattern


@dataclass(frozen=True, slots=True)
class Params:
    sections: tuple[SectionSpec, ...]
    ordered: bool = False
    top_level: bool = False
    max_level: int = 2


def check(context: Context, params: Params) -> Iterator[Outcome]:
    document = context.document
    deepest = 1 if params.top_level else params.max_level
    candidates = [s for s in document.sections() if s.level <= deepest and document.blocks[s.block].kind == "heading"]
    if not candidates:
        yield Outcome("unresolved", "未能识别出报告的章节结构（没有带编号或标题样式的章节），无法检查必备章节")
        return
    found_titles = "、".join(s.label for s in document.outline[:8])
    positions: list[tuple[SectionSpec, int]] = []
    for spec in params.sections:
        section = next((s for s in candidates if context.search(spec.match, s.title)), None)
        values = {"section": spec.name, "found": found_titles}
        if section is None:
            yield Outcome(
                "fail",
                f"现有章节：{found_titles}",
                None,
                values,
                {"section": spec.name, "synonyms": spec.match.pattern},
            )
            continue
        positions.append((spec, section.block))
        yield Outcome(
            "pass",
            f"已找到“{spec.name}”：{section.label}",
            context.excerpt(section.block),
            values,
            {"section": spec.name, "found": section.label, "synonyms": spec.match.pattern},
        )
    if params.ordered:
        for (before, at_before), (after, at_after) in pairwise(positions):
            if at_after < at_before:
                yield Outcome(
                    "fail",
                    f"“{after.name}”应在“{before.name}”之后",
                    context.excerpt(at_after),
                    {"section": after.name, "found": found_titles},
                )
