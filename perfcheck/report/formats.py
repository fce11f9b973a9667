"""Verdicts for other programs, one text per run (all files together): ``concise``, ``junit``, ``github``.

- ``concise``: ``file:LINE:COL: severity RULE message（place）``, one line per problem (fail, unresolved,
  rule error), waived ones left out — the shape of a compiler's message, so the problem matchers of vim
  (``errorformat``), Emacs (compilation mode) and VS Code jump to it. LINE is the line of a text file,
  the paragraph number of a .docx (Word's status bar and "Go to" count paragraphs from 1) or the page of
  a .pdf; for a table cell in a .docx, the paragraph number of the table's first cell is not known, so
  LINE is 1 and the place (表2第3行第4列) follows the message. COL is 1: a column inside a paragraph
  means nothing to Word. ``severity`` is ``error``/``warning``/``info`` as matchers expect.
- ``junit``: one ``<testsuite>`` per report, one ``<testcase>`` per finding, named rule + place + ordinal
  so that no two cases share a name. What counts towards the exit code is a ``<failure>`` (or
  ``<error>`` for a broken rule under ``--strict``), so a CI server shows red exactly when perfcheck
  exits 1 (under ``--fail-on warning`` a warning is a failure); a problem below ``--fail-on`` is
  ``<skipped>`` with its message, never a green test; waived and not-applicable findings are
  ``<skipped>`` with the reason.
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
from perfcheck.report.printable import printable

PROBLEMS = ("fail", "unresolved", "error")


def problems(verdict: Verdict) -> list[Finding]:
    """The findings a reader must look at: failing, unresolved or broken, not waived."""
    return [f for f in verdict.findings if f.status in PROBLEMS and not f.suppressed]


def place(finding: Finding, lang: str = "zh") -> str:
    where = finding.where
    if where is None or where.block is None:
        return ""
    return describe_location(where.location, lang)


def concise_line_number(finding: Finding) -> int:
    """The number an editor jumps to: text line, .docx paragraph or .pdf page (1 when there is none)."""
    where = finding.where
    if where is None or where.block is None:
        return 1
    location = where.location
    if location.page is not None:
        return location.page
    if location.line is not None:
        return location.line
    if location.paragraph is not None and location.table is None:
        return location.paragraph + 1
    return 1


def render_concise(verdicts: Sequence[Verdict], lang: str = "zh") -> str:
    lines = []
    for verdict in verdicts:
        for finding in problems(verdict):
            located = place(finding, lang)
            message = printable(finding.message)
            if finding.status != "fail":
                message = f"{status_label(finding.status, lang)}：{message}"
            if located:
                message = f"{message}（{located}）" if lang != "en" else f"{message} ({located})"
            head = f"{printable(verdict.file)}:{concise_line_number(finding)}:1:"
            lines.append(f"{head} {finding.severity} {finding.rule} {message}")
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
        seen: dict[str, int] = {}
        for finding in verdict.findings:
            counts["tests"] += 1
            outcome = _junit_case(suite, verdict, finding, lang, seen)
            if outcome:
                counts[outcome] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _junit_case(suite: ET.Element, verdict: Verdict, finding: Finding, lang: str, seen: dict[str, int]) -> str:
    located = place(finding, lang) or word("whole_document", lang)
    name = f"{finding.rule} {finding.title} @ {located}"
    seen[name] = seen.get(name, 0) + 1  # the same rule twice in one paragraph: #1, #2 keep the names unique
    case = ET.SubElement(
        suite,
        "testcase",
        classname=f"{verdict.pack}.{finding.rule}",
        name=f"{name} #{seen[name]}",
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
    if finding.status != "pass":  # a problem below --fail-on: skipped with its message, never a green test
        level = severity_label(verdict.fail_on, lang)
        ET.SubElement(case, "skipped", message=f"{label}：{finding.message}（低于 --fail-on {level}）").text = body
        return "skipped"
    return ""


_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(verdicts: Sequence[Verdict], lang: str = "zh") -> str:
    lines = []
    for verdict in verdicts:
        path = printable(_relative(verdict.file))
        for finding in problems(verdict):
            level = _GITHUB_LEVELS[finding.severity] if finding.status == "fail" else "notice"
            properties = [f"file={_escape_property(path)}"]
            where = finding.where
            if where is not None and where.location.line is not None and where.location.page is None:
                properties.append(f"line={where.location.line}")
            title = printable(f"{finding.rule} {finding.title}".strip())
            properties.append(f"title={_escape_property(title)}")
            message = printable(finding.message)
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
