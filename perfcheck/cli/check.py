"""``perfcheck check FILE…`` (also plain ``perfcheck FILE…``): the table or JSON verdict for each report.

No ``from __future__ import annotations`` here: typer reads the options from ``check``'s annotations on every
run, and as strings it evaluated each of them three times (~1.5 ms of a ~100 ms check).
"""

import sys
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from perfcheck.cli import collector
from perfcheck.cli.app import FailOn, OutputFormat, app, fail, guarded, refuse_overwriting_inputs, write_atomically
from perfcheck.cli.config import (
    ConfigOption,
    IsolatedOption,
    LangOption,
    TimeoutOption,
    WaiversOption,
    resolve_options,
    settings_flags,
    warn_about_waivers,
)
from perfcheck.errors import ExitCode, InputError, PerfcheckError, UsageError


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="要检查的报告（.docx、.pdf、.txt）", show_default=False)],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="输出格式：table（表格）、json、concise（每行一个问题）、junit、sarif、github"
        ),
    ] = OutputFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把所选格式写入文件，而非屏幕")] = None,
    json_file: Annotated[Path | None, typer.Option("--json", help="另把 JSON 结论写入此文件")] = None,
    pack: Annotated[str | None, typer.Option("--pack", help="指定规则包（默认按报告标题自动选择）")] = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="追加自定义规则文件（YAML），可多次使用")] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="达到此级别的问题即以退出码 1 结束（默认 error，或配置文件所设）")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="“无法判定”和“规则出错”也算不通过")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只打印结论行（每份报告一行）")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="列出全部检查（含通过、不适用、已豁免）")] = False,
    show: Annotated[
        FailOn, typer.Option("--show", help="列出此级别及以上的问题（与 --fail-on 无关）", show_default="info")
    ] = FailOn.info,
    annotate: Annotated[
        Path | None, typer.Option("--annotate", metavar="OUT.docx", help="另存一份带 Word 批注的报告（仅 .docx）")
    ] = None,
    annotate_level: Annotated[FailOn, typer.Option("--annotate-level", help="为此级别及以上的问题添加批注")] = (
        FailOn.warning
    ),
    html: Annotated[
        Path | None, typer.Option("--html", metavar="OUT.html", help="另存审阅网页：在原文中标出问题")
    ] = None,
    stdin_name: Annotated[
        str,
        typer.Option(
            "--stdin-name", metavar="文件名", help="从标准输入读取（文件写作 -）时报告的名称，其扩展名决定格式"
        ),
    ] = "标准输入.txt",
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    waivers: WaiversOption = None,
    lang: LangOption = None,
    timeout: TimeoutOption = None,
) -> None:
    """检查报告，先打印结论和问题（--all 列出全部检查，-q 只打印结论行）。"""
    from perfcheck.documents import load_document
    from perfcheck.engine import check_document
    from perfcheck.rulepack import load_ruleset

    flags = settings_flags(pack, rules, fail_on, strict, waivers, timeout)
    configuration = resolve_options(flags, config, isolated, lang)
    settings = configuration.settings
    lang = settings.lang
    program_format = output_format not in (OutputFormat.table, OutputFormat.json)
    from_stdin = [str(f) for f in files] == ["-"]
    if from_stdin and annotate is not None:
        raise fail(UsageError("--annotate 需要原 .docx 文件，不能用于标准输入；请给出文件路径"), lang)
    if annotate is not None or html is not None:
        from perfcheck.cli.review import check_review_targets, write_reviews

        guarded(lambda: check_review_targets(files, annotate, html))
    several = (not from_stdin and len(files) > 1) or files[0].is_dir() or _is_glob(files[0])
    if several and program_format:
        from perfcheck.batch import discover_inputs  # the CI formats read all verdicts at once, in order

        files = discover_inputs(files)
    elif several:
        collector.resume()
        from perfcheck.cli.batch import run_batch_command  # several reports, a folder or a glob: the batch

        as_json = output_format is OutputFormat.json
        outputs = {"json": json_file}
        paths = list(map(str, files))
        # Files named one by one: each report's problems in turn, then the summary. A folder or a glob: the batch.
        named = all(Path(p).is_file() for p in paths)
        view = "quiet" if quiet else ("all" if show_all else "problems")
        raise typer.Exit(
            run_batch_command(
                paths,
                settings,
                outputs,
                quiet=quiet,
                table_output=output,
                json_to_stdout=as_json,
                show_all=show_all,
                each=(view, show.value) if named else None,
            )
        )
    guarded(lambda: refuse_overwriting_inputs([output, json_file, annotate, html], files))
    ruleset = guarded(lambda: load_ruleset(settings.rule_files))
    collector.resume()  # start-up is over: the packs and their kinds are loaded (perfcheck.cli.collector)
    worst = ExitCode.OK
    verdicts = []
    from perfcheck.i18n import error_line
    from perfcheck.limits import TimeLimit, cap_memory, out_of_memory_line, stopped_line

    cap_memory(settings.memory_limit)
    for path in files:
        try:
            with TimeLimit(settings.time_limit, error_line(stopped_line(str(path), settings.time_limit), lang)):
                # kept for --annotate / --html: the file is read once
                document = _load_stdin(stdin_name) if from_stdin else load_document(path)
                verdict = check_document(document, ruleset, settings)
        except (InputError, MemoryError) as error:
            line = str(error) if isinstance(error, InputError) else out_of_memory_line(str(path), settings.memory_limit)
            sys.stderr.write(error_line(line, lang) + "\n")
            worst = max(worst, ExitCode.UNREADABLE) if worst != ExitCode.FINDINGS else worst
            continue
        except PerfcheckError as error:
            raise fail(error, lang) from None
        verdicts.append(verdict)
        if annotate is not None or html is not None:
            guarded(partial(write_reviews, path, verdict, document, annotate, annotate_level.value, html))
        if verdict.verdict == "fail":
            worst = ExitCode.FINDINGS
    warn_about_waivers(configuration, verdicts)
    if verdicts:
        view = "quiet" if quiet else ("all" if show_all else "problems")
        guarded(
            partial(
                _write_results, verdicts, output_format, output, json_file, (view, show.value), lang, ruleset, settings
            )
        )
    raise typer.Exit(int(worst))


