"""Every kind of page, in both languages, at 1,280 and 400 px: axe-core (npm, pinned in
package-lock.json) finds no violation; screenshots of the main pages go to tests/artifacts/."""

from __future__ import annotations

import pytest
from conftest import ROOT
from site_browser import ARTIFACTS, _open, _wait

pytest_plugins = ["site_browser"]  # the site, its server and the browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [  # kind, page, screenshot
    ("landing", "index.html", True),
    ("figures", "figures.html", True),
    ("charts", "charts.html", False),
    ("table", "tables/figures.html", False),
    ("entities", "entities/index.html", False),
    ("entity", "entities/tsinghua.html", True),
    ("search", "search.html?q=Baotou+Steel", True),
    ("typo", "search.html?q=Tsinghau", False),
    ("console", "sql.html?sql=SELECT+status%2C+count(*)+FROM+figures+GROUP+BY+status", True),
]


def _violations(browser) -> list[str]:
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then("
        " r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' '))"
        "  .slice(0, 3).join(' | '))), e => done(['axe failed: ' + e]));")
    return list(found)


@pytest.mark.parametrize("width", [1280, 400])
@pytest.mark.parametrize("lang", ["", "zh/"], ids=["en", "zh"])
def test_axe_finds_no_violation(site, server, browser, lang, width):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    script = AXE.read_text("utf-8")
    browser.set_window_size(width, 900)
    try:
        for kind, page, shot in PAGES:
            if kind == "console" and not (site / "vendor" / "sqljs").is_dir():
                continue
            _open(browser, server + lang + page)
            if kind == "console":
                _wait(browser, "return ['done', 'error'].includes("
                               "document.getElementById('status').dataset.state)")
            browser.execute_script(script)
            assert _violations(browser) == [], (lang + page, width)
            if shot:
                name = f"site-{lang.rstrip('/') or 'en'}-{kind}-{width}.png"
                browser.save_screenshot(str(ARTIFACTS / name))
    finally:
        browser.set_window_size(1280, 900)
