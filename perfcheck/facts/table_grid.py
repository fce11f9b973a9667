"""Reading positions of a grid (``Table.grid()``: a merged cell repeated over every position it covers).

Merged cells are told apart by identity: the same :class:`Cell` object at two positions is one cell.
"""

from __future__ import annotations

from perfcheck.facts.table_model import CellValue, compact, missing_cell, parse_cell
from perfcheck.facts.table_roles import FUNDING_NAMES, INDICATOR_NAMES, Grid
from perfcheck.model import Cell

_NAMES = {**INDICATOR_NAMES, **FUNDING_NAMES}


def first_columns(roles: dict[int, str]) -> tuple[dict[str, int], list[str]]:
    """Role → its first column, and a problem for each role found in more than one column."""
    columns: dict[str, int] = {}
    problems: list[str] = []
    for column in sorted(roles):
        role = roles[column]
        if role in columns:
            problems.append(f"“{_NAMES.get(role, role)}”出现在多列，无法确定取哪一列")
        else:
            columns[role] = column
    return columns, problems


def header_cells(grid: Grid, row: int, depth: int) -> set[int]:
    return {id(cell) for r in range(row, row + depth) for cell in grid[r] if cell is not None}


def cell_value(grid: Grid, row: int, column: int, header: set[int]) -> CellValue | None:
    """The cell at a position, or None where the row has no cell there (a ragged row)."""
    cells = grid[row]
    cell = cells[column] if column < len(cells) else None
    if cell is None:
        return None
    if id(cell) in header:
        return missing_cell(row, column)
    return parse_cell(cell.text, row, column)


def row_label(grid: Grid, row: int, columns: range, header: set[int]) -> str:
    seen: list[Cell] = []
    for column in columns:
        cell = grid[row][column] if column < len(grid[row]) else None
        if cell is not None and id(cell) not in header and all(cell is not s for s in seen):
            seen.append(cell)
    return "".join(compact(cell.text) for cell in seen)


def spans_whole_row(grid: Grid, row: int) -> bool:
    cells = grid[row]
    return len(cells) > 1 and all(cell is not None and cell is cells[0] for cell in cells)


def other_cells(grid: Grid, row: int, labels: range, header: set[int]) -> list[Cell]:
    seen: list[Cell] = []
    for column, cell in enumerate(grid[row]):
        if cell is None or column in labels or id(cell) in header or any(cell is s for s in seen):
            continue
        seen.append(cell)
    return seen


def row_values(
    grid: Grid, row: int, columns: dict[str, int], header: set[int], problems: list[str]
) -> dict[str, CellValue]:
    """The row's cell under each role's column; a missing cell is recorded as a problem, never invented."""
    values: dict[str, CellValue] = {}
    for role, column in columns.items():
        value = cell_value(grid, row, column, header)
        if value is None:
            problems.append(f"第{row + 1}行单元格数与表头不一致")
            value = missing_cell(row, column)
        values[role] = value
    return values
