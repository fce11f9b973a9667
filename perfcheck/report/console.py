"""What a finance officer reads on the terminal, and the outline tree. With wrap.py, the only modules that import rich.

The default view (:func:`render_problems`) answers the officer's question in the order it is asked:
the verdict and the counts first, then the problems only — errors, then warnings, then info, each with
its place and the words it is about — and one line each for what passed, what did not apply and what
was waived, saying how to list them. ``--all`` prints every check as a table (:func:`render_verdict`);
``-q`` only the verdict line (:func:`verdict_line`). Every piece of report text passes through
:func:`~perfcheck.report.printable.printable` first, and lines are wrapped by display width between
numbers and words (:mod:`perfcheck.report.wrap`), never inside ``100%`` or ``2261.18万元``. When stdout is
not a terminal rich drops the colours, so the same output reads cleanly in a log or a pipe.
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
from perfcheck.model import SEVERITY_RANK, Document, Finding, Section, Verdict
from perfcheck.report.printable import printable
from perfcheck.report.wrap import Wrapped, wrap

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


# The hanging indent of a problem's continuation lines and its quotation.
_INDENT = 4


def short_path(path: str) -> str:
    """The path relative to the working folder when it is inside it (what the user typed, usually)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def verdict_line(verdict: Verdict, lang: str = "zh", *, with_file: bool = True) -> Text:
    """One line: ready or not, the count of problems of each severity, the file (what ``-q`` prints)."""
    counts = word("summary.sep", lang).join(
        f"{severity_label(s, lang)} {verdict.failures(s)}" for s in ("error", "warning", "info") if verdict.failures(s)
    )
    failed = verdict.verdict == "fail"
    text = Text(word("verdict.head", lang))
    text.append(word("verdict.fail" if failed else "verdict.pass", lang), style="bold red" if failed else "bold green")
    text.append(word("verdict.counts", lang, counts=counts or word("verdict.none", lang)))
    unresolved = sum(1 for f in verdict.findings if f.status in ("unresolved", "error") and not f.suppressed)
    if unresolved:
        text.append(word("verdict.unresolved", lang, n=unresolved), style="yellow")
    if with_file:
        text.append(word("verdict.file", lang, file=printable(short_path(verdict.file))), style="dim")
    else:
        text.append(word("verdict.rule", lang, level=severity_label(verdict.fail_on, lang)), style="dim")
    return text


def problem_groups(verdict: Verdict, show: str = "info") -> list[tuple[str, list[Finding]]]:
    """The problems to list, in the order an officer fixes them: failing errors, warnings, info, then the
    unresolved (to check by hand) and the broken rules; each group in document order. ``show`` is the
    lowest severity listed."""
    floor = SEVERITY_RANK[show]
    listed = [f for f in verdict.findings if not f.suppressed and SEVERITY_RANK[f.severity] >= floor]
    groups: list[tuple[str, list[Finding]]] = []
    for severity in ("error", "warning", "info"):
        groups.append((severity, [f for f in listed if f.status == "fail" and f.severity == severity]))
    groups.append(("unresolved", [f for f in listed if f.status == "unresolved"]))
    groups.append(("rule-error", [f for f in listed if f.status == "error"]))
    return [(name, sorted(found, key=_reading_order)) for name, found in groups if found]


def _reading_order(finding: Finding) -> tuple[int, int]:
    block = finding.where.block if finding.where else None
    return (0, 0) if block is None else (1, block)


def render_problems(verdict: Verdict, console: Console, *, show: str = "info", lang: str = "zh") -> None:
    """The default view of one report: verdict, the problems worst first, one line for each of the rest."""
    width = console.width
    console.print(Text(printable(verdict.title or verdict.file), style="bold"), no_wrap=True, crop=False)
    console.print(verdict_line(verdict, lang, with_file=False), overflow="fold")
    pack = word("pack_line", lang, file=printable(short_path(verdict.file)), pack=verdict.pack)
    _print_wrapped(console, pack, width, 0, style="dim")
    for name, found in problem_groups(verdict, show):
        console.print()
        heading = word(f"group.{name}", lang, n=len(found))
        console.print(Text(heading, style=_GROUP_STYLES[name]))
        for run in _runs(found, lang):
            _print_run(console, run, width, lang, name in ("unresolved", "rule-error"))
    console.print()
    for line in rest_lines(verdict, show, lang):
        _print_wrapped(console, line, width, 0, style="dim")


_GROUP_STYLES = {
    "error": "bold red",
    "warning": "bold yellow",
    "info": "bold cyan",
    "unresolved": "bold yellow",
    "rule-error": "bold magenta",
}


# Three or more findings of one rule at one place (seven 预计 figures in one paragraph) are listed under
# one head line, one message a line: the repeated "CM-EST-01 第30段：" would otherwise cost a line each.
_RUN_LENGTH = 3


def _runs(found: list[Finding], lang: str) -> list[list[Finding]]:
    runs: list[list[Finding]] = []
    for _key, group in groupby(found, key=lambda f: (f.rule, _place(f, lang))):
        items = list(group)
        runs.extend([items] if len(items) >= _RUN_LENGTH else [[item] for item in items])
    return runs


