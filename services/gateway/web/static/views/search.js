// Search: posts and comments with filters (type, unanswered, and the facets the results offer), the
// people and groups that match, and when little is found, "Ask this as a question" with the groups
// and people most likely to answer. Snippets are plain text; their highlights become <mark>s.

import { h, path, add } from "../dom.js";
import { get } from "../api.js";
import { t, number } from "../i18n.js";
import { section, pageHeader, problemBox, timeEl, busy, avatar } from "./common.js";
import { highlighted } from "./text.js";

export const title = () => t("nav.search");

const TYPES = ["question", "discussion", "announcement", "praise", "poll", "comment"];
const FILTER = /(^|\s)-?(type|is|in|from|after|before):("[^"]*"|\S+)/g;

/** The words of a query without its filters: what a question asking it would say. */
export function plainWords(q) {
  return q.replace(FILTER, " ").replace(/\s+/g, " ").trim();
}

function hitItem(hit) {
  const href = `/posts/${encodeURIComponent(hit.post_id)}${hit.comment_id ? `#comment-${hit.comment_id}` : ""}`;
  return h("li", { class: "card hit", testid: "search-hit", dataset: { postId: hit.post_id } },
    h("p", { class: "row wrap small" },
      h("span", { class: ["chip", `kind-${hit.kind}`] }, t(`kind.${hit.kind}`)),
      hit.answered ? h("span", { class: "chip chip-answered" }, `✓ ${t("post.answered")}`) : null,
      h("a", { href: `/people/${encodeURIComponent(hit.author_id)}` }, hit.author_name),
      hit.group_id ? [h("span", { class: "muted" }, t("post.in")), h("a", { href: `/groups/${encodeURIComponent(hit.group_id)}` }, hit.group_name)] : null,
      h("span", { class: "muted" }, timeEl(hit.created_at))),
    h("a", { href, class: "hit-link" }, h("span", { class: "snippet" }, highlighted(hit.snippet, hit.highlights))),
    h("p", { class: "muted small" }, t("search.counts", { reactions: number(hit.reactions), comments: number(hit.comments) })));
}

function facetLinks(q, facets) {
  const groups = [["kinds", "type", "search.facet.kinds"], ["groups", "in", "search.facet.groups"], ["authors", "from", "search.facet.authors"]];
  const blocks = groups.filter(([key]) => facets[key] && facets[key].length).map(([key, op, label]) =>
    h("div", { class: "facet" }, h("h3", { class: "small-heading" }, t(label)), h("ul", { class: "chips" },
      facets[key].map((f) => h("li", {}, h("a", { class: "chip chip-link", href: path("/search", { q: `${q} ${op}:${f.value.includes(" ") ? `"${f.value}"` : f.value}` }) },
        key === "kinds" ? t(`kind.${f.value}`) : f.label, h("span", { class: "muted" }, ` ${number(f.count)}`)))))));
  return blocks.length ? h("section", { class: "facets", "aria-label": t("search.narrow") }, blocks) : null;
}

function askBox(q, suggestions) {
  const words = plainWords(q);
  const ask = (group) => path("/", { compose: "question", text: words.endsWith("?") ? words : `${words}?`, group });
  const s = suggestions || { groups: [], people: [] };
  return h("section", { class: "card ask", testid: "ask-question", "aria-labelledby": "ask-h" },
    h("h2", { id: "ask-h" }, t("search.askTitle")),
    h("p", {}, t("search.askText")),
    h("a", { href: ask(""), class: "btn btn-primary", testid: "ask-as-question" }, t("search.askButton")),
    s.groups.length ? [h("h3", { class: "small-heading" }, t("search.askIn")), h("ul", { class: "suggestions" },
      s.groups.map((g) => h("li", {}, g.viewer_is_member
        ? h("a", { href: ask(g.group_id) }, t("search.askInGroup", { name: g.name }))
        : h("a", { href: `/groups/${encodeURIComponent(g.group_id)}` }, g.name),
      h("span", { class: "muted small block" }, t("search.matching", { count: g.matching_posts })))))] : null,
    s.people.length ? [h("h3", { class: "small-heading" }, t("search.whoKnows")), h("ul", { class: "suggestions" },
      s.people.map((e) => h("li", {}, h("a", { href: `/people/${encodeURIComponent(e.person.user_id)}` }, e.person.display_name),
        h("span", { class: "muted small block" }, [e.person.title, e.accepted_answers ? t("search.acceptedAnswers", { count: e.accepted_answers }) : "",
          e.answers ? t("search.answers", { count: e.answers }) : ""].filter(Boolean).join(" · ")))))] : null);
}

