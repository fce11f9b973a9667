"""Which report type a document is: its title and its section headings, read together.

Each pack may say how its reports are titled (``detect``, a regex) and which section titles its official
template prescribes (``outline``, a list of regexes: 绩效目标分解下达情况, 偏离绩效目标的原因…). A pack is
*named* by the title when ``detect`` matches one of the lines a title is made of, and *shown* by the
headings when several of its outline titles are section headings of the document (at any level).

- Title and headings agree (the title names the pack and at least two of its outline titles are there,
  more than any other pack shows): the choice is **certain**.
- Only the title names a pack (an excerpt cut before its sections, a 自评表 without sections), only the
  headings show one (a web page whose title was lost), the title names one and the headings show
  another, or two packs tie: the choice is **uncertain**. Rules that would fail only because the report
  lacks that type's sections then warn instead of erring, and say which template they assumed.
- Neither: the common rules only.

The verdict's ``pack_reason`` says which title words and which headings decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from msgspec import Struct

from perfcheck.kinds.base import PackReading
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Document

if TYPE_CHECKING:
    from perfcheck.ruleset import Pack

# A title is short and is not a sentence; the first lines of a web page also hold breadcrumbs and dates.
_TITLE_MAX_CHARS = 80
_TITLE_LINES = 12
_SENTENCE = lazy_re(r"[。；;]|[《》]")
# Two outline titles are the least that shows a template: one (基本情况) is shared by every type.
_SHOWN = 2


class _Evidence(Struct, frozen=True):
    pack: Pack
    title_words: str  # the title text the pack's detect matched, or ""
    headings: tuple[str, ...]  # the document's headings that matched an outline title, one per outline title

    @property
    def named(self) -> bool:
        return bool(self.title_words)

    @property
    def shown(self) -> int:
        return len(self.headings)


def title_lines(document: Document) -> list[str]:
    """The lines a title may be: the document's title, and short lines before the first section.

    Pages copied from the web start with breadcrumbs (首页 > …), and titles are often broken in two
    (“…中央水利发展资金” / “绩效自评报告”), so adjacent short lines are also tried joined.
    """
    lines: list[str] = []
    if document.title:
        lines.append(document.title)
    elif document.blocks and document.blocks[0].kind != "table":
        lines.append(document.blocks[0].text[:_TITLE_MAX_CHARS])
    first_section = document.outline[0].block if document.outline else len(document.blocks)
    short: list[str] = []
    for block in document.blocks[: min(first_section, _TITLE_LINES)]:
        text = block.text.strip()
        if block.kind == "table" or not text or len(text) > _TITLE_MAX_CHARS or _SENTENCE.search(text):
            short.append("")
            continue
        short.append(text)
    lines += [line for line in short if line]
    lines += [a + b for a, b in pairwise(short) if a and b]
    return list(dict.fromkeys(lines))


def _headings(document: Document) -> list[tuple[str, str]]:
    """Each heading of the document at any level: (label as written, title without its number)."""
    return [
        (section.label, section.title.strip())
        for section in document.sections()
        if document.blocks[section.block].kind == "heading" and section.title
    ]


def _evidence(pack: Pack, lines: Sequence[str], headings: Sequence[tuple[str, str]]) -> _Evidence:
    words = ""
    if pack.detect is not None:
        for line in lines:
            match = pack.detect.search(line)
            if match:
                words = match.group(0) or line
                break
    found: list[str] = []
    for pattern in pack.outline:
        hit = next((label for label, title in headings if pattern.search(title) and label not in found), None)
        if hit is not None:
            found.append(hit)
    return _Evidence(pack, words, tuple(found))


def choose_pack(document: Document, packs: Sequence[Pack], own: Sequence[str] = ()) -> PackReading:
    """The pack for ``document`` among ``packs``, with the reason in Chinese.

    An office's own pack (``own``) that the title names wins over the shipped ones; it is certain unless
    it declares an outline that the headings do not show (the office vouches for its own titles).
    """
    lines = title_lines(document)
    headings = _headings(document)
    evidence = [_evidence(pack, lines, headings) for pack in packs]
    mine = next((e for e in evidence if e.named and e.pack.name in own), None)
    if mine is not None:
        certain = not mine.pack.outline or mine.shown >= _SHOWN
        return _reading(mine, certain, f"{_title_says(mine)}（本单位规则包）")
    named = [e for e in evidence if e.named]
    shown = sorted((e for e in evidence if e.shown >= _SHOWN), key=lambda e: -e.shown)
    if not named and not shown:
        return _fallback(packs, lines)
    if named:
        # Among the packs the title names, the one whose template the headings show best (ties: pack order).
        best = max(named, key=lambda e: e.shown)
        rival = next((e for e in shown if e is not best and e.shown >= best.shown), None)
        if rival is not None and rival.shown > best.shown and not rival.named:
            return _reading(rival, False, f"{_title_says(best)}，{_headings_say(rival)}；标题与章节不一致，按章节选用")
        tied = [e for e in named if e is not best and e.shown == best.shown]
        if best.shown >= _SHOWN and rival is None and not tied:
            return _reading(best, True, f"{_title_says(best)}，{_headings_say(best)}")
        if tied:
            others = "、".join(f"“{_title(e)}”" for e in tied)
            why = f"{_title_says(best)}，也符合{others}，章节未能区分"
        elif rival is not None:
            why = f"{_title_says(best)}，{_headings_say(best)}；但章节同样符合“{_title(rival)}”"
        elif best.shown:
            why = f"{_title_says(best)}；章节中仅“{best.headings[0]}”与该类提纲对应"
        else:
            why = f"{_title_says(best)}；未找到该类报告提纲中的章节"
        return _reading(best, False, why)
    best = shown[0]
    if len(shown) > 1 and shown[1].shown == best.shown:
        why = f"标题未写明报告类型；{_headings_say(best)}，也符合“{_title(shown[1])}”"
    else:
        why = f"标题未写明报告类型；{_headings_say(best)}"
    return _reading(best, False, why)


def _title(evidence: _Evidence) -> str:
    return evidence.pack.title


def _title_says(evidence: _Evidence) -> str:
    return f"标题含“{evidence.title_words}”，符合“{_title(evidence)}”"


def _headings_say(evidence: _Evidence) -> str:
    quoted = "、".join(f"“{h[:30]}”" for h in evidence.headings[:4])
    return f"章节{quoted}符合“{_title(evidence)}”的提纲"


def _reading(evidence: _Evidence, certain: bool, why: str) -> PackReading:
    name = evidence.pack.name
    suffix = "（报告类型确定）" if certain else "（报告类型未能确定：章节缺失只作提示）"
    return PackReading(name, _title(evidence), certain, f"{why}{suffix}")


def _fallback(packs: Sequence[Pack], lines: Sequence[str]) -> PackReading:
    names = [p.name for p in packs]
    fallback = "common" if "common" in names else names[0]
    heading = lines[0][:40] if lines else ""
    return PackReading(
        fallback,
        fallback,
        False,
        f"标题“{heading}”和章节都未能识别报告类型，仅使用通用规则“{fallback}”；可用 --pack 指定",
    )
