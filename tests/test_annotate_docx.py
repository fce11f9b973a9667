"""Word comments on the report itself: each on exactly the phrase, cell or title it is about, nothing else changed.

Every test reopens the written copy and reads, for each comment, the text between its range markers.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLE_DOCX as EXAMPLE
from conftest import SAMPLES
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx_builder import _add_chinese_list, _number
from lxml import etree

from perfcheck.documents import load_document
from perfcheck.engine import check_document
from perfcheck.errors import UsageError
from perfcheck.kinds import base
from perfcheck.model import Excerpt, Finding, Location, Verdict
from perfcheck.report import anchors
from perfcheck.report.annotate_docx import annotate_docx

W_T = qn("w:t")


def anchored_comments(path: Path) -> list[tuple[str, str, str]]:
    """(anchored text, comment text, author) for every comment, in comment-id order."""
    word = docx.Document(str(path))
    texts: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for element in word.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(element.get(qn("w:id")))
            texts.setdefault(element.get(qn("w:id")), [])
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif element.tag == W_T and not _deleted(element):
            for comment_id in open_ids:
                texts[comment_id].append(element.text or "")
    return [("".join(texts.get(str(c.comment_id), [])), c.text, c.author) for c in word.comments]


def _deleted(element) -> bool:
    return any(parent.tag == qn("w:del") for parent in element.iterancestors())


def body_texts(path: Path) -> list[str]:
    word = docx.Document(str(path))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return [p.text for p in word.paragraphs] + cells


def check(path: Path, ruleset) -> tuple[Verdict, object]:
    document = load_document(path)
    return check_document(document, ruleset), document


def annotate(tmp_path: Path, source: Path, ruleset, level="warning") -> tuple[Path, Verdict]:
    verdict, document = check(source, ruleset)
    target = tmp_path / "annotated.docx"
    annotate_docx(source, verdict, document, target, level)
    return target, verdict


def test_every_finding_is_a_comment_on_exactly_its_phrase(tmp_path, ruleset):
    before = hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    target, verdict = annotate(tmp_path, EXAMPLE, ruleset)
    comments = anchored_comments(target)
    failing = [f for f in verdict.findings if f.status == "fail"]
    assert len(comments) == len(failing) + 1  # one per finding, and the counts on the title
    assert all(author == "perfcheck" for _, _, author in comments)
    anchored = {(text, comment.split("\n")[0].split("（")[0]) for text, comment, _ in comments}
    assert ("为全年任务数的85%", "CM-COMP-01") in anchored
    assert ("社会管理事务", "OE-CONS-01") in anchored
    assert ("1-10月", "CM-PER-01") in anchored
    assert ("截至目前", "CM-PER-01") in anchored
    for finding in failing:
        if finding.rule in ("CM-EST-01", "CM-PER-01"):
            match = finding.evidence["match"]
            assert any(text == match and finding.message in comment for text, comment, _ in comments), match
    assert EXAMPLE.read_bytes() and hashlib.sha256(EXAMPLE.read_bytes()).hexdigest() == before
    assert body_texts(target) == body_texts(EXAMPLE)


def test_title_carries_the_counts_and_the_missing_sections(tmp_path, ruleset):
    target, verdict = annotate(tmp_path, EXAMPLE, ruleset)
    comments = anchored_comments(target)
    title = verdict.title
    counts = [c for text, c, _ in comments if text == title and c.startswith("perfcheck 检查结果")]
    assert len(counts) == 1
    assert f"不通过 {verdict.count('fail')}" in counts[0] and "13 个问题" in counts[0]
    missing = [c for text, c, _ in comments if text == title and c.startswith("OE-SEC-02")]
    assert len(missing) == 2 and any("存在的问题及原因" in c for c in missing)


def test_message_with_its_arithmetic_and_rule_id(tmp_path, ruleset):
    injected = SAMPLES / "qingshuitang-2018-injected.docx"
    target, verdict = annotate(tmp_path, injected, ruleset, level="error")
    comments = anchored_comments(target)
    errors = [f for f in verdict.findings if f.status == "fail" and f.severity == "error"]
    assert errors and len(comments) == len(errors) + 1
    breakdown = next(c for _, c, _ in comments if c.startswith("CM-BRK-01"))
    assert "301.97 + 300.5 + 79.79 + 278.65 + 753.68 + 556.59 = 2271.18万元" in breakdown
    assert "（错误）" in breakdown
    assert not any(c.startswith("CM-EST-01") for _, c, _ in comments)  # warnings are below --annotate-level error


def _numbered_report(path: Path) -> Path:
    """A report whose level-1 headings are numbered by Word, and a phrase split over differently formatted runs."""
    word = docx.Document()
    word.add_paragraph("2020年度某街道整体支出绩效自评报告", style="Title")
    num_id = _add_chinese_list(word)
    heading = word.add_paragraph("预计完成财税5.1亿元的说明", style="Heading 1")
    _number(heading, num_id)
    paragraph = word.add_paragraph("全年")
    bold = paragraph.add_run("预计完成")
    bold.bold = True
    paragraph.add_run("固定资产投资32亿元，完成率100%。")
    small = paragraph.runs[-1]
    small.font.size = Pt(9)
    word.save(str(path))
    return path


def test_generated_numbers_are_not_in_the_runs_and_formatting_survives_the_split(tmp_path, ruleset):
    source = _numbered_report(tmp_path / "numbered.docx")
    document = load_document(source)
    assert document.blocks[1].number_generated and document.blocks[1].text.startswith("一、")
    target, _ = annotate(tmp_path, source, ruleset)
    comments = anchored_comments(target)
    assert ("预计完成财税5.1亿元", "CM-EST-01") in {(t, c.split("（")[0]) for t, c, _ in comments}
    assert "预计完成固定资产投资32亿元" in [t for t, _, _ in comments]
    paragraph = docx.Document(str(target)).paragraphs[2]
    assert paragraph.text == "全年预计完成固定资产投资32亿元，完成率100%。"
    bold = [run.text for run in paragraph.runs if run.bold]
    assert "".join(bold) == "预计完成"
    nine_point = "".join(run.text for run in paragraph.runs if run.font.size == Pt(9))
    assert nine_point == "固定资产投资32亿元，完成率100%。"
    assert body_texts(target) == body_texts(source)


def _table_report(path: Path) -> Path:
    word = docx.Document()
    word.add_paragraph("2023年度某项目支出绩效自评报告", style="Title")
    word.add_paragraph("一、基本情况")
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "资金（万元）"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "年度资金总额"
    table.cell(1, 1).text = "预算数"
    table.cell(1, 2).text = "100.00"
    table.cell(2, 1).text = "执行数"
    table.cell(2, 2).text = "95.00"
    word.add_paragraph("二、绩效情况")
    word.save(str(path))
    return path


def _finding(rule: str, where: Excerpt, severity="warning", message="测试说明") -> Finding:
    return Finding(rule, "fail", severity, message, "测试规则", where)


def _verdict(document, findings) -> Verdict:
    return Verdict(
        document.path, document.sha256, "common", "test", "", document.title, tuple(findings), "fail", "error", False
    )


def test_findings_in_tables_sit_on_their_cell_and_merged_cells_on_their_origin(tmp_path):
    source = _table_report(tmp_path / "table.docx")
    document = load_document(source)
    table = next(b for b in document.blocks if b.kind == "table")
    findings = [
        _finding("TB-A", Excerpt(table.index, "", Location(table=0, row=2, column=2))),
        _finding("TB-B", Excerpt(table.index, "", Location(table=0, row=2, column=0))),  # inside the vertical merge
        _finding("TB-C", Excerpt(table.index, "", Location(table=0, row=0, column=2))),  # inside the horizontal one
    ]
    target = tmp_path / "out.docx"
    annotate_docx(source, _verdict(document, findings), document, target)
    anchored = {c.split("（")[0]: t for t, c, _ in anchored_comments(target) if c.startswith("TB-")}
    assert anchored == {"TB-A": "95.00", "TB-B": "年度资金总额", "TB-C": "资金（万元）"}
    assert body_texts(target) == body_texts(source)


def _verdict_for_phrase(document, block: int, phrase: str) -> Verdict:
    start = document.blocks[block].norm.index(phrase)  # kinds give spans of the normalised text
    where = base.make_excerpt(document, block, start, start + len(phrase))
    return _verdict(document, [_finding("T-1", where)])


def _edit(source: Path, target: Path, change) -> Path:
    word = docx.Document(str(source))
    change(word)
    word.save(str(target))
    return target


def test_a_phrase_that_moved_is_still_found_and_one_that_vanished_is_said_so(tmp_path):
    document = load_document(EXAMPLE)
    block = next(b.index for b in document.blocks if "为全年任务数的85%" in b.text)
    verdict = _verdict_for_phrase(document, block, "为全年任务数的85%")

    def insert_paragraph(word):
        word.paragraphs[1].insert_paragraph_before("新增的一段文字。")
        paragraph = next(p for p in word.paragraphs if "为全年任务数的85%" in p.text)
        paragraph.runs[0].text = "（修订）" + paragraph.runs[0].text

    moved = _edit(EXAMPLE, tmp_path / "moved.docx", insert_paragraph)
    annotate_docx(moved, verdict, document, tmp_path / "moved-out.docx")
    comments = anchored_comments(tmp_path / "moved-out.docx")
    assert [(t, anchors.NOT_LOCATED in c) for t, c, _ in comments if c.startswith("T-1")] == [
        ("为全年任务数的85%", False)
    ]

    def remove_phrase(word):
        for paragraph in word.paragraphs:
            for run in paragraph.runs:
                run.text = run.text.replace("为全年任务数的85%", "已完成")

    gone = _edit(EXAMPLE, tmp_path / "gone.docx", remove_phrase)
    result = annotate_docx(gone, verdict, document, tmp_path / "gone-out.docx")
    assert result.approximate == 1
    comment = next((t, c) for t, c, _ in anchored_comments(tmp_path / "gone-out.docx") if c.startswith("T-1"))
    assert anchors.NOT_LOCATED in comment[1]
    paragraph = docx.Document(str(gone)).paragraphs[document.blocks[block].location.paragraph]
    assert comment[0] == paragraph.text  # the nearest block: the paragraph the phrase was in


def _report_with_history(path: Path) -> Path:
    """A report that already has a reviewer's comment, a tracked insertion and deletion, and a header."""
    word = docx.Document(str(EXAMPLE))
    word.sections[0].header.paragraphs[0].text = "清水塘街道办事处"
    first = next(p for p in word.paragraphs if "为全年任务数的85%" in p.text)
    word.add_comment(first.runs[0], text="请核实", author="审核员甲", initials="J")
    paragraph = word.paragraphs[2]
    tracked = parse_xml(
        f'<w:ins {nsdecls("w")} w:id="901" w:author="甲" w:date="2019-03-01T00:00:00Z">'
        "<w:r><w:t>（插入）</w:t></w:r></w:ins>"
    )
    deleted = parse_xml(
        f'<w:del {nsdecls("w")} w:id="902" w:author="甲" w:date="2019-03-01T00:00:00Z">'
        "<w:r><w:delText>（删除）</w:delText></w:r></w:del>"
    )
    paragraph._p.append(tracked)
    paragraph._p.append(deleted)
    word.save(str(path))
    return path


