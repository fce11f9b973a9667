"""``perfcheck config`` (the effective settings and where each came from) and ``perfcheck baseline``
(waivers for every current finding), plus what ``check`` shares with them: settings from options, and
the warnings about waivers that expired or matched nothing."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from perfcheck.cli.app import app, fail, guarded, write_atomically
from perfcheck.errors import ExitCode, PerfcheckError

if TYPE_CHECKING:
    from perfcheck.config.layers import Configuration
    from perfcheck.model import Verdict

ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="使用此配置文件（不再向上查找 perfcheck.toml / pyproject.toml）")
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="不读取任何配置文件和豁免清单")]
WaiversOption = Annotated[
    Path | None, typer.Option("--waivers", help="豁免清单文件（默认为配置文件旁的 perfcheck-waivers.yml）")
]
LangOption = Annotated[str | None, typer.Option("--lang", help="界面语言：zh（默认）或 en")]
TimeoutOption = Annotated[
    float | None, typer.Option("--timeout", help="每份报告的检查时限（秒，默认 60；也可在配置文件中设 timeout）")
]


def settings_flags(
    pack: str | None,
    rules: Sequence[Path] | None,
    fail_on: Any,
    strict: bool,
    waivers: Path | None,
    timeout: float | None,
) -> dict[str, Any]:
    """The check options that configuration files may also set; None means "not given on the command line"."""
    return {
        "pack": pack,
        "rule-files": [str(r) for r in rules or ()],
        "fail-on": fail_on.value if fail_on else None,
        "strict": strict or None,  # --strict turns it on; without it the configuration decides
        "waivers": str(waivers) if waivers else None,
        "timeout": timeout,  # range-checked with the configuration's value
    }


def resolve_options(
    flags: dict[str, Any], config: Path | None, isolated: bool, lang: str | None = None
) -> Configuration:
    """Settings for a command: configuration files under the flags that were given (None = not given)."""
    from perfcheck.config.layers import resolve_settings
    from perfcheck.config.settings import check_lang

    if lang is not None:
        guarded(lambda: check_lang(lang))
    flags = {**flags, "lang": lang}
    return guarded(lambda: resolve_settings(flags, config=config, isolated=isolated), lang or "zh")


def warn_about_waivers(configuration: Configuration, verdicts: Sequence[Verdict]) -> None:
    """Expired waivers, and waivers for the checked files that matched nothing: warnings on stderr."""
    from perfcheck.config.waivers import review_waivers
    from perfcheck.i18n import word

    settings = configuration.settings
    for waiver, problem in review_waivers(settings.waivers, verdicts, settings.today):
        text = word(f"waiver.{problem}", settings.lang, date=waiver.expires, waiver=waiver.describe())
        from perfcheck.report.printable import printable

        sys.stderr.write(word("warning.prefix", settings.lang) + printable(text) + "\n")


@app.command("config")
def show_config(config: ConfigOption = None, isolated: IsolatedOption = False, lang: LangOption = None) -> None:
    """打印生效的配置，以及每一项来自哪里（默认值、哪个配置文件或命令行）。"""
    configuration = resolve_options({}, config, isolated, lang)
    sys.stdout.write(describe_configuration(configuration))


def describe_configuration(configuration: Configuration) -> str:
    """The effective settings as TOML, each value followed by where it came from."""
    import json

    settings, origins = configuration.settings, configuration.origins
    files = [str(p) for p in configuration.files] or ["（未找到配置文件）"]
    lines = [f"# 配置文件（近者优先）：{'，'.join(files)}"]

    def add(key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key} = {text}  # {origins.get(key, '默认')}")

    add("pack", settings.pack or "")
    add("packs", list(settings.packs))
    add("rule-files", list(settings.rule_files))
    add("select", list(settings.select))
    add("ignore", list(settings.ignore))
    add("fail-on", settings.fail_on)
    add("strict", settings.strict)
    add("regex-timeout", settings.regex_timeout)
    add("timeout", settings.time_limit)
    add("memory-limit", settings.memory_limit)
    add("lang", settings.lang)
    waiver_file = configuration.waiver_file
    state = "" if waiver_file is None or waiver_file.exists() else "（文件不存在）"
    origin = origins.get("waivers", "默认")
    lines.append(f'waivers = "{waiver_file or ""}"  # {origin}{state}，{len(settings.waivers)} 条')
    if settings.per_path_ignores:
        lines.append("\n[per-path-ignores]")
        for ignore in settings.per_path_ignores:
            origin = origins.get(f"per-path-ignores.{ignore.pattern}", "")
            lines.append(f"{json.dumps(ignore.pattern, ensure_ascii=False)} = {list(ignore.rules)}  # {origin}")
    for override in settings.overrides:
        lines.append(f"\n[rules.{override.rule}]")
        if override.severity:
            origin = origins.get(f"rules.{override.rule}.severity", "")
            lines.append(f'severity = "{override.severity}"  # {origin}')
        for name, value in override.params.items():
            origin = origins.get(f"rules.{override.rule}.params.{name}", "")
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False, default=str)}  # {origin}")
    return "\n".join(lines) + "\n"


@app.command()
def baseline(
    files: Annotated[list[Path], typer.Argument(help="要纳入基线的报告", show_default=False)],
    write: Annotated[bool, typer.Option("--write", help="把新条目追加到豁免清单（否则只打印）")] = False,
    waivers: WaiversOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    pack: Annotated[str | None, typer.Option("--pack", help="指定规则包（默认按报告标题自动选择）")] = None,
) -> None:
    """为报告中现有的全部问题生成豁免条目（理由 baseline），此后只显示新问题。"""
    from perfcheck.config.settings import WAIVER_FILE
    from perfcheck.config.waivers import HEADER, baseline_waivers, render_waivers
    from perfcheck.engine import check_file
    from perfcheck.rulepack import load_ruleset

    flags = {"pack": pack, "waivers": str(waivers) if waivers else None}
    configuration = resolve_options(flags, config, isolated)
    settings = configuration.settings
    target = configuration.waiver_file or Path(WAIVER_FILE)
    ruleset = guarded(lambda: load_ruleset(settings.rule_files))
    verdicts = []
    for path in files:
        try:
            verdicts.append(check_file(path, settings, ruleset))
        except PerfcheckError as error:  # an unreadable report cannot be baselined: stop, do not half-write
            raise fail(error) from None
    entries = baseline_waivers(verdicts, target, settings.waivers, strict=settings.strict)
    text = render_waivers(entries)
    if not write:
        sys.stdout.write(text)
        raise typer.Exit(int(ExitCode.OK))
    if entries:
        before = target.read_text(encoding="utf-8") if target.exists() else HEADER
        write_atomically(target, before + ("" if before.endswith("\n") else "\n") + text)
    sys.stderr.write(f"perfcheck：已向 {target} 写入 {len(entries)} 条豁免（理由 baseline）\n")
