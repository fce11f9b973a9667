"""The index page of ``perfcheck batch … --html-dir DIR``: the batch summary, each report linking to its page.

Self-contained like the review pages (inline style and script, no network): the summary table worst
first, as the terminal lists it (failing reports with the most errors on top, then those that could
not be read), with a search box and a verdict filter and headers that sort on a click; then the
sections the workbook has, 常见问题 (the rules most reports fail) and 高度相似 (reports whose text is
nearly identical). Without script the page is the same table, already in the useful order. The rows
come from ``batch_tables.summary_rows``, so console, CSV, workbook and page never disagree.
"""

from __future__ import annotations

import base64
import hashlib
import os
from html import escape

from perfcheck.batch import BatchReport
from perfcheck.lazy_pattern import lazy_re
from perfcheck.report.batch_tables import (
    SUMMARY_HEADER,
    rule_failure_rows,
    similar_partners,
    summary_rows,
    totals_line,
)

_UNSAFE = lazy_re(r"[^\w.\-]+")
# Columns that sort as numbers.
_NUMERIC = {"序号", "年度", "错误", "警告", "提示", "无法判定"}
# Shown in the summary: the report type is said once above when all reports share it.
_HIDDEN = {"报告类型"}

_STYLE = """
body { margin: 24px; color: #1f2328; font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC",
  "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
table { border-collapse: collapse; margin-bottom: 24px; }
th, td { border: 1px solid #9aa0a6; padding: 2px 8px; vertical-align: top; }
th { background: #f0f2f5; } th[data-sort] { cursor: pointer; } th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; } td.num { text-align: right; }
td.fail { color: #c62828; font-weight: 600; } td.pass { color: #2e7d32; } td.other { color: #a15c00; }
.filters { margin: 8px 0; } .filters input { width: 18em; } tr[hidden] { display: none; }
@media print { a { color: inherit; text-decoration: none; } .filters { display: none; } }
"""

# Filter by text and verdict; sort by a header (numbers as numbers). Reads only the table itself.
_SCRIPT = """
(function () {
  var table = document.getElementById("summary"), body = table.tBodies[0];
  var search = document.getElementById("search"), verdict = document.getElementById("verdict");
  function filter() {
    var words = search.value.trim().toLowerCase(), wanted = verdict.value;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase(), status = row.getAttribute("data-status");
      row.hidden = !(text.indexOf(words) >= 0 && (wanted === "" || wanted === status ||
        (wanted === "problem" && status !== "pass")));
    });
    document.getElementById("shown").textContent = body.querySelectorAll("tr:not([hidden])").length;
  }
  search.addEventListener("input", filter);
  verdict.addEventListener("change", filter);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    if (!th.hasAttribute("data-sort")) { return; }
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-sort") === "number";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-value"), y = b.cells[column].getAttribute("data-value");
        var order = numeric ? (parseFloat(x || "-1") - parseFloat(y || "-1")) : x.localeCompare(y, "zh");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  filter();
})();
"""
# The page allows this one script and nothing else (Content-Security-Policy by hash).
_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()


def page_name(index: int, file: str) -> str:
    """The review page's file name for the report at ``index``: numbered, so two ``报告.docx`` never collide."""
    stem = _UNSAFE.sub("_", file.replace("\\", "/").rsplit("/", 1)[-1]).strip("._") or "report"
    return f"{index + 1:03d}-{stem}.html"


def _relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/") if root else path
    except ValueError:  # another drive on Windows
        return path


def _root(report: BatchReport) -> str:
    files = [os.path.dirname(os.path.abspath(row.file)) for row in report.rows.values()]
    try:
        return os.path.commonpath(files) if files else ""
    except ValueError:
        return ""


