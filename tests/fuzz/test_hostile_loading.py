"""Rule, configuration and waiver files, and reports, that are not what they claim (issue 12).

Each is refused with one line that names the file (and the line where there is one): exit 3 for a
report, exit 2 for the others. Nothing blocks, nothing reads without bound, no traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")

REPORT = "2018年度某局整体支出绩效评价报告\n一、整体支出概况\n整体支出100万元，基本支出60万元，项目支出40万元。\n"


def run(*args, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfcheck", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line(result, code: int, *words: str) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _special_files(folder: Path) -> dict[str, Path]:
    """A FIFO, /dev/zero and a listening Unix socket, each behind a name with a report's suffix."""
    os.mkfifo(folder / "fifo")
    found = {"fifo": folder / "fifo", "device": Path("/dev/zero")}
    if hasattr(socket, "AF_UNIX"):
        found["socket"] = folder / "sock"
    return found


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device", "socket"])
def test_a_report_that_is_not_a_regular_file_is_refused_before_reading(kind):
    with tempfile.TemporaryDirectory(dir="/tmp") as name:  # short: a Unix socket's path is limited to ~100 bytes
        folder = Path(name)
        specials = _special_files(folder)
        if kind not in specials:
            pytest.skip("no Unix sockets here")
        server = None
        if kind == "socket":
            server = socket.socket(socket.AF_UNIX)
            server.bind(str(specials["socket"]))
        try:
            for suffix in (".txt", ".docx"):
                link = folder / f"report{suffix}"
                link.unlink(missing_ok=True)
                link.symlink_to(specials[kind])
                one_line(run(link, timeout=30), 3, f"report{suffix}", "不是普通文件")
        finally:
            if server is not None:
                server.close()


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize(("option", "suffix"), [("--rules", ".yml"), ("--config", ".toml"), ("--waivers", ".yml")])
def test_rule_config_and_waiver_files_that_are_not_regular_files_are_usage_errors(
    tmp_path, report, kind, option, suffix
):
    specials = _special_files(tmp_path)
    link = tmp_path / f"named{suffix}"
    link.symlink_to(specials[kind])
    one_line(run(report, option, link, timeout=30), 2, "不是普通文件")


def test_a_configuration_file_that_is_a_folder_is_an_error(tmp_path, report):
    (tmp_path / "conf.toml").mkdir()
    one_line(run(report, "--config", tmp_path / "conf.toml"), 2, "conf.toml", "文件夹")


def test_oversized_rule_files_are_refused_unread(tmp_path, report):
    big = tmp_path / "big.yml"
    with big.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: 5 MB of zeros without writing them
    one_line(run(report, "--rules", big), 2, "big.yml", "文件过大")


