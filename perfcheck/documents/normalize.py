"""The normalised form of report text, used for matching; the original is kept for display.

What changes: full-width digits and Latin letters become ASCII (``４５０８．１８`` → ``4508.18``); ``％`` →
``%``; half-width Chinese punctuation becomes full width (``(`` → ``（``, ``:`` → ``：`` and ``,`` → ``，``
except between digits); white space next to a Chinese character or inside a number is dropped (PDF
extraction and Word exports put spaces there: ``5 起``, ``1 、``, ``4508. 18``); other runs of white
space become one space; zero-width characters and converter leftovers (``[bookmark: _GoBack]``) go.
Every character of the result maps back to an offset in the original, so a finding can quote the
original text it is about.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
_PUNCT = {"(": "（", ")": "）", ";": "；", "!": "！", "?": "？"}
# Full-width forms that are *not* folded: the Chinese punctuation that reports are written in.
_KEEP_FULL_WIDTH = set("（），：；！？")
_LEFTOVER = re.compile(r"\[bookmark[:：] ?[^\]]*\]")


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F  # CJK punctuation 、。〔〕「」
        or 0xFF00 <= code <= 0xFFEF  # full-width forms （），：
        or 0x2460 <= code <= 0x24FF  # circled numbers ①
        or ch in "“”‘’—…·"
    )


def _fold(ch: str) -> str:
    """One character in, at most one out: keeps the offset map one-to-one."""
    if ch in _ZERO_WIDTH:
        return ""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULL_WIDTH:
        return chr(code - 0xFEE0)
    if ch == "\u3000" or (ch.isspace() and ch != "\n"):
        return " "
    if ch in _PUNCT:
        return _PUNCT[ch]
    return ch


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, the offset in ``text``."""
    text = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold(ch)
        if folded:
            chars.append(folded)
            offsets.append(i)

    out: list[str] = []
    out_offsets: list[int] = []
    n = len(chars)
    i = 0
    while i < n:
        ch = chars[i]
        if ch in " \n":
            j = i
            while j < n and chars[j] in " \n":
                j += 1
            before = out[-1] if out else ""
            after = chars[j] if j < n else ""
            if before and after and not _drop_space(before, after):
                out.append("\n" if "\n" in chars[i:j] else " ")
                out_offsets.append(offsets[i])
            i = j
            continue
        if ch in ",:" and out:
            nxt = chars[i + 1] if i + 1 < n else ""
            if not (out[-1].isdigit() and nxt.isdigit()):
                ch = "，" if ch == "," else "："
        out.append(ch)
        out_offsets.append(offsets[i])
        i += 1

    normalised = "".join(out)
    if "[bookmark" in normalised:
        kept = [True] * len(normalised)
        for match in _LEFTOVER.finditer(normalised):
            for k in range(match.start(), match.end()):
                kept[k] = False
        normalised = "".join(c for c, keep in zip(normalised, kept, strict=True) if keep)
        out_offsets = [o for o, keep in zip(out_offsets, kept, strict=True) if keep]
    return normalised, out_offsets


def _drop_space(before: str, after: str) -> bool:
    if _is_cjk(before) or _is_cjk(after):
        return True
    if before.isdigit() and (after.isdigit() or after in ".%"):
        return True
    return before == "." and after.isdigit()


def normalize(text: str) -> str:
    """The normalised form of ``text`` (see the module docstring)."""
    return normalize_with_offsets(text)[0]


def original_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Map a span of ``normalize(text)`` back to the span of ``text`` it came from."""
    normalised, offsets = normalize_with_offsets(text)
    if not offsets or start >= len(normalised):
        return (len(text), len(text))
    end = max(start + 1, min(end, len(offsets)))
    return offsets[start], offsets[end - 1] + 1
