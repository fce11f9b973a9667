"""Growth with the input: a batch of reports, documents doubling in size, a 20-sheet workbook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from common import OUT, PEAK_KB, best_of, cpu_best_of, ratio_line, row


def bench_batch() -> None:
    """500 generated .docx reports: rate with 1 and 2 workers, the parent's peak memory at 100 vs 500."""
    from make_corpus import write_corpus

    corpus = OUT / "kaifu-500-docx"
    if not (corpus / "manifest.json").exists():
        write_corpus(corpus, 500, ("docx",))
    # Each measurement in a fresh process, whose own peak is the batch's parent's (workers are its children):
    # peak_kb (common.PEAK_KB), not ru_maxrss, which a child of this large benchmark process inherits.
    probe = (
        f"{PEAK_KB}import json, os, sys, tempfile, time\n"
        "from pathlib import Path\n"
        "from perfcheck.batch import discover_inputs, run_batch\n"
        "from perfcheck.engine import Settings\n"
        "paths = discover_inputs([sys.argv[1]])[: int(sys.argv[2])]\n"
        "with tempfile.TemporaryFile() as spool:\n"
        "    c = os.times(); t = time.perf_counter(); r = run_batch(paths, Settings(), spool, jobs=int(sys.argv[3]))\n"
        "    t = time.perf_counter() - t; c = os.times().children_user - c.children_user; pairs = len(r.similar)\n"
        "print(json.dumps({'n': len(r.rows), 's': t, 'rss': peak_kb(),\n"
        "                  'pairs': pairs, 'cpu': c, 'load': os.getloadavg()[0]}))\n"
    )

    def measure(count: int, jobs: int) -> dict:
        out = subprocess.run([sys.executable, "-c", probe, str(corpus), str(count), str(jobs)], capture_output=True,
                             text=True, check=True)  # fmt: skip
        return json.loads(out.stdout)

    one, two = measure(500, 1), measure(500, 2)
    rate_one, rate_two = one["n"] / one["s"], two["n"] / two["s"]
    speedup = rate_two / rate_one
    row(
        "批量检查 500 份 .docx：--jobs 2 vs --jobs 1",
        f"{rate_two:.1f} 份/秒",
        f"{rate_one:.1f} 份/秒",
        f"{speedup:.2f}x (target >= 1.7x) {'ok' if speedup >= 1.7 else 'MISSED'}",
    )
    # A busy machine starves the workers: say how many cores they actually got, so the ratio can be read.
    row(
        "  其中 --jobs 2 / --jobs 1 的工作进程实际占用 CPU",
        f"{two['cpu'] / two['s']:.2f} / {one['cpu'] / one['s']:.2f} 核",
        f"每个 CPU 秒 {one['n'] / one['cpu']:.0f} 份",
        f"系统负载 {two['load']:.1f}（{os.cpu_count()} CPU）",
    )
    row(
        "批量检查 .docx 每核速度（--jobs 1）",
        f"{rate_one:.1f} 份/秒",
        "—",
        f"target >= 20 份/秒 {'ok' if rate_one >= 20 else 'MISSED'}",
    )
    hundred = measure(100, 2)
    growth = (two["rss"] - hundred["rss"]) / 1024
    row(
        "批量检查主进程峰值内存：500 份 vs 100 份",
        f"{two['rss'] / 1024:.0f} MB",
        f"{hundred['rss'] / 1024:.0f} MB",
        f"增长 {growth:.1f} MB (target <= 5 MB) {'ok' if growth <= 5 else 'MISSED'}",
    )
    pairs = "ok" if two["pairs"] == 1 else "MISSED"
    row("批量检查 500 份中的相似报告对（语料中有 1 对）", str(two["pairs"]), "1", pairs)


