"""Word .docx reports: body paragraphs and tables in reading order, with Word's numbering rebuilt.

The package is read with ``zipfile`` and ``lxml`` directly, not through python-docx's object model:
python-docx parses every part it opens (a default template's styles.xml alone is 350 KB and takes
longer to parse than a whole report's document.xml) and its ``paragraphs``/``tables`` lists lose the
order in which they interleave. Here only three parts are read (document, styles, numbering), styles
only for the styles the body uses, and the body is walked once.

What counts as body text: the runs of body paragraphs, including hyperlinks, tracked insertions,
content controls and simple fields. Not body text: headers and footers (other parts), text boxes
and drawings (nested inside runs), deleted tracked text, field instructions, hidden (``w:vanish``)
runs, and table-of-contents entries (they repeat the headings; their paragraphs are still counted
so that paragraph numbers match Word's order).

Locations: ``Location(paragraph=i)`` counts the paragraphs at body level (0-based, empty ones
included, paragraphs inside tables excluded — the order of python-docx's ``Document.paragraphs``);
``Location(table=t)`` counts body-level tables; a nested table's text goes into its cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from perfcheck.documents.assemble import RawBlock, assemble, make_cell, make_table
from perfcheck.documents.docx_package import Package
from perfcheck.documents.docx_styles import StyleFacts, Styles, num_pr, outline_level, to_int
from perfcheck.documents.wordml import (
    BR,
    CR,
    FALSE,
    NO_BREAK_HYPHEN,
    PPR,
    RPR,
    TAB,
    TC,
    TCPR,
    TR,
    TRPR,
    VAL,
    P,
    T,
    W,
    block_elements,
    child_elements,
    text_runs,
)
from perfcheck.documents.wordnumbering import Numbering
from perfcheck.errors import InputError
from perfcheck.model import Cell, Document, Location


def load(path: Path, data: bytes, sha256: str) -> Document:
    package = Package(path, data)
    body = package.document.find(f"{W}body")
    if body is None:
        raise InputError(str(path), "文档结构不完整（缺少正文部分）", "请在 Word 中重新另存为 .docx")
    reader = _BodyReader(package.styles(), package.numbering)
    raw_blocks = list(reader.read(body))
    notes = reader.notes()
    if not any(
        raw.text.strip() or (raw.table and any(c.text.strip() for c in raw.table.cells())) for raw in raw_blocks
    ):
        raise InputError(
            str(path),
            "文档中没有文字内容",
            "若内容是扫描图片，请提供含文字的版本；页眉页脚和文本框中的文字不计入正文",
        )
    return assemble(str(path), "docx", sha256, raw_blocks, notes=notes)


# A Word table has at most 63 columns (Word refuses to insert a 64th): a w:gridSpan or w:gridBefore
# beyond that is not a layout but a broken or hostile file (issue 12: 10⁷…2³¹ made a loop over every
# spanned column). Such counts are clamped and the clamp is noted in the document (``perfcheck dump``).
MAX_COLUMNS = 63
_MAX_NOTES = 20


class _BodyReader:
    """Walks the body once, in order, keeping paragraph and table counters and numbering state."""

    def __init__(self, styles: Styles, numbering: Callable[[], Numbering]) -> None:
        self.styles = styles
        self._load_numbering = numbering
        self._numbering: Numbering | None = None
        self.paragraphs = 0
        self.tables = 0
        self._notes: dict[str, None] = {}

    def notes(self) -> tuple[str, ...]:
        """What was clamped while reading, once each (at most a screenful)."""
        found = list(self._notes)
        if self._numbering is not None:
            found += [n for n in self._numbering.notes if n not in self._notes]
        if len(found) > _MAX_NOTES:
            found = [*found[:_MAX_NOTES], f"另有 {len(found) - _MAX_NOTES} 处类似情况未列出"]
        return tuple(found)

    def _clamp_columns(self, value: int, what: str, row: int) -> int:
        if value <= MAX_COLUMNS:
            return value
        where = f"表格{self.tables}第{row + 1}行"
        self._notes.setdefault(f"{where}的{what}为 {value}，超过 Word 表格最多 {MAX_COLUMNS} 列，按 {MAX_COLUMNS} 读取")
        return MAX_COLUMNS

    def _note_dropped(self, row: int) -> None:
        self._notes.setdefault(
            f"表格{self.tables}第{row + 1}行超出第 {MAX_COLUMNS} 列的单元格未读取（Word 表格最多 {MAX_COLUMNS} 列）"
        )

    def read(self, body: Any) -> Iterator[RawBlock]:
        for element in block_elements(body):
            if element.tag == P:
                index = self.paragraphs
                self.paragraphs += 1
                block = self._paragraph(element, index)
                if block is not None:
                    yield block
            else:
                index = self.tables
                self.tables += 1
                yield RawBlock("", Location(table=index), table=make_table(self._rows(element)))

    def _paragraph(self, p: Any, index: int) -> RawBlock | None:
        ppr = p[0] if len(p) and p[0].tag == PPR else None
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style_el.get(VAL) if style_el is not None else None
        facts = self.styles.facts(style_id)
        if facts.toc:
            return None
        own_level = outline_level(ppr)
        level = facts.heading_level if own_level is None else own_level or None
        number = self._number(ppr, facts, style_id)
        return RawBlock(paragraph_text(p), Location(paragraph=index), heading_level=level, number=number)

    def _number(self, ppr: Any, facts: StyleFacts, style_id: str | None) -> str:
        num_id, ilvl = num_pr(ppr)
        if num_id is None and ilvl is None:
            num_id, ilvl = facts.num_id, facts.ilvl
        else:
            num_id = num_id if num_id is not None else facts.num_id
            ilvl = ilvl if ilvl is not None else facts.ilvl
        if num_id is None or num_id == "0":  # numId 0 switches numbering off (ECMA-376 17.9.18)
            return ""
        if self._numbering is None:
            self._numbering = self._load_numbering()
        return self._numbering.label(num_id, ilvl, style_id or self.styles.default)

    def _rows(self, tbl: Any) -> list[list[Cell]]:
        """Cells by grid column: ``w:gridSpan`` spans columns, ``w:vMerge`` continues the cell above."""
        drafts: list[list[list[Any]]] = []  # [text, row, column, row_span, col_span] per cell
        above: dict[int, list[Any]] = {}
        for r, tr in enumerate(child_elements(tbl, TR)):
            trpr = tr.find(TRPR)
            before = trpr.find(f"{W}gridBefore") if trpr is not None else None
            column = max(to_int(before.get(VAL)) or 0, 0) if before is not None else 0
            column = min(self._clamp_columns(column, "前置空列数（w:gridBefore）", r), MAX_COLUMNS - 1)
            row: list[list[Any]] = []
            for tc in child_elements(tr, TC):
                if column >= MAX_COLUMNS:
                    self._note_dropped(r)
                    break
                tcpr = tc.find(TCPR)
                span, vmerge, hmerge = 1, None, None
                if tcpr is not None:
                    grid_span = tcpr.find(f"{W}gridSpan")
                    span = max(to_int(grid_span.get(VAL)) or 1, 1) if grid_span is not None else 1
                    span = min(self._clamp_columns(span, "合并列数（w:gridSpan）", r), MAX_COLUMNS - column)
                    vmerge = _merge_state(tcpr.find(f"{W}vMerge"))
                    hmerge = _merge_state(tcpr.find(f"{W}hMerge"))
                origin = above.get(column)
                if vmerge == "continue" and origin is not None:
                    origin[3] = r - origin[1] + 1
                elif hmerge == "continue" and row:
                    row[-1][4] += span
                else:
                    for covered in range(column, column + span):
                        above.pop(covered, None)
                    draft = [self._cell_text(tc), r, column, 1, span]
                    row.append(draft)
                    above[column] = draft
                column += span
            drafts.append(row)
        return [[make_cell(*draft) for draft in row] for row in drafts]

    def _cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for element in block_elements(tc):
            if element.tag == P:
                ppr = element[0] if len(element) and element[0].tag == PPR else None
                style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
                style_id = style_el.get(VAL) if style_el is not None else None
                text = self._number(ppr, self.styles.facts(style_id), style_id) + paragraph_text(element)
            else:
                text = "\n".join(" | ".join(c.text for c in row) for row in self._rows(element))
            if text.strip():
                lines.append(text)
        return "\n".join(lines)


def _merge_state(element: Any) -> str | None:
    if element is None:
        return None
    return element.get(VAL) or "continue"  # an omitted w:val means "continue" (ECMA-376 17.4.85)


def paragraph_text(p: Any) -> str:
    """The displayed text of one paragraph: tabs as ``\\t``, line breaks as ``\\n``, no text boxes."""
    out: list[str] = []
    _collect_runs(p, out)
    return "".join(out)


def _collect_runs(parent: Any, out: list[str]) -> None:
    for run in text_runs(parent):
        _run_text(run, out)


def _run_text(run: Any, out: list[str]) -> None:
    # Only direct children: w:drawing, w:pict and mc:AlternateContent hold text boxes, and
    # w:instrText / w:delText hold field codes and deleted text, so none of them is entered.
    for child in run:
        tag = child.tag
        if tag == T:
            out.append(child.text or "")
        elif tag == TAB:
            out.append("\t")
        elif tag in (BR, CR):
            out.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            out.append("-")
        elif tag == RPR:
            vanish = child.find(f"{W}vanish")
            if vanish is not None and vanish.get(VAL, "1").lower() not in FALSE:
                return
