"""The .pdf loader on generated samples (built here with samples/pdf_builder.py) and one real report."""

from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "samples"))

from conftest import REAL, needs_real_corpus  # noqa: E402
from pdf_builder import write_pdf  # noqa: E402
from spec import report_spec, self_eval_spec  # noqa: E402

from perfcheck.documents import load_document  # noqa: E402
from perfcheck.errors import InputError  # noqa: E402
from perfcheck.model import Document  # noqa: E402

EXAMPLE_TXT = ROOT / "samples" / "qingshuitang-2018-overall.txt"
PUTUO_FINANCE = REAL / "putuo-finance-bureau-2024-final-accounts.pdf"
HEADER = "2018年度清水塘街道整体支出绩效评价报告"


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "qingshuitang-2018-overall.pdf"
    pages = write_pdf(report_spec(), path, header=HEADER)
    assert pages >= 3  # the header and footer tests need several pages
    return path


@pytest.fixture(scope="module")
def report(report_pdf: Path) -> Document:
    return load_document(report_pdf)


def _sections(doc: Document) -> list[str]:
    return [s.number.replace(" ", "") + "|" + s.title.replace(" ", "") for s in doc.sections()]


def _flat(doc: Document) -> str:
    return re.sub(r"\s+", "", "".join(block.norm for block in doc.blocks if block.kind != "table"))


def test_report_has_the_outline_of_the_text_version(report: Document) -> None:
    text = load_document(EXAMPLE_TXT)
    assert [s.label for s in report.outline] == [
        "一、整体支出概况",
        "二、整体支出资金使用及管理情况",
        "三、2018年绩效目标完成情况",
        "四、其他需要说明事宜",
    ]
    assert _sections(report) == _sections(text)
    assert report.title == "2018年度清水塘街道整体支出绩效评价报告"


def test_report_text_matches_the_text_version(report: Document) -> None:
    text = load_document(EXAMPLE_TXT)
    ratio = difflib.SequenceMatcher(None, _flat(text), _flat(report), autojunk=False).ratio()
    assert ratio >= 0.99


def test_numbers_broken_across_lines_are_rejoined(report: Document) -> None:
    norms = [block.norm for block in report.blocks]
    assert any("4508.18万元" in norm for norm in norms)
    assert any("其中社会发展事务支出301.97万元" in norm for norm in norms)
    # The sample really does break lines inside sentences: the paragraph above spans several lines.
    block = next(b for b in report.blocks if "4508.18万元" in b.norm)
    later = [b for b in report.blocks if b.index > block.index and b.location.page == block.location.page]
    assert later and later[0].location.line is not None and block.location.line is not None
    assert later[0].location.line - block.location.line >= 3


def test_running_header_and_page_numbers_are_dropped(report: Document) -> None:
    texts = [block.text for block in report.blocks]
    assert texts.count(HEADER) == 1  # the title itself, not one header per page
    assert report.blocks[0].text == HEADER
    for text in texts:
        assert not re.search(r"-\s*\d+\s*-", text)
        assert not re.fullmatch(r"\s*\d+\s*", text)


def test_locations_are_page_and_line(report: Document) -> None:
    assert report.pages is not None and report.pages >= 3
    assert report.format == "pdf"
    for block in report.blocks:
        assert block.location.page is not None and 1 <= block.location.page <= report.pages
        assert block.location.line is not None and block.location.line >= 1
    assert report.blocks[0].location.page == 1 and report.blocks[0].location.line == 1
    assert {block.location.page for block in report.blocks} == set(range(1, report.pages + 1))
    heading = next(b for b in report.blocks if b.text.startswith("二、"))
    assert heading.kind == "heading"
    assert heading.location.page == 2


def test_page_numbers_like_di_n_ye_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "footer.pdf"
    write_pdf(report_spec(), path, header=HEADER, footer="第 {page} 页")
    doc = load_document(path)
    assert not any("页" in block.text and re.search(r"第\s*\d+\s*页", block.text) for block in doc.blocks)
    assert _sections(doc) == _sections(load_document(EXAMPLE_TXT))


