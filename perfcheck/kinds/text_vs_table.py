"""text-vs-table — an amount the prose states equals the table cell its label names.

部门决算 情况说明 and evaluation reports restate their own tables: "本年收入合计2946.25万元，其中：财政拨款收入
2940.05万元". Each amount in a paragraph whose label (the words before it in its clause) names a row of
a table — or a column, read in the table's total row ("基本支出" → 合计 row, 基本支出 column) — is
compared with that cell, after scaling between 元 / 万元 / 亿元. Where the sentence names a column
(年初预算 / 调整预算 / 全年预算 / 决算 / 上年) that column is used; otherwise the row's total column.
The table is the one the sentence's section is about ("三、支出决算情况说明" → 支出决算表), else the one
the label names ("财政拨款收入支出总计" → 财政拨款收入支出决算总表).

Both figures stand for the interval their written digits allow (±½·10⁻ᵈ, as in the ``sum`` kind): a
difference inside the two rounding intervals passes at ``info``. A difference outside fails; the fail
is an error only when the pairing is certain (one table, the column not guessed, the table's unit
stated); otherwise it is lowered to a warning that says which cell was assumed. A figure that matches
another cell the label could mean passes. Approximate figures ("约300万元"), changes ("比上年增加…")
and figures inside tables are not compared; a bare 合计 / 总计 is compared only where the section or the
label names the table. 项目支出绩效自评表 funding tables are left to ``text-table-total``.

No table in the document, or no prose amount whose label names a table row or column:
``not-applicable``.

Parameters:
  ``skip_funding_tables``  leave 自评表 funding tables to ``text-table-total`` (default true).

Message placeholders: ``{stated}`` (the prose figure as written), ``{label}``, ``{table}`` (the cell as
written, with its unit), ``{place}`` (表“收入决算表”“合计”行“其他收入”列), ``{arithmetic}``
(``文中 0.3万元；表中 2961.68万元；相差 2961.38万元，超出允许尾差 ±0.055万元``).

Passes: "本年支出合计307.82万元" beside a 支出决算表 whose 合计 row reads 307.82. Fails: "本年支出合计
300.82万元" beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from msgspec import Struct

from perfcheck.facts.numbers import find_quantities
from perfcheck.kinds._prose_shares import mark_before
from perfcheck.kinds._select import _CHANGE, excerpt_at
from perfcheck.kinds._table_pairing import Pairing, agree, funding_blocks, in_unit, pair, prose_label
from perfcheck.kinds.arithmetic import show
from perfcheck.kinds.base import Context, Outcome, fmt_decimal
from perfcheck.lazy_pattern import lazy_regex

if TYPE_CHECKING:
    from perfcheck.facts.numbers import Fact

KIND = "text-vs-table"
SUMMARY_ZH = (
    "正文中的金额，若其标签指向报告自身表格的某一行（或合计行的某一列），则与该单元格比较，先换算元、万元、亿元。"
    "一致为通过，仅在舍入精度内一致为提示，否则为不通过；表格或列的对应不唯一、或表格未注明单位时，"
    "不通过降为警告并说明假定的单元格。没有表格或正文没有可对应的金额为“不适用”。参数：skip_funding_tables "
    "为是否跳过项目自评表资金表（由 text-table-total 核对）。"
)
VARIABLES = ("stated", "label", "table", "place", "arithmetic")
_ITEM_WINDOW = 300  # a numbered item names its 项 within its first sentence or two
_ITEM = lazy_regex(r"（款）(?P<item>[^（）。，；]{2,30})（项）")


class Params(Struct, frozen=True):
    skip_funding_tables: bool = True


def check(context: Context, params: Params) -> Iterator[Outcome]:
    index = context.table_index
    if not index.by_label:
        yield Outcome("not-applicable", "文中没有可读出数值的表格")
        return
    skip = funding_blocks(context) if params.skip_funding_tables else frozenset()
    blocks = context.document.blocks
    compared = 0
    for fact in context.facts:
        if fact.cell is not None or blocks[fact.block].kind == "table" or fact.quantity.kind != "amount":
            continue
        if not fact.label or fact.quantity.approximate or _CHANGE.search(fact.label):
            continue
        text = blocks[fact.block].norm
        clause = clause_before(text, fact.quantity.start)
        label = prose_label(clause)
        found = pair(context, label, clause, fact.block, skip_blocks=skip)
        if found is None:
            # "1、一般公共服务支出（类）财政事务（款）行政运行（项）。…支出决算为1511.89万元": the row is the 项
            item = _last_item(text, fact.quantity.start)
            found = pair(context, item, clause, fact.block, skip_blocks=skip) if item else None
            label = f"{item}（项）{label}" if found is not None else label
        if found is None:
            continue
        compared += 1
        yield _compare(context, fact, label, found)
    if not compared:
        yield Outcome("not-applicable", "正文中没有标签与表格行、列对应的金额")


def clause_before(text: str, start: int) -> str:
    """The words of the clause (up to ，。；：) before a figure, after any earlier figure in it."""
    cut = mark_before(text, start, "，。；：、")
    segment = text[cut + 1 : start]
    earlier = find_quantities(segment)
    return segment[earlier[-1].end :] if earlier else segment


def _last_item(text: str, start: int) -> str:
    """The 科目 (项) a numbered item of 五、（三） is about, when the figure's clause says 决算."""
    items = _ITEM.findall(text, max(0, start - _ITEM_WINDOW), start)
    return items[-1] if items else ""


