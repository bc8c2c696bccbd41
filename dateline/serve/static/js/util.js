// Small DOM helpers. Text from the data is always set as text, never parsed as HTML.

/** el("td", {class: "x", href: "#/a"}, child, "text", ...) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.setAttribute("class", value);
    else node.setAttribute(key, String(value));
  }
  return node;
}

// PLOVER types grouped as the API groups them for the network (docs/serve.md).
export const COOPERATIVE = new Set(["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"]);
export const CONFLICT = new Set(["ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]);

const TYPE_COLOURS = {
  AGREE: "#2b8a3e", CONSULT: "#37b24d", SUPPORT: "#74b816", CONCEDE: "#94d82d", COOPERATE: "#0ca678",
  AID: "#1098ad", RETREAT: "#4dabf7", REQUEST: "#1c7ed6",
  ACCUSE: "#f08c00", REJECT: "#e8590c", THREATEN: "#d9480f", PROTEST: "#ae3ec9", SANCTION: "#862e9c",
  MOBILIZE: "#9c36b5", COERCE: "#c2255c", ASSAULT: "#c92a2a",
};

export function typeColour(type) {
  return TYPE_COLOURS[type] || "#868e96";
}

export function typeBadge(type) {
  const kind = COOPERATIVE.has(type) ? "coop" : CONFLICT.has(type) ? "conflict" : "";
  return el("span", { class: `type-badge ${kind}`.trim() }, type);
}

export function actorLink(actor) {
  const name = actor.name || actor.text;
  const link = el("a", { href: `#/actor/${encodeURIComponent(name)}`, class: "actor" }, name);
  if (actor.country) return el("span", {}, link, el("span", { class: "muted" }, ` (${actor.country})`));
  return link;
}

export function eventHref(item) {
  return `#/event/${encodeURIComponent(item.doc_id)}/${encodeURIComponent(item.event_id)}`;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** "YYYY-MM-DD" <-> unix seconds at UTC midnight (the timeline's x axis). */
export function dayToSeconds(day) {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

export function secondsToDay(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
