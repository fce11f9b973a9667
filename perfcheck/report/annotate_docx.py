"""A copy of a Word report with one comment (批注) per finding, anchored on the phrase it is about.

Reviewers read the report in Word and want the note beside the figure that is wrong, not in a
separate table. ``annotate_docx`` opens the report with python-docx (1.2 added comments), finds each
finding's place, splits the runs around the phrase so that the comment covers exactly "4508.18万元"
and not the whole paragraph, and saves a copy. Findings in tables are anchored on their cell; findings
about the whole document (a missing section) on the title, which also gets one comment with the counts.

The walk over the body counts paragraphs and tables exactly as ``documents/docx.py`` does (body-level
``w:p`` and ``w:tbl``, looking through content controls and tracked insertions; table-of-contents
paragraphs counted), so ``Location.paragraph`` and ``Location.table`` point at the same elements, and a
paragraph's text is read the same way (runs in hyperlinks, insertions and fields; not deleted or hidden
text). The number Word generates for a numbered paragraph is not in its runs, so its length is taken
off the finding's offsets first.

Nothing else changes: splitting a run copies its formatting to both halves, the comment markers carry
no text, and styles, numbering, headers, footers, existing comments and tracked changes are written back
as they were read. The input is never written: a target that is (or resolves to) the input is refused.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from perfcheck.documents.wordml import FALSE, RPR, TC, TR, P, T, W, block_elements, child_elements, text_runs
from perfcheck.errors import InputError, UsageError
from perfcheck.model import Document, Excerpt, Finding, Severity, Verdict
from perfcheck.report.anchors import (
    NOT_LOCATED,
    SEVERITY_NAMES,
    STATUS_NAMES,
    Spot,
    at_or_above,
    comment_text,
    place_phrase,
    quoted_phrase,
    summary_text,
)

AUTHOR = "perfcheck"
INITIALS = "PC"

_ONE_CHARACTER = frozenset(f"{W}{name}" for name in ("tab", "br", "cr", "noBreakHyphen"))
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class Annotation(Struct, frozen=True):
    """What was written: comments per finding, how many sat on their block for want of the phrase."""

    path: Path
    comments: int
    approximate: int


def annotate_docx(
    source: str | Path,
    verdict: Verdict,
    document: Document,
    target: str | Path,
    level: Severity = "warning",
) -> Annotation:
    """Write a copy of ``source`` to ``target`` with a comment for each failing finding at or above ``level``."""
    import docx

    source, target = Path(source), Path(target)
    _refuse_overwrite(source, target)
    try:
        word = docx.Document(str(source))
    except Exception as error:  # python-docx raises its own, zipfile's and lxml's errors on a bad package
        raise InputError(
            str(source),
            f"无法在 Word 文档中添加批注（{type(error).__name__}: {error}）",
            "请在 Word 中重新另存为 .docx",
        ) from None
    body = _Body(word.element.body)
    title = _title_paragraph(document, body)
    findings = at_or_above(verdict.findings, level)
    approximate = 0
    _comment(word, body.whole_paragraph(title), _counts_text(verdict, findings, level))
    for finding in findings:
        runs, exact = _anchor(finding.where, document, body, title)
        approximate += not exact
        _comment(word, runs, comment_text(finding) + ("" if exact else f"\n{NOT_LOCATED}"))
    _save(word, target)
    return Annotation(target, len(findings), approximate)


def _refuse_overwrite(source: Path, target: Path) -> None:
    same = target.resolve() == source.resolve()
    if not same and target.exists():
        try:
            same = os.path.samefile(target, source)
        except OSError:
            same = False
    if same:
        raise UsageError(f"--annotate 的输出文件 {target} 就是被检查的报告本身，perfcheck 不会覆盖原文件。请另选文件名")
    if target.suffix.lower() != ".docx":
        raise UsageError(f"--annotate 的输出文件 {target} 应以 .docx 结尾")
    if not target.resolve().parent.is_dir():
        raise UsageError(f"无法写入 {target}：所在文件夹不存在")


def _counts_text(verdict: Verdict, findings: Sequence[Finding], level: Severity) -> str:
    lines = [f"perfcheck 检查结果：{summary_text(verdict)}"]
    lines.append(f"本文已就“{SEVERITY_NAMES[level]}”及以上级别的 {len(findings)} 个问题逐条加了批注。")
    for finding in verdict.findings:
        if finding.status in ("unresolved", "error"):
            lines.append(f"{STATUS_NAMES[finding.status]}：{finding.rule} {finding.title}——{finding.message}")
    return "\n".join(lines)


def _comment(word: Any, runs: tuple[Any, Any], text: str) -> None:
    from docx.text.run import Run

    first, last = runs
    word.add_comment([Run(first, word), Run(last, word)], text=text, author=AUTHOR, initials=INITIALS)


def _save(word: Any, target: Path) -> None:
    """Save whole or not at all (perfcheck.outputs), so a reader never opens half a file."""
    from perfcheck.outputs import save_atomically

    try:
        save_atomically(target, word.save)
    except OSError as error:
        raise UsageError(f"无法写入 {target}：{error.strerror or error}") from None


def _title_paragraph(document: Document, body: _Body) -> int:
    """The body paragraph that holds the document's title (else the first one with text)."""
    for block in document.blocks[:3]:
        paragraph = block.location.paragraph
        if block.text == document.title and paragraph is not None and paragraph < len(body.paragraphs):
            return paragraph
    return next((i for i, text in enumerate(body.texts) if text.strip()), 0)


