"""The HTML review page, read as markup: every problem in place, nothing fetched, everything escaped."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SAMPLES

from perfcheck.documents import load_document
from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import check_document
from perfcheck.kinds.base import make_excerpt
from perfcheck.model import Excerpt, Finding, Location, Verdict
from perfcheck.report.anchors import NOT_LOCATED
from perfcheck.report.html_review import render_html


class Page(HTMLParser):
    """Elements with their attributes and the text inside each ``data-f`` element, and every tag seen."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.marked: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag in ("br", "meta", "input", "link", "img"):
            return
        self._open.append((tag, attributes, []))

    def handle_endtag(self, tag):
        while self._open:
            open_tag, attributes, text = self._open.pop()
            if self._open:
                self._open[-1][2].extend(text)
            if "data-f" in attributes and open_tag in ("mark", "p", "td", "h1", "h2", "h3", "table"):
                self.marked.append((open_tag, attributes, text))
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self._open and self._open[-1][1].get("class") == "ref":
            return  # the finding's number, not the report's text
        if self._open:
            self._open[-1][2].append(data)

    def marks_of(self, number: int) -> list[str]:
        return ["".join(text) for _, attributes, text in self.marked if str(number) in attributes["data-f"].split()]

    def items(self) -> list[dict[str, str]]:
        return [a for tag, a in self.tags if tag == "li" and "item" in a.get("class", "")]


def page_for(path: Path, ruleset) -> tuple[str, Verdict]:
    document = load_document(path)
    verdict = check_document(document, ruleset)
    return render_html(verdict, document), verdict


def number_of(page: Page, rule: str, nth: int = 0) -> int:
    return int([item["data-f"] for item in page.items() if item["data-rule"] == rule][nth])


@pytest.mark.parametrize("name", ["overall.docx", "overall.pdf", "overall.txt"])
def test_every_problem_is_highlighted_in_place(name, ruleset):
    text, verdict = page_for(SAMPLES / f"qingshuitang-2018-{name}", ruleset)
    page = Page(text)
    problems = [f for f in verdict.findings if f.status in ("fail", "unresolved", "error")]
    assert len(page.items()) == len(problems)
    for number in range(1, len(problems) + 1):
        assert page.marks_of(number), f"problem {number} has no place on the page"
    assert page.marks_of(number_of(page, "CM-COMP-01")) == ["为全年任务数的85%"]
    estimates = [f.evidence["match"] for f in problems if f.rule == "CM-EST-01"]
    shown = [page.marks_of(number_of(page, "CM-EST-01", i))[0] for i in range(len(estimates))]
    assert shown == estimates
    # The missing sections are about the whole report: they sit on its title.
    title = [m for m in page.marked if m[0] == "h1"]
    assert len(title) == 1 and "".join(title[0][2]).endswith(verdict.title)
    assert len(title[0][1]["data-f"].split()) == sum(1 for f in problems if f.rule == "OE-SEC-02")
    classes = {a["class"] for tag, a, _ in page.marked if tag == "mark"}
    assert classes == {"hl sev-warning"}


def test_sections_are_headings_and_the_summary_is_on_top(ruleset):
    text, verdict = page_for(SAMPLES / "qingshuitang-2018-overall.docx", ruleset)
    page = Page(text)
    headings = ["".join(t) for tag, _, t in page.marked if tag == "h2"] + re.findall(r"<h2>([^<]*)</h2>", text)
    assert "一、整体支出概况" in headings and "四、其他需要说明事宜" in headings
    assert text.index('class="verdict') < text.index('<main class="doc"')
    assert f"不通过 {verdict.count('fail')}" in text.split('<main class="doc"')[0]


def test_pdf_pages_are_marked_and_named_in_the_list(ruleset):
    text, _ = page_for(SAMPLES / "qingshuitang-2018-overall.pdf", ruleset)
    pages = re.findall(r'<div class="page" data-page="(\d+)">', text)
    assert pages == [str(n) for n in range(1, len(pages) + 1)] and len(pages) >= 3
    page = Page(text)
    item = text[text.index(f'data-f="{number_of(page, "CM-COMP-01")}" data-severity') :]
    assert "第3页第8行" in item[: item.index("</li>")]
    # The highlight sits after the marker of its page.
    assert text.index('data-page="3"') < text.index("为全年任务数的85%</mark>") < text.index('data-page="4"')


def test_tables_are_tables_with_their_merges(ruleset):
    document = load_document(SAMPLES / "self-eval-table.docx")
    text = render_html(check_document(document, ruleset), document)
    tables = [b for b in document.blocks if b.kind == "table"]
    assert text.count("<table") == len(tables) >= 1
    merged = sum(1 for b in tables for c in b.table.cells() if c.row_span > 1 or c.col_span > 1)
    assert text.count("rowspan=") + text.count("colspan=") >= merged > 0


def _verdict(document, findings) -> Verdict:
    return Verdict(
        document.path, document.sha256, "common", "测试", "", document.title, tuple(findings), "fail", "error", False
    )


