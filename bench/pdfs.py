"""PDFs: 200 pages of text, a table page, the three real 部门决算 reports and pdfium against pdfplumber."""

from __future__ import annotations

import subprocess
import sys
import time

from common import OUT, PEAK_KB, REAL, SAMPLES, best_of, interleaved, ratio_line, row


def bench_pdf() -> None:
    from pdf_builder import write_long_pdf
    from spec import report_spec

    OUT.mkdir(parents=True, exist_ok=True)
    long_pdf = OUT / "qingshuitang-200pages.pdf"
    if not long_pdf.exists():
        write_long_pdf(report_spec(), long_pdf, pages=200)
    probe = (
        f"{PEAK_KB}import sys, time\n"
        "from perfcheck import load_document\n"
        "import pypdfium2, pdfplumber\n"
        "base = peak_kb()\n"
        "c = time.process_time(); t = time.perf_counter(); d = load_document(sys.argv[1])\n"
        "t = time.perf_counter() - t; c = time.process_time() - c\n"
        "print(d.pages, t, c, base, peak_kb())\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(long_pdf)], capture_output=True, text=True, check=True)
    pages, seconds, cpu, base_kb, peak_kb = out.stdout.split()
    rate, cpu_rate = int(pages) / float(seconds), int(pages) / float(cpu)
    row(
        "200 页 PDF 文字提取速度（墙钟 / CPU 时间）",
        f"{rate:.0f} / {cpu_rate:.0f} 页/秒（{pages} 页 {float(seconds):.2f} s）",
        "CPU 时间不含等待 CPU 的时间",
        f"target >= 300 页/秒 {'ok' if rate >= 300 else 'MISSED'}（按 CPU {'ok' if cpu_rate >= 300 else 'MISSED'}）",
    )
    peak_mb, grown_mb = int(peak_kb) / 1024, (int(peak_kb) - int(base_kb)) / 1024
    row(
        "200 页 PDF 峰值内存（整个进程 RSS）",
        f"{peak_mb:.0f} MB",
        f"导入后 {int(base_kb) / 1024:.0f} MB，增长 {grown_mb:.0f} MB",
        f"target <= 120 MB {'ok' if peak_mb <= 120 else 'MISSED'}",
    )


def bench_table_pdf() -> None:
    """A 30-page PDF with 4 pages of 自评表: pdfplumber must only open the pages that draw tables."""
    import pdfplumber
    import pypdfium2 as pdfium
    from pdf_builder import write_pdf
    from spec import TableSpec, report_spec, self_eval_spec

    from perfcheck import check_file, load_document

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "self-eval-30pages-4tables.pdf"
    if not path.exists():
        table = next(part for part in self_eval_spec() if isinstance(part, TableSpec))
        title, body = report_spec()[0], report_spec()[1:]
        # 75 paragraphs of the example report (~6 pages) before each table: 30 pages, tables on 4 of them
        # (pages 7, 13, 19, 26 with the current builder), none split across a page break.
        parts: list = [title]
        for _ in range(4):
            parts += [*(body * 3)[:75], table]
        parts += (body * 2)[:55]
        write_pdf(parts, path)
    document = load_document(path)
    table_pages = sorted({b.location.page for b in document.blocks if b.kind == "table" and b.location.page})

    def baseline() -> None:
        pdf = pdfium.PdfDocument(str(path))
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()
        with pdfplumber.open(path) as plumber:
            for number in table_pages:
                for found in plumber.pages[number - 1].find_tables():
                    found.extract()

    check_file(path)
    ratio_line(
        f"检查 {document.pages} 页 PDF（{len(table_pages)} 页有表） vs pypdfium2 全文 + pdfplumber 表格页",
        best_of(lambda: check_file(path), repeat=5),
        best_of(baseline, repeat=5),
        2.0,
    )


def bench_real_pdfs() -> None:
    """Each 部门决算 PDF of the real corpus: the whole check as a user runs it, its peak memory, and the same
    loader in process against the previous engine (pdfplumber, pdfminer included, on every table page)."""
    from perfcheck.documents import load_document

    if not REAL.is_dir():
        row("部门决算 PDF", "跳过", "../shared/corpus/real 不存在", "—")
        return
    probe = (
        "import sys\n"
        "from perfcheck.cli.app import run\n"  # the command without the entry point's fast exit
        "try:\n    run([sys.argv[1], '--format', 'json'])\n"
        "except SystemExit:\n    pass\n"
        f"{PEAK_KB}print(peak_kb(), file=sys.stderr)\n"
    )
    import perfcheck.documents.pdf as pdf_module

    real_find = pdf_module.find_tables  # the loader's own name for it: the one to replace

    def previous_engine(page, textpage, height):  # every ruled page to pdfplumber, as before
        return [], False

    for path in sorted(REAL.glob("*final-accounts.pdf")):
        command = [sys.executable, "-m", "perfcheck", str(path), "--format", "json"]
        subprocess.run(command, capture_output=True, check=False)
        timed = interleaved({"ours": command}, repeat=5)
        seconds, cpu = timed["ours"], timed["ours cpu"]
        out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=False)
        peak_mb = int(out.stderr.strip().splitlines()[-1]) / 1024
        ours = best_of(lambda path=path: load_document(path), repeat=3)
        pdf_module.find_tables = previous_engine  # type: ignore[assignment]
        try:
            before = best_of(lambda path=path: load_document(path), repeat=3)
        finally:
            pdf_module.find_tables = real_find
        name = path.name.removesuffix("-2024-final-accounts.pdf")
        row(
            f"部门决算 {name}：检查（整个进程，墙钟 / CPU）/ 峰值内存",
            f"{seconds:.2f} s / {cpu:.2f} s / {peak_mb:.0f} MB",
            "—",
            f"target <= 0.5 s {'ok' if seconds <= 0.5 else 'MISSED'}（按 CPU {'ok' if cpu <= 0.5 else 'MISSED'}），"
            f"<= 120 MB {'ok' if peak_mb < 120 else 'MISSED'}",
        )
        ratio_line("  其中读取 PDF（进程内）：pdfium 表格 vs 此前的 pdfplumber 表格", ours, before, 0.5)


