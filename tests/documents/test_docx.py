"""The .docx loader (perfcheck.documents.docx), Word numbering, and the .doc/.wps path.

The example report is generated into a temporary folder from ``samples/spec.py`` in both numbering
modes (typed "一、" with heading styles; "一、" from Word's automatic numbering) and compared with
what the text loader reads from the published .txt. Small documents for single behaviours are built
with python-docx, with raw XML injected where python-docx has no API (text boxes, tracked changes,
numbering definitions).
"""

from __future__ import annotations

import difflib
import hashlib
import io
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from perfcheck.documents import docx as docx_loader
from perfcheck.documents import legacy, load_document
from perfcheck.documents.docx_package import Package
from perfcheck.documents.wordnumbering import chinese_number, format_number
from perfcheck.errors import InputError
from perfcheck.model import Document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
sys.path.insert(0, str(SAMPLES))

from docx_builder import write_docx  # noqa: E402
from spec import report_spec, self_eval_spec  # noqa: E402

EXAMPLE_TXT = SAMPLES / "qingshuitang-2018-overall.txt"
W_NS = nsdecls("w")
TOP_SECTIONS = [
    "一、整体支出概况",
    "二、整体支出资金使用及管理情况",
    "三、2018年绩效目标完成情况",
    "四、其他需要说明事宜",
]


def load(path: Path) -> Document:
    """Call the loader itself, so that a crash is not hidden by load_document's catch-all."""
    data = path.read_bytes()
    return docx_loader.load(path, data, hashlib.sha256(data).hexdigest())


def outline_labels(document: Document) -> list[str]:
    return [f"{s.number.replace(' ', '')}|{s.title}" for s in document.sections()]


def joined_norm(document: Document) -> str:
    return "".join("".join(block.norm.split()) for block in document.blocks)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("samples")
    return {
        "styles": write_docx(report_spec(), folder / "qingshuitang-2018-overall.docx", numbering="styles"),
        "auto": write_docx(report_spec(), folder / "qingshuitang-2018-overall-autonum.docx", numbering="auto"),
        "self-eval": write_docx(self_eval_spec(), folder / "self-eval-table.docx", numbering="styles"),
    }


@pytest.fixture(scope="module")
def from_text() -> Document:
    return load_document(EXAMPLE_TXT)


# --- the example report, in both numbering modes -------------------------------------------------


@pytest.mark.parametrize("variant", ["styles", "auto"])
def test_example_has_the_outline_of_the_text_version(generated, from_text, variant):
    document = load(generated[variant])
    assert document.title == "2018年度清水塘街道整体支出绩效评价报告"
    assert [s.label for s in document.outline] == TOP_SECTIONS
    assert [s.number for s in document.outline] == ["一、", "二、", "三、", "四、"]
    assert outline_labels(document) == outline_labels(from_text)


@pytest.mark.parametrize("variant", ["styles", "auto"])
def test_example_text_matches_the_text_version(generated, from_text, variant):
    document = load(generated[variant])
    ratio = difflib.SequenceMatcher(None, joined_norm(document), joined_norm(from_text), autojunk=False).ratio()
    assert ratio >= 0.99
    norms = [block.norm for block in document.blocks]
    assert any("4508.18万元" in norm for norm in norms)
    assert any("其中社会发展事务支出301.97万元" in norm for norm in norms)


def test_auto_numbered_headings_are_marked_generated(generated):
    tops = [b for b in load(generated["auto"]).blocks if b.heading_level == 1]
    assert [(b.number, b.number_generated, b.text) for b in tops] == [
        (label[:2], True, label) for label in TOP_SECTIONS
    ]
    typed = [b for b in load(generated["styles"]).blocks if b.heading_level == 1]
    assert [b.number_generated for b in typed] == [False] * 4
    assert [b.text for b in typed] == TOP_SECTIONS


def test_sample_builder_is_reproducible(generated, tmp_path):
    again = write_docx(report_spec(), tmp_path / "again.docx", numbering="auto")
    assert again.read_bytes() == generated["auto"].read_bytes()


def test_paragraph_locations_count_body_paragraphs(generated):
    document = load(generated["styles"])
    assert document.blocks[0].location.paragraph == 0
    assert document.blocks[1].location.paragraph == 1
    assert [b.location.paragraph for b in document.blocks] == sorted(b.location.paragraph for b in document.blocks)


# --- tables ------------------------------------------------------------------------------------------


