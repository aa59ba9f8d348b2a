// Sort tables, filter rows and cards (the filter lives in the URL), download what is shown,
// highlight a linked figure, search the site. No network, no libraries.
"use strict";
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

function sortKey(cell) {
  const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  if (raw === "") return null;
  const number = Number(raw);
  return Number.isNaN(number) ? raw : number;
}

function sortBy(table, index, header) {
  const body = table.tBodies[0];
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const rows = Array.from(body.rows);
  const keys = new Map(rows.map((r) => [r, sortKey(r.cells[index])]));
  rows.sort((a, b) => {
    const x = keys.get(a), y = keys.get(b);
    if (x === null || y === null) return (x === null) - (y === null); // blanks last, always
    const order = typeof x === "number" && typeof y === "number"
      ? x - y : String(x).localeCompare(String(y), "zh");
    return ascending ? order : -order;
  });
  for (const row of rows) body.appendChild(row);
  saveState({ sort: header.dataset.field || String(index), dir: ascending ? "asc" : "desc" });
}

function saveState(changes) {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value) url.searchParams.set(key, value); else url.searchParams.delete(key);
  }
  if (url.href !== location.href) history.replaceState(null, "", url);
  keepStateInSwitch();
}

function matches(element, needle) {
  if (needle === "") return true;
  const text = (element.textContent + " " + (element.id || "")).toLowerCase();
  return needle.split(/\s+/).every((word) => text.includes(word));
}

function filter(elements, query, counter) {
  const needle = query.trim().toLowerCase();
  let shown = 0;
  for (const element of elements) {
    const match = matches(element, needle) || element.id === decodeURIComponent(location.hash.slice(1));
    element.hidden = !match;
    if (match) shown += 1;
  }
  if (counter) counter.textContent = shown + " / " + elements.length;
}

