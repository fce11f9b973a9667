"""numbering — the numbers of sibling headings run 1, 2, 3 … without duplicates or gaps.

Each level of the outline is read on its own: the top-level sections (一、二、三、四), and under every
heading the numbered items it holds (1、2、3 …, （一）（二）…, ①②③ …), one numbering family at a time.
Within one parent a sequence must go up by one: a repeated number (1、2、3、4、4、5) fails at the
second 4, a skipped one (① then ③) fails at ③, a number lower than the one before it fails, and a
list whose first item is not 1 fails at that item (severity lowered to warning: the list may have
been cut from a longer one).

Two traps of real reports are not faults. Numbering that restarts under a new parent heading is
normal (二、 starts its own 1、2、3). And within one parent a drop back to 1 opens a *new* list: the
example report's section 一 holds three lists, 1–6, 1–4 and 1–5, each introduced by a sentence of its
own ("预期实现4大部门产出指标。"). A list that continues the numbering of the same family under the
previous parent (1–3 under （一）, 4–6 under （二）) is also accepted, because some authors number
that way on purpose, and so is a 1 after a 1 when the paragraph between ends with a colon ("…总结如下：").
A number that looks skipped but stands inside the previous paragraph after a full stop ("…财务规则。
（八）负责…", where the author did not start a new paragraph; several in a row alike) is not a gap: it
is reported at info as 未另起一段.

A 部门决算 / 部门预算 公开 text goes 第一部分 概况, 第三部分 情况说明: its 第二部分 is the tables themselves
(决算表 / 预算表), printed without a heading of their own. A skipped 第N部分 is therefore not a gap when
tables stand between the two parts and the document names that part as tables (a table of contents line
"第二部分 …决算表"), or is a 决算 / 预算 text at all.

Parameters:
  ``styles``      only these numbering families (``cn-dun`` 一、, ``cn-paren`` （一）, ``arabic-dun`` 1、,
                  ``arabic-dot`` 1., ``arabic-paren`` （1）, ``circled`` ①, ``chapter`` 第一章 …);
                  empty (default) checks every family.
  ``top_level``   check the sequence of top-level sections (default true).

Message placeholders: ``{number}`` (the offending label as written), ``{expected}`` (the number that
should stand there), ``{problem}`` (重复 / 跳号 / 倒序 / 有误 / 未从1开始), ``{parent}`` (the heading the list
is under, or 一级标题 for the top level).

Passes: "一、概况\\n1、甲\\n2、乙\\n二、情况\\n1、丙".  Fails: "一、概况\\n1、甲\\n2、乙\\n2、丙\\n3、丁" (2 重复).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from msgspec import Struct

from perfcheck.documents.outline import parse_number_label, relabel
from perfcheck.kinds.base import Context, Outcome
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Document, Section, Severity

_SENTENCE_END = lazy_re(r"[。；;]")
# Problems a kind reports below the rule's severity: a list cut from a longer one, an item run on.
_SEVERITY_OF: dict[str, Severity] = {"未从1开始": "warning", "未另起一段": "info"}

KIND = "numbering"
SUMMARY_ZH = (
    "检查同级标题和条目的编号是否按1、2、3依次排列：重复、跳号、倒序为不通过，未从1开始为不通过（警告）。"
    "换了上级标题后重新编号、同一标题下另起新列表不算错误；编号写在上一段中间的仅作提示。"
    "文中没有带编号的标题或条目为“不适用”。参数：styles 为只检查的编号样式（留空表示全部），"
    "top_level 为是否检查一级标题的顺序。"
)
VARIABLES = ("number", "expected", "problem", "parent")


class Params(Struct, frozen=True):
    styles: tuple[str, ...] = ()
    top_level: bool = True


class _Problem(Struct, frozen=True):
    section: Section
    problem: str
    expected: int
    parent: str


def check(context: Context, params: Params) -> Iterator[Outcome]:
    document = context.document
    groups: list[tuple[str, Sequence[Section]]] = []
    if params.top_level:
        groups.append(("", document.outline))
    for section in document.sections():
        if section.children:
            groups.append((section.label, section.children))
    problems: list[_Problem] = []
    checked = 0
    last_of_style: dict[tuple[int, str], int] = {}  # (level, style) → last ordinal under the previous parent
    for parent, children in groups:
        for style in dict.fromkeys(s.style for s in children):
            if params.styles and style not in params.styles:
                continue
            run = [s for s in children if s.style == style and s.ordinal is not None]
            if not run:
                continue
            checked += len(run)
            key = (run[0].level, style)
            found = _check_run(run, parent, last_of_style.get(key), _inline_finder(document), _introduced(document))
            problems.extend(p for p in found if not _tables_part(document, run, p))
            last_of_style[key] = run[-1].ordinal or 0
    if checked == 0:
        yield Outcome("not-applicable", "文档中没有带编号的标题或条目")
        return
    for p in problems:
        parent = p.parent or "一级标题"
        values = {"number": p.section.number, "expected": str(p.expected), "problem": p.problem, "parent": parent}
        # In the report's own terms: the label to write, not an ordinal (“四、”应为“三、”, not 此处应为3).
        detail = f"{parent}下的编号“{p.section.number}”{p.problem}，应为“{relabel(p.section.number, p.expected)}”"
        if p.problem == "未另起一段":
            detail = f"{parent}下编号“{p.section.number}”之前的项写在上一段中间，未另起一段"
        yield Outcome(
            "fail",
            detail,
            context.excerpt(p.section.block),
            values,
            {"number": p.section.number, "expected": p.expected, "problem": p.problem, "parent": parent},
            severity=_SEVERITY_OF.get(p.problem),
        )
    if not problems:
        yield Outcome(
            "pass",
            f"已核对{len(groups)}组、{checked}个编号，未发现重复、跳号或倒序",
            None,
            {"number": "", "expected": "", "problem": "", "parent": ""},
            {"groups": len(groups), "numbers": checked},
        )


def _inline_finder(document: Document) -> Callable[[Section, Section, int], bool]:
    """Whether the label ``style``/``ordinal`` starts a sentence in the blocks from ``before`` up to ``after``."""

    def found(before: Section, after: Section, ordinal: int) -> bool:
        for block in document.blocks[before.block : after.block]:
            for sentence in _SENTENCE_END.split(block.norm)[1:]:
                label = parse_number_label(sentence)
                if label is not None and label.style == after.style and label.ordinal == ordinal:
                    return True
        return False

    return found


_TABLES_PART_NAME = lazy_re(r"表(?:格)?\s*(?:（[^）]*）)?$|(?:决算|预算)(?:公开)?(?:报)?表")
_BUDGET_TEXT = lazy_re(r"(?:决算|预算)")


def _tables_part(document: Document, run: Sequence[Section], problem: _Problem) -> bool:
    """A skipped 第N部分 that is the report's tables (部门决算 / 预算 公开: 第二部分 决算表)."""
    if problem.problem != "跳号" or problem.section.style != "chapter":
        return False
    position = list(run).index(problem.section)
    if position == 0:
        return False
    before = run[position - 1]
    if not any(b.kind == "table" for b in document.blocks[before.block : problem.section.block]):
        return False
    skipped = set(range(problem.expected, problem.section.ordinal or 0))
    for block in document.blocks:
        label = parse_number_label(block.text) if block.kind != "table" else None
        named = label is not None and label.style == "chapter" and _TABLES_PART_NAME.search(block.norm)
        if named and label is not None and label.ordinal in skipped:
            skipped.discard(label.ordinal)
    return not skipped or bool(_BUDGET_TEXT.search(document.title))


