"""Frozen data passed between the pipeline's stages.

Stage 1 (``documents``) turns a file into a :class:`Document`; stage 2 (``facts``) reads values out
of it; stage 3 (``kinds``) turns rules into :class:`Finding` objects; the engine wraps them into a
:class:`Verdict`. Nothing here imports a parser, a renderer or the CLI.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from msgspec import Struct
from msgspec import field as msgspec_field

BlockKind = Literal["heading", "paragraph", "table"]
Status = Literal["pass", "fail", "unresolved", "not-applicable", "error"]
Severity = Literal["error", "warning", "info"]

STATUSES: tuple[Status, ...] = ("pass", "fail", "unresolved", "not-applicable", "error")
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: Mapping[str, int] = {"info": 1, "warning": 2, "error": 3}
LOCATION_WORDS_ZH: Mapping[str, str] = {
    "page": "第{}页",
    "table": "表{}",
    "row": "第{}行",
    "column": "第{}列",
    "paragraph": "第{}段",
    "line": "第{}行",
    "separator": "",
}


class Location(Struct, frozen=True):
    """Where a block (or a cell of it) sits in the source file.

    Only the fields that make sense for the format are set: ``paragraph`` for .docx body paragraphs
    (0-based, over body paragraphs only), ``table``/``row``/``column`` for table cells (0-based),
    ``page`` and ``line`` (1-based) for .pdf, ``line`` (1-based) for text files.
    """

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    page: int | None = None
    line: int | None = None

    def describe(self, words: Mapping[str, str] = LOCATION_WORDS_ZH) -> str:
        """The location as a reader says it: 第3页第12行, 第21段, 表2第3行第4列 (``words`` for other languages)."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(words["page"].format(self.page))
        if self.table is not None:
            parts.append(words["table"].format(self.table + 1))
            if self.row is not None:
                parts.append(words["row"].format(self.row + 1))
            if self.column is not None:
                parts.append(words["column"].format(self.column + 1))
        elif self.paragraph is not None:
            parts.append(words["paragraph"].format(self.paragraph + 1))
        if self.line is not None and self.table is None:
            parts.append(words["line"].format(self.line))
        return words["separator"].join(parts)

    def to_json(self) -> dict[str, int | None]:
        return {
            "page": self.page,
            "paragraph": self.paragraph,
            "line": self.line,
            "table": self.table,
            "row": self.row,
            "column": self.column,
        }


class Cell(Struct, frozen=True):
    """One table cell. A merged cell appears once, at its top-left position, with its spans."""

    text: str
    norm: str
    row: int
    column: int
    row_span: int = 1
    col_span: int = 1


class Table(Struct, frozen=True):
    """Rows of cells in reading order; ``rows[r]`` holds the cells that *start* in row r."""

    rows: tuple[tuple[Cell, ...], ...]
    n_columns: int
    # A text export that ends inside the table (its last row cut short): sums over the whole table cannot
    # be checked (set by ``documents.text_tables``).
    truncated: bool = False

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    def grid(self) -> list[list[Cell | None]]:
        """A full n_rows × n_columns matrix where a merged cell fills every position it covers."""
        matrix: list[list[Cell | None]] = [[None] * self.n_columns for _ in self.rows]
        for row in self.rows:
            for cell in row:
                for r in range(cell.row, min(cell.row + cell.row_span, len(matrix))):
                    for c in range(cell.column, min(cell.column + cell.col_span, self.n_columns)):
                        matrix[r][c] = cell
        return matrix

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row


class Block(Struct, frozen=True):
    """A heading, paragraph or table, in reading order.

    ``text`` is what a reader sees (a number rebuilt from Word's automatic numbering included);
    ``norm`` is the normalised form used for matching (see ``documents.normalize``). ``number`` is the
    numbering label as displayed (``一、``, ``（一）``, ``1.``), and ``number_generated`` says that
    Word supplied it, so it is not in the paragraph's own runs.
    """

    index: int
    kind: BlockKind
    text: str
    norm: str
    location: Location
    number: str = ""
    number_generated: bool = False
    heading_level: int | None = None
    table: Table | None = None

    @property
    def body(self) -> str:
        """The original text without its numbering label."""
        if self.number and self.text.startswith(self.number):
            return self.text[len(self.number) :].lstrip()
        return self.text


