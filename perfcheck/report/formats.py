"""Verdicts for other programs, one text per run (all files together): ``concise``, ``junit``, ``github``.

- ``concise``: ``file:place: RULE [severity] message``, one line per problem (fail, unresolved, rule
  error), waived ones left out — what an editor or ``grep`` wants.
- ``junit``: one ``<testsuite>`` per report, one ``<testcase>`` per finding. Only what counts towards the
  exit code is a ``<failure>`` (or ``<error>`` for a broken rule under ``--strict``), so a CI server shows
  red exactly when perfcheck exits 1; a warning below ``--fail-on`` is written to the case's
  ``<system-out>``, and waived and not-applicable findings are ``<skipped>`` with the reason.
- ``github``: workflow commands (``::error file=…,line=…,title=…::message``) that GitHub Actions turns
  into annotations. A line is given only for text files, whose lines are the file's own.

SARIF lives in :mod:`perfcheck.report.sarif`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from perfcheck.i18n import describe_location, severity_label, status_label, word
from perfcheck.model import Finding, Verdict, counts_against

PROBLEMS = ("fail", "unresolved", "error")


def problems(verdict: Verdict) -> list[Finding]:
    """The findings a reader must look at: failing, unresolved or broken, not waived."""
    return [f for f in verdict.findings if f.status in PROBLEMS and not f.suppressed]


def place(finding: Finding, lang: str = "zh") -> str:
    where = finding.where
    if where is None or where.block is None:
        return ""
    return describe_location(where.location, lang)


def render_concise(verdicts: Sequence[Verdict], lang: str = "zh") -> str:
    lines = []
    for verdict in verdicts:
        for finding in problems(verdict):
            located = place(finding, lang)
            head = f"{verdict.file}:{located}:" if located else f"{verdict.file}:"
            message = finding.message
            if finding.status != "fail":
                message = f"{status_label(finding.status, lang)}：{message}"
            lines.append(f"{head} {finding.rule} [{finding.severity}] {message}")
    return "".join(f"{line}\n" for line in lines)


def render_junit(verdicts: Sequence[Verdict], lang: str = "zh") -> str:
    suites = ET.Element("testsuites", name="perfcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for verdict in verdicts:
        suite = ET.SubElement(suites, "testsuite", name=verdict.file)
        properties = ET.SubElement(suite, "properties")
        for name, text in (("pack", verdict.pack), ("sha256", verdict.sha256), ("fail_on", verdict.fail_on)):
            ET.SubElement(properties, "property", name=name, value=text)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for finding in verdict.findings:
            counts["tests"] += 1
            outcome = _junit_case(suite, verdict, finding, lang)
            if outcome:
                counts[outcome] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _junit_case(suite: ET.Element, verdict: Verdict, finding: Finding, lang: str) -> str:
    located = place(finding, lang) or word("whole_document", lang)
    case = ET.SubElement(
        suite,
        "testcase",
        classname=f"{verdict.pack}.{finding.rule}",
        name=f"{finding.rule} {finding.title} @ {located}",
    )
    case.set("file", verdict.file)
    excerpt = finding.where.text if finding.where else ""
    body = f"{finding.message}\n{located}：{excerpt}" if excerpt else finding.message
    label = f"{status_label(finding.status, lang)}/{severity_label(finding.severity, lang)}"
    if finding.suppressed:
        ET.SubElement(case, "skipped", message=word("suppressed", lang, reason=finding.suppressed_reason))
        return "skipped"
    if finding.status == "not-applicable":
        ET.SubElement(case, "skipped", message=finding.message)
        return "skipped"
    if counts_against(finding, verdict.fail_on, verdict.strict):
        tag = "error" if finding.status == "error" else "failure"
        element = ET.SubElement(case, tag, type=finding.severity, message=f"{label}：{finding.message}")
        element.text = body
        return "errors" if tag == "error" else "failures"
    if finding.status != "pass":
        ET.SubElement(case, "system-out").text = f"{label}：{body}"
    return ""


_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(verdicts: Sequence[Verdict], lang: str = "zh") -> str:
    lines = []
    for verdict in verdicts:
        path = _relative(verdict.file)
        for finding in problems(verdict):
            level = _GITHUB_LEVELS[finding.severity] if finding.status == "fail" else "notice"
            properties = [f"file={_escape_property(path)}"]
            where = finding.where
            if where is not None and where.location.line is not None and where.location.page is None:
                properties.append(f"line={where.location.line}")
            title = f"{finding.rule} {finding.title}".strip()
            properties.append(f"title={_escape_property(title)}")
            message = finding.message
            if finding.status != "fail":
                message = f"{status_label(finding.status, lang)}：{message}"
            located = place(finding, lang)
            if located:
                message = f"{message}（{located}）" if lang != "en" else f"{message} ({located})"
            lines.append(f"::{level} {','.join(properties)}::{_escape_data(message)}")
    return "".join(f"{line}\n" for line in lines)


def _relative(path: str) -> str:
    """Annotations name files relative to the workspace, which is where the workflow runs perfcheck."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def _escape_data(text: str) -> str:
    # GitHub's workflow-command encoding (actions/toolkit, command.ts): %, CR and LF in the message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_format(
    name: str, verdicts: Sequence[Verdict], rules: Mapping[str, Any] | None = None, lang: str = "zh"
) -> str:
    """The text of format ``name`` (concise, junit, sarif, github) for all verdicts of a run."""
    if name == "sarif":
        from perfcheck.report.sarif import render_sarif

        return render_sarif(verdicts, rules, lang)
    renderers = {"concise": render_concise, "junit": render_junit, "github": render_github}
    return renderers[name](verdicts, lang)
