// The SQL console. Two engines, each in a Worker, over the release's own data; every URL is
// relative to this file, so the site works from any static host and path prefix.
// - SQLite (sql.js), the default: 0.7 MB of WebAssembly opening the release's SQLite file.
// - DuckDB (DuckDB-WASM, eh bundle), on request (?engine=duckdb): the engine arrives
//   gzip-compressed and is inflated here (DecompressionStream), kept in the Cache API for the
//   next visit; it loads the release's CSV files, and once they are in it may read nothing else.
// Neither engine has a way out: sql.js has no network or file access beyond its own memory.
import { hex, reader } from "./duckdb-values.js";

const site = new URL("../", import.meta.url);
const config = JSON.parse(document.getElementById("console-config").textContent);
const S = config.strings;
const form = document.getElementById("console");
const input = document.getElementById("sql");
const run = document.getElementById("run");
const download = document.getElementById("download");
const status = document.getElementById("status");
const progress = document.getElementById("progress");
const errorBox = document.getElementById("error");
const result = document.getElementById("result");
const CJK = new RegExp("[" + config.lang.han + "]");
const LATIN = /[A-Za-z]/;
const ENGINES = { sqlite: "SQLite", duckdb: "DuckDB" };
const engine = new URL(location.href).searchParams.get("engine") === "duckdb" ? "duckdb" : "sqlite";
const named = { engine: ENGINES[engine] };
let last = null;
const asked = new URL(location.href).searchParams.get("sql");
if (asked) input.value = asked; // shown while the engine loads, run once it has

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

function say(text, state) {
  status.textContent = text;
  status.dataset.state = state;
}

function megabytes(bytes) {
  return (bytes / 1e6).toFixed(1);
}

async function openCache(name) {
  // The Cache API exists in secure contexts only (https, localhost); elsewhere, no cache.
  try {
    return "caches" in self ? await caches.open(name) : null;
  } catch {
    return null;
  }
}

function gunzipped(response, onBytes) {
  // The body of a response of a .gz file, inflated, as a Blob; onBytes(seen, total) as it comes.
  const total = Number(response.headers.get("content-length")) || 0;
  let seen = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      seen += chunk.length;
      if (onBytes) onBytes(seen, total);
      controller.enqueue(chunk);
    },
  }));
  // A host that sends .gz files with Content-Encoding: gzip has them inflated already.
  const encoded = /gzip/.test(response.headers.get("content-encoding") || "");
  return new Response(
    encoded ? counted : counted.pipeThrough(new DecompressionStream("gzip"))).blob();
}

async function inflated(path, type, cache, onBytes) {
  // A blob: URL of the file at `path` (gzip) inflated, from the cache when it is there.
  const url = new URL(path, site);
  const hit = cache && await cache.match(url);
  if (hit) return { url: URL.createObjectURL(await hit.blob()), cached: true };
  const blob = new Blob([await gunzipped(await fetched(path), onBytes)], { type });
  if (cache) {
    await cache.put(url, new Response(blob, { headers: { "content-type": type } }))
      .catch(() => {}); // a full disk only costs the next visit a download
  }
  return { url: URL.createObjectURL(blob), cached: false };
}

async function fetched(path) {
  const response = await fetch(new URL(path, site));
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return response;
}

// An answer the page cannot show in a second or two is refused, never cut: its error.
const TOO_LARGE = {
  too_many_rows: () => new Error(fill(S.too_many_rows, { n: config.max_rows.toLocaleString() })),
  too_many_values: () =>
    new Error(fill(S.too_many_values, { n: config.max_values.toLocaleString() })),
  too_much_text: () => new Error(fill(S.too_much_text, { n: config.max_text.toLocaleString() })),
};

