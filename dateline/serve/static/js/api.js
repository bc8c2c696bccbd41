// Calls to the dateline HTTP API (same origin, see docs/serve.md). JSON in, JSON out.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Build "path?k=v&..." from a params object, skipping empty values; arrays repeat the key. */
export function url(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) qs.append(key, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function get(path, params = {}) {
  const response = await fetch(url(path, params), { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const err = (body && body.error) || {};
    throw new ApiError(response.status, err.code || "http_error", err.message || `${response.status} ${response.statusText} for ${path}`);
  }
  return body;
}

const enc = encodeURIComponent;

export const api = {
  stats: () => get("/api/stats"),
  events: (filters, extra = {}) => get("/api/events", { ...filters, ...extra }),
  event: (docId, eventId) => get(`/api/events/${enc(docId)}/${enc(eventId)}`),
  timeline: (filters) => get("/api/stats/timeline", filters),
  network: (filters) => get("/api/network", filters),
  map: (filters) => get("/api/map", filters),
  document: (docId) => get(`/api/documents/${enc(docId)}`),
  actors: (params) => get("/api/actors", params),
  actor: (name) => get(`/api/actors/${enc(name)}`),
};
