"""Excel workbooks (perfcheck.documents.xlsx*): sheets as captioned tables, values as displayed, limits.

Small workbooks are built with openpyxl in ``tmp_path``. openpyxl writes a formula with an empty
cached value (it does not calculate), so a formula *with* a cached value is made by
``samples/xlsx_builder.write_xlsx``, which writes the value into the sheet XML after saving, exactly
where Excel keeps it (``<c><f>E4/D4</f><v>0.95</v></c>``). Workbooks that must be refused are written
as raw zip parts, so each carries exactly the one defect it tests.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest
from spec import TableSpec
from xlsx_builder import Sheet, self_eval_sheets, write_xlsx

from perfcheck.documents import legacy, load_document, xlsx_package, xlsx_sheet
from perfcheck.documents.xlsx_format import display_number, format_code
from perfcheck.documents.xlsx_markers import EXCEL_ERRORS, UNCACHED_FORMULA, excel_error
from perfcheck.engine import check_file
from perfcheck.errors import InputError
from perfcheck.facts.table_model import parse_cell

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FUNDING = [
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "", "120.00", "150.00", "142.50", "10", "95.00%", "9.5"],
    ["其中", "本年财政拨款", "100.00", "130.00", "124.00", "—", "95.38%", "—"],
    ["", "上年结转资金", "20.00", "20.00", "18.50", "—", "92.50%", "—"],
]
MERGES = [(0, 0, 1, 2), (1, 0, 1, 2), (2, 0, 2, 1)]


def run_cli(*args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "perfcheck", *map(str, args)], capture_output=True, text=True, env=env)


def funding_workbook(tmp_path: Path, *, cached: bool = True, name: str = "form.xlsx") -> Path:
    formulas = {(r, 6): "={4}/{3}" for r in (1, 2, 3)}
    sheet = Sheet("项目资金", TableSpec(FUNDING, MERGES), lines=("项目支出绩效自评表", "单位：万元"), formulas=formulas)
    return write_xlsx([sheet], tmp_path / name, cached=cached)


def table_of(document, n: int = 0):
    return [b for b in document.blocks if b.kind == "table"][n].table


# --- reading ----------------------------------------------------------------------------------------


def test_sheet_becomes_caption_lines_and_table_with_spans(tmp_path):
    document = load_document(funding_workbook(tmp_path))
    assert document.format == "xlsx" and document.title == "项目支出绩效自评表"
    kinds = [(b.kind, b.text) for b in document.blocks if b.kind != "table"]
    assert kinds == [("heading", "项目支出绩效自评表"), ("heading", "项目资金"), ("paragraph", "单位：万元")]
    table = table_of(document)
    assert table.n_rows == 4 and table.n_columns == 8
    header = table.rows[0][0]
    assert (header.text, header.row_span, header.col_span) == ("项目资金（万元）", 1, 2)
    其中 = table.rows[2][0]
    assert (其中.text, 其中.row_span, 其中.col_span) == ("其中", 2, 1)
    assert [c.text for c in table.rows[3]] == ["上年结转资金", "20.00", "20.00", "18.50", "—", "92.50%", "—"]
    assert [s.title for s in document.outline] == ["项目资金"]


def test_cached_formula_values_read_through_their_number_format(tmp_path):
    table = table_of(load_document(funding_workbook(tmp_path)))
    rates = [table.grid()[r][6].text for r in (1, 2, 3)]
    assert rates == ["95.00%", "95.38%", "92.50%"]


def test_formula_without_cached_value_is_marked_never_zero(tmp_path):
    document = load_document(funding_workbook(tmp_path, cached=False))
    grid = table_of(document).grid()
    assert [grid[r][6].text for r in (1, 2, 3)] == [UNCACHED_FORMULA] * 3
    cell = parse_cell(UNCACHED_FORMULA)
    assert cell.value is None and not cell.blank  # unreadable: the table rules say unresolved
    assert any("3 个公式没有保存计算结果" in note and "G4" in note for note in document.notes)
    statuses = {f.status for f in check_file(document.path).findings if f.rule == "TB-RATE-01"}
    assert statuses == {"unresolved"}


@pytest.mark.parametrize(
    ("stored", "code", "shown"),
    [
        ("0.8575", "0.00%", "85.75%"),
        ("150", "0.00", "150.00"),
        ("142.5", "0.00", "142.50"),
        ("10", "General", "10"),
        ("10.0", "General", "10"),
        ("0.30000000000000004", "General", "0.3"),
        ("2.675", "0.00", "2.68"),  # half away from zero, after Excel's 15 significant digits
        ("1234567.891", "#,##0.00", "1,234,567.89"),
        ("-1234.5", "#,##0.00;[Red](#,##0.00)", "(1,234.50)"),
        ("0", '0.00;-0.00;"-"', "-"),
        ("12.5", '0.00"万元"', "12.50万元"),
        ("1234.5", "[$¥-804]#,##0.00", "¥1,234.50"),
        ("0.95", "0%", "95%"),
        ("123456", "0.00E+00", "1.23E+05"),
        ("45291", 'yyyy"年"m"月"d"日"', "2023年12月31日"),
        ("45291", "yyyy-mm-dd", "2023-12-31"),
        ("45291.75", "yyyy/m/d h:mm", "2023/12/31 18:00"),
        ("45291", format_code(14, {}), "2023/12/31"),  # built-in 14 as zh-CN Excel shows it
        ("45291", format_code(31, {}), "2023年12月31日"),  # zh-CN built-in stored by number only
    ],
)
def test_number_shown_as_excel_displays_it(stored, code, shown):
    assert display_number(stored, code) == shown


def test_typed_cells_in_a_workbook(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["指标", "比率", "金额", "日期", "整数", "布尔"])
    sheet.append(["完成率", 0.8575, 150, 45291, 12.0, True])
    sheet["B2"].number_format = "0.00%"
    sheet["C2"].number_format = "0.00"
    sheet["D2"].number_format = "yyyy-mm-dd"
    path = tmp_path / "typed.xlsx"
    workbook.save(path)
    assert [c.text for c in table_of(load_document(path)).rows[1]] == [
        "完成率",
        "85.75%",
        "150.00",
        "2023-12-31",
        "12",
        "TRUE",
    ]


def test_hidden_sheet_rows_and_columns_are_left_out_and_said(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    for row in (["项目", "预算", "隐藏列", "执行"], ["A", 10, 99, 9], ["隐藏行", 1, 1, 1], ["B", 20, 99, 18]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["C"].hidden = True
    secret = workbook.create_sheet("说明")
    secret["A1"] = "内部说明"
    secret.sheet_state = "hidden"
    path = tmp_path / "hidden.xlsx"
    workbook.save(path)
    document = load_document(path)
    table = table_of(document)
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "预算", "执行"],
        ["A", "10", "9"],
        ["B", "20", "18"],
    ]
    assert "内部说明" not in document.text and "隐藏行" not in document.text
    notes = " ".join(document.notes)
    assert "隐藏的工作表“说明”未读取" in notes and "第3行" in notes and "C列" in notes
    dumped = json.loads(run_cli("dump", path, "--json").stdout)
    assert dumped["notes"] == list(document.notes)
    assert dumped["blocks"][-1]["table"]["n_columns"] == 3


def test_excel_errors_read_as_their_literal_and_never_as_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["项目", "执行率", "引用"])
    sheet.append(["A", "#DIV/0!", "#REF!"])
    path = tmp_path / "errors.xlsx"
    workbook.save(path)
    document = load_document(path)
    row = [c.text for c in table_of(document).rows[1]]
    assert row == ["A", "#DIV/0!", "#REF!"] and set(row[1:]) <= EXCEL_ERRORS
    assert all(parse_cell(text).value is None for text in EXCEL_ERRORS)
    assert excel_error(row[1]) == "#DIV/0!" and excel_error("0") is None and excel_error(UNCACHED_FORMULA) is None
    assert any("B2 #DIV/0!" in note for note in document.notes)


def test_error_in_a_checked_cell_is_not_a_crash(tmp_path):
    path = funding_workbook(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["项目资金"]["G4"] = "#DIV/0!"
    workbook.save(path)
    findings = check_file(path).findings
    assert not [f for f in findings if f.status == "error"]
    assert {f.status for f in findings if f.rule == "TB-RATE-01"} == {"unresolved"}


def test_one_form_per_sheet_is_one_document(tmp_path):
    sheets = [Sheet(f"项目{n}", TableSpec(FUNDING, MERGES), lines=(f"项目{n}绩效自评表",)) for n in (1, 2, 3)]
    document = load_document(write_xlsx(sheets, tmp_path / "three.xlsx", cached=False))
    assert document.title == "项目1绩效自评表"
    assert [s.title for s in document.outline] == ["项目1", "项目2", "项目3"]
    assert [b.location.table for b in document.blocks if b.kind == "table"] == [0, 1, 2]
    assert "项目2绩效自评表" in [b.text for b in document.blocks if b.kind == "paragraph"]
    outline = run_cli("outline", document.path)
    assert outline.returncode == 0 and "项目3" in outline.stdout


def test_leading_lines_are_the_title_and_captions_not_an_empty_templates_labels(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "模板"
    sheet["A1"] = "部门整体支出绩效自评表"  # not merged: the text runs over the empty cells beside it
    sheet["A2"] = "（2023年度）"
    sheet["D3"] = "单位：万元"
    sheet["A4"] = "部门（单位）名称"  # a blank template: the value beside the label is still empty
    sheet.append(["资金来源", "年初预算数（A）", "全年执行数（B）", "得分"])
    notes = workbook.create_sheet("说明")
    for line in ("1.执行率=全年执行数/年初预算数", "2.得分保留两位小数"):
        notes.append([line])
    path = tmp_path / "template.xlsx"
    workbook.save(path)
    document = load_document(path)
    assert document.title == "部门整体支出绩效自评表"
    blocks = [(b.kind, b.text, b.location.describe()) for b in document.blocks if b.kind != "table"]
    assert blocks == [
        ("heading", "部门整体支出绩效自评表", "第1行"),
        ("heading", "模板", "表1"),
        ("paragraph", "（2023年度）", "第2行"),
        ("paragraph", "单位：万元", "第3行"),
        ("heading", "说明", "第1行"),  # the one-column 说明 sheet is text, not a table
        ("heading", "1.执行率=全年执行数/年初预算数", "第1行"),
        ("heading", "2.得分保留两位小数", "第2行"),
    ]
    table = table_of(document)
    assert [c.text for c in table.rows[0]] == ["部门（单位）名称", "", "", ""] and table.n_rows == 2
    assert len([b for b in document.blocks if b.kind == "table"]) == 1


def test_text_typed_under_the_form_reads_as_paragraphs_after_the_table(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["项目", "预算", "执行"])
    sheet.append(["合计", 10, 9])
    sheet.append(["评价结论"])  # a lone label that belongs to the form: it stays in the table
    sheet.append([None, "良好"])
    sheet.append(["五、存在的问题及原因"])
    sheet.append(["一是服务站选址变更，未能在年内建成。"])
    sheet.merge_cells("A3:A4")
    path = tmp_path / "under.xlsx"
    workbook.save(path)
    document = load_document(path)
    table = table_of(document)
    assert [c.text for c in table.rows[-1]] == ["良好", ""] and table.n_rows == 4  # 评价结论 spans two rows
    after = [(b.kind, b.text, b.location.describe()) for b in document.blocks[document.blocks.index(
        next(b for b in document.blocks if b.kind == "table")) + 1 :]]  # fmt: skip
    assert after == [
        ("heading", "五、存在的问题及原因", "第5行"),
        ("paragraph", "一是服务站选址变更，未能在年内建成。", "第6行"),
    ]


def test_sample_workbook_is_generated_by_its_script(tmp_path):
    again = write_xlsx(self_eval_sheets(), tmp_path / "again.xlsx")
    assert again.read_bytes() == (SAMPLES / "self-eval-table.xlsx").read_bytes()


# The rules that read only the funding table; TB-TEXT-01, TB-GRADE-01, TB-TOTAL-01 and TB-ADJ-01 also read the
# report's prose (a workbook has none: the .docx explains the 年中追加 in a paragraph).
TABLE_ONLY = ("TB-SUM-01", "TB-RATE-01", "TB-RSCORE-01", "TB-LOWRATE-01", "TB-TPL-01", "TB-CELL-01", "TB-COMP-01",
              "TB-COMP-02", "TB-WEIGHT-01", "TB-WEIGHT-02", "TB-WEIGHT-03")  # fmt: skip


def table_statuses(path: Path) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.status, f.message) for f in check_file(path).findings if f.rule in TABLE_ONLY)


def test_workbook_gives_the_same_table_statuses_as_the_docx():
    from_docx = table_statuses(SAMPLES / "self-eval-table.docx")
    assert table_statuses(SAMPLES / "self-eval-table.xlsx") == from_docx
    xlsx, docx = (table_of(load_document(SAMPLES / f"self-eval-table{s}")) for s in (".xlsx", ".docx"))
    assert _cells(xlsx) == _cells(docx)
    assert [s for _, s, _ in from_docx].count("pass") >= 7  # the sums, rates and score were really checked


def _cells(table):
    return [[(c.text, c.row, c.column, c.row_span, c.col_span) for c in row] for row in table.rows]


def test_official_one_table_form_reads_to_the_same_cells_and_statuses_as_the_docx(tmp_path):
    """The whole 项目支出绩效自评表 of 财预〔2020〕10号 (19 rows × 11 columns, vertical 项目资金 and 绩效指标 cells)."""
    from self_eval import clean_report, official_form

    path = write_xlsx(
        [Sheet("自评表", official_form(clean_report()), lines=("项目支出绩效自评表",))], tmp_path / "f.xlsx"
    )
    docx = SAMPLES / "self-eval" / "clean-one-table.docx"
    assert _cells(table_of(load_document(path))) == _cells(table_of(load_document(docx)))

    from_docx = table_statuses(docx)
    assert table_statuses(path) == from_docx
    assert [s for _, s, _ in from_docx].count("pass") >= 7  # the sums, rates and score were really checked


# --- refusing bad workbooks -------------------------------------------------------------------------

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_ROOT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_workbook(sheet_xml: str, sheets: int = 1, strings: str = "", styles: str = "", properties: str = "") -> bytes:
    """A minimal .xlsx whose ``sheets`` sheets all point at one part holding ``sheet_xml``; optionally a
    shared string table and a styles part (their inner XML), as Excel and WPS write them."""
    listed = "".join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(sheets))
    workbook = f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}">{properties}<sheets>{listed}</sheets></workbook>'
    relation = '<Relationship Id="{}" Type="{}/{}" Target="{}"/>'
    parts = {"rId1": ("worksheet", "worksheets/sheet1.xml", sheet_xml, "worksheet")}
    if strings:
        parts["rId2"] = ("sharedStrings", "sharedStrings.xml", strings, "sst")
    if styles:
        parts["rId3"] = ("styles", "styles.xml", styles, "styleSheet")
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(relation.format(rid, _R, kind, target) for rid, (kind, target, _, _) in parts.items())
        + "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        for _, target, inner, root in parts.values():
            archive.writestr(f"xl/{target}", f'<{root} xmlns="{_MAIN}">{inner}</{root}>')
    return buffer.getvalue()


def declared_bomb(name: bytes = b"xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose part ``name`` declares 3 GB inflated (the central directory says so; nothing else changes)."""
    data = bytearray(raw_workbook('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'))
    at = next(
        i for i in range(len(data)) if data[i : i + 4] == b"PK\x01\x02" and data[i + 46 : i + 46 + len(name)] == name
    )
    struct.pack_into("<I", data, at + 24, 3_000_000_000)
    return bytes(data)