async function startSqlite() {
  // The worker fetches and compiles the engine while this page downloads the database. A
  // query running longer than config.timeout seconds is stopped with its worker, and a new one
  // opens the same database.
  const engineUrl = new URL(config.sqlite.engine, site).href;
  const waiting = new Map();
  let worker = null;
  let next = 0;
  const ask = (message, transfer = []) => new Promise((resolve, reject) => {
    next += 1;
    waiting.set(next, { resolve, reject });
    worker.postMessage({ id: next, ...message }, transfer);
  });
  const spawn = () => {
    worker = new Worker(new URL("static/sqlite-worker.js", site));
    worker.onmessage = (event) => {
      const reply = event.data;
      const pending = waiting.get(reply.id);
      if (!pending) return;
      waiting.delete(reply.id);
      if ("error" in reply) {
        pending.reject(reply.code in TOO_LARGE ? TOO_LARGE[reply.code]() : new Error(String(reply.error)));
      } else pending.resolve(reply);
    };
    worker.onerror = (event) => {
      for (const pending of waiting.values()) pending.reject(new Error(event.message));
      waiting.clear();
    };
    return ask({ action: "start", engine: engineUrl });
  };
  say(fill(S.step_engine, named) + "…", "loading");
  const started = spawn();
  const database = await (await gunzipped(await fetched(config.sqlite.database))).arrayBuffer();
  performance.mark("console-engine-fetched");
  say(fill(S.step_start, named) + "…", "loading");
  await started;
  performance.mark("console-engine-started");
  say(S.step_data + "…", "loading");
  const open = () => {
    const copy = database.slice(0); // the worker takes a copy: a new one may need the file
    return ask({ action: "open", database: copy }, [copy]);
  };
  await open();
  performance.mark("console-tables-loaded");
  performance.mark("console-ready"); // the views are in the file
  const restart = async () => {
    worker.terminate();
    for (const pending of waiting.values()) pending.reject(new Error("restarted"));
    waiting.clear();
    await spawn();
    await open();
  };
  return {
    cached: false,
    async query(sql) {
      const limits = { maxRows: config.max_rows, maxValues: config.max_values,
                       maxText: config.max_text };
      const reply = await inTime(ask({ action: "exec", sql, limits }), restart);
      const { columns, values } = reply.answer;
      return { names: columns, rows: values.map((row) => row.map(cell)) };
    },
  };
}

const LATE = Symbol("late");

async function inTime(asked, restart) {
  // The answer `asked` gives, or, past config.timeout seconds, an error once restart() has
  // stopped the engine's worker (the only way to stop a query) and opened the data again.
  let timer = null;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(LATE), config.timeout * 1000);
  });
  asked.catch(() => {}); // a query given up for lateness fails unheard
  try {
    const answer = await Promise.race([asked, late]);
    if (answer === LATE) {
      await restart();
      throw new Error(fill(S.timed_out, { s: config.timeout }));
    }
    return answer;
  } finally {
    clearTimeout(timer);
  }
}

function cell(value) {
  if (value === null || value === undefined) return "";
  return value instanceof Uint8Array ? hex(value) : String(value);
}

function classicScript(path) {
  // Apache Arrow's UMD build, which DuckDB-WASM's module imports (see the page's import map).
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(path, site).href;
    script.onload = resolve;
    script.onerror = () => reject(new Error(path + ": not loaded"));
    document.head.appendChild(script);
  });
}

