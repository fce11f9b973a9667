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
from perfcheck.documents.plaintext import document_from_text
from perfcheck.errors import UsageError
from perfcheck.kinds.base import Context, Outcome, make_excerpt
from perfcheck.model import SEVERITY_RANK, Document, Finding, Verdict, counts_against
from perfcheck.rulepack import Rule, Ruleset, apply_overrides, load_ruleset

__all__ = ["Settings", "check_document", "check_file", "example_status", "is_blocking", "run_rule"]


def check_file(path: str | Path, settings: Settings | None = None, ruleset: Ruleset | None = None) -> Verdict:
    settings = settings or Settings()
    ruleset = ruleset or load_ruleset(settings.rule_files)
    return check_document(load_document(path), ruleset, settings)


def check_document(document: Document, ruleset: Ruleset, settings: Settings | None = None) -> Verdict:
    settings = settings or Settings()
    ruleset = apply_overrides(ruleset, settings)
    pack, reason = _choose_pack(ruleset, document, settings)
    rules = [r for r in ruleset.rules_for(pack) if settings.runs(r.id, document.path)]
    extras = list(ruleset.add_ons(pack))
    if "user" in ruleset.packs and pack != "user":
        extras.append(ruleset.packs["user"])  # rules of a file without a pack name join every check
    rules += [r for extra in extras for r in extra.rules if settings.runs(r.id, document.path)]
    context = Context(document, settings.regex_timeout)
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


def _choose_pack(ruleset: Ruleset, document: Document, settings: Settings) -> tuple[str, str]:
    """``pack`` forces one; ``packs`` (configuration) limits which the title may choose."""
    if settings.pack or not settings.packs:
        return ruleset.choose(document, settings.pack)
    unknown = [name for name in settings.packs if name not in ruleset.packs]
    if unknown:
        raise UsageError(f"配置项 packs 中的规则包“{unknown[0]}”不存在（可用：{', '.join(sorted(ruleset.packs))}）")
    allowed = {name: ruleset.packs[name] for name in settings.packs}
    return Ruleset(allowed, ruleset.sha256, tuple(n for n in ruleset.own if n in allowed)).choose(document)


def is_blocking(finding: Finding, settings: Settings) -> bool:
    """Does this finding make the report "not ready" (exit 1) under ``--fail-on`` and ``--strict``?
    A waived (suppressed) finding never does."""
    return counts_against(finding, settings.fail_on, settings.strict)


def run_rule(rule: Rule, context: Context, lang: str = "zh") -> list[Finding]:
    try:
        outcomes = list(rule.module.check(context, rule.params))
    except TimeoutError:
        return [
            _error(rule, context, "正则表达式运行超时（可能存在灾难性回溯），本规则已停止；请简化该规则的正则表达式")
        ]
    except MemoryError:
        raise  # the report is too large to check at all (perfcheck.limits), not a broken rule
    except Exception as error:  # a broken rule must not cost the verdicts of the others
        return [_error(rule, context, f"规则执行出错：{type(error).__name__}: {error}")]
    if not outcomes:
        outcomes = [Outcome("unresolved", "未找到本规则需要检查的内容")]
    return [_finding(rule, outcome, context, lang) for outcome in outcomes]


def _finding(rule: Rule, outcome: Outcome, context: Context, lang: str = "zh") -> Finding:
    if outcome.status == "fail":
        template = rule.message_en if lang == "en" and rule.message_en else rule.message
        try:
            message = template.format_map({**outcome.values, "detail": outcome.detail})
        except (KeyError, IndexError, ValueError):
            message = template
        if outcome.detail and "{detail}" not in template and outcome.detail not in message:
            message = f"{message}。{outcome.detail}"
    else:
        message = outcome.detail or {"pass": "通过", "not-applicable": "不适用"}.get(outcome.status, "")
    severity = outcome.severity or rule.severity
    if SEVERITY_RANK[severity] > SEVERITY_RANK[rule.severity]:
        severity = rule.severity  # a kind may lower a rule's severity, never raise it
    assumption: dict[str, str] = {}
    if outcome.assumed is not None and outcome.status == "fail":
        # An error rests only on a certain reading; an assumed one is at most a warning that says so.
        assumption = outcome.assumed.to_json()
        if severity == "error":
            severity = "warning"
        note = outcome.assumed.note()
        if note not in message:
            message = f"{message}{note}"
    return Finding(
        rule=rule.id,
        status=outcome.status,
        severity=severity,
        message=message,
        title=rule.title,
        where=outcome.where or make_excerpt(context.document, None),
        evidence=dict(outcome.evidence),
        assumption=assumption,
    )


def _error(rule: Rule, context: Context, message: str) -> Finding:
    return Finding(rule.id, "error", rule.severity, message, rule.title, make_excerpt(context.document, None))


def _reading_order(finding: Finding) -> tuple[int, str]:
    block = finding.where.block if finding.where and finding.where.block is not None else -1
    return (block, finding.rule)


def summarize_statuses(statuses: list[str]) -> str:
    """One status for a set of findings, the way a reviewer reads an example.

    ``error`` if the rule broke, ``fail`` if it found a fault anywhere, otherwise ``pass`` if it
    verified something, otherwise what it said (unresolved, not-applicable).
    """
    for status in ("error", "fail", "pass", "unresolved", "not-applicable"):
        if status in statuses:
            return status
    return "unresolved"


def example_status(rule: Rule, text: str) -> str:
    """The status a rule gives a small example document (rule examples and rule case files)."""
    return summarize_statuses([f.status for f in run_rule(rule, Context(document_from_text(text)))])
