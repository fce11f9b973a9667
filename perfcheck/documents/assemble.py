"""What every loader shares: raw blocks in, a :class:`Document` out.

A loader only knows its format: it produces :class:`RawBlock` objects (text, location, a heading
style's level, Word's rebuilt number, a table). Numbering labels, heading classification, the title and
the outline are decided here, once, the same way for every format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec import Struct
from msgspec.structs import replace

from perfcheck.documents.normalize import normalize
from perfcheck.documents.outline import build_outline, parse_number_label
from perfcheck.documents.run_in import note_label, split_run_in
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Block, BlockKind, Cell, Document, Location, Table

# A numbered line longer than this, or ending like a sentence, is a list item, not a heading.
_HEADING_MAX_CHARS = 40
# A web page's list bullet before a numbering label ("• 一、绩效目标分解下达情况") is not part of the text.
_BULLET = lazy_re(r"^[•●▪◆■·]\s*(?=[一二三四五六七八九十（(第\d])")


class RawBlock(Struct, frozen=True):
    """A loader's output. ``heading_level`` 0 marks a title style; ``number`` is a label Word generated."""

    text: str
    location: Location
    heading_level: int | None = None
    number: str = ""
    table: Table | None = None


def make_cell(text: str, row: int, column: int, row_span: int = 1, col_span: int = 1) -> Cell:
    return Cell(text=text, norm=normalize(text), row=row, column=column, row_span=row_span, col_span=col_span)


def make_table(rows: Sequence[Sequence[Cell]]) -> Table:
    width = 0
    for row in rows:
        for cell in row:
            width = max(width, cell.column + cell.col_span)
    return Table(rows=tuple(tuple(row) for row in rows), n_columns=width)


def table_text(table: Table) -> str:
    return "\n".join(" | ".join(cell.text for cell in row) for row in table.rows)


def assemble(
    path: str,
    fmt: str,
    sha256: str,
    raw_blocks: Iterable[RawBlock],
    *,
    encoding: str | None = None,
    pages: int | None = None,
    title: str | None = None,
    outline_from: int | None = None,
    notes: Sequence[str] = (),
) -> Document:
    """The document of ``raw_blocks``. ``title`` when the format names it (a workbook's title row or file name),
    else the title found in the text; the outline counts from ``outline_from`` (a block index), else from the
    title; ``notes`` are the loader's remarks on what it could not read."""
    blocks: list[Block] = []
    last_labels: dict[str, int] = {}  # the latest ordinal of each numbering family, for run-in labels
    for raw in raw_blocks:
        if raw.table is not None:
            text = table_text(raw.table)
            blocks.append(Block(len(blocks), "table", text, normalize(text), raw.location, table=raw.table))
            continue
        text = _BULLET.sub("", raw.text.strip())
        if not text:
            continue
        if raw.number.strip() or raw.heading_level is not None:
            note_label(parse_number_label(f"{raw.number.strip()}{text}"), last_labels)
            blocks.append(_text_block(len(blocks), text, raw))
            continue
        for piece in split_run_in(text, last_labels):
            blocks.append(_text_block(len(blocks), piece, raw))
    if fmt != "docx":  # Word keeps a table whole across pages; PDFs and their text exports cut it
        blocks = _join_continued_tables(blocks)
    blocks = _unnumber_table_of_contents(blocks)
    first = _title_index(blocks)
    found_title = title or (blocks[first - 1].text if first else "")
    return Document(
        path=path,
        format=fmt,
        sha256=sha256,
        title=found_title,
        blocks=tuple(blocks),
        outline=build_outline(blocks, first if outline_from is None else outline_from),
        encoding=encoding,
        pages=pages,
        notes=tuple(notes),
    )


def _text_block(index: int, text: str, raw: RawBlock) -> Block:
    number, generated = raw.number.strip(), bool(raw.number.strip())
    if generated:
        text = f"{number}{text}"
    else:
        label = parse_number_label(text)
        number = label.text if label else ""
    body = text[len(number) :].strip() if number else text
    kind: BlockKind = "paragraph"
    if raw.heading_level is not None or (
        number and len(body) <= _HEADING_MAX_CHARS and not body.endswith(("。", "；", ";"))
    ):
        kind = "heading"
    return Block(
        index=index,
        kind=kind,
        text=text,
        norm=normalize(text),
        location=raw.location,
        number=number,
        number_generated=generated,
        heading_level=raw.heading_level,
    )


