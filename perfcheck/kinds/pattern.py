"""pattern — text that must not (or must) appear.

Most template leftovers are best caught by what they look like: placeholders (XX, ××, 某某, 【】,
"此处填写"), printed form instructions left in an answer ("（200字以内）"), "预计" figures in a report on
a finished year, a 文号 missing its 〔〕. A ``pattern`` rule is a regular expression (the ``regex``
module, run with a timeout) over the normalised text of each block; every match of a forbidden
pattern is one failing finding at its place, and a clean document is one passing finding.

Parameters:
  ``pattern``        the regular expression (required).
  ``must``           ``not-appear`` (default) or ``appear``.
  ``blocks``         ``all`` (default), ``paragraphs`` (paragraphs and headings) or ``tables``.
  ``section``        only blocks inside a section whose title matches this expression.
  ``unless``         skip a match when its block also matches this expression.
  ``max_findings``   at most this many failing findings (default 20); the rest are counted.

Message placeholders: ``{match}`` (the text matched), ``{count}`` (matches in the document).

Passes: ``pattern: "预计"`` on "全年完成财税5.1亿元。".  Fails: the same on "预计完成财税5.1亿元。".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from msgspec import Struct

from perfcheck.config.params import Pattern
from perfcheck.kinds.base import Context, Outcome

KIND = "pattern"
SUMMARY_ZH = (
    "用正则表达式查找不应出现（或必须出现）的文字，如“XX”“某某”等模板残留、“（200字以内）”等填表说明。"
    "不应出现的内容每出现一处为一条不通过，未发现为通过；要求出现而全文未找到为不通过；没有要检查的部分为“不适用”。"
    "参数：pattern 为正则，must 为不应出现或必须出现，blocks 为检查段落或表格，section 为限定章节，"
    "unless 为所在段落含此内容时跳过，max_findings 为最多列出的条数。"
)
VARIABLES = ("match", "count")


class Params(Struct, frozen=True):
    pattern: Pattern
    must: Literal["not-appear", "appear"] = "not-appear"
    blocks: Literal["all", "paragraphs", "tables"] = "all"
    section: Pattern | None = None
    unless: Pattern | None = None
    max_findings: int = 20


def check(context: Context, params: Params) -> Iterator[Outcome]:
    document = context.document
    hits: list[tuple[int, int, int, str]] = []
    searched = 0
    for block in document.blocks:
        if params.blocks == "tables" and block.kind != "table":
            continue
        if params.blocks == "paragraphs" and block.kind == "table":
            continue
        if params.section is not None and not any(
            context.search(params.section, s.title) for s in document.section_path(block.index)
        ):
            continue
        searched += 1
        if params.unless is not None and context.search(params.unless, block.norm):
            continue
        for match in context.finditer(params.pattern, block.norm):
            hits.append((block.index, match.start(), match.end(), match.group(0)))
    if searched == 0:
        yield Outcome("not-applicable", "文档中没有本规则要检查的部分")
        return
    if params.must == "appear":
        if hits:
            index, start, end, text = hits[0]
            yield Outcome(
                "pass", f"已找到“{text}”", context.excerpt(index, start, end), {"match": text, "count": str(len(hits))}
            )
        else:
            yield Outcome(
                "fail",
                "全文未找到要求出现的内容",
                None,
                {"match": "", "count": "0"},
                {"pattern": params.pattern.pattern},
            )
        return
    if not hits:
        yield Outcome(
            "pass",
            f"未发现（已检查{searched}段）",
            None,
            {"match": "", "count": "0"},
            {"pattern": params.pattern.pattern, "blocks_searched": searched},
        )
        return
    for index, start, end, text in hits[: params.max_findings]:
        yield Outcome(
            "fail",
            "",
            context.excerpt(index, start, end),
            {"match": text, "count": str(len(hits))},
            {"match": text},
        )
    if len(hits) > params.max_findings:
        yield Outcome(
            "fail",
            f"另有 {len(hits) - params.max_findings} 处相同问题未逐一列出",
            None,
            {"match": "", "count": str(len(hits))},
        )
