// The SQL console: DuckDB-WASM (eh bundle, in a Worker) over the release's own CSV files.
// Every URL is relative to this file, so the site works from any static host and path prefix.
// The engine arrives gzip-compressed and is inflated here (DecompressionStream), kept in the
// Cache API for the next visit; once the data are in, DuckDB may read nothing else.
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
let last = null;
const asked = new URL(location.href).searchParams.get("sql");
if (asked) input.value = asked; // shown while DuckDB loads, run once it has

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

async function openCache() {
  // The Cache API exists in secure contexts only (https, localhost); elsewhere, no cache.
  try {
    return "caches" in self ? await caches.open(config.cache) : null;
  } catch {
    return null;
  }
}

async function inflated(path, type, cache, onBytes) {
  // A blob: URL of the file at `path` (gzip) inflated, from the cache when it is there.
  const url = new URL(path, site);
  const hit = cache && await cache.match(url);
  if (hit) return { url: URL.createObjectURL(await hit.blob()), cached: true };
  const response = await fetch(url);
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
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
  const data = await new Response(
    encoded ? counted : counted.pipeThrough(new DecompressionStream("gzip"))).blob();
  const blob = new Blob([data], { type });
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

async function start() {
  const began = performance.now();
  const tables = Promise.all(config.tables.map(async (path) =>
    [path, new Uint8Array(await (await fetched(path)).arrayBuffer())]));
  const scripts = Promise.all([config.script, config.views].map(
    async (path) => (await fetched(path)).text()));
  say(S.step_engine + "…", "loading");
  const cache = await openCache();
  const [wasm, worker, duckdb] = await Promise.all([
    inflated("vendor/duckdb/duckdb-eh.wasm.gz", "application/wasm", cache, (seen, total) => {
      progress.max = total || seen;
      progress.value = seen;
      say(`${S.step_engine}: ${megabytes(seen)}${total ? " / " + megabytes(total) : ""} MB`,
          "loading");
    }),
    inflated("vendor/duckdb/duckdb-browser-eh.worker.js.gz", "text/javascript", cache, null),
    import("../vendor/duckdb/duckdb-browser.mjs"),
  ]);
  progress.value = progress.max;
  performance.mark("console-engine-fetched");
  say(S.step_start + "…", "loading");
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
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  return { conn, seconds, cached: wasm.cached };
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

async function execute(conn, sql, push) {
  errorBox.hidden = true;
  run.disabled = true;
  say(S.running, "running");
  const url = new URL(location.href);
  url.searchParams.set("sql", sql);
  if (url.href !== location.href) history[push ? "pushState" : "replaceState"](null, "", url);
  if (typeof keepStateInSwitch === "function") keepStateInSwitch(); // from site.js
  const began = performance.now();
  try {
    last = table(await conn.query(sql));
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
    say(S.query_error, "error");
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

start().then(({ conn, seconds, cached }) => {
  say(fill(S.ready, { s: seconds }) + (cached ? " (" + S.cached + ")" : ""), "ready");
  progress.hidden = true;
  document.body.dataset.console = "ready";
  run.disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    execute(conn, input.value, true);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      execute(conn, input.value, true);
    }
  });
  window.addEventListener("popstate", () => {
    const sql = new URL(location.href).searchParams.get("sql");
    if (sql) { input.value = sql; execute(conn, sql, false); }
  });
  const initial = new URL(location.href).searchParams.get("sql");
  if (initial) {
    input.value = initial;
    execute(conn, initial, false);
  }
}, (error) => {
  errorBox.textContent = S.did_not_start + " " + (error && error.message ? error.message : error);
  errorBox.hidden = false;
  progress.hidden = true;
  say(S.not_loaded, "error");
  document.body.dataset.console = "failed";
});
