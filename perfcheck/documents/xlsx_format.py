"""A cell's value as Excel displays it, from the value stored in the file and the cell's number format.

The checks read what a person sees in the cell: ``0.8575`` formatted ``0.00%`` is ``85.75%``, ``150``
formatted ``0.00`` is ``150.00``, ``45291`` formatted ``yyyy"年"m"月"d"日"`` is ``2023年12月31日``, and
``10`` in the General format is ``10`` (not ``10.0``). Numbers are kept as :class:`Decimal` from the
XML text to the display, rounded as Excel does: first to the 15 significant digits Excel keeps, then
half away from zero to the decimals the format shows.

What is covered: General; digit placeholders ``0 # ?`` with decimals, thousands separators and
trailing-comma scaling; ``%``; scientific ``E+``; literal text (``"万元"``, ``\\x``, ``元``), ``_x``
padding and ``*x`` fills; colours and locale tags (``[Red]``, ``[$-804]``, ``[$¥-804]``); two to four
``;`` sections; date and time codes (y, m, d, h, mm, s, AM/PM, 上午/下午) including the Chinese built-in
date formats Excel stores by number only (27–36, 50–58). Not covered, shown in General instead:
fractions (``# ?/?``), conditional sections (``[>100]``) and Chinese-numeral display (``[DBNum1]``).

The built-in format table, the date-format test and the serial-to-date conversion (``xlsx_dates``) are written here
(ECMA-376 Part 1, 18.8.30 and 18.17.4.1) rather than imported from openpyxl: importing openpyxl's
``styles.numbers`` pulls in its whole workbook machinery, 80–130 ms measured, more than loading a
20-sheet workbook takes.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from perfcheck.documents.xlsx_dates import display_date
from perfcheck.lazy_pattern import lazy_re

# ECMA-376 Part 1, 18.8.30: the built-in formats a style may name by number only, with the ones that
# depend on the locale as zh-CN Excel shows them (a workbook saved by Chinese Excel stores numFmtId 31
# and no code for 2023年12月31日).
_BUILTIN = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"¥"#,##0;"¥"-#,##0',
    6: '"¥"#,##0;[Red]"¥"-#,##0',
    7: '"¥"#,##0.00;"¥"-#,##0.00',
    8: '"¥"#,##0.00;[Red]"¥"-#,##0.00',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "yyyy/m/d",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: '_ * #,##0_ ;_ * -#,##0_ ;_ * "-"_ ;_ @_ ',
    42: '_ "¥"* #,##0_ ;_ "¥"* -#,##0_ ;_ "¥"* "-"_ ;_ @_ ',
    43: '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ',
    44: '_ "¥"* #,##0.00_ ;_ "¥"* -#,##0.00_ ;_ "¥"* "-"??_ ;_ @_ ',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    48: "##0.0E+0",
    49: "@",
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
# What the date test ignores: quoted text, escaped characters, colours and locales (not [h] [m] [s]),
# padding (_x) and fills (*x).
_NOT_DATE_CODES = lazy_re(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]|_.|\*.', re.IGNORECASE)
_DATE_CODE = lazy_re(r"[dmyhs]|上午/下午", re.IGNORECASE)
GENERAL = "General"
_SIGNIFICANT = 15
_BRACKET = lazy_re(r"\[([^\]]*)\]")
_CONDITION = lazy_re(r"\[[<>=]")
_UNSUPPORTED = lazy_re(r"\[DBNum\d\]|\?/|#/|0/", re.IGNORECASE)


def format_code(num_fmt_id: int, custom: dict[int, str]) -> str:
    """The format code of a style's ``numFmtId``: the workbook's own, else the built-in one."""
    if num_fmt_id in custom:
        return custom[num_fmt_id]
    return _BUILTIN.get(num_fmt_id, GENERAL)


@lru_cache(maxsize=256)
def is_date(code: str) -> bool:
    if code in (GENERAL, "@"):
        return False
    first = _split_sections(code)[0]
    return bool(_DATE_CODE.search(_NOT_DATE_CODES.sub("", first)))


def display_number(text: str, code: str, date1904: bool = False) -> str:
    """The stored number ``text`` (as in ``<v>``) shown in the format ``code``; the text itself if unreadable."""
    if code == GENERAL and text.isdigit() and len(text) <= _SIGNIFICANT and (text == "0" or text[0] != "0"):
        return text  # the commonest case, an integer in General
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not value.is_finite():
        return text
    value = _significant(value)
    if code == GENERAL:
        return general(value)
    section, negative_shown = _section(code, value)
    if section is None:
        return general(value)
    if is_date(section):
        return display_date(value, _literal_pieces(section), date1904) or general(value)
    if negative_shown:  # the section for negatives writes its own sign (or brackets)
        value = -value
    return _display_with(value, section)


def general(value: Decimal) -> str:
    """The General format: an integer without ``.0``, otherwise the digits as stored (15 significant)."""
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text if abs(value) >= Decimal("1e-9") else format(value.normalize(), "E")


def _significant(value: Decimal) -> Decimal:
    if len(value.as_tuple().digits) <= _SIGNIFICANT:
        return value
    if value.is_zero():
        return Decimal(0)
    exponent = value.adjusted() - _SIGNIFICANT + 1
    if exponent >= 0:
        return value
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=256)
def _split_sections(code: str) -> tuple[str, ...]:
    sections, current, quoted, escaped = [], [], False, False
    for ch in code:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return tuple(sections)


def _section(code: str, value: Decimal) -> tuple[str | None, bool]:
    """The section of ``code`` that applies to ``value``, and whether it is the negative one; None: General."""
    sections = _sections(code)
    if sections is None:
        return None, False
    if value < 0 and len(sections) >= 2:
        chosen, negative = sections[1], True
    elif value == 0 and len(sections) >= 3:
        chosen, negative = sections[2], False
    else:
        chosen, negative = sections[0], False
    if chosen.strip().lower() == "general":
        return None, False
    return chosen, negative


# A workbook uses a few format codes for thousands of cells: what a code and a section say is read once.
@lru_cache(maxsize=256)
def _sections(code: str) -> tuple[str, ...] | None:
    """The sections of a code that is shown as written; None for General, text, conditions and what this
    module does not read (those are shown in General)."""
    if not code or code == GENERAL or code == "@" or _CONDITION.search(code) or _UNSUPPORTED.search(code):
        return None
    return _split_sections(code)


@lru_cache(maxsize=256)
def _literal_pieces(section: str) -> tuple[tuple[str, str], ...]:
    """The section as (kind, text) pieces: ``lit`` for text shown as is, ``fmt`` for placeholder runs."""
    pieces: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            pieces.append(("lit", section[i + 1 : end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            pieces.append(("lit", section[i + 1]))
            i += 2
        elif ch == "_" and i + 1 < len(section):  # padding the width of the next character
            pieces.append(("lit", " "))
            i += 2
        elif ch == "*" and i + 1 < len(section):  # fill: repeats to the column width; nothing here
            i += 2
        elif ch == "[":
            end = section.find("]", i)
            end = len(section) if end < 0 else end
            tag = section[i + 1 : end]
            if tag.startswith("$") and "-" in tag:  # [$¥-804]: a currency symbol and a locale
                pieces.append(("lit", tag[1:].split("-", 1)[0]))
            elif tag.startswith("$"):
                pieces.append(("lit", tag[1:]))
            i = end + 1
        else:
            pieces.append(("fmt", ch))
            i += 1
    return tuple(pieces)


def _display_with(value: Decimal, section: str) -> str:
    layout = _layout(section)
    if isinstance(layout, str):  # only text: a section such as "-" for zero, or "@"
        return layout.replace("@", general(value))
    before, number_part, after, percent, thousands = layout
    if percent or thousands:
        value = value * Decimal(100) ** percent / Decimal(1000) ** thousands
    shown = _digits(value, number_part)
    if before.endswith("-") and shown.startswith("-"):
        shown = shown[1:]
    return f"{before}{shown}{after}"


@lru_cache(maxsize=256)
def _layout(section: str) -> str | tuple[str, str, str, int, int]:
    """A section as (text before the number, its placeholders, text after, how many % multiply it by 100,
    how many trailing commas divide it by 1000); only its text when it has no digit placeholder."""
    pieces = _literal_pieces(section)
    placeholders = "".join(text for kind, text in pieces if kind == "fmt")
    digits = [i for i, (kind, text) in enumerate(pieces) if kind == "fmt" and text in "0#?"]
    if not digits:
        return "".join(text for _, text in pieces)
    first, last = digits[0], digits[-1]
    number_part = "".join(text for kind, text in pieces[first : last + 1] if kind == "fmt")
    # Trailing commas right after the last digit placeholder divide by 1000 each (#,##0, shows thousands).
    trailing = 0
    j = last + 1
    while j < len(pieces) and pieces[j] == ("fmt", ","):
        trailing += 1
        j += 1
    before = "".join(text for _, text in pieces[:first])
    after = "".join(text for kind, text in pieces[j:])
    return before, number_part, after, placeholders.count("%"), trailing


def _digits(value: Decimal, pattern: str) -> str:
    """``value`` written with the placeholders of ``pattern`` (``#,##0.00``, ``0.0E+00``, ``00``)."""
    if "E" in pattern.upper():
        mantissa = pattern.upper().split("E", 1)[0]
        exponent_digits = pattern.upper().split("E", 1)[1].count("0")
        decimals = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
        shown, _, exponent = f"{value:.{decimals}E}".partition("E")
        power = int(exponent)
        return f"{shown}E{'-' if power < 0 else '+'}{str(abs(power)).rjust(exponent_digits, '0')}"
    decimals, required, minimum, thousands, point = _fixed(pattern)
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = format(abs(rounded), "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction[:decimals]
    while len(fraction) > required and fraction.endswith("0"):
        fraction = fraction[:-1]
    whole = whole.lstrip("0").rjust(minimum, "0") if whole != "0" or minimum else ""
    if thousands and whole:
        whole = f"{int(whole):,}"
    return f"{sign}{whole}{point}{fraction}"


@lru_cache(maxsize=256)
def _fixed(pattern: str) -> tuple[int, int, int, bool, str]:
    """What a fixed-point pattern (``#,##0.00``) asks: (decimals shown at most, decimals always shown,
    whole digits always shown, thousands separators, the decimal point or "")."""
    integer_pattern, _, fraction_pattern = pattern.partition(".")
    decimals = sum(1 for ch in fraction_pattern if ch in "0#?")
    required = sum(1 for ch in fraction_pattern if ch == "0")
    return decimals, required, integer_pattern.count("0"), "," in integer_pattern, "." if "." in pattern else ""