async function startDuckdb() {
  const tables = Promise.all(config.duckdb.tables.map(async (path) =>
    [path, new Uint8Array(await (await fetched(path)).arrayBuffer())]));
  const scripts = Promise.all([config.duckdb.script, config.duckdb.views].map(
    async (path) => (await fetched(path)).text()));
  say(fill(S.step_engine, named) + "…", "loading");
  const cache = await openCache(config.duckdb.cache);
  const [wasm, worker, duckdb] = await Promise.all([
    inflated("vendor/duckdb/duckdb-eh.wasm.gz", "application/wasm", cache, (seen, total) => {
      progress.max = total || seen;
      progress.value = seen;
      say(`${fill(S.step_engine, named)}: ${megabytes(seen)}${total ? " / " + megabytes(total) : ""} MB`,
          "loading");
    }),
    inflated("vendor/duckdb/duckdb-browser-eh.worker.js.gz", "text/javascript", cache, null),
    classicScript("vendor/apache-arrow/Arrow.es2015.min.js")
      .then(() => import("../vendor/duckdb/duckdb-browser.mjs")),
  ]);
  progress.value = progress.max;
  performance.mark("console-engine-fetched");
  const [script, views] = await scripts;
  const loaded = await tables;
  const boot = async (first) => {
    // A DuckDB with the release's tables and views, locked; again (first false) after a query
    // past config.timeout seconds, whose worker is the only way to stop it.
    const step = first ? say : () => {};
    const mark = first ? (name) => performance.mark(name) : () => {};
    step(fill(S.step_start, named) + "…", "loading");
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(worker.url));
    await db.instantiate(wasm.url);
    await db.open({});
    const conn = await db.connect();
    mark("console-engine-started");
    await conn.query("SET autoinstall_known_extensions = false; " +
                     "SET autoload_known_extensions = false");
    step(S.step_data + "…", "loading");
    // The worker takes the bytes it is given: a copy, since a new one may need them.
    for (const [path, bytes] of loaded) await db.registerFileBuffer(path, bytes.slice());
    await conn.query(script);
    for (const [path] of loaded) await db.dropFile(path);
    mark("console-tables-loaded");
    step(S.step_views + "…", "loading");
    await conn.query(views);
    // From here on the console reads only what it loaded: no file, no URL, no extension, and
    // no query (a link's ?sql= included) can turn that back on.
    await conn.query("SET enable_external_access = false; SET lock_configuration = true");
    mark("console-ready");
    return { db, conn };
  };
  let current = await boot(true);
  const restart = async () => {
    await current.db.terminate();
    current = await boot(false);
  };
  const each = async (sql) => {
    // Each statement in turn, as SQLite's worker runs them; the answer is the last one's
    // (DuckDB-WASM, given them together, answers with the first one's).
    const { db, conn } = current;
    let answer = null;
    for (const statement of await statements(db, sql)) answer = await conn.query(statement);
    return answer;
  };
  return {
    cached: wasm.cached,
    query: async (sql) => {
      const answer = await inTime(each(sql), restart);
      return answer ? table(answer) : { names: [], rows: [] };
    },
  };
}

async function statements(db, sql) {
  // The statements of `sql`: split at each `;` DuckDB's tokenizer finds (none in a string or
  // a comment), without those that hold nothing but comments. Its offsets count UTF-8 bytes.
  const bytes = new TextEncoder().encode(sql);
  const { offsets, types } = await db.tokenize(sql);
  const text = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
  const found = [];
  let start = 0;
  let code = false;
  offsets.forEach((offset, k) => {
    if (types[k] === 3 && bytes[offset] === 0x3b) { // an operator, ";"
      if (code) found.push(text(start, offset));
      start = offset + 1;
      code = false;
    } else if (types[k] !== 5) code = true; // not a comment
  });
  if (code) found.push(text(start, bytes.length));
  return found;
}

function marked(element, text) {
  // `element` showing `text`, its lang by the site's one rule (etl.site.text.text_lang):
  // Chinese through and through is zh-Hans on an English page; Latin without Chinese is en
  // on a Chinese page (an answer's cells and names, an engine's error).
  element.textContent = text;
  const chinese = CJK.test(text);
  const latin = LATIN.test(text);
  if (chinese && !latin && config.lang.page !== "zh") element.lang = "zh-Hans";
  else if (latin && !chinese && config.lang.page === "zh") element.lang = "en";
  else element.removeAttribute("lang");
  return element;
}

function table(arrow) {
  const fields = arrow.schema.fields;
  if (arrow.numRows > config.max_rows) throw TOO_LARGE.too_many_rows();
  if (arrow.numRows * fields.length > config.max_values) throw TOO_LARGE.too_many_values();
  const columns = fields.map((f, j) => reader(f.type, arrow.getChildAt(j)));
  const rows = [];
  let text = 0;
  for (let i = 0; i < arrow.numRows; i += 1) {
    const row = columns.map((read) => read(i) ?? "");
    text += row.reduce((n, value) => n + value.length, 0);
    if (text > config.max_text) throw TOO_LARGE.too_much_text();
    rows.push(row);
  }
  return { names: fields.map((f) => f.name), rows };
}

function render(data) {
  result.replaceChildren();
  const head = result.createTHead().insertRow();
  for (const name of data.names) {
    const th = marked(document.createElement("th"), name);
    th.scope = "col";
    head.appendChild(th);
  }
  const body = result.createTBody();
  for (const row of data.rows) {
    const tr = body.insertRow();
    for (const value of row) tr.appendChild(marked(document.createElement("td"), value));
  }
  result.hidden = false;
}

