// The event table: one row per event mention, the evidence sentence highlighted.
import { evidence } from "./highlight.js";
import { actorLink, el, eventHref, typeBadge } from "./util.js";

const SORTABLE = { day: "date", type: "type", confidence: "confidence" };

function actors(list) {
  const out = [];
  (list || []).forEach((a, i) => {
    if (i) out.push(", ");
    out.push(actorLink(a));
  });
  return out;
}

function flags(item) {
  const out = [];
  if (item.negated) out.push(el("span", { class: "flag" }, "negated"));
  if (item.future) out.push(el("span", { class: "flag" }, "future"));
  if (item.hypothetical) out.push(el("span", { class: "flag" }, "hypothetical"));
  return out;
}

export function eventRow(item, onOpen) {
  const row = el(
    "tr",
    { dataset: { docId: item.doc_id, eventId: item.event_id } },
    el("td", { class: "nowrap" }, item.day || el("span", { class: "muted" }, "no date")),
    el("td", {}, typeBadge(item.type), item.mode ? el("div", { class: "muted" }, item.mode) : null, flags(item)),
    el("td", {}, actors(item.sources)),
    el("td", {}, actors(item.targets)),
    el("td", { class: "sentence" }, evidence(item, "span")),
    el("td", {}, item.location ? item.location.name : ""),
    el("td", {}, item.outlet || ""),
    el("td", { class: "nowrap" }, item.n_outlets ? `${item.n_outlets}` : ""),
    el("td", { class: "nowrap" }, item.confidence != null ? item.confidence.toFixed(2) : ""),
  );
  row.addEventListener("click", (ev) => {
    if (ev.target.closest("a")) return; // actor links keep their own target
    onOpen(item);
  });
  row.tabIndex = 0; // keyboard: Tab to a row, Enter opens it
  row.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target === row) onOpen(item);
  });
  return row;
}

/**
 * A table of events. `sort` is the API sort key ("-date"...); onSort(key) is called when a
 * sortable header is clicked, or null to make no header sortable.
 */
export function eventTable(items, { sort = "-date", onSort = null } = {}) {
  const open = (item) => {
    location.hash = eventHref(item);
  };
  const head = el("tr");
  const columns = [
    ["day", "Date"], ["type", "Type"], ["sources", "Source"], ["targets", "Target"],
    ["sentence", "Evidence"], ["location", "Place"], ["outlet", "Outlet"], ["n_outlets", "Outlets"],
    ["confidence", "Conf."],
  ];
  for (const [key, label] of columns) {
    const th = el("th", { scope: "col" }, label);
    const apiKey = SORTABLE[key];
    if (apiKey && onSort) {
      th.classList.add("sortable");
      th.dataset.sort = apiKey;
      if (sort === apiKey) th.classList.add("sorted-asc");
      if (sort === `-${apiKey}`) th.classList.add("sorted-desc");
      th.addEventListener("click", () => onSort(sort === `-${apiKey}` ? apiKey : `-${apiKey}`));
    }
    head.append(th);
  }
  const body = el("tbody");
  for (const item of items) body.append(eventRow(item, open));
  return el("table", { class: "events" }, el("thead", {}, head), body);
}

export function appendRows(table, items) {
  const body = table.querySelector("tbody");
  for (const item of items) body.append(eventRow(item, (it) => (location.hash = eventHref(it))));
}
