// Actors: a searchable list, and one actor's page with every event by and to it over time.
import { api } from "./api.js";
import { appendRows, eventTable } from "./table.js";
import { renderTimeline } from "./timeline.js";
import { el } from "./util.js";

function stat(label, value) {
  return el("span", { class: "stat" }, `${label} `, el("b", {}, value == null ? "—" : String(value)));
}

function items(list) {
  // events_by / events_to may come as a plain list or as a page {items, next_cursor}.
  if (!list) return [];
  return Array.isArray(list) ? list : list.items || [];
}

/** A table of the actor's events in one role, with "Load more" while the API has more. */
function roleSection(actor, role, first, cursor) {
  const label = role === "source" ? `By ${actor.name}` : `To ${actor.name}`;
  const total = role === "source" ? actor.n_as_source : actor.n_as_target;
  const section = el("section", { class: role === "source" ? "events-by" : "events-to" });
  section.append(el("h3", {}, `${label} (${total ?? first.length})`));
  if (!first.length) {
    section.append(el("p", { class: "muted" }, "none"));
    return section;
  }
  const table = eventTable(first);
  section.append(table);
  if (cursor) {
    let next = cursor;
    const more = el("button", { type: "button", class: "more" }, "Load more");
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const page = await api.events({ actor: actor.name, role }, { sort: "-date", limit: 100, cursor: next });
        appendRows(table, page.items);
        next = page.next_cursor;
        if (!next) more.remove();
      } finally {
        more.disabled = false;
      }
    });
    section.append(more);
  }
  return section;
}

export async function renderActor(view, name) {
  const actor = await api.actor(name);
  const by = items(actor.events_by);
  const to = items(actor.events_to);
  view.append(
    el("p", {}, el("a", { href: "#/actors" }, "← actors")),
    el(
      "div",
      { class: "actor-head" },
      el("h1", {}, actor.name),
      stat("country", actor.country),
      stat("sector", actor.sector),
      stat("events", actor.n_events),
      stat("as source", actor.n_as_source ?? by.length),
      stat("as target", actor.n_as_target ?? to.length),
    ),
    el("p", {}, el("a", { href: `#/events?actor=${encodeURIComponent(actor.name)}` }, "filter the event table by this actor")),
  );
  const chart = el("div", { id: "actor-timeline" });
  view.append(el("h3", {}, "Events over time"), chart);
  renderTimeline(chart, actor.timeline || [], { height: 150 });
  view.append(
    roleSection(actor, "source", by, actor.events_by_next_cursor),
    roleSection(actor, "target", to, actor.events_to_next_cursor),
  );
}

export async function renderActors(view, query) {
  const input = el("input", { type: "search", name: "actor-q", placeholder: "search actors", value: query || "" });
  const table = el("table", { class: "actors" });
  const load = async () => {
    const page = await api.actors({ q: input.value, limit: 200 });
    table.replaceChildren(
      el("tr", {}, ["Actor", "Country", "Sector", "Events", "As source", "As target"].map((h) => el("th", {}, h))),
      ...page.items.map((a) =>
        el(
          "tr",
          {},
          el("td", {}, el("a", { href: `#/actor/${encodeURIComponent(a.name)}` }, a.name)),
          el("td", {}, a.country || ""),
          el("td", {}, a.sector || ""),
          el("td", {}, String(a.n_events)),
          el("td", {}, String(a.n_as_source ?? "")),
          el("td", {}, String(a.n_as_target ?? "")),
        ),
      ),
    );
  };
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(() => {}), 250);
  });
  view.append(el("h1", {}, "Actors"), el("p", {}, input), table);
  await load();
}
