"""count-matches-list — a declared count agrees with the items listed.

"涵盖…等6方面内容：" followed by items 1、… 5、 announces six and lists five; "实现…四大功能" before
four quoted phrases is right. Stage 2 (``facts.lists``) pairs every declared count with the items it
announces — numbered items in the following paragraphs, 一是/二是 or 1、2、 in the same sentence (after a
colon, or a comma and 分别是/即/包括), items in a bracket after the counted noun ("7个事业单位（A、…及G）"), or
、-separated items right before the count — and reads Chinese numerals (六个方面, 三大板块). This kind
compares the two numbers: one finding per list, pass when they agree, fail when they do not, located
at the count.

When the count's sentence ends with "。" and numbered paragraphs follow ("…分为…三个阶段。" then 1.–4.), the
pairing is not certain: a mismatch is at most a warning that says what was assumed.

A list that is not exhaustive is not counted: 等 after the items ("走访了A、B等12个社区"), 包括但不限于,
主要, 如, or an approximate count (30余项). Such lists give no finding. A document without any declared
list is not applicable.

Parameters:
  ``forms``   which list forms to check: ``numbered-after``, ``inline-after``, ``inline-before``,
              ``inline-paren`` (default all four).
  ``units``   only counts in these units (方面, 大, 项, 类 …); empty (default) checks every unit.

Message placeholders: ``{declared}`` (the count as written, 6方面, 三大板块), ``{declared_number}`` (6),
``{listed}`` (the number of items found), ``{items}`` (the items, shortened, joined by ；).

Passes: "涵盖以下3方面：\\n1、党建工作\\n2、城市管理\\n3、公共安全".
Fails: "涵盖以下3方面：\\n1、党建工作\\n2、城市管理" (声明3方面，实际列出2项).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from msgspec import Struct

from perfcheck.kinds.base import Assumption, Context, Outcome

KIND = "count-matches-list"
SUMMARY_ZH = (
    "核对“涵盖…等6方面”之类声明的数量与实际列出的条目数：一致为通过，不一致为不通过。"
    "以“等”“主要”“包括但不限于”列举或数量为约数的不计数；文中没有声明数量并逐项列出的内容为“不适用”。参数："
    "forms 为要检查的列举形式，units 为只检查的量词（方面、项、类等，留空表示全部）。"
)
VARIABLES = ("declared", "declared_number", "listed", "items")

Form = Literal["numbered-after", "inline-after", "inline-before", "inline-paren"]
_ITEM_SHOWN = 12  # characters of each item quoted in a message


class Params(Struct, frozen=True):
    forms: tuple[Form, ...] = ("numbered-after", "inline-after", "inline-before", "inline-paren")
    units: tuple[str, ...] = ()


def check(context: Context, params: Params) -> Iterator[Outcome]:
    declared_lists = [d for d in context.declared_lists if d.form in params.forms]
    if params.units:
        declared_lists = [d for d in declared_lists if d.count_text.endswith(params.units)]
    counted = [d for d in declared_lists if d.exhaustive]
    if not counted:
        skipped = len(declared_lists)
        reason = f"（{skipped}处以“等”“主要”等列举，未计数）" if skipped else ""
        yield Outcome("not-applicable", f"文档中没有声明数量并逐项列出的内容{reason}")
        return
    for declared in counted:
        said = _as_said(context.document.blocks[declared.block].norm, declared.count_text, declared.end)
        listed = len(declared.items)
        items = "；".join(_shorten(item) for item in declared.items)
        values = {
            "declared": said,
            "declared_number": str(declared.declared),
            "listed": str(listed),
            "items": items,
        }
        evidence = {
            "declared": declared.declared,
            "declared_text": said,
            "listed": listed,
            "items": list(declared.items),
            "form": declared.form,
            "item_blocks": list(declared.item_blocks),
        }
        where = context.excerpt(declared.block, declared.start, declared.end)
        if listed == declared.declared:
            yield Outcome("pass", f"声明{said}，列出{listed}项，一致", where, values, evidence)
        else:
            detail = f"声明{said}，实际列出{listed}项：{items}"
            assumed = None
            if not declared.announced:  # "…三个阶段。" then 1.…4.: the numbered items may be another list
                assumed = Assumption(
                    f"其后编号为1至{listed}的各段为“{said}”的条目",
                    "这些条目就是该句所声明的，因该句以“。”而非“：”结束",
                )
            yield Outcome("fail", detail, where, values, evidence, assumed=assumed)


def _as_said(norm: str, count_text: str, end: int) -> str:
    """The count with the noun a bare 大/个 stands for: 三大 → 三大板块, 4大 → 4大部门."""
    if not count_text.endswith(("大", "个")):
        return count_text
    noun = regex.match(r"[\p{Han}]{1,2}", norm[end:])
    return count_text + noun.group() if noun else count_text


def _shorten(item: str) -> str:
    item = item.rstrip("。；;，")
    return item if len(item) <= _ITEM_SHOWN else item[:_ITEM_SHOWN] + "…"
