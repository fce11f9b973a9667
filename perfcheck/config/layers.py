"""Configuration files laid over each other: an ``extend`` chain first (the base at the bottom), then flags.

Scalars and lists replace what is below them; ``rule-files`` accumulate (each path relative to the file
that names it), and the tables ``rules`` and ``per-path-ignores`` merge by rule id and by pattern. Every
value remembers where it came from, which ``perfcheck config`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from perfcheck.config.settings import (
    LANGS,
    WAIVER_FILE,
    ConfigError,
    PathIgnore,
    RuleOverride,
    Settings,
    check_lang,
    check_severity,
    find_config,
    line_of,
    read_config,
)
from perfcheck.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT, check_memory_limit, check_time_limit

if TYPE_CHECKING:
    from perfcheck.config.waivers import Waiver

FLAG_NAMES = {
    "pack": "--pack",
    "rule-files": "--rules",
    "fail-on": "--fail-on",
    "strict": "--strict",
    "select": "--select",
    "ignore": "--ignore",
    "waivers": "--waivers",
    "lang": "--lang",
    "timeout": "--timeout",
}
_LISTS = ("packs", "select", "ignore")
_MAX_REGEX_TIMEOUT = 86400  # as the time limit: finite, so TOML inf and nan are refused


class Layered:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.rule_files: list[str] = []
        self.rules: dict[str, dict[str, Any]] = {}
        self.path_ignores: dict[str, PathIgnore] = {}
        self.origins: dict[str, str] = {}
        self.files: list[Path] = []

    def read(self, path: Path, chain: tuple[Path, ...] = ()) -> None:
        """Lay ``path`` (after what it extends) over what is here."""
        resolved = path.resolve()
        if resolved in chain:
            names = " → ".join(str(p) for p in (*chain, resolved))
            raise ConfigError(str(path), "extend", f"继承出现循环：{names}")
        data, text = read_config(path)
        source = str(path)
        self.files.insert(0, path)
        if "extend" in data:
            base = data["extend"]
            if not isinstance(base, str) or not base:
                raise ConfigError(source, "extend", "应为配置文件的路径（相对于本文件）", line_of(text, "extend"))
            target = (path.parent / base).resolve()
            if not target.is_file():
                raise ConfigError(source, "extend", f"找不到要继承的文件 {target}", line_of(text, "extend"))
            self.read(target, (*chain, resolved))
        for key, value in data.items():
            if key != "extend":
                self._set(key, value, source, path.parent, text)

    def apply_flags(self, flags: Mapping[str, Any], cwd: Path) -> None:
        for key, value in flags.items():
            if value is None or value == () or value == []:
                continue
            self._set(key, value, f"命令行 {FLAG_NAMES.get(key, key)}", cwd, "")

    def _set(self, key: str, value: Any, source: str, folder: Path, text: str) -> None:
        def problem(message: str, sub: str = "") -> ConfigError:
            full = f"{key}.{sub}" if sub else key
            return ConfigError(source, full, message, line_of(text, full) if text else None)

        if key == "rule-files":
            for item in _strings(value, problem):
                resolved = str((folder / item).resolve())
                if resolved not in self.rule_files:
                    self.rule_files.append(resolved)
            self.origins[key] = _join(self.origins.get(key), source)
        elif key == "rules":
            self._set_rules(value, source, problem)
        elif key == "per-path-ignores":
            if not isinstance(value, dict):
                raise problem("应为表：文件模式 = [规则编号或前缀, …]")
            for pattern, rules in value.items():
                self.path_ignores[pattern] = PathIgnore(pattern, tuple(_strings(rules, problem)), str(folder))
                self.origins[f"per-path-ignores.{pattern}"] = source
        else:
            self.values[key] = _checked(key, value, problem, folder)
            self.origins[key] = source

    def _set_rules(self, value: Any, source: str, problem: Any) -> None:
        if not isinstance(value, dict):
            raise problem("应为表：[rules.规则编号]")
        for rule_id, entry in value.items():
            if not isinstance(entry, dict):
                raise problem("应为表（severity = …、参数 = …，或 [rules.编号.params]）", rule_id)
            current = self.rules.setdefault(rule_id, {"severity": None, "params": {}, "source": source})
            current["source"] = source
            params = dict(entry.get("params", {}))
            if "params" in entry and not isinstance(entry["params"], dict):
                raise problem("params 应为表", f"{rule_id}.params")
            for name, param in entry.items():
                if name == "severity":
                    current["severity"] = check_severity(param, source, f"rules.{rule_id}.severity")
                    self.origins[f"rules.{rule_id}.severity"] = source
                elif name != "params":
                    if name in params:
                        raise problem("参数同时写在 [rules.编号] 和 [rules.编号.params] 中", f"{rule_id}.{name}")
                    params[name] = param
            for name, param in params.items():
                current["params"][name] = param
                self.origins[f"rules.{rule_id}.params.{name}"] = source

    def waiver_file(self, config: Path | None, cwd: Path, isolated: bool) -> Path | None:
        if "waivers" in self.values:
            return Path(self.values["waivers"])
        if isolated:
            return None
        folder = config.resolve().parent if config is not None else cwd
        return folder / WAIVER_FILE

    def settings(self, waivers: tuple[Waiver, ...], today: date | None) -> Settings:
        values = self.values
        overrides = tuple(
            RuleOverride(rule_id, entry["severity"], dict(entry["params"]), entry["source"])
            for rule_id, entry in self.rules.items()
        )
        return Settings(
            pack=values.get("pack"),
            rule_files=tuple(self.rule_files),
            fail_on=values.get("fail-on", "error"),
            strict=values.get("strict", False),
            regex_timeout=values.get("regex-timeout", 1.0),
            time_limit=values.get("timeout", DEFAULT_TIME_LIMIT),
            memory_limit=values.get("memory-limit", DEFAULT_MEMORY_LIMIT),
            packs=tuple(values.get("packs", ())),
            select=tuple(values.get("select", ())),
            ignore=tuple(values.get("ignore", ())),
            per_path_ignores=tuple(self.path_ignores.values()),
            overrides=overrides,
            waivers=waivers,
            today=today,
            lang=values.get("lang", "zh"),
        )


def _checked(key: str, value: Any, problem: Any, folder: Path) -> Any:
    if key in _LISTS:
        return tuple(_strings(value, problem))
    if key == "fail-on":
        if value not in ("error", "warning", "info"):
            raise problem(f"应为 error / warning / info 之一，实为 {value!r}")
        return value
    if key == "strict":
        if not isinstance(value, bool):
            raise problem(f"应为 true 或 false，实为 {value!r}")
        return value
    if key == "regex-timeout":
        # finite and bounded: TOML's inf and nan are floats too
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= _MAX_REGEX_TIMEOUT:
            raise problem(f"应为 0～{_MAX_REGEX_TIMEOUT} 之间的秒数，实为 {value!r}")
        return float(value)
    if key == "timeout":
        try:
            return check_time_limit(value)
        except ValueError as error:
            raise problem(str(error)) from None
    if key == "memory-limit":
        try:
            return check_memory_limit(value)
        except ValueError as error:
            raise problem(str(error)) from None
    if key == "lang":
        if value not in LANGS:
            raise problem(f"应为 {' / '.join(LANGS)} 之一，实为 {value!r}")
        return check_lang(value)
    if key in ("pack", "waivers"):
        if not isinstance(value, str) or not value:
            raise problem(f"应为文字，实为 {value!r}")
        return str((folder / value).resolve()) if key == "waivers" else value
    raise problem("未知的配置项")


def _strings(value: Any, problem: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise problem(f"应为文字或文字列表，实为 {value!r}")
    return list(items)


def _join(before: str | None, source: str) -> str:
    return source if not before or before == source else f"{before} + {source}"


class Configuration(Struct, frozen=True):
    """The settings of a run, and for ``perfcheck config`` where each value came from."""

    settings: Settings
    origins: Mapping[str, str]
    files: tuple[Path, ...] = ()
    waiver_file: Path | None = None


def resolve_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    config: Path | None = None,
    isolated: bool = False,
    cwd: Path | None = None,
    today: date | None = None,
) -> Configuration:
    """Settings from the defaults, the configuration file (found or given) and its ``extend`` chain, then the
    flags. ``flags`` uses the file's key names (``{"fail-on": "warning"}``); a value of None means "not given"."""
    cwd = (cwd or Path.cwd()).resolve()
    layered = Layered()
    path = None if isolated else (config or find_config(cwd))
    if path is not None:
        layered.read(Path(path).resolve() if config is None else Path(path))
    layered.apply_flags(flags or {}, cwd)
    waiver_file = layered.waiver_file(path, cwd, isolated)
    waivers: tuple[Waiver, ...] = ()
    if waiver_file is not None:
        from perfcheck.config.waivers import load_waivers

        waivers = load_waivers(waiver_file)
    settings = layered.settings(waivers, today)
    return Configuration(settings, dict(layered.origins), tuple(layered.files), waiver_file)
