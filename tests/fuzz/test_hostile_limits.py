"""A report that takes too long or too much memory stops cleanly with exit 3 (issue 12)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from perfcheck.limits import check_memory_limit, check_time_limit


def run(*args, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfcheck", *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False
    )


def _stuck(tmp_path) -> list[str]:
    """A report on which a deliberately catastrophic rule would run for minutes, and the options that load it."""
    (tmp_path / "slow.txt").write_text("一、基本情况\n" + "a" * 40 + "b\n", encoding="utf-8")
    rules = tmp_path / "slow-rules.yml"
    rules.write_text(
        "rules:\n  - id: SLOW-01\n    kind: pattern\n    severity: info\n    title: 灾难性正则\n"
        "    basis: 测试用：灾难性回溯的正则。\n    message: '{match}'\n    params: {pattern: '(a|a)+$'}\n",
        encoding="utf-8",
    )
    (tmp_path / "perfcheck.toml").write_text("regex-timeout = 600\n", encoding="utf-8")
    return [tmp_path / "slow.txt", "--config", tmp_path / "perfcheck.toml", "--rules", rules]


def test_check_stops_a_stuck_report_at_the_time_limit_with_exit_3(tmp_path):
    started = time.monotonic()
    result = run(*_stuck(tmp_path), "--timeout", "1", "-o", tmp_path / "out.txt", "--json", tmp_path / "v.json")
    assert time.monotonic() - started < 30
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "报告过大或过于复杂，已在1秒后停止" in lines[0] and "slow.txt" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "v.json").exists()


def test_the_time_limit_comes_from_the_configuration_too(tmp_path):
    options = _stuck(tmp_path)
    (tmp_path / "perfcheck.toml").write_text("regex-timeout = 600\ntimeout = 1\n", encoding="utf-8")
    result = run(*options)
    assert result.returncode == 3 and "已在1秒后停止" in result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "1e999999999", "100000"])
def test_timeouts_out_of_range_are_usage_errors(tmp_path, value):
    (tmp_path / "a.txt").write_text("一、基本情况\n支出100万元。\n", encoding="utf-8")
    for command in (["check"], ["batch"]):
        result = run(*command, tmp_path / "a.txt", "--timeout", value, "--isolated")
        assert result.returncode == 2, (command, value, result.stderr)
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "line", ["timeout = nan", "timeout = inf", "timeout = '60'", "memory-limit = 1", "regex-timeout = inf"]
)
def test_limits_in_a_configuration_file_are_range_checked(tmp_path, line):
    (tmp_path / "a.txt").write_text("一、基本情况\n支出100万元。\n", encoding="utf-8")
    (tmp_path / "perfcheck.toml").write_text(f"{line}\n", encoding="utf-8")
    result = run(tmp_path / "a.txt", "--config", tmp_path / "perfcheck.toml")
    assert result.returncode == 2
    assert "perfcheck.toml:1" in result.stderr and "Traceback" not in result.stderr


def test_limit_checks_accept_what_they_should():
    assert check_time_limit(60) == 60.0
    assert check_memory_limit(2048) == 2048
    for bad in (float("nan"), float("inf"), True, "60", 0.5):
        with pytest.raises(ValueError):
            check_time_limit(bad)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no address-space limit (time limit only)")
def test_a_report_past_the_memory_ceiling_stops_with_exit_3(tmp_path):
    with (tmp_path / "big.txt").open("w", encoding="utf-8") as handle:  # ~140 MB: more than 256 MB once decoded
        handle.write("一、概况\n")
        handle.writelines(["整体支出300万元。" * 10 + "\n"] * 600_000)
    (tmp_path / "perfcheck.toml").write_text("memory-limit = 256\ntimeout = 600\n", encoding="utf-8")
    result = run(tmp_path / "big.txt", "--config", tmp_path / "perfcheck.toml", "-o", tmp_path / "out.txt")
    if result.returncode != 3 and sys.platform == "darwin":
        pytest.skip("macOS does not enforce RLIMIT_AS")
    assert result.returncode == 3, result.stderr[-500:]
    assert "内存超过" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
