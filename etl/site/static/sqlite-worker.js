// The SQL console's SQLite engine (sql.js) in a Worker. The engine's WebAssembly arrives
// gzip-compressed and is inflated here (DecompressionStream); the page sends the database.
// sql.js has no network and no file system but its own memory: a query can read nothing else.
importScripts("../vendor/sqljs/sql-wasm.js");

async function inflated(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(url + ": HTTP " + response.status);
  // A host that sends .gz files with Content-Encoding: gzip has them inflated already.
  const encoded = /gzip/.test(response.headers.get("content-encoding") || "");
  const body = encoded ? response.body : response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

let engine = null;
let db = null;

const refused = (code) => Object.assign(new Error(code), { code });

function size(value) {
  // Characters the page will show for a value (a BLOB in hexadecimal).
  if (value === null) return 0;
  return value instanceof Uint8Array ? value.length * 2 : String(value).length;
}

function run(sql, { maxRows, maxValues, maxText }) {
  // Each statement in turn; the answer is the last one with columns. More than maxRows rows,
  // maxValues values or maxText characters is refused, never cut, before it fills the memory.
  let answer = { columns: [], values: [] };
  for (const statement of db.iterateStatements(sql)) {
    try {
      const columns = statement.getColumnNames();
      const values = [];
      let text = 0;
      while (statement.step()) {
        if (values.length === maxRows) throw refused("too_many_rows");
        if ((values.length + 1) * columns.length > maxValues) throw refused("too_many_values");
        const row = statement.get(null, { useBigInt: true }); // integers exact beyond 2^53
        text += row.reduce((n, value) => n + size(value), 0);
        if (text > maxText) throw refused("too_much_text");
        values.push(row);
      }
      if (columns.length) answer = { columns, values };
    } finally {
      statement.free();
    }
  }
  return answer;
}

function answer(message) {
  if (message.action === "start") {
    engine = inflated(new URL(message.engine, location.href))
      .then((wasmBinary) => initSqlJs({ wasmBinary }));
    return engine.then(() => ({}));
  }
  if (message.action === "open") {
    return engine.then((SQL) => {
      db = new SQL.Database(new Uint8Array(message.database));
      return {};
    });
  }
  if (message.action === "exec") {
    return new Promise((resolve) => resolve({ answer: run(message.sql, message.limits) }));
  }
  return Promise.reject(new Error("unknown action " + message.action));
}

self.onmessage = ({ data }) => {
  answer(data).then(
    (reply) => postMessage({ id: data.id, ...reply }),
    (error) => postMessage({
      id: data.id, code: error && error.code,
      error: error && error.message ? error.message : String(error),
    }));
};
