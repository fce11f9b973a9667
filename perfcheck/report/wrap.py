"""Wrap Chinese text by display width without breaking a number, an amount or a word.

rich folds a line of Chinese at any character once it is full, so ``完成率100%`` could come out as
``完成率1`` and ``00%`` on the next line, and ``2261.18万元`` as ``2261.`` / ``18万元``. A reader then
sees two wrong numbers. Here a line is cut only between units: one CJK character, one number with its
unit (``2261.18万元``, ``85%``, ``1-12月`` stays whole as ``1-12`` plus ``月``), one Latin word, and the
punctuation that may not start a line (``，。；：）”``) stays with what it follows, the punctuation that
may not end one (``（“``) with what it opens. Widths are terminal cells (a CJK character is 2), as
``rich.cells.cell_len`` counts them.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from perfcheck.lazy_pattern import lazy_re

# A number (digits with thousands separators and a decimal part, a range such as 1-12 or 2018—2020)
# with the unit that belongs to it; a Latin word or identifier (CM-BRK-01, --all, file names); a run of
# spaces; any other single character. (The Latin run is any printable ASCII: options, paths, quotes.)
_UNIT = r"(?:个百分点|万亿元|亿元|万元|万美元|美元|元|%|‰|％)"
_TOKEN = lazy_re(
    rf"[-+−]?\d+(?:[,，.．]\d+)*(?:\s?[-~～—–至]\s?\d+(?:[.．]\d+)?)?{_UNIT}?"
    r"|[!-~]+"
    r"|\s+"
    r"|.",
    re.DOTALL,
)
_NO_LINE_START = set("，。；：、？！）】》」』”’,.;:!?)]}%…·")
_NO_LINE_END = set("（【《「『“‘([{")


def units(text: str) -> list[str]:
    """The pieces a line may be cut between, punctuation already attached to its neighbour."""
    pieces: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        if pieces and (glue_next or token[0] in _NO_LINE_START):
            pieces[-1] += token
        else:
            pieces.append(token)
        glue_next = token[-1] in _NO_LINE_END
    return pieces


def wrap(text: str, width: int, indent: int = 0, first_indent: int | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` cells, each after ``indent`` spaces (``first_indent`` for the first).

    A unit wider than a whole line (a 60-digit number) is the only thing ever cut inside.
    """
    first = indent if first_indent is None else first_indent
    lines: list[str] = []
    line, used, room = " " * first, 0, max(width - first, 8)
    for piece in units(text):
        size = cell_len(piece)
        if used and used + size > room:
            lines.append(line.rstrip())
            piece = piece.lstrip()
            size = cell_len(piece)
            line, used, room = " " * indent, 0, max(width - indent, 8)
        while size > room:  # only a unit longer than the line itself is folded
            head, piece = _split_at(piece, room)
            lines.append(line + head)
            line, used, room = " " * indent, 0, max(width - indent, 8)
            size = cell_len(piece)
        if not used:
            piece = piece.lstrip()
            size = cell_len(piece)
        line += piece
        used += size
    if used or not lines:
        lines.append(line.rstrip())
    return lines


def _split_at(piece: str, room: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(piece):
        used += cell_len(char)
        if used > room:
            return piece[: max(index, 1)], piece[max(index, 1) :]
    return piece, ""


class Wrapped:
    """A rich renderable that wraps with :func:`wrap` wherever rich gives it a width (a table cell).

    rich asks a cell's content for its measurement and then renders it at the column's width; a plain
    ``Text`` would fold Chinese at any character there. ``style`` applies to the whole text.
    """

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = units(self.text) or [""]
        return Measurement(max(cell_len(p.strip()) for p in pieces), cell_len(self.text))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap(self.text, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="ignore", end="\n")
