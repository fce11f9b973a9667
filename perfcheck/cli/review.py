"""``--annotate OUT.docx`` and ``--html OUT.html`` of ``perfcheck check``: the reviewer's copies of one report.

Kept out of check.py so that the command only names the options; the checks on the options run
before any report is read, so a mistake costs nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from perfcheck.errors import UsageError
from perfcheck.model import Document, Severity, Verdict


def check_review_targets(files: list[Path], annotate: Path | None, html: Path | None) -> None:
    """Refuse what cannot work: several reports for one output file, Word comments on a non-Word file."""
    option = "--annotate" if annotate is not None else "--html"
    if len(files) != 1 or files[0].is_dir():
        advice = "多个报告请用 perfcheck batch … --html-dir 文件夹" if html is not None else "请逐个报告分别运行"
        raise UsageError(f"{option} 只能用于单个报告，{advice}")
    source = files[0]
    if annotate is not None and source.suffix.lower() != ".docx":
        raise UsageError(
            f"--annotate 只能在 .docx 报告上添加 Word 批注，{source} 不是 .docx；"
            f"请改用 --html 审阅.html 生成在原文中标出问题的网页"
        )
    for target in (annotate, html):
        if target is not None and target.resolve() == source.resolve():
            raise UsageError(
                f"{option} 的输出文件 {target} 就是被检查的报告本身，perfcheck 不会覆盖原文件。请另选文件名"
            )


def write_reviews(
    source: Path, verdict: Verdict, document: Document, annotate: Path | None, level: Severity, html: Path | None
) -> None:
    """Write the annotated copy and/or the review page, and say where on stderr."""
    if annotate is not None:
        from perfcheck.report.annotate_docx import annotate_docx

        result = annotate_docx(source, verdict, document, annotate, level)
        approximate = f"，其中 {result.approximate} 条未能精确定位原文" if result.approximate else ""
        sys.stderr.write(f"perfcheck：已写入 {annotate}（{result.comments} 条批注{approximate}）\n")
    if html is not None:
        from perfcheck.cli.app import write_atomically
        from perfcheck.report.html_review import render_html

        try:
            write_atomically(html, render_html(verdict, document))
        except OSError as error:
            raise UsageError(f"无法写入 {html}：{error.strerror or error}") from None
        sys.stderr.write(f"perfcheck：已写入审阅网页 {html}\n")


def write_batch_pages(report: Any, folder: Path, settings: Any) -> int:
    """One review page per readable report and ``index.html`` with the summary table; the number of pages.

    The workers return verdicts as JSON, which keeps no span offsets, so each report is loaded and checked
    again here (deterministic: the same verdict) to highlight the exact phrases.
    """
    from perfcheck.batch import ruleset_for
    from perfcheck.cli.app import write_atomically
    from perfcheck.documents import load_document
    from perfcheck.engine import check_document
    from perfcheck.errors import PerfcheckError
    from perfcheck.report.html_index import page_name, render_index
    from perfcheck.report.html_review import render_html

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"无法创建文件夹 {folder}：{error.strerror or error}") from None
    pages: dict[int, str] = {}
    for row in report.ordered_rows():
        if not row.readable:
            continue
        try:
            document = load_document(row.file)
            verdict = check_document(document, ruleset_for(settings), settings)
        except PerfcheckError as error:  # the file changed or vanished since the batch read it
            from perfcheck.i18n import error_line

            sys.stderr.write(error_line(str(error)) + "\n")
            continue
        name = page_name(row.index, row.file)
        write_atomically(folder / name, render_html(verdict, document))
        pages[row.index] = name
    write_atomically(folder / "index.html", render_index(report, pages))
    return len(pages)
