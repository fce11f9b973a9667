"""Pairing a figure of the prose with the table cell its label names (shared by the kinds that compare prose or
a table with a table: text-vs-table, share-vs-table, growth-vs-table, cross-table, ratio).

A prose label names a row or a column (see ``facts.table_index``); when several tables hold it, the one
the sentence's section is about wins ("四、财政拨款收入支出决算总体情况说明" → 财政拨款收入支出决算总表),
else the one whose name the label itself carries ("财政拨款收入支出总计"). The column is the one the
sentence names (年初预算 / 调整预算 / 全年预算 / 预算 / 决算 / 上年 / 本年), else the row's total column,
else the only value column. A pairing is ``certain`` when the table and the column were chosen without a
guess and the table states its unit; otherwise a disagreement is at most a warning that says which cell
was assumed. The helpers at the end (a cell's value in another unit, whether two writings of a figure agree,
a prose label as a table would write it) serve all of those kinds.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

import regex
from msgspec import Struct

from perfcheck.facts.table_index import IndexedCell, IndexedTable, TableIndex
from perfcheck.facts.table_labels import PURE_TOTAL, caption_core, label_key
from perfcheck.kinds.base import Assumption
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.kinds.base import Context

# What prose puts around a label that a table does not: connectives before it, verbs and particles after it.
_LEAD = lazy_regex(r"^(?:其中|包括|以及|另外|同时|此外|分别为|分别|及|和|与)+")
_TRAIL = lazy_regex(r"(?:约为|达到|共计|累计|为|是|达|约|的|有|了|到|至|金额|数额|数)$")
# Words that name a column, most specific first.
_COLUMN_WORDS: tuple[tuple[str, regex.Pattern[str], regex.Pattern[str]], ...] = (
    ("年初预算", lazy_regex("年初预算"), lazy_regex("年初预算|^预算数$|·预算数$")),
    ("调整预算", lazy_regex("调整后?(?:的)?预算|调整预算|全年预算"), lazy_regex("调整|全年预算")),
    ("上年", lazy_regex("上年|上一年|去年|同期"), lazy_regex("上年|上一年|去年|同期")),
    ("决算", lazy_regex("决算|实际支出|执行数"), lazy_regex("决算|执行|实际")),
    ("本年", lazy_regex("本年(?!.*合计)"), lazy_regex("本年(?!.*合计)|本期")),
    # not the 预算 of a fund's name: "一般公共预算财政拨款基本支出" names no budget column
    (
        "预算",
        lazy_regex("(?<!一般公共|政府性基金|国有资本经营)预算(?!单位|财政拨款)"),
        lazy_regex("预算数|预算(?!财政拨款)"),
    ),
)
# The reporting unit and the year before a label: "上海市普陀区财政局2024年度", "本部门", "我单位".
_SUBJECT = lazy_regex(r"^(?:.*?\d{4}年度?|本部门|本单位|我单位|我局|我部|本局)")
_FIGURE_WORDS = lazy_regex(r"(?:财政拨款)?(?:支出)?(?:年初|全年|调整后?)?(?:预算|决算)?数?$")
_SPENT = lazy_regex("决算|执行|实际")
_BASIS = lazy_regex("(?P<scope>.*?)(?P<side>收入支出|收入|支出)")
_MIN_JOINED = 4  # "财政拨款" at least: shorter heads ("一般") name no table


def cell_place_name(tables: Sequence[IndexedTable], cell: IndexedCell) -> str:
    """``“收入决算表”“合计”行“本年收入合计”列`` — where a cell of the index is, for messages."""
    table = tables[cell.table] if cell.table < len(tables) else None
    name = f"“{table.caption}”" if table and table.caption else f"表{table.shown if table else cell.table + 1}"
    row = f"“{cell.row_label}”行" if cell.row_label else ""
    return f"{name}{row}“{cell.column_label or '数值'}”列"


class Pairing(Struct, frozen=True):
    """The cell a label was paired with, the other cells it could have meant, and how sure the pairing is."""

    key: str
    cell: IndexedCell
    others: tuple[IndexedCell, ...]
    certain: bool
    assumed: str  # what could not be established, in Chinese (follows 未能确定), when not certain
    elsewhere: tuple[IndexedCell, ...] = ()  # the same label in tables the sentence is not about
    tables: tuple[IndexedTable, ...] = ()  # the index's tables (shared, not copied), for their names

    def place(self) -> str:
        """``“收入决算表”“合计”行“本年收入合计”列`` — where the paired cell is, for messages."""
        return self.place_of(self.cell)

    def place_of(self, cell: IndexedCell) -> str:
        return cell_place_name(self.tables, cell)

    def counterparts(self) -> tuple[IndexedCell, ...]:
        """The cells of other tables that state the very figure the paired cell states: the same row of
        a table of the same money and the same side (收入 / 支出) — 收入支出决算总表 支出 and 支出决算表
        本年支出合计; 财政拨款收入支出决算总表 “支出·一般公共预算财政拨款” and 一般公共预算财政拨款支出决算表
        合计. Tables of other money (支出决算表 counts every source, 一般公共预算财政拨款支出决算表 does not)
        or of the other side (收入决算表 by 科目) may differ and are left out."""
        mine = basis(self.tables, self.cell)
        if mine is None:
            return ()
        by_table: dict[int, list[IndexedCell]] = {}
        for cell in self.elsewhere:
            by_table.setdefault(cell.table, []).append(cell)
        found = (counterpart(self.tables, mine, cells) for cells in by_table.values())
        return tuple(c for c in found if c is not None)

    def assumption(self) -> Assumption | None:
        """What an uncertain pairing took for granted, for the engine to state (None when certain)."""
        return None if self.certain else Assumption(self.place(), self.assumed)


def column_word(text: str) -> str:
    """The column a sentence names before a figure (年初预算 / 调整预算 / 上年 / 决算 / 预算), or ""."""
    for name, pattern, _ in _COLUMN_WORDS:
        if pattern.search(text):
            return name
    return ""


def pair(
    context: Context,
    label: str,
    clause: str,
    block: int,
    *,
    kinds: str = "amount",
    skip_blocks: frozenset[int] = frozenset(),
    column: str = "",
) -> Pairing | None:
    """The cell ``label`` names (``clause``: the words before the figure, for the column), or None.

    Dictionary reads only: the key's cells are filed by table, the section's tables come from the index,
    and among several tables the nearest to the sentence is taken (a bounded look either side).
    """
    index = context.table_index
    key, by_table = index.lookup(label)
    if not by_table:
        # "公务接待费支出决算" names the 公务接待费 columns; the figure word picks one of them below
        label = _FIGURE_WORDS.sub("", label_key(label))
        key, by_table = index.lookup(label) if label else ("", {})
    if not by_table or not _names_only(index, label_key(label), key):
        return None
    wanted_percent = kinds == "percent"

    def usable(table: int) -> tuple[IndexedCell, ...]:
        cells = by_table.get(table, ())
        return tuple(c for c in cells if (c.unit == "%") == wanted_percent and c.block not in skip_blocks)

    how = "章节"
    chosen = _nearest(index, index.section_tables(block), block, usable)
    if chosen is None:
        how = "标签"
        chosen = _nearest(index, _named_tables(index, label_key(label), key), block, usable)
    if chosen is None:
        # "一般公共预算财政拨款基本支出" is the 基本支出 column of the 一般公共预算财政拨款支出决算表
        chosen = _nearest(index, _joined_tables(index, label_key(label), key), block, usable)
    if chosen is None:
        if key in PURE_TOTAL:
            return None  # a bare 合计 / 总计 in prose names no table
        how = ""
        chosen = _nearest(index, tuple(by_table), block, usable)
    if chosen is None:
        return None
    pool = list(usable(chosen))
    word = column or column_word(clause)
    guessed_column = False
    if word:
        matcher = next(m for name, _, m in _COLUMN_WORDS if name == word)
        named = [c for c in pool if matcher.search(c.column_label)]
        if not named:
            if word not in ("决算", "本年") or any(_mentions_any_column_word(c.column_label) for c in pool):
                return None  # the sentence names a column (a budget, last year) this table does not have
            named = pool  # a 决算 table's columns are all 决算 figures: "支出决算为…" is any of them
        pool = named
    elif "支出" in clause and "预算" not in clause:
        # "公务接待费支出0.39万元": money spent is the 决算 figure, not the budget beside it
        spent = [c for c in pool if _SPENT.search(c.column_label)]
        if spent and len(spent) < len(pool):
            pool = spent
    subtotals = [c for c in pool if c.total_row and c.row_label != key]
    if subtotals and any(c.row_label == key for c in pool):
        pool = subtotals  # "一次性竞赛补贴经费" names the group: its 小计 row, not each year's row
    rows: dict[int, list[IndexedCell]] = {}
    for cell in pool:
        rows.setdefault(cell.row, []).append(cell)
    picked: list[IndexedCell] = []
    for here in rows.values():
        if len(here) > 1:
            totals = [c for c in here if c.total_column]
            if not totals:
                guessed_column = guessed_column or len({c.value for c in here}) > 1
            here = (totals or here)[:1]
        picked.extend(here)
    if not picked:
        return None
    first = picked[0]
    values = {c.value for c in picked}
    others = [c for t in _neighbours(index, tuple(by_table), chosen) for c in usable(t)]
    assumed = []
    if not how and key in index.spread and others:
        assumed.append(f"“{key}”指哪一张表（见于{len(by_table)}张表）")
    elif len(picked) > 1 and len(values) > 1:
        assumed.append(f"“{key}”指哪一个单元格（有{len(picked)}个）")
    if guessed_column:
        assumed.append("句中所指的列")
    table = index.tables[chosen]
    if not table.unit_stated:
        assumed.append("表格的金额单位（表中未注明，按万元）")
    certain, doubt = not assumed, "、".join(assumed)
    alternatives, elsewhere = tuple(picked[1:]), tuple(others)
    if how == "标签" and label_key(label) != key:
        # the label names its table: the same key in a table it does not name is another figure
        # (支出决算表 基本支出 counts every source of money, 一般公共预算财政拨款基本支出 does not)
        elsewhere = ()
    elif not how:
        # the table was a guess: a figure that agrees with the same label in another table is about that one
        alternatives, elsewhere = (*alternatives, *others), ()
    return Pairing(key, first, alternatives, certain, doubt, elsewhere, index.tables)


_LOOK = 8  # tables looked at on either side of the sentence, so a lookup never walks the whole document


def _nearest(
    index: TableIndex, candidates: tuple[int, ...], block: int, usable: Callable[[int], tuple[IndexedCell, ...]]
) -> int | None:
    """The usable table among ``candidates`` (in document order) nearest to ``block``, looking a bounded
    number of tables either side of it."""
    if not candidates:
        return None
    at = bisect.bisect_left(candidates, block, key=lambda t: index.tables[t].block)
    window = candidates[max(0, at - _LOOK) : at + _LOOK]
    found = [t for t in window if usable(t)]
    return min(found, key=lambda t: abs(index.tables[t].block - block), default=None)


def _neighbours(index: TableIndex, tables: tuple[int, ...], chosen: int) -> tuple[int, ...]:
    """Up to ``_LOOK`` tables on either side of ``chosen`` among ``tables`` (document order), not ``chosen``."""
    at = bisect.bisect_left(tables, chosen)
    return tuple(t for t in tables[max(0, at - _LOOK) : at + _LOOK + 1] if t != chosen)


def _names_only(index: TableIndex, label: str, key: str) -> bool:
    """Is the key the whole label, up to the reporting unit, the year and words of a table's name?

    "上海市普陀区财政局2024年度财政拨款收入支出总计" is 总计 of a table named 财政拨款收入支出; "获奖选手奖金"
    is not the 奖金 row of a 基本支出决算表, nor is "共安排资金" the 资金 column of a list of visits.
    """
    residual = label[: len(label) - len(key)]
    residual = _SUBJECT.sub("", residual)
    return not residual or residual in index.core_parts


def _mentions_any_column_word(label: str) -> bool:
    return any(m.search(label) for _, _, m in _COLUMN_WORDS)


def _named_tables(index: TableIndex, label: str, key: str) -> tuple[int, ...]:
    """Tables whose name ends the words before the key: "…财政拨款收入支出" + 总计 → 财政拨款收入支出决算总表."""
    residual = caption_core(label[: len(label) - len(key)]) if label.endswith(key) else ""
    for start in range(len(residual)):  # the longest name first
        found = index.tables_for(residual[start:])
        if found:
            return found
    return ()


def _joined_tables(index: TableIndex, label: str, key: str) -> tuple[int, ...]:
    """Tables whose name is the words before the key joined to the key's last words: "一般公共预算财政拨款"
    + 基本**支出** → 一般公共预算财政拨款支出决算表, whose 合计 row holds the 基本支出 column (document order)."""
    residual = caption_core(label[: len(label) - len(key)]) if label.endswith(key) else ""
    found: set[int] = set()
    for start in range(len(residual)):  # the longest name first
        head = residual[start:]
        if len(head) < _MIN_JOINED:
            break
        for cut in range(1, len(key) - 1):
            found.update(index.tables_for(head + key[cut:]))
        if found:
            break
    return tuple(sorted(found))


def names_basis(table: IndexedTable) -> bool:
    """Whether a table's name says what money and which side it counts: only its cells have a ``basis``."""
    return _core_basis(table.core) is not None


