"""The SQL console against Datasette, in the same headless Chromium: bytes downloaded before
the first result and the time to it, cold cache and on a repeat visit, for each engine.

The site is served by the handler of `python -m http.server` (which compresses nothing), in
this process, counting the bytes of every response body it sends: a page's Resource Timing
does not see what its Workers fetch (sql.js fetches its engine in one). Datasette (pinned and
hashed in tests/consumers/datasette-0.65.lock, in its own venv) serves the site's own SQLite
file, the one the console's default engine opens. Both answer the same question, given in the
address. A run is a pair, each side in a fresh browser profile (cold cache); the console's
repeat visit reloads it in the same profile. The ratio is the median of the pairs' ratios, on
loopback and on a line throttled to 50 Mbit/s (Chromium's network emulation).

`python -m bench.console` measures and rewrites the console's section of docs/performance.md;
`make bench` (bench/run.py) appends the same section to the report it writes.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import importlib.util
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "SELECT status, count(*) AS figures FROM figures GROUP BY status ORDER BY status"
BYTES_GOAL = 10e6
RATIO_GOAL = 2.0
HEADING = "## The SQL console"
THROTTLED = {"offline": False, "latency": 20, "downloadThroughput": 50e6 / 8,
             "uploadThroughput": 10e6 / 8}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


ENGINES = {"SQLite (default)": "", "DuckDB (?engine=duckdb)": "engine=duckdb&"}
STEPS = ("console-engine-fetched", "console-engine-started", "console-tables-loaded",
         "console-ready", "console-first-result")
STEP_NAMES = {
    "SQLite (default)": ("database downloaded", "engine compiled", "database opened",
                         "(views are in the file)", "first result"),
    "DuckDB (?engine=duckdb)": ("engine downloaded and inflated", "engine compiled and opened",
                                "tables loaded", "views created, access locked",
                                "first result")}


@dataclass
class Visit:
    seconds: float  # from navigation start to the first result shown
    bytes: int  # transferred over the network before it
    steps: tuple[float, ...] = ()  # the console's marks (STEPS), seconds from navigation


@dataclass
class Pair:
    console: Visit
    repeat: Visit
    datasette: Visit


class Counting(http.server.SimpleHTTPRequestHandler):
    """`python -m http.server`'s handler, adding up the body bytes it sends."""

    sent: ClassVar[list[int]] = [0]

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        self.sent[0] += len(data)

    def log_message(self, *args: Any) -> None:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {seconds:.0f} s")


def datasette_python() -> Path:
    spec = importlib.util.spec_from_file_location("consumer_envs",
                                                  ROOT / "tests" / "consumer_envs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Path(module.consumer_env("datasette-0.65.lock"))


def browser(profile: Path, throttled: bool) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                 "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"),
                              options=options)
    if throttled:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", THROTTLED)
    return driver


def _until(driver: Any, script: str, seconds: float = 120) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"timed out: {script}")


BYTES_UNTIL = """
    const until = arguments[0];
    const nav = performance.getEntriesByType('navigation')[0];
    let bytes = nav.transferSize;
    for (const e of performance.getEntriesByType('resource'))
      if (e.responseEnd <= until) bytes += e.transferSize;
    return bytes;"""


def console_visit(driver: Any, url: str) -> Visit:
    Counting.sent[0] = 0
    driver.get(url)
    at = _until(driver, "const m = performance.getEntriesByName('console-first-result');"
                        "return m.length ? m[0].startTime : null;")
    if driver.find_element("id", "status").get_attribute("data-state") != "done":
        raise SystemExit("the console did not answer: "
                         + driver.find_element("id", "error").text)
    marks = driver.execute_script(
        "return arguments[0].map(n => performance.getEntriesByName(n)[0].startTime)", STEPS)
    return Visit(at / 1000, Counting.sent[0], tuple(m / 1000 for m in marks))


def datasette_visit(driver: Any, url: str) -> Visit:
    driver.get(url)
    at = _until(driver, "const n = performance.getEntriesByType('navigation')[0];"
                        "return document.querySelector('table.rows-and-columns tbody tr')"
                        " && n.domContentLoadedEventEnd ? n.domContentLoadedEventEnd : null;")
    return Visit(at / 1000, int(driver.execute_script(BYTES_UNTIL, at)))


def pair(site_url: str, engine: str, datasette_url: str, throttled: bool) -> Pair:
    with tempfile.TemporaryDirectory() as tmp:
        driver = browser(Path(tmp) / "console", throttled)
        try:
            url = site_url + "sql.html?" + engine + "sql=" + quote(QUESTION)
            cold = console_visit(driver, url)
            repeat = console_visit(driver, url)
        finally:
            driver.quit()
        driver = browser(Path(tmp) / "datasette", throttled)
        try:
            served = datasette_visit(driver, datasette_url + "?sql=" + quote(QUESTION))
        finally:
            driver.quit()
    return Pair(cold, repeat, served)


