"""The officer's screen for one report: verdict first, problems worst first, nothing else unless asked.

Measured on the example with 3 errors (samples/qingshuitang-2018-injected.docx) at 80 and 120 columns:
the whole default output, problems and verdict, must fit one screen at 80 columns (at most 40 lines).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import SAMPLES

from perfcheck.report.printable import printable
from perfcheck.report.wrap import units, wrap

INJECTED = SAMPLES / "qingshuitang-2018-injected.docx"
# One screen of a terminal window: what an officer sees without scrolling.
SCREEN_LINES = 40


def run(*args: object, columns: int = 80, stdin: str | None = None, cwd=None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run(
        [sys.executable, "-m", "perfcheck", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def injected_json():
    result = run(INJECTED, "-f", "json")
    return json.loads(result.stdout)


def test_the_example_has_three_errors(injected_json):
    assert injected_json["failures"]["error"] == 3


@pytest.mark.parametrize("columns", [80, 120])
def test_default_output_is_verdict_then_problems_worst_first_and_fits_a_screen(columns, injected_json):
    result = run(INJECTED, columns=columns)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) <= SCREEN_LINES, f"{len(lines)} lines at {columns} columns"
    assert all(len(line) <= columns for line in lines)  # cells: CJK counts twice, checked below
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= columns
    assert lines[1].startswith("结论：未通过（错误 3，警告 14）")
    errors, warnings = lines.index("错误 3 项"), lines.index("警告 14 项")
    assert 1 < errors < warnings
    failing = [f for f in injected_json["findings"] if f["status"] == "fail"]
    for finding in failing:
        block = lines[errors:warnings] if finding["severity"] == "error" else lines[warnings:]
        assert any(finding["rule"] in line for line in block), finding["rule"]
    counts = injected_json["counts"]
    assert f"通过 {counts['pass']} 项检查（加 --all" in result.stdout
    assert f"不适用 {counts['not-applicable']} 项（加 --all" in result.stdout
    assert "│" not in result.stdout  # no table in the default view


def test_at_80_columns_the_problems_fill_a_screen_but_not_more():
    lines = run(INJECTED, columns=80).stdout.splitlines()
    wide = run(INJECTED, columns=120).stdout.splitlines()
    assert 24 <= len(lines) <= SCREEN_LINES and len(wide) <= len(lines)


def test_no_number_or_amount_is_broken_across_lines(injected_json):
    for columns in (60, 80, 120):
        out = run(INJECTED, columns=columns).stdout
        for finding in injected_json["findings"]:
            if finding["status"] != "fail":
                continue
            for amount in re.findall(r"\d+(?:\.\d+)?(?:万元|亿元|%|个百分点)", finding["message"]):
                assert any(amount in line for line in out.splitlines()), (columns, amount)
        for first, second in zip(out.splitlines(), out.splitlines()[1:], strict=False):
            if first and second.strip():
                assert not (first[-1].isdigit() and second.strip()[0].isdigit()), (first, second)


def test_quiet_prints_only_the_verdict_line_and_means_the_same_for_two_files():
    one = run(INJECTED, "-q")
    assert one.stdout.splitlines() == [one.stdout.strip()] and one.stdout.startswith("结论：未通过")
    two = run(INJECTED, SAMPLES / "qingshuitang-2018-overall.docx", "-q", "--fail-on", "error")
    assert two.returncode == 1
    lines = two.stdout.splitlines()
    assert len(lines) == 2 and "injected" in lines[0] and "结论：通过" in lines[1]


def test_all_lists_every_check_with_severity_only_on_problems(injected_json):
    out = run(INJECTED, "--all", columns=140).stdout
    rows = [line for line in out.splitlines() if line.startswith("│ 通过")]
    assert len(rows) >= 21
    assert not any("错误" in row.split("│")[2] or "警告" in row.split("│")[2] for row in rows)
    assert any(line.startswith("│ 不通过 │ 错误") for line in out.splitlines())


def test_show_lists_only_problems_at_that_level_and_says_what_it_left_out():
    result = run(INJECTED, "--show", "error")
    assert "错误 3 项" in result.stdout and "警告 14 项" not in result.stdout
    assert "另有 14 项较低级别的问题未列出（加 --show warning" in result.stdout
    assert result.returncode == 1  # --show changes the list, never the verdict
    assert run(INJECTED, "--show", "error", "--fail-on", "warning").returncode == 1


def test_wrap_cuts_between_units_only():
    assert units("完成率100%，") == ["完", "成", "率", "100%，"]
    assert "2261.18万元" in units("支出2261.18万元其中")
    for width in range(22, 60):  # from the widest unit (2261.18万元， is 16 cells) plus the indent
        lines = wrap("项目支出2261.18万元，完成率100%（差15个百分点）", width, 2)
        joined = "".join(line.strip() for line in lines)
        assert joined == "项目支出2261.18万元，完成率100%（差15个百分点）"
        assert not any(line.strip().startswith(("，", "）", "%")) for line in lines)
        assert all(not line.strip().endswith("（") for line in lines)


HOSTILE = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b[31m红\x1b[0m\x08\u202e"


def test_printable_shows_controls_and_direction_overrides_escaped():
    shown = printable(f"预计完成{HOSTILE}财税")
    assert "\x1b" not in shown and "\x07" not in shown and "\x08" not in shown and "\u202e" not in shown
    assert "\\x1b[2J" in shown and "\\u202e" in shown and "预计完成" in shown


@pytest.mark.parametrize(
    "args",
    [(), ("--all",), ("-f", "concise"), ("-f", "github"), ("-q",), ("outline",)],
    ids=["default", "all", "concise", "github", "quiet", "outline"],
)
def test_escape_sequences_from_a_report_never_reach_the_terminal(tmp_path, args):
    report = tmp_path / f"报告{HOSTILE}.txt"
    text = (SAMPLES / "qingshuitang-2018-overall.txt").read_text(encoding="utf-8")
    text = text.replace("预计完成财税", f"预计完成{HOSTILE}财税", 1)
    report.write_text(text, encoding="utf-8")
    command = (args[0], report.name, *args[1:]) if args and args[0] in ("outline", "dump") else (report.name, *args)
    result = run(*command, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    for char in ("\x1b", "\x07", "\x08", "\u202e", "\x9b"):
        assert char not in result.stdout + result.stderr
    if args not in (("-q",), ("outline",)):  # the quiet line and the outline do not quote that paragraph
        assert "\\x1b" in result.stdout


def test_escape_sequences_never_reach_the_batch_summary(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    text = (SAMPLES / "qingshuitang-2018-overall.txt").read_text(encoding="utf-8")
    (folder / f"a{HOSTILE}.txt").write_text(text.replace("2018年度", f"2018{HOSTILE}年度"), encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    result = run("batch", folder, "--all", columns=160)
    for char in ("\x1b", "\x07", "\x08", "\u202e"):
        assert char not in result.stdout + result.stderr


def test_escape_sequences_in_a_file_name_never_reach_the_error_line(tmp_path):
    result = run(f"报告{HOSTILE}[1].docx", cwd=tmp_path)  # missing, and [1] matches nothing: a file, not a glob
    assert result.returncode == 3
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr and "\\x1b" in result.stderr


def test_batch_progress_shows_time_left_and_is_cleared_before_the_summary(tmp_path):
    pty = pytest.importorskip("pty", reason="a pseudo-terminal (POSIX) shows what a terminal user sees")
    import select

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text((SAMPLES / "qingshuitang-2018-injected.txt").read_text("utf-8"), "utf-8")
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}
    command = [sys.executable, "-m", "perfcheck", "batch", str(tmp_path), "-j", "1"]
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out = b""
    while select.select([master], [], [], 60)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        out += data
    process.wait(timeout=60)
    text = out.decode("utf-8", "replace")
    assert "检查中" in text and "剩余" in text  # the bar, with the time left
    summary = text.index("批量检查结果")
    assert "\x1b[2K" in text[text.rindex("检查中") : summary]  # the bar's line is erased first
    assert "检查中" not in text[summary:]  # and nothing of it is glued to the summary


def test_batch_summary_is_one_line_per_report_at_120_columns(tmp_path):
    from rich.cells import cell_len

    result = run("batch", SAMPLES / "self-eval", "--all", "--json", tmp_path / "b.json", columns=120)
    reports = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["reports"]
    lines = result.stdout.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    rows = [line for line in lines[:end] if line.startswith("│")]
    assert max(cell_len(line) for line in lines[: end + 1]) <= 120
    assert len(rows) == len(reports) >= 20  # a wrapped cell would add a line
    verdicts = [row.split("│")[2].strip() for row in rows]
    assert all(v in ("通过", "未通过", "无法读取", "检查超时", "检查出错") for v in verdicts), verdicts
    assert verdicts.index("通过") > max(i for i, v in enumerate(verdicts) if v != "通过")  # problems first
    default = run("batch", SAMPLES / "self-eval", columns=120).stdout
    assert "份通过（加 --all 全部列出）" in default
