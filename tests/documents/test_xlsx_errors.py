"""Excel error values in a checked cell of a 自评表 workbook are findings (TB-FORMULA-01), not crashes.

The workbooks are built in the test with ``samples/xlsx_builder.write_xlsx``, which caches each
formula's value where Excel keeps it: a division by zero as the error value ``#DIV/0!`` in a cell of
type ``e`` (``<c t="e"><f>E5/D5</f><v>#DIV/0!</v></c>``), exactly as Excel saves it. A typed-in error
(``#REF!``) is written by openpyxl as an error cell too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from spec import TableSpec
from xlsx_builder import Sheet, write_xlsx

from perfcheck.documents import load_document
from perfcheck.engine import check_file

FORM = [
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "", "120.00", "130.00", "142.50", "10", "0.00%", "#REF!"],
    ["其中", "本年财政拨款", "100.00", "130.00", "124.00", "—", "0.00%", "—"],
    ["", "上年结转资金", "20.00", "0.00", "18.50", "—", "0.00%", "—"],
    ["", "其他资金", "0.00", "0.00", "0.00", "—", "0.00%", "—"],
]
MERGES = [(0, 0, 1, 2), (1, 0, 1, 2), (2, 0, 3, 1)]
RATE = 6


def workbook(tmp_path: Path, *, cached: bool = True, form: list[list[str]] = FORM) -> Path:
    # The rate is a formula E/D shown as 0.00%, as officers fill the form, wherever the form has a rate.
    formulas = {(r, RATE): "={4}/{3}" for r in range(1, len(form)) if form[r][RATE] == "0.00%"}
    sheet = Sheet("项目资金", TableSpec(form, MERGES), lines=("项目支出绩效自评表", "单位：万元"), formulas=formulas)
    return write_xlsx([sheet], tmp_path / "form.xlsx", cached=cached)


def formula_findings(path: Path):
    return [f for f in check_file(path).findings if f.rule == "TB-FORMULA-01"]


def test_cached_error_values_are_read_as_excel_saves_them(tmp_path):
    document = load_document(workbook(tmp_path))
    grid = next(b for b in document.blocks if b.kind == "table").table.grid()
    assert [grid[r][RATE].text for r in (1, 2, 3, 4)] == ["109.62%", "95.38%", "#DIV/0!", "#DIV/0!"]
    assert grid[1][7].text == "#REF!"


def test_each_error_value_is_a_finding_at_its_cell(tmp_path):
    found = formula_findings(workbook(tmp_path))
    by_cell = {(f.where.location.row, f.where.location.column): f for f in found}
    assert set(by_cell) == {(1, 7), (3, RATE), (4, RATE)}, [f.message for f in found]
    assert all(f.status == "fail" for f in found)
    ref, spent, nothing = by_cell[(1, 7)], by_cell[(3, RATE)], by_cell[(4, RATE)]
    # A budget of 0 with money spent: the formula's result is an error, and the form must be corrected.
    assert spent.severity == "error"
    assert "上年结转资金｜执行率：#DIV/0!" in spent.message and "修正公式后重新计算并保存" in spent.message
    assert spent.where.text == "上年结转资金｜执行率：#DIV/0!"
    assert spent.evidence["value"] == "#DIV/0!" and spent.evidence["row"] == "上年结转资金"
    assert ref.severity == "error" and "年度资金总额｜得分：#REF!" in ref.message and "已被删除" in ref.message
    # 0/0: no rate exists, the formula is right, only the display is wrong — a warning saying to write "—".
    assert nothing.severity == "warning" and "其他资金｜执行率：#DIV/0!" in nothing.message and "“—”" in nothing.message


def test_the_rules_that_need_an_error_cell_stay_unresolved(tmp_path):
    findings = check_file(workbook(tmp_path)).findings
    assert not [f for f in findings if f.status == "error"]
    rate = [f for f in findings if f.rule == "TB-RATE-01" and f.where.location.row in (3, 4)]
    assert rate and {f.status for f in rate} == {"unresolved"}


def test_a_workbook_without_error_values_passes(tmp_path):
    form = [list(row) for row in FORM]
    form[1][7] = "9.5"
    form[3][3] = "20.00"
    form[4] = ["", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—"]
    found = formula_findings(workbook(tmp_path, form=form))
    assert [f.status for f in found] == ["pass"], [f.message for f in found]


def test_an_uncached_formula_is_unresolved_never_a_fail(tmp_path):
    form = [list(row) for row in FORM]
    form[1][7] = "9.5"
    found = formula_findings(workbook(tmp_path, cached=False, form=form))
    assert [f.status for f in found] == ["unresolved"]
    message = found[0].message
    assert "年度资金总额｜执行率、本年财政拨款｜执行率等4处" in message and "〔公式未计算〕" in message
    assert "保存后再检查" in message
    assert len(found[0].evidence["cells"]) == 4


def test_the_cli_reports_the_error_value_in_json_and_fails(tmp_path):
    path = workbook(tmp_path)
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "perfcheck", str(path), "--format", "json"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1, done.stderr
    verdict = json.loads(done.stdout)
    errors = [f for f in verdict["findings"] if f["rule"] == "TB-FORMULA-01" and f["severity"] == "error"]
    assert {(f["location"]["row"], f["location"]["column"]) for f in errors} == {(1, 7), (3, RATE)}
    assert all(f["location"]["table"] == 0 for f in errors)
    text = subprocess.run([sys.executable, "-m", "perfcheck", str(path)], capture_output=True, text=True, env=env)
    assert "上年结转资金｜执行率：#DIV/0!" in text.stdout and text.returncode == 1
