// The browsable API documentation at /api/v1/docs: drawn from /api/v1/openapi.json (the same document
// the gateway derives from its route table and the services' contracts), so it can never drift from
// the API. Operations are grouped by tag; each shows its parameters, the fields of its body and its
// responses, and every schema name links to the schema's fields at the end of the page.

import { h, fill } from "./dom.js";

const REF = "#/components/";
let doc = null;

/** Text with `code` spans (the document's descriptions use Markdown's backticks), as nodes. */
function prose(text) {
  return String(text || "").split("`").map((part, i) => (i % 2 ? h("code", {}, part) : part));
}

function refName(ref) {
  return String(ref || "").replace(`${REF}schemas/`, "").replace(`${REF}responses/`, "");
}

/** A schema in words: "string", "integer (int64)", "array of Comment", "one of A, B", a link for $ref. */
function typeOf(schema) {
  if (!schema) return "";
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return h("a", { href: `#schema-${name}`, class: "schema-link" }, name);
  }
  if (schema.type === "array") return h("span", {}, "array of ", typeOf(schema.items));
  const parts = [schema.type || "object"];
  if (schema.format) parts.push(` (${schema.format})`);
  return parts.join("");
}

function constraints(schema) {
  if (!schema) return null;
  const notes = [];
  if (schema.enum) notes.push(h("span", {}, "one of ", schema.enum.map((v, i) => [i ? ", " : "", h("code", {}, v)])));
  if (schema.maxLength) notes.push(`at most ${schema.maxLength} characters`);
  if (schema.pattern && schema.format !== "int64") notes.push(h("span", {}, "pattern ", h("code", {}, schema.pattern)));
  if (schema.format === "int64") notes.push("a whole number written as a string");
  return notes.length ? notes.map((n, i) => [i ? "; " : "", n]) : null;
}

function fieldsTable(schema, caption) {
  const resolved = schema && schema.$ref ? doc.components.schemas[refName(schema.$ref)] : schema;
  const props = (resolved && resolved.properties) || {};
  const required = new Set((resolved && resolved.required) || []);
  const names = Object.keys(props);
  if (!names.length) return h("p", { class: "muted" }, "No fields.");
  return h("div", { class: "table-wrap" }, h("table", { class: "docs-table" },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Type"), h("th", { scope: "col" }, "Notes"))),
    h("tbody", {}, names.map((name) => h("tr", {},
      h("th", { scope: "row" }, h("code", {}, name), required.has(name) ? h("span", { class: "req" }, " required") : null),
      h("td", {}, typeOf(props[name])),
      h("td", {}, prose(props[name].description), " ", constraints(props[name])))))));
}

function parameters(op) {
  const params = op.parameters || [];
  if (!params.length) return null;
  return [h("h4", {}, "Parameters"), h("div", { class: "table-wrap" }, h("table", { class: "docs-table" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "In"), h("th", { scope: "col" }, "Type"),
      h("th", { scope: "col" }, "Notes"))),
    h("tbody", {}, params.map((p) => h("tr", {},
      h("th", { scope: "row" }, h("code", {}, p.name), p.required ? h("span", { class: "req" }, " required") : null),
      h("td", {}, p.in), h("td", {}, typeOf(p.schema)), h("td", {}, p.description || "", " ", constraints(p.schema)))))))];
}

function body(op) {
  const content = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
  if (!content) return null;
  return [h("h4", {}, "Body (JSON)"), fieldsTable(content.schema)];
}

function responses(op) {
  return [h("h4", {}, "Responses"), h("dl", { class: "responses" }, Object.entries(op.responses || {}).map(([status, r]) => {
    const response = r.$ref ? doc.components.responses[refName(r.$ref)] : r;
    const content = response.content || {};
    const [media, value] = Object.entries(content)[0] || [];
    return [h("dt", {}, h("span", { class: ["status", `status-${String(status)[0]}xx`] }, status)),
      h("dd", {}, prose(response.description), value ? [" — ", h("code", {}, media), " ", typeOf(value.schema)] : null)];
  }))];
}

function operation(path, method, op) {
  const id = `op-${op.operationId || `${method}-${path}`.replace(/\W+/g, "-")}`;
  return h("section", { class: "card operation", id, dataset: { search: `${method} ${path} ${op.summary || ""}`.toLowerCase() } },
    h("h3", {}, h("span", { class: ["method", `method-${method}`] }, method.toUpperCase()), " ", h("code", { class: "path" }, path)),
    h("p", { class: "summary" }, prose(op.summary)),
    op.security && !op.security.length ? h("p", { class: "muted small" }, "No sign-in needed.") : null,
    parameters(op), body(op), responses(op));
}

function render() {
  const main = document.getElementById("main");
  const toc = document.getElementById("toc");
  const byTag = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = (op.tags && op.tags[0]) || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([path, method, op]);
    }
  }
  const filter = h("input", { id: "filter", type: "search", class: "input", placeholder: "e.g. comments, POST, /groups" });
  const servers = (doc.servers || []).map((s) => s.url);
  fill(main,
    h("h1", { tabindex: "-1" }, doc.info.title, h("span", { class: "muted" }, ` v${doc.info.version}`)),
    h("p", { class: "lead" }, prose(doc.info.description)),
    servers.length ? h("p", {}, "Base address: ", servers.map((s) => h("code", {}, s))) : null,
    h("div", { class: "field" }, h("label", { for: "filter" }, "Filter the operations"), filter),
    [...byTag].map(([tag, ops]) => h("section", { class: "tag", id: `tag-${tag}`, "aria-labelledby": `tag-h-${tag}` },
      h("h2", { id: `tag-h-${tag}` }, tag), ops.map(([path, method, op]) => operation(path, method, op)))),
    h("section", { id: "schemas", "aria-labelledby": "schemas-h" }, h("h2", { id: "schemas-h" }, "Schemas"),
      Object.entries(doc.components.schemas).sort(([a], [b]) => a.localeCompare(b)).map(([name, schema]) =>
        h("section", { class: "card schema", id: `schema-${name}` }, h("h3", {}, h("code", {}, name)),
          schema.description ? h("p", {}, schema.description) : null, fieldsTable(schema)))));
  fill(toc, h("ul", {}, [...byTag].map(([tag, ops]) => h("li", {}, h("a", { href: `#tag-${tag}`, class: "toc-tag" }, tag),
    h("ul", {}, ops.map(([path, method, op]) => h("li", {}, h("a", { href: `#op-${op.operationId}` },
      h("span", { class: ["method", `method-${method}`] }, method.toUpperCase()), " ", path)))))),
  h("li", {}, h("a", { href: "#schemas", class: "toc-tag" }, "Schemas"))));
  filter.addEventListener("input", () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    for (const section of main.querySelectorAll(".operation")) {
      section.hidden = !words.every((w) => section.dataset.search.includes(w));
    }
    for (const tag of main.querySelectorAll("section.tag")) {
      tag.hidden = !tag.querySelector(".operation:not([hidden])");
    }
  });
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

async function boot() {
  try {
    const response = await fetch("/api/v1/openapi.json", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    doc = await response.json();
    render();
  } catch (error) {
    const main = document.getElementById("main");
    fill(main, h("h1", {}, "Kantine API"), h("p", { class: "problem", role: "alert" },
      `The API description could not be loaded (${error.message}). `, h("a", { href: "/api/v1/openapi.json" }, "Open it directly")));
  }
}

document.querySelector(".skip-link").addEventListener("click", (e) => {
  e.preventDefault();
  document.getElementById("main").focus();
});
boot();