def _anchor(where: Excerpt | None, document: Document, body: _Body, title: int) -> tuple[tuple[Any, Any], bool]:
    """The first and last run a finding's comment covers, and whether its phrase was found."""
    if where is None or where.block is None:
        return body.whole_paragraph(title), True
    if not 0 <= where.block < len(document.blocks):
        return body.whole_paragraph(title), False
    block = document.blocks[where.block]
    if block.location.table is not None:
        row, column = where.location.row or 0, where.location.column
        # A finding about a cell is anchored in that cell; one about a whole row spans the row's own cells
        # (not a merged 一级指标 cell that only continues from a row above).
        cell = (
            body.cell(block.location.table, row, column) if column is not None else body.row(block.location.table, row)
        )
        if cell is not None:
            return cell, True
        return body.whole_paragraph(title), False
    paragraph = block.location.paragraph if block.location.paragraph is not None else title
    phrase = quoted_phrase(where)
    prefix = len(block.number) if block.number_generated else 0
    if phrase is None or where.start is None or (where.end or 0) <= prefix:
        # A finding about the whole block, or about the number Word draws in front of it.
        spot = place_phrase(body.texts, paragraph, None, None)
        return body.whole_paragraph(spot.item), spot.exact
    own = body.texts[paragraph] if 0 <= paragraph < len(body.texts) else ""
    lead = len(own) - len(own.lstrip())
    spot = place_phrase(body.texts, paragraph, phrase, max(where.start - prefix, 0) + lead)
    return _runs_for(body, spot), spot.exact


def _runs_for(body: _Body, spot: Spot) -> tuple[Any, Any]:
    if spot.start is None or spot.end is None:
        return body.whole_paragraph(spot.item)
    return isolate(body.paragraphs[spot.item], spot.start, spot.end)


class _Body:
    """Body-level paragraphs and tables, counted as documents/docx.py counts them."""

    def __init__(self, body: Any) -> None:
        self.paragraphs: list[Any] = []
        self.tables: list[Any] = []
        for element in block_elements(body):
            (self.paragraphs if element.tag == P else self.tables).append(element)
        self.texts = [paragraph_text(p) for p in self.paragraphs]

    def whole_paragraph(self, index: int) -> tuple[Any, Any]:
        if not self.paragraphs:
            raise InputError("", "文档中没有可以添加批注的段落")
        return whole(self.paragraphs[min(max(index, 0), len(self.paragraphs) - 1)])

    def cell(self, table: int, row: int, column: int) -> tuple[Any, Any] | None:
        """The runs of the cell covering grid position (row, column), merged cells resolved to their origin."""
        if not 0 <= table < len(self.tables):
            return None
        rows = list(child_elements(self.tables[table], TR))
        if not 0 <= row < len(rows):
            return None
        for r in range(row, -1, -1):  # a vertically merged cell continues the one above it
            found = _cell_in_row(rows[r], column)
            if found is None:
                return None
            tc, continues = found
            if not continues:
                paragraphs = [p for p in block_elements(tc) if p.tag == P]
                return (whole(paragraphs[0])[0], whole(paragraphs[-1])[1]) if paragraphs else None
        return None

    def row(self, table: int, row: int) -> tuple[Any, Any] | None:
        """From the first run of the row's first own cell to the last run of its last cell."""
        if not 0 <= table < len(self.tables):
            return None
        rows = list(child_elements(self.tables[table], TR))
        if not 0 <= row < len(rows):
            return None
        paragraphs = [p for tc in _own_cells(rows[row]) for p in block_elements(tc) if p.tag == P]
        return (whole(paragraphs[0])[0], whole(paragraphs[-1])[1]) if paragraphs else None


