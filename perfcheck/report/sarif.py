"""The verdicts as one SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), for code
scanning dashboards and review tools.

One run, one result per problem: a failing finding is ``kind: fail`` at the level of its severity
(error / warning / note); an unresolved one is ``kind: open`` (the spec's word for "not enough
information to decide", §3.27.9), level ``none``. A rule that broke is a tool execution notification,
not a result about the report. A waived finding keeps its result with ``suppressions`` (kind
``external``: the waiver file) and the reason as justification. Every result carries the waiver
fingerprint under ``partialFingerprints`` so a dashboard follows a problem across edits elsewhere.
Regions get a ``startLine`` only for text files, whose lines are the file's own; for .docx and .pdf the
place (第3页第12行, 第21段) is the location's message, with the excerpt as its snippet in properties.
Every number in properties is 1-based, as the messages count (第3段 is ``paragraph: 3``, 表2 ``table: 2``).

A finding that says which value would balance (the "其中" parts add up to 2271.18万元 where the text
says 2261.18万元; a ratio that should read 95%) carries it as a suggestion: for a text file, as SARIF
``fixes`` (§3.55: replace the written figure on its line with the balancing one, which a review tool
offers to apply); for .docx and .pdf, whose regions SARIF cannot address, in ``properties.suggestion``
(written, balancing value, and the sentence), and in both cases only as a suggestion to check.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from perfcheck import __version__
from perfcheck.config.waivers import fingerprint
from perfcheck.i18n import describe_location
from perfcheck.model import Finding, Location, Verdict

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(verdicts: Sequence[Verdict], rules: Mapping[str, Any] | None = None, lang: str = "zh") -> str:
    """``rules`` (id → Rule) adds each rule's basis and kind to the driver's rule list when given."""
    return json.dumps(sarif_log(verdicts, rules, lang), ensure_ascii=False, indent=2) + "\n"


def sarif_log(verdicts: Sequence[Verdict], rules: Mapping[str, Any] | None = None, lang: str = "zh") -> dict[str, Any]:
    rules = rules or {}
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for verdict in verdicts:
        artifact = len(artifacts)
        artifacts.append({"location": {"uri": _uri(verdict.file)}, "hashes": {"sha-256": verdict.sha256}})
        for finding in verdict.findings:
            if finding.status in ("pass", "not-applicable"):
                continue
            if finding.rule not in index:
                index[finding.rule] = len(descriptors)
                descriptors.append(_descriptor(finding, rules.get(finding.rule)))
            location = _location(verdict, finding, artifact, lang)
            if finding.status == "error":
                notifications.append(
                    {
                        "level": "error",
                        "message": {"text": finding.message},
                        "descriptor": {"id": finding.rule, "index": index[finding.rule]},
                        "locations": [location],
                    }
                )
                continue
            result = _result(finding, index[finding.rule], location)
            suggestion = balancing_value(finding)
            if suggestion is not None:
                result["properties"]["suggestion"] = suggestion
                fix = _text_fix(verdict, finding, artifact, suggestion)
                if fix is not None:
                    result["fixes"] = [fix]
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "perfcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "artifacts": artifacts,
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def _descriptor(finding: Finding, rule: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": finding.rule, "shortDescription": {"text": finding.title or finding.rule}}
    if rule is not None:
        descriptor["fullDescription"] = {"text": rule.basis}
        descriptor["defaultConfiguration"] = {"level": _LEVELS[rule.severity]}
        descriptor["properties"] = {"kind": rule.kind, "pack": rule.pack}
    return descriptor


def _result(finding: Finding, rule_index: int, location: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "kind": "fail" if finding.status == "fail" else "open",
        "level": _LEVELS[finding.severity] if finding.status == "fail" else "none",
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"perfcheckExcerpt/v1": fingerprint(finding)},
        "properties": {"status": finding.status, "severity": finding.severity},
    }
    if finding.suppressed:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.suppressed_reason}
        ]
    return result


def _location(verdict: Verdict, finding: Finding, artifact: int, lang: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(verdict.file), "index": artifact}}
    location: dict[str, Any] = {"physicalLocation": physical}
    where = finding.where
    if where is None:
        return location
    if where.location.line is not None and where.location.page is None and where.block is not None:
        physical["region"] = {"startLine": where.location.line, "snippet": {"text": where.text}}
    described = describe_location(where.location, lang) if where.block is not None else ""
    if described:
        location["message"] = {"text": described}
    location["properties"] = {"section": where.section, "excerpt": where.text, **one_based(where.location)}
    return location


def one_based(location: Location) -> dict[str, int | None]:
    """The location's numbers as a reader counts them: paragraph, table, row and column from 1 (page and
    line already are)."""
    numbers = location.to_json()
    for key in ("paragraph", "table", "row", "column"):
        value = numbers[key]
        if value is not None:
            numbers[key] = value + 1
    return numbers


def balancing_value(finding: Finding) -> dict[str, str] | None:
    """The figure written and the one that would balance, when the finding's evidence states both."""
    if finding.status != "fail":
        return None
    evidence = finding.evidence
    written = evidence.get("total") or evidence.get("stated")
    balancing: Any = evidence.get("expected")
    if balancing is None and evidence.get("sum") is not None and evidence.get("unit") is not None:
        balancing = f"{evidence['sum']}{evidence['unit']}"
    if written is None or balancing is None or str(written) == str(balancing):
        return None
    return {
        "written": str(written),
        "balancing": str(balancing),
        "text": f"若其余数字无误，“{written}”应为“{balancing}”",
    }


def _text_fix(verdict: Verdict, finding: Finding, artifact: int, suggestion: dict[str, str]) -> dict[str, Any] | None:
    """A SARIF fix replacing the written figure on its line, for a UTF-8 text file whose line holds it once."""
    where = finding.where
    if where is None or where.location.line is None or where.location.page is not None:
        return None
    if not verdict.file.lower().endswith((".txt", ".md")):
        return None
    try:
        lines = Path(verdict.file).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    number = where.location.line
    if not 1 <= number <= len(lines) or lines[number - 1].count(suggestion["written"]) != 1:
        return None
    column = lines[number - 1].index(suggestion["written"]) + 1  # columnKind unicodeCodePoints, 1-based
    region = {"startLine": number, "startColumn": column, "endColumn": column + len(suggestion["written"])}
    return {
        "description": {"text": suggestion["text"]},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": _uri(verdict.file), "index": artifact},
                "replacements": [{"deletedRegion": region, "insertedContent": {"text": suggestion["balancing"]}}],
            }
        ],
    }


def _uri(path: str) -> str:
    """Relative to the working directory when inside it (what code scanning expects), else a file: URI."""
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(Path(os.getcwd()).resolve())
    except ValueError:
        return resolved.as_uri()
    return quote(relative.as_posix())
