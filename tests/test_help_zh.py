"""Help in Chinese: none of click's English words or placeholders, every line within 80 columns."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from test_console import run

from perfcheck.cli.help_zh import translate_help

COMMANDS = [
    (),
    ("check",),
    ("batch",),
    ("rules",),
    ("rules", "list"),
    ("rules", "show"),
    ("rules", "test"),
    ("config",),
    ("baseline",),
    ("outline",),
    ("dump",),
]
ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[default",
    "[required]",
    "x>=",
    "{files}",
    "{paths}",
    "<path>",
    "<str>",
    "<int",
    "<float",
    "[OPTIONS]",
    "COMMAND",
    "ARGS",
)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "perfcheck")
def test_help_is_chinese_and_fits_80_columns(command):
    result = run(*command, "--help", columns=80)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("用法：")
    for english in ENGLISH:
        assert english not in text, english
    assert max(cell_len(line) for line in text.splitlines()) <= 80


def test_no_arguments_prints_the_chinese_help():
    result = run()
    assert "用法：" in result.stdout + result.stderr and "Usage" not in result.stdout + result.stderr


def test_click_extras_are_translated():
    assert translate_help("时限  [default: 60.0; x>=1]") == "时限  [默认：60.0；取值不小于 1]"
    assert translate_help("报告  [required]") == "报告  [必填]"
    assert translate_help("数  [1<=x<=5]") == "数  [取值不小于 1、不大于 5]"


def test_lang_en_keeps_clicks_words():
    assert "Usage:" in run("check", "--help", "--lang", "en").stdout


def test_a_mistyped_command_is_named_not_taken_for_a_file(tmp_path):
    result = run("chek", "x.docx", cwd=tmp_path)
    assert result.returncode == 2
    assert "未知命令" in result.stderr and "是否要使用“check”" in result.stderr and "不存在" not in result.stderr
    (tmp_path / "chek").write_text("预计完成财税5.1亿元\n", encoding="utf-8")
    assert "未知命令" not in run("chek", cwd=tmp_path).stderr  # a file of that name is a report


def test_a_report_from_standard_input(tmp_path):
    from conftest import SAMPLES

    text = (SAMPLES / "qingshuitang-2018-injected.txt").read_text(encoding="utf-8")
    result = run("-", "--stdin-name", "街道报告.txt", "-q", stdin=text)
    assert result.returncode == 1 and "街道报告.txt" in result.stdout and "错误 3" in result.stdout
    empty = run("-", stdin="")
    assert empty.returncode == 3 and "标准输入" in empty.stderr
