"""required-sections — the sections a report of this type must (or should) have.

Outlines vary by province, so a section is found by synonyms: each entry names the section and gives
a regular expression that any section title in the outline may match (一、部门基本情况 and 一、整体支出
概况 both answer "基本情况"). A pack writes one rule for the required sections (severity error) and one
for the recommended ones (severity warning). With ``ordered: true`` the sections found must also come
in the listed order. A document whose outline could not be read at all is unresolved, not a fail: the
headings may be there in a form the loader did not recognise.

A section is found by its content heading wherever the report nests it: a 资金投入情况分析 under
二、（一） counts as much as a top-level 二、资金使用情况. Headings at the first ``max_level`` levels count
as they are; a deeper heading counts only when it is worded as a section title (a phrase ending in 情况,
分析, 说明…, with no comma), because deeper numbered lines are usually items of a list ("3.预算执行主体与
计划分离，资金分配科学性不足" under 存在的问题 is a problem, not a 预算执行 section). A numbered sentence
(ending in 。) is never a section title, but a numbered paragraph that opens with a section title and
runs on ("(一)资金投入情况分析。200万元…") is found by that title.

When the report type itself is uncertain (the title named it but no section confirmed it, or the headings
showed it without the title; see ``perfcheck/pack_choice.py``), the missing sections are one warning
that names the template assumed and the sections it expects: the report may follow another outline.

Parameters:
  ``sections``   list of ``{name: 显示名称, match: 正则表达式}`` (required).
  ``ordered``    the sections must appear in this order (default false).
  ``top_level``  only top-level sections count (default false).
  ``max_level``  the outline levels whose headings count as they are (default 2: 一、 and （一） under it,
                 or 第一部分 and 一、); deeper headings count when worded as section titles.

Message placeholders: ``{section}`` (the missing or misplaced section), ``{found}`` (titles found).

Passes: ``sections: [{name: 基本情况, match: 基本情况|概况}]`` on "一、基本情况". Fails on "一、项目绩效".
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.documents.outline import SECTION_NOUN, run_in_title
from perfcheck.kinds.base import Assumption, Context, Outcome
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Document, Section

KIND = "required-sections"
SUMMARY_ZH = (
    "检查报告是否具备规定的章节，章节标题按同义词匹配（如“基本情况”或“概况”）。找到为通过，缺少为不通过；"
    "要求顺序时次序颠倒也为不通过。无法识别出报告的章节结构为“无法判定”。参数："
    "sections 为章节名称及匹配正则的列表，ordered 为是否要求按顺序出现，top_level 为只看一级标题，"
    "max_level 为按原样计入的标题层级（更深的标题须写成章节标题的样子才计入）。报告类型未能确定时，缺少章节只作警告。"
)
VARIABLES = ("section", "found")


class SectionSpec(Struct, frozen=True):
    name: str
    match: Pattern


class Params(Struct, frozen=True):
    sections: tuple[SectionSpec, ...]
    ordered: bool = False
    top_level: bool = False
    max_level: int = 2


# A deep heading worded as a section title: a phrase that ends like one, without a clause break.
_SECTION_TITLE = lazy_re(rf"^[^，,；;。：:]{{2,30}}{SECTION_NOUN}$")


def _candidates(document: Document, params: Params) -> list[tuple[Section, str]]:
    """Each section that may be a required one, with the title to match it by."""
    if params.top_level:
        return [(s, s.title) for s in document.outline if document.blocks[s.block].kind == "heading"]
    found = []
    for section in document.sections():
        if document.blocks[section.block].kind != "heading":
            # "(一)资金投入情况分析。200万元…": a numbered paragraph that opens with its own title
            title = run_in_title(section.title)
            if title is not None:
                found.append((section, title))
            continue
        if section.level <= params.max_level or _SECTION_TITLE.match(section.title.strip()):
            found.append((section, section.title))
    return found


def check(context: Context, params: Params) -> Iterator[Outcome]:
    document = context.document
    candidates = _candidates(document, params)
    if not candidates:
        yield Outcome("unresolved", "未能识别出报告的章节结构（没有带编号或标题样式的章节），无法检查必备章节")
        return
    found_titles = "、".join(s.label for s in document.outline[:8])
    expected = "、".join(f"“{spec.name}”" for spec in params.sections)
    reading = context.pack
    assumed = None
    if not reading.certain and reading.title:
        assumed = Assumption(f"“{reading.title}”的提纲（应有{expected}）", "报告类型")
    positions: list[tuple[SectionSpec, int]] = []
    missing: list[SectionSpec] = []
    for spec in params.sections:
        section = next((s for s, title in candidates if context.search(spec.match, title)), None)
        values = {"section": spec.name, "found": found_titles}
        if section is None:
            missing.append(spec)
            if assumed is None:
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
    if missing and assumed is not None:
        # The type itself is a guess: one warning for the template, not one per section it would expect.
        names = "”“".join(spec.name for spec in missing)
        yield Outcome(
            "fail",
            f"现有章节：{found_titles}",
            None,
            {"section": names, "found": found_titles},
            {"section": [spec.name for spec in missing], "template": reading.title},
            assumed=assumed,
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