def _ole(*streams: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"".join(s.encode("utf-16-le") for s in streams)


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


ONE_ROW = '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row></sheetData>'
BAD_WORKBOOKS = {
    "not-a-zip": (b"this is not a workbook" * 50, "不是有效的 Excel 工作簿"),
    "truncated": (raw_workbook(ONE_ROW)[:200], "损坏"),
    "encrypted": (_ole("EncryptedPackage", "EncryptionInfo"), "已加密"),
    "renamed-xls": (_ole("Workbook"), "旧版 Excel"),
    "a-docx": (_docx_bytes(), "Word 文档"),
    "zip-bomb": (declared_bomb(), "解压后过大"),
    "zip-bomb-in-rels": (declared_bomb(b"_rels/.rels"), "解压后过大"),
    "million-rows-declared": (raw_workbook('<dimension ref="A1:C1000000"/>' + ONE_ROW), "行数过多"),
    "million-rows-streamed": (
        raw_workbook('<sheetData><row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>'),
        "行数过多",
    ),
    "all-columns-declared": (raw_workbook('<dimension ref="A1:XFD10"/>' + ONE_ROW), "列数过多"),
    "all-columns-streamed": (
        raw_workbook('<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>'),
        "列数过多",
    ),
    "too-many-sheets": (raw_workbook(ONE_ROW, sheets=xlsx_package.MAX_SHEETS + 1), "工作表过多"),
    "empty-sheets": (raw_workbook("<sheetData/>"), "没有可读取的内容"),
}


@pytest.mark.parametrize("case", sorted(BAD_WORKBOOKS))
def test_bad_workbook_exits_3_with_one_line_naming_the_limit(tmp_path, case):
    data, words = BAD_WORKBOOKS[case]
    path = tmp_path / f"{case}.xlsx"
    path.write_bytes(data)
    result = run_cli(path)
    assert result.returncode == 3, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert words in lines[0] and path.name in lines[0]


def test_too_many_cells_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_sheet, "MAX_CELLS", 100)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c></row>' for r in range(1, 61))
    path = tmp_path / "cells.xlsx"
    path.write_bytes(raw_workbook(f"<sheetData>{rows}</sheetData>"))
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert "单元格过多" in raised.value.problem


