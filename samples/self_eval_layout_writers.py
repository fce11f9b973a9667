"""Write each 自评表 layout (``self_eval_layouts``) in every form it travels in, and its defect copies.

Forms: ``.docx`` (real merged cells), ``.pdf`` (ruled table), ``.xlsx`` (openpyxl: merged ranges, numbers
with number formats — 0.00 for money, 0.00% for rates — the title and the text as single-value rows
above the form), and two web-page text shapes:

- ``rows``: one line per row, ``|`` between cells, the cells a merge covered dropped and the line padded
  with ``|`` to the table's width (as pages such as dyxrmt.cn/article-157795-21.html give the 四川 form);
- ``cells``: one cell per line ending in `` |``, an empty cell a lone ``|``, each row closed by a line of
  pipes (as zwfwzx.ezhou.gov.cn gives the 湖北 form, corpus excerpt 046).

Everything is byte-for-byte reproducible (``docx_builder``, reportlab ``invariant``, fixed workbook
properties and zip timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

from docx_builder import write_docx
from pdf_builder import write_pdf
from self_eval_layout_forms import DEFECTS, FORMS
from self_eval_layouts import parts
from spec import Para, Part, TableSpec
from xlsx_builder import finish_workbook

FORMATS = (".docx", ".pdf", ".xlsx", ".rows.txt", ".cells.txt")
_FIXED = dt.datetime(2019, 3, 1, 9, 0, 0)
_NUMBER = re.compile(r"^(?P<int>\d+)(?:\.(?P<frac>\d+))?(?P<pct>%)?$")


def _covered(table: TableSpec) -> set[tuple[int, int]]:
    covered: set[tuple[int, int]] = set()
    for row, col, row_span, col_span in table.merges:
        covered |= {(r, c) for r in range(row, row + row_span) for c in range(col, col + col_span)} - {(row, col)}
    return covered


def _real_cells(table: TableSpec) -> list[list[str]]:
    """Each row's cells as a web page keeps them: a merged cell once, the positions it covers dropped."""
    covered = _covered(table)
    return [
        [text.replace("\n", "") for c, text in enumerate(row) if (r, c) not in covered]
        for r, row in enumerate(table.grid)
    ]


def text_rows(content: list[Part]) -> str:
    lines: list[str] = []
    for part in content:
        if isinstance(part, TableSpec):
            width = max(len(row) for row in part.grid)
            for cells in _real_cells(part):
                lines.append(" | ".join(cells) + " |" + "|" * (width - len(cells)))
        else:
            assert isinstance(part, Para)
            lines.append(part.full_text)
    return "\n".join(lines) + "\n"


def text_cells(content: list[Part]) -> str:
    lines: list[str] = []
    for part in content:
        if isinstance(part, TableSpec):
            width = max(len(row) for row in part.grid)
            for cells in _real_cells(part):
                lines += [f"{text} |" if text else "|" for text in cells]
                lines.append("|" * max(2, width - len(cells) + 1))
        else:
            assert isinstance(part, Para)
            lines.append(part.full_text)
    return "\n".join(lines) + "\n"


def write_xlsx(content: list[Part], path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "自评表"
    row = 1
    for part in content:
        if isinstance(part, Para):
            sheet.cell(row=row, column=1, value=part.full_text)
            row += 1
            continue
        assert isinstance(part, TableSpec)
        covered = _covered(part)
        for r, cells in enumerate(part.grid):
            for c, text in enumerate(cells):
                if (r, c) not in covered:
                    _put(sheet.cell(row=row + r, column=c + 1), text)
        for r, c, row_span, col_span in part.merges:
            sheet.merge_cells(
                start_row=row + r, start_column=c + 1, end_row=row + r + row_span - 1, end_column=c + col_span
            )
        row += len(part.grid)
    book.properties.creator = "perfcheck samples"
    book.properties.created = _FIXED
    book.properties.modified = _FIXED
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(finish_workbook(buffer.getvalue(), {}))
    return path


def _put(cell, text: str) -> None:  # type: ignore[no-untyped-def]
    """A figure as a number with the format that shows it as written (120.00, 95.00%); text as text."""
    found = _NUMBER.match(text)
    if found is None:
        cell.value = text
        if text.startswith("="):
            cell.data_type = "s"  # "=100%" is a target typed as text, not a formula
        return
    decimals = len(found.group("frac") or "")
    pattern = "0" + ("." + "0" * decimals if decimals else "")
    value = Decimal(text.rstrip("%"))
    if found.group("pct"):
        cell.value = float(value / 100)
        cell.number_format = pattern + "%"
    else:
        cell.value = int(value) if decimals == 0 else float(value)
        cell.number_format = pattern


def write_form(content: list[Part], directory: Path, stem: str, suffix: str) -> Path:
    path = directory / f"{stem}{suffix}"
    if suffix == ".docx":
        return write_docx(content, path, numbering="styles")
    if suffix == ".pdf":
        write_pdf(content, path)
        return path
    if suffix == ".xlsx":
        return write_xlsx(content, path)
    text = text_rows(content) if suffix == ".rows.txt" else text_cells(content)
    path.write_text(text, encoding="utf-8")
    return path


def _expected(directory: Path, stem: str, layout: str, failing: list[str], note: str) -> None:
    record = {"sample": stem, "layout": layout, "failing": failing, "note": note}
    (directory / f"{stem}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_layout_samples(samples: Path, expected: Path) -> list[Path]:
    """Every layout's clean form in every format; each layout's defect copies as .docx."""
    samples.mkdir(parents=True, exist_ok=True)
    expected.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for layout, form in FORMS.items():
        clean = parts(layout, form)  # type: ignore[arg-type]
        written += [write_form(clean, samples, f"{layout}-clean", suffix) for suffix in FORMATS]
        _expected(expected, f"{layout}-clean", layout, [], "无缺陷；各形式（.docx .pdf .xlsx 两种网页文本）共用本文件")
        for defect in DEFECTS.get(layout, ()):
            assert form is not None
            stem = f"{layout}-{defect.rule}"
            written.append(write_form(parts(layout, defect.inject(form)), samples, stem, ".docx"))
            _expected(expected, stem, layout, sorted((defect.rule, *defect.also)), defect.note)
    return written
