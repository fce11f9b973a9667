"""Regenerate the generated samples from ``qingshuitang-2018-overall.txt`` and ``spec.py``.

Run ``make samples`` (or ``python samples/make_samples.py``). The outputs are committed; their
provenance is in ``samples/README.md``. Builders write deterministic files, so a run with no change to
the inputs leaves ``git status`` clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from docx_builder import write_docx  # noqa: E402
from pdf_builder import write_pdf  # noqa: E402
from self_eval_defects import write_samples as write_self_eval_samples  # noqa: E402
from self_eval_layout_writers import write_layout_samples  # noqa: E402
from spec import EXAMPLE_TXT, report_spec, self_eval_spec  # noqa: E402
from xlsx_builder import self_eval_sheets, write_xlsx  # noqa: E402

# Three errors a reviewer keeps finding, injected into a copy of the example (tests/test_samples.py).
INJECTED = (
    ("城市管理546.59万元", "城市管理556.59万元"),  # a changed spending line: 项目支出 no longer adds up
    ("三、2018年绩效目标完成情况\n", ""),  # a missing required section (its heading removed)
    ("等6方面内容", "等7方面内容"),  # a wrong declared count: 7 declared, 6 listed
)


def injected_text() -> str:
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    for old, new in INJECTED:
        if old not in text:
            raise SystemExit(f"make_samples: “{old}” not found in {EXAMPLE_TXT.name}")
        text = text.replace(old, new, 1)
    return text


def main() -> None:
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    (HERE / "qingshuitang-2018-overall-gbk.txt").write_bytes(text.encode("gbk"))
    write_docx(report_spec(), HERE / "qingshuitang-2018-overall.docx", numbering="styles")
    write_docx(report_spec(), HERE / "qingshuitang-2018-overall-autonum.docx", numbering="auto")
    write_pdf(report_spec(), HERE / "qingshuitang-2018-overall.pdf")
    write_docx(self_eval_spec(), HERE / "self-eval-table.docx", numbering="styles")
    write_pdf(self_eval_spec(), HERE / "self-eval-table.pdf")
    write_xlsx(self_eval_sheets(), HERE / "self-eval-table.xlsx")
    injected = HERE / "qingshuitang-2018-injected.txt"
    injected.write_text(injected_text(), encoding="utf-8")
    write_docx(report_spec(injected), HERE / "qingshuitang-2018-injected.docx", numbering="styles")
    write_self_eval_samples(HERE / "self-eval", HERE / "expected")
    write_layout_samples(HERE / "self-eval" / "layouts", HERE / "expected" / "layouts")


if __name__ == "__main__":
    main()
