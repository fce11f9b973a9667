"""The command's own words in Chinese (default) and English (``--lang en``).

Only what perfcheck itself says lives here: table headers, statuses, severities, the summary line,
the frame of error lines and waiver warnings. A rule's message is the rule's: it switches only when the
rule carries ``message_en``; the sentence a kind adds to show its arithmetic stays Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping

from perfcheck.model import Location

WORDS: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "status.pass": "通过",
        "status.fail": "不通过",
        "status.unresolved": "无法判定",
        "status.not-applicable": "不适用",
        "status.error": "规则出错",
        "severity.error": "错误",
        "severity.warning": "警告",
        "severity.info": "提示",
        "header.status": "状态",
        "header.severity": "级别",
        "header.rule": "规则",
        "header.message": "说明",
        "header.place": "位置与原文",
        "no_section": "（全文）",
        "whole_document": "全文",
        "file_line": "文件：{file}　规则包：{pack}（{reason}）",
        "suppressed": "已豁免：{reason}",
        "summary.head": "共 {total} 项检查：",
        "summary.pass": "通过 {n}",
        "summary.fail": "不通过 {n}",
        "summary.unresolved": "，无法判定 {n}",
        "summary.not-applicable": "，不适用 {n}",
        "summary.error": "，规则出错 {n}",
        "summary.suppressed": "，已豁免 {n}",
        "summary.sep": "，",
        "summary.failures": "（{items}）",
        "summary.failed": "。结论：未通过（存在“{level}”及以上级别的问题）",
        "summary.passed": "。结论：通过（无“{level}”及以上级别的问题）",
        "error.prefix": "perfcheck：",
        "warning.prefix": "perfcheck：警告：",
        "waiver.expired": "豁免已于 {date} 过期，不再生效：{waiver}",
        "waiver.unused": "豁免未匹配任何问题（原文已改或问题已解决，可删除）：{waiver}",
        "interrupted": "已中断",
        "verdict.head": "结论：",
        "place_sep": "：",
        "severity_tag": "（{level}）",
        "verdict.file": "　文件：{file}",
        "verdict.fail": "未通过",
        "verdict.pass": "通过",
        "verdict.counts": "（{counts}）",
        "verdict.none": "没有问题",
        "verdict.unresolved": "；另有 {n} 项无法判定，请人工核对",
        "pack_line": "文件：{file}　规则包：{pack}",
        "verdict.rule": "；有“{level}”及以上的问题即未通过",
        "run": "，{n} 处：",
        "group.error": "错误 {n} 项",
        "group.warning": "警告 {n} 项",
        "group.info": "提示 {n} 项",
        "group.unresolved": "无法判定 {n} 项（请人工核对）",
        "group.rule-error": "规则出错 {n} 项（请报告给 perfcheck 维护者）",
        "quote": "原文：“{text}”",
        "rest.pass": "通过 {n} 项检查（加 --all 列出全部检查）",
        "rest.not-applicable": "不适用 {n} 项（加 --all 查看各项原因）",
        "rest.suppressed": "已豁免 {n} 项（加 --all 查看豁免理由）",
        "rest.hidden": "另有 {n} 项较低级别的问题未列出（加 --show {show} 列出“{level}”）",
    },
    "en": {
        "status.pass": "pass",
        "status.fail": "fail",
        "status.unresolved": "unresolved",
        "status.not-applicable": "n/a",
        "status.error": "rule error",
        "severity.error": "error",
        "severity.warning": "warning",
        "severity.info": "info",
        "header.status": "Status",
        "header.severity": "Severity",
        "header.rule": "Rule",
        "header.message": "Message",
        "header.place": "Location and text",
        "no_section": "(whole document)",
        "whole_document": "whole document",
        "file_line": "File: {file}  Pack: {pack} ({reason})",
        "suppressed": "waived: {reason}",
        "summary.head": "{total} checks: ",
        "summary.pass": "{n} passed",
        "summary.fail": "{n} failed",
        "summary.unresolved": ", {n} unresolved",
        "summary.not-applicable": ", {n} not applicable",
        "summary.error": ", {n} rule errors",
        "summary.suppressed": ", {n} waived",
        "summary.sep": ", ",
        "summary.failures": " ({items})",
        "summary.failed": ". Verdict: NOT READY (problems at or above “{level}”)",
        "summary.passed": ". Verdict: ready (nothing at or above “{level}”)",
        "error.prefix": "perfcheck: ",
        "warning.prefix": "perfcheck: warning: ",
        "waiver.expired": "waiver expired on {date} and no longer applies: {waiver}",
        "waiver.unused": "waiver matched no finding (text changed or problem fixed; it can go): {waiver}",
        "interrupted": "interrupted",
        "verdict.head": "Verdict: ",
        "place_sep": ": ",
        "severity_tag": " ({level})",
        "verdict.file": "  file: {file}",
        "verdict.fail": "NOT READY",
        "verdict.pass": "ready",
        "verdict.counts": " ({counts})",
        "verdict.none": "no problems",
        "verdict.unresolved": "; {n} could not be decided, check by hand",
        "pack_line": "File: {file}  pack: {pack}",
        "verdict.rule": "; not ready with any “{level}” or above",
        "run": ", {n} places:",
        "group.error": "{n} errors",
        "group.warning": "{n} warnings",
        "group.info": "{n} info",
        "group.unresolved": "{n} unresolved (check by hand)",
        "group.rule-error": "{n} rule errors (please report to the perfcheck maintainers)",
        "quote": "text: “{text}”",
        "rest.pass": "{n} checks passed (--all lists every check)",
        "rest.not-applicable": "{n} not applicable (--all shows why)",
        "rest.suppressed": "{n} waived (--all shows the reasons)",
        "rest.hidden": "{n} lower-level problems not listed (--show {show} lists “{level}”)",
    },
}

# What each kind checks, in two to six characters, for ``rules list`` and ``rules show`` (the kind's id,
# English, stays in the rule files and under ``--dev``). A kind missing here is shown by its id.
KIND_NAMES_ZH: Mapping[str, str] = {
    "breakdown": "分项合计",
    "completion": "完成率",
    "consistency": "前后一致",
    "count-matches-list": "数量与列举",
    "numbering": "编号连续",
    "pattern": "文字模式",
    "ratio": "比率核算",
    "required-sections": "必备章节",
    "score-grade": "得分与等级",
    "sum": "合计核算",
    "table-cells": "表格填写",
    "table-completion": "表格完成值",
    "table-formulas": "公式错误值",
    "table-rate": "表格比率",
    "table-reason": "偏差原因",
    "table-score": "表格得分",
    "table-sum": "表格合计",
    "table-weights": "表格分值",
    "text-table-total": "正文与表格",
    "threshold": "阈值",
    "total-score": "总分",
}


def kind_label(kind: str, lang: str = "zh") -> str:
    return kind if lang == "en" else KIND_NAMES_ZH.get(kind, kind)


# Error lines are composed in Chinese where they are raised; under --lang en their opening words are
# replaced, so the line still names the file and the problem (whose own wording stays Chinese).
_ERROR_OPENINGS = (
    ("无法读取 ", "cannot read "),
    ("规则文件错误 ", "rule file error "),
    ("配置错误 ", "configuration error "),
    ("豁免文件错误 ", "waiver file error "),
    ("未知的规则包", "unknown pack "),
)


def word(key: str, lang: str = "zh", **values: object) -> str:
    """The word or sentence ``key`` in ``lang`` (Chinese when the language or the key is missing)."""
    table = WORDS.get(lang, WORDS["zh"])
    text = table.get(key, WORDS["zh"][key])
    return text.format(**values) if values else text


def status_label(status: str, lang: str = "zh") -> str:
    return word(f"status.{status}", lang)


def severity_label(severity: str, lang: str = "zh") -> str:
    return word(f"severity.{severity}", lang)


def error_line(message: str, lang: str = "zh") -> str:
    """One line for stderr: perfcheck's prefix and, in English, the error's opening words."""
    if lang == "en":
        for chinese, english in _ERROR_OPENINGS:
            if message.startswith(chinese):
                message = english + message[len(chinese) :]
                break
        message = message.replace("：", ": ", 1)
    from perfcheck.report.printable import printable  # a file name is report-controlled text too

    return word("error.prefix", lang) + printable(message)


_LOCATION_WORDS_EN = {
    "page": "page {}",
    "table": "table {}",
    "row": "row {}",
    "column": "column {}",
    "paragraph": "paragraph {}",
    "line": "line {}",
    "separator": ", ",
}


def describe_location(location: Location, lang: str = "zh") -> str:
    """Where a finding is, as a reader of ``lang`` says it (Chinese: 第3页第12行, 第21段, 表2第3行第4列)."""
    return location.describe(_LOCATION_WORDS_EN) if lang == "en" else location.describe()
