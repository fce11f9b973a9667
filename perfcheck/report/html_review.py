"""The HTML review page: the report itself, with every finding highlighted where it belongs.

One self-contained file (its style and script are inlined from ``review.css`` and ``review.js`` beside
this module; a Content-Security-Policy forbids every network request; fonts are the system's). The
report's blocks are shown in reading order — sections as headings, tables as tables, page markers for
PDFs — and each problem (a failing check, a check that could not be made, a broken rule) is marked in
place in its severity's colour: the phrase when the finding names one, else its table cell or its
block; findings about the whole document sit on the title. A side list numbers the problems, jumps to
each one, and filters them by severity and rule; the verdict summary is at the top.

Everything taken from the report or the rules is escaped (a report that contains ``<script>`` shows it
as text), and details travel as escaped markup, never as data inside the script. Without the script
the page still reads: the side list's entries are plain links to anchors, and printing lays the list
out after the report with the numbers that the highlights carry.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from itertools import pairwise
from string import Template

from msgspec import Struct

from perfcheck import __version__
from perfcheck.model import SEVERITY_RANK, Block, Document, Finding, Verdict
from perfcheck.report.anchors import (
    NOT_LOCATED,
    SEVERITY_NAMES,
    STATUS_NAMES,
    Spot,
    is_problem,
    place_phrase,
    quoted_phrase,
    summary_text,
)


@dataclass(slots=True)
class _Marks:
    """What one block carries: phrase spans, and findings on the whole block or on a cell."""

    spans: list[tuple[int, int, int]] = field(default_factory=list)
    whole: list[int] = field(default_factory=list)
    cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    rows: dict[int, list[int]] = field(default_factory=dict)  # table rows a finding is about: framed


class _Problem(Struct, frozen=True):
    number: int
    finding: Finding
    spot: Spot | None  # None: the document as a whole (on the title)
    place: str


def asset(name: str) -> str:
    return (resources.files("perfcheck.report") / name).read_text(encoding="utf-8")


def render_html(verdict: Verdict, document: Document) -> str:
    """The review page for one report, as a string of HTML."""
    problems = _place_problems(verdict.findings, document)
    marks: dict[int, _Marks] = {}
    title_block = _title_block(document)
    on_title: list[int] = []
    for problem in problems:
        _attach(problem, document, marks, on_title, title_block)
    numbered = {p.number: p for p in problems}
    body = _document_html(document, marks, numbered, title_block, on_title)
    page = Template(asset("review.html"))
    return page.substitute(
        title=escape(verdict.title or document.title or document.path),
        style=asset("review.css"),
        script=asset("review.js"),
        header=_header_html(verdict, document, problems),
        document=body,
        side=_side_html(verdict, problems),
    )


def _place_problems(findings: Iterable[Finding], document: Document) -> list[_Problem]:
    texts = [b.text if b.kind != "table" else None for b in document.blocks]
    problems: list[_Problem] = []
    for finding in (f for f in findings if is_problem(f)):
        where = finding.where
        spot: Spot | None = None
        place = "全文"
        if where is not None and where.block is not None and document.blocks:
            block = where.block
            if not 0 <= block < len(texts):  # the document lost blocks: the nearest one, and say so
                spot = Spot(min(max(block, 0), len(texts) - 1), exact=False)
            elif texts[block] is None:
                spot = Spot(block)
            else:
                spot = place_phrase(texts, block, quoted_phrase(where), where.start)
            place = where.location.describe() or place
        problems.append(_Problem(len(problems) + 1, finding, spot, place))
    return problems


def _attach(
    problem: _Problem, document: Document, marks: dict[int, _Marks], on_title: list[int], title_block: int | None
) -> None:
    spot = problem.spot
    if spot is None:
        on_title.append(problem.number)
        return
    block = document.blocks[spot.item]
    entry = marks.setdefault(spot.item, _Marks())
    where = problem.finding.where
    if block.kind == "table" and block.table is not None:
        row, column = (where.location.row, where.location.column) if where else (None, None)
        grid = block.table.grid()
        if row is not None and 0 <= row < len(grid):
            entry.rows.setdefault(row, []).append(problem.number)  # the row too, so the eye finds the line
        if row is not None and column is not None and 0 <= row < len(grid) and 0 <= column < block.table.n_columns:
            cell = grid[row][column]
            if cell is not None:
                entry.cells.setdefault((cell.row, cell.column), []).append(problem.number)
                return
        entry.whole.append(problem.number)
    elif spot.start is not None and spot.end is not None:
        entry.spans.append((spot.start, spot.end, problem.number))
    else:
        entry.whole.append(problem.number)


def _title_block(document: Document) -> int | None:
    for block in document.blocks[:3]:
        if block.kind != "table" and block.text == document.title:
            return block.index
    return None


def _severity_class(numbers: Sequence[int], problems: dict[int, _Problem]) -> str:
    worst = max((problems[n].finding for n in numbers), key=lambda f: SEVERITY_RANK[f.severity])
    kind = "sev-" + worst.severity
    if all(problems[n].finding.status != "fail" for n in numbers):
        kind += " st-open"  # only unresolved or broken checks here: a question, not a fault
    return kind


def _tooltip(numbers: Sequence[int], problems: dict[int, _Problem]) -> str:
    lines = []
    for n in numbers:
        f = problems[n].finding
        status = "" if f.status == "fail" else f"【{STATUS_NAMES[f.status]}】"
        lines.append(f"[{n}] {f.rule}（{SEVERITY_NAMES[f.severity]}）{status}{f.message}")
    return "\n".join(lines)


def _flag_attributes(numbers: Sequence[int], problems: dict[int, _Problem]) -> str:
    ids = " ".join(map(str, numbers))
    return (
        f' class="flag {_severity_class(numbers, problems)}" data-f="{ids}"'
        f' title="{escape(_tooltip(numbers, problems))}" tabindex="0"'
    )


def _anchors(numbers: Iterable[int]) -> str:
    return "".join(f'<span class="anchor" id="f-{n}"></span>' for n in numbers)


def _refs(numbers: Iterable[int]) -> str:
    return "".join(f'<sup class="ref">{n}</sup>' for n in numbers)


def _text_html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _marked_text(text: str, spans: list[tuple[int, int, int]], problems: dict[int, _Problem]) -> str:
    """The text with each span wrapped in a ``mark``; overlapping spans split into segments."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        covering = [n for s, e, n in spans if s <= a and b <= e]
        out.append(_anchors(n for s, _, n in spans if s == a))
        if not covering:
            out.append(_text_html(text[a:b]))
            continue
        ids = " ".join(map(str, covering))
        out.append(
            f'<mark class="hl {_severity_class(covering, problems)}" data-f="{ids}"'
            f' title="{escape(_tooltip(covering, problems))}" tabindex="0">{_text_html(text[a:b])}</mark>'
        )
        out.append(_refs(n for _, e, n in spans if e == b))
    return "".join(out)


