"""Word .docx reports: body paragraphs and tables in reading order, with Word's numbering rebuilt.

The package is read with ``zipfile`` and ``lxml`` directly, not through python-docx's object model:
python-docx parses every part it opens (a default template's styles.xml alone is 350 KB and takes
longer to parse than a whole report's document.xml) and its ``paragraphs``/``tables`` lists lose the
order in which they interleave. Here only three parts are read (document, styles, numbering), styles
only for the styles the body uses, and the body is walked once.

What counts as body text: the runs of body paragraphs, including hyperlinks, tracked insertions,
content controls and simple fields. Not body text: headers and footers (other parts), text boxes
and drawings (nested inside runs), deleted tracked text, field instructions, hidden (``w:vanish``)
runs, and table-of-contents entries (they repeat the headings; their paragraphs are still counted
so that paragraph numbers match Word's order).

Locations: ``Location(paragraph=i)`` counts the paragraphs at body level (0-based, empty ones
included, paragraphs inside tables excluded — the order of python-docx's ``Document.paragraphs``);
``Location(table=t)`` counts body-level tables; a nested table's text goes into its cell.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from lxml import etree

from perfcheck.documents.assemble import RawBlock, assemble, make_cell, make_table
from perfcheck.documents.wordnumbering import Numbering
from perfcheck.errors import InputError
from perfcheck.model import Cell, Document, Location

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_VAL = f"{W}val"
_P, _TBL, _TR, _TC, _R = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}r"
_PPR, _RPR, _TCPR, _TRPR = f"{W}pPr", f"{W}rPr", f"{W}tcPr", f"{W}trPr"
_T, _TAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
_NO_BREAK_HYPHEN = f"{W}noBreakHyphen"
# Elements that wrap runs (or blocks) whose text is displayed; w:del and w:moveFrom are not here.
_RUN_CONTAINERS = frozenset(
    f"{W}{name}"
    for name in (
        "hyperlink",
        "ins",
        "smartTag",
        "fldSimple",
        "sdt",
        "sdtContent",
        "customXml",
        "moveTo",
        "bdo",
        "dir",
    )
)
_BLOCK_CONTAINERS = frozenset(f"{W}{name}" for name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
_FALSE = frozenset(("0", "false", "off"))

# Zip-bomb guard (a .docx is a zip): the XML parts we read may declare at most this much in total,
# and a part above _RATIO_MIN_BYTES may not inflate more than _MAX_RATIO times. Real reports are
# a few MB at most and Word's XML compresses about 10:1.
_MAX_XML_BYTES = 200 * 1024 * 1024
_MAX_RATIO = 200
_RATIO_MIN_BYTES = 10 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAME = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)
_STYLE_ID = re.compile(rb'w:styleId="([^"]*)"')
_STYLES_ROOT = re.compile(rb"<w:styles\b[^>]*>")


def _escape_attribute(value: str) -> str:
    """XML attribute escaping (xml.sax.saxutils would pull in urllib and http.client: ~15 ms of start-up)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def load(path: Path, data: bytes, sha256: str) -> Document:
    package = _Package(path, data)
    body = package.document.find(f"{W}body")
    if body is None:
        raise InputError(str(path), "文档结构不完整（缺少正文部分）", "请在 Word 中重新另存为 .docx")
    reader = _BodyReader(package.styles(), package.numbering)
    raw_blocks = list(reader.read(body))
    if not any(
        raw.text.strip() or (raw.table and any(c.text.strip() for c in raw.table.cells())) for raw in raw_blocks
    ):
        raise InputError(
            str(path),
            "文档中没有文字内容",
            "若内容是扫描图片，请提供含文字的版本；页眉页脚和文本框中的文字不计入正文",
        )
    return assemble(str(path), "docx", sha256, raw_blocks)


