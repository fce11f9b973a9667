"""The typer application and what every command shares: error mapping and atomic output files."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from perfcheck import __version__
from perfcheck.errors import ExitCode, PerfcheckError, UsageError
from perfcheck.lazy_pattern import lazy_re

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
    concise = "concise"  # file:place: RULE [severity] message
    junit = "junit"  # JUnit XML for CI servers
    sarif = "sarif"  # SARIF 2.1.0
    github = "github"  # GitHub Actions workflow annotations


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def fail(error: PerfcheckError, lang: str = "zh") -> typer.Exit:
    from perfcheck.i18n import error_line

    sys.stderr.write(error_line(str(error), lang) + "\n")
    return typer.Exit(int(error.exit_code))


def guarded(action: Callable[[], T], lang: str = "zh") -> T:
    try:
        return action()
    except PerfcheckError as error:
        raise fail(error, lang) from None


def refuse_overwriting_inputs(outputs: Iterable[Path | None], inputs: Iterable[Path | str]) -> None:
    """An output file that is one of the reports being checked is a mistake that would destroy the report."""
    from perfcheck.outputs import check_output_target

    sources = [Path(p) for p in inputs]
    for output in outputs:
        if output is None:
            continue
        try:
            check_output_target(output)  # a device, FIFO or socket is never replaced (issue 12)
        except OSError as error:
            raise unwritable(output, error) from None
        for source in sources:
            if _same_file(output, source):
                raise UsageError(
                    f"输出文件 {output} 就是被检查的报告 {source}，perfcheck 不会覆盖输入文件。请另选文件名"
                )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def unwritable(path: Path, error: OSError) -> UsageError:
    """One Chinese line for an output that cannot be written (no such folder, a folder, no permission)."""
    if isinstance(error, IsADirectoryError) or path.is_dir():
        problem = "这是一个文件夹"
    elif isinstance(error, FileNotFoundError):
        problem = "所在文件夹不存在"
    elif isinstance(error, PermissionError):
        problem = "没有写入权限"
    else:
        problem = error.strerror or str(error)
    return UsageError(f"无法写入输出文件 {path}：{problem}。请换一个可写的路径")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` whole or not at all (perfcheck.outputs); an unwritable path is one Chinese line."""
    from perfcheck.outputs import atomic_output

    try:
        with atomic_output(path, encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise unwritable(path, error) from None


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"perfcheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号")] = False,
) -> None:
    """perfcheck：检查绩效评价/自评报告。"""


# Each command's name → the module of perfcheck.cli that registers it (a test checks this against them).
COMMANDS = {
    "config": "config",
    "baseline": "config",
    "batch": "batch",
    "check": "check",
    "outline": "inspect",
    "dump": "inspect",
    "rules": "rules",
}


def run(argv: list[str]) -> None:
    """Run the application; ``perfcheck FILE`` means ``perfcheck check FILE``.

    Typer builds the options of every subcommand before it runs one (~18 ms measured here), so the
    default command runs as an application of its own, with only its own module imported, and
    ``--version`` answers before either.
    """
    import importlib

    from perfcheck.cli import collector

    args = list(argv)
    if args == ["--version"]:
        sys.stdout.write(f"perfcheck {__version__}\n")
        return
    from perfcheck.quiet import keep_chatter_off

    keep_chatter_off()
    if not (args and "--lang" in args and args[min(args.index("--lang") + 1, len(args) - 1)] == "en"):
        from perfcheck.cli.help_zh import use_chinese_help

        use_chinese_help()
    if args and (suggestion := _mistyped_command(args[0], set(COMMANDS))):
        sys.stderr.write(
            f"perfcheck：未知命令“{args[0]}”，是否要使用“{suggestion}”？（运行 perfcheck --help 查看用法）\n"
        )
        sys.exit(int(ExitCode.USAGE))
    default = bool(args) and args[0] not in COMMANDS and args[0] not in ("--help", "-h")
    for module in ["check"] if default else sorted(set(COMMANDS.values())):
        importlib.import_module(f"perfcheck.cli.{module}")  # registers its commands on app
    target = app
    if default:
        target = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
        target.registered_commands = [c for c in app.registered_commands if _name(c) == "check"]
    if not (default or args[:1] == ["check"]):
        collector.resume()  # the check command resumes it itself, once its imports are done
    try:
        code = target(args=args, prog_name="perfcheck", standalone_mode=False)
    except _USAGE_ERROR as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            error.show()  # type: ignore[attr-defined]  # click's UsageError: prints the help
            sys.exit(int(ExitCode.USAGE))
        sys.stderr.write(f"perfcheck：{_usage_problem(error)}（运行 perfcheck --help 查看用法）\n")
        sys.exit(int(ExitCode.USAGE))
    except typer.Abort:
        sys.stderr.write("perfcheck：已中断\n")
        sys.exit(130)
    except KeyboardInterrupt:
        sys.stderr.write("perfcheck：已中断\n")
        sys.exit(130)
    except MemoryError:  # past the memory ceiling (perfcheck.limits) while writing the results
        sys.stderr.write("perfcheck：报告过大或过于复杂，内存超过上限，已停止。可用配置项 memory-limit 放宽上限\n")
        sys.exit(int(ExitCode.UNREADABLE))
    sys.exit(code if isinstance(code, int) else 0)


def _mistyped_command(first: str, commands: set[str]) -> str | None:
    """The command ``first`` was probably meant to be ("chek" → "check"), when it is no file or glob.

    A word that names an existing file, has a suffix or a path separator, or is an option is a report
    (``perfcheck chek.docx``), never a command.
    """
    import difflib

    if first in commands or first.startswith("-") or os.path.exists(first):
        return None
    if set(first) & set("./\\*?[") or not first.isascii():
        return None
    close = difflib.get_close_matches(first.lower(), sorted(commands), n=1, cutoff=0.6)
    return close[0] if close else None


# Click's UsageError (typer vendors click from 0.26 on; found through a public class so both work).
_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def _usage_problem(error: Exception) -> str:
    """A command-line mistake in Chinese; click's own English detail only where it names the values."""
    kind = type(error).__name__
    hint = getattr(error, "param_hint", None) or getattr(getattr(error, "param", None), "opts", [""])[0]
    if kind == "NoSuchOption":
        return f"没有这个选项：{getattr(error, 'option_name', '')}"
    if kind == "MissingParameter":
        return f"缺少参数 {hint}" if hint else "缺少参数"
    if kind == "BadParameter":
        return f"{hint} 的值无效：{_values_problem(str(getattr(error, 'message', error)))}"
    if kind == "NoSuchCommand" or "No such command" in str(error):
        return f"没有这个命令：{getattr(error, 'message', error)}"
    return f"命令用法有误：{getattr(error, 'message', error)}"


_NOT_ONE_OF = lazy_re(r"^'(?P<value>.*)' is not one of (?P<choices>.*)\.$")
_OUT_OF_RANGE = lazy_re(r"^(?P<value>\S+) is not in the range (?P<range>.*)\.$")


def _values_problem(message: str) -> str:
    if match := _NOT_ONE_OF.match(message):
        choices = "、".join(c.strip(" '") for c in match["choices"].split(","))
        return f"“{match['value']}”不是可选的值（可选：{choices}）"
    if match := _OUT_OF_RANGE.match(message):
        return f"{match['value']} 超出允许范围（{match['range'].replace('x', '值')}）"
    return message


def _name(command: typer.models.CommandInfo) -> str:
    return command.name or (command.callback.__name__ if command.callback else "")