def _compare(context: Context, fact: Fact, label: str, found: Pairing) -> Outcome:
    where = excerpt_at(context, fact)
    q = fact.quantity
    written = f"{label}{q.text}"
    candidates = (found.cell, *found.others)
    place = found.place()
    try:
        converted = [(c, *in_unit(c, q.unit)) for c in candidates]
        elsewhere = [(c, *in_unit(c, q.unit)) for c in found.elsewhere]
    except ValueError:
        return Outcome("unresolved", f"文中“{written}”的单位无法换算为{place}的单位", where)
    cell, value, decimals = converted[0]
    values = {"stated": q.text, "label": label, "table": f"{cell.text}{cell.unit}", "place": place}
    evidence = {
        "stated": q.text,
        "label": label,
        "key": found.key,
        "table": found.tables[cell.table].shown if cell.table < len(found.tables) else cell.table + 1,
        "row": cell.row + 1,
        "column": cell.column + 1,
        "cell": cell.text,
        "unit": cell.unit,
        "certain": found.certain,
    }
    lead = f"文中“{written}”；{place}为 {cell.text}{cell.unit}" + (
        f"（= {fmt_decimal(value)}{q.unit}）" if cell.unit != q.unit else ""
    )
    places = min(q.decimals, decimals)
    if q.value == value or agree(q.value, q.decimals, value, decimals):
        line = lead + ("；一致" if q.value == value else f"；按较粗的精度（{places}位小数）一致")
        split = _tables_disagree(found, value, decimals, q.unit)
        if split:
            line += split
            return Outcome("fail", line, where, {**values, "arithmetic": line}, evidence, severity="warning")
        if q.value == value:
            return Outcome("pass", line, where, {**values, "arithmetic": line}, evidence)
        return Outcome("pass", line, where, {**values, "arithmetic": line}, evidence, severity="info")
    for other, other_value, other_decimals in converted[1:]:
        if agree(q.value, q.decimals, other_value, other_decimals):
            line = lead + f"；与{found.place_of(other)}的 {other.text}{other.unit} 一致"
            return Outcome("pass", line, where, {**values, "arithmetic": line}, evidence, severity="info")
    diff = q.value - value
    line = lead + f"；相差 {show(abs(diff), max(q.decimals, decimals))}{q.unit}（按 {places} 位小数比较）"
    line += f"；若表中无误，文中应为 {show(value, max(q.decimals, min(decimals, 2)))}{q.unit}"
    for other, other_value, other_decimals in elsewhere:
        if agree(q.value, q.decimals, other_value, other_decimals):
            line += f"；但与{found.place_of(other)}的 {other.text}{other.unit} 一致，两表之间不一致"
            return Outcome("fail", line, where, {**values, "arithmetic": line}, evidence, severity="warning")
    return Outcome("fail", line, where, {**values, "arithmetic": line}, evidence, assumed=found.assumption())


def _tables_disagree(found: Pairing, value: Decimal, decimals: int, unit: str) -> str:
    """``；但“…”为 326.71万元，两表之间不一致…`` when another table states the same figure otherwise (the
    text agrees with one of them, so which table is wrong cannot be told); "" when they agree."""
    for other in found.counterparts():
        try:
            other_value, other_decimals = in_unit(other, unit)
        except ValueError:
            continue
        if not agree(value, decimals, other_value, other_decimals):
            gap = show(abs(value - other_value), max(decimals, other_decimals))
            return (
                f"；但{found.place_of(other)}为 {other.text}{other.unit}，两表之间不一致（相差 {gap}{unit}），"
                "无法判断哪一张表有误"
            )
    return ""