def _is_glob(path: Path) -> bool:
    """A pattern that matches something; a name that only looks like one (报告[1].docx, missing) is a file."""
    if path.exists() or not set("*?[") & set(str(path)):
        return False
    import glob

    return next(glob.iglob(str(path), recursive=True), None) is not None  # the batch walks the tree itself


# The same limit as for a report file (README, 限制): standard input is read no further than this.
_STDIN_LIMIT = 200 * 1024 * 1024


def _load_stdin(name: str) -> Any:
    """``perfcheck -`` : the report from standard input, named ``name`` (whose suffix picks the reader)."""
    import tempfile

    import msgspec.structs

    from perfcheck.documents import load_document

    data = sys.stdin.buffer.read(_STDIN_LIMIT + 1)
    if len(data) > _STDIN_LIMIT:
        raise InputError(name, "标准输入超过 200 MB", "请保存为文件后再检查")
    suffix = Path(name).suffix or ".txt"
    with tempfile.TemporaryDirectory(prefix="perfcheck-") as folder:
        copy = Path(folder) / f"input{suffix}"
        copy.write_bytes(data)
        try:
            document = load_document(copy)
        except InputError as error:
            raise InputError(name, error.problem, error.advice) from None
    return msgspec.structs.replace(document, path=name)


def _write_results(
    verdicts: list[Any],
    output_format: OutputFormat,
    output: Path | None,
    json_file: Path | None,
    view: tuple[str, str],
    lang: str,
    ruleset: Any,
    settings: Any,
) -> None:
    """The chosen format to the screen or ``--output``, and the JSON verdict to ``--json``."""
    program_format = output_format not in (OutputFormat.table, OutputFormat.json)
    if program_format:
        from perfcheck.report.formats import render_format
        from perfcheck.rule_overrides import apply_overrides

        configured = apply_overrides(ruleset, settings)  # severities as configured, for SARIF's rule list
        rule_index = configured.rules
        _emit(render_format(output_format.value, verdicts, rule_index, lang), output)
    elif output_format is OutputFormat.json:
        _emit(_json_text(verdicts), output)
    else:
        _emit_table(verdicts, output, view, lang)
    if json_file is not None:
        write_atomically(json_file, _json_text(verdicts))


def _json_text(verdicts: list[Any]) -> str:
    """One verdict as the schema's object; several (one per file given) as a list of them."""
    from perfcheck.json_text import dumps
    from perfcheck.report.json_verdict import render_json, verdict_to_dict

    if len(verdicts) == 1:
        return render_json(verdicts[0])
    return dumps([verdict_to_dict(v) for v in verdicts], indent=2) + "\n"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)


def _emit_table(verdicts: list[Any], output: Path | None, view: tuple[str, str], lang: str = "zh") -> None:
    """``view`` is (problems | all | quiet, the lowest severity listed)."""
    import io

    from perfcheck.report.console import make_console, render_one

    buffer = io.StringIO() if output is not None else None
    console = make_console(buffer)
    mode, show = view
    for number, verdict in enumerate(verdicts):
        render_one(verdict, console, mode=mode, show=show, first=number == 0, lang=lang)
    if output is not None and buffer is not None:
        write_atomically(output, buffer.getvalue())