def _block_html(block: Block, entry: _Marks | None, problems: dict[int, _Problem], tag: str) -> str:
    if block.kind == "table" and block.table is not None:
        return _table_html(block, entry, problems)
    inner = _marked_text(block.text, entry.spans if entry else [], problems)
    whole = entry.whole if entry else []
    if whole:
        return f"<{tag}{_flag_attributes(whole, problems)}>{_anchors(whole)}{_refs(whole)}{inner}</{tag}>"
    return f"<{tag}>{inner}</{tag}>"


def _table_html(block: Block, entry: _Marks | None, problems: dict[int, _Problem]) -> str:
    assert block.table is not None
    table = block.table
    covered: set[tuple[int, int]] = set()
    rows: list[str] = []
    for r, row in enumerate(table.rows):
        starts = {cell.column: cell for cell in row}
        cells: list[str] = []
        for c in range(table.n_columns):
            if (r, c) in covered:
                continue
            cell = starts.get(c)
            if cell is None:
                cells.append("<td></td>")
                continue
            for rr in range(r, r + cell.row_span):
                for cc in range(c, c + cell.col_span):
                    covered.add((rr, cc))
            spans = (f' rowspan="{cell.row_span}"' if cell.row_span > 1 else "") + (
                f' colspan="{cell.col_span}"' if cell.col_span > 1 else ""
            )
            numbers = entry.cells.get((cell.row, cell.column), []) if entry else []
            if numbers:
                cells.append(
                    f"<td{spans}{_flag_attributes(numbers, problems)}>"
                    f"{_anchors(numbers)}{_refs(numbers)}{_text_html(cell.text)}</td>"
                )
            else:
                cells.append(f"<td{spans}>{_text_html(cell.text)}</td>")
        framed = entry.rows.get(r, []) if entry else []
        opening = f'<tr class="flag-row {_severity_class(framed, problems)}">' if framed else "<tr>"
        rows.append(opening + "".join(cells) + "</tr>")
    whole = entry.whole if entry else []
    opening = f"<table{_flag_attributes(whole, problems)}>" if whole else "<table>"
    caption = f"<caption>{_anchors(whole)}{_refs(whole)}</caption>" if whole else ""
    return f'<div class="table-wrap">{opening}{caption}<tbody>{"".join(rows)}</tbody></table></div>'


def _heading_levels(document: Document) -> dict[int, int]:
    return {section.block: section.level for section in document.sections()}


def _document_html(
    document: Document,
    marks: dict[int, _Marks],
    problems: dict[int, _Problem],
    title_block: int | None,
    on_title: list[int],
) -> str:
    levels = _heading_levels(document)
    out: list[str] = []
    if title_block is None:
        # No title line in the text: the document-level findings still need a place to sit.
        heading = _Marks(whole=on_title)
        title = Block(-1, "heading", document.title or document.path, "", document.blocks[0].location)
        out.append(_block_html(title, heading, problems, "h1"))
    page: int | None = None
    for block in document.blocks:
        if block.location.page is not None and block.location.page != page:
            page = block.location.page
            out.append(f'<div class="page" data-page="{page}">第 {page} 页</div>')
        entry = marks.get(block.index)
        if block.index == title_block:
            entry = entry or _Marks()
            entry.whole = on_title + entry.whole
            tag = "h1"
        elif block.kind == "heading":
            tag = f"h{min(levels.get(block.index, block.heading_level or 1) + 1, 6)}"
        else:
            tag = "p"
        out.append(_block_html(block, entry, problems, tag))
    return "\n".join(out)