def _join_continued_tables(blocks: list[Block]) -> list[Block]:
    """One table cut by page breaks becomes one table again.

    Two tables are one when nothing stands between them, they have the same number of columns, and
    either the second repeats the first's header row (a header repeated on every page, as in PDF-to-
    Markdown exports) or it starts on a later PDF page. The repeated header is dropped; the merged table
    keeps the first part's location.
    """
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            block.table is not None
            and previous is not None
            and previous.table is not None
            and previous.table.n_columns == block.table.n_columns
            and (_repeats_header(previous.table, block.table) or _next_page(previous, block))
        ):
            table = _append_rows(previous.table, block.table, skip_header=_repeats_header(previous.table, block.table))
            text = table_text(table)
            joined[-1] = replace(previous, text=text, norm=normalize(text), table=table)
            continue
        joined.append(replace(block, index=len(joined)) if block.index != len(joined) else block)
    return joined


def _header_texts(table: Table) -> list[str]:
    return [cell.norm for cell in table.rows[0]] if table.rows else []


def _repeats_header(first: Table, second: Table) -> bool:
    header = _header_texts(first)
    return bool(header) and any(header) and header == _header_texts(second)


def _next_page(first: Block, second: Block) -> bool:
    a, b = first.location.page, second.location.page
    return a is not None and b is not None and b > a


def _append_rows(first: Table, second: Table, *, skip_header: bool) -> Table:
    rows = list(first.rows)
    offset = first.n_rows - (1 if skip_header else 0)
    for row in second.rows[1:] if skip_header else second.rows:
        rows.append(tuple(replace(cell, row=cell.row + offset) for cell in row))
    return make_table(rows)


_TOC_HEADING = lazy_re(r"^目\s*录$")
# An entry's page number and dot leaders: "一、基本情况 1", "（六）绩效评价指标分析. .58", "概况……3".
_TOC_PAGE = lazy_re(r"(?:[\s.．…·•]*\d{1,3})$")
_TOC_LEADERS = lazy_re(r"[\s.．…·•]+")
# A table of contents longer than this is not one (it would be the body without a repeated heading).
_TOC_MAX_ENTRIES = 200


def _toc_key(text: str) -> str:
    return _TOC_LEADERS.sub("", _TOC_PAGE.sub("", text))


def _unnumber_table_of_contents(blocks: list[Block]) -> list[Block]:
    """A table of contents repeats the headings; its entries are not numbered items of the body.

    It starts after a 目录 line and ends where the body repeats its first entry (PDFs without page
    numbers), or else after the last consecutive entry ending in a page number. The entries stay as
    text (Word's own TOC paragraphs are left out by the .docx loader, which knows them by style).
    """
    start = next((b.index for b in blocks[:80] if b.kind != "table" and _TOC_HEADING.match(b.norm.lstrip("# "))), None)
    if start is None or start + 1 >= len(blocks):
        return blocks
    first = start + 1
    key = _toc_key(blocks[first].norm)
    end = next(
        (
            j
            for j in range(first + 1, min(len(blocks), first + _TOC_MAX_ENTRIES))
            if key and _toc_key(blocks[j].norm) == key
        ),
        None,
    )
    if end is None:
        end = first
        while end < len(blocks) and blocks[end].kind != "table" and _TOC_PAGE.search(blocks[end].norm):
            end += 1
    for i in range(first, end):
        if blocks[i].kind != "table":
            blocks[i] = replace(blocks[i], kind="paragraph", number="", number_generated=False, heading_level=None)
    return blocks


def _title_index(blocks: Sequence[Block]) -> int:
    """One past the title block: a title style, or the first short unnumbered line before any section."""
    for block in blocks[:3]:
        if block.kind == "table" or block.number:
            return 0
        if block.heading_level == 0 or (len(block.text) <= 80 and not block.text.endswith("。")):
            return block.index + 1
    return 0
