"""The release site in a real browser: headless Chromium through Selenium and chromedriver."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run

from etl.metadata import TABLES

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="Debian's chromium and chromium-driver are not installed")


@pytest.fixture(scope="module")
def site(release, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run(release.root, "site", "--output", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1200,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _open(browser, path: Path) -> list[dict]:
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _pages(site: Path) -> list[Path]:
    return sorted([*site.glob("*.html"), *site.glob("tables/*.html")])


def test_every_page_renders_without_console_errors(site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    pages = _pages(site)
    assert len(pages) == 3 + len(TABLES)
    for page in pages:
        errors = _open(browser, page)
        assert errors == [], (page.name, errors)
        assert browser.find_element("css selector", "h1").text
    for kind, page in [("landing", site / "index.html"), ("table", site / "tables/units.html"),
                       ("figures", site / "figures.html"), ("charts", site / "charts.html")]:
        _open(browser, page)
        browser.save_screenshot(str(ARTIFACTS / f"site-{kind}.png"))


def test_the_table_filter_and_sort_work(site, browser, release):
    with open(release.processed / "entities.csv", encoding="utf-8", newline="") as handle:
        entities = list(csv.DictReader(handle))
    _open(browser, site / "tables" / "entities.html")
    rows = browser.find_elements("css selector", "#rows tbody tr")
    assert len(rows) == len(entities)
    box = browser.find_element("css selector", "input.filter")
    box.send_keys("清华")
    visible = [r for r in browser.find_elements("css selector", "#rows tbody tr")
               if r.is_displayed()]
    assert 0 < len(visible) < len(rows)
    assert all("清华" in r.text for r in visible)
    counter = browser.find_element("css selector", ".count").text
    assert counter == f"{len(visible)} / {len(rows)}"
    def first_ids() -> list[str]:
        return browser.execute_script(
            "return Array.from(document.querySelectorAll('#rows tbody tr'))"
            ".map(r => r.cells[0].textContent)")

    header = browser.find_elements("css selector", "#rows thead th")[0]
    header.click()
    ascending = first_ids()
    header.click()
    descending = first_ids()
    assert ascending != descending and descending == ascending[::-1]
    assert header.get_attribute("aria-sort") == "descending"


def test_each_highlight_equals_its_quote(site, browser, release):
    with open(release.processed / "figures.csv", encoding="utf-8", newline="") as handle:
        quotes = {r["figure_id"]: r["quote"] for r in csv.DictReader(handle)}
    _open(browser, site / "figures.html")
    highlighted = browser.execute_script("""
        const out = {};
        for (const mark of document.querySelectorAll('mark[data-figure-id]')) {
          const id = mark.dataset.figureId;
          out[id] = (out[id] || '') + mark.textContent;
        }
        return out;""")
    assert highlighted == quotes
    repairs = browser.find_elements("css selector", "span.correction[data-correction-id]")
    assert repairs and all(r.get_attribute("title") for r in repairs)


def test_the_figures_browser_filters_cards(site, browser):
    _open(browser, site / "figures.html")
    cards = browser.find_elements("css selector", "article.figure")
    browser.find_element("css selector", "input.filter[data-cards]").send_keys("清华")
    shown = [c for c in cards if c.is_displayed()]
    assert 0 < len(shown) < len(cards)
    assert all("清华" in c.get_attribute("textContent") for c in shown)


def test_charts_are_static_svg(site, browser):
    _open(browser, site / "charts.html")
    svgs = browser.find_elements("css selector", "section.chart svg")
    assert len(svgs) == 4
    assert all(s.size["width"] > 100 for s in svgs)


def test_narrow_window(site, browser):
    browser.set_window_size(380, 800)
    try:
        _open(browser, site / "figures.html")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 400
        browser.save_screenshot(str(ARTIFACTS / "site-figures-narrow.png"))
    finally:
        browser.set_window_size(1200, 900)
