"""Start-up and the whole-process check of the example report against the floor (issue 14); loading the
packs and their YAML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile

from common import EXAMPLE_DOCX, NOTES, ROOT, best_of, interleaved, process_time, ratio_line, row


def bench_docx_load() -> None:
    from lxml import etree

    from perfcheck import load_document

    def bare() -> None:
        with zipfile.ZipFile(EXAMPLE_DOCX) as archive:
            etree.fromstring(archive.read("word/document.xml"))

    load_document(EXAMPLE_DOCX)  # warm the imports
    ratio_line(
        "加载示例 .docx（进程内） vs zipfile+lxml 解析 document.xml",
        best_of(lambda: load_document(EXAMPLE_DOCX)),
        best_of(bare),
        3.0,
    )


def bench_startup() -> None:
    heavy_modules = ("docx", "pdfplumber", "pypdfium2", "lxml", "cn2an", "openpyxl")
    probe = (
        "import json, sys, perfcheck.cli, perfcheck.engine;"
        f"print(json.dumps(sorted(m for m in {heavy_modules!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    heavy = json.loads(out.stdout)
    row(
        "启动时是否导入了重型模块",
        ", ".join(heavy) or "无",
        "docx/pdfplumber/pypdfium2/lxml/cn2an",
        "ok" if not heavy else "MISSED",
    )
    ours = process_time([sys.executable, "-m", "perfcheck", "--version"])
    floor = process_time([sys.executable, "-c", "import typer, rich"])
    ratio_line("perfcheck --version（整个进程） vs 只导入 typer+rich", ours, floor, 1.4)


def bench_check_process() -> None:
    floor_script = (
        "import sys, zipfile, typer, rich, regex, yaml\n"
        "from lxml import etree\n"
        "with zipfile.ZipFile(sys.argv[1]) as z: etree.fromstring(z.read('word/document.xml'))\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(floor_script)
    ours = [sys.executable, "-m", "perfcheck", str(EXAMPLE_DOCX), "--format", "json"]
    # Run where an officer does, in a folder of reports: from the checkout, perfcheck would also find and
    # parse this project's pyproject.toml looking for a [tool.perfcheck] table (~2 ms of TOML).
    folder = tempfile.mkdtemp(prefix="perfcheck-bench-")
    subprocess.run(ours, capture_output=True, check=False, cwd=folder)  # a user's second run: the pack cache is warm
    timed = interleaved({"ours": ours, "floor": [sys.executable, handle.name, str(EXAMPLE_DOCX)]}, cwd=folder)
    name = "perfcheck 示例.docx --format json（整个进程） vs 导入+解析的下限脚本"
    ratio_line(name, timed["ours"], timed["floor"], 1.4)
    ratio_line("  同上，按进程 CPU 时间", timed["ours cpu"], timed["floor cpu"], 1.4)
    # Where the rest goes: the imports perfcheck adds to the floor's, by their own import time.
    ours_imports = _import_times([sys.executable, "-X", "importtime", *ours[1:]], folder)
    floor_imports = _import_times([sys.executable, "-X", "importtime", handle.name, str(EXAMPLE_DOCX)], folder)
    os.unlink(handle.name)
    os.rmdir(folder)
    extra = {name: t for name, t in ours_imports.items() if name not in floor_imports}
    top = sorted(extra.items(), key=lambda item: -item[1][0])[:15]
    NOTES.append(
        f"python -X importtime：perfcheck 比下限脚本多导入 {len(extra)} 个模块，自身耗时合计 "
        f"{sum(t[0] for t in extra.values()) / 1000:.1f} ms；最多的 15 个（自身 µs / 含子模块 µs）："
    )
    NOTES.extend(f"    {own:>7} {cumulative:>8}  {name}" for name, (own, cumulative) in top)


def _import_times(args: list[str], cwd: str | None = None) -> dict[str, tuple[int, int]]:
    """Module → (self µs, cumulative µs) from ``python -X importtime`` (stderr)."""
    out = subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd)
    found: dict[str, tuple[int, int]] = {}
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            own, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            found[name] = (int(own), int(cumulative))
    return found


def bench_rules() -> None:
    from perfcheck import load_document
    from perfcheck.engine import Settings, check_document
    from perfcheck.rulepack import load_ruleset

    document = load_document(EXAMPLE_DOCX)
    ruleset = load_ruleset()
    check_document(document, ruleset, Settings())
    seconds = best_of(lambda: check_document(document, ruleset, Settings()))
    row(
        "示例报告的规则检查（进程内，含事实提取）",
        f"{seconds * 1000:.1f} ms",
        "—",
        f"target < 20 ms {'ok' if seconds < 0.020 else 'MISSED'}",
    )
    load = best_of(load_ruleset, repeat=7)
    row("加载全部内置规则包", f"{load * 1000:.1f} ms", "—", "—")


def bench_yaml() -> None:
    import yaml

    rule = (ROOT / "rules" / "common.yml").read_text(encoding="utf-8").split("rules:\n", 1)[1]
    text = "rules:\n" + rule * max(1, 200 // max(1, rule.count("  - id:")))
    fast = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat=5)
    slow = best_of(lambda: yaml.load(text, Loader=yaml.SafeLoader), repeat=5)
    row(
        "约 200 条规则的 YAML：CSafeLoader vs SafeLoader",
        f"{fast * 1000:.1f} ms",
        f"{slow * 1000:.1f} ms",
        f"{slow / fast:.1f}x faster",
    )