def bench_table_agreement() -> None:
    """pdfplumber's own reading (pdfminer) against pdfium's paths and characters fed to the same finder."""
    import pdfplumber
    import pypdfium2 as pdfium

    from perfcheck.documents.pdf_tables import _table
    from perfcheck.documents.pdfium_tables import find_tables

    def cells(found: object) -> list[tuple[int, int, int, int, str]] | None:
        table = _table(found)
        return (
            None
            if table is None
            else [(c.row, c.column, c.row_span, c.col_span, c.text) for r in table.rows for c in r]
        )

    paths = sorted(SAMPLES.rglob("*.pdf")) + (sorted(REAL.glob("*.pdf")) if REAL.is_dir() else [])
    tables = same = handed_back = grid_only = 0
    plumber_seconds = pdfium_seconds = 0.0
    for path in paths:
        started = time.perf_counter()
        with pdfplumber.open(path) as plumber:
            reference = [[cells(found) for found in page.find_tables()] for page in plumber.pages]
        plumber_seconds += time.perf_counter() - started
        started = time.perf_counter()
        pdf = pdfium.PdfDocument(path)
        ours = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            found, complete = find_tables(page, textpage, page.get_size()[1])
            ours.append(([cells(table) for table in found], complete))
            textpage.close()
            page.close()
        pdf.close()
        pdfium_seconds += time.perf_counter() - started
        for expected, (found, complete) in zip(reference, ours, strict=True):
            tables += len(expected)
            if not complete:
                handed_back += len(expected)
                grid = [None if t is None else [c[:4] for c in t] for t in found]
                grid_only += grid == [None if t is None else [c[:4] for c in t] for t in expected] and len(expected)
            elif found == expected:
                same += len(expected)
    served = tables - handed_back
    row(
        f"表格一致性：{len(paths)} 个 PDF 的 {tables} 张表，pdfium 读取 vs pdfplumber 读取",
        f"{same}/{served} 张逐格相同",
        f"另 {handed_back} 张交 pdfplumber（{grid_only} 张网格相同）",
        "ok" if same == served else "MISSED",
    )
    ratio_line(
        "  同一批 PDF 找表：pdfium + pdf_grid（pdfplumber 的表格算法） vs pdfplumber 全流程",
        pdfium_seconds,
        plumber_seconds,
        0.5,
    )
