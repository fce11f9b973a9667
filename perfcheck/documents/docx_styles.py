"""Word paragraph styles as the .docx loader needs them: heading level, numbering, table-of-contents.

Styles are resolved along ``w:basedOn`` and only for the styles the body uses.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from perfcheck.documents.wordml import PPR, VAL, W
from perfcheck.lazy_pattern import lazy_re

_HEADING_NAME = lazy_re(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


_TITLE_NAME = lazy_re(r"^(?:title|标题)$", re.IGNORECASE)


_TOC_NAME = lazy_re(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)


_STYLE_ID = lazy_re(rb'w:styleId="([^"]*)"')


_STYLES_ROOT = lazy_re(rb"<w:styles\b[^>]*>")


def _escape_attribute(value: str) -> str:
    """XML attribute escaping (xml.sax.saxutils would pull in urllib and http.client: ~15 ms of start-up)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class StyleFacts(Struct, frozen=True):
    heading_level: int | None
    num_id: str | None
    ilvl: int | None
    toc: bool


class Styles:
    """Paragraph styles, resolved on demand along ``w:basedOn``.

    Word's styles.xml is mostly styles a report never uses (350 KB in a default template), so when
    the file uses the conventional ``w:`` prefix only the ``w:style`` elements the body refers to
    are parsed, each wrapped in the root's start tag to keep its namespace declarations.
    """

    def __init__(self, data: bytes, parse: Any) -> None:
        self._data = data
        self._parse = parse
        self._elements: dict[str, Any] = {}
        self._facts: dict[str | None, StyleFacts] = {}
        self.default: str | None = None
        root = _STYLES_ROOT.search(data) if data else None
        self._root_tag = root.group(0) if root else b""
        if root is None:
            self._index_elements(parse(data, "styles.xml") if data.strip() else None)
            return
        # bytes.find, not a regex: this scans the whole file and a regex is 40 times slower at it.
        for flag in (b'w:default="1"', b'w:default="true"', b'w:default="on"'):
            at = data.find(flag, root.end())
            while at != -1 and self.default is None:
                _, start = self._start_tag(at)
                if b'w:type="paragraph"' in start and (found := _STYLE_ID.search(start)):
                    self.default = _unescape(found.group(1).decode("utf-8", "replace"))
                at = data.find(flag, at + 1)

    def _start_tag(self, inside: int) -> tuple[int, bytes]:
        """Offset and bytes of the ``<w:style …>`` start tag around offset ``inside`` (-1, b"" if none)."""
        start = self._data.rfind(b"<w:style", 0, inside)
        while start != -1 and self._data[start + 8 : start + 9] == b"s":  # <w:styles>, the root
            start = self._data.rfind(b"<w:style", 0, start)
        end = self._data.find(b">", inside)
        if start == -1 or end == -1 or b">" in self._data[start:inside]:
            return -1, b""
        return start, self._data[start : end + 1]

    def _chunk(self, style_id: str) -> bytes | None:
        """The bytes of the ``w:style`` element with this id, found with plain byte searches."""
        needle = b'w:styleId="' + _escape_attribute(style_id).encode() + b'"'
        pos = self._data.find(needle)
        while pos != -1:
            begin, start_tag = self._start_tag(pos)
            if start_tag:
                if start_tag.endswith(b"/>"):
                    return start_tag
                end = self._data.find(b"</w:style>", begin)
                return self._data[begin : end + len(b"</w:style>")] if end != -1 else None
            pos = self._data.find(needle, pos + 1)
        return None

    def _index_elements(self, root: Any) -> None:
        for style in root.iterchildren(f"{W}style") if root is not None else ():
            style_id = style.get(f"{W}styleId")
            self._elements.setdefault(style_id, style)
            if (
                self.default is None
                and style.get(f"{W}type") == "paragraph"
                and style.get(f"{W}default") in ("1", "true", "on")
            ):
                self.default = style_id

    def _element(self, style_id: str) -> Any:
        if style_id not in self._elements and self._root_tag:
            chunk = self._chunk(style_id)
            wrapped = self._parse(self._root_tag + chunk + b"</w:styles>", "styles.xml") if chunk else None
            self._elements[style_id] = wrapped[0] if wrapped is not None and len(wrapped) else None
        return self._elements.get(style_id)

    def facts(self, style_id: str | None) -> StyleFacts:
        style_id = style_id or self.default
        if style_id not in self._facts:
            self._facts[style_id] = StyleFacts(None, None, None, False)  # guards against basedOn cycles
            self._facts[style_id] = self._resolve(style_id)
        return self._facts[style_id]

    def _resolve(self, style_id: str | None) -> StyleFacts:
        style = self._element(style_id) if style_id else None
        if style is None:
            return StyleFacts(None, None, None, False)
        name_el = style.find(f"{W}name")
        name = (name_el.get(VAL) if name_el is not None else None) or style_id or ""
        based = style.find(f"{W}basedOn")
        parent = (
            self.facts(based.get(VAL)) if based is not None and based.get(VAL) else StyleFacts(None, None, None, False)
        )
        ppr = style.find(PPR)
        level: int | None
        if heading := _HEADING_NAME.match(name):
            level = int(heading.group(1))
        elif _TITLE_NAME.match(name):
            level = 0
        else:
            own = outline_level(ppr)
            level = parent.heading_level if own is None else own or None
        num_id, ilvl = num_pr(ppr)
        return StyleFacts(
            heading_level=level,
            num_id=num_id if num_id is not None else parent.num_id,
            ilvl=ilvl if ilvl is not None else parent.ilvl,
            toc=bool(_TOC_NAME.match(name)),
        )


def outline_level(ppr: Any) -> int | None:
    """Heading level from ``w:outlineLvl`` (0-based in the file; 9 is body text, returned as 0)."""
    if ppr is None:
        return None
    element = ppr.find(f"{W}outlineLvl")
    if element is None:
        return None
    value = to_int(element.get(VAL))
    return value + 1 if value is not None and 0 <= value < 9 else 0


def num_pr(ppr: Any) -> tuple[str | None, int | None]:
    element = ppr.find(f"{W}numPr") if ppr is not None else None
    if element is None:
        return None, None
    num_id, ilvl = element.find(f"{W}numId"), element.find(f"{W}ilvl")
    return (
        num_id.get(VAL) if num_id is not None else None,
        to_int(ilvl.get(VAL)) if ilvl is not None else None,
    )


def to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _unescape(text: str) -> str:
    """XML entities in an attribute read from the raw bytes; ``html`` (~1 ms to import) only when there is one."""
    if "&" not in text:
        return text
    from html import unescape

    return unescape(text)
