// Event locations on a world basemap shipped with the package (Natural Earth 1:110m via
// world-atlas); drawn as SVG with d3-geo, no tiles. A circle per place, area by count.
import { api } from "./api.js";
import { clear, el, eventHref, svg, typeBadge } from "./util.js";

const WIDTH = 960;
const HEIGHT = 500;
let countries = null;
let zoomed = false;

async function basemap() {
  if (!countries) {
    const response = await fetch("vendor/world-atlas/countries-110m.json");
    if (!response.ok) throw new Error(`basemap: ${response.status}`);
    const topo = await response.json();
    countries = topojson.feature(topo, topo.objects.countries);
  }
  return countries;
}

function worldProjection() {
  return d3.geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: "Sphere" });
}

/** Centred on the points, as close as fits them all, but no closer than 8x the world view. */
function regionProjection(points) {
  const spread = { type: "MultiPoint", coordinates: points.map((p) => [p.lon, p.lat]) };
  const [[west, south], [east, north]] = d3.geoBounds(spread);
  const centre = [(west + east) / 2, (south + north) / 2];
  const cap = 8 * worldProjection().scale();
  const fit = d3.geoNaturalEarth1().fitExtent([[60, 40], [WIDTH - 60, HEIGHT - 40]], spread).scale();
  const scale = Number.isFinite(fit) && fit > 0 ? Math.min(fit, cap) : cap;
  return d3.geoNaturalEarth1().scale(scale).center(centre).translate([WIDTH / 2, HEIGHT / 2]);
}

async function showPlace(side, point, filters) {
  clear(side);
  side.append(el("h2", {}, point.name || "unnamed place"), el("div", { class: "muted" }, `${point.country || ""} · ${point.n} event(s)`));
  const types = el("div");
  for (const [type, n] of Object.entries(point.types || {})) types.append(typeBadge(type), ` ${n} `);
  side.append(types);
  const page = await api.events(filters, { limit: 500 });
  const here = page.items.filter(
    (it) => it.location && it.location.lat === point.lat && it.location.lon === point.lon,
  );
  const list = el("ul", { class: "place-events" });
  for (const it of here) {
    list.append(el("li", {}, el("a", { href: eventHref(it) }, `${it.day || ""} ${it.type}`), " ", it.sentence));
  }
  side.append(list);
}

export async function renderMap(view, filters) {
  const [world, data] = await Promise.all([basemap(), api.map(filters)]);
  view.append(el("h1", {}, "Event locations"));
  const located = data.points.filter((p) => p.lat != null && p.lon != null);
  const projection = zoomed && located.length ? regionProjection(located) : worldProjection();
  const path = d3.geoPath(projection);
  const root = svg("svg", { class: "map", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "map of event locations" });
  root.append(svg("path", { class: "sphere", d: path({ type: "Sphere" }) }));
  const land = svg("g", { class: "countries" });
  for (const feature of world.features) {
    const d = path(feature);
    if (d) land.append(svg("path", { class: "country", d }));
  }
  root.append(land);
  const side = el("aside", { class: "side" }, el("p", { class: "muted" }, "Click a circle to list its events."));
  const points = svg("g", { class: "points" });
  const maxN = Math.max(1, ...data.points.map((p) => p.n));
  for (const point of [...data.points].sort((a, b) => b.n - a.n)) {
    if (point.lat == null || point.lon == null) continue;
    const [x, y] = projection([point.lon, point.lat]);
    const circle = svg("circle", { class: "point", cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 14 * Math.sqrt(point.n / maxN)).toFixed(1) });
    const title = svg("title");
    title.textContent = `${point.name || ""} — ${point.n} event(s)`;
    circle.append(title);
    circle.addEventListener("click", () => {
      for (const c of points.querySelectorAll(".selected")) c.classList.remove("selected");
      circle.classList.add("selected");
      showPlace(side, point, filters).catch((err) => side.append(el("p", { class: "error" }, err.message)));
    });
    points.append(circle);
  }
  root.append(points);
  const zoom = el("button", { type: "button", class: "zoom" }, zoomed ? "Whole world" : "Zoom to the events");
  zoom.addEventListener("click", () => {
    zoomed = !zoomed;
    clear(view);
    renderMap(view, filters).catch((err) => view.append(el("p", { class: "error" }, err.message)));
  });
  view.append(
    el("p", { class: "count-line" }, `${data.points.length} place(s) `, zoom),
    el("div", { class: "map-wrap" }, root, side),
  );
}