def _canonical(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


def test_styles_numbering_headers_comments_and_tracked_changes_are_kept(tmp_path, ruleset):
    source = _report_with_history(tmp_path / "history.docx")
    target, verdict = annotate(tmp_path, source, ruleset)
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        for name in before.namelist():
            if name.endswith(".xml") and name not in ("word/document.xml", "word/comments.xml", "[Content_Types].xml"):
                assert _canonical(before.read(name)) == _canonical(after.read(name)), name
        document_xml = after.read("word/document.xml").decode()
    assert "（插入）" in document_xml and "<w:delText>（删除）</w:delText>" in document_xml
    comments = anchored_comments(target)
    assert [(c, a) for _, c, a in comments if a == "审核员甲"] == [("请核实", "审核员甲")]
    assert len(comments) == 1 + 1 + verdict.count("fail")
    assert docx.Document(str(target)).sections[0].header.paragraphs[0].text == "清水塘街道办事处"
    assert body_texts(target) == body_texts(source)


def test_refuses_to_write_over_the_input(tmp_path, ruleset):
    source = shutil.copy(EXAMPLE, tmp_path / "report.docx")
    verdict, document = check(Path(source), ruleset)
    digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.docx").symlink_to(source)
    (tmp_path / "hard.docx").hardlink_to(source)
    for target in (source, tmp_path / "sub" / ".." / "report.docx", tmp_path / "link.docx", tmp_path / "hard.docx"):
        with pytest.raises(UsageError, match="不会覆盖原文件"):
            annotate_docx(source, verdict, document, target)
    assert hashlib.sha256(Path(source).read_bytes()).hexdigest() == digest


def _run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "perfcheck", *map(str, args)], capture_output=True, text=True)


