"""perfcheck batch: finding the files, rows for unreadable and stuck files, exit codes, outputs, Ctrl-C."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLE_TXT, SAMPLES

from perfcheck.batch import check_files, discover_inputs, unit_and_year
from perfcheck.batch.similarity import estimate, fingerprint
from perfcheck.cli.batch import atomic_output

INJECTED = SAMPLES / "qingshuitang-2018-injected.txt"


def run(*args, env=None, cwd=None):
    env = {**os.environ, "COLUMNS": "200", **(env or {})}
    command = [sys.executable, "-m", "perfcheck", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)


@pytest.fixture
def folder(tmp_path):
    """Two good reports in nested folders, plus files a folder scan must skip."""
    (tmp_path / "b" / "deep").mkdir(parents=True)
    shutil.copy(EXAMPLE_TXT, tmp_path / "a.txt")
    shutil.copy(EXAMPLE_TXT, tmp_path / "b" / "deep" / "c.txt")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"owner file")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(EXAMPLE_TXT, tmp_path / ".hidden" / "x.txt")
    return tmp_path


def test_discovery_walks_folders_expands_globs_keeps_missing_files_and_dedupes(folder):
    found = discover_inputs([folder, str(folder / "*.txt"), folder / "missing.docx", str(folder / "none*.pdf")])
    names = [p.relative_to(folder).as_posix() for p in found]
    assert names == ["a.txt", "b/deep/c.txt", "missing.docx", "none*.pdf"]


@pytest.mark.parametrize(
    ("title", "unit", "year"),
    [
        ("2018年度清水塘街道整体支出绩效评价报告", "清水塘街道", "2018"),
        ("长沙市开福区住房和城乡建设局2021年度部门整体支出绩效自评报告", "长沙市开福区住房和城乡建设局", "2021"),
        ("2023年度社区养老服务补助项目支出绩效自评报告", "", "2023"),
        ("绩效评价报告", "", ""),
    ],
)
def test_unit_and_year_from_the_title(title, unit, year):
    assert unit_and_year(title) == (unit, year)


def test_check_files_yields_in_input_order_with_unreadable_rows(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    entries = list(check_files([INJECTED, empty, EXAMPLE_TXT, tmp_path / "gone.pdf"], jobs=2))
    assert [e["index"] for e in entries] == [0, 1, 2, 3]
    assert [e["status"] for e in entries] == ["checked", "unreadable", "checked", "unreadable"]
    assert "为空" in entries[1]["problem"] and "不存在" in entries[3]["problem"]
    assert entries[0]["verdict"]["verdict"] == "fail" and entries[2]["verdict"]["verdict"] == "pass"


def test_fingerprint_ignores_figures_and_tells_different_texts_apart():
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    refigured = text.replace("4508.18", "3999.01").replace("2247", "1738")
    assert estimate(fingerprint(text), fingerprint(refigured)) == 1.0
    other = (SAMPLES / "self-eval-table.docx").name * 50
    assert estimate(fingerprint(text), fingerprint(other)) < 0.2
    assert fingerprint("短") == b""


def test_exit_code_is_3_for_an_unreadable_file_among_passing_ones_and_rows_say_why(folder, tmp_path):
    (folder / "broken.pdf").write_bytes(os.urandom(512))
    out = tmp_path / "out"
    out.mkdir()
    result = run("batch", folder, "--csv", out / "f.csv", "--json", out / "b.json")
    assert result.returncode == 3, result.stderr
    assert "无法读取" in result.stdout and "broken.pdf" in result.stdout
    data = out.joinpath("f.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    broken = [r for r in rows if r["文件"].endswith("broken.pdf")]
    assert len(broken) == 1 and broken[0]["状态"] == "无法读取" and broken[0]["说明"]
    batch = json.loads(out.joinpath("b.json").read_text(encoding="utf-8"))
    assert batch["totals"] == batch["totals"] | {"reports": 3, "pass": 2, "unreadable": 1}


def test_exit_code_0_when_all_pass_and_1_when_any_fails(folder):
    assert run("batch", folder, "-q").returncode == 0
    shutil.copy(INJECTED, folder / "injected.txt")
    assert run("batch", folder, "-q").returncode == 1


def test_plain_perfcheck_with_several_inputs_is_the_batch(folder, tmp_path):
    plain = run(folder / "a.txt", folder / "b", "--json", tmp_path / "plain.json")
    batch = run("batch", folder / "a.txt", folder / "b", "--json", tmp_path / "batch.json")
    assert plain.returncode == batch.returncode == 0
    assert plain.stdout == batch.stdout and "合计 2 份" in plain.stdout
    assert (tmp_path / "plain.json").read_bytes() == (tmp_path / "batch.json").read_bytes()


def test_an_empty_folder_is_bad_input_not_a_pass(tmp_path):
    result = run("batch", tmp_path)
    assert result.returncode == 3
    assert "没有找到报告文件" in result.stderr and "Traceback" not in result.stderr


def test_unknown_pack_stops_before_any_work(folder):
    result = run("batch", folder, "--pack", "nope")
    assert result.returncode == 2 and "nope" in result.stderr


def _stuck(folder, tmp_path, name: str) -> list[str]:
    """A report on which a (deliberately catastrophic) office rule runs for minutes: the options that load it."""
    (folder / name).write_text("一、基本情况\n" + "a" * 40 + "b\n", encoding="utf-8")
    rules = tmp_path / "slow-rules.yml"
    rules.write_text(
        "rules:\n  - id: SLOW-01\n    kind: pattern\n    severity: info\n    title: 灾难性正则\n"
        "    basis: 测试用：灾难性回溯的正则，让一份报告的检查卡住。\n    message: '{match}'\n"
        "    params: {pattern: '(a|a)+$'}\n",
        encoding="utf-8",
    )
    config = tmp_path / "perfcheck.toml"
    config.write_text("regex-timeout = 600\n", encoding="utf-8")  # so that the per-file limit acts first
    return ["--config", str(config), "--rules", str(rules)]


def test_a_stuck_file_becomes_a_timeout_row_and_the_batch_goes_on(folder, tmp_path):
    options = _stuck(folder, tmp_path, "slow.txt")
    started = time.monotonic()
    result = run("batch", folder, *options, "--timeout", "1", "--json", tmp_path / "b.json")
    assert time.monotonic() - started < 30
    assert result.returncode == 3, result.stderr
    batch = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    statuses = {os.path.basename(e["file"]): e["status"] for e in batch["reports"]}
    assert statuses == {"a.txt": "checked", "c.txt": "checked", "slow.txt": "timeout"}
    assert "检查超时" in result.stdout


def test_xlsx_has_summary_findings_and_widths_for_chinese(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from perfcheck.report.xlsx import text_width

    assert text_width("清水塘街道") == 10 and text_width("CM-PH-01") == 8
    result = run("batch", EXAMPLE_TXT, INJECTED, tmp_path / "gone.docx", "--xlsx", tmp_path / "r.xlsx")
    assert result.returncode == 1
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames[:2] == ["汇总", "问题明细"]
    summary, findings = book["汇总"], book["问题明细"]
    header = [c.value for c in summary[1]]
    assert header[:6] == ["序号", "文件", "单位", "报告类型", "年度", "结论"]
    verdicts = [summary.cell(row=r, column=6) for r in (2, 3, 4)]
    assert [c.value for c in verdicts] == ["通过", "未通过", "无法读取"]
    assert len({c.fill.start_color.rgb for c in verdicts}) == 3
    assert summary.cell(row=2, column=3).value == "清水塘街道" and summary.cell(row=2, column=5).value == 2018
    assert summary.column_dimensions["C"].width >= text_width("清水塘街道")
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref.startswith("A1:")
    rules = [findings.cell(row=r, column=5).value for r in range(2, findings.max_row + 1)]
    assert {"CM-BRK-01", "OE-SEC-01", "CM-COUNT-01"} <= set(rules)


def test_atomic_output_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as stream:
        stream.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_ctrl_c_writes_what_finished_marked_incomplete(folder, tmp_path):
    options = _stuck(folder, tmp_path, "zslow0.txt")
    for i in range(1, 4):
        shutil.copy(EXAMPLE_TXT, folder / f"zslow{i}.txt")
    old = tmp_path / "b.json"
    old.write_text("previous run", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "perfcheck",
        "batch",
        folder,
        "-j",
        "1",
        "--json",
        old,
        "--jsonl",
        tmp_path / "b.jsonl",
        *options,
    ]
    env = dict(os.environ)
    process = subprocess.Popen(list(map(str, command)), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    partial = tmp_path / "b.jsonl.partial"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not partial.exists() or partial.read_bytes().count(b"\n") < 2):
        time.sleep(0.05)
    assert partial.read_bytes().count(b"\n") == 2  # a.txt and c.txt done; the worker is stuck on zslow0
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "已中断" in stderr.decode()
    batch = json.loads(old.read_text(encoding="utf-8"))
    assert batch["complete"] is False
    assert [os.path.basename(e["file"]) for e in batch["reports"]] == ["a.txt", "c.txt"]
    assert batch["totals"]["inputs"] == 6 and batch["totals"]["reports"] == 2
    assert len((tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert not partial.exists()
    assert "已中断" in stdout.decode()


def test_a_batch_output_that_is_one_of_the_inputs_is_refused(folder, tmp_path):
    report = folder / "a.txt"
    before = report.read_bytes()
    result = run("batch", folder, "--jsonl", report, "-q")
    assert result.returncode == 2 and "不会覆盖" in result.stderr and "Traceback" not in result.stderr
    assert report.read_bytes() == before
