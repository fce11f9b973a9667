"""One 项目支出绩效自评报告 per table rule (rules/tables.yml), each the clean report of ``self_eval`` with
that one defect injected, and the writer of all self-evaluation samples with their expected verdicts.

Each defect recomputes every dependent figure the way a careful author would (a changed 执行数 changes
its row's 执行率; a changed score changes the 总分 row and the 自评得分 in the text), so that only the
rule named fails. ``write_samples`` writes ``samples/self-eval/`` and ``samples/expected/``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from self_eval import TEXT_SHAPES, Report, clean_report, official_parts, parts

# ---- one defect per rule ---------------------------------------------------------------------------


def _funding(report: Report, label: str, **changes: str) -> Report:
    rows = tuple(replace(r, **changes) if r.label == label else r for r in report.funding)
    return replace(report, funding=rows)


def _indicator(report: Report, name: str, **changes: str) -> Report:
    rows = tuple(replace(i, **changes) if i.name == name else i for i in report.indicators)
    return replace(report, indicators=rows)


@dataclass(frozen=True)
class Defect:
    rule: str
    suffix: str  # the format it is written in: .docx, .pdf or a text shape
    note: str
    inject: Callable[[Report], Report]
    # Other rules that rightly see the same defect (the failing list is "exactly these").
    also: tuple[str, ...] = ()


DEFECTS: tuple[Defect, ...] = (
    Defect(
        "TB-SUM-01",
        ".pdf",
        "本年财政拨款的全年执行数124.00改为126.00（执行率随之改为96.92%），年度资金总额142.50不再等于其中各项之和144.50",
        lambda r: _funding(r, "本年财政拨款", executed="126.00"),
    ),
    Defect(
        "TB-RATE-01",
        "pipe",
        "本年财政拨款的执行率写作98.38%，按124.00/130.00应为95.38%",
        lambda r: _funding(r, "本年财政拨款", rate="98.38%"),
    ),
    Defect(
        "TB-RSCORE-01",
        ".docx",
        "执行率得分写作9.8（执行率95.00%×10分=9.5）；总分和文中自评得分随之改为95.8",
        lambda r: replace(r, stated_rate_score="9.8"),
    ),
    Defect(
        "TB-WEIGHT-01",
        ".docx",
        "上门服务人次的得分写作12，超过其分值10；总分和文中自评得分随之改为97.5",
        lambda r: _indicator(r, "上门服务人次", score="12"),
    ),
    Defect(
        "TB-WEIGHT-02",
        ".pdf",
        "一级指标写作“产出指标（40分）”，其下各指标分值合计为50",
        lambda r: replace(r, groups=(("产出指标", "40"), *r.groups[1:])),
    ),
    Defect(
        "TB-WEIGHT-03",
        ".docx",
        "新建养老服务站的分值改为5（得分按4/5×5=4），“产出指标（45分）”，全部分值合计95而非100；总分91.5",
        lambda r: replace(
            _indicator(r, "新建养老服务站", weight="5", score="4"),
            groups=(("产出指标", "45"), *r.groups[1:]),
        ),
    ),
    Defect(
        "TB-COMP-01",
        ".docx",
        "新建养老服务站目标≥5个、实际4个，却给满分10（原为8）；总分和文中自评得分随之改为97.5",
        lambda r: _indicator(r, "新建养老服务站", score="10"),
    ),
    Defect(
        "TB-COMP-02",
        "cell-per-line",
        "补贴按月发放率（目标=100%）的实际完成值写作“完成”而非数值",
        lambda r: _indicator(r, "补贴按月发放率", actual="完成"),
    ),
    Defect(
        "TB-ADJ-01",
        ".docx",
        "删去年中追加预算的说明：年初预算120万元、全年预算150万元，表中和文中都没有调整原因",
        lambda r: replace(r, adjustment_reason=""),
    ),
    Defect(
        "TB-LOWRATE-01",
        ".pdf",
        "本年财政拨款全年执行数改为109.00，年度资金总额执行127.50、执行率85.00%、执行率得分8.5，"
        "文中执行资金1,275,000元、自评得分94.5，均按新数重算；低于90%的原因未作说明",
        lambda r: _funding(
            _funding(r, "本年财政拨款", executed="109.00"),
            "年度资金总额",
            executed="127.50",
        ),
    ),
    Defect(
        "TB-CELL-01",
        ".docx",
        "服务抽检合格率的实际完成值留空",
        lambda r: _indicator(r, "服务抽检合格率", actual=""),
    ),
    Defect(
        "TB-TPL-01",
        ".docx",
        "年度总体目标的实际完成情况栏保留了表格的填写说明“（200字以内）”（表格中的模板残留只由TB-TPL-01报告一次）",
        lambda r: replace(r, instruction="（200字以内）"),
    ),
    Defect(
        "TB-TOTAL-01",
        "bar-rows",
        "文中自评得分写作96.5分，表中各项得分合计95.5",
        lambda r: replace(r, stated_total="96.5"),
    ),
    Defect(
        "TB-GRADE-01",
        ".docx",
        "自评得分95.5分，等级写作“良”（90分及以上为优）",
        lambda r: replace(r, stated_grade="良"),
    ),
    Defect(
        "TB-TEXT-01",
        ".docx",
        "文中全年执行资金写作1,452,000元，表中年度资金总额全年执行数为142.50万元",
        lambda r: replace(r, stated_spent_yuan="1,452,000"),
    ),
)


def _write(report: Report, directory: Path, stem: str, suffix: str, *, one_table: bool = False) -> Path:
    """Write ``report`` as ``suffix`` (.docx, .pdf or a text shape); ``one_table``: the form as one table."""
    from docx_builder import write_docx
    from pdf_builder import write_pdf

    content = official_parts(report) if one_table else parts(report)
    if suffix == ".docx":
        return write_docx(content, directory / f"{stem}.docx", numbering="styles")
    if suffix == ".pdf":
        path = directory / f"{stem}.pdf"
        write_pdf(content, path)
        return path
    path = directory / f"{stem}.txt"
    path.write_text(TEXT_SHAPES[suffix](report), encoding="utf-8")
    return path


def _expected(directory: Path, stem: str, failing: list[str], note: str) -> None:
    record = {"sample": stem, "pack": "project-self-eval", "failing": failing, "note": note}
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    (directory / f"{stem}.json").write_text(text, encoding="utf-8")


def write_samples(samples: Path, expected: Path) -> list[Path]:
    """Write the clean report in every format and one file per defect; their verdicts to ``expected``."""
    samples.mkdir(parents=True, exist_ok=True)
    expected.mkdir(parents=True, exist_ok=True)
    clean = clean_report()
    written = [_write(clean, samples, "clean", ".docx"), _write(clean, samples, "clean", ".pdf")]
    _expected(expected, "clean", [], "无缺陷：资金表、指标表与正文一致（.docx 与 .pdf 共用本文件）")
    written += [_write(clean, samples, "clean-one-table", suffix, one_table=True) for suffix in (".docx", ".pdf")]
    _expected(
        expected, "clean-one-table", [], "无缺陷；自评表按财预〔2020〕10号的样式排成一张表（.docx 与 .pdf 共用本文件）"
    )
    for shape in TEXT_SHAPES:
        written.append(_write(clean, samples, f"clean-{shape}", shape))
        _expected(expected, f"clean-{shape}", [], f"无缺陷，文本导出形态：{shape}")
    for defect in DEFECTS:
        written.append(_write(defect.inject(clean), samples, defect.rule, defect.suffix))
        _expected(expected, defect.rule, sorted((defect.rule, *defect.also)), defect.note)
    return written
