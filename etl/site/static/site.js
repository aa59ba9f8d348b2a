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

function search(index, query) {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const words = needle.split(/\s+/);
  const out = [];
  for (const entry of index) {
    const names = entry.n.map((n) => n.toLowerCase());
    const all = [entry.en, entry.zh, ...entry.n, entry.x || ""].join(" ").toLowerCase();
    if (!words.every((w) => all.includes(w))) continue;
    let score = 0;
    if (names.includes(needle)) score += 100;
    else if (names.some((n) => n.includes(needle))) score += 50;
    else if ((entry.en + " " + entry.zh).toLowerCase().includes(needle)) score += 20;
    if (entry.k === "entity") score += 10;
    if (entry.k === "figure") score += 5;
    out.push([score, entry]);
  }
  out.sort((a, b) => b[0] - a[0]);
  return out.map((pair) => pair[1]);
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

function runSearch() {
  const box = document.getElementById("q");
  const list = document.getElementById("results");
  const counter = document.getElementById("search-count");
  const query = new URL(location.href).searchParams.get("q") || "";
  box.value = query;
  const found = search(window.SEARCH_INDEX || [], query);
  list.replaceChildren();
  for (const entry of found.slice(0, 200)) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = entry.u;
    link.appendChild(textSpan(entry.en));
    item.appendChild(link);
    if (entry.zh) { item.appendChild(document.createTextNode(" ")); item.appendChild(textSpan(entry.zh, "zh")); }
    item.appendChild(document.createTextNode(" "));
    item.appendChild(textSpan(entry.k, "kind"));
    list.appendChild(item);
  }
  setMixed(counter, query ? `${found.length} result(s) for “${query}” 共${found.length}条` : "");
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
  window.addEventListener("hashchange", highlightTarget);
});
