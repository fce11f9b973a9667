"""A batch as rows of plain values: the summary (汇总) and the findings (问题明细), shared by the console
table, the CSV file and the Excel workbook, plus the batch JSON document. No renderer is imported here.

Findings listed are those a reviewer must act on: 不通过, 无法判定 and 规则出错 (passes and 不适用 are in the
JSON). A file that could not be read or checked is one findings row too ("无法读取" with its reason), and
so is each report whose text is nearly identical to another's (rule ``BATCH-SIM``, 提示), so filtering
the sheet by file shows everything about that file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from perfcheck import __version__
from perfcheck.batch import BatchReport, ReportRow, worst_first
from perfcheck.batch.similarity import THRESHOLD

# What a spreadsheet would take for the start of a formula (OWASP "CSV injection"): the CSV and the workbook
# of the batch both keep a report's text that starts so from becoming one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SIMILAR_RULE = "BATCH-SIM"
SIMILAR_TITLE = "正文与批次内其他报告高度相似"
VERDICT_LABELS = {
    "pass": "通过",
    "fail": "未通过",
    "unreadable": "无法读取",
    "timeout": "检查超时",
    "crashed": "检查出错",
}
STATUS_LABELS = {"fail": "不通过", "unresolved": "无法判定", "error": "规则出错"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SUMMARY_HEADER = (
    "序号",
    "文件",
    "单位",
    "报告类型",
    "年度",
    "结论",
    "错误",
    "警告",
    "提示",
    "无法判定",
    "相似报告",
    "说明",
)
FINDINGS_HEADER = ("序号", "文件", "单位", "年度", "规则", "规则名称", "状态", "级别", "说明", "章节", "位置", "原文")


def similar_partners(report: BatchReport) -> dict[int, tuple[int, float]]:
    """For each report in a near-identical pair, its most similar partner (the earliest on ties)."""
    best: dict[int, tuple[int, float]] = {}
    for pair in report.similar:
        for mine, other in ((pair.first, pair.second), (pair.second, pair.first)):
            current = best.get(mine)
            if current is None or pair.similarity > current[1]:
                best[mine] = (other, pair.similarity)
    return best


def pack_label(report: BatchReport, row: ReportRow) -> str:
    return report.pack_titles.get(row.pack, row.pack) if row.pack else ""


def summary_rows(report: BatchReport, *, worst: bool = False) -> Iterator[tuple[Any, ...]]:
    """One row per finished report: input order, or worst first for the console."""
    partners = similar_partners(report)
    rows = worst_first(list(report.rows.values())) if worst else report.ordered_rows()
    for row in rows:
        partner = partners.get(row.index)
        similar = f"{report.rows[partner[0]].file}（{partner[1]:.0%}）" if partner else ""
        yield (
            row.index + 1,
            row.file,
            row.unit,
            pack_label(report, row),
            row.year,
            VERDICT_LABELS.get(row.status, row.status),
            row.errors,
            row.warnings,
            row.infos,
            row.unresolved,
            similar,
            row.problem,
        )


def totals(report: BatchReport) -> dict[str, int]:
    rows = list(report.rows.values())
    return {
        "reports": len(rows),
        "inputs": len(report.inputs),
        "pass": sum(r.status == "pass" for r in rows),
        "fail": sum(r.status == "fail" for r in rows),
        "unreadable": sum(not r.readable for r in rows),
        "errors": sum(r.errors for r in rows),
        "warnings": sum(r.warnings for r in rows),
        "infos": sum(r.infos for r in rows),
        "unresolved": sum(r.unresolved for r in rows),
        "similar_pairs": len(report.similar),
    }


def totals_line(report: BatchReport) -> str:
    t = totals(report)
    line = (
        f"合计 {t['reports']} 份：通过 {t['pass']}，未通过 {t['fail']}，无法读取或检查 {t['unreadable']}；"
        f"错误 {t['errors']}，警告 {t['warnings']}，提示 {t['infos']}，无法判定 {t['unresolved']}"
    )
    if not report.complete:
        line += f"。已中断：只完成了 {t['reports']} / {t['inputs']} 份，结果不完整"
    return line


def rule_failure_rows(report: BatchReport) -> list[tuple[str, str, int, str]]:
    """(rule, title, reports failing it, share of the readable reports): the most common first."""
    readable = sum(r.readable for r in report.rows.values()) or 1
    return [
        (rule, report.rule_titles.get(rule, ""), count, f"{count / readable:.0%}")
        for rule, count in sorted(report.rule_failures.items(), key=lambda item: (-item[1], item[0]))
    ]


def finding_rows(report: BatchReport) -> Iterator[tuple[Any, ...]]:
    """One row per finding to act on, reports in input order, read back from the spool."""
    partners = similar_partners(report)
    for entry in report.entries():
        row = report.rows[entry["index"]]
        head = (row.index + 1, row.file, row.unit, row.year)
        verdict = entry.get("verdict")
        if verdict is None:
            label = VERDICT_LABELS.get(row.status, row.status)
            yield (*head, "", label, label, SEVERITY_LABELS["error"], row.problem, "", "", "")
            continue
        for finding in verdict["findings"]:
            if finding["status"] not in STATUS_LABELS:
                continue
            location = finding["location"]
            yield (
                *head,
                finding["rule"],
                finding["title"],
                STATUS_LABELS[finding["status"]],
                SEVERITY_LABELS[finding["severity"]],
                finding["message"],
                location.get("section", ""),
                location.get("description", ""),
                location.get("excerpt", ""),
            )
        if row.index in partners:
            other, score = partners[row.index]
            yield (*head, SIMILAR_RULE, SIMILAR_TITLE, STATUS_LABELS["fail"], SEVERITY_LABELS["info"],
                   similar_message(report.rows[other].file, score), "", "", "")  # fmt: skip


def similar_message(other: str, score: float) -> str:
    estimate = f"估计相似度 {score:.0%}，阈值 {THRESHOLD:.0%}，数字不计"
    return f"正文与 {other} 高度相似（{estimate}），请确认是否套用了其他报告的文字"


def write_batch_json(report: BatchReport, stream: IO[str]) -> None:
    """The whole batch as one JSON document, written report by report (never built in memory)."""
    head = {
        "schema_version": "1",
        "kind": "perfcheck-batch",
        "perfcheck_version": __version__,
        "complete": report.complete,
        "totals": totals(report),
        "rule_failures": [
            {"rule": rule, "title": title, "reports": count} for rule, title, count, _ in rule_failure_rows(report)
        ],
        "similar_reports": [
            {
                "files": [report.rows[p.first].file, report.rows[p.second].file],
                "indexes": [p.first, p.second],
                "similarity": round(p.similarity, 4),
                "rule": SIMILAR_RULE,
                "severity": "info",
                "message": similar_message(report.rows[p.second].file, p.similarity),
            }
            for p in report.similar
        ],
    }
    text = json.dumps(head, ensure_ascii=False, indent=2)
    stream.write(text[: text.rindex("}")].rstrip() + ',\n  "reports": [')
    for number, entry in enumerate(report.entries()):
        stream.write(("," if number else "") + "\n    " + json.dumps(entry, ensure_ascii=False, default=str))
    stream.write("\n  ]\n}\n")
