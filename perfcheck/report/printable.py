"""Text from a report made safe for a terminal: control characters and escape sequences shown, not obeyed.

A report is hostile input. Its text reaches the terminal in the table, the ``concise`` and ``github``
formats and the batch summary; an ``ESC[2J`` in a paragraph would clear the officer's screen, an
``OSC 52`` sequence would write to the clipboard, a ``U+202E`` would reverse what follows. Every such
character is replaced by a visible escape (``\\x1b``, ``\\u202e``) so the reader sees that it is there
and nothing is executed. Tabs and line breaks inside one message become spaces: one finding, one line.
"""

from __future__ import annotations

import re

from perfcheck.lazy_pattern import lazy_re

# C0 controls (but tab/newline handled below), DEL, C1 controls, and the Unicode format characters
# that change the order or the joining of what follows: bidi embeddings, overrides and isolates
# (Unicode TR9), the left/right marks, the Arabic letter mark, and the line/paragraph separators.
_UNSAFE = lazy_re("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BREAKS = lazy_re(r"[\t\n\r]+")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, escape and direction-changing character shown as ``\\xNN``/``\\uNNNN``."""
    return _UNSAFE.sub(_escape, _BREAKS.sub(" ", text))


def printable_lines(text: str) -> str:
    """Like :func:`printable` but keeps line breaks (``\\n``) for multi-line output such as help."""
    return "\n".join(_UNSAFE.sub(_escape, line.replace("\t", " ")) for line in text.split("\n"))