def _header_html(verdict: Verdict, document: Document, problems: Sequence[_Problem]) -> str:
    state = "fail" if verdict.verdict == "fail" else "pass"
    word = "未通过" if state == "fail" else "通过"
    counts = Counter(p.finding.severity for p in problems if p.finding.status == "fail")
    chips = "".join(
        f'<span class="chip sev-{s}">{SEVERITY_NAMES[s]} {counts.get(s, 0)}</span>'
        for s in ("error", "warning", "info")
    )
    pages = f"，共 {document.pages} 页" if document.pages else ""
    return (
        f'<div class="verdict {state}"><strong>结论：{word}</strong> {chips}</div>'
        f'<p class="summary">{escape(summary_text(verdict))}</p>'
        f'<p class="meta">文件：{escape(verdict.file)}（{escape(document.format)}{pages}）　'
        f"规则包：{escape(verdict.pack)}（{escape(verdict.pack_reason)}）　perfcheck {escape(__version__)}</p>"
    )


def _evidence_html(finding: Finding) -> str:
    if not finding.evidence:
        return ""
    rows = "".join(
        f"<dt>{escape(str(key))}</dt><dd>{escape(_evidence_value(value))}</dd>"
        for key, value in finding.evidence.items()
    )
    return f'<details class="evidence"><summary>依据</summary><dl>{rows}</dl></details>'


def _evidence_value(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _item_html(problem: _Problem) -> str:
    f = problem.finding
    status = "" if f.status == "fail" else f'<span class="status">{STATUS_NAMES[f.status]}</span>'
    note = "" if problem.spot is None or problem.spot.exact else f'<p class="note">{NOT_LOCATED}</p>'
    quote = f.where.text if f.where is not None and f.where.block is not None else ""
    return (
        f'<li class="item sev-{f.severity}" data-f="{problem.number}" data-severity="{f.severity}"'
        f' data-rule="{escape(f.rule)}" data-status="{f.status}">'
        f'<a class="jump" href="#f-{problem.number}"><span class="num">{problem.number}</span>'
        f'<span class="badge sev-{f.severity}">{SEVERITY_NAMES[f.severity]}</span>{status}'
        f'<code>{escape(f.rule)}</code> <span class="place">{escape(problem.place)}</span>'
        f'<span class="short">{escape(f.title)}</span></a>'
        f'<div class="detail"><p class="head">[{problem.number}] {escape(f.rule)}（{SEVERITY_NAMES[f.severity]}）'
        f"{escape(f.title)}</p><p>{_text_html(f.message)}</p>{note}"
        + (f'<p class="quote">原文：“{escape(quote)}”</p>' if quote else "")
        + f"{_evidence_html(f)}</div></li>"
    )


def _side_html(verdict: Verdict, problems: Sequence[_Problem]) -> str:
    severities = Counter(p.finding.severity for p in problems)
    rules = Counter(p.finding.rule for p in problems)
    titles = {p.finding.rule: p.finding.title for p in problems}
    severity_boxes = "".join(
        f'<label class="sev-{s}"><input type="checkbox" name="severity" value="{s}" checked>'
        f" {SEVERITY_NAMES[s]}（{severities[s]}）</label>"
        for s in ("error", "warning", "info")
        if severities[s]
    )
    rule_boxes = "".join(
        f'<label title="{escape(titles[rule])}"><input type="checkbox" name="rule" value="{escape(rule)}" checked>'
        f" {escape(rule)}（{count}）</label>"
        for rule, count in sorted(rules.items())
    )
    items = "".join(_item_html(p) for p in problems) or '<li class="empty">没有发现问题。</li>'
    passed = [f for f in verdict.findings if not is_problem(f)]
    passed_items = "".join(
        f"<li><code>{escape(f.rule)}</code> {escape(f.title)}：{STATUS_NAMES[f.status]}"
        f'<span class="quiet">{"" if f.message in ("通过", "不适用") else "——" + escape(f.message)}</span></li>'
        for f in passed
    )
    filters = (
        f'<fieldset class="filters"><legend>按级别</legend>{severity_boxes}</fieldset>'
        f'<fieldset class="filters"><legend>按规则</legend>{rule_boxes}</fieldset>'
        '<p class="shown" aria-live="polite"></p>'
        if problems
        else ""
    )
    return (
        f'<h2 class="side-title">问题清单（{len(problems)}）</h2>{filters}'
        f'<ol class="findings">{items}</ol>'
        f'<details class="passed"><summary>其他检查结果（{len(passed)}）</summary><ul>{passed_items}</ul></details>'
    )
