"""The one family of errors the core raises; ``cli.py`` maps each to an exit code and one Chinese line."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes documented in the README."""

    OK = 0  # nothing at or above --fail-on
    FINDINGS = 1  # findings at or above --fail-on
    USAGE = 2  # usage, configuration or rule-pack error
    UNREADABLE = 3  # an input could not be read


class PerfcheckError(Exception):
    """Base class. ``str(error)`` is the one Chinese line shown to the user."""

    exit_code: ExitCode = ExitCode.USAGE


class InputError(PerfcheckError):
    """A report could not be read: missing, empty, corrupt, encrypted, image-only, unsupported."""

    exit_code = ExitCode.UNREADABLE

    def __init__(self, path: str, problem: str, advice: str = "") -> None:
        self.path = path
        self.problem = problem
        self.advice = advice
        line = f"无法读取 {path}：{problem}"
        if advice:
            line += f"。{advice}"
        super().__init__(line)


class RuleError(PerfcheckError):
    """A rule file or pack is invalid: bad YAML, unknown kind or key, duplicate id, bad regex, failing example."""

    exit_code = ExitCode.USAGE

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}:{line}" if line else source
        super().__init__(f"规则文件错误 {where}：{problem}")


class UsageError(PerfcheckError):
    """A command-line or configuration mistake."""

    exit_code = ExitCode.USAGE
