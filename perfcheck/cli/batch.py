"""``perfcheck batch PATH…`` (also ``perfcheck a.docx b.pdf dir/``): every report in parallel, one summary.

Exit codes (README, 批量检查): 1 if any report fails, else 3 if any file could not be read or checked,
else 0; 2 for a usage or rule-file error before any work; 130 after Ctrl-C (the outputs are still
written, from what finished, and marked incomplete).

Every output file is written under a temporary name beside it and renamed when complete, so an
interrupted run never leaves half a file and an existing output is only ever replaced by a whole one.
``--jsonl FILE`` grows ``FILE.partial`` line by line as reports finish (follow it with ``tail -f``); the
finished FILE holds the same lines in input order.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from perfcheck.cli.app import FailOn, app, fail, refuse_overwriting_inputs, unwritable
from perfcheck.cli.config import (
    ConfigOption,
    IsolatedOption,
    TimeoutOption,
    WaiversOption,
    resolve_options,
    settings_flags,
)
from perfcheck.errors import PerfcheckError


@contextlib.contextmanager
def atomic_output(path: Path, binary: bool = False, encoding: str = "utf-8") -> Iterator[Any]:
    """perfcheck.outputs.atomic_output, with an unwritable path turned into one Chinese line."""
    from perfcheck.outputs import atomic_output as output

    try:
        with output(path, binary, encoding) as stream:
            yield stream
    except OSError as error:
        raise unwritable(path, error) from None


@app.command()
def batch(
    paths: Annotated[list[str], typer.Argument(help="报告文件、文件夹（含子文件夹）或通配符，如 'reports/**/*.docx'")],
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, max=256, help="并行进程数（默认：CPU 核数）")
    ] = None,
    timeout: TimeoutOption = None,
    json_file: Annotated[Path | None, typer.Option("--json", help="把全部结论写入一个 JSON 文件")] = None,
    jsonl_file: Annotated[Path | None, typer.Option("--jsonl", help="每份报告一行 JSON（边检查边写）")] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="问题明细 CSV（UTF-8 带 BOM）")] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", help="Excel 工作簿：汇总、问题明细、常见问题")] = None,
    pack: Annotated[str | None, typer.Option("--pack", help="指定规则包（默认按每份报告的标题自动选择）")] = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="追加自定义规则文件（YAML），可多次使用")] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="达到此级别的问题即算未通过（默认 error，或配置文件所设）")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="“无法判定”和“规则出错”也算不通过")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只打印结论行（不显示进度条和汇总表）")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="汇总表列出全部报告（默认只列未通过和无法读取的）")] = False,
    html_dir: Annotated[
        Path | None, typer.Option("--html-dir", help="每份报告一个审阅网页，另有汇总页 index.html")
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    waivers: WaiversOption = None,
) -> None:
    """批量检查多份报告（并行），打印汇总表，并可输出 JSON、CSV、Excel。"""
    flags = settings_flags(pack, rules, fail_on, strict, waivers, timeout)
    settings = resolve_options(flags, config, isolated).settings  # the same configuration as perfcheck check
    outputs = {"json": json_file, "jsonl": jsonl_file, "csv": csv_file, "xlsx": xlsx_file, "html_dir": html_dir}
    raise typer.Exit(run_batch_command(paths, settings, outputs, jobs=jobs, quiet=quiet, show_all=show_all))


def run_batch_command(
    paths: list[str],
    settings: Any,
    outputs: dict[str, Path | None],
    *,
    jobs: int | None = None,
    quiet: bool = False,
    table_output: Path | None = None,
    json_to_stdout: bool = False,
    show_all: bool = False,
    each: tuple[str, str] | None = None,
) -> int:
    """The batch behind ``perfcheck batch`` and a plain ``perfcheck`` given several files or a folder.

    ``quiet`` prints the verdict line only (and no progress bar). ``each`` = (view, lowest severity) prints
    every report's own view first, in the order given — what ``perfcheck a.docx b.docx`` shows.
    """
    from perfcheck.batch import discover_inputs, require_inputs, run_batch
    from perfcheck.report.batch_summary import BatchProgress
    from perfcheck.report.console import make_console

    try:
        inputs = discover_inputs(paths)
        require_inputs(paths, inputs)
        files = [outputs.get(key) for key in ("json", "jsonl", "csv", "xlsx")] + [table_output]
        jsonl = outputs.get("jsonl")
        refuse_overwriting_inputs([*files, jsonl.with_name(jsonl.name + ".partial") if jsonl else None], inputs)
        console = make_console(sys.stderr)
        with _spool(jsonl) as spool, BatchProgress(console, len(inputs), enabled=not quiet) as bar:
            report = run_batch(
                inputs,
                settings,
                spool,
                jobs=jobs,
                timeout=settings.time_limit,
                on_start=bar.started,
                on_result=bar.finished,
            )
            _write_outputs(report, outputs)
            if outputs.get("html_dir") is not None:
                from perfcheck.cli.review import write_batch_pages

                write_batch_pages(report, outputs["html_dir"], settings)  # type: ignore[arg-type]
            bar.clear()
            view = _View(quiet, show_all, each, settings.lang)
            _show(report, table_output, json_to_stdout, view)  # reads the verdicts back from the spool: in the block
    except PerfcheckError as error:
        raise fail(error) from None
    if not report.complete:
        sys.stderr.write(f"perfcheck：已中断，只完成了 {len(report.rows)} / {len(inputs)} 份；输出文件已标明不完整\n")
        return 130
    return report.exit_code()


@contextlib.contextmanager
def _spool(jsonl: Path | None) -> Iterator[IO[bytes]]:
    if jsonl is None:
        import tempfile

        with tempfile.TemporaryFile() as stream:
            yield stream
        return
    partial = jsonl.with_name(jsonl.name + ".partial")
    try:
        stream = partial.open("w+b")
    except OSError as error:
        raise unwritable(jsonl, error) from None
    with stream:
        yield stream
    partial.unlink(missing_ok=True)


def _write_outputs(report: Any, outputs: dict[str, Path | None]) -> None:
    from perfcheck.report.batch_tables import write_batch_json

    if outputs.get("jsonl") is not None:
        with atomic_output(outputs["jsonl"], binary=True) as stream:  # type: ignore[arg-type]
            for entry in report.entries():
                stream.write(_json_line(entry))
    if outputs.get("json") is not None:
        with atomic_output(outputs["json"]) as stream:  # type: ignore[arg-type]
            write_batch_json(report, stream)
    if outputs.get("csv") is not None:
        from perfcheck.report.csv_findings import ENCODING, write_findings_csv

        with atomic_output(outputs["csv"], encoding=ENCODING) as stream:  # type: ignore[arg-type]
            write_findings_csv(report, stream)
    if outputs.get("xlsx") is not None:
        from perfcheck.report.xlsx import write_workbook

        with atomic_output(outputs["xlsx"], binary=True) as stream:  # type: ignore[arg-type]
            write_workbook(report, stream, _page_links(report, outputs["xlsx"], outputs.get("html_dir")))


def _page_links(report: Any, workbook: Path | None, html_dir: Path | None) -> Any:
    """Each readable report's review page under ``--html-dir``, as a link relative to the workbook."""
    if html_dir is None or workbook is None:
        return None
    import os

    from perfcheck.report.html_index import page_name

    def link(index: int) -> str | None:
        row = report.rows.get(index)
        if row is None or not row.readable:
            return None
        page = html_dir / page_name(index, row.file)
        try:
            return Path(os.path.relpath(page.absolute(), workbook.absolute().parent)).as_posix()
        except ValueError:  # another drive on Windows: an absolute link
            return page.absolute().as_uri()

    return link


