"""perfcheck — checks Chinese government performance evaluation reports (绩效评价/自评报告).

Python callers use the same functions as the command line::

    from perfcheck import check_file, load_document
    verdict = check_file("report.docx")
    document = load_document("report.docx")

Both are imported on first use, so ``perfcheck --version`` and ``perfcheck --help`` stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check_file", "load_document"]

if TYPE_CHECKING:
    from perfcheck.documents import load_document
    from perfcheck.engine import check_file


def __getattr__(name: str) -> Any:
    if name == "load_document":
        from perfcheck.documents import load_document

        return load_document
    if name == "check_file":
        from perfcheck.engine import check_file

        return check_file
    raise AttributeError(f"module 'perfcheck' has no attribute {name!r}")