@pytest.mark.parametrize("name", ["qingshuitang-2018-overall.pdf", "qingshuitang-2018-overall.txt"])
def test_cli_annotate_needs_a_docx_and_points_to_html(tmp_path, name):
    result = _run(SAMPLES / name, "--annotate", tmp_path / "out.docx")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and ".docx" in lines[0] and "--html" in lines[0]
    assert not (tmp_path / "out.docx").exists()


def test_cli_annotate_writes_the_copy_and_keeps_the_exit_code(tmp_path):
    result = _run(EXAMPLE, "-q", "--annotate", tmp_path / "out.docx", "--annotate-level", "warning")
    assert result.returncode == 0, result.stderr  # warnings only: below the default --fail-on error
    assert "13 条批注" in result.stderr
    assert len(anchored_comments(tmp_path / "out.docx")) == 14
    refused = _run(EXAMPLE, "--annotate", EXAMPLE)
    assert refused.returncode == 2 and "不会覆盖原文件" in refused.stderr


def test_split_run_gives_both_halves_the_formatting():
    run = parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:b/></w:rPr><w:t>ab</w:t></w:r>")
    from perfcheck.report.annotate_docx import split_run

    parent = parse_xml(f"<w:p {nsdecls('w')}/>")
    parent.append(run)
    tail = split_run(run, 1)
    assert [t.text for t in parent.iter(W_T)] == ["a", "b"]
    assert tail.find(qn("w:rPr")) is not None and tail.find(qn("w:rPr")) is not run.find(qn("w:rPr"))
    assert [len(r.findall(qn("w:rPr"))) for r in parent] == [1, 1]