def test_self_eval_table_keeps_values_and_spans(generated):
    document = load(generated["self-eval"])
    tables = [b for b in document.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].location.table == 0
    table = tables[0].table
    assert table is not None
    assert (table.n_rows, table.n_columns) == (5, 8)
    cells = {cell.text: cell for cell in table.cells()}
    assert (cells["其中"].row, cells["其中"].column, cells["其中"].row_span, cells["其中"].col_span) == (2, 0, 3, 1)
    assert (cells["项目资金（万元）"].col_span, cells["项目资金（万元）"].row_span) == (2, 1)
    assert cells["年度资金总额"].col_span == 2
    grid = table.grid()
    assert grid[1][4] is not None and grid[1][4].text == "142.50"
    assert grid[3][0] is cells["其中"] and grid[4][0] is cells["其中"]
    assert grid[3][1] is not None and grid[3][1].text == "上年结转资金"
    assert [c.text for c in table.rows[0]][:3] == ["项目资金（万元）", "年初预算数", "全年预算数"]
    # The paragraphs around the table keep their order: the table sits between 二、 and 三、.
    kinds = [b.kind for b in document.blocks]
    assert (
        kinds.index("table") == [b.text for b in document.blocks].index("项目支出绩效自评表（项目资金部分）如下：") + 1
    )


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_grid_before_vmerge_without_value_and_nested_tables(tmp_path):
    nested = f"<w:tbl><w:tr>{_tc('甲')}{_tc('乙')}</w:tr><w:tr>{_tc('丙')}{_tc('丁')}</w:tr></w:tbl>"
    restart, two = "<w:vMerge w:val='restart'/>", "<w:gridSpan w:val='2'/>"
    table = parse_xml(
        f"<w:tbl {W_NS}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{_tc('A', restart)}{_tc('B', two)}</w:tr>"
        f"<w:tr>{_tc('', '<w:vMerge/>')}{_tc('C')}<w:tc><w:p><w:r><w:t>D</w:t></w:r></w:p>{nested}</w:tc></w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>{_tc('E', two)}</w:tr>"
        "</w:tbl>"
    )

    def fill(document):
        document.add_paragraph("表格测试")
        document.element.body.insert(len(document.element.body) - 1, table)
        document.add_paragraph("表后段落")

    table_block = next(b for b in load(build(tmp_path, fill)).blocks if b.kind == "table")
    assert table_block.table is not None
    got = [[(c.text, c.row, c.column, c.row_span, c.col_span) for c in row] for row in table_block.table.rows]
    assert got == [
        [("A", 0, 0, 2, 1), ("B", 0, 1, 1, 2)],
        [("C", 1, 1, 1, 1), ("D\n甲 | 乙\n丙 | 丁", 1, 2, 1, 1)],
        [("E", 2, 1, 1, 2)],
    ]


# --- what is and is not body text --------------------------------------------------------------------