def _print_run(console: Console, run: list[Finding], width: int, lang: str, with_severity: bool) -> None:
    finding = run[0]
    located = _place(finding, lang)
    head = (
        finding.rule + word("severity_tag", lang, level=severity_label(finding.severity, lang))
        if with_severity
        else finding.rule
    )
    if len(run) == 1:
        text = f"{head} {located}{word('place_sep', lang)}{printable(finding.message)}"
    else:
        text = f"{head} {located}" + word("run", lang, n=len(run))
    lines = wrap(text, width, _INDENT, 2)
    first = Text(lines[0])
    first.stylize("bold", 2, 2 + len(finding.rule))
    console.print(first, no_wrap=True, crop=False)
    for line in lines[1:]:
        console.print(Text(line), no_wrap=True, crop=False)
    for item in run:
        if len(run) > 1:
            _print_wrapped(console, printable(item.message), width, _INDENT + 2, _INDENT)
        quote = _quote(item)
        if quote:
            _print_wrapped(console, word("quote", lang, text=quote), width, _INDENT + 2, _INDENT, style="dim")


def _place(finding: Finding, lang: str) -> str:
    where = finding.where
    if where is None or where.block is None:
        return word("whole_document", lang)
    return describe_location(where.location, lang) or word("whole_document", lang)


def _quote(finding: Finding) -> str:
    """The excerpt, unless the message already quotes what it is about (then it would say it twice)."""
    where = finding.where
    if where is None or where.block is None or not where.text:
        return ""
    core = (where.phrase or where.text).strip("…").strip()
    if core and core in finding.message:
        return ""
    return printable(where.text)


def rest_lines(verdict: Verdict, show: str, lang: str = "zh") -> list[str]:
    """One line each for what is not listed: passed, not applicable, waived, below ``--show``."""
    lines = [word("rest.pass", lang, n=verdict.count("pass"))]
    not_applicable = verdict.count("not-applicable")
    if not_applicable:
        lines.append(word("rest.not-applicable", lang, n=not_applicable))
    if verdict.suppressed:
        lines.append(word("rest.suppressed", lang, n=verdict.suppressed))
    floor = SEVERITY_RANK[show]
    hidden = [
        f
        for f in verdict.findings
        if f.status in ("fail", "unresolved", "error") and not f.suppressed and SEVERITY_RANK[f.severity] < floor
    ]
    if hidden:
        levels = sorted({f.severity for f in hidden}, key=lambda s: -SEVERITY_RANK[s])
        lowest = levels[-1]
        lines.append(word("rest.hidden", lang, n=len(hidden), level=severity_label(lowest, lang), show=lowest))
    return lines


def _print_wrapped(
    console: Console, text: str, width: int, indent: int, first_indent: int | None = None, style: str = ""
) -> None:
    for line in wrap(text, width, indent, first_indent):
        console.print(Text(line, style=style), no_wrap=True, crop=False)


def render_one(verdict: Verdict, console: Console, *, mode: str, show: str, first: bool, lang: str = "zh") -> None:
    """One report in the view ``mode`` chose: ``quiet`` (the verdict line), ``all`` (every check as a
    table) or ``problems`` (the default: verdict, then the problems worst first); a blank line between reports."""
    if mode == "quiet":
        console.print(verdict_line(verdict, lang), overflow="fold")
        return
    if not first:
        console.print()
    if mode == "all":
        render_verdict(verdict, console, show_pass=True, lang=lang)
    else:
        render_problems(verdict, console, show=show, lang=lang)


def render_verdict(verdict: Verdict, console: Console, *, show_pass: bool = True, lang: str = "zh") -> None:
    """Every check as a table grouped by section (``--all``): what the officer sees to audit the checks."""
    console.print(Text(printable(f"{verdict.title or verdict.file}"), style="bold"))
    line = word("file_line", lang, file=printable(verdict.file), pack=verdict.pack, reason=verdict.pack_reason)
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
            table.add_row("", "", "", Wrapped(section, style="bold blue"), "")
            for finding in group:
                table.add_row(*_row(finding, lang))
        console.print(table)
    console.print(summary_line(verdict, lang))


def _section_of(finding: Finding, lang: str = "zh") -> str:
    return printable(finding.where.section if finding.where else "") or word("no_section", lang)


def _row(finding: Finding, lang: str = "zh") -> tuple[Text, Text, Text, Wrapped, Wrapped]:
    status_style = STATUS_LABELS[finding.status][1]
    severity_style = SEVERITY_LABELS[finding.severity][1]
    problem = finding.status in ("fail", "unresolved", "error")
    # A waived finding is still shown, dimmed, with its reason: accepted, not hidden.
    dim = finding.status in ("pass", "not-applicable") or finding.suppressed
    where = finding.where
    if where is None or where.block is None:
        place = word("whole_document", lang)
    else:
        located = describe_location(where.location, lang)
        place = f"{located}　“{printable(where.text)}”" if where.text else located
    message = printable(finding.message)
    if finding.suppressed:
        message = f"{message}（{word('suppressed', lang, reason=printable(finding.suppressed_reason))}）"
    return (
        Text(status_label(finding.status, lang), style="dim" if finding.suppressed else status_style),
        # Severity only on problems: "通过 │ 错误" reads as "there is an error".
        Text(severity_label(finding.severity, lang) if problem else "", style="dim" if dim else severity_style),
        Text(finding.rule, style="dim" if dim else ""),
        Wrapped(message, style="dim" if dim else ""),
        Wrapped(place, style="dim"),
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
        tree = Tree(Text(printable(document.title or document.path), style="bold"))
        _add_branches(tree, document.outline)
        console.print(tree)
        return
    console.print(Text(printable(document.title or document.path)))
    for section in document.sections():
        console.print("  " * section.level + printable(section.label), markup=False)


def _add_branches(tree: Tree, sections: tuple[Section, ...]) -> None:
    for section in sections:
        _add_branches(tree.add(Text(printable(section.label))), section.children)
