"""The pipeline: a file and a ruleset in, a :class:`~perfcheck.model.Verdict` out. Nothing here prints.

``check_file(path, settings)`` = load the document (stage 1), choose the pack, run every rule on a
shared :class:`~perfcheck.kinds.base.Context` whose facts are computed once (stages 2–3), and wrap the
findings into a verdict. A rule that raises, or whose regex times out, becomes an ``error`` finding
naming it; the other rules still run. A rule that yields nothing is ``unresolved``, never a pass.
"""

from __future__ import annotations

from pathlib import Path

from perfcheck.config.settings import Settings
from perfcheck.documents import load_document
from perfcheck.errors import UsageError
from perfcheck.kinds.base import Context, PackReading
from perfcheck.model import Document, Finding, Verdict, counts_against
from perfcheck.rule_overrides import apply_overrides
from perfcheck.rule_runner import example_status, run_rule, summarize_statuses
from perfcheck.rulepack import load_ruleset
from perfcheck.ruleset import Ruleset

__all__ = [
    "Settings",
    "check_document",
    "check_file",
    "example_status",
    "is_blocking",
    "run_rule",
    "summarize_statuses",
]


def check_file(path: str | Path, settings: Settings | None = None, ruleset: Ruleset | None = None) -> Verdict:
    settings = settings or Settings()
    ruleset = ruleset or load_ruleset(settings.rule_files)
    return check_document(load_document(path), ruleset, settings)


def check_document(document: Document, ruleset: Ruleset, settings: Settings | None = None) -> Verdict:
    settings = settings or Settings()
    ruleset = apply_overrides(ruleset, settings)
    choice = _choose_pack(ruleset, document, settings)
    pack, reason = choice.name, choice.reason
    rules = [r for r in ruleset.rules_for(pack) if settings.runs(r.id, document.path)]
    extras = list(ruleset.add_ons(pack))
    if "user" in ruleset.packs and pack != "user":
        extras.append(ruleset.packs["user"])  # rules of a file without a pack name join every check
    rules += [r for extra in extras for r in extra.rules if settings.runs(r.id, document.path)]
    context = Context(document, settings.regex_timeout, choice)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(run_rule(rule, context, settings.lang))
    findings.sort(key=_reading_order)
    if settings.waivers:
        from perfcheck.config.waivers import apply_waivers

        findings = list(apply_waivers(findings, document.path, settings.waivers, settings.today))
    return Verdict(
        file=document.path,
        sha256=document.sha256,
        pack=pack,
        pack_reason=reason,
        ruleset_sha256=ruleset.sha256,
        title=document.title,
        findings=tuple(findings),
        verdict="fail" if any(is_blocking(f, settings) for f in findings) else "pass",
        fail_on=settings.fail_on,
        strict=settings.strict,
    )


def _choose_pack(ruleset: Ruleset, document: Document, settings: Settings) -> PackReading:
    """``pack`` forces one; ``packs`` (configuration) limits which the title and headings may choose."""
    if settings.pack or not settings.packs:
        return ruleset.choose_pack(document, settings.pack)
    unknown = [name for name in settings.packs if name not in ruleset.packs]
    if unknown:
        raise UsageError(f"配置项 packs 中的规则包“{unknown[0]}”不存在（可用：{', '.join(sorted(ruleset.packs))}）")
    allowed = {name: ruleset.packs[name] for name in settings.packs}
    return Ruleset(allowed, ruleset.sha256, tuple(n for n in ruleset.own if n in allowed)).choose_pack(document)


def is_blocking(finding: Finding, settings: Settings) -> bool:
    """Does this finding make the report "not ready" (exit 1) under ``--fail-on`` and ``--strict``?
    A waived (suppressed) finding never does."""
    return counts_against(finding, settings.fail_on, settings.strict)


def _reading_order(finding: Finding) -> tuple[int, str]:
    block = finding.where.block if finding.where and finding.where.block is not None else -1
    return (block, finding.rule)
