"""Every official 自评表 layout in every form it travels in (samples/self-eval/layouts/, samples/README.md).

- Each layout's clean form reads to the same cells as .docx (real merged cells), .pdf (ruled table),
  .xlsx (merged ranges, number formats) and the two web-page text shapes (``rows``: a line per row with
  the merged cells dropped; ``cells``: one cell per line ending in " |").
- The clean form passes every table rule, none unresolved: a rule the layout gives it nothing to judge
  (no 分值 on a 转移支付 form, no 年初预算数 beside a 全年预算数 for TB-OVER-01) is not-applicable.
- One defect copy per rule the layout can be judged by fails exactly that rule (samples/expected/layouts/).
- The web-text forms are readings rebuilt from rows of uneven length: their fails are never errors.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import SAMPLES

from perfcheck.documents import load_document
from perfcheck.engine import check_file
from perfcheck.facts.tables import CellValue, find_funding_tables, find_indicator_tables

LAYOUTS_DIR = SAMPLES / "self-eval" / "layouts"
EXPECTED = SAMPLES / "expected" / "layouts"
LAYOUTS = ("national", "dept", "sichuan", "transfer", "hunan", "ningxia")
FORMS = (".docx", ".pdf", ".xlsx", ".rows.txt", ".cells.txt")
DEFECTS = sorted(p.name for p in LAYOUTS_DIR.glob("*-TB-*.docx"))


def _cell(cell: CellValue | None) -> tuple[Decimal | None, bool] | str:
    if cell is None or cell.blank:
        return ""
    return (cell.value, cell.percent) if cell.value is not None else "".join(cell.text.split())


def _reading(name: str) -> dict:
    """What the table finder read from a file: every funding row's and every indicator's cells."""
    document = load_document(LAYOUTS_DIR / name)
    funding = [
        {
            "columns": sorted(table.columns),
            # A 原因 cell merged down the rows (四川) repeats in a grid and is written once in text: the
            # reasons are compared as the set the part holds.
            "rows": [
                (row.label, {role: _cell(cell) for role, cell in sorted(row.cells.items()) if role != "reason"})
                for row in table.rows()
            ],
            "reasons": sorted({c.text for row in table.rows() if (c := row.cells.get("reason")) and not c.blank}),
            "problems": table.problems,
        }
        for table in find_funding_tables(document)
    ]
    indicators = [
        {
            "columns": sorted(table.columns),
            "groups": dict(table.groups),
            "rows": [
                (i.level1, i.level2, i.level3, i.nature, i.unit, *map(_cell, (i.target, i.actual, i.weight, i.score)))
                for i in table.indicators
            ],
            "problems": table.problems,
        }
        for table in find_indicator_tables(document)
    ]
    return {"funding": funding, "indicators": indicators}


def _expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name.split('.')[0]}.json").read_text(encoding="utf-8"))


def test_every_layout_is_written_in_every_form_with_its_expected_verdict():
    for layout in LAYOUTS:
        for suffix in FORMS:
            assert (LAYOUTS_DIR / f"{layout}-clean{suffix}").is_file(), (layout, suffix)
        assert _expected(f"{layout}-clean")["failing"] == []
    for name in DEFECTS:
        rule = name.split("-", 1)[1].removesuffix(".docx")
        assert rule in _expected(name)["failing"]
    # one defect per rule each layout can be judged by (the national form's are samples/self-eval/TB-*)
    assert {name.split("-")[0] for name in DEFECTS} == set(LAYOUTS) - {"national"}
    assert len(DEFECTS) >= 50


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_form_reads_to_the_same_cells(layout):
    word = _reading(f"{layout}-clean.docx")
    assert word["funding"] and word["indicators"]
    assert all(not table["problems"] for part in word.values() for table in part)
    assert all(table["rows"] for part in word.values() for table in part)
    for suffix in FORMS[1:]:
        assert _reading(f"{layout}-clean{suffix}") == word, suffix


@pytest.fixture(scope="module")
def clean_verdicts(ruleset):
    return {
        f"{layout}-clean{suffix}": check_file(LAYOUTS_DIR / f"{layout}-clean{suffix}", ruleset=ruleset)
        for layout in LAYOUTS
        for suffix in FORMS
    }


@pytest.mark.parametrize("name", [f"{layout}-clean{suffix}" for layout in LAYOUTS for suffix in FORMS])
def test_clean_form_passes_every_table_rule_none_unresolved(name, clean_verdicts):
    findings = [f for f in clean_verdicts[name].findings if f.rule.startswith("TB-")]
    assert {f.rule for f in findings} >= {"TB-SUM-01", "TB-RATE-01", "TB-CELL-01", "TB-COMP-02", "TB-OVER-01"}
    wrong = [(f.rule, f.status, f.message) for f in findings if f.status not in ("pass", "not-applicable")]
    assert wrong == []
    assert sum(f.status == "pass" for f in findings) >= 6


def test_score_rules_are_not_applicable_to_a_form_without_scores(clean_verdicts):
    for layout in ("transfer", "hunan"):
        statuses = {
            f.rule: f.status for f in clean_verdicts[f"{layout}-clean.docx"].findings if f.rule.startswith("TB-")
        }
        for rule in ("TB-RSCORE-01", "TB-WEIGHT-01", "TB-WEIGHT-02", "TB-WEIGHT-03", "TB-COMP-01", "TB-TOTAL-01"):
            assert statuses[rule] == "not-applicable", (layout, rule)
        assert statuses["TB-SUM-01"] == statuses["TB-RATE-01"] == statuses["TB-COMP-02"] == "pass"


@pytest.mark.parametrize("name", DEFECTS)
def test_defect_copy_fails_exactly_its_rule(name, ruleset):
    verdict = check_file(LAYOUTS_DIR / name, ruleset=ruleset)
    table = [f for f in verdict.findings if f.rule.startswith("TB-")]
    failing = {f.rule: f.message for f in table if f.status == "fail"}
    assert sorted(failing) == _expected(name)["failing"], failing
    assert [(f.rule, f.message) for f in table if f.status in ("unresolved", "error")] == []


def test_table_findings_point_at_the_cell(ruleset):
    """TB-COMP-01 names the 得分 cell of the indicator row, not the merged 一级指标 cell."""
    verdict = check_file(LAYOUTS_DIR / "sichuan-TB-COMP-01.docx", ruleset=ruleset)
    (finding,) = [f for f in verdict.findings if f.rule == "TB-COMP-01" and f.status == "fail"]
    location = finding.where.location
    assert (location.row, location.column) == (16, 9)  # the 群众满意度 row, the 得分 column
    assert finding.where.text == "群众满意度｜得分：10"


def test_web_text_fails_are_warnings_that_say_what_was_assumed(tmp_path, ruleset):
    text = (LAYOUTS_DIR / "sichuan-clean.rows.txt").read_text(encoding="utf-8")
    changed = tmp_path / "sichuan-rows-defect.txt"
    changed.write_text(text.replace("| 10 | 9.5 |", "| 10 | 10 |", 1), encoding="utf-8")
    verdict = check_file(changed, ruleset=ruleset)
    (finding,) = [f for f in verdict.findings if f.rule == "TB-RSCORE-01" and f.status == "fail"]
    assert finding.severity == "warning"
    assert "从右对齐" in finding.message and finding.assumption


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".rows.txt", ".cells.txt"])
def test_regenerating_a_form_gives_the_committed_bytes(tmp_path, suffix):
    from self_eval_layout_forms import FORMS
    from self_eval_layout_writers import write_form
    from self_eval_layouts import parts

    written = write_form(parts("sichuan", FORMS["sichuan"]), tmp_path, "sichuan-clean", suffix)
    assert written.read_bytes() == (LAYOUTS_DIR / f"sichuan-clean{suffix}").read_bytes()
