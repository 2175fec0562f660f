// Building the page: every element is made with createElement and every piece of text is a text node,
// so a post body like "<img onerror=...>" can only ever be shown, never run. Nothing here uses
// innerHTML, and nothing sets a style attribute (the Content-Security-Policy forbids inline styles).

const PROPERTIES = new Set(["value", "checked", "disabled", "selected", "hidden", "required", "multiple",
  "readOnly", "indeterminate", "open"]);

/** h("a", {href: "/x", class: "link", onclick: fn}, "text", child, [more]) → an element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "testid") el.dataset.testid = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "style") throw new Error("inline styles are blocked by the CSP: use a class");
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), nodes and nested arrays; skips null, undefined and false. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/** add(parent, ...children): like Element.append, which would write null as the text "null". */
export function add(parent, ...children) {
  return append(parent, children);
}

/** Empties an element and fills it again (skipping null, like add). */
export function fill(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Only http(s) links from user text become hrefs: never javascript: or data:. */
export function safeUrl(text) {
  try {
    const url = new URL(text, location.origin);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A page path with its query, e.g. path("/search", {q: "#help"}). */
export function path(base, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== "" && v !== null && v !== undefined) params.set(k, v);
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

// Small inline icons, drawn from fixed shapes (no user data, no external file).
const ICONS = {
  home: [["path", "M3 11 12 3l9 8"], ["path", "M5 10v10h5v-6h4v6h5V10"]],
  groups: [["circle", 9, 8, 3.2], ["circle", 17, 9, 2.6], ["path", "M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6"],
    ["path", "M15.5 14.2c3 .2 5.5 2.6 5.5 5.8"]],
  search: [["circle", 11, 11, 6.5], ["path", "m16 16 5 5"]],
  bell: [["path", "M6 17V11a6 6 0 0 1 12 0v6l2 2H4z"], ["path", "M10 21h4"]],
  trophy: [["path", "M7 4h10v5a5 5 0 0 1-10 0z"], ["path", "M7 6H4v2a3 3 0 0 0 3 3M17 6h3v2a3 3 0 0 1-3 3"],
    ["path", "M12 14v4M8 21h8"]],
  user: [["circle", 12, 8, 4], ["path", "M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8"]],
  settings: [["circle", 12, 12, 3], ["path", "M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2"]],
  chart: [["path", "M4 20V10M10 20V4M16 20v-7M22 20H2"]],
  logout: [["path", "M10 4H5v16h5"], ["path", "M14 8l4 4-4 4M18 12H9"]],
};

export function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  for (const [shape, ...args] of ICONS[name] || []) {
    const el = document.createElementNS(ns, shape);
    if (shape === "path") el.setAttribute("d", args[0]);
    else ["cx", "cy", "r"].forEach((attr, i) => el.setAttribute(attr, args[i]));
    svg.appendChild(el);
  }
  return svg;
}