def _scaling_report(family: str, lines: int) -> str:
    """A synthetic report of ``lines`` lines of one family: amounts in prose, table rows, list items."""
    out = ["某某局2018年度部门整体支出绩效评价报告", "一、整体支出概况"]
    if family == "amounts":
        for i in range(lines):
            if i and i % 50 == 0:
                out.append(f"（{i // 50}）第{i // 50}部分支出情况")
            a, b = 100 + i, 50 + i
            out.append(f"第{i + 1}项：整体支出{a + b}.00万元，基本支出{a}.00万元，项目支出{b}.00万元，执行率95.5%。")
    elif family == "table":
        out += ["| 项目 | 年初预算数 | 全年执行数 | 执行率 |", "|---|---|---|---|"]
        out += [f"| 项目{i} | {100 + i}.00 | {90 + i}.00 | {(90 + i) / (100 + i) * 100:.2f}% |" for i in range(lines)]
    else:
        out.append(f"全年共开展{lines}项重点工作：")
        out += [f"{i + 1}、完成第{i + 1}项工作，支出{i + 1}.00万元，其中人员经费{i}.50万元、公用经费0.50万元。"
                for i in range(lines)]  # fmt: skip
    return "\n".join(out) + "\n"


def bench_scaling() -> None:
    """Issue 12: checking must be near-linear. Doubling a synthetic report from 1,000 to 8,000 lines
    (amounts in prose, table rows, list items) may cost at most ~2.5x its checking time per doubling."""
    from perfcheck import load_document
    from perfcheck.engine import Settings, check_document
    from perfcheck.rulepack import load_ruleset

    ruleset = load_ruleset()
    OUT.mkdir(parents=True, exist_ok=True)
    for family, name in (("amounts", "金额行"), ("table", "表格行"), ("items", "列表项")):
        times: list[tuple[int, float]] = []
        for lines in (1000, 2000, 4000, 8000):
            path = OUT / f"scaling-{family}-{lines}.txt"
            path.write_text(_scaling_report(family, lines), encoding="utf-8")

            def once(path: Path = path) -> None:
                check_document(load_document(path), ruleset, Settings())

            times.append((lines, cpu_best_of(once, repeat=3 if lines <= 2000 else 2)))
        worst = max(later / earlier for (_, earlier), (_, later) in pairwise(times))
        row(
            f"检查耗时随规模增长（{name} 1000→8000，每次翻倍）",
            " / ".join(f"{t:.2f}" for _, t in times) + " s CPU",
            "—",
            f"最大翻倍比 {worst:.2f}x (target <= 2.5x) {'ok' if worst <= 2.5 else 'MISSED'}",
        )


def bench_workbook() -> None:
    """A 20-sheet workbook (the official 自评表 on every sheet) checked, against openpyxl reading it read-only.

    The baseline opens the workbook with openpyxl in read-only mode and reads every cell's value (read-only
    mode parses sheets lazily, so opening alone would measure nothing); ours is the whole check in process.
    """
    import openpyxl
    from self_eval import clean_report, official_form
    from xlsx_builder import Sheet, write_xlsx

    from perfcheck import check_file, load_document
    from perfcheck.facts.table_model import forget_read_texts

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "self-eval-20-sheets.xlsx"
    if not path.exists():
        form = official_form(clean_report())
        title = ("2023年度社区养老服务补助项目支出绩效自评表", "单位：万元")
        write_xlsx([Sheet(f"项目{n + 1}", form, lines=title) for n in range(20)], path)

    def baseline() -> None:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        workbook.close()

    def check_cold() -> None:
        forget_read_texts()  # each run starts with the caches of read texts empty, as a new process does
        check_file(path)

    check_file(path)
    base = best_of(baseline, repeat=7)
    ratio_line(
        "检查 20 个工作表的 .xlsx（进程内） vs openpyxl 只读模式读取全部单元格",
        best_of(check_cold, repeat=7),
        base,
        2.0,
    )
    # The same file only loaded: how much of the check is reading the workbook, how much the table rules.
    loaded = best_of(lambda: load_document(path), repeat=7)
    ratio_line("  其中只加载该 .xlsx（文档模型） vs 同一基线", loaded, base, 1.0)
