"""Date and time number formats: an Excel date serial shown as the format's codes say (``yyyy"年"m"月"d"日"``).

Split from :mod:`perfcheck.documents.xlsx_format`, which decides that a section is a date and splits it into
pieces; ECMA-376 Part 1, 18.17.4.1 (serial dates, the 1900 and 1904 systems).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from perfcheck.lazy_pattern import lazy_re

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_DATE_TOKEN = lazy_re(r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|A/P|上午/下午|\.0+|e", re.IGNORECASE)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def display_date(value: Decimal, pieces: Sequence[tuple[str, str]], date1904: bool) -> str | None:
    """The date serial ``value`` shown by a date section already split into format and literal ``pieces``
    (``("fmt", "y")``, ``("lit", "年")``); ``None`` outside Excel's dates."""
    moment = _from_serial(value, date1904)
    if moment is None:
        return None
    # (is_code, text): date codes and the literal text between them.
    codes: list[tuple[bool, str]] = []
    buffer = ""
    for kind, text in pieces:
        if kind == "fmt":
            buffer += text
            continue
        codes += _date_tokens(buffer)
        buffer = ""
        codes.append((False, text))
    codes += _date_tokens(buffer)
    twelve_hour = any(is_code and t.lower() in ("am/pm", "a/p", "上午/下午") for is_code, t in codes)
    code_positions = [i for i, (is_code, _) in enumerate(codes) if is_code]
    out: list[str] = []
    for i, (is_code, text) in enumerate(codes):
        if not is_code:
            out.append(text)
            continue
        lower = text.lower()
        minute = False
        if lower in ("m", "mm"):
            at = code_positions.index(i)
            before = codes[code_positions[at - 1]][1].lower() if at > 0 else ""
            after = codes[code_positions[at + 1]][1].lower() if at + 1 < len(code_positions) else ""
            minute = before in ("h", "hh") or after in ("s", "ss")
        out.append(_date_part(moment, lower, text, minute, twelve_hour))
    return "".join(out)


def _from_serial(value: Decimal, date1904: bool) -> dt.datetime | None:
    """An Excel date serial as a datetime; 1900 dates before 1 March keep Excel's phantom 29 February."""
    if value < 0 or value >= 2958466:  # Excel's dates end on 9999-12-31
        return None
    days = int(value)
    seconds = round((value - days) * 86400)
    if date1904:
        base = _EPOCH_1904
    elif days < 60:  # before Excel's non-existent 1900-02-29 the count starts a day later
        base = _EPOCH_1900 + dt.timedelta(days=1)
    else:
        base = _EPOCH_1900
    return base + dt.timedelta(days=days, seconds=seconds)


def _date_tokens(text: str) -> list[tuple[bool, str]]:
    tokens: list[tuple[bool, str]] = []
    position = 0
    for match in _DATE_TOKEN.finditer(text):
        if match.start() > position:
            tokens.append((False, text[position : match.start()]))
        tokens.append((True, match.group(0)))
        position = match.end()
    if position < len(text):
        tokens.append((False, text[position:]))
    return tokens


def _date_part(moment: dt.datetime, lower: str, code: str, minute: bool, twelve_hour: bool) -> str:
    hour = moment.hour % 12 or 12 if twelve_hour else moment.hour
    parts = {
        "yyyy": f"{moment.year:04d}",
        "yy": f"{moment.year % 100:02d}",
        "e": str(moment.year),
        "mmmmm": _MONTHS[moment.month - 1][0],
        "mmmm": _MONTHS[moment.month - 1],
        "mmm": _MONTHS[moment.month - 1][:3],
        "mm": f"{moment.minute:02d}" if minute else f"{moment.month:02d}",
        "m": str(moment.minute) if minute else str(moment.month),
        "dddd": _DAYS[moment.weekday()],
        "ddd": _DAYS[moment.weekday()][:3],
        "dd": f"{moment.day:02d}",
        "d": str(moment.day),
        "hh": f"{hour:02d}",
        "h": str(hour),
        "ss": f"{moment.second:02d}",
        "s": str(moment.second),
        "am/pm": "AM" if moment.hour < 12 else "PM",
        "a/p": "A" if moment.hour < 12 else "P",
        "上午/下午": "上午" if moment.hour < 12 else "下午",
    }
    if lower.startswith("."):
        return ""  # fractions of a second: not shown in a 自评表
    return parts.get(lower, code)
