"""Waivers: matched by rule + excerpt fingerprint (not by line), expiring on a fixed clock, reported when
unused, refused without a reason; baseline then a clean run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from test_cli import run

from perfcheck.config.settings import Settings
from perfcheck.config.waivers import Waiver, WaiverError, fingerprint, load_waivers, review_waivers
from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import check_document

REPORT = "2023年度某街道整体支出绩效自评报告\n一、整体支出概况\n项目负责人：XX。\n"
ONLY_PLACEHOLDERS = Settings(select=("CM-PH-01",))


def verdict_of(text: str, settings: Settings, ruleset, path: str = "r.txt"):
    return check_document(document_from_text(text, path), ruleset, settings)


def waiver_for(verdict, **extra) -> Waiver:
    finding = next(f for f in verdict.findings if f.status == "fail")
    return Waiver(rule=finding.rule, file="*.txt", fingerprint=fingerprint(finding), reason="已核实", **extra)


def test_a_waiver_suppresses_its_finding_and_survives_edits_elsewhere(ruleset):
    before = verdict_of(REPORT, ONLY_PLACEHOLDERS, ruleset)
    assert before.verdict == "fail"
    settings = Settings(select=("CM-PH-01",), waivers=(waiver_for(before),))
    edited = REPORT.replace("一、整体支出概况\n", "一、整体支出概况\n新增的一段说明文字。\n另一段。\n")
    after = verdict_of(edited, settings, ruleset)
    waived = [f for f in after.findings if f.status == "fail"]
    assert len(waived) == 1 and waived[0].suppressed and waived[0].suppressed_reason == "已核实"
    assert after.verdict == "pass"
    assert after.failures("error") == 0


def test_editing_the_sentence_itself_breaks_the_waiver(ruleset):
    before = verdict_of(REPORT, ONLY_PLACEHOLDERS, ruleset)
    settings = Settings(select=("CM-PH-01",), waivers=(waiver_for(before),))
    after = verdict_of(REPORT.replace("项目负责人：XX", "项目联系人：XX"), settings, ruleset)
    assert after.verdict == "fail"
    assert review_waivers(settings.waivers, [after]) == [(settings.waivers[0], "unused")]


def test_a_waiver_only_covers_files_matching_its_pattern(ruleset):
    before = verdict_of(REPORT, ONLY_PLACEHOLDERS, ruleset)
    waiver = waiver_for(before)
    settings = Settings(select=("CM-PH-01",), waivers=(Waiver(**{**_fields(waiver), "file": "2019/*.txt"}),))
    assert verdict_of(REPORT, settings, ruleset, "2020/r.txt").verdict == "fail"
    assert verdict_of(REPORT, settings, ruleset, "2019/r.txt").verdict == "pass"


def _fields(waiver: Waiver) -> dict:
    return {name: getattr(waiver, name) for name in waiver.__struct_fields__}


def test_an_expired_waiver_stops_applying_on_the_fixed_clock(ruleset):
    before = verdict_of(REPORT, ONLY_PLACEHOLDERS, ruleset)
    waiver = waiver_for(before, expires=date(2024, 6, 30))
    on_the_day = Settings(select=("CM-PH-01",), waivers=(waiver,), today=date(2024, 6, 30))
    the_day_after = Settings(select=("CM-PH-01",), waivers=(waiver,), today=date(2024, 7, 1))
    assert verdict_of(REPORT, on_the_day, ruleset).verdict == "pass"
    expired = verdict_of(REPORT, the_day_after, ruleset)
    assert expired.verdict == "fail"
    assert review_waivers((waiver,), [expired], date(2024, 7, 1)) == [(waiver, "expired")]
    assert review_waivers((waiver,), [expired], date(2024, 6, 30)) == [], "in force and matching: nothing to say"


def test_a_waiver_for_a_file_not_checked_is_not_unused(ruleset):
    verdict = verdict_of(REPORT, ONLY_PLACEHOLDERS, ruleset)
    other = Waiver(rule="CM-PH-01", file="other.txt", fingerprint="0" * 16, reason="r")
    assert review_waivers((other,), [verdict]) == []


def test_missing_sections_get_one_fingerprint_each(ruleset):
    # The pack is named: chosen by the title alone, the missing sections would be one warning (issue 11 §1).
    verdict = verdict_of(REPORT, Settings(select=("OE-SEC-01",), pack="overall-expenditure"), ruleset)
    missing = [f for f in verdict.findings if f.status == "fail"]
    assert len(missing) >= 2
    assert len({fingerprint(f) for f in missing}) == len(missing)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("- {rule: CM-PH-01, file: a.txt, fingerprint: abc}\n", ("reason",)),
        ("- {rule: CM-PH-01, file: a.txt, fingerprint: abc, reason: '  '}\n", ("reason",)),
        ("- {rule: CM-PH-01, file: a.txt, fingerprint: abc, reason: r, until: 2024-01-01}\n", ("until",)),
        ("- {rule: CM-PH-01, file: a.txt, fingerprint: abc, reason: r, expires: soon}\n", ("expires",)),
        ("\n\nrule: CM-PH-01\n", (":3",)),
    ],
)
def test_a_bad_waiver_file_is_refused_with_file_and_line(tmp_path, text, words):
    path = tmp_path / "perfcheck-waivers.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WaiverError) as caught:
        load_waivers(path)
    assert f"{path}:" in str(caught.value)
    for word in words:
        assert word in str(caught.value)


def test_waiver_file_reads_dates_and_missing_file_holds_none(tmp_path):
    assert load_waivers(tmp_path / "absent.yml") == ()
    path = tmp_path / "w.yml"
    path.write_text(
        "# comment\n- rule: CM-PH-01\n  file: a.txt\n  fingerprint: abc\n  reason: 已核实\n"
        "  expires: 2025-06-30\n  approver: 张三\n",
        encoding="utf-8",
    )
    (waiver,) = load_waivers(path)
    assert waiver.expires == date(2025, 6, 30) and waiver.approver == "张三" and waiver.line == 2


def test_baseline_then_a_clean_run_then_only_new_problems(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT + "1-12月，我街预计完成财税5.1亿元。\n", encoding="utf-8")
    first = run("--fail-on", "info", "--format", "json", report, cwd=tmp_path)
    assert first.returncode == 1
    dry = run("baseline", report, cwd=tmp_path)
    assert dry.returncode == 0 and "reason: baseline" in dry.stdout
    assert not (tmp_path / "perfcheck-waivers.yml").exists(), "without --write nothing is written"
    written = run("baseline", "--write", report, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    clean = run("--fail-on", "info", "--format", "json", report, cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout
    verdict = json.loads(clean.stdout)
    assert any(f["suppressed"] and f["suppressed_reason"] == "baseline" for f in verdict["findings"])
    assert "警告" not in clean.stderr
    report.write_text(report.read_text(encoding="utf-8") + "联系人：某某。\n", encoding="utf-8")
    new = run("--fail-on", "info", "--format", "concise", report, cwd=tmp_path)
    assert new.returncode == 1
    problems = [line for line in new.stdout.splitlines() if ":1: " in line and "无法判定" not in line]
    assert len(problems) == 1 and "某某" in problems[0]
    again = run("baseline", "--write", report, cwd=tmp_path)
    assert "写入 1 条" in again.stderr, "existing waivers are kept, only the new finding is added"


def test_unused_and_expired_waivers_are_warned_about_on_stderr(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    waivers = tmp_path / "perfcheck-waivers.yml"
    waivers.write_text(
        "- {rule: CM-PH-01, file: report.txt, fingerprint: '0000000000000000', reason: 旧}\n"
        "- {rule: CM-EST-01, file: report.txt, fingerprint: '1111111111111111', reason: r, expires: 2000-01-01}\n",
        encoding="utf-8",
    )
    result = run("--format", "concise", report, cwd=tmp_path)
    warnings = [line for line in result.stderr.splitlines() if "警告" in line]
    assert len(warnings) == 2
    assert "未匹配" in warnings[0] and f"{Path(waivers)}:1" in warnings[0]
    assert "过期" in warnings[1] and "2000-01-01" in warnings[1]
    assert all("perfcheck" not in line for line in result.stdout.splitlines()), "stdout carries only the format"


def test_impossible_dates_and_object_tags_are_one_line_with_file_and_line(tmp_path):
    from perfcheck.config.waivers import WaiverError, load_waivers

    bad_date = tmp_path / "date.yml"
    bad_date.write_text('- rule: CM-PH-01\n  file: "*"\n  fingerprint: abc\n  reason: x\n  expires: 2020-13-45\n')
    tagged = tmp_path / "tag.yml"
    tagged.write_text('- !!python/object/apply:os.system ["echo hi"]\n')
    for path, words in ((bad_date, "日期无效"), (tagged, "只能包含数据")):
        with pytest.raises(WaiverError) as caught:
            load_waivers(path)
        assert words in str(caught.value) and f"{path}:1" in str(caught.value)
