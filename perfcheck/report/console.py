"""The coloured table a finance officer reads, and the outline tree. The only module that imports rich.

Findings are grouped by the top-level section they are about, in reading order; the summary line
counts them and says whether the report is ready. When stdout is not a terminal rich drops the
colours, so the same output reads cleanly in a log or a pipe.
"""

from __future__ import annotations

import os
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from perfcheck.i18n import describe_location, severity_label, status_label, word
from perfcheck.model import Document, Finding, Section, Verdict

STATUS_LABELS = {
    "pass": ("通过", "green"),
    "fail": ("不通过", "bold red"),
    "unresolved": ("无法判定", "yellow"),
    "not-applicable": ("不适用", "dim"),
    "error": ("规则出错", "bold magenta"),
}
SEVERITY_LABELS = {"error": ("错误", "red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}


def make_console(stream: TextIO | None = None) -> Console:
    console = Console(file=stream, highlight=False, soft_wrap=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        # A pipe or a file has no width; 80 columns squeezes Chinese messages into slivers.
        console.width = 140
    return console


def render_verdict(verdict: Verdict, console: Console, *, show_pass: bool = True, lang: str = "zh") -> None:
    console.print(Text(f"{verdict.title or verdict.file}", style="bold"))
    line = word("file_line", lang, file=verdict.file, pack=verdict.pack, reason=verdict.pack_reason)
    console.print(Text(line, style="dim"))
    shown = [f for f in verdict.findings if show_pass or f.status != "pass"]
    if shown:
        table = Table(show_lines=False, expand=True, header_style="bold")
        table.add_column(word("header.status", lang), no_wrap=True)
        table.add_column(word("header.severity", lang), no_wrap=True)
        table.add_column(word("header.rule", lang), no_wrap=True)
        table.add_column(word("header.message", lang), ratio=3)
        table.add_column(word("header.place", lang), ratio=2)
        for number, (section, group) in enumerate(groupby(shown, key=lambda f: _section_of(f, lang))):
            if number:
                table.add_section()
            table.add_row("", "", "", Text(section, style="bold blue"), "")
            for finding in group:
                table.add_row(*_row(finding, lang))
        console.print(table)
    console.print(summary_line(verdict, lang))


def _section_of(finding: Finding, lang: str = "zh") -> str:
    return (finding.where.section if finding.where else "") or word("no_section", lang)


def _row(finding: Finding, lang: str = "zh") -> tuple[Text, Text, Text, Text, Text]:
    status_style = STATUS_LABELS[finding.status][1]
    severity_style = SEVERITY_LABELS[finding.severity][1]
    # A waived finding is still shown, dimmed, with its reason: accepted, not hidden.
    dim = finding.status in ("pass", "not-applicable") or finding.suppressed
    where = finding.where
    if where is None or where.block is None:
        place = word("whole_document", lang)
    else:
        located = describe_location(where.location, lang)
        place = f"{located}　“{where.text}”" if where.text else located
    message = finding.message
    if finding.suppressed:
        message = f"{message}（{word('suppressed', lang, reason=finding.suppressed_reason)}）"
    return (
        Text(status_label(finding.status, lang), style="dim" if finding.suppressed else status_style),
        Text(severity_label(finding.severity, lang), style="dim" if dim else severity_style),
        Text(finding.rule, style="dim" if dim else ""),
        Text(message, style="dim" if dim else "", overflow="fold"),
        Text(place, style="dim", overflow="fold"),
    )


def summary_line(verdict: Verdict, lang: str = "zh") -> Text:
    counts = {s: verdict.count(s) for s in STATUS_LABELS}  # type: ignore[arg-type]
    failures = word("summary.sep", lang).join(
        f"{severity_label(s, lang)} {verdict.failures(s)}" for s in ("error", "warning", "info") if verdict.failures(s)
    )
    text = Text(word("summary.head", lang, total=len(verdict.findings)))
    text.append(word("summary.pass", lang, n=counts["pass"]), style="green")
    text.append(word("summary.sep", lang))
    failed = word("summary.fail", lang, n=counts["fail"])
    if failures:
        failed += word("summary.failures", lang, items=failures)
    text.append(failed, style="red" if counts["fail"] else "")
    text.append(
        word("summary.unresolved", lang, n=counts["unresolved"]), style="yellow" if counts["unresolved"] else ""
    )
    text.append(word("summary.not-applicable", lang, n=counts["not-applicable"]))
    if counts["error"]:
        text.append(word("summary.error", lang, n=counts["error"]), style="magenta")
    if verdict.suppressed:
        text.append(word("summary.suppressed", lang, n=verdict.suppressed), style="dim")
    level = severity_label(verdict.fail_on, lang)
    if verdict.verdict == "fail":
        text.append(word("summary.failed", lang, level=level), style="bold red")
    else:
        text.append(word("summary.passed", lang, level=level), style="bold green")
    return text


def render_outline(document: Document, console: Console) -> None:
    """The section tree with its numbers: a rich tree on a terminal, indented plain text otherwise."""
    if console.is_terminal:
        tree = Tree(Text(document.title or document.path, style="bold"))
        _add_branches(tree, document.outline)
        console.print(tree)
        return
    console.print(document.title or document.path)
    for section in document.sections():
        console.print("  " * section.level + section.label, markup=False)


def _add_branches(tree: Tree, sections: tuple[Section, ...]) -> None:
    for section in sections:
        _add_branches(tree.add(Text(section.label)), section.children)