def test_a_finding_about_a_row_spans_its_own_cells_not_the_merged_one_above(tmp_path):
    source = _table_report(tmp_path / "table.docx")
    document = load_document(source)
    table = next(b for b in document.blocks if b.kind == "table")
    row_only = _finding("TB-R", Excerpt(table.index, "", Location(table=0, row=2)))  # the 执行数 row, no column
    target = tmp_path / "out.docx"
    annotate_docx(source, _verdict(document, [row_only]), document, target)
    anchored = {c.split("（")[0]: t for t, c, _ in anchored_comments(target) if c.startswith("TB-")}
    assert anchored == {"TB-R": "执行数95.00"}  # not 年度资金总额, which only continues into this row
    assert body_texts(target) == body_texts(source)
    docx.Document(str(target))  # Word's reader (python-docx) opens the copy


def test_the_review_page_frames_the_row_and_fills_the_cell(tmp_path):
    from perfcheck.report.html_review import render_html

    source = _table_report(tmp_path / "table.docx")
    document = load_document(source)
    table = next(b for b in document.blocks if b.kind == "table")
    cell = _finding("TB-A", Excerpt(table.index, "", Location(table=0, row=2, column=2)), severity="error")
    page = render_html(_verdict(document, [cell]), document)
    rows = page[page.index("<tbody>", page.index('class="table-wrap"')) :].split("<tr")
    framed = [r for r in rows if r.startswith(' class="flag-row')]
    assert len(framed) == 1 and "sev-error" in framed[0] and "执行数" in framed[0]
    assert '<td class="flag sev-error"' in framed[0] and "95.00</td>" in framed[0].split('class="flag sev-error"')[1]
