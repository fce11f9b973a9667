"""The prose-tables pack on the three real 上海市普陀区 2024年度部门决算 PDFs (shared/corpus/real).

Each relation below was checked by hand against the PDF (see notes/texttable-verified.md in the team
notes): the text restates its tables in 第三部分 情况说明. The test asserts that every defect is found at
the stated severity and that nothing else in these documents fails a PT- rule.
"""

from __future__ import annotations

import pytest
from conftest import REAL, needs_real_corpus

# (file, rule, severity, a phrase of the sentence the fail is about)
DEFECTS = {
    "putuo-finance-bureau-2024-final-accounts.pdf": {
        # 财政拨款收入支出总计0.3万元 vs 财政拨款收入支出决算总表 总计 2,961.68
        ("PT-TXT-01", "error", "0.3万元"),
        # 2106.66 ÷ 2940.05 = 71.65%, text 71.73%
        ("PT-SHR-01", "error", "71.73%"),
        # 71.73 + 11.11 + 2.07 + 15.16 = 100.07%
        ("PT-SHR-02", "error", "71.73%"),
        # 社会保障和就业支出 326.72 = 一般公共预算财政拨款支出决算表, but 财政拨款收入支出决算总表 says 326.71
        ("PT-TXT-01", "warning", "326.72万元"),
        # the same 0.01 between the tables themselves: 收入支出决算总表 / 支出决算表 and
        # 财政拨款收入支出决算总表 / 一般公共预算财政拨款支出决算表 (the excerpt is the second table's cell)
        ("PT-TBL-01", "warning", "326.72"),
    },
    "putuo-planning-resources-2024-final-accounts.pdf": {
        # 9746.50 ÷ 9759.38 = 99.868%, written 99.86% (truncated)
        ("PT-SHR-01", "warning", "99.86%"),
        # 9746.50 ÷ 10210.34 = 95.457%, written 95.45% (truncated)
        ("PT-COMP-01", "warning", "95.45%"),
        # 一般公共预算财政拨款基本支出5377.64 vs 一般公共预算财政拨款支出决算表 合计行 基本支出 5364.75
        # (5377.64 is the 支出决算表's 基本支出, all sources of money)
        ("PT-TXT-01", "error", "财政拨款基本支出5377.64万元"),
        # 人员经费4896.98 vs 基本支出决算表 人员经费合计 4884.09
        ("PT-TXT-01", "error", "4896.98万元"),
        # 卫生健康支出 236.63 vs 一般公共预算财政拨款支出决算表 236.64 (收入支出决算总表 says 236.63)
        ("PT-TXT-01", "warning", "236.63万元"),
        # 卫生健康支出 236.63 / 236.64 and 城乡社区支出 3845.25 / 3845.24 between the two pairs of tables
        ("PT-TBL-01", "warning", "236.64"),
        ("PT-TBL-01", "warning", "3845.24"),
        # 下降（增长）27.78%
        ("PT-TPL-01", "error", "下降（增长）"),
    },
    "putuo-social-work-dept-2024-final-accounts.pdf": {
        # 29.42 ÷ 307.82 = 9.5575%, written 9.55% (truncated)
        ("PT-SHR-01", "warning", "9.55%"),
        # 年初预算为0万元 … 完成年初预算的95.89%
        ("PT-COMP-01", "error", "95.89%"),
        # 增加307.82万元，增长100.00% (the unit was set up in 2024): three sentences, and 机关运行经费
        ("PT-ZERO-01", "warning", "增长100.00%"),
    },
}


@needs_real_corpus
@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_prose_tables_on_real_final_accounts(name, ruleset):
    from perfcheck.engine import check_file

    verdict = check_file(REAL / name, ruleset=ruleset)
    fails = [f for f in verdict.findings if f.rule.startswith("PT-") and f.status == "fail"]
    found = set()
    for finding in fails:
        quoted = finding.where.text if finding.where else ""
        # the longest phrase first: an excerpt may also hold a shorter defect's phrase nearby
        ordered = sorted(DEFECTS[name], key=lambda d: -len(d[2]))
        match = next((d for d in ordered if d[0] == finding.rule and d[2] in quoted), None)
        assert match is not None, f"unexpected fail: {finding.rule} {finding.message}"
        assert finding.severity == match[1], finding.message
        found.add(match)
    assert found == DEFECTS[name]
