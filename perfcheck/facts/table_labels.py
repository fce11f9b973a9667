"""How the table index names things: a label as it is filed (numbering, quotes, 科目 level and unit marks
removed), the core words that name a table or the section about it, and a column's name from its header
path. Pure string functions, shared by the index (``table_index``) and the prose pairing."""

from __future__ import annotations

from perfcheck.facts.table_model import MEMO_CHARS, compact, remember
from perfcheck.lazy_pattern import lazy_re, lazy_regex

TOTAL_WORD = lazy_re(r"(?:合计|总计|小计)$")
PURE_TOTAL = {"合计", "总计", "小计", "共计", "总额"}
# ``regex``, not ``re``, where a pattern is read once per text (behind a cache): the pack cache keeps ``regex``
# patterns compiled for the next run, and compiling these cost ~1 ms of every check. ``re`` where it runs hot.
_NUMBERING = lazy_regex(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\d+(?:[.．]\d+)*[、.．]?(?=\D)|（\d+）|[①-⑳])"
)
_LEVEL_MARK = lazy_regex(r"（[类款项]）")
_UNIT_MARK = lazy_regex(r"（(?:单位[:：]?)?(?:万元|元|亿元|千元|%|％)）")
_QUOTES = lazy_regex(r"[“”\"'‘’《》「」]")
_CAPTION_WORDS = lazy_regex(
    r"决算|预算表|总表|明细表|情况说明|总体情况|结构情况|具体情况|情况|说明|表$|^表[\d\-—－.]*[:：]?"
)
_YEAR = lazy_regex(r"\d{4}(?:[-—～~至]\d{4})?年度?")
# Header words that say which figure of a thing a column holds, not what the thing is (三公 table:
# 公务接待费 · 预算数 | 决算数): the thing is named by the segment above them.
_COLUMN_WORD = lazy_re(
    r"^(?:年初|调整后?|全年|上年|本年|上年度|本年度)?(?:预算|决算|执行|实际|发生)?数?$|^金额$|^数值$"
)


def label_key(text: str) -> str:
    """A label as the index files it: ``一、一般公共服务支出（类）`` → ``一般公共服务支出``."""
    return _label_key_short(text) if len(text) <= MEMO_CHARS else _label_key(text)


def _label_key(text: str) -> str:
    squeezed = _QUOTES.sub("", compact(text))
    squeezed = squeezed.replace("(", "（").replace(")", "）")
    squeezed = _NUMBERING.sub("", squeezed)
    squeezed = _LEVEL_MARK.sub("", squeezed)
    squeezed = _UNIT_MARK.sub("", squeezed)
    return squeezed.strip("：:，,。 ")


# Every table of a document files the same row and column labels, and the prose pairing asks for the same
# ones again: a short label is normalised once (it depends on the text alone).
_label_key_short = remember(_label_key)


def caption_core(text: str) -> str:
    """The words that name a table or the section about it: ``收入支出决算总表`` and
    ``一、收入支出决算总体情况说明`` both give ``收入支出``."""
    core = _YEAR.sub("", label_key(text))
    previous = None
    while previous != core:
        previous = core
        core = _CAPTION_WORDS.sub("", core)
    return core


def column_leaf(label: str) -> str:
    """The header path without the figure words at its end (``合计·决算数`` → ``合计``)."""
    parts = [p for p in label.split("·") if p]
    while len(parts) > 1 and _COLUMN_WORD.match(parts[-1]):
        parts.pop()
    return parts[-1] if parts else ""


def aliases(name: str) -> list[str]:
    """A name as prose also writes it: 财政拨款三公经费（支出） is “三公”经费财政拨款支出, i.e. 三公经费."""
    names = [name]
    if name.startswith("财政拨款") and len(name) >= 7:
        rest = name[4:]
        names.append(rest)
        if rest.endswith("支出") and len(rest) >= 5:
            names.append(rest[:-2])
    return names


def column_name(label: str) -> str:
    """What a column is about: its header path without the figure words and totals at its end
    (``财政拨款三公经费·公务接待费·决算数`` → ``公务接待费``; ``本年支出·基本支出`` → ``基本支出``)."""
    parts = [p for p in label.split("·") if p]
    while parts and (_COLUMN_WORD.match(parts[-1]) or parts[-1] in PURE_TOTAL):
        parts.pop()
    return parts[-1] if parts else ""


def is_total(text: str) -> bool:
    return text in PURE_TOTAL or bool(TOTAL_WORD.search(text))