function searchForm(q, type, unanswered, navigate) {
  const input = h("input", { id: "search-q", type: "search", name: "q", class: "input", value: q, testid: "search-input",
    autocomplete: "off", enterkeyhint: "search", maxlength: "500" });
  const kind = h("select", { id: "search-type", name: "type", class: "input" }, h("option", { value: "" }, t("search.anyType")),
    TYPES.map((k) => h("option", { value: k, selected: k === type }, t(`kind.${k}`))));
  const open = h("input", { type: "checkbox", id: "search-unanswered", name: "unanswered", checked: unanswered });
  const form = h("form", { class: "card search-form", role: "search" },
    h("div", { class: "field" }, h("label", { for: input.id }, t("search.label")),
      h("div", { class: "row" }, input, h("button", { type: "submit", class: "btn btn-primary" }, t("search.submit")))),
    h("div", { class: "row wrap" },
      h("div", { class: "field inline" }, h("label", { for: kind.id }, t("search.type")), kind),
      h("div", { class: "field check" }, open, h("label", { for: open.id }, t("search.unanswered")))),
    h("p", { class: "hint" }, t("search.help")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    navigate(path("/search", { q: input.value.trim(), type: kind.value, unanswered: open.checked ? "1" : "" }));
  });
  // filters change the results at once
  kind.addEventListener("change", () => form.requestSubmit());
  open.addEventListener("change", () => form.requestSubmit());
  return form;
}

export function render(view, { query, navigate }) {
  const q = (query.get("q") || "").trim();
  const type = query.get("type") || "";
  const unanswered = query.get("unanswered") === "1";
  const full = [q, type ? `type:${type}` : "", unanswered ? "is:unanswered" : ""].filter(Boolean).join(" ");
  add(view, pageHeader(t("nav.search")), searchForm(q, type, unanswered, navigate));
  if (!full) return;

  const results = h("section", { class: "results", "aria-labelledby": "results-h" });
  const aside = h("aside", { class: "search-aside", "aria-label": t("search.alsoFound") });
  add(view, h("div", { class: "search-layout" }, results, aside));

  const list = h("ol", { class: "hits" });
  const more = h("button", { type: "button", class: "btn more", hidden: true }, t("feed.more"));
  let cursor = "";
  const loadMore = async () => {
    try {
      const page = await get("/search", { query: full, limit: 20, cursor });
      add(list, ...page.hits.map(hitItem));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (error) {
      more.after(problemBox(error));
    }
  };
  more.addEventListener("click", () => busy(more, loadMore));
  section(results, () => get("/search", { query: full, limit: 20 }), (page) => {
    cursor = page.next_cursor;
    more.hidden = !cursor;
    add(list, ...page.hits.map(hitItem));
    const total = Number(page.total);
    const few = total < 3;
    return [
      h("h2", { id: "results-h", role: "status" }, page.total_capped ? t("search.totalCapped", { count: total }) : t("search.total", { count: total })),
      page.notices.length ? h("ul", { class: "notices" }, page.notices.map((n) => h("li", {}, n))) : null,
      few && q ? askBox(q, page.suggestions) : null,
      facetLinks(full.replace(/\s+/g, " "), page.facets),
      list, more,
      !few && q ? askBox(q, page.suggestions) : null,
    ];
  });

  const words = plainWords(q).replace(/[#@]/g, " ").trim(); // people and groups are found by plain words
  if (words) {
    const people = h("div");
    const groups = h("div");
    add(aside, h("section", { class: "card" }, h("h2", {}, t("search.people")), people),
      h("section", { class: "card" }, h("h2", {}, t("search.groups")), groups));
    section(people, () => get("/search/people", { query: words, limit: 5 }), (reply) => reply.people.length
      ? h("ul", { class: "people-list" }, reply.people.map((p) => h("li", {},
        h("a", { href: `/people/${encodeURIComponent(p.user_id)}`, class: "member" }, avatar(p.user_id, p.display_name, "small"),
          h("span", {}, p.display_name, h("span", { class: "muted small block" }, [p.title, p.department].filter(Boolean).join(" · ")))))))
      : h("p", { class: "empty" }, t("search.noPeople")));
    section(groups, () => get("/search/groups", { query: words, limit: 5 }), (reply) => reply.groups.length
      ? h("ul", { class: "people-list" }, reply.groups.map((g) => h("li", {},
        h("a", { href: `/groups/${encodeURIComponent(g.group_id)}` }, g.name),
        h("span", { class: "muted small block" }, t("group.members", { count: g.members })))))
      : h("p", { class: "empty" }, t("search.noGroups")));
  }
}
