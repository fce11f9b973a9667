"""Configuration: discovery (closest wins), explicit extend only, flags over files, rule knobs through the
params converter, selection by prefix and by path, and the errors a wrong file gives (exit 2 with the key)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_cli import run

from perfcheck.config.layers import resolve_settings
from perfcheck.config.settings import (
    ConfigError,
    PathIgnore,
    Settings,
    find_config,
    is_selected,
)
from perfcheck.engine import Settings as EngineSettings
from perfcheck.rule_overrides import apply_overrides


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_still_importable_from_the_engine():
    assert EngineSettings is Settings


def test_the_closest_file_wins_and_a_pyproject_without_the_table_does_not_count(tmp_path):
    write(tmp_path / "perfcheck.toml", 'fail-on = "warning"\n')
    child = tmp_path / "a" / "b"
    write(child / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(child) == tmp_path / "perfcheck.toml"
    write(tmp_path / "a" / ".perfcheck.toml", "strict = true\n")
    assert find_config(child) == (tmp_path / "a" / ".perfcheck.toml").resolve()
    write(child / "pyproject.toml", "[project]\nname = 'x'\n[tool.perfcheck]\nfail-on = 'info'\n")
    assert find_config(child) == (child / "pyproject.toml").resolve()
    assert resolve_settings(cwd=child).settings.fail_on == "info"


def test_within_one_folder_perfcheck_toml_comes_first(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.perfcheck]\nfail-on = 'info'\n")
    write(tmp_path / ".perfcheck.toml", "fail-on = 'warning'\n")
    assert find_config(tmp_path).name == ".perfcheck.toml"
    write(tmp_path / "perfcheck.toml", "strict = true\n")
    assert find_config(tmp_path).name == "perfcheck.toml"


def test_nothing_is_inherited_without_extend(tmp_path):
    write(tmp_path / "perfcheck.toml", 'fail-on = "warning"\n')
    write(tmp_path / "sub" / "perfcheck.toml", "strict = true\n")
    settings = resolve_settings(cwd=tmp_path / "sub").settings
    assert settings.strict is True
    assert settings.fail_on == "error"


def test_extend_inherits_and_the_extending_file_wins(tmp_path):
    base = write(tmp_path / "base.toml", 'fail-on = "warning"\nstrict = true\nrule-files = ["office.yml"]\n')
    child = write(
        tmp_path / "sub" / "perfcheck.toml", 'extend = "../base.toml"\nstrict = false\nrule-files = ["more.yml"]\n'
    )
    configuration = resolve_settings(cwd=child.parent)
    settings = configuration.settings
    assert settings.fail_on == "warning" and settings.strict is False
    assert settings.rule_files == (str(tmp_path / "office.yml"), str(tmp_path / "sub" / "more.yml"))
    assert configuration.origins["fail-on"] == str(base.resolve())
    assert configuration.origins["strict"] == str(child.resolve())


def test_an_extend_cycle_is_refused(tmp_path):
    write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    with pytest.raises(ConfigError, match="循环"):
        resolve_settings(config=tmp_path / "a.toml", cwd=tmp_path)


def test_flags_override_files_and_say_so(tmp_path):
    write(tmp_path / "perfcheck.toml", 'fail-on = "warning"\npack = "common"\n')
    configuration = resolve_settings({"fail-on": "info", "pack": None}, cwd=tmp_path)
    assert configuration.settings.fail_on == "info"
    assert configuration.settings.pack == "common"
    assert configuration.origins["fail-on"] == "命令行 --fail-on"


def test_isolated_reads_no_file_and_no_waivers(tmp_path):
    write(tmp_path / "perfcheck.toml", 'fail-on = "warning"\n')
    write(tmp_path / "perfcheck-waivers.yml", "- {rule: X, file: a, fingerprint: f, reason: r}\n")
    assert len(resolve_settings(cwd=tmp_path).settings.waivers) == 1
    configuration = resolve_settings(isolated=True, cwd=tmp_path)
    assert configuration.settings.fail_on == "error"
    assert configuration.settings.waivers == () and configuration.files == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('fail_on = "warning"\n', ("fail_on", ":1")),
        ('\n\nfail-on = "fatal"\n', ("fail-on", ":3", "fatal")),
        ("strict = \n", ("TOML",)),
        ("[rules.CM-EST-01]\nseverity = 'loud'\n", ("rules.CM-EST-01.severity", "loud")),
        ("select = [1]\n", ("select",)),
    ],
)
def test_a_wrong_file_names_the_file_line_and_key(tmp_path, text, words):
    path = write(tmp_path / "perfcheck.toml", text)
    with pytest.raises(ConfigError) as caught:
        resolve_settings(cwd=tmp_path)
    assert str(path) in str(caught.value)
    for word in words:
        assert word in str(caught.value)


def test_longest_prefix_decides_between_select_and_ignore():
    assert is_selected("CM-PH-01", (), ())
    assert not is_selected("CM-PH-01", (), ("CM-",))
    assert is_selected("CM-PH-01", ("CM-PH-01",), ("CM-",))
    assert not is_selected("CM-PH-02", ("CM-",), ("CM-PH",))
    assert not is_selected("OE-SUM-01", ("CM-",), ())
    assert not is_selected("CM-PH-01", ("CM-PH",), ("CM-PH",))  # a tie ignores


def test_per_path_ignores_match_relative_to_the_config_folder(tmp_path):
    settings = Settings(per_path_ignores=(PathIgnore("2019/*.docx", ("CM-EST",), str(tmp_path)),))
    assert not settings.runs("CM-EST-01", str(tmp_path / "2019" / "a.docx"))
    assert settings.runs("CM-EST-01", str(tmp_path / "2020" / "a.docx"))
    assert settings.runs("CM-PH-01", str(tmp_path / "2019" / "a.docx"))


def test_rule_knobs_go_through_the_params_converter(tmp_path, ruleset):
    write(
        tmp_path / "perfcheck.toml",
        "[rules.CM-PH-01]\nmax_findings = 3\nseverity = 'warning'\n[rules.CM-RATIO-01.params]\ntolerance = '0.5'\n",
    )
    settings = resolve_settings(cwd=tmp_path).settings
    configured = apply_overrides(ruleset, settings)
    rules = {r.id: r for p in configured.packs.values() for r in p.rules}
    assert rules["CM-PH-01"].params.max_findings == 3 and rules["CM-PH-01"].severity == "warning"
    assert rules["CM-RATIO-01"].params.tolerance == Decimal("0.5")
    assert configured.sha256 != ruleset.sha256, "the verdict's ruleset hash reflects configured knobs"
    assert apply_overrides(ruleset, Settings()) is ruleset


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[rules.NO-SUCH-01]\nthreshold = 85\n", "rules.NO-SUCH-01"),
        ("[rules.CM-PH-01]\nmax_finding = 3\n", "rules.CM-PH-01.max_finding"),
        ("[rules.CM-PH-01]\nmax_findings = 'many'\n", "rules.CM-PH-01.max_findings"),
        ("[rules.CM-PH-01.params]\npattern = '(('\n", "rules.CM-PH-01.pattern"),
        # a value of the right type that the kind's own check refuses (threshold: target needs (?P<value>…))
        ("[rules.OE-THR-01.params]\ntarget = '目标\\d+%'\n", "rules.OE-THR-01"),
    ],
)
def test_an_unknown_rule_or_parameter_is_refused_with_its_key(tmp_path, ruleset, text, key):
    write(tmp_path / "perfcheck.toml", text)
    settings = resolve_settings(cwd=tmp_path).settings
    with pytest.raises(ConfigError) as caught:
        apply_overrides(ruleset, settings)
    assert key in str(caught.value)
    assert "perfcheck.toml:" in str(caught.value), "the line is found for the key"


def test_cli_bad_config_exits_2_and_config_command_shows_origins(tmp_path):
    write(tmp_path / "perfcheck.toml", "[rules.NO-SUCH-01]\nthreshold = 85\n")
    report = write(tmp_path / "r.txt", "2023年度某街道整体支出绩效自评报告\n一、概况\n内容。\n")
    result = run(report, cwd=tmp_path)
    assert result.returncode == 2 and "NO-SUCH-01" in result.stderr and "Traceback" not in result.stderr
    write(tmp_path / "perfcheck.toml", 'fail-on = "warning"\n')
    shown = run("config", "--config", tmp_path / "perfcheck.toml", cwd=tmp_path)
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    assert any(line.startswith('fail-on = "warning"') and "perfcheck.toml" in line for line in lines)
    assert any(line.startswith("strict = false") and "默认" in line for line in lines)