def test_self_eval_table_keeps_values_and_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "self-eval-table.pdf"
    write_pdf(self_eval_spec(), path)
    doc = load_document(path)
    tables = [block for block in doc.blocks if block.kind == "table"]
    assert len(tables) == 1
    block = tables[0]
    assert block.location.page == 1 and block.location.table == 0
    table = block.table
    assert table is not None
    assert (table.n_rows, table.n_columns) == (5, 8)
    grid = table.grid()
    header = grid[0][0]
    assert header is not None and header.text == "项目资金（万元）" and header.col_span == 2
    assert grid[0][1] is header
    among = grid[2][0]
    assert among is not None and among.text == "其中" and among.row_span == 3
    assert grid[3][0] is among and grid[4][0] is among
    cell = grid[1][4]
    assert cell is not None and cell.text == "142.50"
    assert [c.text for c in table.rows[0]][1:4] == ["年初预算数", "全年预算数", "全年执行数"]
    assert grid[2][1] is not None and grid[2][1].text == "本年财政拨款"
    # The table's text is not repeated as paragraphs, and the table sits between its neighbours.
    assert not any("142.50" in b.text for b in doc.blocks if b.kind != "table")
    before, after = doc.blocks[block.index - 1], doc.blocks[block.index + 1]
    assert before.text.endswith("如下：") and after.text == "三、绩效情况"
    # A one-page report: the running header that repeats the title is gone all the same.
    assert [b.text for b in doc.blocks].count("2023年度社区养老服务补助项目支出绩效自评报告") == 1


def _assert_refused(path: Path, words: str) -> None:
    before = path.read_bytes()
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert words in str(caught.value)
    assert path.read_bytes() == before


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(4096))
    _assert_refused(path, "不是有效的 PDF 文件或文件已损坏")


def test_truncated_pdf_is_refused(tmp_path: Path, report_pdf: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(report_pdf.read_bytes()[: report_pdf.stat().st_size // 2])
    _assert_refused(path, "不是有效的 PDF 文件或文件已损坏")


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "encrypted.pdf"
    canvas = Canvas(str(path), encrypt="secret", invariant=1)
    canvas.drawString(100, 700, "confidential")
    canvas.save()
    _assert_refused(path, "PDF 已加密（设置了打开密码）")


def test_image_only_pdf_is_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path), invariant=1)
    for page in range(2):
        canvas.rect(72, 72, 400, 600, fill=1)
        canvas.circle(300, 400 + page, 50)
        canvas.showPage()
    canvas.save()
    _assert_refused(path, "PDF 没有文字层，可能为扫描件，需先进行文字识别（OCR）")


@needs_real_corpus
def test_real_final_accounts_pdf() -> None:
    doc = load_document(PUTUO_FINANCE)
    assert doc.pages == 25
    # Checked by eye against the rendered page 21: one paragraph, numbers intact, no page furniture.
    para = next(b for b in doc.blocks if b.norm.startswith("本年收入合计2946.25万元"))
    assert para.norm == "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%；"
    assert para.location.page == 21
    tables = [b for b in doc.blocks if b.kind == "table" and b.table is not None]
    assert len(tables) >= 10
    # 收入决算表 (page 8): subject codes in their own columns, amounts in theirs, header spans.
    income = next(b.table for b in tables if b.location.page == 8)
    assert income is not None
    grid = income.grid()
    row = next(r for r in grid if r[3] is not None and r[3].text == "行政运行")
    assert [c.text if c else None for c in row[:6]] == ["201", "06", "01", "行政运行", "1,511.90", "1,511.89"]
    corner = grid[0][0]
    assert corner is not None and corner.text == "项目" and corner.col_span == 4
    # Table text is not repeated as paragraphs.
    assert not any("1,511.90" in b.text for b in doc.blocks if b.kind != "table")


def test_a_table_running_over_three_pages_is_one_table(tmp_path):
    from spec import Para, TableSpec

    grid = [["序号", "项目", "金额（万元）"]] + [[str(i), f"项目{i}", f"{i}.00"] for i in range(1, 80)]
    path = tmp_path / "long-table.pdf"
    write_pdf([Para("测试报告", level=0), Para("明细表如下："), TableSpec(grid=grid), Para("以上。")], path)
    document = load_document(path)
    tables = [b.table for b in document.blocks if b.table is not None]
    assert document.pages == 3 and len(tables) == 1
    assert tables[0].n_rows == 80
    assert [c.text for c in tables[0].rows[79]] == ["79", "项目79", "79.00"]
