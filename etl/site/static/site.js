// Sort a table by clicking a header; filter its rows by typing. No network, no libraries.
"use strict";
function cellValue(row, index) {
  const text = row.cells[index].textContent.trim();
  const number = Number(text);
  return text !== "" && !Number.isNaN(number) ? number : text;
}
function sortBy(table, index, header) {
  const body = table.tBodies[0];
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = cellValue(a, index), y = cellValue(b, index);
    const order = typeof x === "number" && typeof y === "number"
      ? x - y : String(x).localeCompare(String(y), "zh");
    return ascending ? order : -order;
  });
  for (const row of rows) body.appendChild(row);
}
function filterRows(table, query, counter) {
  const needle = query.trim().toLowerCase();
  let shown = 0;
  for (const row of table.tBodies[0].rows) {
    const match = needle === "" || row.textContent.toLowerCase().includes(needle);
    row.hidden = !match;
    if (match) shown += 1;
  }
  if (counter) counter.textContent = shown + " / " + table.tBodies[0].rows.length;
}
function filterCards(selector, query, counter) {
  const needle = query.trim().toLowerCase();
  const cards = document.querySelectorAll(selector);
  let shown = 0;
  for (const card of cards) {
    const match = needle === "" || card.textContent.toLowerCase().includes(needle);
    card.hidden = !match;
    if (match) shown += 1;
  }
  if (counter) counter.textContent = shown + " / " + cards.length;
}
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input.filter[data-cards]")) {
    const counter = document.querySelector(".count[data-cards]");
    input.addEventListener("input", () => filterCards(input.dataset.cards, input.value, counter));
    filterCards(input.dataset.cards, input.value, counter);
  }
  for (const table of document.querySelectorAll("table.data")) {
    const headers = table.tHead.rows[0].cells;
    for (let i = 0; i < headers.length; i += 1) {
      headers[i].addEventListener("click", () => sortBy(table, i, headers[i]));
    }
    const input = document.querySelector("input.filter[data-table='" + table.id + "']");
    const counter = document.querySelector(".count[data-table='" + table.id + "']");
    if (input) {
      input.addEventListener("input", () => filterRows(table, input.value, counter));
      filterRows(table, input.value, counter);
    }
  }
});
