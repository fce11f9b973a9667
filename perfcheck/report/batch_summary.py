"""A batch on the terminal: the progress bar while it runs, then the summary (rich).

The summary lists the reports that need work, worst first (failing reports with the most errors on
top, then those that could not be read or checked), one line each, and counts the passing ones (all of
them with ``--all``); then a totals line, the rules most reports fail (which mistakes are common this
year) and the reports whose text is nearly identical to another's. The progress bar (count, elapsed
time, time left) is drawn only on a terminal, is cleared before the summary, and never refreshes from a
background thread: workers are forked, and a fork while another thread holds a lock is unsafe.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from perfcheck.batch import BatchReport, ReportRow, worst_first
from perfcheck.model import Excerpt, Finding, Location, Verdict
from perfcheck.report.batch_tables import (
    VERDICT_LABELS,
    pack_label,
    rule_failure_rows,
    similar_message,
    similar_partners,
    totals_line,
)
from perfcheck.report.printable import printable

_VERDICT_STYLES = {"通过": "green", "未通过": "bold red"}  # the rest (could not read or check): yellow
_SHOWN_COMMON_RULES = 10
_SHOWN_SIMILAR_PAIRS = 10


class BatchProgress:
    """Count, current file and elapsed time; a no-op when ``enabled`` is false (a pipe, ``--quiet``)."""

    def __init__(self, console: Console, total: int, enabled: bool) -> None:
        self._progress: Progress | None = None
        if enabled and console.is_terminal:
            self._progress = Progress(
                TextColumn("检查中"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("剩余"),
                TimeRemainingColumn(),
                TextColumn("{task.description}", style="dim"),
                console=console,
                auto_refresh=False,
                transient=True,
            )
            self._task = self._progress.add_task("", total=total)

    def __enter__(self) -> BatchProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def clear(self) -> None:
        """Take the bar off the screen before anything else is printed (nothing is glued to it)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def started(self, index: int, path: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=printable(Path(path).name))
            self._progress.refresh()

    def finished(self, row: ReportRow, line: bytes) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)
            self._progress.refresh()


def common_folder(files: list[str]) -> str:
    """The folder all the files share, shown once above the table so each row names only its own part."""
    try:
        return os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files]) if files else ""
    except ValueError:  # different drives on Windows
        return ""


def render_batch_verdict(report: BatchReport, console: Console) -> None:
    """``-q``: the batch's verdict line only (the totals)."""
    style = "bold red" if report.exit_code() == 1 else ("bold yellow" if report.exit_code() else "bold green")
    console.print(Text(totals_line(report), style=style))


def short_name(path: str, root: str) -> str:
    """The file relative to the batch's common folder (or to the working folder when that is shorter)."""
    names = [path]
    for base in (root, os.getcwd()):
        if base:
            with contextlib.suppress(ValueError):  # another drive on Windows
                names.append(os.path.relpath(os.path.abspath(path), base))
    return printable(min((n for n in names if not n.startswith("..")), key=len, default=path))


def render_batch_summary(report: BatchReport, console: Console, *, show_all: bool = False) -> None:
    """Reports that need work, worst first, one line each (``show_all``: every report), then the totals."""
    rows = worst_first(list(report.rows.values()))
    root = common_folder([row.file for row in rows])
    packs = {pack_label(report, row) for row in rows if row.pack}
    listed = rows if show_all else [row for row in rows if row.status != "pass"]
    title = f"批量检查结果（需处理的在前）　文件夹：{printable(short_name(root, '') if root else '')}"
    if len(packs) == 1:  # one report type for all: said once here, not on every line
        title += f"　报告类型：{printable(packs.pop())}"
    if listed:
        table = Table(header_style="bold", title=title, title_justify="left", expand=False)
        # One line per report: the verdict and the counts keep their width, the file and the note share
        # the rest (cut with "…"), so a cell never wraps onto a second line.
        names = [short_name(row.file, root) for row in listed]
        fixed = {"结论": 8, "错误": 4, "警告": 4, "提示": 4, "无法判定": 8, **({"报告类型": 12} if packs else {})}
        columns = len(fixed) + 2
        room = console.width - sum(fixed.values()) - 3 * columns - 1
        file_width = max(8, min(max(cell_len(n) for n in names), 44, room - 12))
        note_width = max(6, room - file_width)
        table.add_column("文件", no_wrap=True, overflow="ellipsis", width=file_width)
        for name, width in fixed.items():
            right = name not in ("结论", "报告类型")
            table.add_column(name, justify="right" if right else "left", no_wrap=True, overflow="ellipsis", width=width)
        table.add_column("说明", no_wrap=True, overflow="ellipsis", width=note_width)
        partners = similar_partners(report)
        for row in listed:
            table.add_row(*_summary_cells(report, row, root, partners, bool(packs)))
        console.print(table)
    else:
        console.print(Text(title, style="bold"))
    passing = sum(row.status == "pass" for row in rows)
    if passing and not show_all:
        console.print(Text(f"另有 {passing} 份通过（加 --all 全部列出）", style="dim"))
    style = "bold red" if report.exit_code() == 1 else ("bold yellow" if report.exit_code() else "bold green")
    console.print(Text(totals_line(report), style=style))
    common = rule_failure_rows(report)
    if common:
        rules = Table(header_style="bold", title="常见问题（未通过该规则的报告数）", title_justify="left")
        for name in ("规则", "规则名称", "报告数", "占比"):
            rules.add_column(name, justify="right" if name in ("报告数", "占比") else "left")
        for rule, title_, count, share in common[:_SHOWN_COMMON_RULES]:
            rules.add_row(rule, printable(title_), str(count), share)
        console.print(rules)
    if report.similar:
        console.print(Text(f"正文高度相似的报告（提示，共 {len(report.similar)} 对）：", style="bold"))
        for pair in report.similar[:_SHOWN_SIMILAR_PAIRS]:
            first = short_name(report.rows[pair.first].file, root)
            second = short_name(report.rows[pair.second].file, root)
            console.print(Text(f"  {first}：{printable(similar_message(second, pair.similarity))}"))
        if len(report.similar) > _SHOWN_SIMILAR_PAIRS:
            rest = len(report.similar) - _SHOWN_SIMILAR_PAIRS
            console.print(
                Text(
                    f"  另有 {rest} 对未列出（--xlsx 的“高度相似”表或 --html-dir 的 index.html 列出全部）", style="dim"
                )
            )