def _alias_bomb(levels: int = 20) -> str:
    anchors = [f'&a0 "{"x" * 100}"'] + [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return (
        "pack: bomb\ntitle: 炸弹\ndescription: [\n  " + ",\n  ".join(anchors) + "\n]\nrules:\n"
        "  - id: BOMB-01\n    kind: pattern\n    severity: info\n    title: x\n    basis: y\n"
        f"    message: *a{levels - 1}\n    params: {{pattern: a}}\n"
    )


def test_a_yaml_alias_bomb_in_a_rule_file_is_refused_with_its_line(tmp_path, report):
    (tmp_path / "bomb.yml").write_text(_alias_bomb(), encoding="utf-8")
    line = one_line(run(report, "--rules", tmp_path / "bomb.yml", timeout=30), 2, "bomb.yml:", "展开后内容过大")
    assert line.split("bomb.yml:")[1][0].isdigit()


def test_a_yaml_alias_bomb_in_a_waiver_file_is_refused(tmp_path, report):
    text = "- {rule: X, file: '*', fingerprint: '1', reason: &a0 'xxxxxxxxxx'}\n"
    text += "".join(f"- &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12))
    (tmp_path / "waivers.yml").write_text(text, encoding="utf-8")
    one_line(run(report, "--waivers", tmp_path / "waivers.yml", timeout=30), 2, "waivers.yml:", "展开后内容过大")


def test_a_huge_scalar_in_a_rule_file_is_refused(tmp_path, report):
    text = "rules:\n  - id: BIG-01\n    kind: pattern\n    severity: info\n    title: x\n    basis: y\n"
    text += f"    message: {'长' * 100_000}\n    params: {{pattern: a}}\n"
    (tmp_path / "long.yml").write_text(text, encoding="utf-8")
    one_line(run(report, "--rules", tmp_path / "long.yml"), 2, "long.yml:7", "内容过长")


@pytest.mark.parametrize("text", ["a = " + "[" * 20000 + "]" * 20000, "a = " + "{b = " * 3000 + "1" + "}" * 3000])
def test_toml_nested_thousands_deep_is_one_line(tmp_path, report, text):
    (tmp_path / "deep.toml").write_text(text + "\n", encoding="utf-8")
    one_line(run(report, "--config", tmp_path / "deep.toml"), 2, "deep.toml")


def test_yaml_nested_thousands_deep_is_one_line(tmp_path, report):
    (tmp_path / "deep.yml").write_text("a: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    one_line(run(report, "--rules", tmp_path / "deep.yml"), 2, "deep.yml")


@pytest.mark.parametrize("value", ['"NaN"', '"sNaN"', '"1e999999999"', '"-1e-999999999"', "nan", "inf"])
def test_numeric_parameters_must_be_finite_and_in_range(tmp_path, report, value):
    (tmp_path / "p.toml").write_text(f"[rules.OE-SUM-01.params]\ntolerance = {value}\n", encoding="utf-8")
    one_line(run(report, "--config", tmp_path / "p.toml", timeout=30), 2, "p.toml:2", "tolerance")


def test_numeric_parameters_in_a_rule_file_too(tmp_path, report):
    text = (
        "rules:\n  - id: MY-SUM-01\n    kind: sum\n    severity: error\n    title: x\n    basis: y\n    message: m\n"
        "    params: {total: {label: 合计}, parts: [{label: 甲}], tolerance: .nan}\n"
    )
    (tmp_path / "nan.yml").write_text(text, encoding="utf-8")
    one_line(run(report, "--rules", tmp_path / "nan.yml"), 2, "nan.yml:8", "有限")


def test_a_pack_that_extends_itself_names_its_file(tmp_path, report):
    (tmp_path / "self.yml").write_text("pack: mine\ntitle: 我的\nextends: mine\nrules: []\n", encoding="utf-8")
    one_line(run(report, "--rules", tmp_path / "self.yml"), 2, "self.yml:3", "继承自身")


def test_a_user_pack_may_not_take_a_shipped_packs_name(tmp_path, report):
    (tmp_path / "common.yml").write_text("pack: common\ntitle: 我的\nrules: []\n", encoding="utf-8")
    one_line(run(report, "--rules", tmp_path / "common.yml"), 2, "common.yml:1", "重名")


def test_an_inheritance_cycle_names_a_file(tmp_path, report):
    (tmp_path / "a.yml").write_text("pack: pa\nextends: pb\nrules: []\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("pack: pb\nextends: pa\ndetect: 报告\nrules: []\n", encoding="utf-8")
    one_line(run(report, "--rules", tmp_path / "a.yml", "--rules", tmp_path / "b.yml"), 2, "循环", ".yml")


@pytest.mark.parametrize(
    ("text", "words"),
    [("", ("文件为空",)), ("# 只有注释\n", ("文件为空",)), ("- 1\n", ("规则",)), ('"x"\n', (":1", "顶层"))],
)
def test_empty_and_wrongly_shaped_rule_files_name_the_file(tmp_path, report, text, words):
    (tmp_path / "r.yml").write_text(text, encoding="utf-8")
    one_line(run(report, "--rules", tmp_path / "r.yml"), 2, "r.yml", *words)


def test_a_rules_path_that_is_a_folder_names_it(tmp_path, report):
    (tmp_path / "rules.yml").mkdir()
    one_line(run(report, "--rules", tmp_path / "rules.yml"), 2, "rules.yml", "文件夹")


def test_a_yaml_alias_bomb_in_a_rule_case_file_is_refused(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "c.yml").write_text(_alias_bomb(), encoding="utf-8")
    one_line(run("rules", "test", tmp_path / "cases", timeout=30), 2, "c.yml:", "展开后内容过大")
