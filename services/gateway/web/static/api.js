// Talking to /api/v1: JSON in and out, the CSRF token on every write, and every failure turned into one
// ApiError carrying the problem document (detail for people, code for the page, service on a 503).

const BASE = "/api/v1";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || "";
    this.field = problem.field || "";
    this.service = problem.service || "";
  }
}

// Set by the app: what to do when the session has ended (show the sign-in screen).
let onSignedOut = () => {};
export function whenSignedOut(handler) {
  onSignedOut = handler;
}

export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)kantine_csrf=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** A fresh key for Idempotency-Key: a retried create then creates nothing twice. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * api("GET", "/feed", {query: {limit: 20}}) or api("POST", "/posts", {body: {...}, key}).
 * Resolves to the reply's JSON (null for an empty reply); rejects with ApiError.
 */
export async function api(method, path, { query, body, key, quiet401 = false } = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  const url = BASE + path + (params.toString() ? `?${params}` : "");
  const headers = { Accept: "application/json" };
  if (WRITES.has(method)) headers["X-CSRF-Token"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (key) headers["Idempotency-Key"] = key;
  let response;
  try {
    response = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, { code: "network", detail: "" });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data;
  const problem = data && typeof data === "object" ? data : { detail: text.slice(0, 200) };
  const error = new ApiError(response.status, problem);
  if (response.status === 401 && !quiet401) onSignedOut();
  throw error;
}

export const get = (path, query, options = {}) => api("GET", path, { ...options, query });
