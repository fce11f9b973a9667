"""Every table of a document indexed once by its row and column labels, for the text-against-table checks.

Reports restate their tables in prose ("本年支出合计2940.05万元，其中：基本支出2336.91万元"). To compare the
prose with the table, each value cell is filed under the labels a writer would use for it:

- its **row label** — the text of the nearest label column to its left, so the two halves of a
  收入支出决算总表 (收入 项目 | 决算数 | 支出 项目 | 决算数) or of a 基本支出决算表 each keep their own labels;
- its **column label**, when the cell sits in a total row (合计 / 总计 / 小计): "基本支出 2336.91" is the
  合计 row of the 基本支出 column;
- the table's own name, for the total cell of a table with a total row and a total column
  ("一般公共预算财政拨款支出2940.05万元" is the 合计 of the 一般公共预算财政拨款支出决算表);
- the group a 小计 row closes ("一次性竞赛补贴经费 | 小计" files the subtotal under 一次性竞赛补贴经费).

Labels are normalised (:func:`label_key`): white space, quotes and numbering (一、 （一） 1、) go, as do
the 科目 level marks （类）（款）（项）, and a trailing 合计 / 小计 is also filed without it (人员经费合计 →
人员经费). Header rows are the leading rows without a number. Columns whose header says 编码 / 序号 /
代码 / 类 / 款 / 项 / 年度, or whose body is only whole numbers beside labels, hold codes, row numbers
and years: they are never amounts and never labels. The unit comes from the header or the lines just
before the table ("单位：万元", "预算安排(万元)"); a table that states none is read in 万元 and says so
(``unit_stated``), and a column whose header or cells carry ``%`` holds percentages.

The caption is the nearest line before the table that names it (…表); its **core** (the caption
without 决算 / 总表 / 表 / 情况 …) is what a section heading such as "四、财政拨款收入支出决算总体情况说明"
reduces to as well, so a sentence can be paired with the table its section is about.

Built once per document (``Context.table_index``), in one pass over each table's cells; lookups are
dictionary reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from msgspec import Struct
from msgspec import field as msgspec_field

from perfcheck.facts.numbers import unit_scale
from perfcheck.facts.table_labels import (
    PURE_TOTAL,
    TOTAL_WORD,
    aliases,
    caption_core,
    column_leaf,
    column_name,
    is_total,
    label_key,
)
from perfcheck.facts.table_model import MEMO_CHARS, compact, remember
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Cell, Document

# A value cell as printed in a 决算 table: 1,234.56 / 307.82 / -3.5 / (3.5) / 12.5%.
_NUMBER_CELL = lazy_re(r"(?P<neg>[-−–]|（)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?）?(?P<pct>%)?")
_CODE_HEADER = lazy_re(r"编码|序号|代码|编号|^类$|^款$|^项$|年度$|年份$|^年度|^年份|^No\.?$", re.IGNORECASE)
_UNIT = lazy_re(r"(万元|亿元|千元|元)")
_UNIT_LINE = lazy_re(r"单位[:：]\s*(万元|亿元|千元|元)")
_MAX_HEADER_ROWS = 6
_CAPTION_BLOCKS = 4
# A table's name is a key only when it names something ("一般公共预算财政拨款支出"), not "收入" or "支出".
_MIN_CORE = 6
# A column is named in prose by four characters or more (基本支出, 财政拨款收入); "资金", "金额" name nothing.
_MIN_COLUMN_KEY = 4


class IndexedCell(Struct, frozen=True):
    """One value cell with the labels it is filed under."""

    table: int  # ordinal of the table among the document's tables (0-based)
    block: int
    row: int
    column: int
    text: str
    value: Decimal
    decimals: int
    unit: str  # 万元 / 元 / 亿元 / 千元, or % for a percentage
    row_label: str
    column_label: str
    total_row: bool
    total_column: bool


class IndexedTable(Struct, frozen=True):
    number: int
    block: int
    caption: str
    core: str
    unit: str
    unit_stated: bool
    value_columns: tuple[int, ...]
    # The number a reader sees: 表N as the other findings and `perfcheck dump` count tables (the loader's
    # own count, 1-based), which differs from ``number`` where a table cut by a page break was joined.
    shown: int = 0


class TableIndex(Struct, frozen=True):
    """The document's tables (``tables[n].number == n``) and the dictionaries the lookups read.

    ``by_label``: key → table number → the cells filed under the key in that table (tables in document
    order); ``by_core``: a table name's core → tables with that name; ``section_core``: block → the core
    of the innermost section around it that names a table; ``spread``: keys whose cells hold more than one
    value; ``core_parts``: every piece of every table name, for telling a name's words from other words.
    """

    tables: tuple[IndexedTable, ...] = ()
    by_label: Mapping[str, Mapping[int, tuple[IndexedCell, ...]]] = msgspec_field(default_factory=dict)
    by_core: Mapping[str, tuple[int, ...]] = msgspec_field(default_factory=dict)
    section_core: Mapping[int, str] = msgspec_field(default_factory=dict)
    spread: frozenset[str] = frozenset()
    core_parts: frozenset[str] = frozenset()
    longest_label: int = 0

    def lookup(self, label: str) -> tuple[str, Mapping[int, tuple[IndexedCell, ...]]]:
        """The longest ending of ``label`` (normalised) that is a key, and its cells by table; ("", {})."""
        key = label_key(label)
        for start in range(max(0, len(key) - self.longest_label), len(key) - 1):
            found = self.by_label.get(key[start:])
            if found:
                return key[start:], found
        return "", {}

    def tables_for(self, core: str) -> tuple[int, ...]:
        return self.by_core.get(core, ())

    def section_tables(self, block: int) -> tuple[int, ...]:
        """Tables named by the innermost section around ``block`` ("四、财政拨款收入支出决算总体情况说明")."""
        return self.by_core.get(self.section_core.get(block, ""), ())


def build_table_index(
    document: Document, grid_of: Callable[[int], Sequence[Sequence[Cell | None]]] | None = None
) -> TableIndex:
    """Index every table of ``document`` (see the module docstring). ``grid_of`` gives a table block's
    grid (the context's, built once per document and shared with the other table readers); by default
    each grid is built here."""
    tables: list[IndexedTable] = []
    by_label: dict[str, dict[int, list[IndexedCell]]] = {}
    by_core: dict[str, list[int]] = {}
    for block in document.blocks:
        if block.table is None:
            continue
        number = len(tables)
        grid = grid_of(block.index) if grid_of is not None else block.table.grid()
        indexed = _index_table(document, block.index, number, grid, by_label)
        tables.append(indexed)
        if indexed.core:
            by_core.setdefault(indexed.core, []).append(number)
    section_core: dict[int, str] = {}
    for section in document.sections():  # outer sections first: an inner one that names a table wins
        core = caption_core(section.title)
        if core in by_core:
            for index in range(section.block, section.end):
                section_core[index] = core
    spread = frozenset(
        key
        for key, per_table in by_label.items()
        if len({_in_yuan(c) for cells in per_table.values() for c in cells}) > 1
    )
    parts = frozenset(core[i:j] for core in by_core for i in range(len(core)) for j in range(i + 1, len(core) + 1))
    return TableIndex(
        tuple(tables),
        {k: {t: tuple(cells) for t, cells in v.items()} for k, v in by_label.items()},
        {k: tuple(v) for k, v in by_core.items()},
        section_core,
        spread,
        parts,
        max((len(k) for k in by_label), default=0),
    )


def _in_yuan(cell: IndexedCell) -> tuple[Decimal, str]:
    try:
        return cell.value * unit_scale(cell.unit, "元"), "元"
    except ValueError:  # a percentage, or another currency
        return cell.value, cell.unit


class _Read(Struct, frozen=True):
    text: str
    value: Decimal | None = None
    decimals: int = 0
    percent: bool = False


_NO_CELL = _Read("")
# A merged cell stands in every position it covers, and the same headings and figures recur in every
# table: a short text is read once (a reading depends on the text alone; shared, never changed).


def _read(cell: Cell | None) -> _Read:
    if cell is None:
        return _NO_CELL
    return _read_short(cell.text) if len(cell.text) <= MEMO_CHARS else _read_text(cell.text)


def _read_text(text: str) -> _Read:
    squeezed = compact(text)
    match = _NUMBER_CELL.fullmatch(squeezed)
    if match is None:
        return _Read(squeezed)
    frac = match.group("frac") or ""
    value = Decimal(match.group("int").replace(",", "") + (f".{frac}" if frac else ""))
    if match.group("neg"):
        value = -value
    return _Read(squeezed, value, len(frac), bool(match.group("pct")))


_read_short = remember(_read_text)


def _index_table(
    document: Document,
    block: int,
    number: int,
    grid: Sequence[Sequence[Cell | None]],
    by_label: dict[str, dict[int, list[IndexedCell]]],
) -> IndexedTable:
    if not grid or not grid[0]:
        return IndexedTable(number, block, "", "", "万元", False, (), _shown(document, block, number))
    width = len(grid[0])
    read = [[_NO_CELL if cell is None else _read(cell) for cell in row] for row in grid]
    header = 0
    while header < min(len(grid), _MAX_HEADER_ROWS) and not any(r.value is not None for r in read[header]):
        header += 1
    if header == len(grid) and len(grid) > 1:
        header = 1  # a table without a single number (an empty 三公 table): its first row is the header
    heads = [_column_label(grid, header, c) for c in range(width)]
    kinds = [_column_kind(read, header, c, heads[c]) for c in range(width)]
    label_columns = [c for c in range(width) if kinds[c] == "label"]
    value_columns = tuple(c for c in range(width) if kinds[c] == "value")
    caption, core = _caption(document, block)
    unit, stated = _unit(document, block, grid, header)
    total_columns = {c for c in value_columns if heads[c] and is_total(column_leaf(heads[c]))}
    value_rows = [r for r in range(header, len(grid)) if any(read[r][c].value is not None for c in value_columns)]
    only_row = not label_columns and len(value_rows) == 1
    # Per column, once: the label column that names its rows (the nearest to its left) and the code columns
    owners = [max((lc for lc in label_columns if lc < c), default=None) for c in range(width)]
    code_columns = [c for c in range(width) if kinds[c] == "code"]
    for r in range(header, len(grid)):
        for c in value_columns:
            cell = read[r][c]
            if cell.value is None:
                continue
            owner = owners[c]
            row_label = label_key(read[r][owner].text) if owner is not None else ""
            if owner is not None and not row_label:
                # a code column's merged "合计" (类|款|项|合计) or a label left blank: look further left
                row_label = next((label_key(read[r][x].text) for x in range(owner, -1, -1) if read[r][x].text), "")
            if not row_label and not only_row:
                row_label = next(
                    (label_key(read[r][x].text) for x in range(c) if read[r][x].text and read[r][x].value is None), ""
                )
            group = ""
            start = owner + 1 if owner is not None else 0
            marks = [label_key(read[r][x].text) for x in code_columns if start <= x < c]
            total_mark = next((m for m in marks if m in PURE_TOTAL), "")
            if total_mark:
                # 一次性竞赛补贴经费 | 小计 (the 小计 in the 年度 column): the subtotal of that group
                group, row_label = row_label, total_mark
            percent = cell.percent or "%" in heads[c] or "率" in heads[c].rsplit("·", 1)[-1]
            total_row = only_row or row_label in PURE_TOTAL or bool(TOTAL_WORD.search(row_label))
            entry = IndexedCell(
                table=number,
                block=block,
                row=r,
                column=c,
                text=grid[r][c].text if grid[r][c] is not None else "",  # type: ignore[union-attr]
                value=cell.value,
                decimals=cell.decimals,
                unit="%" if percent else unit,
                row_label=row_label,
                column_label=heads[c],
                total_row=total_row,
                total_column=c in total_columns,
            )
            for key in dict.fromkeys(_keys(entry, read[r], owner, label_columns, core, group)):
                by_label.setdefault(key, {}).setdefault(number, []).append(entry)
    return IndexedTable(number, block, caption, core, unit, stated, value_columns, _shown(document, block, number))


def _shown(document: Document, block: int, number: int) -> int:
    table = document.blocks[block].location.table
    return (table if table is not None else number) + 1


def _keys(
    entry: IndexedCell, row: list[_Read], owner: int | None, label_columns: list[int], core: str, group: str
) -> list[str]:
    keys: list[str] = []
    label = entry.row_label
    if label and label not in PURE_TOTAL:
        keys.append(label)
        stripped = TOTAL_WORD.sub("", label)
        if stripped and stripped != label and len(stripped) >= 2:
            keys.append(stripped)
    if label in PURE_TOTAL or (entry.total_row and not label):
        if label:
            keys.append(label)
        name = column_name(entry.column_label)
        if len(name) >= _MIN_COLUMN_KEY or (name and not label):
            keys.extend(aliases(name))
            stripped = TOTAL_WORD.sub("", name)
            if stripped and stripped != name and len(stripped) >= 2:
                keys.append(stripped)
        if entry.total_column and len(core) >= _MIN_CORE:
            keys.extend(aliases(core))
        # 小计 closes the group named in the label column before it (一次性竞赛补贴经费 | 2024 | 小计)
        before = [lc for lc in label_columns if owner is not None and lc < owner]
        if not group and label == "小计" and before:
            group = label_key(row[before[-1]].text)
        if group and group not in PURE_TOTAL:
            keys.append(group)
    return keys


def _column_label(grid: Sequence[Sequence[Cell | None]], header: int, column: int) -> str:
    """The distinct header texts of a column, top to bottom: ``支出·合计``, ``公务接待费·决算数``."""
    parts: list[str] = []
    for r in range(header):
        cell = grid[r][column]
        text = label_key(cell.text) if cell is not None else ""
        if text and text not in parts:
            parts.append(text)
    return "·".join(parts)


def _column_kind(read: list[list[_Read]], header: int, column: int, head: str) -> str:
    """``code`` (编码, 序号, years), ``label`` (row names) or ``value``."""
    leaf = head.rsplit("·", 1)[-1] if head else ""
    coded = any(_CODE_HEADER.search(part) for part in head.split("·")) if head else False
    if _CODE_HEADER.search(leaf) or (coded and "名称" not in leaf):
        return "code"
    cells = [row[column] for row in read[header:]]
    figures = [cell for cell in cells if cell.value is not None]
    texts = sum(1 for cell in cells if cell.value is None and cell.text and cell.text not in _EMPTY_MARKS)
    if texts > len(figures):
        return "label"
    if figures and not head and all(c.decimals == 0 and "," not in c.text and not c.percent for c in figures):
        return "code"  # bare whole numbers under no header: row numbers or codes
    return "value"


_EMPTY_MARKS = ("-", "—", "/", "／", "－")


def _caption(document: Document, block: int) -> tuple[str, str]:
    for index in range(block - 1, max(-1, block - 1 - _CAPTION_BLOCKS), -1):
        candidate = document.blocks[index]
        if candidate.table is not None:
            break
        text = compact(candidate.text)
        if not text or text.startswith(("单位", "注")) or len(text) > 60:
            continue
        if text.endswith("表") or "表" in text[-6:]:
            return candidate.text.strip(), caption_core(text)
    return "", ""


def _unit(document: Document, block: int, grid: Sequence[Sequence[Cell | None]], header: int) -> tuple[str, bool]:
    texts = [cell.text for r in range(header) for cell in grid[r] if cell is not None]
    for text in texts:
        found = _UNIT.search(compact(text))
        if found:
            return found.group(1), True
    for index in range(block - 1, max(-1, block - 1 - _CAPTION_BLOCKS), -1):
        candidate = document.blocks[index]
        if candidate.table is not None:
            break
        found = _UNIT_LINE.search(compact(candidate.text))
        if found:
            return found.group(1), True
    return "万元", False
