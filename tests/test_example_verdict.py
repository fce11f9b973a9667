"""The verdict issue 3 asks for, on the example report in every format, and on the injected-errors copy.

The per-rule details are in test_example_arithmetic.py and test_example_lists.py (on the text file);
here every committed format must give the same verdict, and each injected error must fail on its own.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EXAMPLE_TXT, SAMPLES
from make_samples import INJECTED

from perfcheck.engine import check_file

FORMATS = [
    "qingshuitang-2018-overall.txt",
    "qingshuitang-2018-overall-gbk.txt",
    "qingshuitang-2018-overall.docx",
    "qingshuitang-2018-overall-autonum.docx",
    "qingshuitang-2018-overall.pdf",
]


def _by_rule(verdict):
    found: dict[str, list] = {}
    for finding in verdict.findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


@pytest.mark.parametrize("name", FORMATS)
def test_example_verdict_in_every_format(name):
    verdict = check_file(SAMPLES / name)
    rules = _by_rule(verdict)
    assert verdict.pack == "overall-expenditure"
    assert verdict.verdict == "pass"
    assert not [f for f in verdict.findings if f.status == "fail" and f.severity == "error"]
    assert not [f for f in verdict.findings if f.status in ("error", "unresolved")]

    assert [f.status for f in rules["OE-SUM-01"]] == ["pass"]
    assert "2247 + 2261.18 = 4508.18万元" in rules["OE-SUM-01"][0].message
    project = [f for f in rules["CM-BRK-01"] if f.evidence.get("total") == "2261.18万元"]
    assert [f.status for f in project] == ["pass"]
    assert "= 2261.18万元；文中为 2261.18万元；一致" in project[0].message
    assert [f.status for f in rules["OE-THR-01"]] == ["pass"]
    assert "50.16%" in rules["OE-THR-01"][0].message

    declared = sorted(f.evidence.get("declared") for f in rules["CM-COUNT-01"] if f.status == "pass")
    for count in (4, 5, 6):
        assert count in declared
    assert all(f.status == "pass" for f in rules["CM-COUNT-01"])

    completion = [f for f in rules["CM-COMP-01"] if f.status == "fail"]
    assert len(completion) == 1 and "为全年任务数的85%" in completion[0].message
    assert completion[0].severity == "warning"

    estimates = [f for f in rules["CM-EST-01"] if f.status == "fail"]
    assert len(estimates) == 7 and all(f.severity == "warning" for f in estimates)
    assert all(f.where is not None and f.where.block is not None and "预计" in f.where.text for f in estimates)
    periods = [f.evidence.get("match") for f in rules["CM-PER-01"] if f.status == "fail"]
    assert "1-10月" in periods

    names = [f for f in rules["OE-CONS-01"] if f.status == "fail"]
    assert names and all(f.severity in ("warning", "info") for f in names)
    assert any("社会管理事务" in f.message and "社会发展事务" in f.message for f in names)
    assert not any("城市管理" in f.message for f in names)
    assert [f.status for f in rules["CM-NUM-01"]] == ["pass"]


def _run(path):
    return subprocess.run([sys.executable, "-m", "perfcheck", str(path)], capture_output=True, text=True)


@pytest.mark.parametrize(
    ("old", "new", "rule"), [(*INJECTED[0], "CM-BRK-01"), (*INJECTED[1], "OE-SEC-01"), (*INJECTED[2], "CM-COUNT-01")]
)
def test_each_injected_error_fails_with_exit_1(tmp_path, old, new, rule):
    copy = tmp_path / "report.txt"
    copy.write_text(EXAMPLE_TXT.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    failing = {f.rule for f in check_file(copy).findings if f.status == "fail" and f.severity == "error"}
    assert failing == {rule}
    result = _run(copy)
    assert result.returncode == 1 and "结论：未通过" in result.stdout


@pytest.mark.parametrize("name", ["qingshuitang-2018-injected.txt", "qingshuitang-2018-injected.docx"])
def test_committed_injected_copy_fails_on_all_three(name):
    verdict = check_file(SAMPLES / name)
    failing = {f.rule for f in verdict.findings if f.status == "fail" and f.severity == "error"}
    assert failing == {"CM-BRK-01", "OE-SEC-01", "CM-COUNT-01"}
    assert _run(SAMPLES / name).returncode == 1
