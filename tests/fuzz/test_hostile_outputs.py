"""Outputs go only to regular files, new names or standard output; CSV cells never run as formulas (issue 12)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfcheck.outputs import NotARegularFile, check_output_target
from perfcheck.report.csv_findings import ENCODING, as_cell

REPORT = "2018年度某局整体支出绩效评价报告\n一、整体支出概况\n整体支出100万元，基本支出60万元，项目支出30万元。\n"
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfcheck", *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


@posix_only
@pytest.mark.parametrize("option", ["-o", "--json", "--html"])
@pytest.mark.parametrize("through_symlink", [False, True])
def test_an_output_onto_a_fifo_is_refused_and_the_fifo_stays(tmp_path, report, option, through_symlink):
    os.mkfifo(tmp_path / "pipe")
    target = tmp_path / "pipe"
    if through_symlink:
        target = tmp_path / "link.out"
        target.symlink_to(tmp_path / "pipe")
    result = run(report, option, target)
    assert result.returncode == 2 and "不是普通文件" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (tmp_path / "pipe").is_fifo()
    assert result.stdout == ""  # refused before checking, not after printing the table


@posix_only
@pytest.mark.parametrize("option", ["--csv", "--json", "--jsonl", "--xlsx"])
def test_batch_outputs_onto_a_fifo_are_refused(tmp_path, report, option):
    os.mkfifo(tmp_path / "pipe")
    result = run("batch", report, option, tmp_path / "pipe")
    assert result.returncode == 2 and "不是普通文件" in result.stderr
    assert (tmp_path / "pipe").is_fifo()


@pytest.mark.skipif(not Path("/dev/null").exists() or sys.platform == "win32", reason="needs /dev/null")
def test_a_character_device_is_never_a_target():
    with pytest.raises(NotARegularFile):
        check_output_target(Path("/dev/null"))
    check_output_target(Path("-"))  # standard output is fine


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_print_to_standard_output(report, target):
    if target == "/dev/stdout" and sys.platform == "win32":
        pytest.skip("no /dev/stdout on Windows")
    result = run(report, "-f", "json", "-o", target)
    assert result.returncode == 1, result.stderr
    assert result.stdout.lstrip().startswith("{") and '"verdict"' in result.stdout
    assert not Path(target).name.startswith("-") or not Path("-").exists()


@pytest.mark.parametrize("option", ["--html", "--json", "-o"])
def test_an_output_onto_a_hard_link_of_the_input_is_refused(tmp_path, report, option):
    link = tmp_path / "review.html"
    try:
        os.link(report, link)
    except OSError:
        pytest.skip("no hard links on this file system")
    before = report.read_bytes()
    result = run(report, option, link)
    assert result.returncode == 2 and "不会覆盖输入文件" in result.stderr
    assert report.read_bytes() == before and os.path.samefile(report, link)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.5", "-12.5"),
        ("95.5%", "95.5%"),
        (3, 3),
        ("整体支出", "整体支出"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_text(value, written):
    assert as_cell(value) == written


def test_the_batch_csv_escapes_file_names_and_text_from_reports(tmp_path):
    hostile = tmp_path / "=HYPERLINK(1).txt"
    hostile.write_text(
        "=cmd2018年度某局整体支出绩效评价报告\n一、整体支出概况\n整体支出100万元，基本支出60万元，项目支出30万元。\n",
        encoding="utf-8",
    )
    result = run("batch", hostile, "--csv", tmp_path / "f.csv")
    assert result.returncode in (0, 1), result.stderr
    with (tmp_path / "f.csv").open(encoding=ENCODING, newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    assert any(cell.startswith("'=cmd") for cell in cells)  # the report's own first line, quoted


def test_library_log_records_and_warnings_do_not_reach_the_terminal():
    # In a fresh interpreter: pytest's own warning capture would hide a leak here.
    probe = (
        "import logging, warnings\n"
        "from perfcheck.quiet import silence_library_chatter\n"
        "silence_library_chatter()\n"
        "logging.getLogger('pdfminer.pdfpage').warning('Not adding object 12 to xref')\n"
        'warnings.warn("a library\'s English warning", UserWarning, stacklevel=1)\n'
    )
    leaked = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stderr
    assert leaked == ""
    unguarded = subprocess.run(
        [sys.executable, "-c", probe.replace("silence_library_chatter()\n", "")], capture_output=True, text=True
    ).stderr
    assert "Not adding object" in unguarded  # the probe would show a leak