class Section(Struct, frozen=True):
    """A node of the outline: a numbered or heading-styled block and what follows it.

    ``style`` names the numbering family (``cn-dun`` for 一、, ``cn-paren`` for （一）, ``arabic-dun`` for
    1、, ``arabic-dot`` for 1., ``arabic-paren`` for （1）, ``circled`` for ①, ``heading`` for a styled
    heading without a number); ``ordinal`` is the number's value (一 → 1, ③ → 3). Blocks ``block`` up
    to ``end`` (exclusive) belong to the section.
    """

    number: str
    title: str
    level: int
    style: str
    ordinal: int | None
    block: int
    end: int
    children: tuple[Section, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.number}{self.title}" if self.number else self.title

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


def _section_start(section: Section) -> int:
    return section.block


class Document(Struct, frozen=True):
    """One report as loaded."""

    path: str
    format: str
    sha256: str
    title: str
    blocks: tuple[Block, ...]
    outline: tuple[Section, ...]
    encoding: str | None = None
    pages: int | None = None
    # What the loader left out or could not read, for a person checking the reading (``perfcheck dump``):
    # hidden sheets, rows and columns of a workbook, formulas without a cached value.
    notes: tuple[str, ...] = ()

    def sections(self) -> Iterator[Section]:
        """Every section, depth first."""
        for top in self.outline:
            yield from top.walk()

    def section_path(self, block_index: int) -> tuple[Section, ...]:
        """The chain of sections (outermost first) that contains the block."""
        # Siblings are in block order and do not overlap (each ends where the next begins), so a
        # binary search finds the one that may hold the block: O(depth · log siblings), not a walk.
        path: list[Section] = []
        level: tuple[Section, ...] = self.outline
        while True:
            at = bisect_right(level, block_index, key=_section_start) - 1
            if at < 0 or not block_index < level[at].end:
                return tuple(path)
            path.append(level[at])
            level = level[at].children

    def section_label(self, block_index: int) -> str:
        path = self.section_path(block_index)
        return path[0].label if path else ""

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


class Excerpt(Struct, frozen=True):
    """The place a finding is about: a block, optionally a span of it.

    ``text`` is the quotation shown to a reader (the span with some context); ``start``/``end`` are
    offsets of the span in the block's original text, and ``phrase`` is that span itself — what the
    Word comment and the review page anchor on.
    """

    block: int | None
    text: str
    location: Location
    section: str = ""
    start: int | None = None
    end: int | None = None
    phrase: str = ""


class Finding(Struct, frozen=True):
    """What one rule says about one place."""

    rule: str
    status: Status
    severity: Severity
    message: str
    title: str = ""
    where: Excerpt | None = None
    evidence: Mapping[str, Any] = msgspec_field(default_factory=dict)
    # A waiver (perfcheck-waivers.yml) accepted this finding: it stays in the verdict, out of the exit code.
    suppressed: bool = False
    suppressed_reason: str = ""
    # The reading the finding rests on was not certain: how it was read and what could not be established
    # ({"reading": …, "unsure": …}); empty when certain. Such a fail is never an error (engine._finding).
    assumption: Mapping[str, str] = msgspec_field(default_factory=dict)


def counts_against(finding: Finding, fail_on: Severity, strict: bool) -> bool:
    """Does the finding make the report "not ready" (exit 1) under ``--fail-on`` and ``--strict``? Never when waived."""
    statuses = ("fail", "unresolved", "error") if strict else ("fail",)
    return (
        not finding.suppressed
        and finding.status in statuses
        and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]
    )


class Verdict(Struct, frozen=True):
    """Everything said about one document."""

    file: str
    sha256: str
    pack: str
    pack_reason: str
    ruleset_sha256: str
    title: str
    findings: tuple[Finding, ...]
    verdict: Literal["pass", "fail"]
    fail_on: Severity
    strict: bool

    def count(self, status: Status) -> int:
        return sum(1 for f in self.findings if f.status == status)

    def failures(self, severity: Severity) -> int:
        """Failing findings of this severity that count: waived ones do not."""
        return sum(1 for f in self.findings if f.status == "fail" and f.severity == severity and not f.suppressed)

    @property
    def suppressed(self) -> int:
        return sum(1 for f in self.findings if f.suppressed)