@lru_cache(maxsize=256)
def _core_basis(core: str) -> tuple[str, str] | None:
    """(money, side) a table's name says, read once per name: every cell of every pairing asks it."""
    match = _BASIS.fullmatch(core)
    return (match.group("scope"), match.group("side")) if match is not None else None


def basis(tables: tuple[IndexedTable, ...], cell: IndexedCell) -> tuple[str, str] | None:
    """(the money a cell's table counts, 收入 or 支出): ("一般公共预算财政拨款", "支出"), ("", "支出") for
    every source; None for a table whose name does not say (a 基本支出决算表 by 经济分类, a 三公 table)."""
    named = _core_basis(tables[cell.table].core if cell.table < len(tables) else "")
    if named is None or cell.unit == "%":
        return None
    scope, side = named
    if side == "收入支出":  # a 总表: the column says which half
        head = cell.column_label.split("·", 1)[0]
        side = "支出" if head.startswith("支出") else "收入" if head.startswith("收入") else ""
    return (scope, side) if side else None


def counterpart(
    tables: tuple[IndexedTable, ...], mine: tuple[str, str], cells: list[IndexedCell] | tuple[IndexedCell, ...]
) -> IndexedCell | None:
    """The cell among one other table's ``cells`` (same key) that states the figure ``mine`` describes."""
    scope, side = mine
    same_side = [(c, b) for c in cells for b in [basis(tables, c)] if b is not None and b[1] == side]
    if not same_side:
        return None
    other = same_side[0][1][0]
    if other == scope:
        totals = [c for c, _ in same_side if c.total_column]
        return totals[0] if totals else same_side[0][0] if len(same_side) == 1 else None
    if other and scope.endswith(other):
        # a wider table (财政拨款…总表) holds this money in a column of its own: “支出·一般公共预算财政拨款”
        named = [c for c, _ in same_side if scope in c.column_label]
        return named[0] if len(named) == 1 else None
    return None