def _own_cells(tr: Any) -> list[Any]:
    """The row's cells that begin here (not continuing a vertical or horizontal merge), left to right."""
    cells = []
    for tc in child_elements(tr, TC):
        tcpr = tc.find(f"{W}tcPr")
        vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
        hmerge = tcpr.find(f"{W}hMerge") if tcpr is not None else None
        continues = any(m is not None and m.get(f"{W}val", "continue") == "continue" for m in (vmerge, hmerge))
        if not continues:
            cells.append(tc)
    return cells


def _cell_in_row(tr: Any, column: int) -> tuple[Any, bool] | None:
    """The ``w:tc`` covering ``column`` and whether it continues a vertical merge (ECMA-376 17.4.85)."""
    trpr = tr.find(f"{W}trPr")
    before = trpr.find(f"{W}gridBefore") if trpr is not None else None
    at = _int(before.get(f"{W}val")) if before is not None else 0
    previous = None
    for tc in child_elements(tr, TC):
        tcpr = tc.find(f"{W}tcPr")
        span, vmerge, hmerge = 1, None, None
        if tcpr is not None:
            grid_span = tcpr.find(f"{W}gridSpan")
            span = max(_int(grid_span.get(f"{W}val")), 1) if grid_span is not None else 1
            vmerge = tcpr.find(f"{W}vMerge")
            hmerge = tcpr.find(f"{W}hMerge")
        owner = previous if hmerge is not None and hmerge.get(f"{W}val", "continue") == "continue" else tc
        if at <= column < at + span:
            continues = vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue"
            return (owner if owner is not None else tc), continues
        previous = owner
        at += span
    return None


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _pieces(run: Any) -> list[tuple[Any, int]]:
    """The run's children with the characters each contributes to the text (none for a hidden run)."""
    pieces: list[tuple[Any, int]] = []
    for child in run:
        if child.tag == RPR:
            vanish = child.find(f"{W}vanish")
            if vanish is not None and vanish.get(f"{W}val", "1").lower() not in FALSE:
                return []
            continue
        if child.tag == T:
            pieces.append((child, len(child.text or "")))
        else:
            pieces.append((child, 1 if child.tag in _ONE_CHARACTER else 0))
    return pieces


def run_length(run: Any) -> int:
    return sum(size for _, size in _pieces(run))


def paragraph_text(p: Any) -> str:
    out: list[str] = []
    for run in text_runs(p):
        for child, size in _pieces(run):
            if child.tag == T:
                out.append(child.text or "")
            elif size:
                out.append("-" if child.tag == f"{W}noBreakHyphen" else "\n" if child.tag != f"{W}tab" else "\t")
    return "".join(out)


def whole(p: Any) -> tuple[Any, Any]:
    """First and last run of a paragraph with text; an empty paragraph gets an empty run to hold the comment."""
    runs = [r for r in text_runs(p) if run_length(r)] or list(text_runs(p))
    if not runs:
        from docx.oxml import OxmlElement

        runs = [OxmlElement("w:r")]
        p.append(runs[0])
    return runs[0], runs[-1]


def isolate(p: Any, start: int, end: int) -> tuple[Any, Any]:
    """Split runs so that characters ``start:end`` of the paragraph's text are whole runs; their first and last."""
    _split_at(p, end)
    _split_at(p, start)
    first = last = None
    at = 0
    for run in text_runs(p):
        size = run_length(run)
        if size and at >= start and at + size <= end:
            first = first if first is not None else run
            last = run
        at += size
    if first is None or last is None:
        return whole(p)
    return first, last


def _split_at(p: Any, offset: int) -> None:
    at = 0
    for run in text_runs(p):
        size = run_length(run)
        if at < offset < at + size:
            split_run(run, offset - at)
            return
        at += size


def split_run(run: Any, offset: int) -> Any:
    """Cut ``run`` after ``offset`` characters; the second half, with the same formatting, follows it."""
    from docx.oxml import OxmlElement

    tail = OxmlElement("w:r")
    for name, value in run.attrib.items():
        tail.set(name, value)
    rpr = run.find(RPR)
    if rpr is not None:
        from copy import deepcopy

        tail.append(deepcopy(rpr))
    at = 0
    moving: list[Any] = []
    for child, size in _pieces(run):
        if moving:
            moving.append(child)
        elif at + size > offset:
            if child.tag == T and offset > at:
                text = child.text or ""
                rest = OxmlElement("w:t")
                rest.text = text[offset - at :]
                child.text = text[: offset - at]
                child.set(_SPACE, "preserve")
                rest.set(_SPACE, "preserve")
                tail.append(rest)
            else:
                moving.append(child)
        at += size
    for child in moving:
        tail.append(child)  # lxml moves the element out of ``run``
    run.addnext(tail)
    return tail
