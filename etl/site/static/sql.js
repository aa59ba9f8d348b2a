// The SQL console. Two engines, each in a Worker, over the release's own data; every URL is
// relative to this file, so the site works from any static host and path prefix.
// - SQLite (sql.js), the default: 0.7 MB of WebAssembly opening the release's SQLite file.
// - DuckDB (DuckDB-WASM, eh bundle), on request (?engine=duckdb): the engine arrives
//   gzip-compressed and is inflated here (DecompressionStream), kept in the Cache API for the
//   next visit; it loads the release's CSV files, and once they are in it may read nothing else.
// Neither engine has a way out: sql.js has no network or file access beyond its own memory.
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
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
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

async function startSqlite() {
  // The worker fetches and compiles the engine while this page downloads the database. A
  // query running longer than config.sqlite.timeout seconds is stopped with its worker, and a
  // new one opens the same database.
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
        pending.reject(reply.code === "too_many_rows"
          ? new Error(fill(S.too_many_rows, { n: config.max_rows.toLocaleString() }))
          : new Error(String(reply.error)));
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
      let timer = null;
      const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve(null), config.sqlite.timeout * 1000);
      });
      try {
        const asked = ask({ action: "exec", sql, maxRows: config.max_rows });
        asked.catch(() => {}); // a query given up for lateness fails unheard
        const reply = await Promise.race([asked, late]);
        if (reply === null) {
          await restart();
          throw new Error(fill(S.timed_out, { s: config.sqlite.timeout }));
        }
        const { columns, values } = reply.answer;
        return { names: columns, rows: values.map((row) => row.map(cell)) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function cell(value) {
  if (value === null || value === undefined) return "";
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("");
  return String(value);
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
  say(fill(S.step_start, named) + "…", "loading");
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(worker.url));
  await db.instantiate(wasm.url);
  await db.open({});
  const conn = await db.connect();
  performance.mark("console-engine-started");
  await conn.query("SET autoinstall_known_extensions = false; " +
                   "SET autoload_known_extensions = false");
  say(S.step_data + "…", "loading");
  const [script, views] = await scripts;
  for (const [path, bytes] of await tables) await db.registerFileBuffer(path, bytes);
  await conn.query(script);
  for (const [path] of await tables) await db.dropFile(path);
  performance.mark("console-tables-loaded");
  say(S.step_views + "…", "loading");
  await conn.query(views);
  // From here on the console reads only what it loaded: no file, no URL, no extension, and
  // no query (a link's ?sql= included) can turn that back on.
  await conn.query("SET enable_external_access = false; SET lock_configuration = true");
  performance.mark("console-ready");
  return { cached: wasm.cached, query: async (sql) => table(await conn.query(sql)) };
}

function show(text) {
  const td = document.createElement("td");
  td.textContent = text;
  if (CJK.test(text)) td.lang = "zh-Hans";
  return td;
}

function formatter(field) {
  const type = String(field.type);
  if (type.startsWith("Date")) {
    return (v) => new Date(Number(v)).toISOString().slice(0, 10);
  }
  if (type.startsWith("Timestamp")) {
    return (v) => new Date(Number(v)).toISOString().replace(".000Z", "Z");
  }
  return (v) => {
    if (typeof v === "object" && !(v instanceof Uint8Array)) {
      return JSON.stringify(v, (k, x) => (typeof x === "bigint" ? x.toString() : x));
    }
    return String(v);
  };
}

function table(arrow) {
  if (arrow.numRows > config.max_rows) {
    throw new Error(fill(S.too_many_rows, { n: config.max_rows.toLocaleString() }));
  }
  const fields = arrow.schema.fields;
  const formats = fields.map(formatter);
  const columns = fields.map((f) => arrow.getChild(f.name));
  const rows = [];
  for (let i = 0; i < arrow.numRows; i += 1) {
    rows.push(columns.map((c, j) => {
      const v = c.get(i);
      return v === null || v === undefined ? "" : formats[j](v);
    }));
  }
  return { names: fields.map((f) => f.name), rows };
}

function render(data) {
  result.replaceChildren();
  const head = result.createTHead().insertRow();
  for (const name of data.names) {
    const th = document.createElement("th");
    th.textContent = name;
    th.scope = "col";
    head.appendChild(th);
  }
  const body = result.createTBody();
  for (const row of data.rows) {
    const tr = body.insertRow();
    for (const value of row) tr.appendChild(show(value));
  }
  result.hidden = false;
}

function csv(data) {
  const quote = (v) => (/[",\n\r]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v);
  return [data.names, ...data.rows].map((r) => r.map(quote).join(",")).join("\n") + "\n";
}

async function execute(engineRun, sql, push) {
  errorBox.hidden = true;
  run.disabled = true;
  say(S.running, "running");
  const url = new URL(location.href);
  url.searchParams.set("sql", sql);
  if (url.href !== location.href) history[push ? "pushState" : "replaceState"](null, "", url);
  if (typeof keepStateInSwitch === "function") keepStateInSwitch(); // from site.js
  const began = performance.now();
  try {
    last = await engineRun.query(sql);
    render(last);
    download.disabled = false;
    const ms = Math.round(performance.now() - began);
    say(fill(S.rows_in, { n: last.rows.length, ms }), "done");
    if (!performance.getEntriesByName("console-first-result").length) {
      performance.mark("console-first-result"); // read by `make bench` (bench/console.py)
    }
  } catch (error) {
    result.hidden = true;
    download.disabled = true;
    errorBox.textContent = error && error.message ? error.message : String(error);
    errorBox.hidden = false;
    say(fill(S.query_error, named), "error");
  } finally {
    run.disabled = false;
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

function showEngine() {
  // Which engine answers, and a link to the other one that keeps the query (examples too).
  const other = engine === "duckdb" ? "sqlite" : "duckdb";
  document.getElementById("engine-name").textContent = S["engine_" + engine];
  const link = document.getElementById("engine-switch");
  link.textContent = S["use_" + other];
  const follow = () => {
    const target = new URL("sql.html", location.href);
    if (other === "duckdb") target.searchParams.set("engine", "duckdb");
    if (input.value.trim()) target.searchParams.set("sql", input.value);
    link.href = target.href;
  };
  follow();
  input.addEventListener("input", follow);
  if (engine !== "duckdb") return;
  for (const example of document.querySelectorAll("a.example")) {
    example.href = "sql.html?engine=duckdb&sql=" + encodeURIComponent(example.dataset.duckdb);
  }
}

const began = performance.now();
showEngine();
(engine === "duckdb" ? startDuckdb() : startSqlite()).then((engineRun) => {
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  say(fill(S.ready, { s: seconds }) + (engineRun.cached ? " (" + S.cached + ")" : ""), "ready");
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
    const sql = new URL(location.href).searchParams.get("sql");
    if (sql) { input.value = sql; execute(engineRun, sql, false); }
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
