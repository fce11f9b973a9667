"""What a Word document and an Excel workbook share: both are Office Open XML zip packages (ECMA-376
Part 2), and both arrive as OLE compound files when encrypted or saved in the old binary format.

Each loader (``docx_package``, ``xlsx_package``) keeps its own Chinese messages; this module answers the
questions they both ask: what an OLE container holds, how much the parts to be read declare they inflate
to (a zip bomb is refused from the declared sizes, before anything is inflated), and which other Office
file a package is when its main part is missing.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable

from lxml import etree

from perfcheck.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A part above RATIO_MIN_BYTES may not inflate more than MAX_RATIO times: Word's and Excel's XML
# compresses about 10:1.
MAX_RATIO = 200
RATIO_MIN_BYTES = 10 * 1024 * 1024
# What reading a damaged part of a zip can raise.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)
# No entity expansion, no network, no DTD: a package's XML is data, never instructions (XXE, entity bombs).
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

_MAIN_PARTS = {
    "word/document.xml": "Word 文档（.docx）",
    "xl/workbook.xml": "Excel 表格（.xlsx）",
    "ppt/presentation.xml": "PowerPoint 演示文稿（.pptx）",
}


def open_zip(shown: str, data: bytes, truncated: tuple[str, str], not_zip: tuple[str, str]) -> zipfile.ZipFile:
    """The package's zip archive; a cut-off zip and a file that is no zip at all are the loader's own
    InputErrors (``truncated`` and ``not_zip``: the problem and what to do)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        problem, advice = truncated if data.startswith(b"PK") else not_zip
        raise InputError(shown, problem, advice) from None


def ole_holds(data: bytes, stream: str) -> bool:
    """Does the OLE compound file ``data`` name this stream ("EncryptedPackage", "WordDocument",
    "Workbook")? Stream names are stored in UTF-16LE."""
    return stream.encode("utf-16-le") in data


def part_info(package: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return package.getinfo(name)
    except KeyError:
        return None


def declared_inflation(package: zipfile.ZipFile, names: Iterable[str]) -> tuple[int, bool]:
    """The total size the parts ``names`` declare once inflated, and whether any declares an absurd ratio."""
    infos = [info for info in (part_info(package, n) for n in dict.fromkeys(names)) if info is not None]
    total = sum(info.file_size for info in infos)
    absurd = any(
        info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1) for info in infos
    )
    return total, absurd


def other_office_file(package: zipfile.ZipFile, expected: str) -> str | None:
    """What the package is instead, when it lacks its main part ``expected``: "Excel 表格（.xlsx）" …"""
    names = set(package.namelist())
    return next((what for part, what in _MAIN_PARTS.items() if part != expected and part in names), None)