def _summary_cells(
    report: BatchReport, row: ReportRow, root: str, partners: dict[int, tuple[int, float]], with_pack: bool
) -> list[Text]:
    verdict = VERDICT_LABELS.get(row.status, row.status)
    partner = partners.get(row.index)
    note = row.problem
    if partner and not note:
        note = f"与 {short_name(report.rows[partner[0]].file, root)} 相似（{partner[1]:.0%}）"
    counts = [str(n) if row.readable else "" for n in (row.errors, row.warnings, row.infos, row.unresolved)]
    cells = [
        Text(short_name(row.file, root)),
        Text(verdict, style=_VERDICT_STYLES.get(verdict, "yellow")),
        *(Text(c) for c in counts),
    ]
    if with_pack:
        cells.append(Text(printable(pack_label(report, row))))
    cells.append(Text(printable(note), style="dim"))
    for cell in cells:
        cell.no_wrap, cell.overflow = True, "ellipsis"
    return cells


def verdict_from_entry(entry: dict[str, Any]) -> Verdict | None:
    """A batch entry's verdict (JSON, as the worker sent it) as a :class:`Verdict` for the one-report view."""
    data = entry.get("verdict")
    if not data:
        return None
    findings = []
    for item in data["findings"]:
        place = item.get("location") or {}
        fields = {k: place.get(k) for k in ("page", "paragraph", "line", "table", "row", "column")}
        where = Excerpt(
            block=place.get("block"),
            text=place.get("excerpt", ""),
            location=Location(**fields),
            section=place.get("section", ""),
        )
        findings.append(
            Finding(
                rule=item["rule"],
                status=item["status"],
                severity=item["severity"],
                message=item["message"],
                title=item.get("title", ""),
                where=where,
                evidence=item.get("evidence", {}),
                suppressed=item.get("suppressed", False),
                suppressed_reason=item.get("suppressed_reason", ""),
            )
        )
    settings = data.get("settings", {})
    return Verdict(
        file=data["file"],
        sha256=data["sha256"],
        pack=data["pack"],
        pack_reason=data.get("pack_reason", ""),
        ruleset_sha256=data.get("ruleset_sha256", ""),
        title=data.get("title", ""),
        findings=tuple(findings),
        verdict=data["verdict"],
        fail_on=settings.get("fail_on", "error"),
        strict=settings.get("strict", False),
    )


def render_each(report: BatchReport, console: Console, *, mode: str, show: str, show_all: bool, lang: str) -> None:
    """``perfcheck a.docx b.docx``: each report's own view in the order given (``mode`` problems | all |
    quiet), then — unless quiet — the batch summary."""
    from perfcheck.report.console import render_one

    for number, entry in enumerate(report.entries()):
        verdict = verdict_from_entry(entry)
        if verdict is None:
            line = f"{short_name(entry['file'], '')}：{entry.get('problem', '')}"
            console.print(Text(printable(line), style="yellow"))
            continue
        render_one(verdict, console, mode=mode, show=show, first=number == 0, lang=lang)
    if mode != "quiet":
        console.print()
        render_batch_summary(report, console, show_all=show_all)
