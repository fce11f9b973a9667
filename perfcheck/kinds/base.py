"""What every kind is given and what it gives back.

A kind's ``check(context, params)`` yields :class:`Outcome` objects: a status, the place, the figures
for the rule's message template, the evidence for the JSON verdict, and ``detail`` — the Chinese
sentence that shows the arithmetic or says what was looked for. The engine stamps the rule's id,
severity and message on each outcome; a kind never knows its own severity (as in yamllint), except that
it may lower it (a 尾差 inside the tolerance is ``info``, never a fail).

An outcome whose reading was not certain says so in ``assumed``: an :class:`Assumption` naming how
the text was read and what could not be established (the list boundary, the column a value was placed
in, the label paired with a figure). The engine never lets such a fail be an error: it becomes a warning
whose message says what was assumed (see ``engine._finding``). A kind that cannot read at all still
gives ``unresolved``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import regex
from msgspec import Struct
from msgspec import field as msgspec_field

from perfcheck.documents.normalize import original_span
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Cell, Document, Excerpt, Location, Severity, Status, Table

if TYPE_CHECKING:
    from perfcheck.facts.breakdowns import Breakdown
    from perfcheck.facts.lists import DeclaredList
    from perfcheck.facts.numbers import Fact, Quantity
    from perfcheck.facts.table_index import TableIndex
    from perfcheck.facts.tables import FundingTable, IndicatorTable, SelfEvalTables

# How long one regular expression may run against one block before the rule is stopped (seconds).
DEFAULT_REGEX_TIMEOUT = 1.0
_EXCERPT_CONTEXT = 12


class Assumption(Struct, frozen=True):
    """What an uncertain reading took for granted, in Chinese, as two clauses of one sentence.

    ``reading`` is how the text was read, said so that it follows 按 … 读取 (``"“其中”后的三个金额为分项"``);
    ``unsure`` is what could not be established, said so that it follows 未能确定 (``"列表在何处结束"``).
    """

    reading: str
    unsure: str = ""

    def note(self) -> str:
        """The parenthesis a message carries: （按…读取，未能确定…）."""
        doubt = f"，未能确定{self.unsure}" if self.unsure else ""
        return f"（按{self.reading}读取{doubt}）"

    def to_json(self) -> dict[str, str]:
        return {"reading": self.reading, "unsure": self.unsure}


class Outcome(Struct, frozen=True):
    status: Status
    detail: str = ""
    where: Excerpt | None = None
    values: Mapping[str, str] = msgspec_field(default_factory=dict)
    evidence: Mapping[str, Any] = msgspec_field(default_factory=dict)
    severity: Severity | None = None
    # Set when the reading behind a fail was not certain: the fail is then at most a warning.
    assumed: Assumption | None = None


class PackReading(Struct, frozen=True):
    """Which report type the rules were chosen for, and whether that choice is certain.

    ``certain`` when the title and the section headings agree on the type (or the user named the pack);
    a type read from the title alone, from the headings alone, or from several candidates is not, and a
    rule that would fail only because the report lacks that type's sections says so (see
    ``kinds/required_sections.py``). ``reason`` is the Chinese sentence the verdict carries.
    """

    name: str = ""
    title: str = ""
    certain: bool = True
    reason: str = ""


class Context:
    """The document being checked, with its facts computed once, on first use, for all rules."""

    def __init__(
        self, document: Document, regex_timeout: float = DEFAULT_REGEX_TIMEOUT, pack: PackReading | None = None
    ) -> None:
        self.document = document
        self.regex_timeout = regex_timeout
        self.pack = pack or PackReading()
        # What the kinds compute once per document and share (``_select.labelled``: the figures whose
        # label matches a pattern), so no rule repeats a walk over every figure for every figure.
        self.memo: dict[Hashable, object] = {}
        # The caches of read texts hold one report's texts (see facts.table_model.remember): each check
        # starts them empty, so what they hold never outlives the check that read it.
        from perfcheck.facts.table_model import forget_read_texts

        forget_read_texts()

    @cached_property
    def top_sections(self) -> tuple[int | None, ...]:
        """For each block, the first block of the top-level section holding it (None outside any)."""
        count = len(self.document.blocks)
        tops: list[int | None] = [None] * count
        for section in self.document.outline:
            for index in range(max(0, section.block), min(section.end, count)):
                tops[index] = section.block
        return tuple(tops)

    @cached_property
    def top_section_ends(self) -> Mapping[int, int]:
        """The end (exclusive) of each top-level section, by its first block."""
        return {section.block: section.end for section in self.document.outline}

    @cached_property
    def facts(self) -> tuple[Fact, ...]:
        from perfcheck.facts.numbers import extract_facts

        return extract_facts(self.document, self.block_quantities)

    @cached_property
    def breakdowns(self) -> tuple[Breakdown, ...]:
        from perfcheck.facts.breakdowns import find_breakdowns

        return find_breakdowns(self.document, self.facts)

    @cached_property
    def declared_lists(self) -> tuple[DeclaredList, ...]:
        from perfcheck.facts.lists import find_declared_lists

        return find_declared_lists(self.document, self.block_quantities)

    def block_quantities(self, block: int) -> list[Quantity]:
        """``find_quantities`` of a paragraph's text, found once per document for both the facts and the
        declared lists (read it, never change it)."""
        key = ("quantities", block)
        found = self.memo.get(key)
        if found is None:
            from perfcheck.facts.numbers import find_quantities

            found = self.memo[key] = find_quantities(self.document.blocks[block].norm)
        return found  # type: ignore[return-value]

    @cached_property
    def self_eval_tables(self) -> SelfEvalTables:
        """Both parts of the 自评表, read together: each table's headers are found once for both."""
        from perfcheck.facts.tables import find_self_eval_tables

        return find_self_eval_tables(self.document, self.grid)

    @cached_property
    def funding_tables(self) -> tuple[FundingTable, ...]:
        return self.self_eval_tables.funding

    @cached_property
    def indicator_tables(self) -> tuple[IndicatorTable, ...]:
        return self.self_eval_tables.indicators

    def grid(self, block: int) -> list[list[Cell | None]]:
        """A table block's ``Table.grid()``, built once per document and shared by the table readers, every
        rule's cell lookups and every finding's place (read it, never change it); [] for any other block."""
        key = ("grid", block)
        found = self.memo.get(key)
        if found is None:
            table = self.document.blocks[block].table
            found = self.memo[key] = table.grid() if table is not None else []
        return found  # type: ignore[return-value]

    @cached_property
    def table_index(self) -> TableIndex:
        from perfcheck.facts.table_index import build_table_index

        return build_table_index(self.document, self.grid)

    def search(self, pattern: regex.Pattern[str], text: str, pos: int = 0) -> regex.Match[str] | None:
        """``pattern.search`` under the timeout; a catastrophic pattern raises TimeoutError."""
        return pattern.search(text, pos, timeout=self.regex_timeout)

    def finditer(self, pattern: regex.Pattern[str], text: str) -> list[regex.Match[str]]:
        return list(pattern.finditer(text, timeout=self.regex_timeout))

    def excerpt(self, block: int | None, start: int | None = None, end: int | None = None) -> Excerpt:
        """The place a finding is about, quoting the *original* text around a span of ``block.norm``."""
        return make_excerpt(self.document, block, start, end)


