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
from perfcheck.model import Finding, Verdict

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
            results.append(_result(finding, index[finding.rule], location))
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
    location["properties"] = {"section": where.section, "excerpt": where.text, **where.location.to_json()}
    return location


def _uri(path: str) -> str:
    """Relative to the working directory when inside it (what code scanning expects), else a file: URI."""
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(Path(os.getcwd()).resolve())
    except ValueError:
        return resolved.as_uri()
    return quote(relative.as_posix())
