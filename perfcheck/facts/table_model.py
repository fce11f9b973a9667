"""What a 绩效自评表 reads into: cell values, funding rows, indicators (see ``tables`` for the finders).

A cell is read exactly as written: ``1,234.5`` → 1234.5 with one decimal; ``（12.3）`` and ``(12.3)`` are
negative, as accountants write them; ``12.3%`` is 12.3 with ``percent``; a leading ``≥``/``≤``/``=``
(a target such as ``≥95%``) and a short unit after the number (``100人``, ``3次``) are allowed. A dash,
slash, ``无`` or nothing is a deliberately empty cell (``blank``). Anything else has no value: a cell
that could not be read is never turned into a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from msgspec import Struct

from perfcheck.documents.normalize import normalize
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

FUNDING_ROLES = ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score", "reason")
INDICATOR_ROLES = ("level1", "level2", "level3", "nature", "target", "unit", "actual", "weight", "score", "reason")

# Marks a form's filler writes into a cell that is empty on purpose.
_BLANK_MARKS = frozenset({"", "—", "——", "–", "-", "--", "－", "/", "／", "\\", "无", "空白", "…", "……", "—-", "-—"})
# ``regex``: a cell's text is read once (behind a cache), and the pack cache keeps this compiled (~0.7 ms).
_NUMBER = lazy_regex(
    r"(?P<op>>=|<=|[≥≤=><])?"
    r"(?P<open>（)?"
    r"(?P<sign>[-−–])?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<close>）)?"
    r"(?P<pct>%)?"
    r"(?P<unit>[\u4e00-\u9fffA-Za-z]{0,4})"
)


class CellValue(Struct, frozen=True):
    """One cell as read: its original text and, where it is a number, the value as written."""

    text: str
    value: Decimal | None
    decimals: int
    percent: bool
    blank: bool
    row: int
    column: int

    @property
    def unreadable(self) -> bool:
        """Text was written but is neither a number nor a blank mark."""
        return self.value is None and not self.blank


def missing_cell(row: int, column: int) -> CellValue:
    """A position the table does not have (a ragged row, a column the form lacks)."""
    return CellValue(text="", value=None, decimals=0, percent=False, blank=True, row=row, column=column)


_SIGNS = str.maketrans({"≧": "≥", "≦": "≤", "═": "=", "＝": "="})


# The same few hundred texts (headings, labels, figures) are read again and again: by every header
# search, every rule and every sheet of a workbook with one form per sheet. Reading a text depends on the
# text alone, so a short one is read once (bounded caches; a long cell is an answer, read when asked).
# MEMO_SIZE, for these and the other caches of read texts (each made by :func:`remember`), holds every
# short text of a large report's tables (a 32,000-cell table): each reading stage (header search, table
# index, facts) then finds the texts the one before read. With 8,192 a table past ~2,000 rows overflowed
# them, every stage read every text again, and time per row rose by half between 2,000 and 8,000 rows.
# Each check empties them (``Context``, :func:`forget_read_texts`), so a report's texts do not outlive its check.
MEMO_CHARS = 64  # a longer text (an answer) is read when asked, not cached
MEMO_SIZE = 1 << 16
_T = TypeVar("_T")
_MEMOS: list[_lru_cache_wrapper[object]] = []  # emptied through this list, never called


def remember(read: Callable[[str], _T]) -> _lru_cache_wrapper[_T]:
    """``read`` cached by text (MEMO_SIZE entries), among the caches :func:`forget_read_texts` empties."""
    cached = lru_cache(maxsize=MEMO_SIZE)(read)
    _MEMOS.append(cached)
    return cached


def forget_read_texts() -> None:
    """Empty every cache of read texts (compact forms, numbers, labels, heading roles), as a fresh process has
    them: every check starts so (``kinds.base.Context``)."""
    for cached in _MEMOS:
        cached.cache_clear()


_WHITE = re.compile(r"\s+")


def compact(text: str) -> str:
    """Normalised text with every white space removed: a word wrapped in a cell ("全年执\\n行数") rejoins.
    The variant signs forms are typed with (≧, ≦, ═) read as ≥, ≤, =."""
    return _compact_short(text) if len(text) <= MEMO_CHARS else _compact(text)


def _compact(text: str) -> str:
    return _WHITE.sub("", normalize(text)).translate(_SIGNS)


_compact_short = remember(_compact)


def parse_cell(text: str, row: int = 0, column: int = 0) -> CellValue:
    """Read one cell's text (see the module docstring)."""
    value, decimals, percent, blank = _read_short(text) if len(text) <= MEMO_CHARS else _read(text)
    return CellValue(text, value, decimals, percent, blank, row, column)