_IN_NUMBER = lazy_re(r"[\d.,%][\d.,%万亿元美]|[万亿][元美]|美元")


def make_excerpt(
    document: Document,
    block: int | None,
    start: int | None = None,
    end: int | None = None,
    location: Location | None = None,
    grid: list[list[Cell | None]] | None = None,
    cell_text: str = "",
) -> Excerpt:
    """``cell_text``: how a table's place is shown, where the caller has read it (``_tables.cell_place``)."""
    if block is None or not 0 <= block < len(document.blocks):
        return Excerpt(block=None, text=document.title, location=Location(), section="")
    b = document.blocks[block]
    text = b.text
    o_start: int | None
    o_end: int | None
    if start is not None and end is not None and b.kind != "table":
        o_start, o_end = original_span(text, start, end)
        left = max(0, o_start - _EXCERPT_CONTEXT)
        right = min(len(text), o_end + _EXCERPT_CONTEXT)
        # Never cut a quotation inside a number ("支出30…" for 301.97万元): widen it to the number's ends.
        while left > 0 and _IN_NUMBER.match(text, left - 1, left + 1):
            left -= 1
        while right < len(text) and _IN_NUMBER.match(text, right - 1, right + 1):
            right += 1
        shown = ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
    else:
        o_start, o_end = None, None
        shown = cell_text
        if not shown and b.table is not None and location is not None:
            shown = _cell_excerpt(b.table, location, grid)
        if not shown:
            shown = text if len(text) <= 2 * _EXCERPT_CONTEXT + 20 else text[: 2 * _EXCERPT_CONTEXT + 20] + "…"
    return Excerpt(
        block=block,
        text=shown.replace("\n", " "),
        location=location or b.location,
        section=document.section_label(block),
        start=o_start,
        end=o_end,
        phrase=text[o_start:o_end] if o_start is not None and o_end is not None else "",
    )


def _cell_excerpt(table: Table, location: Location, grid: list[list[Cell | None]] | None = None) -> str:
    """A cell as a reader finds it: row label, column header, text (其中：本年财政拨款｜全年执行数：124.00).
    ``grid`` is the table's grid where the caller has it (``Context.grid``)."""
    row, column = location.row, location.column
    if row is None or not 0 <= row < table.n_rows:
        return ""
    grid = table.grid() if grid is None else grid
    cells = grid[row]
    label = cells[0].text if cells and cells[0] is not None else ""
    cell = cells[column] if column is not None and 0 <= column < len(cells) else None
    if cell is None or column is None:
        return " | ".join(c.text for c in dict.fromkeys(c for c in cells if c is not None))
    top = grid[0][column]
    header = top.text if top is not None and row > 0 else ""
    value = cell.text
    parts = [p for p in (label if column > 0 else "", header) if p]
    return ("｜".join(parts) + "：" if parts else "") + value


def fmt_decimal(value: Any) -> str:
    """A Decimal as written, never in exponent form (Decimal("1E+2") → "100")."""
    return format(value, "f")
