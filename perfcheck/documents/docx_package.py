"""The parts of a .docx that the loader reads, and every way of failing to read them as an InputError.

Sizes are checked before anything is inflated (a zip bomb is refused within a second); an OLE file
(an encrypted .docx, or a .doc renamed) is told apart from a damaged zip.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from perfcheck.documents.docx_styles import Styles
from perfcheck.documents.ooxml import (
    OLE_MAGIC,
    PARSER,
    READ_ERRORS,
    declared_inflation,
    ole_holds,
    open_zip,
    other_office_file,
    part_info,
)
from perfcheck.documents.wordml import W
from perfcheck.documents.wordnumbering import Numbering
from perfcheck.errors import InputError

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


# Zip-bomb guard (a .docx is a zip): the XML parts we read may declare at most this much in total,
# and no part may inflate at an absurd ratio (documents.ooxml). Real reports are
# a few MB at most and Word's XML compresses about 10:1.
_MAX_XML_BYTES = 200 * 1024 * 1024


class Package:
    """The parts of a .docx this loader reads, with every way of failing turned into an InputError."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.shown = str(path)
        if data.startswith(OLE_MAGIC):
            raise self._ole_error(data)
        self.zip = open_zip(
            self.shown,
            data,
            truncated=("文件不完整或已损坏（zip 压缩包被截断）", "请重新下载或在 Word 中重新另存为 .docx"),
            not_zip=("不是有效的 Word 文档（.docx 实为 zip 压缩包，此文件不是）", "请在 Word 中重新另存为 .docx"),
        )
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

    def styles(self) -> Styles:
        return Styles(self._read(self._styles_name) if self._info(self._styles_name) else b"", self._parse_bytes)

    def _ole_error(self, data: bytes) -> InputError:
        # An OLE compound file: Word's container for password-protected .docx ("EncryptedPackage")
        # and for the old binary .doc ("WordDocument"). Stream names are stored in UTF-16LE.
        if ole_holds(data, "EncryptedPackage"):
            return InputError(self.shown, "文件已加密（设置了打开密码）", "请取消密码后另存为 .docx")
        if ole_holds(data, "WordDocument"):
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
        other = other_office_file(self.zip, "word/document.xml")
        if other:
            return f"这是 {other}，不是 Word 文档"
        return "不是有效的 Word 文档（压缩包中没有 word/document.xml）"

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        return part_info(self.zip, name)

    def _guard(self, names: list[str]) -> None:
        """Refuse a zip bomb from the sizes the zip declares, before inflating any of it."""
        total, absurd = declared_inflation(self.zip, names)
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
        except READ_ERRORS:
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
            return etree.fromstring(data, PARSER)
        except etree.XMLSyntaxError:
            raise InputError(
                self.shown, f"文档内容已损坏（{name} 不是有效的 XML）", "请在 Word 中打开后重新另存为 .docx"
            ) from None

    def _target(self, rels: str, folder: str, kind: str) -> str | None:
        """The part a relationship of ``kind`` (officeDocument, styles, numbering) points to."""
        if self._info(rels) is None:
            return None
        try:
            root = etree.fromstring(self._read(rels), PARSER)
        except etree.XMLSyntaxError:
            return None
        for rel in root.iter(_REL):
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                return posixpath.normpath(joined)
        return None
