"""Write the parts of ``spec.py`` to a PDF with a real Chinese text layer, the way reports are printed.

The PDF reproduces what the .pdf loader has to undo: body paragraphs wrapped at the right margin
(reportlab's CJK wrapping breaks between any two characters, so lines end inside sentences and inside
numbers such as ``4508.`` / ``18万元``), a first-line indent of two characters, headings and title in
larger type, a running header with a rule under it and a page number in the footer on every page,
and tables drawn with grid lines and merged cells. The font is reportlab's built-in CID font
``STSong-Light`` (no font file needed, so the samples build anywhere). ``invariant=1`` makes the
output byte-for-byte reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from spec import Para, Part, TableSpec

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=14)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=15, leading=24, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle(
    "body", fontName=FONT, fontSize=12, leading=20, firstLineIndent=24, alignment=TA_JUSTIFY, wordWrap="CJK"
)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=13, alignment=TA_CENTER, wordWrap="CJK")
MARGIN = 2.5 * cm
DEFAULT_FOOTER = "- {page} -"


def _flowables(parts: Sequence[Part]) -> list[Flowable]:
    story: list[Flowable] = []
    for part in parts:
        if isinstance(part, TableSpec):
            story.append(_table(part))
            story.append(Spacer(1, 8))
        elif part.level == 0:
            story.append(Paragraph(part.full_text, TITLE))
        elif part.level is not None:
            story.append(Paragraph(part.full_text, HEADING))
        else:
            story.append(Paragraph(part.full_text, BODY))
    return story


def _table(spec: TableSpec) -> Table:
    data = [[Paragraph(text, CELL) if text else "" for text in row] for row in spec.grid]
    n_columns = max(len(row) for row in spec.grid)
    width = A4[0] - 2 * MARGIN
    first = width * 0.16
    widths = [first] + [(width - first) / (n_columns - 1)] * (n_columns - 1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), FONT, 10),
    ]
    for row, column, row_span, col_span in spec.merges:
        style.append(("SPAN", (column, row), (column + col_span - 1, row + row_span - 1)))
    return Table(data, colWidths=widths, style=TableStyle(style), hAlign="CENTER")


def _page_decoration(header: str, footer: str):  # type: ignore[no-untyped-def]
    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        width, height = A4
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(width / 2, height - 1.5 * cm, header)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - 1.65 * cm, width - MARGIN, height - 1.65 * cm)
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(width / 2, 1.2 * cm, footer.format(page=doc.page))
        canvas.restoreState()

    return decorate


def _title(parts: Sequence[Part]) -> str:
    return next((p.text for p in parts if isinstance(p, Para) and p.level == 0), "")


def _build(story: list[Flowable], path: str | Path, header: str, footer: str) -> int:
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        invariant=1,
        title=header,
    )
    decorate = _page_decoration(header, footer)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return int(doc.page)


def write_pdf(
    parts: Sequence[Part], path: str | Path, *, header: str | None = None, footer: str = DEFAULT_FOOTER
) -> int:
    """Write ``parts`` to ``path``; return the number of pages. ``footer`` is formatted with ``page``."""
    return _build(_flowables(parts), path, header or _title(parts), footer)


def write_long_pdf(parts: Sequence[Part], path: str | Path, pages: int = 200) -> int:
    """Repeat the body of ``parts`` (the title once) until the PDF has at least ``pages`` pages."""
    title = [p for p in parts if isinstance(p, Para) and p.level == 0]
    body = [p for p in parts if not (isinstance(p, Para) and p.level == 0)]
    one_copy = _build(_flowables(parts), path, _title(parts), DEFAULT_FOOTER)
    copies = max(1, -(-pages // max(1, one_copy)))
    while True:
        written = _build(_flowables(title + body * copies), path, _title(parts), DEFAULT_FOOTER)
        if written >= pages:
            return written
        copies += 1