def _introduced(document: Document) -> Callable[[Section], bool]:
    """Whether the paragraph just before a section announces a list ("…总结后如下："): a 1 after 1 is then new."""

    def found(section: Section) -> bool:
        before = document.blocks[section.block - 1] if section.block > 0 else None
        return before is not None and not before.number and before.norm.rstrip().endswith(("：", ":"))

    return found


def _check_run(
    run: Sequence[Section],
    parent: str,
    continued_from: int | None,
    inline: Callable[[Section, Section, int], bool] = lambda *_: False,
    introduces: Callable[[Section], bool] = lambda _: False,
) -> Iterator[_Problem]:
    """Problems in one family's numbers under one parent; a drop back to 1 starts a new list."""
    first = run[0].ordinal or 0
    if first != 1 and not (continued_from is not None and first == continued_from + 1):
        yield _Problem(run[0], "未从1开始", 1, parent)
    previous = first
    after_duplicate = False
    for position, section in enumerate(run[1:], start=1):
        ordinal = section.ordinal or 0
        following = run[position + 1].ordinal if position + 1 < len(run) else None
        if ordinal == 1 and (previous != 1 or introduces(section)):
            previous, after_duplicate = 1, False  # a new list under the same parent
            continue
        if ordinal == previous:
            yield _Problem(section, "重复", previous + 1, parent)
            after_duplicate = True
            continue
        if after_duplicate and ordinal == previous + 2:
            # 1、2、2、4: the second 2 stood for 3, so 4 is where it should be; report the fault once
            previous, after_duplicate = ordinal, False
            continue
        if ordinal == previous + 2 and following == ordinal:
            # 一、三、三、四: the first 三 stands for 二; one wrong number, not a gap and a duplicate
            yield _Problem(section, "有误", previous + 1, parent)
            previous += 1
            continue
        if ordinal > previous + 1 and all(inline(run[position - 1], section, n) for n in range(previous + 1, ordinal)):
            yield _Problem(section, "未另起一段", previous + 1, parent)
        elif ordinal > previous + 1:
            yield _Problem(section, "跳号", previous + 1, parent)
        elif ordinal < previous:
            yield _Problem(section, "倒序", previous + 1, parent)
        previous, after_duplicate = ordinal, False
