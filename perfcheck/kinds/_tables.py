"""Shared by the table kinds (``table-sum``, ``table-rate`` …): which tables a rule may judge, where a
cell sits, and the interval arithmetic on cells. Not a kind itself (the leading underscore keeps it out
of kind discovery).

The tables come from ``facts.tables`` through the context (``context.funding_tables``,
``context.indicator_tables``). A table whose structure the reader could not settle carries
``problems``; every rule says ``unresolved`` about it rather than judging cells that may be swapped. A
cell with text that is not a number (``value`` None, not ``blank``) is unreadable: the relation it
belongs to is unresolved, never passed. A table whose rows were placed under their headers by
assumption (a text export, ``facts.table_align``) is judged, but a fail on it carries that assumption
(``hedged``): the engine makes it at most a warning that says what was assumed. A finding's place is the
cell it is about, quoted as the row's label, the part's own heading and the text ("群众满意度｜得分：10").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from msgspec.structs import replace

from perfcheck.facts.table_align import is_text
from perfcheck.facts.table_model import compact, is_number
from perfcheck.facts.table_roles import FUNDING_NAMES, INDICATOR_NAMES, funding_role, indicator_role
from perfcheck.kinds.arithmetic import half_unit, show
from perfcheck.kinds.base import Assumption, Context, Outcome, make_excerpt
from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Cell, Excerpt

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Quantity
    from perfcheck.facts.tables import CellValue, FundingTable, IndicatorTable

T = TypeVar("T", "FundingTable", "IndicatorTable")

ROLE_NAMES = {**FUNDING_NAMES, **INDICATOR_NAMES, "reason": "偏差原因"}
# What a reader leaves in a cell that means "nothing to say": not a reason.
EMPTY_ANSWER = lazy_regex(r"^\s*(?:无|/|／|—+|-+|－|――|\.+|…+)?\s*$")


def usable(
    context: Context, tables: Sequence[T], what: str, needs: Sequence[str] = ()
) -> tuple[list[T], list[Outcome]]:
    """The tables that can be judged, and an outcome for each that cannot (or for there being none).

    No table at all is ``not-applicable``; a table with problems is ``unresolved`` at its block, and so
    is one without a column the rule ``needs`` (a third party's 评分表 has 分值 and 得分 but no 实际完成值:
    the weight rules can judge it, the completion rules cannot). A 绩效目标表 (年度指标值, but neither 实际完成值
    nor 分值/得分: the budget-stage target form) is ``not-applicable`` to a rule that needs the actual
    values: the form does not ask for them; an unread table is known for one by the header words the text
    holds (``IndicatorTable.headers``: excerpt 038 prints its form one cell per line). A form that has no
    score columns at all (the 转移支付 form: no 分值, no 得分) is ``not-applicable`` to a rule that needs them: there is
    nothing to score, which is not a reading that failed. An unresolved outcome names the headings the
    reader found and the ones it missed, so a user can see why.
    """
    if not tables:
        return [], [Outcome("not-applicable", f"文中没有{what}")]
    good: list[T] = []
    skipped: dict[str, list[T]] = {}  # reason -> the tables it applies to, in order
    unscored: list[T] = []
    targets: list[T] = []
    for table in tables:
        missing = [role for role in needs if role not in table.columns]
        have: Collection[str] = table.columns or getattr(table, "headers", ())  # unread: its header words
        lacks = [role for role in needs if role not in have]
        if "actual" in lacks and set(lacks) <= TARGET_FORM_LACKS and target_form(table):
            targets.append(table)  # read or not, a target form has no actual values to check
        elif table.problems:
            skipped.setdefault(f"无法可靠读取（{listed(table.problems)}）{headings(table, needs)}", []).append(table)
        elif missing and set(missing) <= SCORE_ROLES and not SCORE_ROLES & set(table.columns):
            unscored.append(table)
        elif missing:
            names = "”“".join(ROLE_NAMES.get(role, role) for role in missing)
            skipped.setdefault(f"中没有“{names}”列{headings(table, needs)}", []).append(table)
        else:
            good.append(table)
    # One outcome per reason, at the first such table: a form split over 20 page fragments is one problem.
    said = [
        Outcome(
            "unresolved",
            f"{what}{reason}，未核对" + (f"（共{len(same)}张表）" if len(same) > 1 else ""),
            cell_place(context, same[0].block),
            evidence={"problems": list(same[0].problems)} if same[0].problems else {},
        )
        for reason, same in skipped.items()
    ]
    if targets:
        detail = f"{what}只有指标值列，没有实际完成值和分值、得分列：绩效目标表不填实际完成值，不适用"
        said.append(Outcome("not-applicable", detail, cell_place(context, targets[0].block)))
    if unscored:
        detail = f"{what}没有分值、得分列（不评分的表式），不适用"
        said.append(Outcome("not-applicable", detail, cell_place(context, unscored[0].block)))
    return good, said


# What a 绩效目标表 (the budget-stage target form: 年度指标值 only) has no column for, by design.
TARGET_FORM_LACKS = frozenset({"actual", "weight", "score"})


def target_form(table: FundingTable | IndicatorTable) -> bool:
    """Whether an indicator table is a 绩效目标表: a target column and neither an actual-value column nor
    any score column. A self-evaluation form always has its 实际完成值 column, so a table with 分值 or 得分
    that lost it is a reading that failed (unresolved), not a target form. A table read with problems is
    not judged a target form by its columns (they may be misplaced); one not read at all is, by the
    header words the text holds (``headers``: the whole heading row, 一级指标 … 指标值)."""
    from perfcheck.facts.tables import IndicatorTable

    if not isinstance(table, IndicatorTable):
        return False
    if table.problems and (table.columns or not table.headers):
        return False
    columns = set(table.columns) or set(table.headers)
    return "target" in columns and "actual" not in columns and not SCORE_ROLES & columns


# How many of a table's problems a message names before "等N处": a text export that lost its merged cells
# can leave a dozen rows unplaced, and the same sentence is repeated by every rule that reads the table.
# The JSON verdict's evidence keeps them all.
PROBLEMS_SHOWN = 2


def listed(problems: Sequence[str]) -> str:
    """ "A；B等7处": the first problems of a table and how many there are in all."""
    shown = "；".join(problems[:PROBLEMS_SHOWN])
    return shown + (f"等{len(problems)}处" if len(problems) > PROBLEMS_SHOWN else "")


SCORE_ROLES = frozenset({"weight", "score"})
# Why a sum over a whole table is not checked when the text ends inside it (``IndicatorTable.truncated``).
TRUNCATED = "表格在文末被截断，无法核对合计"
# The headings a part is read by, to say which were found: the funding part's money columns, the
# indicator part's 三级指标 and its target and actual values.
_KEY_ROLES = ("initial_budget", "full_year_budget", "executed", "level3", "target", "actual")


def headings(table: FundingTable | IndicatorTable, needs: Sequence[str] = ()) -> str:
    """ "（已找到表头：一级指标、三级指标；未找到：分值）": what the reader found and what it missed."""
    from perfcheck.facts.tables import FundingTable

    if not table.columns:
        return ""  # no table was read: the problem itself names the header words the text held
    found = [ROLE_NAMES.get(role, role) for role in table.columns]
    keys = _KEY_ROLES[:3] if isinstance(table, FundingTable) else _KEY_ROLES[3:]
    wanted = [role for role in dict.fromkeys((*keys, *needs)) if role not in table.columns]
    if isinstance(table, FundingTable) and "initial_budget" in table.columns:
        wanted = [role for role in wanted if role != "full_year_budget"]  # B ÷ A on 年初预算数
    missed = [ROLE_NAMES.get(role, role) for role in wanted]
    parts = [f"已找到表头：{'、'.join(found) if found else '无'}"]
    if missed:
        parts.append(f"未找到：{'、'.join(missed)}")
    return f"（{'；'.join(parts)}）"


def hedged(table: FundingTable | IndicatorTable, outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
    """A fail on a table whose reading was assumed (rows of a text export placed under their headers)
    carries what was assumed: the engine makes it at most a warning that says so."""
    for outcome in outcomes:
        if outcome.status != "fail" or table.certain:
            yield outcome
            continue
        reading = f"文本重建的表格（{'；'.join(table.assumed)}）"
        yield replace(outcome, assumed=Assumption(reading, "合并单元格丢失后各值原在哪一列"))


def cell_place(context: Context, block: int, row: int | None = None, column: int | None = None) -> Excerpt:
    """The finding's place: a table (and a row or cell of it). Several rules point at the same cell, so a
    place is made once per document."""
    key = ("cell_place", block, row, column)
    found = context.memo.get(key)
    if found is None:
        found = context.memo[key] = _cell_place(context, block, row, column)
    return found  # type: ignore[return-value]


def _cell_place(context: Context, block: int, row: int | None, column: int | None) -> Excerpt:
    document = context.document
    if not 0 <= block < len(document.blocks):
        return make_excerpt(document, None)
    location = document.blocks[block].location
    if is_text(document):
        column = None  # a text table's columns are where the reader placed its cells, not where they stand
    if row is not None:
        location = replace(location, row=row, column=column)
    table = document.blocks[block].table
    grid = context.grid(block) if table is not None and row is not None else None
    if grid is None or row is None or column is None:
        return make_excerpt(document, block, location=location, grid=grid)
    # The headings above a table's cells, looked up once per document (a row's label is searched for
    # leftwards through the headings of every column before it).
    headings: dict[tuple[int, int], tuple[str, str | None]] = context.memo.setdefault(("headings", block), {})  # type: ignore[assignment]
    shown = _cell_text(grid, row, column, headings)
    return make_excerpt(document, block, location=location, grid=grid, cell_text=shown)


def _cell_text(
    grid: list[list[Cell | None]], row: int, column: int, headings: dict[tuple[int, int], tuple[str, str | None]]
) -> str:
    """A cell as a reader finds it on the form: its row's label, its column's heading (the nearest heading
    above it, not the form's first row), its text — "群众满意度｜得分：10"."""
    if not 0 <= row < len(grid) or not 0 <= column < len(grid[row]):
        return ""
    cell = grid[row][column]
    if cell is None:
        return ""

    def above(at: int) -> tuple[str, str | None]:
        if (row, at) not in headings:
            headings[(row, at)] = heading_above(grid, row, at)
        return headings[(row, at)]

    heading, _ = above(column)
    label = ""
    for left in range(column - 1, -1, -1):
        other = grid[row][left]
        if other is None or other is cell or other.row < row - 1:
            continue  # a part's vertical label ("绩效指标") is not the row's
        text = compact(other.text)
        # the heading above is looked up only for a cell that could be the label (a figure never is)
        if text and not is_number(text) and above(left)[1] in (None, "level1", "level2", "level3"):
            label = text
            break
    parts = [p for p in (label, heading) if p]
    return ("｜".join(parts) + "：" if parts else "") + cell.text.replace("\n", " ")


def heading_above(grid: list[list[Cell | None]], row: int, column: int) -> tuple[str, str | None]:
    """The nearest heading above a cell and its role."""
    cell = grid[row][column]
    for above in range(row - 1, -1, -1):
        candidate = grid[above][column] if column < len(grid[above]) else None
        if candidate is None or candidate is cell:
            continue
        role = indicator_role(candidate.text) or funding_role(candidate.text)
        if role is not None:
            return compact(candidate.text), role
    return "", None


# The filling instructions a form prints in its 原因 cell (四川: "1.预算执行率=预算执行数/调整后预算数,
# 预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金
# 包括:…"): each numbered clause that defines, asks or limits is template residue, not a reason.
_CLAUSE_END = lazy_regex(r"[；;。]|(?<!\d)[.．](?!\d)")
_INSTRUCTION_CLAUSE = lazy_regex(
    r"需(?:要)?(?:说明|填写|列明)|应(?:单独)?(?:说明|填写|注明)|请(?:在此)?(?:填写|说明|列明)|\d+\s*字(?:以内|以下)"
    r"|[=＝][^；;。]*[/÷]|包括[:：]|填(?:表|写)说明"
)


def reason_text(text: str) -> str:
    """A reason cell's text without the form's printed instructions; "" when nothing else is there."""
    clauses = _CLAUSE_END.split(text or "")
    kept = [c.strip() for c in clauses if c.strip() and not _INSTRUCTION_CLAUSE.search(c)]
    return "；".join(kept) if answered("；".join(kept)) else ""


def unreadable(cell: CellValue | None) -> bool:
    """Text that is there but is not a number: the check that needs it cannot be made."""
    return cell is not None and not cell.blank and cell.value is None


def readable(cell: CellValue | None) -> bool:
    return cell is not None and cell.value is not None


def answered(text: str) -> bool:
    """Does the cell say something (not empty, not 无, not a dash)?"""
    return EMPTY_ANSWER.match(text or "") is None


def quantity(cell: CellValue, unit: str) -> Quantity:
    """A cell as a :class:`~perfcheck.facts.numbers.Quantity`, so the arithmetic module can use it."""
    from perfcheck.facts.numbers import Quantity

    assert cell.value is not None
    if cell.percent:
        return Quantity(cell.value, "%", "percent", cell.decimals, cell.text, 0, 0)
    return Quantity(cell.value, unit or "万元", "amount", cell.decimals, cell.text, 0, 0, currency="CNY")


def interval(value: Decimal, decimals: int) -> tuple[Decimal, Decimal]:
    """What a figure written with ``decimals`` decimals stands for (±½·10⁻ᵈ)."""
    half = half_unit(decimals)
    return value - half, value + half


def plain(value: Decimal) -> str:
    return f"{value:f}"


def points(value: Decimal) -> str:
    """A score or weight as a reader writes it: 10, 9.5, 9.75 (no trailing zeros, no exponent)."""
    text = f"{value.normalize():f}"
    return text


def shown(value: Decimal, decimals: int) -> str:
    return show(value, decimals)


def nearest_before(block: int, tables: Sequence[T]) -> T | None:
    """The table at or before ``block`` closest to it, else the first one after it: a funding table
    belongs with the indicator table that follows it in the same form."""
    before = [t for t in tables if t.block <= block]
    if before:
        return max(before, key=lambda t: t.block)
    return min(tables, key=lambda t: t.block, default=None)
