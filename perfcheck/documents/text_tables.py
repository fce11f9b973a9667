"""Tables in text exports that are not pipe tables: the shapes found in the field, regrouped into rows.

- One cell per line: a run of lines that are header words of a 绩效自评表 (项目资金（万元） / 年初预算数 /
  全年预算数 / …, each on its own line) followed by its rows, row label first.
- Cells separated by " | " with rows run together on one or a few lines ("年度资金总额 | 120 | 150 | … |
  其中：本年财政拨款 | 100 | …"): the leading header words give the width, the rest is cut into rows of
  that width. Lines of " | " cells without such a header are a table when every line has the same
  number of cells (one row per line), or when one line holds three header words of a 绩效自评表: a web
  page's rows whose merged cells were dropped, each line a row as long as it is.
- HTML ``<table>`` in Markdown (PDF-to-Markdown converters write them), with rowspan and colspan.

A row is accepted only when its label is text and every cell under a figure column (预算数, 执行数, 分值,
执行率, 得分) is a figure or a blank mark; the first row that fails ends the table. When no row is
accepted, the lines stay paragraphs: the structure was not recoverable, and the table finder says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from msgspec.structs import replace

from perfcheck.documents.assemble import make_cell, make_table
from perfcheck.documents.normalize import normalize
from perfcheck.lazy_pattern import lazy_re
from perfcheck.model import Table

_UNIT = r"(?:[（(](?:单位[：:])?(?:万元|元|亿元)[）)])?"
# Header words whose column holds figures; a cell under them must be a number or a blank mark.
_FIGURE_HEADER = lazy_re(
    rf"^(?:年初预算数?|全年预算数?|调整后?预算数?|(?:全年|预算)?执行数|实际支出|分值|权重|(?:预算)?执行率|得分){_UNIT}$"
)
_TEXT_HEADER = lazy_re(
    rf"^(?:项目资金|资金来源|资金类别|项目|一级指标|二级指标|三级指标|指标性质|(?:年度)?指标值|(?:度量|计量)?单位"
    rf"|(?:实际)?完成值|全年实际值|(?:偏差|未完成)?原因.{{0,12}}|说明|备注){_UNIT}$"
)
_FIGURE = lazy_re(r"^(?:[≥≤=><]?[（(]?[-−]?\d[\d,]*(?:\.\d+)?[）)]?%?|[—–\-－/／\\]+|无|空白)?$")
# A measurement or a target ("500亩", "≧500亩", "1600元/亩", "98%"): a cell no row label looks like.
_MEASURE = lazy_re(r"^(?:[≥≤=><≧≦＞＜]|>=|<=)?[（(]?[-−]?\d[\d,]*(?:\.\d+)?[）)]?(?:%|[\u4e00-\u9fffA-Za-z/]{0,4})$")
_SUB_ROW = lazy_re(r"^其中[：:]?$")
_SENTENCE = lazy_re(r"[。；]")
_MAX_CELL_CHARS = 40


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def is_header_word(text: str) -> bool:
    squeezed = _squeeze(text)
    return bool(_FIGURE_HEADER.match(squeezed) or _TEXT_HEADER.match(squeezed))


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.match(_squeeze(text)))


def _rows(header: Sequence[str], cells: Sequence[str]) -> tuple[list[list[str]], int]:
    """Cut ``cells`` into rows of the header's width while each row reads as a table row."""
    width = len(header)
    figure_columns = [i for i, word in enumerate(header) if _FIGURE_HEADER.match(_squeeze(word))]
    rows: list[list[str]] = []
    used = 0
    while used + width <= len(cells):
        row = list(cells[used : used + width])
        taken = width
        if _SUB_ROW.match(_squeeze(row[0])) and used + width < len(cells) and not _is_figure(row[1]):
            # A merged 其中 cell written as its own cell: it belongs to the label after it.
            row = [f"其中：{row[1]}", *cells[used + 2 : used + width + 1]]
            taken = width + 1
        label = row[0]
        if (
            (label and _is_figure(label))
            or is_header_word(label)
            or any(not _is_figure(row[i]) for i in figure_columns)
        ):
            break
        rows.append(row)
        used += taken
    return rows, used


