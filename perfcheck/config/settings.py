"""Configuration: where a run's settings come from, and the :class:`Settings` the engine reads.

Files, in the current folder or the nearest parent that has one: ``perfcheck.toml``, ``.perfcheck.toml``,
or a ``pyproject.toml`` with a ``[tool.perfcheck]`` table — the first folder that has any of them wins,
and inside it the order just given. Nothing further up is read unless the file says so with
``extend = "…"`` (a path relative to itself): moving a folder never changes its checks silently, which
an implicit merge up the tree would. Command-line flags override files; ``--config FILE`` skips the
search; ``--isolated`` reads no file at all (and no waivers).

Keys (``perfcheck config`` prints the effective values and where each came from)::

    extend = "../perfcheck.toml"           # inherit; this file's keys win
    pack = "overall-expenditure"           # always this pack (as --pack)
    packs = ["overall-expenditure"]        # choose by title among these only
    rule-files = ["本单位规则.yml"]          # extra rule files; accumulate along extend, --rules adds
    select = ["CM-", "OE-SUM-01"]          # rule ids or prefixes; default all
    ignore = ["CM-PH-04"]                  # the longest matching prefix decides between select and ignore
    fail-on = "warning"                    # as --fail-on
    strict = true                          # as --strict
    waivers = "perfcheck-waivers.yml"      # default: that name beside this file
    lang = "en"                            # as --lang

    [per-path-ignores]                     # glob (relative to this file) = rule ids or prefixes
    "2019/*.docx" = ["CM-EST-01"]

    [rules.CM-EST-01]
    severity = "info"                      # severity override
    [rules.TB-LOWRATE-01]
    threshold = 85                         # any other key is a parameter of the rule's kind ...
    [rules.TB-GRADE-01.params]             # ... or put them under .params
    bands = [...]

Parameters go through the same converter as the YAML (``perfcheck.config.params``), so a wrong type or an
unknown name is refused with the key that holds it (exit 2), like a bad rule file.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from msgspec import field as msgspec_field

from perfcheck.errors import UsageError
from perfcheck.files import SMALL_FILE_LIMIT, read_bounded
from perfcheck.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT
from perfcheck.model import SEVERITIES, Severity

if TYPE_CHECKING:
    from perfcheck.config.waivers import Waiver

# Kept beside the kinds' own default (kinds/base.py) without importing the kinds: reading configuration
# must not load the regex engine and the document model's helpers.
DEFAULT_REGEX_TIMEOUT = 1.0
CONFIG_NAMES = ("perfcheck.toml", ".perfcheck.toml", "pyproject.toml")
WAIVER_FILE = "perfcheck-waivers.yml"
LANGS = ("zh", "en")
KEYS = (
    "extend",
    "pack",
    "packs",
    "rule-files",
    "select",
    "ignore",
    "fail-on",
    "strict",
    "regex-timeout",
    "timeout",
    "memory-limit",
    "waivers",
    "lang",
    "per-path-ignores",
    "rules",
)


class RuleOverride(Struct, frozen=True):
    """What a configuration file changes about one rule: its severity and parameters (raw TOML values)."""

    rule: str
    severity: Severity | None = None
    params: Mapping[str, Any] = msgspec_field(default_factory=dict)
    source: str = ""


class PathIgnore(Struct, frozen=True):
    """Rules (ids or prefixes) not run on files matching ``pattern``, relative to ``root``."""

    pattern: str
    rules: tuple[str, ...]
    root: str = ""

    def matches(self, path: str) -> bool:
        return path_matches(path, self.pattern, self.root)


class Settings(Struct, frozen=True):
    """How a check runs; the command line and configuration files fill it in (see ``layers.resolve_settings``)."""

    pack: str | None = None
    rule_files: tuple[str, ...] = ()
    fail_on: Severity = "error"
    strict: bool = False
    regex_timeout: float = DEFAULT_REGEX_TIMEOUT
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds per report (``perfcheck.limits``)
    memory_limit: int = DEFAULT_MEMORY_LIMIT  # MB of address space, where the platform can cap it
    disabled: frozenset[str] = msgspec_field(default_factory=frozenset)
    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: tuple[PathIgnore, ...] = ()
    overrides: tuple[RuleOverride, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    today: date | None = None  # the waivers' clock; None = the real date (tests fix it)
    lang: str = "zh"

    def runs(self, rule_id: str, path: str | None = None) -> bool:
        """Is the rule on for this file: not disabled, selected over ignored, not ignored for the path?"""
        if rule_id in self.disabled or not is_selected(rule_id, self.select, self.ignore):
            return False
        if path is None:
            return True
        return not any(
            ignore.matches(path) and any(rule_id.startswith(prefix) for prefix in ignore.rules)
            for ignore in self.per_path_ignores
        )


def is_selected(rule_id: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """The longest prefix that matches decides (as in ruff); an empty ``select`` selects everything; a tie ignores."""
    chosen = max((len(p) for p in select if rule_id.startswith(p)), default=-1 if select else 0)
    dropped = max((len(p) for p in ignore if rule_id.startswith(p)), default=-1)
    return chosen >= 0 and chosen > dropped


def path_matches(path: str, pattern: str, root: str = "") -> bool:
    """A glob against the path relative to ``root`` (or as given when outside it); ``*.pdf`` matches anywhere."""
    target = Path(path)
    if root:
        with contextlib.suppress(ValueError):  # outside the root: match the path as given
            target = target.resolve().relative_to(Path(root).resolve())
    posix = target.as_posix()
    return fnmatch(posix, pattern) or PurePosixPath(posix).match(pattern)


class ConfigError(UsageError):
    """A configuration file (or flag) that cannot be used; names the file, line when known, and key."""

    def __init__(self, source: str, key: str, problem: str, line: int | None = None) -> None:
        self.source, self.key, self.problem, self.line = source, key, problem, line
        where = f"{source}:{line}" if line else source
        super().__init__(f"配置错误 {where}：{key + '：' if key else ''}{problem}")


def find_config(start: Path) -> Path | None:
    """The closest configuration file at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = read_small_file(path, lambda problem: ConfigError(str(path), "", problem))
    except (OSError, ConfigError):
        return False
    return "tool.perfcheck" in text and "perfcheck" in _parse(path, text).get("tool", {})