def test_minimal_workbook_without_styles_or_strings_reads(tmp_path):
    path = tmp_path / "minimal.xlsx"
    path.write_bytes(raw_workbook(ONE_ROW))
    document = load_document(path)
    assert [c.text for c in table_of(document).rows[0]] == ["1", "2"] and document.title == "minimal"


@pytest.mark.parametrize("bad_ref", ["中1", "AB", "ＡＢ1", "ABCD1"])
def test_a_malformed_cell_reference_is_placed_by_its_position(tmp_path, bad_ref):
    """Only one to three ASCII letters and a row number are read as A1 (r="中1" once read as column 19949 and
    refused the workbook as too wide)."""
    sheet = f'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="{bad_ref}"><v>2</v></c></row></sheetData>'
    path = tmp_path / "refs.xlsx"
    path.write_bytes(raw_workbook(sheet))
    assert [c.text for c in table_of(load_document(path)).rows[0]] == ["1", "2"]


def test_shared_strings_styles_and_1904_dates_as_excel_and_wps_write_them(tmp_path):
    strings = (
        "<si><t>项目</t></si>"
        "<si><r><t>执行</t></r><r><rPr><b/></rPr><t>率</t></r><rPh sb='0' eb='1'><t>ジッコウ</t></rPh></si>"
        "<si><t>第一行_x000D_\n第二行</t></si>"
        "<si><t>_x005F_x000D_ is literal</t></si>"
    )
    styles = (
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="0.00&quot;万元&quot;"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="10"/><xf numFmtId="31"/></cellXfs>'
    )
    sheet = (
        '<dimension ref="A1:D2"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="s"><v>3</v></c></row>'
        '<row r="2"><c r="A2" s="1"><v>12.5</v></c><c r="B2" s="2"><v>0.8575</v></c><c r="C2" s="3"><v>43830</v></c>'
        '<c r="D2" t="b"><v>0</v></c></row>'
        "</sheetData>"
    )
    path = tmp_path / "excel.xlsx"
    path.write_bytes(raw_workbook(sheet, strings=strings, styles=styles, properties='<workbookPr date1904="1"/>'))
    rows = [[c.text for c in row] for row in table_of(load_document(path)).rows]
    assert rows == [
        ["项目", "执行率", "第一行\n第二行", "_x000D_ is literal"],
        ["12.50万元", "85.75%", "2024年1月1日", "FALSE"],  # 43830 days after 1904-01-01 (2019-12-30 in 1900)
    ]


