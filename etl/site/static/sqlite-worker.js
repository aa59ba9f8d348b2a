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
    // Integers as BigInt: exact beyond 2^53.
    return Promise.resolve({ results: db.exec(message.sql, undefined, { useBigInt: true }) });
  }
  return Promise.reject(new Error("unknown action " + message.action));
}

self.onmessage = ({ data }) => {
  answer(data).then(
    (reply) => postMessage({ id: data.id, ...reply }),
    (error) => postMessage({ id: data.id, error: error && error.message ? error.message : String(error) }));
};