def _parse(path: Path, text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except RecursionError:  # arrays or inline tables nested thousands deep
        raise ConfigError(str(path), "", "不是有效的 TOML：嵌套层数过深") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise ConfigError(str(path), "", f"不是有效的 TOML：{error}", int(found.group(1)) if found else None) from None


def read_small_file(path: Path, refuse: Callable[[str], Exception]) -> str:
    """A configuration-sized UTF-8 text file: regular, at most ``SMALL_FILE_LIMIT`` bytes (``perfcheck.files``)."""
    try:
        data = read_bounded(path, SMALL_FILE_LIMIT, refuse)
    except IsADirectoryError:
        raise refuse("这是一个文件夹，不是文件") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise refuse(f"不是 UTF-8 编码的文字（第 {line} 行）") from None


def read_config(path: Path) -> tuple[dict[str, Any], str]:
    """The perfcheck table of one file (``[tool.perfcheck]`` of a pyproject.toml) and the file's text."""
    try:
        text = read_small_file(path, lambda problem: ConfigError(str(path), "", problem))
    except FileNotFoundError:
        raise ConfigError(str(path), "", "文件不存在") from None
    except OSError as error:
        raise ConfigError(str(path), "", f"无法读取（{error.strerror or error}）") from None
    data = _parse(path, text)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("perfcheck", {})
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        key = unknown[0]
        raise ConfigError(str(path), key, f"未知的配置项（可用：{', '.join(KEYS)}）", line_of(text, key))
    return data, text


def line_of(text: str, key: str) -> int | None:
    """The line a dotted key is written on, found by its parts in order (TOML parsers keep no positions)."""
    position = 0
    for part in key.split("."):
        found = re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text[position:])
        if found is None:
            return None
        position += found.start()
    return text.count("\n", 0, position) + 1


def line_in_file(source: str, key: str) -> int | None:
    """:func:`line_of` in the file ``source`` (read as bounded as it was the first time); None when it cannot be."""
    try:
        return line_of(read_small_file(Path(source), OSError), key)
    except OSError:
        return None


def check_lang(lang: str, source: str = "--lang") -> str:
    if lang not in LANGS:
        raise ConfigError(source, "lang", f"应为 {' / '.join(LANGS)} 之一，实为 {lang!r}")
    return lang


def check_severity(value: Any, source: str, key: str) -> Severity:
    if value not in SEVERITIES:
        raise ConfigError(source, key, f"应为 error / warning / info 之一，实为 {value!r}")
    return value
