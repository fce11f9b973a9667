"""What a workbook cell that has no value to show reads as; imports nothing, so rules may use it freely.

- :data:`UNCACHED_FORMULA`: a formula whose result the file does not hold (written by a program that
  does not calculate). It has no digits, so no number reader can take it for a value; the table rules
  read it as an unreadable cell and say unresolved — never 0, never a deliberately blank cell; the
  ``table-formulas`` kind (TB-FORMULA-01) names the cells and asks for the file to be saved from Excel.
- An Excel error value (:data:`EXCEL_ERRORS`: ``#DIV/0!``, ``#REF!``, ``#N/A``…) reads as the literal
  itself. ``#DIV/0!`` has a 0 in it: a rule that reports errors tests :func:`excel_error` before it
  reads numbers. The table parser (``facts.table_model.parse_cell``) already reads every one of them
  as unreadable, not as a number; the ``table-formulas`` kind reports one in a checked cell as a fail.
"""

from __future__ import annotations

UNCACHED_FORMULA = "〔公式未计算〕"
# ECMA-376 Part 1, 18.17.7 (error values), with #SPILL! and #CALC! of Excel 365 and #GETTING_DATA.
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
)


# Normalised text (``documents.normalize``) writes ! ? / full width; the literal is the same error.
_HALF_WIDTH = str.maketrans({"！": "!", "？": "?", "／": "/", "＃": "#"})


def excel_error(text: str) -> str | None:
    """The Excel error value a cell's text is (``#DIV/0!``, also when normalised: ``#DIV/0！``), or None."""
    stripped = text.strip().translate(_HALF_WIDTH).upper()
    return stripped if stripped in EXCEL_ERRORS else None
