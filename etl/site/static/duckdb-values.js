// How the SQL console writes DuckDB's values (Arrow vectors) as text, exactly as DuckDB does.
// DuckDB's answers arrive as Arrow, whose value getters round or fail on some of DuckDB's
// types (a DECIMAL's point is lost, a TIMESTAMP kept to the millisecond, an infinite DATE
// throws, an INTERVAL cut short); each column is read from its raw buffers instead and written
// as DuckDB writes it, exact. Columns go by position: two may share a name (a join's "id").
const UNITS = [1n, 1000n, 1000000n, 1000000000n]; // per second: SECOND … NANOSECOND
const INFINITE = 2n ** 63n - 1n; // DuckDB's infinity in a TIMESTAMP (negated: -infinity)
const pad = (n, width = 2) => String(n).padStart(width, "0");

function chunk(vector, i) {
  // The chunk of `vector` holding row i, and the row's place in it.
  for (const data of vector.data) {
    if (i < data.length) return [data, i];
    i -= data.length;
  }
  throw new RangeError("row " + i);
}

function floorDiv(a, b) {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function day(days) {
  // Days since 1970-01-01 as a proleptic Gregorian date, any year (H. Hinnant's algorithm).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524)
                          - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const date = `${pad(y > 0 ? y : 1 - y, 4)}-${pad(m)}-${pad(d)}`;
  return y > 0 ? date : date + " (BC)";
}

function clock(ticks, perSecond) {
  // A time of day from ticks (BigInt) since midnight, fraction without trailing zeros.
  const seconds = ticks / perSecond;
  const digits = UNITS.indexOf(perSecond) * 3;
  const fraction = digits ? pad(ticks % perSecond, digits).replace(/0+$/, "") : "";
  return `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`
    + (fraction ? "." + fraction : "");
}

function timestamp(ticks, perSecond, zone) {
  if (ticks === INFINITE) return "infinity";
  if (ticks === -INFINITE) return "-infinity";
  const perDay = perSecond * 86400n;
  const days = floorDiv(ticks, perDay);
  return `${day(Number(days))} ${clock(ticks - days * perDay, perSecond)}${zone ? "+00" : ""}`;
}

function interval(months, days, nanos) {
  const parts = [];
  const plural = (n, word) => `${n} ${word}${Math.abs(n) === 1 ? "" : "s"}`;
  if (Math.trunc(months / 12)) parts.push(plural(Math.trunc(months / 12), "year"));
  if (months % 12) parts.push(plural(months % 12, "month"));
  if (days) parts.push(plural(days, "day"));
  if (nanos || !parts.length) {
    const micros = nanos / 1000n;
    parts.push((micros < 0n ? "-" : "") + clock(micros < 0n ? -micros : micros, UNITS[2]));
  }
  return parts.join(" ");
}

function decimal(unscaled, scale) {
  const text = String(unscaled);
  if (!scale) return text;
  const sign = text.startsWith("-") ? "-" : "";
  const digits = text.slice(sign.length).padStart(scale + 1, "0");
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

export function reader(type, vector) {
  // (row) => the value of `vector` at row as text, null for NULL.
  const { Type } = globalThis.Arrow;
  const raw = (i) => { const [data, j] = chunk(vector, i); return [data.values, j]; };
  const value = (write) => (i) => (vector.isValid(i) ? write(i) : null);
  switch (type.typeId) {
    case Type.Decimal:
      return value((i) => decimal(vector.get(i), type.scale));
    case Type.Date:
      // Date32 in days; Date64 in milliseconds. DuckDB's infinity is int32's largest.
      return value((i) => {
        const [values, j] = raw(i);
        const days = type.unit === 0 ? values[j] : Math.floor(Number(values[j]) / 86400000);
        return days === 2147483647 ? "infinity" : days === -2147483647 ? "-infinity" : day(days);
      });
    case Type.Time:
      return value((i) => { const [values, j] = raw(i); return clock(BigInt(values[j]), UNITS[type.unit]); });
    case Type.Timestamp:
      return value((i) => {
        const [values, j] = raw(i);
        return timestamp(BigInt(values[j]), UNITS[type.unit], Boolean(type.timezone));
      });
    case Type.Interval:
      return value((i) => {
        const [values, j] = raw(i);
        if (type.unit === 2) { // MONTH_DAY_NANO: int32 months, int32 days, int64 nanoseconds
          const v = values.subarray(j * 4, j * 4 + 4);
          return interval(v[0], v[1], BigInt(v[2] >>> 0) + (BigInt(v[3]) << 32n));
        }
        if (type.unit === 0) return interval(values[j], 0, 0n); // YEAR_MONTH
        return interval(0, values[j * 2], BigInt(values[j * 2 + 1]) * 1000000n); // DAY_TIME
      });
    case Type.Binary: case Type.LargeBinary: case Type.FixedSizeBinary:
      return value((i) => hex(vector.get(i))); // as the SQLite engine shows a BLOB
    case Type.List: case Type.FixedSizeList:
      return value((i) => {
        const items = vector.get(i);
        const item = reader(type.children[0].type, items);
        return "[" + Array.from({ length: items.length }, (_, k) => item(k) ?? "NULL").join(", ") + "]";
      });
    case Type.Struct:
      return value((i) => "{" + type.children.map((child, k) =>
        `'${child.name}': ${reader(child.type, vector.getChildAt(k))(i) ?? "NULL"}`).join(", ") + "}");
    default:
      return value((i) => {
        const v = vector.get(i);
        if (typeof v !== "object") return String(v);
        return JSON.stringify(v, (k, x) => (typeof x === "bigint" ? x.toString() : x));
      });
  }
}
