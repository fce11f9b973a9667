"""The command line: parses options, calls the library, maps errors to exit codes. The only place that exits.

``perfcheck FILE`` is short for ``perfcheck check FILE``. Exit codes (README): 0 nothing at or above
``--fail-on``; 1 findings at or above it; 2 usage, configuration or rule-pack error; 3 an input could
not be read.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from perfcheck import __version__
from perfcheck.errors import ExitCode, InputError, PerfcheckError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="perfcheck：检查绩效评价/自评报告中的勾稽关系、必备章节与模板残留。",
)
T = TypeVar("T")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _fail(error: PerfcheckError) -> typer.Exit:
    sys.stderr.write(f"perfcheck：{error}\n")
    return typer.Exit(int(error.exit_code))


def _guarded(action: Callable[[], T]) -> T:
    try:
        return action()
    except PerfcheckError as error:
        raise _fail(error) from None


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename, so a reader never sees half a file."""
    path = path.resolve()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="要检查的报告（.docx、.pdf、.txt）", show_default=False)],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式：table（表格）或 json")] = (
        OutputFormat.table
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把所选格式写入文件，而非屏幕")] = None,
    json_file: Annotated[Path | None, typer.Option("--json", help="另把 JSON 结论写入此文件")] = None,
    pack: Annotated[str | None, typer.Option("--pack", help="指定规则包（默认按报告标题自动选择）")] = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="追加自定义规则文件（YAML），可多次使用")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="达到此级别的问题即以退出码 1 结束")] = FailOn.error,
    strict: Annotated[bool, typer.Option("--strict", help="“无法判定”和“规则出错”也算不通过")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="表格中不列出已通过的检查")] = False,
) -> None:
    """检查报告，打印问题表格（或 JSON 结论）。"""
    from perfcheck.engine import Settings, check_file
    from perfcheck.report.json_verdict import render_json, verdict_to_dict
    from perfcheck.rulepack import load_ruleset

    settings = Settings(pack=pack, rule_files=tuple(map(str, rules or ())), fail_on=fail_on.value, strict=strict)
    ruleset = _guarded(lambda: load_ruleset(settings.rule_files))
    worst = ExitCode.OK
    verdicts = []
    for path in files:
        try:
            verdict = check_file(path, settings, ruleset)
        except InputError as error:
            sys.stderr.write(f"perfcheck：{error}\n")
            worst = max(worst, ExitCode.UNREADABLE) if worst != ExitCode.FINDINGS else worst
            continue
        except PerfcheckError as error:
            raise _fail(error) from None
        verdicts.append(verdict)
        if verdict.verdict == "fail":
            worst = ExitCode.FINDINGS
    if verdicts:
        if output_format is OutputFormat.json:
            text = (
                render_json(verdicts[0]) if len(verdicts) == 1 else _json_list([verdict_to_dict(v) for v in verdicts])
            )
            _emit(text, output)
        else:
            _emit_table(verdicts, output, quiet)
        if json_file is not None:
            text = (
                render_json(verdicts[0]) if len(verdicts) == 1 else _json_list([verdict_to_dict(v) for v in verdicts])
            )
            write_atomically(json_file, text)
    raise typer.Exit(int(worst))


def _json_list(items: list[Any]) -> str:
    import json

    return json.dumps(items, ensure_ascii=False, indent=2, default=str) + "\n"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)


def _emit_table(verdicts: list[Any], output: Path | None, quiet: bool) -> None:
    import io

    from perfcheck.report.console import make_console, render_verdict

    if output is None:
        console = make_console()
        for verdict in verdicts:
            render_verdict(verdict, console, show_pass=not quiet)
        return
    buffer = io.StringIO()
    console = make_console(buffer)
    for verdict in verdicts:
        render_verdict(verdict, console, show_pass=not quiet)
    write_atomically(output, buffer.getvalue())


@app.command()
def outline(file: Annotated[Path, typer.Argument(help="报告文件", show_default=False)]) -> None:
    """打印报告的章节结构（含编号）。"""
    from perfcheck.documents import load_document
    from perfcheck.report.console import make_console, render_outline

    document = _guarded(lambda: load_document(file))
    render_outline(document, make_console())


@app.command()
def dump(
    file: Annotated[Path, typer.Argument(help="报告文件", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出文档模型")] = True,
) -> None:
    """输出读取到的文档模型（段落、表格、位置、章节），用于核对读取是否正确。"""
    from perfcheck.documents import load_document
    from perfcheck.report.json_document import render_document_json

    document = _guarded(lambda: load_document(file))
    if as_json:
        sys.stdout.write(render_document_json(document))
    else:
        for block in document.blocks:
            sys.stdout.write(f"[{block.index}] {block.location.describe()} {block.kind}: {block.text}\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"perfcheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号")] = False,
) -> None:
    """perfcheck：检查绩效评价/自评报告。"""


def main() -> None:
    """Console entry point; ``perfcheck FILE`` means ``perfcheck check FILE``."""
    args = sys.argv[1:]
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    if args and args[0] not in commands and args[0] not in ("--help", "-h", "--version"):
        args = ["check", *args]
    try:
        app(args=args, prog_name="perfcheck")
    except KeyboardInterrupt:
        sys.stderr.write("perfcheck：已中断\n")
        sys.exit(130)
