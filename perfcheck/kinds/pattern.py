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
from functools import lru_cache
from typing import Any, Literal

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
    # Reading the pattern costs ~0.13 ms the first time (per process): worth it only where there are many
    # blocks to skip; a short report is searched whole.
    large = len(document.blocks) >= _PRETEST_FROM_BLOCKS
    needs = required_characters(params.pattern.pattern, params.pattern.flags) if large else ()
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
        if needs and not all(any(ch in block.norm for ch in clause) for clause in needs):
            continue  # a character every match holds is not in the block: the pattern cannot match it
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


_PRETEST_FROM_BLOCKS = 200
# A clause longer than this is not worth testing (and a text nearly always holds one of its characters).
_MAX_CLAUSE = 8


@lru_cache(maxsize=512)
def required_characters(pattern: str, flags: int) -> tuple[str, ...]:
    """Clauses of characters such that every match of ``pattern`` holds at least one character of each:
    "号" for a 文号 pattern, so a block without a 号 is not searched at all (a pattern such as CM-DOC-01's
    tries every Chinese character of every block). () when nothing is certain.

    Read with the standard library's parser, which reads the syntax shared with ``regex`` as ``regex`` does;
    anything it might read otherwise gives no clause: flags other than the plain ones, a brace that is not
    a count ({e<=1} is fuzzy matching in ``regex``), a POSIX class ([[:alpha:]]), a pattern it rejects.
    """
    import re
    import warnings

    import regex

    _parser = _sre("parser")

    if flags != regex.compile("").flags or "[:" in pattern or re.search(r"\{(?!\d+(?:,\d*)?\}|,\d+\})", pattern):
        return ()
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            parsed = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return ()
    if warned:  # "possible nested set" and the like: syntax that regex's version 1 reads as set operations
        return ()
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE | re.ASCII):
        return ()
    try:
        clauses = _clauses(parsed)
    except Exception:  # a parse tree of another shape (the parser is private): no pre-test, which only saves time
        return ()
    return tuple(sorted({c for c in clauses if len(c) <= _MAX_CLAUSE}))


def _clauses(items: Any) -> set[str]:
    """The clauses of a parsed sequence: every item must match, so each item's clauses hold."""
    c = _sre("constants")
    found: set[str] = set()
    for op, value in items:
        if op is c.LITERAL:
            found.add(chr(value))
        elif op is c.IN and all(kind is c.LITERAL for kind, _ in value):
            found.add("".join(sorted({chr(code) for _, code in value})))
        elif op is c.SUBPATTERN and not value[1] & 2:  # 2: a scoped (?i:…) matches either case
            found |= _clauses(value[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and value[0] >= 1:
            found |= _clauses(value[2])
        elif op is getattr(c, "ATOMIC_GROUP", None):
            found |= _clauses(value)
        elif op is c.BRANCH:
            # One alternative matches: a clause of all of them holds, and so does one clause of each, joined.
            alternatives = [_clauses(branch) for branch in value[1]]
            if alternatives and (common := set.intersection(*alternatives)):
                found |= common
            elif alternatives and all(alternatives):
                shortest = [min(clause, key=lambda chars: (len(chars), chars)) for clause in alternatives]
                found.add("".join(sorted(set("".join(shortest)))))
    return found


def _sre(part: str) -> Any:
    """The standard library's regex parser or its constants: ``re._parser`` from Python 3.11, ``sre_parse``
    before (deprecated, with a warning, from 3.11)."""
    import importlib
    import sys

    modern, legacy = {"parser": ("re._parser", "sre_parse"), "constants": ("re._constants", "sre_constants")}[part]
    return importlib.import_module(modern if sys.version_info >= (3, 11) else legacy)
