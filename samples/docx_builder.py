"""Write the parts of ``spec.py`` to a .docx with python-docx.

``numbering="styles"``: headings use Word's heading styles (Title for level 0, Heading N for level N)
and their numbers are typed in the text ("一、整体支出概况"), as most reports are written.
``numbering="auto"``: level-1 headings are numbered by Word ("一、" comes from numbering.xml: lvlText
"%1、", numFmt chineseCounting), so the label is not in the paragraph's runs — the case the .docx
loader has to rebuild. Numbered items ("1、") are typed in the text in both modes.

The output is byte-for-byte reproducible: fixed core properties and fixed zip entry timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from spec import Part, TableSpec

FIXED_TIME = dt.datetime(2019, 3, 1, 9, 0, 0, tzinfo=dt.timezone.utc)
_ZIP_TIME = (2019, 3, 1, 9, 0, 0)
AUTHOR = "perfcheck samples"


def write_docx(parts: Sequence[Part], path: str | Path, numbering: str = "styles") -> Path:
    """Write ``parts`` to ``path`` and return it. ``numbering`` is "styles" or "auto" (see module doc)."""
    if numbering not in ("styles", "auto"):
        raise ValueError(f"numbering must be 'styles' or 'auto', not {numbering!r}")
    document = docx.Document()
    _use_chinese_fonts(document)
    num_id = _add_chinese_list(document) if numbering == "auto" else None
    for part in parts:
        if isinstance(part, TableSpec):
            _add_table(document, part)
        elif part.level == 0:
            document.add_paragraph(part.full_text, style="Title")
        elif part.level is not None and num_id is not None and part.level == 1:
            paragraph = document.add_paragraph(part.text, style="Heading 1")
            _number(paragraph, num_id)
        elif part.level is not None:
            document.add_paragraph(part.full_text, style=f"Heading {part.level}")
        else:
            document.add_paragraph(part.full_text)
    _fix_core_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path = Path(path)
    path.write_bytes(_with_fixed_timestamps(buffer.getvalue()))
    return path


def _use_chinese_fonts(document: docx.document.Document) -> None:
    """宋体 for body text so the sample looks like a report when opened in Word or WPS."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")


def _add_chinese_list(document: docx.document.Document) -> str:
    """Add an abstractNum "%1、" in chineseCounting (一、二、…) and a w:num using it; return its numId."""
    root = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in root.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    # Schema order (ECMA-376 17.9.17): every w:abstractNum precedes every w:num.
    first_num = root.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        root.append(abstract)
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return str(num_id)


def _number(paragraph: docx.text.paragraph.Paragraph, num_id: str, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    # pPr children have a schema order: pStyle, keepNext, …, numPr, …; numPr right after pStyle is valid.
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(ppr[-1])


def _add_table(document: docx.document.Document, spec: TableSpec) -> None:
    n_rows, n_cols = len(spec.grid), max(len(row) for row in spec.grid)
    table = document.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    covered: set[tuple[int, int]] = set()
    for row, col, row_span, col_span in spec.merges:
        table.cell(row, col).merge(table.cell(row + row_span - 1, col + col_span - 1))
        covered |= {(r, c) for r in range(row, row + row_span) for c in range(col, col + col_span)} - {(row, col)}
    for r, values in enumerate(spec.grid):
        for c, value in enumerate(values):
            if (r, c) not in covered:
                table.cell(r, c).text = value


def _fix_core_properties(document: docx.document.Document) -> None:
    props = document.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.title = ""


def _with_fixed_timestamps(data: bytes) -> bytes:
    """Rewrite the zip with one fixed date on every entry (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info))
    return out.getvalue()