def join_run_on_rows(lines: Sequence[Sequence[str]]) -> list[list[str]]:
    """A web page's lines of " | " cells as rows: each line's cells up to its last written one, and a row
    whose last cells ran onto the next line joined again.

    A line that opens with a figure, a measurement or a blank mark ("500亩 | 5.0 |") carries no row label,
    so it is not a row of its own: it is the end of the line above when that line stopped short — it has
    fewer cells than the heading row above it (the last line with three header words), was not padded
    out to the table's width with empty cells (" | ||||", which marks a whole row) and is no heading row —
    and the two together are no longer than the heading row. Anything else is kept as written, and the
    table finder says where a row could not be placed."""
    width = 0
    rows: list[list[str]] = []
    padded_above = True
    for line in lines:
        written = max((i + 1 for i, cell in enumerate(line) if cell), default=0)
        row = list(line[:written])
        padded = len(line) - written >= 2
        previous = rows[-1] if rows else None
        if sum(map(is_header_word, row)) >= 3:
            width = len(row)
        elif (
            previous is not None
            and not padded_above
            and row
            and row[0]
            and (_is_figure(row[0]) or bool(_MEASURE.match(_squeeze(row[0]))))
            and sum(map(is_header_word, previous)) < 3
            and len(previous) < width
            and len(previous) + len(row) <= width
        ):
            previous.extend(row)
            padded_above = padded
            continue
        rows.append(row)
        padded_above = padded
    return rows


def _table(grid: Sequence[Sequence[str]]) -> Table:
    """A table of one cell per text, each row as given (no spans)."""
    return make_table([[make_cell(text, r, c) for c, text in enumerate(row)] for r, row in enumerate(grid)])


