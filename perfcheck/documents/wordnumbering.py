"""Word's automatic numbering, rebuilt: the "一、" or "（三）" a reader sees but the runs do not hold.

A numbered paragraph names a ``numId`` and a level ``ilvl``; numbering.xml maps the ``numId`` to an
``abstractNum`` whose level gives ``w:start``, ``w:numFmt`` (chineseCounting, decimal, …) and
``w:lvlText`` ("%1、", "（%1）", "%1.%2"). Counters behave as in Word (ECMA-376 §17.9): lists that
share an abstractNum share counters, except a ``w:num`` with a ``w:startOverride``, which is a list of
its own starting at the override; using a level resets the levels below it (unless ``w:lvlRestart``
says otherwise). Bullets give no label.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from perfcheck.lazy_pattern import lazy_re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VAL = f"{W}val"
_LEVELS = 9
# A list number beyond a few thousand is no report's numbering but a broken or hostile file (issue 12: a
# w:start of 10¹² made a Roman-numeral loop, 3×10⁹ a 115 MB letter label). Such a start is refused
# (the list starts at 1, as Word's default) and noted; numbers past the limit are written in digits.
MAX_START = 9999
_PLACEHOLDER = lazy_re(r"%([1-9])")


class Level(Struct, frozen=True):
    """One level of a list definition."""

    start: int = 0  # ECMA-376 17.9.25: an omitted w:start means 0
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    style: str | None = None


class Numbering:
    """The list definitions of one document and the counters of a single pass through its body."""

    def __init__(self, root: Any) -> None:
        # Elements are indexed here and parsed when a paragraph first uses them: numbering.xml
        # often carries hundreds of list definitions pasted in from other documents.
        self._abstract_elements: dict[str, Any] = {}
        self._num_elements: dict[str, Any] = {}
        self._defined_by_style: dict[str, str] = {}  # numbering style id → abstractNum with w:styleLink
        self._levels: dict[str, tuple[str, dict[int, Level]] | None] = {}
        self._counters: dict[str, list[int | None]] = {}
        self.notes: list[str] = []
        if root is None:
            return
        for abstract in root.iterchildren(f"{W}abstractNum"):
            abstract_id = abstract.get(f"{W}abstractNumId")
            self._abstract_elements.setdefault(abstract_id, abstract)
            link = abstract.find(f"{W}styleLink")
            if link is not None and link.get(_VAL):
                self._defined_by_style.setdefault(link.get(_VAL), abstract_id)
        for num in root.iterchildren(f"{W}num"):
            self._num_elements.setdefault(num.get(f"{W}numId"), num)

    def levels(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The counter key and the effective levels of a list, or None if numbering.xml lacks it."""
        if num_id not in self._levels:
            self._levels[num_id] = self._resolve(num_id)
        return self._levels[num_id]

    def _resolve(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        num = self._num_elements.get(num_id)
        if num is None:
            return None
        ref = num.find(f"{W}abstractNumId")
        if ref is None:
            return None
        abstract_id = ref.get(_VAL)
        abstract = self._abstract_elements.get(abstract_id)
        link = abstract.find(f"{W}numStyleLink") if abstract is not None else None
        if link is not None and link.get(_VAL) in self._defined_by_style:
            # A list that only points at a numbering style (w:numStyleLink): the levels are defined
            # by the abstractNum that carries the matching w:styleLink (ECMA-376 17.9.27).
            abstract_id = self._defined_by_style[link.get(_VAL)]
            abstract = self._abstract_elements[abstract_id]
        levels: dict[int, Level] = {}
        for lvl in abstract.iterchildren(f"{W}lvl") if abstract is not None else ():
            ilvl = _int(lvl.get(f"{W}ilvl"))
            if ilvl is not None and 0 <= ilvl < _LEVELS and ilvl not in levels:
                levels[ilvl] = self._bounded(parse_level(lvl), num_id, ilvl)
        restarted = False
        for override in num.iterchildren(f"{W}lvlOverride"):
            ilvl = _int(override.get(f"{W}ilvl"))
            if ilvl is None or not 0 <= ilvl < _LEVELS:
                continue
            lvl = override.find(f"{W}lvl")
            if lvl is not None:
                levels[ilvl] = self._bounded(parse_level(lvl), num_id, ilvl)
            start = override.find(f"{W}startOverride")
            if start is not None:
                restarted = True
                level = replace(levels.get(ilvl, Level()), start=_int(start.get(_VAL)) or 0)
                levels[ilvl] = self._bounded(level, num_id, ilvl)
        # A w:num that restarts a level is a list instance of its own; others share the abstractNum's.
        return (f"num:{num_id}" if restarted else f"abstract:{abstract_id}"), levels

    def _bounded(self, level: Level, num_id: str, ilvl: int) -> Level:
        if 0 <= level.start <= MAX_START:
            return level
        note = f"编号列表（numId {num_id}，第 {ilvl + 1} 级）的起始编号 {level.start} 超出 0～{MAX_START}，按 1 读取"
        if note not in self.notes:
            self.notes.append(note)
        return replace(level, start=1)

    def label(self, num_id: str, ilvl: int | None, style_id: str | None = None) -> str:
        """Advance the counters for one numbered paragraph and return its label ("" for a bullet)."""
        found = self.levels(num_id)
        if found is None:
            return ""
        key, levels = found
        if ilvl is None:
            # A style-numbered paragraph without w:ilvl takes the level that names its style.
            ilvl = next((i for i, level in levels.items() if style_id and level.style == style_id), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(key, [None] * _LEVELS)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        if level.fmt == "bullet" or level.text is None:
            return ""

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            ref = levels.get(index, Level())
            count = counters[index]
            if count is None:
                count = ref.start
            fmt = "decimal" if level.legal and ref.fmt != "none" else ref.fmt
            return format_number(count, fmt)

        return _PLACEHOLDER.sub(value, level.text)


def parse_level(lvl: Any) -> Level:
    def val(name: str) -> str | None:
        element = lvl.find(f"{W}{name}")
        return element.get(_VAL) if element is not None else None

    fmt = val("numFmt")
    if fmt is None:
        # Word 2010+ writes newer formats inside mc:AlternateContent with a classic fallback.
        fallback = lvl.find(f"{_MC}AlternateContent/{_MC}Fallback/{W}numFmt")
        fmt = fallback.get(_VAL) if fallback is not None else "decimal"
    legal = lvl.find(f"{W}isLgl")
    return Level(
        start=_int(val("start")) or 0,
        fmt=fmt or "decimal",
        text=val("lvlText"),
        restart=_int(val("lvlRestart")),
        legal=legal is not None and (legal.get(_VAL) or "1").lower() not in ("0", "false", "off"),
        style=val("pStyle"),
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


_CN_COUNTING = ("零一二三四五六七八九", ("", "十", "百", "千"))
_CN_LEGAL_SIMPLIFIED = ("零壹贰叁肆伍陆柒捌玖", ("", "拾", "佰", "仟"))
_CN_LEGAL_TRADITIONAL = ("零壹貳參肆伍陸柒捌玖", ("", "拾", "佰", "仟"))
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def format_number(n: int, fmt: str) -> str:
    """``n`` as Word displays it in number format ``fmt`` (ECMA-376 §17.18.59 ST_NumberFormat)."""
    if fmt == "none":
        return ""
    if not 0 <= n <= MAX_START:
        return str(n)  # letters, Roman numerals and Chinese numerals are only written for list-sized numbers
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return chinese_number(n, *_CN_COUNTING, short_ten=True)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, *_CN_LEGAL_SIMPLIFIED, short_ten=False)
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return chinese_number(n, *_CN_LEGAL_TRADITIONAL, short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= len(_TIANGAN):
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= len(_DIZHI):
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)  # ① … ⑳
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)  # ⑴ … ⒇
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)  # ⒈ … ⒛
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word repeats: y, z, aa, bb
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def chinese_number(n: int, digits: str, units: tuple[str, ...], *, short_ten: bool) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五, 10000 → 一万 (short_ten drops 一 before 十)."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = (
            "" if low == 0 else (digits[0] if low < 1000 else "") + chinese_number(low, digits, units, short_ten=False)
        )
        return chinese_number(high, digits, units, short_ten=short_ten) + "万" + rest
    out: list[str] = []
    pending_zero = False
    text = str(n)
    for i, ch in enumerate(text):
        d = int(ch)
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        out.append(digits[d] + units[len(text) - 1 - i])
    result = "".join(out)
    if short_ten and 10 <= n < 20:
        result = result[1:]
    return result


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
