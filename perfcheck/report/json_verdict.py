"""The verdict as JSON, the contract other programs read; its schema ships beside this module.

Keys are English, messages Chinese. ``counts`` counts findings by status; ``failures`` counts the
failing findings by severity, so a reader can tell 2 errors from 2 warnings without walking the list.
"""

from __future__ import annotations

from typing import Any

from perfcheck import __version__
from perfcheck.config.waivers import fingerprint
from perfcheck.json_text import dumps
from perfcheck.model import SEVERITIES, STATUSES, Finding, Verdict

# Still "1" after fingerprint/suppressed were added: new keys only, none removed or changed in meaning, so
# a reader of version 1 keeps working (the schema lists them as optional so older files still validate).
SCHEMA_VERSION = "1"


def verdict_to_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "perfcheck_version": __version__,
        "file": verdict.file,
        "sha256": verdict.sha256,
        "title": verdict.title,
        "pack": verdict.pack,
        "pack_reason": verdict.pack_reason,
        "ruleset_sha256": verdict.ruleset_sha256,
        "settings": {"fail_on": verdict.fail_on, "strict": verdict.strict},
        "verdict": verdict.verdict,
        "counts": {status: verdict.count(status) for status in STATUSES},
        "failures": {severity: verdict.failures(severity) for severity in SEVERITIES},
        "findings": [finding_to_dict(f) for f in verdict.findings],
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    where = finding.where
    location: dict[str, Any] = {"section": "", "excerpt": "", "block": None, "description": ""}
    if where is not None:
        location = {
            "section": where.section,
            **where.location.to_json(),
            "block": where.block,
            "description": where.location.describe(),
            "excerpt": where.text,
        }
    return {
        "rule": finding.rule,
        "title": finding.title,
        "status": finding.status,
        "severity": finding.severity,
        "message": finding.message,
        "location": location,
        "evidence": finding.evidence,
        "fingerprint": fingerprint(finding),
        "suppressed": finding.suppressed,
        "suppressed_reason": finding.suppressed_reason,
        "assumption": dict(finding.assumption) or None,
    }


def render_json(verdict: Verdict) -> str:
    return dumps(verdict_to_dict(verdict), indent=2) + "\n"


def verdict_schema() -> dict[str, Any]:
    import json
    from importlib import resources  # ~2 ms (and tempfile) that rendering a verdict does not need

    text = (resources.files("perfcheck.report") / "verdict.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
