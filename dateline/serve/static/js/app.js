// dateline web UI: hash routes, one set of filters shared by every view (kept in the URL, so
// a view can be bookmarked), the timeline whose brushed range filters everything else.
//   #/events?FILTERS&sort=-date&limit=100    event table (limit: rows per page)
//   #/event/DOC/EVENT              one event, its evidence and mentions
//   #/network?FILTERS  #/map?FILTERS
//   #/actors  #/actor/NAME
import { api } from "./api.js";
import { renderActor, renderActors } from "./actor.js";
import { renderDetail } from "./detail.js";
import { renderMap } from "./map.js";
import { renderNetwork } from "./network.js";
import { appendRows, eventTable } from "./table.js";
import { renderTimeline } from "./timeline.js";
import { clear, debounce, el } from "./util.js";

const FILTER_KEYS = ["type", "mode", "actor", "country", "sector", "date_from", "date_to", "outlet", "q", "corroborated"];
const FILTERED_VIEWS = new Set(["events", "network", "map"]);
const PAGE = 100;

const $ = (id) => document.getElementById(id);
let lastListHash = "#/events";
let timelineKey = null;
let timelineChart = null;
let renderToken = 0;

function parseHash() {
  const hash = location.hash.replace(/^#/, "") || "/events";
  const [path, query = ""] = hash.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const limit = Math.min(500, Math.max(1, Number.parseInt(params.get("limit") || "", 10) || PAGE));
  return { view: parts[0] || "events", args: parts.slice(1), filters, sort: params.get("sort") || "-date", limit };
}

function hashFor(view, filters, extra = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  const qs = params.toString();
  return `#/${view}${qs ? `?${qs}` : ""}`;
}

/** Change some filters and stay on the current filtered view (or go to the table). */
function setFilters(patch) {
  const route = parseHash();
  const filters = { ...route.filters, ...patch };
  const view = FILTERED_VIEWS.has(route.view) ? route.view : "events";
  location.hash = hashFor(view, filters, view === "events" ? { sort: route.sort !== "-date" ? route.sort : "" } : {});
}

function showError(err) {
  const box = $("error");
  box.textContent = err && err.message ? err.message : String(err);
  box.hidden = false;
}

// ---- filters form -----------------------------------------------------------------------

function syncForm(filters) {
  const form = $("filters");
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (!input) continue;
    if (input.type === "checkbox") input.checked = filters[key] === "true";
    else if (input.value !== (filters[key] || "")) {
      if (input.tagName === "SELECT" && filters[key] && !input.querySelector(`option[value="${CSS.escape(filters[key])}"]`)) {
        input.append(el("option", { value: filters[key] }, filters[key]));
      }
      input.value = filters[key] || "";
    }
  }
}

function readForm() {
  const form = $("filters");
  const out = {};
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (!input) continue;
    out[key] = input.type === "checkbox" ? (input.checked ? "true" : "") : input.value.trim();
  }
  return out;
}

function initForm(stats) {
  const form = $("filters");
  const typeSelect = $("f-type");
  for (const type of Object.keys(stats.by_type || {}).sort()) typeSelect.append(el("option", { value: type }, `${type} (${stats.by_type[type]})`));
  const outletSelect = $("f-outlet");
  for (const outlet of Object.keys(stats.by_outlet || {}).sort()) outletSelect.append(el("option", { value: outlet }, outlet));
  const apply = () => setFilters(readForm());
  const applySoon = debounce(apply, 350);
  form.addEventListener("change", apply);
  form.addEventListener("input", (ev) => {
    if (ev.target.type === "text" || ev.target.type === "search" || ev.target.tagName === "INPUT" && !ev.target.type) applySoon();
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    apply();
  });
  $("f-clear").addEventListener("click", () => {
    const route = parseHash();
    location.hash = hashFor(FILTERED_VIEWS.has(route.view) ? route.view : "events", {});
  });
  api.actors({ limit: 500 })
    .then((page) => {
      const list = $("actor-names");
      for (const a of page.items) list.append(el("option", { value: a.name }));
    })
    .catch(() => {});
}

// ---- timeline -----------------------------------------------------------------------------

