"""The review page in a real browser: a known finding's highlight is on screen, and its list entry scrolls to it.

Driven by selenium with Debian's chromium and chromium-driver: the two come from the same Debian
source version, so the driver always speaks the browser's protocol, and nothing is downloaded at run
time (selenium is given the driver's path, so Selenium Manager never runs). .ci/run installs both.
Elsewhere, without /usr/bin/chromium, the test is skipped with that reason; in CI it must run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")
IN_CI = os.environ.get("CI") == "true"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not IN_CI,
    reason="no /usr/bin/chromium (Debian package chromium); .ci/run installs it so CI runs this test",
)


@pytest.fixture(scope="module")
def browser():
    if not IN_CI:  # in CI the test extra has installed selenium: a missing one must fail, not skip
        pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMEDRIVER.exists(), "chromium-driver is missing (apt-get install chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-extensions",
        "--window-size=1280,800",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory, ruleset) -> Path:
    from perfcheck.documents import load_document
    from perfcheck.engine import check_document
    from perfcheck.report.html_review import render_html

    document = load_document(SAMPLES / "qingshuitang-2018-overall.docx")
    path = tmp_path_factory.mktemp("html") / "review.html"
    path.write_text(render_html(check_document(document, ruleset), document), encoding="utf-8")
    return path


IN_VIEW = """
const box = arguments[0].getBoundingClientRect();
return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight
    && box.right > 0 && box.left < window.innerWidth;
"""


def _finding_number(driver, rule: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'li.item[data-rule="{rule}"]').get_attribute("data-f")


def test_highlight_is_visible_and_the_list_scrolls_to_it(browser, page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri())
    number = _finding_number(browser, "CM-COMP-01")
    mark = browser.find_element(By.CSS_SELECTOR, f'mark[data-f~="{number}"]')
    assert mark.text == "为全年任务数的85%"
    assert mark.is_displayed()
    background = mark.value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the highlight has its severity's colour"

    browser.execute_script("window.scrollTo(0, 0)")
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return window.scrollY") == 0)
    assert not browser.execute_script(IN_VIEW, mark), "the finding is further down the report than one screen"

    entry = browser.find_element(By.CSS_SELECTOR, f'li.item[data-f="{number}"] a.jump')
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", entry
    )  # the list scrolls by itself
    entry.click()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(IN_VIEW, mark))
    assert "current" in browser.find_element(By.CSS_SELECTOR, f'li.item[data-f="{number}"]').get_attribute("class")


def test_clicking_a_highlight_shows_its_message_and_filters_hide_it(browser, page):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    number = _finding_number(browser, "CM-COMP-01")
    mark = browser.find_element(By.CSS_SELECTOR, f'mark[data-f~="{number}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", mark)
    mark.click()
    pop = browser.find_element(By.ID, "pop")
    assert pop.is_displayed() and "低于目标100%" in pop.text and "CM-COMP-01" in pop.text

    browser.find_element(By.CSS_SELECTOR, 'input[name="rule"][value="CM-COMP-01"]').click()
    assert "muted" in mark.get_attribute("class")
    assert not browser.find_element(By.CSS_SELECTOR, f'li.item[data-f="{number}"]').is_displayed()
    assert "显示 12 / 13 项" in browser.find_element(By.CSS_SELECTOR, ".shown").text


# The README's screenshot is this page, made by this test: PERFCHECK_UPDATE_SCREENSHOT=1 rewrites it.
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "review-page.png"


def test_a_table_finding_frames_its_row_and_fills_its_cell(browser, tmp_path, ruleset):
    from selenium.webdriver.common.by import By

    from perfcheck.documents import load_document
    from perfcheck.engine import check_document
    from perfcheck.report.html_review import render_html

    document = load_document(SAMPLES / "self-eval" / "TB-ADJ-01.docx")
    verdict = check_document(document, ruleset)
    finding = next(f for f in verdict.findings if f.rule == "TB-ADJ-01" and f.status == "fail")
    assert finding.where is not None and finding.where.location.column is not None
    page = tmp_path / "table.html"
    page.write_text(render_html(verdict, document), encoding="utf-8")
    browser.get(page.as_uri())
    number = _finding_number(browser, "TB-ADJ-01")
    cell = browser.find_element(By.CSS_SELECTOR, f'td.flag[data-f~="{number}"]')
    value = finding.where.text.rsplit("：", 1)[-1]
    assert value in cell.text
    assert cell.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    row = cell.find_element(By.XPATH, "./ancestor::tr[1]")
    assert "flag-row" in row.get_attribute("class")
    first = row.find_elements(By.TAG_NAME, "td")[0]
    assert first.value_of_css_property("border-top-width") == "2px"  # the whole row is framed


def test_screenshot_of_the_review_page(browser, tmp_path, ruleset, monkeypatch):
    from selenium.webdriver.common.by import By

    from perfcheck.documents import load_document
    from perfcheck.engine import check_document
    from perfcheck.report.html_review import render_html

    monkeypatch.chdir(SAMPLES.parent)  # the page names the file as the officer typed it
    document = load_document("samples/qingshuitang-2018-injected.docx")  # the example with 3 errors
    page = tmp_path / "injected.html"
    page.write_text(render_html(check_document(document, ruleset), document), encoding="utf-8")
    browser.get(page.as_uri())  # the top: the verdict, the counts, the list of problems beside the text
    assert browser.find_element(By.CSS_SELECTOR, ".verdict").is_displayed()
    shot = tmp_path / "review-page.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    if os.environ.get("PERFCHECK_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(data)


def test_the_batch_index_sorts_and_filters(browser, tmp_path):
    import subprocess
    import sys

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    folder = tmp_path / "pages"
    inputs = [SAMPLES / "qingshuitang-2018-overall.txt", SAMPLES / "qingshuitang-2018-injected.txt"]
    subprocess.run([sys.executable, "-m", "perfcheck", "batch", *map(str, inputs), "-q", "--html-dir", str(folder)],
                   check=False, capture_output=True)  # fmt: skip
    browser.get((folder / "index.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr")
    assert rows[0].get_attribute("data-status") == "fail"  # worst first
    Select(browser.find_element(By.ID, "verdict")).select_by_value("pass")
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr") if r.is_displayed()]
    assert [r.get_attribute("data-status") for r in visible] == ["pass"]
    Select(browser.find_element(By.ID, "verdict")).select_by_value("")
    errors = next(th for th in browser.find_elements(By.CSS_SELECTOR, "#summary th") if th.text == "错误")
    errors.click()  # ascending: the passing report (0 errors) first
    first = browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr")[0]
    assert first.get_attribute("data-status") == "pass"
    assert browser.find_element(By.XPATH, "//h2[text()='常见问题']") and browser.find_element(
        By.XPATH, "//h2[text()='高度相似']"
    )
