// The evidence sentence of an event with its parts marked: trigger, source and target actors,
// date and place. Offsets in the API are into the document; the sentence starts at start_char.
import { el } from "./util.js";

const PRIORITY = ["trigger", "source", "target", "place", "date"];

const WEEKDAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
// A date as written in news prose, used only when the API gives no date offsets.
const DATE_PATTERN = new RegExp(
  [
    `\\b(?:on |last |this |next )?${WEEKDAY}(?:,? ${MONTH} \\d{1,2})?\\b`,
    `\\b${MONTH} \\d{1,2}(?:, \\d{4})?\\b`,
    `\\b\\d{1,2} ${MONTH}(?: \\d{4})?\\b`,
    `\\b\\d{4}-\\d{2}-\\d{2}\\b`,
    "\\b(?:yesterday|today|tonight|last night)\\b",
  ].join("|"),
  "i",
);

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The needle as a whole word: as written if it occurs so, else in any case. */
function findWord(sentence, needle) {
  if (!needle) return null;
  const word = `\\b${escapeRegExp(needle)}\\b`;
  const match = new RegExp(word).exec(sentence) || new RegExp(word, "i").exec(sentence);
  return match ? { start: match.index, end: match.index + match[0].length } : null;
}

/** Spans {start, end, kind} relative to the sentence, without overlaps, in text order. */
export function evidenceSpans(item) {
  const sentence = item.sentence || "";
  const base = item.start_char || 0;
  const candidates = [];
  const add = (kind, start, end) => {
    if (start === undefined || start === null || end === undefined || end === null) return;
    const s = start - base;
    const e = end - base;
    if (s >= 0 && e <= sentence.length && e > s) candidates.push({ start: s, end: e, kind });
  };
  if (item.trigger) add("trigger", item.trigger.start, item.trigger.end);
  for (const a of item.sources || []) add("source", a.start, a.end);
  for (const a of item.targets || []) add("target", a.start, a.end);
  const loc = item.location;
  if (loc && loc.start !== undefined && loc.start !== null) add("place", loc.start, loc.end);
  else if (loc && loc.name) {
    const hit = findWord(sentence, loc.name);
    if (hit) candidates.push({ ...hit, kind: "place" });
  }
  if (item.date_span) add("date", item.date_span.start, item.date_span.end);
  else if (item.date && item.date_basis !== "publication") {
    const match = DATE_PATTERN.exec(sentence);
    if (match) candidates.push({ start: match.index, end: match.index + match[0].length, kind: "date" });
  }
  candidates.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  const kept = [];
  for (const span of candidates) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const TITLES = { trigger: "trigger", source: "source actor", target: "target actor", date: "date", place: "place" };

/** A <p class="evidence"> with <mark class="hl-KIND"> around each span. */
export function evidence(item, tag = "p") {
  const sentence = item.sentence || "";
  const node = el(tag, { class: tag === "p" ? "evidence" : "sentence" });
  let at = 0;
  for (const span of evidenceSpans(item)) {
    if (span.start > at) node.append(sentence.slice(at, span.start));
    node.append(el("mark", { class: `hl-${span.kind}`, title: TITLES[span.kind] }, sentence.slice(span.start, span.end)));
    at = span.end;
  }
  if (at < sentence.length) node.append(sentence.slice(at));
  return node;
}

export function highlightLegend() {
  return el(
    "div",
    { class: "legend" },
    PRIORITY.map((kind) => el("mark", { class: `hl-${kind}` }, TITLES[kind])),
  );
}
