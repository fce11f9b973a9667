"""Pairing a figure of the prose with the table cell its label names (shared by text-vs-table and share-vs-table).

A prose label names a row or a column (see ``facts.table_index``); when several tables hold it, the one
the sentence's section is about wins ("四、财政拨款收入支出决算总体情况说明" → 财政拨款收入支出决算总表),
else the one whose name the label itself carries ("财政拨款收入支出总计"). The column is the one the
sentence names (年初预算 / 调整预算 / 全年预算 / 预算 / 决算 / 上年 / 本年), else the row's total column,
else the only value column. A pairing is ``certain`` when the table and the column were chosen without a
guess and the table states its unit; otherwise a disagreement is at most a warning that says which cell
was assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from perfcheck.facts.table_index import IndexedCell, TableIndex, caption_core, label_key
from perfcheck.kinds.base import Assumption
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.kinds.base import Context

# Words that name a column, most specific first.
_COLUMN_WORDS: tuple[tuple[str, regex.Pattern[str], regex.Pattern[str]], ...] = (
    ("年初预算", regex.compile("年初预算"), regex.compile("年初预算|^预算数$|·预算数$")),
    ("调整预算", regex.compile("调整后?(?:的)?预算|调整预算|全年预算"), regex.compile("调整|全年预算")),
    ("上年", regex.compile("上年|上一年|去年|同期"), regex.compile("上年|上一年|去年|同期")),
    ("决算", regex.compile("决算|实际支出|执行数"), regex.compile("决算|执行|实际")),
    ("预算", regex.compile("预算(?!单位)"), regex.compile("预算数|预算(?!财政拨款)")),
)
# The reporting unit and the year before a label: "上海市普陀区财政局2024年度", "本部门", "我单位".
_SUBJECT = lazy_regex(r"^(?:.*?\d{4}年度?|本部门|本单位|我单位|我局|我部|本局)")
_FIGURE_WORDS = lazy_regex(r"(?:支出)?(?:年初|全年|调整后?)?(?:预算|决算)?数?$")
_SPENT = lazy_regex("决算|执行|实际")
_TOTAL_ONLY = {"合计", "总计", "小计", "共计", "总额"}


@dataclass(frozen=True, slots=True)
class Pairing:
    """The cell a label was paired with, the other cells it could have meant, and how sure the pairing is."""

    key: str
    cell: IndexedCell
    others: tuple[IndexedCell, ...]
    certain: bool
    assumed: str  # what could not be established, in Chinese (follows 未能确定), when not certain
    caption: str
    elsewhere: tuple[IndexedCell, ...] = ()  # the same label in tables the sentence is not about

    def place(self) -> str:
        """``表“收入决算表”第4行“合计”·“本年收入合计”`` — where the cell is, for messages."""
        name = f"“{self.caption}”" if self.caption else f"表{self.cell.table + 1}"
        row = f"“{self.cell.row_label}”行" if self.cell.row_label else ""
        return f"{name}{row}“{self.cell.column_label or '数值'}”列"

    def assumption(self) -> Assumption | None:
        """What an uncertain pairing took for granted, for the engine to state (None when certain)."""
        return None if self.certain else Assumption(self.place(), self.assumed)


def column_word(text: str) -> str:
    """The column a sentence names before a figure (年初预算 / 调整预算 / 上年 / 决算 / 预算), or ""."""
    for name, pattern, _ in _COLUMN_WORDS:
        if pattern.search(text):
            return name
    return ""


def section_tables(context: Context, index: TableIndex, block: int) -> set[int]:
    """Tables whose name is what the block's sections are about, innermost section first."""
    for section in reversed(context.document.section_path(block)):
        found = index.tables_for(caption_core(section.title))
        if found:
            return set(found)
    return set()


