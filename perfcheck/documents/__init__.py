"""Stage 1: a file becomes a :class:`~perfcheck.model.Document`, and nothing more.

``load_document(path)`` checks what every format shares (the file exists, is a file, is not empty, has
a supported suffix), reads its bytes once, and hands them to the loader for the suffix. Parsers
(lxml, pypdfium2, pdfplumber) are imported only by the loader that needs them, so a text file
never pays for them. Input files are only ever opened for reading.
"""

from __future__ import annotations

from pathlib import Path

from perfcheck.digest import sha256
from perfcheck.errors import InputError
from perfcheck.files import REPORT_LIMIT, read_bounded
from perfcheck.model import Document

SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".doc", ".wps", ".xlsx", ".xlsm", ".xls", ".et")


def read_input(path: Path) -> bytes:
    """The bytes of a report file, or an :class:`InputError` that says what is wrong in Chinese."""
    shown = str(path)
    if not path.exists():
        raise InputError(shown, "文件不存在", "请检查路径和文件名是否正确")
    if path.is_dir():
        raise InputError(shown, "这是一个文件夹，不是报告文件", "检查整个文件夹请使用 perfcheck batch")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            shown,
            f"不支持的文件类型“{path.suffix or '无扩展名'}”",
            "请另存为 .docx、.pdf、.xlsx 或 .txt 后再检查",
        )

    def refuse(problem: str) -> InputError:
        return InputError(shown, problem, "请给出报告文件本身（.docx、.pdf、.xlsx 或 .txt）")

    try:
        data = read_bounded(path, REPORT_LIMIT, refuse)  # a FIFO, /dev/zero or a socket is refused unread
    except OSError as error:
        raise InputError(shown, f"读取失败（{error.strerror or error}）", "请确认文件可以正常打开") from None
    if not data.strip():
        raise InputError(shown, "文件为空", "请确认文件已完整保存或重新导出")
    return data


def load_document(path: str | Path) -> Document:
    """Load a .docx, .pdf, .xlsx/.xlsm, .txt/.md or (through LibreOffice) .doc/.wps/.xls/.et report."""
    path = Path(path)
    data = read_input(path)
    digest = sha256(data).hexdigest()
    try:
        return _load_by_suffix(path, data, digest)
    except (InputError, MemoryError):
        raise  # MemoryError: too large to read (perfcheck.limits), not a damaged file
    except Exception as error:  # a parser's own exception on a malformed file: still one clear line
        raise InputError(
            str(path), f"文件已损坏或格式异常（{type(error).__name__}: {error}）", "请在原软件中重新另存后再检查"
        ) from None


def _load_by_suffix(path: Path, data: bytes, digest: str) -> Document:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from perfcheck.documents import docx

        return docx.load(path, data, digest)
    if suffix == ".pdf":
        from perfcheck.documents import pdf

        return pdf.load(path, data, digest)
    if suffix in (".xlsx", ".xlsm"):
        from perfcheck.documents import xlsx

        return xlsx.load(path, data, digest)
    if suffix in (".doc", ".wps", ".xls", ".et"):
        from perfcheck.documents import legacy

        return legacy.load(path, data, digest)
    from perfcheck.documents import plaintext

    return plaintext.load(path, data, digest)