def render_index(report: BatchReport, pages: dict[int, str]) -> str:
    """The summary page; ``pages`` maps a report's index to its page's file name (reports without one: no link)."""
    root = _root(report)
    columns = [name for name in SUMMARY_HEADER if name not in _HIDDEN]
    packs = {row.pack for row in report.rows.values() if row.pack}
    if len(packs) > 1:
        columns.insert(columns.index("年度"), "报告类型")
    head = "".join(
        f'<th data-sort="{"number" if name in _NUMERIC else "text"}">{escape(name)}</th>' for name in columns
    )
    rows = [_summary_row(report, values, columns, pages, root) for values in summary_rows(report, worst=True)]
    heading = "perfcheck 批量检查汇总"
    kind = ""
    if len(packs) == 1:
        row = next(iter(report.rows.values()))
        kind = f"<p>报告类型：{escape(report.pack_titles.get(row.pack, row.pack))}</p>\n"
    options = "".join(
        f'<option value="{value}">{escape(label)}</option>'
        for value, label in (
            ("", "全部"),
            ("problem", "需处理（未通过、无法读取）"),
            ("fail", "未通过"),
            ("pass", "通过"),
        )
    )
    filters = (
        '<p class="filters"><label>查找 <input id="search" type="search" placeholder="文件名、单位…"></label> '
        f'<label>结论 <select id="verdict">{options}</select></label> '
        f'显示 <span id="shown">{len(rows)}</span> / {len(rows)} 份</p>\n'
    )
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src '{_SCRIPT_HASH}'"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>{heading}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{heading}</h1>\n"
        f"<p>{escape(totals_line(report))}</p>\n{kind}"
        f"<p>文件夹：{escape(root)}（未通过和无法读取的在前；点击表头排序）</p>\n{filters}"
        f'<table id="summary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
        f"{_common_rules(report)}{_similar(report, root)}"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _summary_row(
    report: BatchReport, values: tuple[object, ...], columns: list[str], pages: dict[int, str], root: str
) -> str:
    named = dict(zip(SUMMARY_HEADER, values, strict=True))
    index = int(str(named["序号"])) - 1
    row = report.rows[index]
    named["文件"] = _relative(str(named["文件"]), root)
    cells = []
    for name in columns:
        value = named.get(name)
        text = "" if value is None else str(value)
        shown = escape(text)
        if name == "文件" and index in pages:
            shown = f'<a href="{escape(pages[index])}">{shown}</a>'
        css = ""
        if name == "结论":
            css = f' class="{row.status if row.status in ("pass", "fail") else "other"}"'
        elif name in _NUMERIC:
            css = ' class="num"'
        cells.append(f'<td{css} data-value="{escape(text)}">{shown}</td>')
    status = row.status if row.status in ("pass", "fail") else "unreadable"
    return f'<tr data-status="{status}">' + "".join(cells) + "</tr>"


def _common_rules(report: BatchReport) -> str:
    rules = rule_failure_rows(report)
    if not rules:
        return ""
    body = "".join(
        f'<tr><td>{escape(rule)}</td><td>{escape(title)}</td><td class="num">{count}</td>'
        f'<td class="num">{escape(share)}</td></tr>'
        for rule, title, count, share in rules
    )
    return (
        "<h2>常见问题</h2>\n<p>未通过各规则的报告数，最常见的在前：今年普遍的错误，宜统一培训或发通知。</p>\n"
        "<table><thead><tr><th>规则</th><th>规则名称</th><th>报告数</th><th>占可读报告</th></tr></thead>"
        f"<tbody>{body}</tbody></table>\n"
    )


def _similar(report: BatchReport, root: str) -> str:
    if not report.similar:
        return ""
    body = "".join(
        f"<tr><td>{escape(_relative(report.rows[p.first].file, root))}</td>"
        f"<td>{escape(_relative(report.rows[p.second].file, root))}</td>"
        f'<td class="num">{p.similarity:.0%}</td></tr>'
        for p in report.similar
    )
    partners = len(similar_partners(report))
    return (
        f"<h2>高度相似</h2>\n<p>正文高度相似的报告（{len(report.similar)} 对，涉及 {partners} 份；数字不计）："
        "请确认是否套用了其他报告的文字。</p>\n"
        "<table><thead><tr><th>报告</th><th>相似的报告</th><th>估计相似度</th></tr></thead>"
        f"<tbody>{body}</tbody></table>\n"
    )