IMG = '<img src=x onerror="alert(2)">'


def test_report_text_is_escaped():
    hostile = (
        "2020年度<script>alert(1)</script>绩效自评报告\n"
        '一、基本情况\n正文含有 <img src=x onerror="alert(2)"> 与 & 符号以及 "引号"。\n'
        "| 项目 | <b>金额</b> |\n| --- | --- |\n| 预算 | </td></table><script>alert(3)</script> |\n"
    )
    document = document_from_text(hostile)
    paragraph = next(b for b in document.blocks if "onerror" in b.text)
    start = paragraph.norm.index("<img")  # kinds give spans of the normalised text
    table = next(b for b in document.blocks if b.kind == "table")
    cell = make_excerpt(document, table.index, location=Location(row=1, column=1))
    findings = [
        Finding("T-<i>1</i>", "fail", "error", "消息里的 <script>alert(4)</script>", "标题<b>", None),
        Finding("T-2", "fail", "warning", "x", "t", make_excerpt(document, paragraph.index, start, start + len(IMG))),
        Finding("T-3", "fail", "info", "y", "t", cell),
    ]
    text = render_html(_verdict(document, findings), document)
    assert text.count("<script>") == 1  # ours
    assert "<img" not in text and "<b>" not in text and "<i>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;script&gt;alert(3)&lt;/script&gt;" in text
    page = Page(text)
    assert page.marks_of(2) == [IMG]
    assert page.marks_of(3) == ["</td></table><script>alert(3)</script>"]


def test_a_phrase_that_moved_is_found_and_one_that_vanished_is_said_so():
    original = document_from_text("2020年度某单位整体支出绩效自评报告\n一、基本情况\n全年预计完成财税5.1亿元。\n")
    block = next(b for b in original.blocks if "预计" in b.text)
    start = block.norm.index("预计完成财税5.1亿元")
    where = make_excerpt(original, block.index, start, start + len("预计完成财税5.1亿元"))
    finding = Finding("CM-EST-01", "fail", "warning", "年度报告中出现预计数", "预计数", where)
    moved = document_from_text(
        "2020年度某单位整体支出绩效自评报告\n一、基本情况\n新增一段。\n经核实，全年预计完成财税5.1亿元。\n"
    )
    text = render_html(_verdict(original, [finding]), moved)
    assert Page(text).marks_of(1) == ["预计完成财税5.1亿元"]
    assert NOT_LOCATED not in text
    vanished = document_from_text("2020年度某单位整体支出绩效自评报告\n一、基本情况\n全年完成财税5.1亿元。\n")
    text = render_html(_verdict(original, [finding]), vanished)
    page = Page(text)
    assert page.marks_of(1) == ["全年完成财税5.1亿元。"]  # the whole block it was in
    assert NOT_LOCATED in text
    lost = Finding("X-1", "fail", "warning", "m", "t", Excerpt(99, "…", Location(line=99)))
    assert NOT_LOCATED in render_html(_verdict(original, [lost]), original)


def test_self_contained_no_network():
    document = document_from_text("2020年度某单位整体支出绩效自评报告\n一、基本情况\n正文。\n")
    text = render_html(_verdict(document, []), document)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert not re.search(r"(src|href)=\"(https?:)?//", text)
    assert "@import" not in text and "url(" not in text
    assert "没有发现问题" in text


def _run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "perfcheck", *map(str, args)], capture_output=True, text=True)


@pytest.mark.parametrize("name", ["overall.docx", "overall.pdf", "overall.txt"])
def test_cli_writes_the_page_for_every_format(tmp_path, name):
    out = tmp_path / "review.html"
    result = _run(SAMPLES / f"qingshuitang-2018-{name}", "-q", "--html", out)
    assert result.returncode == 0, result.stderr
    assert "为全年任务数的85%</mark>" in out.read_text(encoding="utf-8")


def test_cli_html_for_several_reports_points_to_batch(tmp_path):
    result = _run(
        SAMPLES / "qingshuitang-2018-overall.docx",
        SAMPLES / "qingshuitang-2018-overall.txt",
        "--html",
        tmp_path / "x.html",
    )
    assert result.returncode == 2 and "--html-dir" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_batch_html_dir_writes_a_page_per_report_and_an_index_linking_them(tmp_path):
    folder = tmp_path / "pages"
    inputs = [SAMPLES / "qingshuitang-2018-overall.docx", SAMPLES / "qingshuitang-2018-overall.pdf"]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    result = _run("batch", *inputs, broken, "-q", "--html-dir", folder)
    assert result.returncode == 3, result.stderr  # warnings only, one unreadable file
    index = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', index)
    assert links == ["001-qingshuitang-2018-overall.docx.html", "002-qingshuitang-2018-overall.pdf.html"]
    assert "broken.docx" in index and "无法读取" in index
    for link in links:
        assert "为全年任务数的85%</mark>" in (folder / link).read_text(encoding="utf-8")