TEXT_BOX_DRAWING = (
    f'<w:r {W_NS} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    "<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    "<w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
)
TEXT_BOX_VML = (
    f'<w:r {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
    "<w:p><w:r><w:t>旧式文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)


def build(tmp_path: Path, fill: Callable[[docx.document.Document], None], name: str = "built.docx") -> Path:
    document = docx.Document()
    fill(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def test_headers_footers_and_text_boxes_stay_out(tmp_path):
    def fill(document):
        section = document.sections[0]
        section.header.paragraphs[0].text = "页眉：清水塘街道"
        section.footer.paragraphs[0].text = "第 1 页"
        paragraph = document.add_paragraph("正文开始")
        paragraph._p.append(parse_xml(TEXT_BOX_DRAWING))
        paragraph._p.append(parse_xml(TEXT_BOX_VML))
        paragraph.add_run("正文结束")

    document = load(build(tmp_path, fill))
    assert document.text == "正文开始正文结束"


def test_runs_inside_wrappers_count_and_deleted_text_does_not(tmp_path):
    inner = (
        f"<w:hyperlink {W_NS}><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        f'<w:ins {W_NS} w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
        f'<w:del {W_NS} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        f'<w:smartTag {W_NS} w:element="x"><w:r><w:t>标记</w:t></w:r></w:smartTag>'
        f'<w:fldSimple {W_NS} w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple>'
        f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r {W_NS}><w:instrText>HYPERLINK "x"</w:instrText></w:r>'
        f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r {W_NS}><w:t>域结果</w:t><w:tab/><w:t>制表</w:t><w:br/><w:t>换行</w:t></w:r>"
        f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>'
        f"<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
    )

    def fill(document):
        paragraph = document.add_paragraph("开头")
        for element in parse_xml(f"<w:wrap {W_NS}>{inner}</w:wrap>"):
            paragraph._p.append(element)

    document = load(build(tmp_path, fill))
    assert document.blocks[0].text == "开头链接插入标记3域结果\t制表\n换行"


def test_heading_styles_by_name_outline_level_and_localized_ids(tmp_path):
    def fill(document):
        styles = document.styles.element
        styles.append(parse_xml(f'<w:style {W_NS} w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>'))
        styles.append(
            parse_xml(
                f'<w:style {W_NS} w:type="paragraph" w:styleId="a5"><w:name w:val="我的标题"/>'
                '<w:basedOn w:val="Heading1"/></w:style>'
            )
        )
        styles.append(
            parse_xml(f'<w:style {W_NS} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>')
        )
        document.add_paragraph("报告标题", style="Title")
        toc = document.add_paragraph("一、概况\t1")
        toc._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="TOC1"/>'))
        document.add_paragraph("概况", style="Heading 1")
        second = document.add_paragraph("二级标题")
        second._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="2"/>'))
        custom = document.add_paragraph("继承的标题")
        custom._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="a5"/>'))
        outlined = document.add_paragraph("大纲级别三")
        outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W_NS} w:val="2"/>'))
        document.add_paragraph("正文。")

    document = load(build(tmp_path, fill))
    assert document.title == "报告标题"
    got = [(b.text, b.heading_level, b.location.paragraph) for b in document.blocks]
    assert got == [
        ("报告标题", 0, 0),
        ("概况", 1, 2),  # the TOC entry (paragraph 1) is left out but still counted
        ("二级标题", 2, 3),
        ("继承的标题", 1, 4),
        ("大纲级别三", 3, 5),
        ("正文。", None, 6),
    ]


def test_styles_with_another_prefix_are_parsed_whole(tmp_path, generated):
    """The byte-search shortcut for styles.xml needs the usual ``w:`` prefix; other files take the slow path."""
    source = generated["styles"]
    with zipfile.ZipFile(source) as zin:
        entries = {info.filename: zin.read(info) for info in zin.infolist()}
    styles = entries["word/styles.xml"]
    for old, new in ((b"<w:", b"<q:"), (b"</w:", b"</q:"), (b" w:", b" q:"), (b"xmlns:w=", b"xmlns:q=")):
        styles = styles.replace(old, new)
    entries["word/styles.xml"] = styles
    target = tmp_path / "prefix.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries.items():
            zout.writestr(name, data)
    assert outline_labels(load(target)) == outline_labels(load(source))
    assert load(target).blocks[1].heading_level == 1
    for path in (source, target):  # the default paragraph style is found either way
        assert Package(path, path.read_bytes()).styles().default == "Normal"


def test_a_default_style_id_with_an_entity_is_read_as_its_text(tmp_path, generated):
    """The byte-search shortcut reads the default style's id from the raw XML: its entities are decoded."""
    source = generated["styles"]
    with zipfile.ZipFile(source) as zin:
        entries = {info.filename: zin.read(info) for info in zin.infolist()}
    for name in ("word/styles.xml", "word/document.xml"):
        entries[name] = entries[name].replace(b'w:styleId="Normal"', b'w:styleId="Normal&amp;Body"')
        entries[name] = entries[name].replace(b'w:val="Normal"', b'w:val="Normal&amp;Body"')
    target = tmp_path / "entity.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries.items():
            zout.writestr(name, data)
    assert Package(target, target.read_bytes()).styles().default == "Normal&Body"


# --- Word automatic numbering ------------------------------------------------------------------------


def _lvl(ilvl: int, text: str, fmt: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


NUMBERING = (
    '<w:abstractNum w:abstractNumId="10">'
    + _lvl(0, "%1、", "chineseCounting")
    + _lvl(1, "（%2）", "chineseCounting")
    + _lvl(2, "%3.", "decimal")
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="11">'
    + _lvl(0, "%1.", "decimal")
    + _lvl(1, "%1.%2", "decimal")
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="12">'
    + _lvl(0, "%1", "decimalEnclosedCircle", start=3)
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="13">'
    + _lvl(0, "\uf0b7", "bullet")
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="14">'
    + _lvl(0, "第%1章", "chineseCounting", extra='<w:pStyle w:val="Heading1"/>')
    # w:isLgl: "1.1" rather than "一.1" under a chineseCounting parent.
    + _lvl(1, "%1.%2", "decimal", extra='<w:pStyle w:val="Heading2"/><w:isLgl/>')
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="11"/>'
    + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="10"/></w:num>'
    + '<w:num w:numId="5"><w:abstractNumId w:val="12"/></w:num>'
    + '<w:num w:numId="6"><w:abstractNumId w:val="13"/></w:num>'
    + '<w:num w:numId="7"><w:abstractNumId w:val="14"/></w:num>'
)


def numbered_document(tmp_path: Path, items: list[tuple[str, str | None, int | None, str | None]]) -> Document:
    """Paragraphs (text, numId, ilvl, style) over the NUMBERING definitions above."""

    def fill(document):
        root = document.part.numbering_part.element
        for child in list(root):
            root.remove(child)
        for child in parse_xml(f"<w:numbering {W_NS}>{NUMBERING}</w:numbering>"):
            root.append(child)
        for style in ("Heading 1", "Heading 2"):  # numbered through the style, without w:ilvl
            ppr = document.styles[style].element.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {W_NS}><w:numId w:val="7"/></w:numPr>'))
        for text, num_id, ilvl, style in items:
            paragraph = document.add_paragraph(text, style=style)
            if num_id is not None:
                level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
                numpr = f'<w:numPr {W_NS}>{level}<w:numId w:val="{num_id}"/></w:numPr>'
                paragraph._p.get_or_add_pPr().append(parse_xml(numpr))

    return load(build(tmp_path, fill))


def test_numbering_labels_counters_and_resets(tmp_path):
    items = [
        ("标题", None, None, None),
        ("基本情况", "1", 0, None),
        ("部门职能", "1", 1, None),
        ("人员情况", "1", 1, None),
        ("在编人员", "1", 2, None),
        ("聘用人员", "1", 2, None),
        ("资产情况", "1", 1, None),
        ("资金情况", "1", 0, None),
        ("预算安排", "1", 1, None),  # restarts at （一） under the new 二、
        ("多级一", "2", 0, None),
        ("多级子一", "2", 1, None),
        ("多级子二", "2", 1, None),
        ("多级二", "2", 0, None),
        ("多级二之一", "2", 1, None),
        ("另起编号", "3", 0, None),  # startOverride 5: a list of its own
        ("续编", "4", 0, None),  # same abstractNum as numId 1, no override: continues after 二、
        ("圈号", "5", 0, None),
        ("圈号二", "5", 0, None),
        ("项目符号", "6", 0, None),
        ("取消编号", "0", 0, None),
    ]
    document = numbered_document(tmp_path, items)
    got = [(b.number, b.body) for b in document.blocks[1:]]
    assert got == [
        ("一、", "基本情况"),
        ("（一）", "部门职能"),
        ("（二）", "人员情况"),
        ("1.", "在编人员"),
        ("2.", "聘用人员"),
        ("（三）", "资产情况"),
        ("二、", "资金情况"),
        ("（一）", "预算安排"),
        ("1.", "多级一"),
        ("1.1", "多级子一"),
        ("1.2", "多级子二"),
        ("2.", "多级二"),
        ("2.1", "多级二之一"),
        ("5.", "另起编号"),
        ("三、", "续编"),
        ("③", "圈号"),
        ("④", "圈号二"),
        ("", "项目符号"),
        ("", "取消编号"),
    ]
    assert all(b.number_generated for b in document.blocks[1:] if b.number)


def test_numbering_inherited_from_heading_styles(tmp_path):
    items = [
        ("总则", None, None, "Heading 1"),
        ("目的", None, None, "Heading 2"),
        ("范围", None, None, "Heading 2"),
        ("职责", None, None, "Heading 1"),
        ("分工", None, None, "Heading 2"),
    ]
    document = numbered_document(tmp_path, items)
    assert [b.text for b in document.blocks] == ["第一章总则", "1.1目的", "1.2范围", "第二章职责", "2.1分工"]
    assert [s.label for s in document.outline] == ["第一章总则", "第二章职责"]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (21, "chineseCounting", "二十一"),
        (105, "chineseCountingThousand", "一百零五"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (3, "ideographTraditional", "丙"),
        (3, "decimalEnclosedCircleChinese", "③"),
        (28, "lowerLetter", "bb"),
        (4, "upperLetter", "D"),
        (14, "lowerRoman", "xiv"),
        (9, "upperRoman", "IX"),
        (12, "decimalFullWidth", "１２"),
        (7, "decimalZero", "07"),
        (7, "someFutureFormat", "7"),
    ],
)
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_chinese_numbers_with_zeros_and_ten_thousands():
    digits, units = "零一二三四五六七八九", ("", "十", "百", "千")
    assert chinese_number(1010, digits, units, short_ten=True) == "一千零一十"
    assert chinese_number(10001, digits, units, short_ten=True) == "一万零一"


# --- bad input -----------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _ole(*streams: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"".join(s.encode("utf-16-le") for s in streams)


def _corrupt_document_part(good: bytes) -> bytes:
    """Garble the compressed bytes of word/document.xml, leaving the zip's directory intact."""
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(good)
    for i in range(start + 20, start + min(info.compress_size, 120)):
        data[i] ^= 0x5A
    return bytes(data)


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
BAD_INPUTS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "image": (lambda good: PNG, "不是有效的 Word 文档（.docx 实为 zip 压缩包，此文件不是）"),
    "truncated": (lambda good: good[: len(good) // 2], "被截断"),
    "corrupt-part": (_corrupt_document_part, "无法解压"),
    "no-document": (lambda good: _zip({"word/styles.xml": b"<x/>"}), "没有 word/document.xml"),
    "spreadsheet": (lambda good: _zip({"xl/workbook.xml": b"<x/>"}), "Excel"),
    "bad-xml": (lambda good: _zip({"word/document.xml": b"<w:document><w:body>"}), "不是有效的 XML"),
    "encrypted": (lambda good: _ole("EncryptionInfo", "EncryptedPackage"), "文件已加密（设置了打开密码）"),
    "renamed-doc": (lambda good: _ole("WordDocument", "1Table"), "旧版 Word 格式（.doc）"),
    "unknown-ole": (lambda good: _ole("Something"), "或是改了扩展名的旧版 .doc"),
    "empty": (
        lambda good: _zip({"word/document.xml": f"<w:document {W_NS}><w:body><w:p/></w:body></w:document>".encode()}),
        "文档中没有文字内容",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_error(tmp_path, generated, case):
    make, problem = BAD_INPUTS[case]
    path = tmp_path / f"{case}.docx"
    path.write_bytes(make(generated["styles"].read_bytes()))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(InputError) as raised:
        load(path)
    assert str(path) in str(raised.value)
    assert problem in raised.value.problem
    assert raised.value.advice
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    with pytest.raises(InputError):  # and through the public entry point, as the CLI calls it
        load_document(path)


@pytest.mark.parametrize("megabytes", [300, 50])  # over the 200 MB total; 50 MB of zeros is ~1000:1
def test_zip_bomb_is_refused_before_inflating(tmp_path, megabytes):
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    with archive, archive.open("word/document.xml", "w", force_zip64=True) as entry:
        chunk = b"\0" * (1 << 20)
        for _ in range(megabytes):
            entry.write(chunk)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 2_000_000
    start = time.perf_counter()
    with pytest.raises(InputError) as raised:
        load(path)
    assert time.perf_counter() - start < 1.0
    assert "过大" in raised.value.problem and str(path) in str(raised.value)


def test_input_file_is_not_modified(generated):
    path = generated["auto"]
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- .doc / .wps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_legacy_without_libreoffice_says_save_as_docx(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    path = tmp_path / f"old{suffix}"
    path.write_bytes(_ole("WordDocument"))
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert "另存为 .docx" in str(raised.value)
    assert "LibreOffice" in raised.value.problem and str(path) in str(raised.value)


def test_legacy_conversion_failure_is_an_input_error(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "find_office", lambda: str(fake))
    path = tmp_path / "broken.doc"
    path.write_bytes(_ole("WordDocument"))
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert "could not be loaded" in raised.value.problem and "另存为 .docx" in raised.value.advice


def test_legacy_converted_document_keeps_original_path_and_hash(tmp_path, monkeypatch, generated):
    # A stand-in for soffice that "converts" by copying a prepared .docx into --outdir.
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\nwhile [ $# -gt 0 ]; do case $1 in --outdir) shift; out=$1;; esac; last=$1; shift; done\n"
        f'mkdir -p "$out"; cp "{generated["self-eval"]}" "$out/$(basename "${{last%.*}}").docx"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "find_office", lambda: str(fake))
    path = tmp_path / "report.wps"
    path.write_bytes(_ole("WordDocument"))
    document = load_document(path)
    assert document.path == str(path) and document.format == "wps"
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.title == "2023年度社区养老服务补助项目支出绩效自评报告"