def is_number(text: str) -> bool:
    """Whether a cell's text reads as a number (``parse_cell(text).value is not None``)."""
    return (_read_short(text) if len(text) <= MEMO_CHARS else _read(text))[0] is not None


def _read(text: str) -> tuple[Decimal | None, int, bool, bool]:
    """(value, decimals, percent, blank) of a cell's text."""
    squeezed = compact(text)
    if squeezed in _BLANK_MARKS:
        return None, 0, False, True
    match = _NUMBER.fullmatch(squeezed)
    if match is None or bool(match.group("open")) != bool(match.group("close")):
        return None, 0, False, False
    digits = match.group("int").replace(",", "")
    frac = match.group("frac") or ""
    try:
        value = Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None, 0, False, False
    if match.group("open") or match.group("sign"):
        value = -value
    return value, len(frac), bool(match.group("pct")), False


_read_short = remember(_read)


class FundingRow(Struct, frozen=True):
    """A row of the 项目资金 part: 年度资金总额 (``total``) or one of its 其中 rows (``part``)."""

    label: str
    role: str
    cells: Mapping[str, CellValue]
    row: int


class FundingTable(Struct, frozen=True):
    """The 项目资金 part of a self-evaluation table. ``problems`` lists what could not be read."""

    block: int
    unit: str
    columns: Mapping[str, int]
    total: FundingRow | None
    parts: tuple[FundingRow, ...]
    reason_text: str
    problems: tuple[str, ...]
    # Whether the unit was written (a header's （万元）, a 单位：万元 caption); else 万元 is the form's default.
    unit_stated: bool = False
    # What reading the table assumed (rows of a text export placed under their headers): a fail that
    # rests on it is at most a warning that says so. Empty: the grid placed every cell.
    assumed: tuple[str, ...] = ()

    @property
    def certain(self) -> bool:
        return not self.assumed

    @property
    def budget_role(self) -> str:
        """The budget a rate is taken against: 全年（调整后）预算数, else 年初预算数 (部门整体 form: B ÷ A)."""
        return "full_year_budget" if "full_year_budget" in self.columns else "initial_budget"

    def rows(self) -> tuple[FundingRow, ...]:
        return ((self.total,) if self.total is not None else ()) + self.parts


class Indicator(Struct, frozen=True):
    """One 三级指标 row; the 一级/二级 labels repeat from their merged cells."""

    level1: str
    level2: str
    level3: str
    nature: str | None
    target: CellValue
    unit: str
    actual: CellValue
    weight: CellValue
    score: CellValue
    reason: str
    row: int


class IndicatorTable(Struct, frozen=True):
    """The 绩效指标 part of a self-evaluation table."""

    block: int
    columns: Mapping[str, int]
    groups: Mapping[str, Decimal]
    indicators: tuple[Indicator, ...]
    total_row: Mapping[str, CellValue]
    problems: tuple[str, ...]
    assumed: tuple[str, ...] = ()
    # The text ends inside this part (an excerpt cut mid-row): its rows can be judged, its totals cannot.
    truncated: bool = False
    # When no table could be read (``problems``, no ``columns``): the roles its header words name in the
    # text, so a 绩效目标表 (指标值 only) is known for one even unread.
    headers: frozenset[str] = frozenset()

    @property
    def certain(self) -> bool:
        return not self.assumed

    @property
    def scored(self) -> bool:
        """Whether the form has score columns at all (a 转移支付 form has neither 分值 nor 得分)."""
        return "weight" in self.columns or "score" in self.columns
