// One event: its evidence sentence with trigger, actors, date and place marked, its fields,
// and every mention of the same (merged) event across outlets.
import { api } from "./api.js";
import { evidence, highlightLegend } from "./highlight.js";
import { actorLink, el, eventHref, typeBadge } from "./util.js";

function actorList(list) {
  if (!list || !list.length) return el("span", { class: "muted" }, "—");
  const span = el("span");
  list.forEach((a, i) => {
    if (i) span.append(", ");
    span.append(actorLink(a));
    if (a.sector) span.append(el("span", { class: "muted" }, ` ${a.sector}`));
  });
  return span;
}

function field(dl, label, value) {
  if (value === undefined || value === null || value === "") return;
  dl.append(el("dt", {}, label), el("dd", {}, value));
}

function source(item) {
  const parts = [item.outlet || "unknown outlet"];
  if (item.published) parts.push(item.published);
  const meta = el("div", { class: "mention-meta" }, parts.join(" · "), " — ", item.title || item.doc_id);
  if (item.url) {
    meta.append(" ");
    meta.append(el("a", { href: item.url, rel: "noreferrer noopener", target: "_blank" }, "article ↗"));
  }
  return meta;
}

/** The whole article, the evidence sentence marked and scrolled to. */
function articleToggle(item) {
  const box = el("div", { class: "article-box" });
  const button = el("button", { type: "button", class: "show-article" }, "Show the whole article");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const doc = await api.document(item.doc_id);
      const text = doc.text || "";
      const sentence = el("mark", { class: "hl-context" }, text.slice(item.start_char, item.end_char));
      box.replaceChildren(
        el("div", { class: "article-text" }, text.slice(0, item.start_char), sentence, text.slice(item.end_char)),
      );
      button.remove();
      sentence.scrollIntoView({ block: "center" });
    } catch (err) {
      box.replaceChildren(el("p", { class: "error" }, err.message));
      button.disabled = false;
    }
  });
  return el("div", {}, button, box);
}

export async function renderDetail(view, docId, eventId, backHref = "#/events") {
  const item = await api.event(docId, eventId);
  const fields = el("dl", { class: "fields" });
  field(fields, "Type", el("span", {}, typeBadge(item.type), item.mode ? ` ${item.mode}` : ""));
  field(fields, "Source", actorList(item.sources));
  field(fields, "Target", actorList(item.targets));
  field(fields, "Date", item.date ? `${item.date} (${item.date_basis})` : item.day ? `${item.day} (publication date)` : "unknown");
  if (item.location) {
    const loc = item.location;
    const where = [loc.name, loc.country, loc.kind].filter(Boolean).join(", ");
    field(fields, "Place", loc.lat != null ? `${where} — ${loc.lat.toFixed(2)}, ${loc.lon.toFixed(2)}` : where);
  }
  const flags = ["negated", "future", "hypothetical"].filter((f) => item[f]);
  field(fields, "Flags", flags.length ? flags.join(", ") : "none");
  field(fields, "Attributed to", item.attributed_to);
  // an announcement (AGREE/THREATEN/REJECT) names the type of the act it announces
  field(fields, "Announced act", item.act_type ? typeBadge(item.act_type) : null);
  field(fields, "Confidence", item.confidence != null ? item.confidence.toFixed(2) : null);
  field(fields, "Outlets", item.n_outlets != null ? String(item.n_outlets) : null);
  if (item.counts && item.counts.length) {
    field(fields, "Counts", item.counts.map((c) => [c.qualifier, c.text, c.what].filter(Boolean).join(" ")).join("; "));
  }

  const mentions = el("ul", { class: "mentions" });
  const all = item.mentions && item.mentions.length ? item.mentions : [item];
  for (const m of all) {
    const current = m.doc_id === item.doc_id && m.event_id === item.event_id;
    const li = el("li", { class: current ? "current" : "", dataset: { docId: m.doc_id, eventId: m.event_id } });
    li.append(source(m), evidence(m, "div"));
    if (!current) li.append(el("a", { href: eventHref(m), class: "open-mention" }, "open this mention"));
    mentions.append(li);
  }

  view.append(
    el("p", {}, el("a", { href: backHref, class: "back" }, "← events")),
    el("h1", {}, typeBadge(item.type), " ", item.title || item.doc_id),
    source(item),
    highlightLegend(),
    evidence(item),
    articleToggle(item),
    fields,
    el("h3", {}, `Mentions across outlets (${all.length})`),
    mentions,
  );
}