def measure(runs: int) -> dict[tuple[str, str], list[Pair]]:
    """`runs` pairs per engine on loopback and as many on a 50 Mbit/s line."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "etl", "site", "--quiet", "--output", str(site)],
                       cwd=ROOT, check=True)
        if not (site / "vendor" / "sqljs").is_dir():
            raise SystemExit("the site has no console: run `make npm` first")
        python = datasette_python()
        database = Path(tmp) / "baotou_sci_tech.sqlite"  # the console's, inflated
        database.write_bytes(gzip.decompress((site / "sql" / f"{database.name}.gz").read_bytes()))
        port = free_port()
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Counting, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        datasette = subprocess.Popen(
            [str(python.parent / "datasette"), "serve", str(database), "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            site_url = f"http://127.0.0.1:{httpd.server_address[1]}/"
            datasette_url = f"http://127.0.0.1:{port}/baotou_sci_tech"
            wait_for(site_url + "sql.html")
            wait_for(datasette_url + ".json")
            out: dict[tuple[str, str], list[Pair]] = {}
            for line, throttled in (("loopback", False), ("50 Mbit/s", True)):
                for name, engine in ENGINES.items():
                    pair(site_url, engine, datasette_url, throttled)  # warm-up: disk, JIT
                    out[name, line] = []
                    for i in range(runs):
                        log(f"  console ({name}) vs Datasette, {line}: pair {i + 1} of {runs}")
                        out[name, line].append(pair(site_url, engine, datasette_url, throttled))
            return out
        finally:
            httpd.shutdown()
            httpd.server_close()
            datasette.terminate()
            datasette.wait(timeout=10)


def section(results: dict[tuple[str, str], list[Pair]]) -> str:
    lines = [HEADING, "",
             "Written by `bench/console.py` (`make bench`). The console (`sql.html`) and "
             "Datasette (0.65, pinned in `tests/consumers/datasette-0.65.lock`) answer the same "
             f"question in the same headless Chromium: `{QUESTION}`. The site is served by the "
             "handler of `python -m http.server` (no compression), which counts the bytes it "
             "sends (Workers' downloads included); Datasette serves the site's own SQLite file. "
             "Each pair: the console with a cold cache, then reloaded (repeat visit, same "
             "profile), then Datasette with a cold cache; time from navigation start to the "
             "first result on screen (the console's `console-first-result` mark; Datasette's "
             "page parsed with its table). Medians over the pairs. The goals are the default "
             "engine's, SQLite (sql.js); DuckDB is the engine on request. (Release 1.1.0's "
             "console downloaded 40.5 MB before its first result: DuckDB-WASM's 34 MB engine as "
             "it is, and 5 MB of parquet-wasm.)",
             "",
             "| engine | line | console cold: MB, s | repeat visit: MB, s | Datasette: MB, s | "
             "ratio (goal ≤ 2) | MB goal ≤ 10 | pairs |",
             "| --- | --- | --- | --- | --- | ---: | --- | ---: |"]

    def med(values: list[float]) -> float:
        return statistics.median(values)

    for (engine, line), pairs in results.items():
        cold_mb = med([p.console.bytes / 1e6 for p in pairs])
        ratio = med([p.console.seconds / p.datasette.seconds for p in pairs])
        lines.append(
            f"| {engine} | {line} | {cold_mb:.2f} MB, "
            f"{med([p.console.seconds for p in pairs]):.2f} s | "
            f"{med([p.repeat.bytes / 1e6 for p in pairs]):.2f} MB, "
            f"{med([p.repeat.seconds for p in pairs]):.2f} s | "
            f"{med([p.datasette.bytes / 1e6 for p in pairs]):.3f} MB, "
            f"{med([p.datasette.seconds for p in pairs]):.2f} s | {ratio:.2f} "
            f"({'met' if ratio <= RATIO_GOAL else 'NOT met'}) | "
            f"{'met' if cold_mb * 1e6 <= BYTES_GOAL else 'NOT met'} | {len(pairs)} |")
    for engine, names in STEP_NAMES.items():
        loopback = results[engine, "loopback"]
        lines += ["", f"Where the console's time goes, {engine} (median seconds from navigation "
                  "start at the end of each step, loopback):", "",
                  "| step | cold | repeat visit |", "| --- | ---: | ---: |"]
        for i, name in enumerate(names):
            cold = statistics.median(p.console.steps[i] for p in loopback)
            repeat = statistics.median(p.repeat.steps[i] for p in loopback)
            lines.append(f"| {name} | {cold:.2f} | {repeat:.2f} |")
    lines += ["", "DuckDB-WASM cannot meet the time goal: compiling and starting its 34 MB "
              "engine takes longer than Datasette's whole answer even with nothing to download "
              "(its repeat visit). So the console's default engine is SQLite compiled to "
              "WebAssembly (sql.js: 0.7 MB, 0.34 MB gzip-compressed), opening the same SQLite "
              "file Datasette serves (0.09 MB compressed); DuckDB stays one link away for "
              "DuckDB's SQL."]
    return "\n".join(lines) + "\n"


def replace_section(document: Path, text: str) -> None:
    """docs/performance.md with the console's section replaced (or appended)."""
    old = document.read_text("utf-8") if document.exists() else ""
    start = old.find(HEADING)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(HEADING))
        new = old[:start] + text + ("" if end < 0 else old[end:])
    document.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="pairs per line")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    text = section(measure(args.runs))
    replace_section(Path(args.output), text)
    print(text)


if __name__ == "__main__":
    main()
