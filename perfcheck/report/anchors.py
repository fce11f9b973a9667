"""Where a finding belongs in the report's text, shared by the Word comments and the HTML review page.

A finding's :class:`~perfcheck.model.Excerpt` gives its block and, for a phrase, the span of the
block's original text it is about. The renderers work on text that may not be the text the finding
was computed from (the file changed between loading and rendering, or the page is built from a later
load), so the span is not trusted blindly: the phrase it covered is recovered from the excerpt's own
quotation and looked for again — at the stated offsets first, then elsewhere in the block, then in
the blocks around it. Only when it is nowhere does the finding fall back to its block, and the
renderers say so with :data:`NOT_LOCATED`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec import Struct

from perfcheck.model import SEVERITY_RANK, Excerpt, Finding, Severity, Verdict

# How many blocks before and after its own a moved phrase is looked for.
SEARCH_RADIUS = 3

NOT_LOCATED = "（未能精确定位原文，已标注在所在段落）"
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {
    "pass": "通过",
    "fail": "不通过",
    "unresolved": "无法判定",
    "not-applicable": "不适用",
    "error": "规则出错",
}


def quoted_phrase(where: Excerpt) -> str | None:
    """The exact phrase a finding's span covers (None for a finding about a whole block)."""
    return where.phrase or None


def find_phrase(text: str, phrase: str, hint: int) -> int | None:
    """Where ``phrase`` occurs in ``text``: at ``hint`` if it is there, else the occurrence nearest it."""
    flat = text.replace("\n", " ")
    if flat[hint : hint + len(phrase)] == phrase:
        return hint
    best: int | None = None
    at = flat.find(phrase)
    while at != -1:
        if best is None or abs(at - hint) < abs(best - hint):
            best = at
        at = flat.find(phrase, at + 1)
    return best


class Spot(Struct, frozen=True):
    """A finding's place in the rendered text: ``item`` is the renderer's index (block or paragraph);
    ``start``/``end`` a span of that item's text, or None for the whole item; ``exact`` False when the
    phrase could not be found and the finding sits on the nearest item instead."""

    item: int
    start: int | None = None
    end: int | None = None
    exact: bool = True


def place_phrase(texts: Sequence[str | None], item: int, phrase: str | None, hint: int | None) -> Spot:
    """Find ``phrase`` in item ``item`` of ``texts`` (at ``hint`` preferably), then in the items around it.

    ``texts[i]`` is None for items that hold no searchable text (tables, for a paragraph finding).
    ``item`` may be out of range (the document lost paragraphs); it is clamped to the nearest item.
    """
    nearest = min(max(item, 0), len(texts) - 1)
    if phrase is None:
        return Spot(nearest, exact=nearest == item)
    for distance in range(SEARCH_RADIUS + 1):
        for candidate in dict.fromkeys((item - distance, item + distance)):
            if not 0 <= candidate < len(texts) or texts[candidate] is None:
                continue
            text = texts[candidate] or ""
            at = find_phrase(text, phrase, hint if hint is not None and candidate == item else 0)
            if at is not None:
                return Spot(candidate, at, at + len(phrase))
    return Spot(nearest, exact=False)


def is_problem(finding: Finding) -> bool:
    """Findings a reviewer acts on: faults, checks that could not be made, and broken rules."""
    return finding.status in ("fail", "unresolved", "error")


def at_or_above(findings: Iterable[Finding], level: Severity) -> list[Finding]:
    """The failing findings at or above ``level``: the ones that get a comment of their own."""
    return [f for f in findings if f.status == "fail" and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level]]


def comment_text(finding: Finding) -> str:
    """What a reviewer reads beside the phrase: rule, severity and title, then the message with its arithmetic."""
    head = f"{finding.rule}（{SEVERITY_NAMES[finding.severity]}）"
    if finding.title:
        head += f" {finding.title}"
    if finding.status != "fail":
        head += f"：{STATUS_NAMES[finding.status]}"
    return f"{head}\n{finding.message}"


def summary_text(verdict: Verdict) -> str:
    """The verdict in one sentence, as the console's summary line says it."""
    failures = "，".join(
        f"{SEVERITY_NAMES[s]} {verdict.failures(s)}" for s in ("error", "warning", "info") if verdict.failures(s)
    )
    level = SEVERITY_NAMES[verdict.fail_on]
    outcome = (
        f"结论：未通过（存在“{level}”及以上级别的问题）"
        if verdict.verdict == "fail"
        else f"结论：通过（无“{level}”及以上级别的问题）"
    )
    return (
        f"共 {len(verdict.findings)} 项检查：通过 {verdict.count('pass')}，不通过 {verdict.count('fail')}"
        + (f"（{failures}）" if failures else "")
        + f"，无法判定 {verdict.count('unresolved')}，不适用 {verdict.count('not-applicable')}"
        + (f"，规则出错 {verdict.count('error')}" if verdict.count("error") else "")
        + f"。{outcome}"
    )
