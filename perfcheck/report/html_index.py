"""The index page of ``perfcheck batch … --html-dir DIR``: the batch summary table, each report linking to its page.

Self-contained like the review pages (inline style, no script, no network); the table is the one the
console, CSV and workbook show (``batch_tables.summary_rows``), so the four never disagree.
"""

from __future__ import annotations

from html import escape

from perfcheck.batch import BatchReport
from perfcheck.lazy_pattern import lazy_re
from perfcheck.report.batch_tables import SUMMARY_HEADER, summary_rows, totals_line

_UNSAFE = lazy_re(r"[^\w.\-]+")

_STYLE = """
body { margin: 24px; color: #1f2328; font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC",
  "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
table { border-collapse: collapse; } th, td { border: 1px solid #9aa0a6; padding: 2px 8px; vertical-align: top; }
th { background: #f0f2f5; } td.fail { color: #c62828; font-weight: 600; } td.pass { color: #2e7d32; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def page_name(index: int, file: str) -> str:
    """The review page's file name for the report at ``index``: numbered, so two ``报告.docx`` never collide."""
    stem = _UNSAFE.sub("_", file.replace("\\", "/").rsplit("/", 1)[-1]).strip("._") or "report"
    return f"{index + 1:03d}-{stem}.html"


def render_index(report: BatchReport, pages: dict[int, str]) -> str:
    """The summary table; ``pages`` maps a report's index to its page's file name (reports without one: no link)."""
    head = "".join(f"<th>{escape(name)}</th>" for name in SUMMARY_HEADER)
    rows: list[str] = []
    file_column = SUMMARY_HEADER.index("文件")
    verdict_column = SUMMARY_HEADER.index("结论")
    for values in summary_rows(report):
        index = int(values[0]) - 1
        row = report.rows[index]
        cells = []
        for column, value in enumerate(values):
            text = escape(str(value))
            if column == file_column and index in pages:
                text = f'<a href="{escape(pages[index])}">{text}</a>'
            css = f' class="{row.status}"' if column == verdict_column else ""
            cells.append(f"<td{css}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<title>perfcheck 批量检查汇总</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>perfcheck 批量检查汇总</h1>\n"
        f"<p>{escape(totals_line(report))}</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n</body>\n</html>\n"
    )