def read_cell_per_line(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    """Shape (b): header words one per line from ``start``; the table and the index after it."""
    i = start
    header: list[str] = []
    while i < len(lines) and is_header_word(lines[i]):
        header.append(lines[i].strip())
        i += 1
    if len(header) < 3 or not any(_FIGURE_HEADER.match(_squeeze(word)) for word in header):
        return None
    indices: list[int] = []
    while i < len(lines) and len(indices) < 200:
        text = lines[i].strip()
        if text:
            if len(text) > _MAX_CELL_CHARS or _SENTENCE.search(text):
                break
            indices.append(i)
        i += 1
    cells = [lines[k].strip() for k in indices]
    rows, used = _rows(header, cells)
    if not rows:
        return None
    after = indices[used - 1] + 1
    return cut_at_end(_table([header, *rows]), lines, after), after


def is_cell_run(line: str) -> bool:
    return line.count("|") + line.count("｜") >= 2 and not line.strip().startswith("|")


def read_cell_run(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    """Shape (c): " | "-separated cells from ``start``, rows running on; the table and the index after it."""
    end = start
    while end < len(lines) and is_cell_run(lines[end]):
        end += 1
    per_line = [[cell.strip() for cell in re.split(r"[|｜]", lines[k])] for k in range(start, end)]
    cells = [cell for line in per_line for cell in line]
    width = 0
    while width < len(cells) and (is_header_word(cells[width]) or (not cells[width] and width)):
        width += 1
    while width and not cells[width - 1]:
        width -= 1
    if width >= 3:
        rows, used = _rows(cells[:width], cells[width:])
        if rows and width + used == len(cells):
            return cut_at_end(_table([cells[:width], *rows]), lines, end), end
        # rows of differing lengths under a heading line: the web shape below
    if end - start >= 2 and len({len(line) for line in per_line}) == 1:
        return cut_at_end(_table(per_line), lines, end), end
    if end - start >= 2 and any(sum(map(is_header_word, line)) >= 3 for line in per_line):
        # A web page's rows with their merged cells dropped: as many cells as each row kept. The table
        # finder places them under their headers by what they carry (facts.table_align).
        rows = join_run_on_rows(per_line)
        return cut_at_end(_table(rows), lines, end), end
    return None


# ---- web pages: one cell per line, each ending in " |" ----------------------------------------------------

_PIPES = lazy_re(r"^[|｜\s]+$")
_MIN_CELL_LINES = 3


def is_cell_line(line: str) -> bool:
    """A line of a web page's table as copied: "年初预算数 |", "|", "||||||", "总额 | 0.00 | 3.36 |"."""
    stripped = line.strip()
    return bool(stripped) and stripped[-1] in "|｜"


def read_cell_lines(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    """Shape (d): a web page's table copied one cell per line, each line ending in " |"; a line of pipes
    alone ends a row (the page's row end), a lone "|" is an empty cell, a line with several cells is a row
    of its own. Where the page marks no row ends, rows are cut by the headings (``_rows_by_headings``).
    Merged cells are dropped by the page, so rows differ in length: the table finder places them under
    their headers (``facts.table_align``). The run is a table only when it holds single-cell lines and
    header words of a 绩效自评表; else None (the other shapes are tried)."""
    end = start
    while end < len(lines) and is_cell_line(lines[end]):
        end += 1
    rows: list[list[str]] = []
    current: list[str] = []
    singles = breaks = 0
    for k in range(start, end):
        stripped = lines[k].strip()
        if _PIPES.match(stripped):
            if stripped in ("|", "｜"):
                current.append("")
                continue
            breaks += 1
            if current:
                rows.append(current)
                current = []
            continue
        cells = [cell.strip() for cell in re.split(r"[|｜]", stripped)][:-1]
        if stripped[0] in "|｜":
            return None  # a Markdown pipe row: not this shape
        if len(cells) == 1:
            singles += 1
            current.append(cells[0])
            continue
        if current:
            rows.append(current)
            current = []
        while cells and not cells[-1]:
            cells.pop()  # a page pads a short row to the table's width
        rows.append(cells)
    if current:
        rows.append(current)
    words = sum(1 for row in rows for cell in row if is_header_word(cell))
    if singles < _MIN_CELL_LINES or words < 3:
        return None
    if not breaks:
        regrouped = _rows_by_headings([cell for row in rows for cell in row])
        if regrouped is None:
            return None
        rows = regrouped
    return cut_at_end(_table(rows), lines, end), end


def cut_at_end(table: Table, lines: Sequence[str], end: int) -> Table:
    """The table, marked ``truncated`` when the text ends inside it: nothing follows it but at most one
    short fragment (a cell cut mid-word, "岗"), the last line read is not a row end (a line of pipes), and
    its last row has fewer cells than its heading row (the first row with three header words, else the
    first row). An excerpt cut there lost the rest of the table: its rows can be judged, its sums cannot."""
    rest = [line.strip() for line in lines[end:] if line.strip()]
    if len(rest) > 1 or not table.rows:
        return table
    if rest and (len(rest[0]) > _MAX_CELL_CHARS or _SENTENCE.search(rest[0])):
        return table
    if not rest and end and _PIPES.match(lines[end - 1].strip()) and lines[end - 1].strip() not in ("|", "｜"):
        return table  # the page closed its last row
    heading = next((row for row in table.rows if sum(is_header_word(c.text) for c in row) >= 3), table.rows[0])
    last = table.rows[-1]
    if last is heading or len(last) >= len(heading):
        return table
    return replace(table, truncated=True)


# A cell that opens a row of a 自评表: a funding row's label, an 指标 name, the closing 合计/总分 row, or one
# of the form's text rows (评价结论, 存在问题 …).
_ROW_LABEL = lazy_re(
    r"^(?:其中[：:]?)?\S{0,12}(?:资金|拨款|总额|支出|补助|合计|总计|总分)$|^\S{0,10}指标(?:[（(]\d+分[）)])?$"
    r"|^(?:评价结论|存在问题|改进措施|说明|年度总体目标|项目负责人.*|财务负责人.*)$"
)


_MAX_LEAD = 2


def _is_lead(text: str) -> bool:
    squeezed = _squeeze(text)
    return bool(squeezed) and not _is_figure(squeezed) and len(squeezed) <= 20 and not _SENTENCE.search(squeezed)


def _rows_by_headings(cells: Sequence[str]) -> list[list[str]] | None:
    """One cell per line with no row ends (a 四川 page, www.scqs.gov.cn): rows cut by the headings.

    After a run of header words (the heading row, with the label cells just before it), each row opens
    at a row label (``_ROW_LABEL``: 总额, 其中：财政资金, 产出指标, 数量指标, 合计 …) and holds at most as many
    cells as the heading row; a row longer than that, or a heading row that never comes, means the cells
    cannot be regrouped: None, and the lines stay paragraphs (the table finder says so)."""
    rows: list[list[str]] = []
    width = 0
    i = 0
    while i < len(cells):
        run = i
        while run < len(cells) and is_header_word(cells[run]):
            run += 1
        if run - i >= 3:
            # the heading row: up to two label cells just before the header words ("预算执行情况（10分）",
            # "年度预算数（万元）"), then the header words
            lead: list[str] = []
            while rows and rows[-1] and len(lead) < _MAX_LEAD and _is_lead(rows[-1][-1]):
                lead.insert(0, rows[-1].pop())
            if rows and not rows[-1]:
                rows.pop()
            rows.append([*lead, *cells[i:run]])
            width = len(rows[-1])
            i = run
            continue
        cell = cells[i]
        # A label opens a row unless the row so far holds only labels (产出指标 then 数量指标: one row).
        only_labels = bool(rows) and all(c and _ROW_LABEL.match(_squeeze(c)) for c in rows[-1])
        if not rows or (cell and _ROW_LABEL.match(_squeeze(cell)) and not (only_labels and width)):
            rows.append([cell])
        else:
            rows[-1].append(cell)
            if width and len(rows[-1]) > width:
                return None
        i += 1
    return rows if width else None
