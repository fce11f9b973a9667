"""The normalised form of report text, used for matching; the original is kept for display.

What changes: full-width digits and Latin letters become ASCII (``４５０８．１８`` → ``4508.18``); ``％`` →
``%``; half-width Chinese punctuation becomes full width (``(`` → ``（``, ``:`` → ``：`` and ``,`` → ``，``
except between digits); white space next to a Chinese character or inside a number is dropped (PDF
extraction and Word exports put spaces there: ``5 起``, ``1 、``, ``4508. 18``); other runs of white
space become one space; zero-width characters and converter leftovers (``[bookmark: _GoBack]``, the ``$…\\%$``
of a percentage written as LaTeX) go.
Every character of the result maps back to an offset in the original, so a finding can quote the
original text it is about.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from perfcheck.lazy_pattern import lazy_re, lazy_regex

_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u00ad"
# Full-width forms that are *not* folded: the Chinese punctuation that reports are written in.
_KEEP_FULL_WIDTH = set("（），：；！？")
# Every white-space character but the newline (str.isspace over the BMP, written out so that building
# the table costs nothing at import).
_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)


def _build_table(zero_width_to: str | None) -> dict[int, str | None]:
    table: dict[int, str | None] = {
        code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULL_WIDTH
    }
    table.update({ord(ch): " " for ch in _SPACES})
    table.update({ord(ch): zero_width_to for ch in _ZERO_WIDTH})
    table.update({ord("("): "（", ord(")"): "）", ord(";"): "；", ord("!"): "！", ord("?"): "？"})
    return table


_FOLD = _build_table(None)
# The same, one character for one, for aligning the result with the original (offsets).
_FOLD_ALIGNED = _build_table("\x00")
# Characters the table changes; most lines have none, and a regex scan is cheaper than translate().
_NEEDS_FOLD = lazy_re("[" + re.escape("".join(chr(c) for c in _FOLD if chr(c) not in "\n")) + "]")
# This and the patterns below start with the character they are about, not with a lookbehind: the scan then
# skips from one candidate to the next instead of trying every position (~3x faster on a table's text).
_COMMA_OR_COLON = lazy_re(r"[,:](?:(?<!\d[,:])|(?!\d))")
# Deciding each run in Python (``_space``) cost ~0.7 µs a run, and a table's text has two runs a cell
# ("补助 | 县民政局 | 120.00"). So: a run beside a Chinese character (is_cjk's characters, as a class) always
# goes, removed in one pass first; of the rest, a single space between two ASCII characters that no rule
# drops (no digit or "." before a digit, "." or "%") stays as it is, and is not even visited. Exact: the
# runs left keep their neighbours, none moves to the start or end of the text, and ``_space`` still
# decides every run it is given. Compiled by ``regex``, whose compiled pattern the pack cache keeps: ``re`` spends
# ~1.5-2.5 ms compiling the class twice (it expands each range of a class one character at a time), more than
# a check of a 100-page report spends running it (``regex`` runs it ~1.5x slower: ~0.5 ms more per 100,000
# characters).
_CJK_CLASS = "[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2460-\u24ff“”‘’—…·]"
_SPACE_BY_CJK = lazy_regex(f"[ \n](?:(?<={_CJK_CLASS}[ \n])[ \n]*|[ \n]*(?={_CJK_CLASS}))")
_SPACE_TO_DECIDE = lazy_re(
    r"[ \n](?:[ \n]+|(?<=\n)|(?<=^ )|(?<=[^\x00-\x7f] )|(?![\x00-\x7f])|(?<=[0-9.] )(?=[0-9.%]))"
)
# 1，000，000元: Word users type the thousands separator as a Chinese comma. Only a well-formed run (1–3
# digits, then groups of exactly three) is read so; 600，3000 stays an enumeration.
_WIDE_THOUSANDS = lazy_re(r"\d(?<![\d，,.]\d)\d{0,2}(?:，\d{3})+(?![\d])")
_LEFTOVER = lazy_re(r"\[bookmark[:：] ?[^\]]*\]")
# PDF-to-Markdown converters write a percentage as inline LaTeX (``得分率  $69.33\%$  ``, the henan
# evaluation report in the real corpus): the figure and its % stay, the ``$`` and the backslash go.
_LATEX_PERCENT = lazy_re(r"\$\s*(\d+(?:\.\d+)?)\s*\\%\s*\$")


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F  # CJK punctuation 、。〔〕「」
        or 0xFF00 <= code <= 0xFFEF  # full-width forms （），：
        or 0x2460 <= code <= 0x24FF  # circled numbers ①
        or ch in "“”‘’—…·"
    )


def _drop_space(before: str, after: str) -> bool:
    if is_cjk(before) or is_cjk(after):
        return True
    if before.isdigit() and (after.isdigit() or after in ".%"):
        return True
    return before == "." and after.isdigit()


def _space(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or end == len(text) or _drop_space(text[start - 1], text[end]):
        return ""
    return "\n" if "\n" in match.group(0) else " "


def normalize(text: str) -> str:
    """The normalised form of ``text`` (see the module docstring)."""
    folded = text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    if _NEEDS_FOLD.search(folded):
        folded = folded.translate(_FOLD)
    if "\\%" in folded:
        folded = _LATEX_PERCENT.sub(r"\1%", folded)
    if "，" in folded:
        folded = _WIDE_THOUSANDS.sub(lambda m: m.group(0).replace("，", ","), folded)
    if "," in folded or ":" in folded:
        folded = _COMMA_OR_COLON.sub(lambda m: "，" if m.group(0) == "," else "：", folded)
    if " " in folded or "\n" in folded:
        folded = _SPACE_TO_DECIDE.sub(_space, _SPACE_BY_CJK.sub("", folded))
    if "[bookmark" in folded:
        folded = _LEFTOVER.sub("", folded)
    return folded


_EQUIVALENT = {"，": ",", "：": ":", ",": "，"}


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, its offset in ``text``.

    Normalising only maps characters one for one or drops them, so the result is a subsequence of the
    folded original: walking both in step recovers the offsets. Only excerpts need them, so the fast
    :func:`normalize` does not pay for them.
    """
    normalised = normalize(text)
    source = unicodedata.normalize("NFC", text)
    aligned = source.translate(_FOLD_ALIGNED)
    offsets: list[int] = []
    i = 0
    for ch in normalised:
        alternative = _EQUIVALENT.get(ch, ch)
        while (
            i < len(aligned)
            and aligned[i] != ch
            and aligned[i] != alternative
            and not (ch in " \n" and aligned[i] in " \n")
        ):
            i += 1
        offsets.append(min(i, len(text) - 1) if text else 0)
        i += 1
    return normalised, offsets


def original_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Map a span of ``normalize(text)`` back to the span of ``text`` it came from."""
    normalised, offsets = _offsets_of(text)
    if not offsets or start >= len(normalised):
        return (len(text), len(text))
    end = max(start + 1, min(end, len(offsets)))
    return offsets[start], offsets[end - 1] + 1


@lru_cache(maxsize=8)
def _offsets_of(text: str) -> tuple[str, tuple[int, ...]]:
    """The offsets of one block, computed once for all the findings in it: a paragraph with thousands
    of findings must not be re-aligned for each (issue 12). Keyed by the block's own string, whose hash
    Python keeps, so a hit costs no rescan."""
    normalised, offsets = normalize_with_offsets(text)
    return normalised, tuple(offsets)
