"""The text of each cell of a ruled table, as pdfplumber's ``Table.extract()`` gives it with its defaults.

A character belongs to the cell holding its middle (a half-open box). A cell's characters are grouped
into lines by their top (within 3 pt, chained), each line read in x0 order and split into words at
whitespace and at gaps wider than 3 pt (or a jump of the top over 3 pt), ligatures expanded; words are
grouped into lines again by their top, joined by a space, lines by a newline. Most cells hold one line,
which comes down to the middle step alone (the first branch of ``cell_text``).

Adapted from pdfplumber 0.11 (``table.Table.extract``, ``utils/text.py``: ``extract_text`` and
``WordExtractor`` for upright text; MIT License, Copyright (c) 2015, Jeremy Singer-Vine; the notice is in
LICENSE-pdfplumber.txt beside this file) so that pdfplumber need not be imported;
``tests/documents/test_pdf_grid.py`` compares the text with pdfplumber's.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter
from typing import Any

from perfcheck.documents.pdf_clusters import cluster_objects

# pdfplumber's DEFAULT_X_TOLERANCE and DEFAULT_Y_TOLERANCE, and its ligature expansions.
X_TOLERANCE = 3
Y_TOLERANCE = 3
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

_TOP = itemgetter("top")
_X0 = itemgetter("x0")


def table_texts(rows: list[list[Any]], chars: list[dict[str, Any]]) -> list[list[str | None]]:
    """Each row's cells' text (None where a merged cell covers the slot), the characters found by bisection.

    pdfplumber scans the characters once per row, then the row's once per cell. Here a row's band (the
    characters whose middle lies between the row's top and its lowest cell's bottom) is sorted by
    horizontal middle once, and each cell takes its slice of it; its characters keep their page order.
    """
    middles_x = [(c["x0"] + c["x1"]) / 2 for c in chars]
    middles_y = [(c["top"] + c["bottom"]) / 2 for c in chars]
    by_y = sorted(range(len(chars)), key=middles_y.__getitem__)
    keys_y = [middles_y[i] for i in by_y]
    texts: list[list[str | None]] = []
    for row in rows:
        cells = [cell for cell in row if cell is not None]
        if not cells:
            texts.append([None] * len(row))
            continue
        top, bottom = min(c[1] for c in cells), max(c[3] for c in cells)
        band = sorted(by_y[bisect_left(keys_y, top) : bisect_left(keys_y, bottom)], key=middles_x.__getitem__)
        keys_x = [middles_x[i] for i in band]
        line: list[str | None] = []
        for cell in row:
            if cell is None:
                line.append(None)
                continue
            x0, top, x1, bottom = cell
            picked = sorted(
                i for i in band[bisect_left(keys_x, x0) : bisect_left(keys_x, x1)] if top <= middles_y[i] < bottom
            )
            line.append(cell_text([chars[i] for i in picked]))
        texts.append(line)
    return texts


def cell_text(chars: list[dict[str, Any]]) -> str:
    """pdfplumber's ``extract_text(chars)`` for characters in page order, all upright (as pdfium_tables makes them)."""
    if not chars:
        return ""
    top = chars[0]["top"]
    if all(c["top"] == top for c in chars):
        return " ".join(text for _, text in _words_with_tops(sorted(chars, key=_X0)))
    words: list[tuple[float, str]] = []
    for line in cluster_objects(chars, _TOP, Y_TOLERANCE):
        words += _words_with_tops(sorted(line, key=_X0))
    lines = cluster_objects(words, itemgetter(0), Y_TOLERANCE)
    return "\n".join(" ".join(text for _, text in line) for line in lines)


def _words_with_tops(line: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """Words of a line whose characters' tops may differ: also a new word where the top jumps; each with
    its top (the least of its characters')."""
    words: list[tuple[float, str]] = []
    word: list[dict[str, Any]] = []
    for c in line:
        if c["text"].isspace():
            if word:
                words.append(_merged(word))
            word = []
        elif word and (
            c["x0"] < word[-1]["x0"]
            or c["x0"] > word[-1]["x1"] + X_TOLERANCE
            or abs(c["top"] - word[-1]["top"]) > Y_TOLERANCE
        ):
            words.append(_merged(word))
            word = [c]
        else:
            word.append(c)
    if word:
        words.append(_merged(word))
    return words


def _merged(word: list[dict[str, Any]]) -> tuple[float, str]:
    return min(c["top"] for c in word), "".join(LIGATURES.get(c["text"], c["text"]) for c in word)
