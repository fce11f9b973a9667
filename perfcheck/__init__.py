"""perfcheck — checks Chinese government performance evaluation reports (绩效评价/自评报告).

Python callers use the same functions as the command line::

    from perfcheck import load_document
    document = load_document("report.docx")
"""

from perfcheck.documents import load_document

__version__ = "0.1.0"
__all__ = ["__version__", "load_document"]