def _json_line(entry: dict[str, Any]) -> bytes:
    import json

    return json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8") + b"\n"


class _View:
    """What the screen shows after a batch: verdict lines only, each report's problems, the summary."""

    def __init__(self, quiet: bool, show_all: bool, each: tuple[str, str] | None, lang: str) -> None:
        self.quiet, self.show_all, self.each, self.lang = quiet, show_all, each, lang


def _show(report: Any, table_output: Path | None, json_to_stdout: bool, view: _View) -> None:
    import io

    from perfcheck.report.batch_summary import render_batch_summary, render_batch_verdict
    from perfcheck.report.batch_tables import write_batch_json
    from perfcheck.report.console import make_console

    buffer = io.StringIO() if table_output is not None else None
    if json_to_stdout:
        write_batch_json(report, buffer or sys.stdout)
    elif view.each is not None:
        _show_each(report, make_console(buffer), view)
    elif view.quiet:
        render_batch_verdict(report, make_console(buffer))
    else:
        render_batch_summary(report, make_console(buffer), show_all=view.show_all)
    if table_output is not None and buffer is not None:
        with atomic_output(table_output) as stream:
            stream.write(buffer.getvalue())


def _show_each(report: Any, console: Any, view: _View) -> None:
    """Each named report in turn (its problems, or its verdict line with -q), then the batch summary."""
    from perfcheck.report.batch_summary import render_each

    assert view.each is not None
    mode, show = view.each
    render_each(
        report, console, mode="quiet" if view.quiet else mode, show=show, show_all=view.show_all, lang=view.lang
    )
