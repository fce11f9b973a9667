"""The fuzz suite (issue 12): ~340 seeded broken inputs and property-based ones, each checked for the
same promises: an exit code in {0, 1, 2, 3}, no traceback, inputs byte-identical, outputs only where asked.

Cases run in process (``perfcheck.cli.app.run``) so that the whole suite takes well under a few minutes;
the hostile-input tests beside this file run the real command for each class of problem. In process,
the memory ceiling is left alone (it would cap the test runner) and the time limit interrupts the case
instead of ending the runner, so a hang shows up as a failed case (exit 130), not a lost test session.
"""

from __future__ import annotations

import _thread
import contextlib
import hashlib
import io
import os
from pathlib import Path

import pytest
from broken_files import HOSTILE_TEXT, Case, cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcheck.limits
from perfcheck.cli.app import run

CASES = list(cases())
ALLOWED = {0, 1, 2, 3}


@pytest.fixture(autouse=True)
def in_process_limits(monkeypatch):
    monkeypatch.setattr(perfcheck.limits, "cap_memory", lambda megabytes: False)
    monkeypatch.setattr(perfcheck.limits.TimeLimit, "_expire", lambda self: _thread.interrupt_main())


def run_case(folder: Path, files: dict[str, bytes], args: list[str]) -> tuple[int, str, str]:
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                run([*args, "--timeout", "30"] if args and not args[0].startswith("-") else args)
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 0
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


def assert_promises(folder: Path, case: Case, code: int, stdout: str, stderr: str) -> None:
    assert code in ALLOWED, (case.name, code, stderr[-2000:])
    assert "Traceback" not in stderr and "Traceback" not in stdout, (case.name, stderr[-2000:])
    for name, data in case.files.items():
        assert hashlib.sha256((folder / name).read_bytes()).digest() == hashlib.sha256(data).digest(), name
    left = {p.name for p in folder.iterdir()}
    assert left <= set(case.files) | set(case.outputs), (case.name, sorted(left - set(case.files)))
    if code in (2, 3):
        assert stderr.strip(), (case.name, "an error exit says why")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_broken_input_keeps_the_promises(tmp_path, case):
    code, stdout, stderr = run_case(tmp_path, case.files, case.args)
    assert_promises(tmp_path, case, code, stdout, stderr)


def test_the_suite_is_large_enough():
    assert len(CASES) >= 300
    assert {c.name.split("-")[0] for c in CASES} >= {"docx", "pdf", "txt", "xlsx", "rules", "config", "waivers"}


_LINE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(HOSTILE_TEXT),
    st.builds(
        lambda label, value, unit: f"{label}{value}{unit}",
        st.sampled_from(["整体支出", "基本支出", "项目支出", "其中", "执行率", ""]),
        st.one_of(st.integers(-(10**15), 10**15).map(str), st.decimals(allow_nan=False, allow_infinity=False).map(str)),
        st.sampled_from(["万元", "元", "亿元", "%", "个", ""]),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, max_size=30), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_any_text_report_keeps_the_promises(tmp_path_factory, lines, encoding):
    folder = tmp_path_factory.mktemp("hyp")
    text = "2018年度某局整体支出绩效评价报告\n" + "\n".join(lines)
    case = Case("hypothesis-txt", {"report.txt": text.encode(encoding, "replace")}, ["report.txt"])
    assert_promises(folder, case, *run_case(folder, case.files, case.args))


_TOML_VALUE = st.one_of(
    st.floats(),
    st.integers(-(10**20), 10**20),
    st.text(max_size=20).map(lambda s: '"' + s.replace("\\", "").replace('"', "").replace("\n", "") + '"'),
    st.sampled_from(["true", "[]", "{}", "[[[]]]", "nan", "inf"]),
).map(str)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(["fail-on", "strict", "regex-timeout", "timeout", "memory-limit", "lang", "select", "x"]),
    value=_TOML_VALUE,
)
def test_any_configuration_value_keeps_the_promises(tmp_path_factory, key, value):
    folder = tmp_path_factory.mktemp("hyp")
    report = "2018年度某局整体支出绩效评价报告\n一、整体支出概况\n整体支出100万元。\n".encode()
    case = Case("hypothesis-config", {"report.txt": report, "c.toml": f"{key} = {value}\n".encode()}, [])
    case.args = ["report.txt", "--config", "c.toml"]
    assert_promises(folder, case, *run_case(folder, case.files, case.args))