async function updateTimeline(filters) {
  // The timeline shows every day for the other filters; the date range is its selection, so
  // a new range only moves the selection, it does not redraw the chart.
  const { date_from, date_to, ...rest } = filters;
  const key = JSON.stringify(rest);
  const selected = date_from || date_to ? [date_from || date_to, date_to || date_from] : null;
  if (key === timelineKey && timelineChart) {
    timelineChart.showRange(selected);
    return;
  }
  timelineKey = key;
  const data = await api.timeline(rest);
  if (timelineChart) timelineChart.destroy();
  timelineChart = renderTimeline($("timeline"), data.days || [], {
    selected,
    onSelect: (from, to) => setFilters({ date_from: from, date_to: to }),
    onReset: () => setFilters({ date_from: "", date_to: "" }),
  });
}

window.addEventListener(
  "resize",
  debounce(() => {
    if (timelineChart) timelineChart.setSize({ width: $("timeline").clientWidth, height: timelineChart.height });
  }, 200),
);

// ---- views --------------------------------------------------------------------------------

async function renderEvents(view, filters, sort, limit) {
  const page = await api.events(filters, { sort, limit });
  const total = page.total != null ? page.total : page.items.length;
  const line = el("p", { class: "count-line", id: "event-count" }, `${total} event mention(s)`);
  view.append(el("h1", {}, "Events"), line);
  if (!page.items.length) {
    view.append(el("p", { class: "muted" }, "No events match these filters."));
    return;
  }
  const table = eventTable(page.items, { sort, onSort: (s) => (location.hash = hashFor("events", filters, { sort: s })) });
  view.append(table);
  let cursor = page.next_cursor;
  if (cursor) {
    const more = el("button", { type: "button", class: "more" }, "Load more");
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const next = await api.events(filters, { sort, limit, cursor });
        appendRows(table, next.items);
        cursor = next.next_cursor;
        if (!cursor) more.remove();
      } catch (err) {
        showError(err);
      } finally {
        more.disabled = false;
      }
    });
    view.append(more);
  }
}

async function render() {
  const token = ++renderToken;
  const route = parseHash();
  $("error").hidden = true;
  for (const a of document.querySelectorAll(".tabs a")) {
    const active = a.dataset.view === route.view || (a.dataset.view === "actors" && route.view === "actor") || (a.dataset.view === "events" && route.view === "event");
    a.classList.toggle("active", active);
  }
  const filtered = FILTERED_VIEWS.has(route.view);
  $("filters-panel").hidden = !filtered;
  $("timeline-panel").hidden = !filtered;
  if (filtered) {
    lastListHash = location.hash || "#/events";
    syncForm(route.filters);
    for (const a of document.querySelectorAll(".tabs a")) {
      if (FILTERED_VIEWS.has(a.dataset.view)) a.setAttribute("href", hashFor(a.dataset.view, route.filters));
    }
  }
  const view = $("view");
  clear(view);
  view.dataset.view = route.view;
  view.dataset.ready = "false";
  const fresh = el("div");
  try {
    const jobs = [];
    if (filtered) jobs.push(updateTimeline(route.filters));
    if (route.view === "events") jobs.push(renderEvents(fresh, route.filters, route.sort, route.limit));
    else if (route.view === "event") jobs.push(renderDetail(fresh, route.args[0], route.args[1], lastListHash));
    else if (route.view === "network") jobs.push(renderNetwork(fresh, route.filters));
    else if (route.view === "map") jobs.push(renderMap(fresh, route.filters));
    else if (route.view === "actors") jobs.push(renderActors(fresh, ""));
    else if (route.view === "actor") jobs.push(renderActor(fresh, route.args[0]));
    else fresh.append(el("p", {}, "Unknown page. ", el("a", { href: "#/events" }, "Go to the events.")));
    // Views that need their container's size (network, map) are attached before drawing.
    view.append(fresh);
    await Promise.all(jobs);
  } catch (err) {
    if (token === renderToken) showError(err);
  } finally {
    if (token === renderToken) {
      view.dataset.hash = location.hash;
      view.dataset.ready = "true";
    }
  }
}

async function start() {
  window.addEventListener("hashchange", render);
  try {
    const stats = await api.stats();
    $("store-summary").textContent = `${stats.n_documents} articles · ${stats.n_events} events · ${stats.date_min || "?"} – ${stats.date_max || "?"}`;
    initForm(stats);
  } catch (err) {
    showError(err);
  }
  await render();
}

start();
