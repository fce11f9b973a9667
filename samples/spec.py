"""The content of the generated samples, independent of any file format.

``report_spec()`` reads the example report (``qingshuitang-2018-overall.txt``, UTF-8, as published)
into a list of parts; the format builders (``docx_builder``, ``pdf_builder``) write those parts out.
``self_eval_spec()`` is a short 项目支出绩效自评报告 holding the funding table of the 项目支出绩效自评表.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE_TXT = HERE / "qingshuitang-2018-overall.txt"

_TOP = re.compile(r"^([一二三四五六七八九十]+、)\s*")
_ITEM = re.compile(r"^(\d+\s*、)\s*")


@dataclass(frozen=True)
class Para:
    """A paragraph. ``level`` 0 is the title, 1–2 are headings; ``number`` is the visible label."""

    text: str
    level: int | None = None
    number: str = ""

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class TableSpec:
    """A grid of cell texts; ``merges`` are (row, column, row_span, col_span), top-left cell keeps text."""

    grid: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


Part = Para | TableSpec


def report_spec(source: Path = EXAMPLE_TXT) -> list[Part]:
    parts: list[Part] = []
    for i, line in enumerate(source.read_text(encoding="utf-8").splitlines()):
        line = line.replace("[bookmark: _GoBack]", "").strip()
        if not line:
            continue
        if i == 0:
            parts.append(Para(line, level=0))
        elif top := _TOP.match(line):
            parts.append(Para(line[top.end() :], level=1, number=top.group(1)))
        elif item := _ITEM.match(line):
            parts.append(Para(line[item.end() :], number=item.group(1).replace(" ", "")))
        else:
            parts.append(Para(line))
    return parts


def self_eval_spec() -> list[Part]:
    """A 项目支出绩效自评报告 whose funding table has a two-row header with merged cells."""
    grid = [
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "", "120.00", "150.00", "142.50", "10", "95.00%", "9.5"],
        ["其中", "本年财政拨款", "100.00", "130.00", "124.00", "—", "95.38%", "—"],
        ["", "上年结转资金", "20.00", "20.00", "18.50", "—", "92.50%", "—"],
        ["", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
    ]
    table = TableSpec(grid=grid, merges=[(0, 0, 1, 2), (1, 0, 1, 2), (2, 0, 3, 1)])
    return [
        Para("2023年度社区养老服务补助项目支出绩效自评报告", level=0),
        Para("基本情况", level=1, number="一、"),
        Para("项目年初预算120万元，年中追加30万元，全年预算150万元，全年执行142.5万元，执行率95%。"),
        Para("项目资金使用及管理情况", level=1, number="二、"),
        Para("项目支出绩效自评表（项目资金部分）如下："),
        table,
        Para("绩效情况", level=1, number="三、"),
        Para("项目完成了年度绩效目标，自评得分95分，等级为优。"),
    ]
