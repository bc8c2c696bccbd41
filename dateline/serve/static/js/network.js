// Who acts on whom: actors as nodes (size by events), directed edges (width by count, colour
// cooperation / conflict / mixed). Clicking a node opens the actor's page.
import { api } from "./api.js";
import { el } from "./util.js";

const KIND_COLOUR = { cooperation: "#2b8a3e", conflict: "#c92a2a", mixed: "#e8890c" };

function key() {
  return el(
    "div",
    { class: "key" },
    el("span", {}, el("span", { class: "swatch coop" }), "cooperation"),
    el("span", {}, el("span", { class: "swatch conflict" }), "conflict"),
    el("span", {}, el("span", { class: "swatch mixed" }), "mixed"),
    el("span", {}, "edge width: number of events; node size: events of the actor; click an actor to open it"),
  );
}

export async function renderNetwork(view, filters) {
  const data = await api.network(filters);
  view.append(el("h1", {}, "Actor network"), key());
  if (!data.nodes.length) {
    view.append(el("p", { class: "muted" }, "No actor pairs for these filters."));
    return null;
  }
  const box = el("div", { class: "graph", id: "network" });
  view.append(box);
  const maxN = Math.max(...data.nodes.map((n) => n.n), 1);
  const maxE = Math.max(...data.edges.map((e) => e.n), 1);
  const elements = [
    ...data.nodes.map((n) => ({
      data: { id: String(n.id), label: n.country ? `${n.name} (${n.country})` : n.name, name: n.name, size: 18 + 34 * Math.sqrt(n.n / maxN) },
    })),
    ...data.edges.map((e, i) => ({
      data: {
        id: `e${i}`,
        source: String(e.source),
        target: String(e.target),
        n: e.n,
        width: 1.5 + 8 * (e.n / maxE),
        colour: KIND_COLOUR[e.kind] || "#868e96",
        kind: e.kind,
      },
    })),
  ];
  const cy = cytoscape({
    container: box,
    elements,
    minZoom: 0.2,
    maxZoom: 1.4,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 },
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          width: "data(size)",
          height: "data(size)",
          "background-color": "#1f4e79",
          "font-size": 11,
          color: "#1d232a",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-outline-color": "#fff",
          "text-outline-width": 2,
        },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          opacity: 0.8,
          label: "data(n)",
          "font-size": 9,
          color: "#5b6673",
        },
      },
      { selector: "node:selected", style: { "background-color": "#e8890c" } },
    ],
  });
  cy.on("tap", "node", (evt) => {
    location.hash = `#/actor/${encodeURIComponent(evt.target.data("name"))}`;
  });
  // Where each actor was drawn (pixels in the box), for tests and tools that click one.
  const layout = () => {
    box.dataset.layout = JSON.stringify(
      cy.nodes().map((n) => ({ name: n.data("name"), x: Math.round(n.renderedPosition("x")), y: Math.round(n.renderedPosition("y")) })),
    );
  };
  layout();
  cy.on("viewport", layout);
  box.dataset.nodes = String(cy.nodes().length);
  box.dataset.edges = String(cy.edges().length);
  return cy;
}
