"""The command line as a user meets it: exit codes, one Chinese line for bad input, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
from conftest import EXAMPLE_TXT

from perfcheck.report.json_verdict import verdict_schema


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "perfcheck", *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd
    )


def assert_one_clear_line(result, exit_code: int, *words: str) -> None:
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.docx", None, ("missing.docx", "不存在")),
        ("empty.docx", b"", ("empty.docx", "为空")),
        ("report.pptx", b"data", ("report.pptx", "不支持", ".docx")),
        # legacy Excel: converted through LibreOffice, or a line asking for .xlsx
        ("report.xls", b"data", ("report.xls",)),
        ("bad.txt", b"\x81\x30\xff\xfe\x00\x00\x80" * 50, ("bad.txt", "编码")),
        ("random.docx", os.urandom(2048), ("random.docx",)),
        ("random.pdf", os.urandom(2048), ("random.pdf",)),
    ],
)
def test_unreadable_input_exits_3_with_one_line(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert_one_clear_line(run(path), 3, *words)


def test_a_folder_is_not_a_report(tmp_path):
    assert_one_clear_line(run(tmp_path), 3, "文件夹")


def test_bad_rule_file_exits_2_with_file_and_line(tmp_path):
    rules = tmp_path / "bad-rules.yml"
    rules.write_text("rules: [\n  - id: X\n    kind: nope\n", encoding="utf-8")
    assert_one_clear_line(run("--rules", rules, EXAMPLE_TXT), 2, "bad-rules.yml:")


def test_unknown_pack_exits_2():
    assert_one_clear_line(run("--pack", "nope", EXAMPLE_TXT), 2, "nope")


def test_example_report_passes_at_default_level_and_fails_on_warnings():
    result = run(EXAMPLE_TXT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "结论：通过" in result.stdout and "\n警告 " in result.stdout  # warnings listed, below --fail-on
    assert run("--fail-on", "warning", EXAMPLE_TXT).returncode == 1


def test_json_output_validates_against_the_shipped_schema():
    result = run("--format", "json", EXAMPLE_TXT)
    assert result.returncode == 0
    verdict = json.loads(result.stdout)
    jsonschema.validate(verdict, verdict_schema())
    assert verdict["pack"] == "overall-expenditure"
    assert "清水塘街道" in result.stdout  # Chinese as UTF-8, not \\u escapes
    assert all(f["location"]["excerpt"] for f in verdict["findings"])


def test_output_file_and_json_file_leave_the_exit_code_alone(tmp_path):
    table, verdict = tmp_path / "out.txt", tmp_path / "verdict.json"
    result = run("--fail-on", "warning", "--output", table, "--json", verdict, EXAMPLE_TXT)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "结论：未通过" in table.read_text(encoding="utf-8")
    assert json.loads(verdict.read_text(encoding="utf-8"))["verdict"] == "fail"


def test_strict_counts_unresolved_as_failing(tmp_path):
    report = tmp_path / "notes.txt"
    report.write_text("2023年度某街道整体支出绩效自评报告\n这份报告没有任何章节。\n", encoding="utf-8")
    assert run(report).returncode == 0
    assert run("--strict", report).returncode == 1


def test_input_is_never_modified(tmp_path):
    copy = tmp_path / "report.txt"
    copy.write_bytes(EXAMPLE_TXT.read_bytes())
    before = (copy.read_bytes(), copy.stat().st_mtime_ns)
    run("--json", tmp_path / "v.json", copy)
    assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before


def test_outline_and_dump():
    outline = run("outline", EXAMPLE_TXT)
    assert outline.returncode == 0
    for title in (
        "一、整体支出概况",
        "二、整体支出资金使用及管理情况",
        "三、2018年绩效目标完成情况",
        "四、其他需要说明事宜",
    ):
        assert title in outline.stdout
    dump = json.loads(run("dump", EXAMPLE_TXT, "--json").stdout)
    assert dump["title"] == "2018年度清水塘街道整体支出绩效评价报告"
    assert [s["number"] for s in dump["outline"]] == ["一、", "二、", "三、", "四、"]


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("perfcheck ")


@pytest.mark.parametrize("option", ["--output", "--json"])
def test_an_output_that_is_the_input_is_refused_and_the_input_survives(tmp_path, option):
    report = tmp_path / "report.txt"
    report.write_bytes(EXAMPLE_TXT.read_bytes())
    assert_one_clear_line(run(option, report, report), 2, "不会覆盖")
    assert report.read_bytes() == EXAMPLE_TXT.read_bytes()


@pytest.mark.parametrize(
    ("target", "words"), [("folder", "文件夹"), ("missing/out.txt", "不存在")], ids=["folder", "missing-folder"]
)
def test_an_unwritable_output_is_one_line_and_exit_2(tmp_path, target, words):
    (tmp_path / "folder").mkdir()
    assert_one_clear_line(run("--output", tmp_path / target, EXAMPLE_TXT), 2, "无法写入", words)


def test_several_reports_as_json_on_stdout(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(EXAMPLE_TXT.read_bytes())
    result = run("--format", "json", EXAMPLE_TXT, copy)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    batch = json.loads(result.stdout)
    assert [r["status"] for r in batch["reports"]] == ["checked", "checked"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--fail-on", "fatal"], ("--fail-on", "不是可选的值", "error、warning、info")),
        (["--nope"], ("没有这个选项", "--nope")),
        (["batch", "-j", "0"], ("--jobs", "超出允许范围")),
    ],
    ids=["bad-choice", "unknown-option", "out-of-range"],
)
def test_command_line_mistakes_are_one_chinese_line_and_exit_2(args, words):
    assert_one_clear_line(run(*args, EXAMPLE_TXT), 2, *words)


def test_output_files_get_ordinary_permissions(tmp_path):
    # written through a private temporary file, but the finished output is shared like any saved file
    umask = os.umask(0o022)
    os.umask(umask)
    target = tmp_path / "verdict.json"
    run("--json", target, EXAMPLE_TXT)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(("code", "returncode", "stderr"), [(None, 0, ""), (3, 3, ""), ("出错了", 1, "出错了\n")])
def test_the_fast_exit_keeps_sys_exits_meaning_and_flushes_what_was_written(code, returncode, stderr):
    """The entry point ends with os._exit (no interpreter teardown): the code, a message given as the code, and
    output still buffered in the streams come out as a normal exit would give them."""
    probe = f"import sys\nfrom perfcheck.cli import _exit_now\nsys.stdout.write('写出' * 5000)\n_exit_now({code!r})\n"
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=buffered)
    assert (result.returncode, result.stderr, result.stdout) == (returncode, stderr, "写出" * 5000)
