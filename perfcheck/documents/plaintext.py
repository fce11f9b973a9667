"""Text and Markdown reports: one block per non-empty line; tables in the shapes text exports use.

Pipe tables (``| a | b |``) are read here; the other shapes found in the field (one cell per line,
" | "-separated cells with rows run together, HTML ``<table>`` in Markdown) are regrouped by
``text_tables``, and stay paragraphs where their structure cannot be recovered.

Encodings, in the order tried: a UTF-8 or UTF-16 byte-order mark; strict UTF-8; GB18030 (a superset
of GBK and GB2312, which is what Chinese Windows saves as "ANSI"). Text that decodes but is mostly
control characters is binary that happened to decode, and is refused like text that does not decode.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from perfcheck import digest as hashing
from perfcheck.documents.assemble import RawBlock, assemble, make_cell, make_table
from perfcheck.documents.text_tables import (
    is_cell_line,
    is_cell_run,
    is_header_word,
    read_cell_lines,
    read_cell_per_line,
    read_cell_run,
)
from perfcheck.errors import InputError
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Cell, Document, Location, Table

_PIPE_ROW = lazy_re(r"^\s*\|.*\|\s*$")
_PIPE_RULE = lazy_re(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = lazy_re(r"^(#{1,6})\s+(.*)$")
# Word-to-text converters leave Word's hidden bookmarks behind ("[bookmark: _GoBack]"); not report text.
_BOOKMARK = lazy_re(r"\[bookmark: [^\]]*\]")


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    candidates: list[str]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    raise InputError(
        str(path),
        "无法识别文本编码（既不是 UTF-8/UTF-16，也不是 GBK/GB18030），或文件不是文本",
        "请用记事本或 WPS 另存为 UTF-8 编码后再检查",
    )


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    odd = sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    return control + odd <= len(text) // 100


def load(path: Path, data: bytes, sha256: str) -> Document:
    text, encoding = decode_text(path, data)
    return parse_text(text, path, sha256, encoding)


def document_from_text(text: str, name: str = "<示例>") -> Document:
    """A document from a string: rule examples and test cases are written this way."""
    digest = hashing.sha256(text.encode("utf-8")).hexdigest()
    return parse_text(text, Path(name), digest, "utf-8")


def parse_text(text: str, path: Path, sha256: str, encoding: str) -> Document:
    lines = _BOOKMARK.sub("", text).splitlines()
    raw_blocks: list[RawBlock] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        web = read_cell_lines(lines, i) if is_cell_line(line) else None
        if web is not None:
            raw_blocks.append(RawBlock("", Location(line=i + 1), table=web[0]))
            i = web[1]
            continue
        if _PIPE_ROW.match(line):
            start = i
            rows: list[list[Cell]] = []
            while i < len(lines) and (_PIPE_ROW.match(lines[i]) or _PIPE_RULE.match(lines[i])):
                if not _PIPE_RULE.match(lines[i]):
                    cells = lines[i].strip().strip("|").split("|")
                    rows.append([make_cell(c.strip(), len(rows), col) for col, c in enumerate(cells)])
                i += 1
            raw_blocks.append(RawBlock("", Location(line=start + 1), table=make_table(rows)))
            continue
        regrouped = _other_shape(lines, i)
        if regrouped is not None:
            table, after = regrouped
            raw_blocks.append(RawBlock("", Location(line=i + 1), table=table))
            i = after
            continue
        heading = _MD_HEADING.match(line) if path.suffix.lower() == ".md" else None
        if heading:
            raw_blocks.append(RawBlock(heading.group(2), Location(line=i + 1), heading_level=len(heading.group(1))))
        elif line.strip():
            raw_blocks.append(RawBlock(line, Location(line=i + 1)))
        i += 1
    if not raw_blocks:
        raise InputError(str(path), "文件中没有文字内容", "请确认导出的文本不是空白")
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    return assemble(str(path), fmt, sha256, raw_blocks, encoding=encoding)


def _other_shape(lines: list[str], i: int) -> tuple[Table, int] | None:
    """A table in one of the non-pipe shapes starting on line ``i``, and the line after it."""
    line = lines[i]
    if "<table" in line.lower() and line.lstrip().lower().startswith("<table"):
        from perfcheck.documents.html_table import read_html_table

        return read_html_table(lines, i)
    if is_cell_run(line):
        return read_cell_run(lines, i)
    if is_header_word(line):
        return read_cell_per_line(lines, i)
    return None
