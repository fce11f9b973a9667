"""WordprocessingML names and the walks over a .docx body that the loader and the annotator share.

Both must see the same paragraphs, tables and runs in the same order — the annotator anchors a
comment on the paragraph the loader numbered — so the containers that hold displayed text are listed
once, here. Plain lxml: works on python-docx's elements too (they are lxml elements).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL = f"{W}val"
P, TBL, TR, TC, R = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}r"
PPR, RPR, TCPR, TRPR = f"{W}pPr", f"{W}rPr", f"{W}tcPr", f"{W}trPr"
T, TAB, BR, CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
NO_BREAK_HYPHEN = f"{W}noBreakHyphen"
# Elements that wrap runs (or blocks) whose text is displayed; w:del and w:moveFrom are not here.
RUN_CONTAINERS = frozenset(
    f"{W}{name}"
    for name in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "moveTo", "bdo", "dir")
)
BLOCK_CONTAINERS = frozenset(f"{W}{name}" for name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
# Values of an on/off property that mean off (w:vanish w:val="0").
FALSE = frozenset(("0", "false", "off"))


def block_elements(parent: Any) -> Iterator[Any]:
    """The ``w:p`` and ``w:tbl`` children of a body or cell, looking through content controls."""
    for child in parent:
        tag = child.tag
        if tag in (P, TBL):
            yield child
        elif tag in BLOCK_CONTAINERS:
            yield from block_elements(child)


def child_elements(parent: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag`` (rows of a table, cells of a row), looking through content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in BLOCK_CONTAINERS:
            yield from child_elements(child, tag)


def text_runs(parent: Any) -> Iterator[Any]:
    """The runs whose text is displayed, in order."""
    for child in parent:
        if child.tag == R:
            yield child
        elif child.tag in RUN_CONTAINERS:
            yield from text_runs(child)
