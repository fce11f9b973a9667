"""A batch on the terminal: the progress bar while it runs, then the summary (rich).

The summary lists every report worst first (failing reports with the most errors on top), a totals
line, the rules most reports fail (which mistakes are common this year) and the reports whose text is
nearly identical to another's. The progress bar is drawn only on a terminal and never refreshes from a
background thread: workers are forked, and a fork while another thread holds a lock is unsafe.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from perfcheck.batch import BatchReport, ReportRow
from perfcheck.report.batch_tables import (
    SUMMARY_HEADER,
    rule_failure_rows,
    similar_message,
    summary_rows,
    totals_line,
)

_VERDICT_STYLES = {"通过": "green", "未通过": "bold red"}  # the rest (could not read or check): yellow
_SHOWN_COMMON_RULES = 10


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

    def started(self, index: int, path: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=Path(path).name)
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


def render_batch_summary(report: BatchReport, console: Console) -> None:
    root = common_folder([row.file for row in report.rows.values()])
    table = Table(header_style="bold", title=f"批量检查结果（最差的在前）　文件夹：{root}", title_justify="left")
    for name in SUMMARY_HEADER[1:]:
        short = name in ("错误", "警告", "提示", "无法判定", "结论", "年度")
        table.add_column(name, justify="right" if short and name != "结论" else "left", overflow="fold", no_wrap=short)
    for values in summary_rows(report, worst=True):
        shown = [os.path.relpath(os.path.abspath(values[1]), root) if root else values[1], *values[2:]]
        cells = [Text("" if v is None else str(v)) for v in shown]
        verdict = cells[SUMMARY_HEADER.index("结论") - 1]
        verdict.stylize(_VERDICT_STYLES.get(verdict.plain, "yellow"))
        table.add_row(*cells)
    console.print(table)
    style = "bold red" if report.exit_code() == 1 else ("bold yellow" if report.exit_code() else "bold green")
    console.print(Text(totals_line(report), style=style))
    common = rule_failure_rows(report)
    if common:
        rules = Table(header_style="bold", title="常见问题（未通过该规则的报告数）", title_justify="left")
        for name in ("规则", "规则名称", "报告数", "占比"):
            rules.add_column(name, justify="right" if name in ("报告数", "占比") else "left")
        for rule, title, count, share in common[:_SHOWN_COMMON_RULES]:
            rules.add_row(rule, title, str(count), share)
        console.print(rules)
    if report.similar:
        console.print(Text("正文高度相似的报告（提示）：", style="bold"))
        for pair in report.similar:
            first = report.rows[pair.first].file
            console.print(Text(f"  {first}：{similar_message(report.rows[pair.second].file, pair.similarity)}"))