function csv(data) {
  const quote = (v) => (/[",\n\r]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v);
  return [data.names, ...data.rows].map((r) => r.map(quote).join(",")).join("\n") + "\n";
}

let queries = 0; // asked so far: only the last one asked shows its answer

function followUrl() {
  // The links to the other language (site.js) and engine keep the query the page shows.
  if (typeof keepStateInSwitch === "function") keepStateInSwitch();
  linkOtherEngine();
}

async function execute(engineRun, sql, push) {
  const mine = ++queries;
  errorBox.hidden = true;
  run.disabled = true;
  say(S.running, "running");
  const url = new URL(location.href);
  url.searchParams.set("sql", sql);
  if (url.href !== location.href) history[push ? "pushState" : "replaceState"](null, "", url);
  followUrl();
  const began = performance.now();
  try {
    const answer = await engineRun.query(sql);
    if (mine !== queries) return; // the reader has asked another since (the Back button)
    last = answer;
    render(last);
    download.disabled = false;
    const ms = Math.round(performance.now() - began);
    say(fill(S.rows_in, { n: last.rows.length, ms }), "done");
    if (!performance.getEntriesByName("console-first-result").length) {
      performance.mark("console-first-result"); // read by `make bench` (bench/console.py)
    }
  } catch (error) {
    if (mine !== queries) return;
    result.hidden = true;
    download.disabled = true;
    marked(errorBox, error && error.message ? error.message : String(error));
    errorBox.hidden = false;
    say(fill(S.query_error, named), "error");
  } finally {
    if (mine === queries) run.disabled = false;
  }
}

download.addEventListener("click", () => {
  if (!last) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([csv(last)], { type: "text/csv;charset=utf-8" }));
  link.download = "query-result.csv";
  document.body.appendChild(link);
  link.click();
  link.remove();
});

function linkOtherEngine() {
  // The other engine's link carries the query in the box, as typed or as history brings it.
  const target = new URL("sql.html", location.href);
  target.search = "";
  if (engine !== "duckdb") target.searchParams.set("engine", "duckdb");
  if (input.value.trim()) target.searchParams.set("sql", input.value);
  document.getElementById("engine-switch").href = target.href;
}

function showEngine() {
  // Which engine answers, and a link to the other one that keeps the query (examples too).
  const other = engine === "duckdb" ? "sqlite" : "duckdb";
  document.getElementById("engine-name").textContent = S["engine_" + engine];
  document.getElementById("engine-switch").textContent = S["use_" + other];
  linkOtherEngine();
  input.addEventListener("input", linkOtherEngine);
  if (engine !== "duckdb") return;
  for (const example of document.querySelectorAll("a.example")) {
    example.href = "sql.html?engine=duckdb&sql=" + encodeURIComponent(example.dataset.duckdb);
  }
}

const began = performance.now();
showEngine();
(engine === "duckdb" ? startDuckdb() : startSqlite()).then((engineRun) => {
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const readyText = fill(S.ready, { s: seconds }) + (engineRun.cached ? " (" + S.cached + ")" : "");
  say(readyText, "ready");
  progress.hidden = true;
  document.body.dataset.console = "ready";
  run.disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    execute(engineRun, input.value, true);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      execute(engineRun, input.value, true);
    }
  });
  window.addEventListener("popstate", () => {
    // Back and Forward: the box, the links and the answer are those of the query in the URL;
    // a URL without one is the page as it opened, before any query ran.
    const sql = new URL(location.href).searchParams.get("sql");
    if (sql) {
      input.value = sql;
      execute(engineRun, sql, false);
      return;
    }
    queries += 1; // an answer still coming is not this page's
    input.value = input.defaultValue;
    followUrl();
    last = null;
    result.hidden = errorBox.hidden = true;
    download.disabled = true;
    run.disabled = false;
    say(readyText, "ready");
  });
  const initial = new URL(location.href).searchParams.get("sql");
  if (initial) {
    input.value = initial;
    execute(engineRun, initial, false);
  }
}, (error) => {
  errorBox.textContent = fill(S.did_not_start, named) + " "
    + (error && error.message ? error.message : error);
  errorBox.hidden = false;
  progress.hidden = true;
  say(S.not_loaded, "error");
  document.body.dataset.console = "failed";
});