# ---- shared by the kinds that compare prose or tables with tables ----


def funding_blocks(context: Context) -> frozenset[int]:
    return frozenset(t.block for t in context.funding_tables)


def prose_label(clause: str) -> str:
    """The label a table would use: the clause without connectives ("其中：", "为", "共计"), keeping 合计/总计
    (``facts.numbers.label_before`` drops them, but "收入支出总计" names a row that "收入支出" does not)."""
    label = _LEAD.sub("", clause.strip())
    previous = None
    while previous != label:
        previous = label
        label = _TRAIL.sub("", label)
    return label


def in_unit(cell: IndexedCell, unit: str) -> tuple[Decimal, int]:
    """The cell's value in ``unit`` and its decimals there (2,026,400元 in 万元 → 202.64, 6 decimals)."""
    from perfcheck.facts.numbers import unit_scale

    if cell.unit == unit or "%" in (cell.unit, unit):
        return cell.value, cell.decimals
    scale = unit_scale(cell.unit, unit)
    exponent = scale.normalize().as_tuple().exponent
    shift = -exponent if isinstance(exponent, int) else 0
    return (cell.value * scale).normalize(), max(0, cell.decimals + shift)


def agree(stated: Decimal, stated_decimals: int, value: Decimal, decimals: int) -> bool:
    """Do two writings of one figure agree? Compared at the coarser precision: 6.2 and 6.20 agree, 30 and
    29.99 agree (29.99 rounds to 30), 236.63 and 236.64 do not."""
    places = min(stated_decimals, decimals)
    unit = Decimal(1).scaleb(-places)
    return stated.quantize(unit, ROUND_HALF_UP) == value.quantize(unit, ROUND_HALF_UP)
