"""The release site in a real browser, shared by the site's test files: one site build per test
run (shared by the test workers), and for each test file a fresh copy of it and one headless
Chromium (Selenium, Debian's chromedriver). The browser is Debian's chromium-headless-shell
where it is installed (.ci/run installs it): Chromium's own engine, renderer and network stack
without the windowed browser around them, for about 15 % less of the machine than
`chromium --headless=new`, which is used where the shell is not installed.

Pages are served by a local HTTP server (the SQL console's Worker and fetches need one); the
browser reaches nothing else: every host name resolves to nothing and every other address goes
to a proxy that is not there (loopback itself bypasses proxies).
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import shutil
import threading
import time
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote, urljoin

import pytest
from conftest import ROOT, run, shared_folder

HEADLESS_SHELL = shutil.which("chromium-headless-shell")
CHROMIUM = HEADLESS_SHELL or shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = ROOT / "tests" / "artifacts"
FRAMES = "frames.html"
"""A blank page of the site's origin beside the site: `_open_framed` fills it with frames."""


@pytest.fixture(scope="session")
def built_site(release, tmp_path_factory) -> Path:
    """The release site, built once per test run: the first test worker that needs it builds
    it, under a file lock in the run's temporary folder (which pytest-xdist's workers share);
    the others wait for it."""
    shared = shared_folder(tmp_path_factory)
    out, built = shared / "site", shared / "site.built"
    with open(shared / "site.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.is_file():
            shutil.rmtree(out, ignore_errors=True)
            result = run(release.root, "site", "--output", str(out))
            assert result.exit_code == 0, result.output
            built.touch()
    return out


@pytest.fixture(scope="module")
def site(built_site, tmp_path_factory) -> Path:
    """A copy of the built site for each test file, its files new as a build leaves them (how
    long a browser keeps a file without asking again depends on its age); and beside it,
    not part of it, FRAMES for `_open_framed`."""
    out = tmp_path_factory.mktemp("site")
    shutil.copytree(built_site, out, dirs_exist_ok=True, copy_function=shutil.copy)
    (out.parent / FRAMES).write_text(
        "<!doctype html><meta charset=utf-8><link rel=icon href=data:,><body>\n",
        encoding="utf-8")
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    answered: ClassVar[list[tuple[str, int]]] = []  # (path, status code) in order; tests clear it

    def send_response(self, code: int, message: str | None = None) -> None:
        self.answered.append((self.path, code))
        super().send_response(code, message)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(site):
    """The site over HTTP on 127.0.0.1 (an ephemeral port), as any static host serves it."""
    handler = functools.partial(_Quiet, directory=str(site.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # Under a path prefix: the site must not assume it is at the root of its host.
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{site.name}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--disable-dev-shm-usage", "--window-size=1280,900",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 "--proxy-server=http://127.0.0.1:9"):  # loopback itself bypasses proxies
        options.add_argument(flag)
    if not HEADLESS_SHELL:  # the shell is headless itself, its profile chromedriver's own
        options.add_argument("--headless=new")
        options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def console(site):
    if not (site / "vendor" / "sqljs" / "sql-wasm.wasm.gz").is_file():
        pytest.skip("sql.js and DuckDB-WASM are not installed: run `npm ci` (make test does)")
    return site / "sql.html"


def _open(browser, url: str) -> list[dict]:
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(url)
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _open_framed(browser, urls: list[str]) -> tuple[list[str | None], list[dict]]:
    """Every url at once, each in a frame (1,280 × 900) of one blank page of the same origin:
    each page's first h1 once it has loaded, and what every page logged as SEVERE (scripts'
    errors and failed loads in a frame reach the browser's log as the top page's do)."""
    browser.get(urljoin(urls[0], "/" + FRAMES))
    browser.get_log("browser")
    headings = browser.execute_async_script("""
        const [urls, done] = [arguments[0], arguments[arguments.length - 1]];
        Promise.all(urls.map(url => new Promise(loaded => {
          const frame = document.createElement('iframe');
          frame.style.width = '1280px';
          frame.style.height = '900px';
          frame.onload = () => {
            const h1 = frame.contentDocument.querySelector('h1');
            loaded(h1 ? h1.textContent.trim() : null);
          };
          frame.src = url;
          document.body.appendChild(frame);
        }))).then(done);""", urls)
    return headings, [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _wait(browser, script: str, timeout: float = 60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = browser.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def _console_url(server: str, engine: str) -> str:
    return server + ("sql.html?engine=duckdb" if engine == "duckdb" else "sql.html")


def _console_run(browser, server: str, sql: str, engine: str = "sqlite") -> str:
    _open(browser, _console_url(server, engine) + ("&" if engine == "duckdb" else "?")
          + "sql=" + quote(sql))
    return _wait(browser, "const s = document.getElementById('status').dataset.state;"
                          "return s === 'done' || s === 'error' || s === 'failed' ? s : null;")


def _console_query(browser, server: str, sql: str, engine: str = "sqlite") -> str:
    """Run sql in the console already open with `engine` (opening it once): it starts once."""
    if not browser.execute_script(
            "return document.body.dataset.console === 'ready'"
            " && location.pathname.endsWith('/sql.html')"
            " && (new URL(location.href).searchParams.get('engine') || 'sqlite') === arguments[0]",
            engine):
        _open(browser, _console_url(server, engine))
        _wait(browser, "return document.body.dataset.console === 'ready'")
    browser.execute_script("""
        document.getElementById('status').dataset.state = 'asked';
        document.getElementById('sql').value = arguments[0];
        document.getElementById('run').click();""", sql)
    return _wait(browser, "const s = document.getElementById('status').dataset.state;"
                          "return s === 'done' || s === 'error' ? s : null;")