class _Package:
    """The parts of a .docx this loader reads, with every way of failing turned into an InputError."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.shown = str(path)
        if data.startswith(_OLE_MAGIC):
            raise self._ole_error(data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            if data.startswith(b"PK"):
                raise InputError(
                    self.shown,
                    "文件不完整或已损坏（zip 压缩包被截断）",
                    "请重新下载或在 Word 中重新另存为 .docx",
                ) from None
            raise InputError(
                self.shown,
                "不是有效的 Word 文档（.docx 实为 zip 压缩包，此文件不是）",
                "请在 Word 中重新另存为 .docx",
            ) from None
        self._cache: dict[str, bytes] = {}
        main = self._target("_rels/.rels", "", "officeDocument") or "word/document.xml"
        if self._info(main) is None:  # a broken relationship: try where Word puts it
            main = "word/document.xml"
        if self._info(main) is None:
            raise InputError(self.shown, self._missing_document_problem(), "请在 Word 中重新另存为 .docx")
        rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
        folder = posixpath.dirname(main)
        styles = self._target(rels, folder, "styles") or posixpath.join(folder, "styles.xml")
        numbering = self._target(rels, folder, "numbering") or posixpath.join(folder, "numbering.xml")
        self._guard([main, styles, numbering])
        self.document = self._parse(main)
        if self.document.tag != f"{W}document":
            raise InputError(
                self.shown,
                "不是可识别的 Word 文档格式（可能是 Strict Open XML 等变体）",
                "请在 Word 中另存为“Word 文档 (*.docx)”",
            )
        self._styles_name = styles
        self._numbering_name = numbering

    def numbering(self) -> Numbering:
        """The list definitions; read only when the first numbered paragraph needs them."""
        return Numbering(self._parse(self._numbering_name) if self._info(self._numbering_name) else None)

    def styles(self) -> _Styles:
        return _Styles(self._read(self._styles_name) if self._info(self._styles_name) else b"", self._parse_bytes)

    def _ole_error(self, data: bytes) -> InputError:
        # An OLE compound file: Word's container for password-protected .docx ("EncryptedPackage")
        # and for the old binary .doc ("WordDocument"). Stream names are stored in UTF-16LE.
        if "EncryptedPackage".encode("utf-16-le") in data:
            return InputError(self.shown, "文件已加密（设置了打开密码）", "请取消密码后另存为 .docx")
        if "WordDocument".encode("utf-16-le") in data:
            return InputError(
                self.shown,
                "这是旧版 Word 格式（.doc）的文件，扩展名却是 .docx",
                "请在 Word 或 WPS 中另存为 .docx",
            )
        return InputError(
            self.shown,
            "文件已加密（设置了打开密码），或是改了扩展名的旧版 .doc 文件",
            "请取消密码后另存为 .docx；若是旧版 .doc，请在 Word 或 WPS 中另存为 .docx",
        )

    def _missing_document_problem(self) -> str:
        names = set(self.zip.namelist())
        if "xl/workbook.xml" in names:
            return "这是 Excel 表格（.xlsx），不是 Word 文档"
        if "ppt/presentation.xml" in names:
            return "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档"
        return "不是有效的 Word 文档（压缩包中没有 word/document.xml）"

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        try:
            return self.zip.getinfo(name)
        except KeyError:
            return None

    def _guard(self, names: list[str]) -> None:
        """Refuse a zip bomb from the sizes the zip declares, before inflating any of it."""
        infos = [info for info in map(self._info, dict.fromkeys(names)) if info is not None]
        total = sum(info.file_size for info in infos)
        absurd = any(
            info.file_size > _RATIO_MIN_BYTES and info.file_size > _MAX_RATIO * max(info.compress_size, 1)
            for info in infos
        )
        if total > _MAX_XML_BYTES or absurd:
            raise InputError(
                self.shown,
                f"文档解压后过大（{total / 1024 / 1024:.0f} MB），疑似异常压缩文件",
                "请确认文件来源可靠，或在 Word 中重新另存为 .docx",
            )

    def _read(self, name: str) -> bytes:
        if name in self._cache:
            return self._cache[name]
        info = self._info(name)
        if info is None:
            return b""
        self._guard([*self._cache, name])  # everything inflated so far plus this part
        try:
            data = self.zip.read(info)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            RuntimeError,
            NotImplementedError,
        ):
            raise InputError(
                self.shown,
                f"文件已损坏（压缩包中的 {name} 无法解压）",
                "请重新下载或在 Word 中重新另存为 .docx",
            ) from None
        self._cache[name] = data
        return data

    def _parse(self, name: str) -> Any:
        return self._parse_bytes(self._read(name), name)

    def _parse_bytes(self, data: bytes, name: str) -> Any:
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError:
            raise InputError(
                self.shown, f"文档内容已损坏（{name} 不是有效的 XML）", "请在 Word 中打开后重新另存为 .docx"
            ) from None

    def _target(self, rels: str, folder: str, kind: str) -> str | None:
        """The part a relationship of ``kind`` (officeDocument, styles, numbering) points to."""
        if self._info(rels) is None:
            return None
        try:
            root = etree.fromstring(self._read(rels), _PARSER)
        except etree.XMLSyntaxError:
            return None
        for rel in root.iter(_REL):
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                return posixpath.normpath(joined)
        return None


@dataclass(frozen=True, slots=True)
class _StyleFacts:
    heading_level: int | None
    num_id: str | None
    ilvl: int | None
    toc: bool


class _Styles:
    """Paragraph styles, resolved on demand along ``w:basedOn``.

    Word's styles.xml is mostly styles a report never uses (350 KB in a default template), so when
    the file uses the conventional ``w:`` prefix only the ``w:style`` elements the body refers to
    are parsed, each wrapped in the root's start tag to keep its namespace declarations.
    """

    def __init__(self, data: bytes, parse: Any) -> None:
        self._data = data
        self._parse = parse
        self._elements: dict[str, Any] = {}
        self._facts: dict[str | None, _StyleFacts] = {}
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
                    self.default = unescape(found.group(1).decode("utf-8", "replace"))
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

    def facts(self, style_id: str | None) -> _StyleFacts:
        style_id = style_id or self.default
        if style_id not in self._facts:
            self._facts[style_id] = _StyleFacts(None, None, None, False)  # guards against basedOn cycles
            self._facts[style_id] = self._resolve(style_id)
        return self._facts[style_id]

    def _resolve(self, style_id: str | None) -> _StyleFacts:
        style = self._element(style_id) if style_id else None
        if style is None:
            return _StyleFacts(None, None, None, False)
        name_el = style.find(f"{W}name")
        name = (name_el.get(_VAL) if name_el is not None else None) or style_id or ""
        based = style.find(f"{W}basedOn")
        parent = (
            self.facts(based.get(_VAL))
            if based is not None and based.get(_VAL)
            else _StyleFacts(None, None, None, False)
        )
        ppr = style.find(_PPR)
        level: int | None
        if heading := _HEADING_NAME.match(name):
            level = int(heading.group(1))
        elif _TITLE_NAME.match(name):
            level = 0
        else:
            own = _outline_level(ppr)
            level = parent.heading_level if own is None else own or None
        num_id, ilvl = _num_pr(ppr)
        return _StyleFacts(
            heading_level=level,
            num_id=num_id if num_id is not None else parent.num_id,
            ilvl=ilvl if ilvl is not None else parent.ilvl,
            toc=bool(_TOC_NAME.match(name)),
        )


def _outline_level(ppr: Any) -> int | None:
    """Heading level from ``w:outlineLvl`` (0-based in the file; 9 is body text, returned as 0)."""
    if ppr is None:
        return None
    element = ppr.find(f"{W}outlineLvl")
    if element is None:
        return None
    value = _int(element.get(_VAL))
    return value + 1 if value is not None and 0 <= value < 9 else 0


def _num_pr(ppr: Any) -> tuple[str | None, int | None]:
    element = ppr.find(f"{W}numPr") if ppr is not None else None
    if element is None:
        return None, None
    num_id, ilvl = element.find(f"{W}numId"), element.find(f"{W}ilvl")
    return (
        num_id.get(_VAL) if num_id is not None else None,
        _int(ilvl.get(_VAL)) if ilvl is not None else None,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class _BodyReader:
    """Walks the body once, in order, keeping paragraph and table counters and numbering state."""

    def __init__(self, styles: _Styles, numbering: Callable[[], Numbering]) -> None:
        self.styles = styles
        self._load_numbering = numbering
        self._numbering: Numbering | None = None
        self.paragraphs = 0
        self.tables = 0

    def read(self, body: Any) -> Iterator[RawBlock]:
        for element in _blocks(body):
            if element.tag == _P:
                index = self.paragraphs
                self.paragraphs += 1
                block = self._paragraph(element, index)
                if block is not None:
                    yield block
            else:
                index = self.tables
                self.tables += 1
                yield RawBlock("", Location(table=index), table=make_table(self._rows(element)))

    def _paragraph(self, p: Any, index: int) -> RawBlock | None:
        ppr = p[0] if len(p) and p[0].tag == _PPR else None
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style_el.get(_VAL) if style_el is not None else None
        facts = self.styles.facts(style_id)
        if facts.toc:
            return None
        own_level = _outline_level(ppr)
        level = facts.heading_level if own_level is None else own_level or None
        number = self._number(ppr, facts, style_id)
        return RawBlock(paragraph_text(p), Location(paragraph=index), heading_level=level, number=number)

    def _number(self, ppr: Any, facts: _StyleFacts, style_id: str | None) -> str:
        num_id, ilvl = _num_pr(ppr)
        if num_id is None and ilvl is None:
            num_id, ilvl = facts.num_id, facts.ilvl
        else:
            num_id = num_id if num_id is not None else facts.num_id
            ilvl = ilvl if ilvl is not None else facts.ilvl
        if num_id is None or num_id == "0":  # numId 0 switches numbering off (ECMA-376 17.9.18)
            return ""
        if self._numbering is None:
            self._numbering = self._load_numbering()
        return self._numbering.label(num_id, ilvl, style_id or self.styles.default)

    def _rows(self, tbl: Any) -> list[list[Cell]]:
        """Cells by grid column: ``w:gridSpan`` spans columns, ``w:vMerge`` continues the cell above."""
        drafts: list[list[list[Any]]] = []  # [text, row, column, row_span, col_span] per cell
        above: dict[int, list[Any]] = {}
        for r, tr in enumerate(_children(tbl, _TR)):
            trpr = tr.find(_TRPR)
            before = trpr.find(f"{W}gridBefore") if trpr is not None else None
            column = (_int(before.get(_VAL)) or 0) if before is not None else 0
            row: list[list[Any]] = []
            for tc in _children(tr, _TC):
                tcpr = tc.find(_TCPR)
                span, vmerge, hmerge = 1, None, None
                if tcpr is not None:
                    grid_span = tcpr.find(f"{W}gridSpan")
                    span = max(_int(grid_span.get(_VAL)) or 1, 1) if grid_span is not None else 1
                    vmerge = _merge_state(tcpr.find(f"{W}vMerge"))
                    hmerge = _merge_state(tcpr.find(f"{W}hMerge"))
                origin = above.get(column)
                if vmerge == "continue" and origin is not None:
                    origin[3] = r - origin[1] + 1
                elif hmerge == "continue" and row:
                    row[-1][4] += span
                else:
                    for covered in range(column, column + span):
                        above.pop(covered, None)
                    draft = [self._cell_text(tc), r, column, 1, span]
                    row.append(draft)
                    above[column] = draft
                column += span
            drafts.append(row)
        return [[make_cell(*draft) for draft in row] for row in drafts]

    def _cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for element in _blocks(tc):
            if element.tag == _P:
                ppr = element[0] if len(element) and element[0].tag == _PPR else None
                style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
                style_id = style_el.get(_VAL) if style_el is not None else None
                text = self._number(ppr, self.styles.facts(style_id), style_id) + paragraph_text(element)
            else:
                text = "\n".join(" | ".join(c.text for c in row) for row in self._rows(element))
            if text.strip():
                lines.append(text)
        return "\n".join(lines)


def _merge_state(element: Any) -> str | None:
    if element is None:
        return None
    return element.get(_VAL) or "continue"  # an omitted w:val means "continue" (ECMA-376 17.4.85)


def _blocks(parent: Any) -> Iterator[Any]:
    """The ``w:p`` and ``w:tbl`` children of a body or cell, looking through content controls."""
    for child in parent:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag in _BLOCK_CONTAINERS:
            yield from _blocks(child)


def _children(parent: Any, tag: str) -> Iterator[Any]:
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _children(child, tag)


def paragraph_text(p: Any) -> str:
    """The displayed text of one paragraph: tabs as ``\\t``, line breaks as ``\\n``, no text boxes."""
    out: list[str] = []
    _collect_runs(p, out)
    return "".join(out)


def _collect_runs(parent: Any, out: list[str]) -> None:
    for child in parent:
        tag = child.tag
        if tag == _R:
            _run_text(child, out)
        elif tag in _RUN_CONTAINERS:
            _collect_runs(child, out)


def _run_text(run: Any, out: list[str]) -> None:
    # Only direct children: w:drawing, w:pict and mc:AlternateContent hold text boxes, and
    # w:instrText / w:delText hold field codes and deleted text, so none of them is entered.
    for child in run:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            out.append("-")
        elif tag == _RPR:
            vanish = child.find(f"{W}vanish")
            if vanish is not None and vanish.get(_VAL, "1").lower() not in _FALSE:
                return