def test_batch_finds_workbooks(tmp_path):
    from perfcheck.batch import discover_inputs

    funding_workbook(tmp_path, name="a.xlsx")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file while a.xlsx is open
    assert [p.name for p in discover_inputs([tmp_path])] == ["a.xlsx"]


# --- .xls / .et through LibreOffice, and where LibreOffice and WPS are found ------------------------


@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_old_spreadsheet_without_libreoffice_says_save_as_xlsx(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(legacy, "find_office", lambda: None)
    monkeypatch.setattr(legacy, "find_wps", lambda: None)
    path = tmp_path / f"old{suffix}"
    path.write_bytes(_ole("Workbook"))
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert "另存为 .xlsx" in raised.value.advice and "LibreOffice" in raised.value.problem


def test_message_names_wps_when_it_is_installed(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "find_office", lambda: None)
    monkeypatch.setattr(legacy, "find_wps", lambda: r"C:\WPS\et.exe")
    path = tmp_path / "old.et"
    path.write_bytes(_ole("Workbook"))
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert "WPS" in raised.value.advice and "另存为 .xlsx" in raised.value.advice


def test_old_spreadsheet_converted_keeps_path_hash_and_format(tmp_path, monkeypatch):
    converted = funding_workbook(tmp_path, name="prepared.xlsx")
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\nwhile [ $# -gt 0 ]; do case $1 in --outdir) shift; out=$1;; esac; last=$1; shift; done\n"
        f'mkdir -p "$out"; cp "{converted}" "$out/$(basename "${{last%.*}}").xlsx"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "find_office", lambda: str(fake))
    path = tmp_path / "report.xls"
    path.write_bytes(_ole("Workbook"))
    document = load_document(path)
    assert document.format == "xls" and document.path == str(path)
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert table_of(document).rows[1][0].text == "年度资金总额"


@pytest.fixture
def windows(monkeypatch, tmp_path):
    """os.name is "nt", nothing on PATH, Program Files folders under tmp_path, no registry entries."""
    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.setenv("ProgramFiles(x86)", str(tmp_path / "Program Files (x86)"))
    registry: dict[str, str] = {}
    fake = types.ModuleType("winreg")
    fake.HKEY_LOCAL_MACHINE, fake.HKEY_CURRENT_USER = 1, 2  # type: ignore[attr-defined]

    class Key:
        def __init__(self, value: str) -> None:
            self.value = value

        def __enter__(self) -> Key:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    def open_key(root: int, name: str) -> Key:
        if name not in registry:
            raise OSError(name)
        return Key(registry[name])

    fake.OpenKey = open_key  # type: ignore[attr-defined]
    fake.QueryValueEx = lambda key, name: (key.value, 1)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "winreg", fake)
    return registry


def _touch(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return os.path.join(*path.parts)


def test_windows_finds_libreoffice_in_program_files(windows, tmp_path):
    assert legacy.find_office() is None
    expected = _touch(tmp_path / "Program Files (x86)" / "LibreOffice" / "program" / "soffice.exe")
    assert legacy.find_office() == expected
    preferred = _touch(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    assert legacy.find_office() == preferred


def test_windows_finds_libreoffice_through_app_paths(windows, tmp_path):
    installed = _touch(tmp_path / "D" / "LibreOffice" / "program" / "soffice.exe")
    windows[r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"] = f'"{installed}"'
    assert legacy.find_office() == installed


def test_windows_finds_wps_office(windows, tmp_path, monkeypatch):
    assert legacy.find_wps() is None
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    _touch(tmp_path / "AppData" / "Local" / "Kingsoft" / "WPS Office" / "12.1.0" / "office6" / "et.exe")
    assert legacy.find_wps() == os.path.join(str(tmp_path / "AppData" / "Local"), "Kingsoft", "WPS Office")


def test_a_unit_line_is_not_taken_for_the_title(tmp_path):
    sheet = Sheet("资金", TableSpec(FUNDING, MERGES), lines=("单位：万元",))
    document = load_document(write_xlsx([sheet], tmp_path / "2023年养老项目自评表.xlsx"))
    assert document.title == "2023年养老项目自评表"
    assert [(b.kind, b.text) for b in document.blocks[:2]] == [("heading", "资金"), ("paragraph", "单位：万元")]
    assert [s.title for s in document.outline] == ["资金"]
