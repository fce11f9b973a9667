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