function csvOf(data, elements) {
  const quote = (v) => (/[",\n\r]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v);
  const lines = [data.fields.map(quote).join(",")];
  for (const element of elements) {
    if (!element.hidden) lines.push(data.rows[Number(element.dataset.i)].map(quote).join(","));
  }
  return lines.join("\n") + "\n";
}

function offerDownload(button, dataId, elementsOf, name) {
  const source = document.getElementById(dataId);
  if (!button || !source) return;
  button.addEventListener("click", () => {
    const data = JSON.parse(source.textContent);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csvOf(data, elementsOf())],
                                             { type: "text/csv;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
}

function highlightTarget() {
  for (const old of document.querySelectorAll(".targeted")) old.classList.remove("targeted");
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target && target.matches("article.figure, tr")) {
    target.hidden = false;
    target.classList.add("targeted");
    target.scrollIntoView({ block: "start" });
  }
}

function distance(a, b) {
  // Edit distance with adjacent transpositions (optimal string alignment): "tsinghau" is 1
  // from "tsinghua".
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

function score(entry, needle, words) {
  // Exact name or short name first, then a name that starts so, then a whole word of a
  // name, then text anywhere; organisations before rows, shorter names before longer.
  const names = [...entry.n, ...(entry.a || [])].map((n) => n.toLowerCase());
  const all = [entry.en, entry.zh, ...names, entry.x || ""].join(" ").toLowerCase();
  if (!words.every((w) => all.includes(w))) return 0;
  let points = 10;
  if (names.includes(needle)) points = 1000;
  else if (names.some((n) => n.startsWith(needle))) points = 500;
  else if (names.some((n) => (" " + n + " ").includes(" " + needle + " "))) points = 300;
  else if (names.some((n) => n.includes(needle))) points = 200;
  else if ((entry.en + " " + entry.zh).toLowerCase().includes(needle)) points = 50;
  if (entry.k === "entity") points += 40;
  if (entry.k === "figure") points += 20;
  return points - Math.min(30, (entry.en || "").length / 4);
}

function search(index, query) {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const words = needle.split(/\s+/);
  const out = [];
  for (const entry of index) {
    const points = score(entry, needle, words);
    if (points > 0) out.push([points, entry]);
  }
  out.sort((a, b) => b[0] - a[0]);
  return out.map((pair) => pair[1]);
}

function suggest(index, query) {
  // The organisations whose name, short name or a word of either is nearest the query.
  const needle = query.trim().toLowerCase();
  const limit = Math.max(1, Math.floor(needle.length / 3));
  const near = [];
  for (const entry of index) {
    if (entry.k !== "entity") continue;
    let best = Infinity;
    for (const name of [...entry.n, ...(entry.a || [])]) {
      const lower = name.toLowerCase();
      best = Math.min(best, distance(needle, lower));
      for (const word of lower.split(/[\s,()–-]+/)) if (word) best = Math.min(best, distance(needle, word));
    }
    if (best <= limit) near.push([best, entry]);
  }
  near.sort((a, b) => a[0] - b[0] || a[1].en.length - b[1].en.length);
  return near.slice(0, 5).map((pair) => pair[1]);
}

const CJK_RUN = new RegExp("[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff" +
  "\uf900-\ufaff\uff00-\uffef](?:[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff" +
  "\uf900-\ufaff\uff00-\uffef0-9.%·“”‘’—… ]*[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf" +
  "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])?", "g");

function setMixed(element, text) {
  // Text into element, each run of Chinese in a lang="zh-Hans" span (as the build does).
  element.replaceChildren();
  if (CJK.test(text) && !/[A-Za-z]/.test(text)) {
    element.lang = "zh-Hans";
    element.textContent = text;
    return element;
  }
  let at = 0;
  for (const match of text.matchAll(CJK_RUN)) {
    element.append(text.slice(at, match.index));
    const span = document.createElement("span");
    span.lang = "zh-Hans";
    span.textContent = match[0];
    element.append(span);
    at = match.index + match[0].length;
  }
  element.append(text.slice(at));
  return element;
}

function textSpan(text, cls) {
  const span = document.createElement("span");
  if (cls) span.className = cls;
  return setMixed(span, text);
}

function resultLink(entry, chinese) {
  const link = document.createElement("a");
  link.href = entry.u;
  const main = chinese && entry.zh ? entry.zh : entry.en;
  const other = chinese ? entry.en : entry.zh;
  link.appendChild(textSpan(main));
  if (other && other !== main) {
    link.appendChild(document.createTextNode(" "));
    link.appendChild(textSpan(other, "other"));
  }
  return link;
}

function runSearch() {
  const box = document.getElementById("q");
  const list = document.getElementById("results");
  const counter = document.getElementById("search-count");
  const strings = JSON.parse(document.getElementById("search-strings").textContent);
  const chinese = document.body.dataset.lang === "zh";
  const query = new URL(location.href).searchParams.get("q") || "";
  box.value = query;
  const index = window.SEARCH_INDEX || [];
  const found = search(index, query);
  list.replaceChildren();
  for (const entry of found.slice(0, 200)) {
    const item = document.createElement("li");
    item.appendChild(resultLink(entry, chinese));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(textSpan(strings.kinds[entry.k] || entry.k, "kind"));
    list.appendChild(item);
  }
  setMixed(counter, query ? strings.results.replace("{n}", found.length).replace("{q}", query) : "");
  const near = query && !found.some((e) => e.k === "entity") ? suggest(index, query) : [];
  const box2 = document.getElementById("suggestions");
  box2.replaceChildren();
  near.forEach((entry, i) => {
    if (i) box2.appendChild(document.createTextNode(chinese ? "、" : ", "));
    box2.appendChild(resultLink(entry, chinese));
  });
  document.getElementById("suggest").hidden = near.length === 0;
}

function keepStateInSwitch() {
  // The link to the other language keeps the reader's query, filters and place.
  const other = document.querySelector("a.lang-switch");
  if (!other) return;
  const target = new URL(other.getAttribute("href"), location.href);
  target.search = location.search;
  target.hash = location.hash;
  other.href = target.href;
}

document.addEventListener("DOMContentLoaded", () => {
  const params = new URL(location.href).searchParams;
  for (const input of document.querySelectorAll("input.filter[data-cards]")) {
    const counter = document.querySelector(".count[data-cards]");
    const cards = Array.from(document.querySelectorAll(input.dataset.cards));
    input.value = params.get("q") || "";
    input.addEventListener("input", () => {
      filter(cards, input.value, counter);
      saveState({ q: input.value.trim() });
    });
    filter(cards, input.value, counter);
    offerDownload(document.querySelector("button.download[data-cards]"), "cards-data",
                  () => cards, "figures-filtered.csv");
  }
  for (const table of document.querySelectorAll("table.data")) {
    const headers = table.tHead.rows[0].cells;
    for (let i = 0; i < headers.length; i += 1) {
      headers[i].addEventListener("click", () => sortBy(table, i, headers[i]));
    }
    const input = document.querySelector("input.filter[data-table='" + table.id + "']");
    const counter = document.querySelector(".count[data-table='" + table.id + "']");
    const rows = Array.from(table.tBodies[0].rows);
    if (input) {
      input.value = params.get("q") || "";
      input.addEventListener("input", () => {
        filter(rows, input.value, counter);
        saveState({ q: input.value.trim() });
      });
      filter(rows, input.value, counter);
    }
    const button = document.querySelector("button.download[data-table='" + table.id + "']");
    offerDownload(button, table.id + "-data", () => Array.from(table.tBodies[0].rows),
                  (button ? button.dataset.name : "rows") + "-filtered.csv");
    const sorted = params.get("sort");
    if (sorted) {
      const index = Array.from(headers).findIndex((h) => h.dataset.field === sorted);
      if (index >= 0) {
        if (params.get("dir") === "desc") headers[index].setAttribute("aria-sort", "ascending");
        sortBy(table, index, headers[index]);
      }
    }
  }
  for (const button of document.querySelectorAll("button.reading")) {
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      let note = button.nextElementSibling;
      if (!note || !note.classList.contains("reason")) {
        note = textSpan(button.title, "reason");
        note.lang = "en";
        button.after(note);
      }
      note.hidden = !open;
    });
  }
  if (document.getElementById("results")) runSearch();
  highlightTarget();
  keepStateInSwitch();
  window.addEventListener("hashchange", () => { highlightTarget(); keepStateInSwitch(); });
});