def pair(
    context: Context,
    label: str,
    clause: str,
    block: int,
    *,
    kinds: str = "amount",
    skip_blocks: frozenset[int] = frozenset(),
) -> Pairing | None:
    """The cell ``label`` names (``clause``: the words before the figure, for the column), or None."""
    index = context.table_index
    key, cells = index.lookup(label)
    if not cells:
        # "公务接待费支出决算" names the 公务接待费 columns; the figure word picks one of them below
        label = _FIGURE_WORDS.sub("", label_key(label))
        key, cells = index.lookup(label) if label else ("", ())
    if not cells or not _names_only(index, label_key(label), key):
        return None
    wanted_percent = kinds == "percent"
    cells = tuple(c for c in cells if (c.unit == "%") == wanted_percent and c.block not in skip_blocks)
    if not cells:
        return None
    by_table: set[int] = {c.table for c in cells}
    chosen_tables = section_tables(context, index, block) & by_table
    how = "章节"
    if not chosen_tables:
        chosen_tables = _named_tables(index, label_key(label), key) & by_table
        how = "标签"
    if not chosen_tables:
        if key in _TOTAL_ONLY:
            return None  # a bare 合计 / 总计 in prose names no table
        chosen_tables = by_table
        how = ""
    pool = [c for c in cells if c.table in chosen_tables]
    word = column_word(clause)
    guessed_column = False
    if word:
        matcher = next(m for name, _, m in _COLUMN_WORDS if name == word)
        named = [c for c in pool if matcher.search(c.column_label)]
        if not named:
            if word != "决算" or any(_mentions_any_column_word(c.column_label) for c in pool):
                return None  # the sentence names a column (a budget, last year) this table does not have
            named = pool  # a 决算 table's columns are all 决算 figures: "支出决算为…" is any of them
        pool = named
    elif "支出" in clause and not regex.search("预算", clause):
        # "公务接待费支出0.39万元": money spent is the 决算 figure, not the budget beside it
        spent = [c for c in pool if _SPENT.search(c.column_label)]
        if spent and len(spent) < len(pool):
            pool = spent
    subtotals = [c for c in pool if c.total_row and c.row_label != key]
    if subtotals and any(c.row_label == key for c in pool):
        pool = subtotals  # "一次性竞赛补贴经费" names the group: its 小计 row, not each year's row
    picked: list[IndexedCell] = []
    for table in sorted({c.table for c in pool}):
        rows = sorted({c.row for c in pool if c.table == table})
        for row in rows:
            here = [c for c in pool if c.table == table and c.row == row]
            if len(here) > 1:
                totals = [c for c in here if c.total_column]
                if totals:
                    here = totals[:1]
                else:
                    guessed_column = guessed_column or len({c.value for c in here}) > 1
                    here = here[:1]
            picked.extend(here)
    if not picked:
        return None
    first = picked[0]
    tables_here = {c.table for c in picked}
    values = {c.value * _scale(c.unit, first.unit) for c in picked}
    unit_stated = all(index.tables[_pos(index, c.table)].unit_stated for c in picked)
    assumed = []
    if len(tables_here) > 1 and not how and len(values) > 1:
        assumed.append(f"“{key}”指哪一张表（见于{len(tables_here)}张表）")
    elif len(picked) > 1 and len(values) > 1:
        assumed.append(f"“{key}”指哪一个单元格（有{len(picked)}个）")
    if guessed_column:
        assumed.append("句中所指的列")
    if not unit_stated:
        assumed.append("表格的金额单位（表中未注明，按万元）")
    caption = index.tables[_pos(index, first.table)].caption
    elsewhere = tuple(c for c in cells if c.table not in chosen_tables)
    return Pairing(key, first, tuple(picked[1:]), not assumed, "、".join(assumed), caption, elsewhere)


def _names_only(index: TableIndex, label: str, key: str) -> bool:
    """Is the key the whole label, up to the reporting unit, the year and words of a table's name?

    "上海市普陀区财政局2024年度财政拨款收入支出总计" is 总计 of a table named 财政拨款收入支出; "获奖选手奖金"
    is not the 奖金 row of a 基本支出决算表, nor is "共安排资金" the 资金 column of a list of visits.
    """
    residual = label[: len(label) - len(key)]
    residual = _SUBJECT.sub("", residual)
    if not residual:
        return True
    return any(residual in table.core for table in index.tables if table.core)


def _mentions_any_column_word(label: str) -> bool:
    return any(m.search(label) for _, _, m in _COLUMN_WORDS)


def _named_tables(index: TableIndex, label: str, key: str) -> set[int]:
    """Tables whose name ends the words before the key: "…财政拨款收入支出" + 总计 → 财政拨款收入支出决算总表."""
    residual = caption_core(label[: len(label) - len(key)]) if label.endswith(key) else ""
    if not residual:
        return set()
    best: set[int] = set()
    best_length = 0
    for table in index.tables:
        core = table.core
        if core and residual.endswith(core) and len(core) > best_length:
            best, best_length = {table.number}, len(core)
        elif core and residual.endswith(core) and len(core) == best_length:
            best.add(table.number)
    return best


def _pos(index: TableIndex, number: int) -> int:
    for position, table in enumerate(index.tables):
        if table.number == number:
            return position
    return 0


def _scale(from_unit: str, to_unit: str) -> Decimal:
    if from_unit == to_unit or "%" in (from_unit, to_unit):
        return Decimal(1)
    from perfcheck.facts.numbers import unit_scale

    return unit_scale(from_unit, to_unit)
