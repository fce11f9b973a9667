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

from perfcheck.model import Document, Finding, Section, Verdict

STATUS_LABELS = {
    "pass": ("通过", "green"),
    "fail": ("不通过", "bold red"),
    "unresolved": ("无法判定", "yellow"),
    "not-applicable": ("不适用", "dim"),
    "error": ("规则出错", "bold magenta"),
}
SEVERITY_LABELS = {"error": ("错误", "red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}
_NO_SECTION = "（全文）"


def make_console(stream: TextIO | None = None) -> Console:
    console = Console(file=stream, highlight=False, soft_wrap=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        # A pipe or a file has no width; 80 columns squeezes Chinese messages into slivers.
        console.width = 140
    return console


def render_verdict(verdict: Verdict, console: Console, *, show_pass: bool = True) -> None:
    console.print(Text(f"{verdict.title or verdict.file}", style="bold"))
    console.print(Text(f"文件：{verdict.file}　规则包：{verdict.pack}（{verdict.pack_reason}）", style="dim"))
    shown = [f for f in verdict.findings if show_pass or f.status != "pass"]
    if shown:
        table = Table(show_lines=False, expand=True, header_style="bold")
        table.add_column("状态", no_wrap=True)
        table.add_column("级别", no_wrap=True)
        table.add_column("规则", no_wrap=True)
        table.add_column("说明", ratio=3)
        table.add_column("位置与原文", ratio=2)
        for number, (section, group) in enumerate(groupby(shown, key=_section_of)):
            if number:
                table.add_section()
            table.add_row("", "", "", Text(section, style="bold blue"), "")
            for finding in group:
                table.add_row(*_row(finding))
        console.print(table)
    console.print(summary_line(verdict))


def _section_of(finding: Finding) -> str:
    return (finding.where.section if finding.where else "") or _NO_SECTION


def _row(finding: Finding) -> tuple[Text, Text, Text, Text, Text]:
    status, status_style = STATUS_LABELS[finding.status]
    severity, severity_style = SEVERITY_LABELS[finding.severity]
    dim = finding.status in ("pass", "not-applicable")
    where = finding.where
    if where is None or where.block is None:
        place = "全文"
    else:
        place = f"{where.location.describe()}　“{where.text}”" if where.text else where.location.describe()
    return (
        Text(status, style=status_style),
        Text(severity, style="dim" if dim else severity_style),
        Text(finding.rule, style="dim" if dim else ""),
        Text(finding.message, style="dim" if dim else "", overflow="fold"),
        Text(place, style="dim", overflow="fold"),
    )


def summary_line(verdict: Verdict) -> Text:
    counts = {s: verdict.count(s) for s in STATUS_LABELS}  # type: ignore[arg-type]
    failures = "，".join(
        f"{SEVERITY_LABELS[s][0]} {verdict.failures(s)}" for s in ("error", "warning", "info") if verdict.failures(s)
    )
    text = Text(f"共 {len(verdict.findings)} 项检查：")
    text.append(f"通过 {counts['pass']}", style="green")
    text.append("，")
    text.append(
        f"不通过 {counts['fail']}" + (f"（{failures}）" if failures else ""), style="red" if counts["fail"] else ""
    )
    text.append(f"，无法判定 {counts['unresolved']}", style="yellow" if counts["unresolved"] else "")
    text.append(f"，不适用 {counts['not-applicable']}")
    if counts["error"]:
        text.append(f"，规则出错 {counts['error']}", style="magenta")
    level = SEVERITY_LABELS[verdict.fail_on][0]
    if verdict.verdict == "fail":
        text.append(f"。结论：未通过（存在“{level}”及以上级别的问题）", style="bold red")
    else:
        text.append(f"。结论：通过（无“{level}”及以上级别的问题）", style="bold green")
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
