// The SQL console: DuckDB-WASM (eh bundle, in a Worker) over the release's Parquet files.
// Every URL is relative to this file, so the site works from any static host and path prefix.
import * as duckdb from "../vendor/duckdb/duckdb-browser.mjs";
import initParquet, { readParquet } from "../vendor/parquet-wasm/parquet_wasm.js";

const site = new URL("../", import.meta.url);
const config = JSON.parse(document.getElementById("console-config").textContent);
const form = document.getElementById("console");
const input = document.getElementById("sql");
const run = document.getElementById("run");
const download = document.getElementById("download");
const status = document.getElementById("status");
const errorBox = document.getElementById("error");
const result = document.getElementById("result");
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
let last = null;
const asked = new URL(location.href).searchParams.get("sql");
if (asked) input.value = asked; // shown while DuckDB loads, run once it has

function say(text, state) {
  status.replaceChildren();
  for (const part of text.split(/(\s[\u3400-\u9fff][^\s]*)$/)) {
    if (!part) continue;
    const span = document.createElement("span");
    span.textContent = part;
    if (/[\u3400-\u9fff]/.test(part)) span.lang = "zh-Hans";
    status.append(span);
  }
  status.dataset.state = state;
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

async function start() {
  const began = performance.now();
  const parquetReady = initParquet({
    module_or_path: new URL("vendor/parquet-wasm/parquet_wasm_bg.wasm", site) });
  const worker = new Worker(new URL("vendor/duckdb/duckdb-browser-eh.worker.js", site));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL("vendor/duckdb/duckdb-eh.wasm", site).href);
  await db.open({});
  const conn = await db.connect();
  await conn.query("SET autoinstall_known_extensions = false; " +
                   "SET autoload_known_extensions = false");
  const files = await Promise.all(config.tables.map(async ([name, path]) => {
    const response = await fetch(new URL(path, site));
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    return [name, new Uint8Array(await response.arrayBuffer())];
  }));
  await parquetReady;
  for (const [name, bytes] of files) {
    // Each table from its Parquet file: parquet-wasm decodes it to Arrow, DuckDB takes Arrow.
    const ipc = readParquet(bytes).intoIPCStream();
    await conn.insertArrowFromIPCStream(ipc, { name, create: true });
  }
  const views = await fetch(new URL(config.views, site));
  if (!views.ok) throw new Error(config.views + ": HTTP " + views.status);
  await conn.query(await views.text());
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  return { conn, seconds };
}

async function execute(conn, sql, push) {
  errorBox.hidden = true;
  run.disabled = true;
  say("Running… 运行中", "running");
  const url = new URL(location.href);
  url.searchParams.set("sql", sql);
  if (url.href !== location.href) history[push ? "pushState" : "replaceState"](null, "", url);
  const began = performance.now();
  try {
    last = table(await conn.query(sql));
    render(last);
    download.disabled = false;
    const ms = Math.round(performance.now() - began);
    say(`${last.rows.length} row(s) in ${ms} ms 共${last.rows.length}行`, "done");
  } catch (error) {
    result.hidden = true;
    download.disabled = true;
    errorBox.textContent = error && error.message ? error.message : String(error);
    errorBox.hidden = false;
    say("DuckDB error 查询出错", "error");
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

start().then(({ conn, seconds }) => {
  say(`Ready: ${config.tables.length} tables and the views, loaded in ${seconds} s 已就绪`,
      "ready");
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
  errorBox.textContent = "DuckDB did not start: " + (error && error.message ? error.message : error);
  errorBox.hidden = false;
  say("Not loaded 未能加载", "error");
  document.body.dataset.console = "failed";
});
