"""perfcheck benchmarks (``make bench``): every target is a ratio against a baseline measured in the same run.

Printed, never asserted: speed depends on the machine, and a timed unit test fails for the wrong
reasons. Each line shows the measurement, its baseline, the ratio and the target.

Run as ``make bench``; the benchmarks are in ``startup.py``, ``pdfs.py`` and ``scale.py``, what they share in
``common.py``.
"""

from __future__ import annotations

import os
import sys

from common import NOTES, OUT, ROOT, ROWS, row
from pdfs import bench_pdf, bench_real_pdfs, bench_table_agreement, bench_table_pdf
from scale import bench_batch, bench_scaling, bench_workbook
from startup import bench_check_process, bench_docx_load, bench_rules, bench_startup, bench_yaml


def main() -> None:
    # Users run perfcheck with its bytecode cached (pip compiles on install); so must the benchmark, even
    # where PYTHONDONTWRITEBYTECODE is set (as in some sandboxes), or every run pays for compiling.
    import compileall

    compileall.compile_dir(ROOT / "perfcheck", quiet=1)
    # The benchmark's own pack cache, warmed by the first run of each kind: the user cache directory may
    # be shared with other checkouts (each keeps its own entries) and evict ours between runs.
    os.environ.setdefault("PERFCHECK_CACHE_DIR", str(OUT / "cache"))
    for bench in (
        bench_docx_load,
        bench_pdf,
        bench_table_pdf,
        bench_real_pdfs,
        bench_table_agreement,
        bench_workbook,
        bench_startup,
        bench_check_process,
        bench_rules,
        bench_yaml,
        bench_batch,
        bench_scaling,
    ):
        try:
            bench()
        except Exception as error:  # one broken benchmark should not hide the others
            row(bench.__name__, "失败", "", f"{type(error).__name__}: {error}")
    width = max(len(r[0]) for r in ROWS)
    print(f"perfcheck bench — Python {sys.version.split()[0]}, {os.cpu_count()} CPU")
    for name, measured, baseline, verdict in ROWS:
        print(f"{name:<{width}}  {measured:>28}  {baseline:>32}  {verdict}")
    print(f"系统负载（1 分钟）{os.getloadavg()[0]:.1f}，{os.cpu_count()} CPU：比值取自同一次运行，负载高时请重跑")
    for note in NOTES:
        print(note)


if __name__ == "__main__":
    main()
