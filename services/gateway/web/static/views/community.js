// The community manager's dashboard (and a leader's part of it): the inbox of what needs a human now,
// participation against 1-9-90, questions and answer times, group health, leaders, announcement reach.
// Each tab is one section: a figure that fails shows its problem there and the rest keeps working.
// Every table can be taken to a spreadsheet (the API's CSV).

import { h, add, path } from "../dom.js";
import { get } from "../api.js";
import { t, number, dateTime, relativeTime } from "../i18n.js";
import { isCommunityManager, isLeader } from "../state.js";
import { pageHeader, section, avatar } from "./common.js";

export const title = () => t("nav.community");

const MANAGER_TABS = ["inbox", "participation", "questions", "groups", "leaders", "announcements"];
const LEADER_TABS = ["thanks", "leaders", "announcements", "participation"];
const TIERS = ["creators", "contributors", "reactors", "readers", "inactive"];

function tabs() {
  return isCommunityManager() ? MANAGER_TABS : LEADER_TABS;
}

function csv(route, query = {}) {
  return h("p", { class: "csv" }, h("a", { href: path(`/api/v1/insights/${route}`, { ...query, format: "csv" }), download: "" },
    t("community.csv")));
}

function personLink(p) {
  return h("a", { href: `/people/${encodeURIComponent(p.user_id)}`, class: "member" }, avatar(p.user_id, p.display_name, "small"),
    h("span", {}, p.display_name, p.department ? h("span", { class: "muted small block" }, p.department) : null));
}

function table(caption, columns, rows, testid) {
  return h("div", { class: "table-scroll" }, h("table", { class: "board figures", testid },
    h("caption", { class: "sr-only" }, caption),
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.num ? "num" : "" }, c.label)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c, i) =>
      i === 0 ? h("th", { scope: "row" }, c.cell(r)) : h("td", { class: c.num ? "num" : "" }, c.cell(r))))))));
}

function empty(key) {
  return h("p", { class: "empty" }, t(key));
}

// a group a figure counts but may not name: a secret group the viewer is not in
function groupName(name) {
  return name || t("community.secretGroup");
}

function card(titleKey, count, ...children) {
  return h("section", { class: "card" }, h("h2", {}, t(titleKey, { count })), children);
}

// ----- inbox -----

function question(q) {
  return h("li", { class: "radar-item", testid: "radar-question" },
    h("a", { href: `/posts/${encodeURIComponent(q.post_id)}` }, q.snippet || t("community.privateQuestion")),
    h("span", { class: "muted small block" }, [q.asker.display_name, q.group_id ? groupName(q.group_name) : "",
      t("community.waiting", { hours: number(Math.round(q.hours_waiting)) })].filter(Boolean).join(" · ")),
    q.likely_answerers.length
      ? h("span", { class: "small block" }, t("community.couldAnswer", { names: q.likely_answerers.map((p) => p.display_name).join(", ") }))
      : null);
}

function inbox(box) {
  const sections = [
    card("community.inbox.unanswered", box.unanswered_total,
      box.unanswered.length ? h("ul", { class: "plain" }, box.unanswered.map(question)) : empty("community.nothing"),
      box.unanswered_total > box.unanswered.length ? h("p", {}, h("a", { href: "/community?tab=questions" }, t("community.allQuestions"))) : null),
    card("community.inbox.joinRequests", box.join_requests.length, box.join_requests.length
      ? h("ul", { class: "plain" }, box.join_requests.map((r) => h("li", {}, personLink(r.person), " → ",
        h("a", { href: `/groups/${encodeURIComponent(r.group_id)}` }, r.group_name),
        h("span", { class: "muted small" }, ` · ${relativeTime(r.requested_at)}`))))
      : empty("community.nothing")),
    card("community.inbox.review", box.groups_to_review.length, box.groups_to_review.length
      ? h("ul", { class: "plain" }, box.groups_to_review.map((g) => h("li", {},
        h("a", { href: `/groups/${encodeURIComponent(g.group_id)}` }, groupName(g.name)), " · ", suggestion(g, box.groups_to_review))))
      : empty("community.nothing")),
    card("community.inbox.newcomers", box.quiet_newcomers.length, box.quiet_newcomers.length
      ? h("ul", { class: "plain" }, box.quiet_newcomers.map((n) => h("li", {}, personLink(n.person),
        h("span", { class: "muted small" }, ` · ${t("community.joinedDaysAgo", { count: n.days })}`))))
      : empty("community.nothing")),
    card("community.inbox.searches", box.missed_searches.length,
      box.missed_searches_unavailable ? h("p", { class: "notice" }, t("community.searchesUnavailable")) : null,
      box.missed_searches.length
        ? h("ul", { class: "chips" }, box.missed_searches.map((m) => h("li", { class: "chip" },
          h("a", { href: path("/search", { q: m.query }) }, m.query), ` × ${number(m.times)}`)))
        : box.missed_searches_unavailable ? null : empty("community.nothing")),
  ];
  return [h("div", { testid: "inbox" }, sections), csv("inbox")];
}

// ----- participation -----

function participation(data, period) {
  const last = data.periods[data.periods.length - 1];
  const share = (n) => (last.population ? Math.round((100 * n) / last.population) : 0);
  const bars = h("ul", { class: "plain tiers", testid: "tiers" }, TIERS.map((k) => h("li", { class: "tier" },
    h("span", { class: "tier-label" }, t(`tier.${k}`)),
    h("meter", { min: 0, max: last.population || 1, value: last[k], "aria-label": t(`tier.${k}`) }),
    h("span", { class: "num" }, `${number(last[k])} (${share(last[k])} %)`))));
  const columns = [
    { label: t("community.period"), cell: (p) => dateTime(p.start, { dateStyle: "short" }) },
    { label: t("community.people"), num: true, cell: (p) => number(p.population) },
    ...TIERS.map((k) => ({ label: t(`tier.${k}`), num: true, cell: (p) => number(p[k]) })),
    { label: t("community.movedUp"), num: true, cell: (p) => number(p.moved_up) },
  ];
  const departments = [
    { label: t("community.department"), cell: (d) => d.department },
    { label: t("community.people"), num: true, cell: (d) => number(d.tiers.population) },
    ...TIERS.map((k) => ({ label: t(`tier.${k}`), num: true, cell: (d) => number(d.tiers[k]) })),
  ];
  return [
    h("section", { class: "card" }, h("h2", {}, t("community.thisPeriod", { date: dateTime(last.start, { dateStyle: "long" }) })), bars,
      h("p", { class: "hint" }, t("community.tiersHint"))),
    table(t("community.tab.participation"), columns, data.periods.slice().reverse(), "participation"),
    csv("participation", { period }),
    data.departments.length ? h("section", { class: "card" }, h("h2", {}, t("community.byDepartment")),
      table(t("community.byDepartment"), departments, data.departments, "departments"),
      csv("participation", { period, table: "departments" })) : null,
    data.departments_withheld ? h("p", { class: "hint" }, t("community.withheld", { count: data.departments_withheld, min: data.minimum_group_size })) : null,
    data.moved_up.length ? h("section", { class: "card" }, h("h2", {}, t("community.movedUpWho")),
      h("ul", { class: "plain" }, data.moved_up.map((p) => h("li", {}, personLink(p))))) : null,
  ];
}

// ----- questions -----

function questions([radar, times]) {
  const columns = [
    { label: t("community.period"), cell: (p) => dateTime(p.start, { dateStyle: "short" }) },
    { label: t("answers.asked"), num: true, cell: (p) => number(p.asked) },
    { label: t("answers.answered"), num: true, cell: (p) => number(p.answered) },
    { label: t("answers.within"), num: true, cell: (p) => number(p.answered_within_target) },
    { label: t("answers.median"), num: true, cell: (p) => number(p.median_hours_to_first_answer) },
  ];
  const groups = [
    { label: t("community.group"), cell: (g) => h("a", { href: `/groups/${encodeURIComponent(g.group_id)}` }, groupName(g.group_name)) },
    { label: t("answers.target"), num: true, cell: (g) => number(g.target_hours) },
    ...columns.slice(1).map((c) => ({ ...c, cell: (g) => c.cell(g.figures) })),
  ];
  return [
    card("community.inbox.unanswered", radar.total,
      radar.questions.length ? h("ul", { class: "plain" }, radar.questions.map(question)) : empty("community.nothing"), csv("unanswered")),
    h("h2", {}, t("community.answerTimes")),
    table(t("community.answerTimes"), columns, times.periods.slice().reverse(), "answer-times"),
    times.groups.length ? table(t("community.byGroup"), groups, times.groups, "answer-times-groups") : null,
    csv("answer-times"),
    h("p", { class: "hint" }, t("community.targetHint", { hours: number(times.default_target_hours) })),
  ];
}

// ----- groups -----

function suggestion(g, all) {
  if (g.suggestion === "merge") {
    const into = all.find((x) => x.group_id === g.merge_into_group_id);
    return t("suggestion.merge", { name: into ? into.name : g.likely_duplicates.map((d) => d.name)[0] || "" });
  }
  return g.suggestion ? t(`suggestion.${g.suggestion}`) : "";
}

function groups(page) {
  const columns = [
    { label: t("community.group"), cell: (g) => h("a", { href: `/groups/${encodeURIComponent(g.group_id)}` }, groupName(g.name)) },
    { label: t("community.members"), num: true, cell: (g) => number(g.members) },
    { label: t("group.active"), num: true, cell: (g) => (g.active_members < 0 ? t("group.tooFew") : number(g.active_members)) },
    { label: t("group.posts30"), num: true, cell: (g) => number(g.posts_last_30_days) },
    { label: t("group.waiting"), num: true, cell: (g) => number(g.unanswered_questions) },
    { label: t("group.lastPost"), num: true, cell: (g) => (g.days_since_last_post < 0 ? t("group.never") : number(g.days_since_last_post)) },
    { label: t("group.todo"), cell: (g) => suggestion(g, page.groups) },
  ];
  return [h("p", { class: "muted" }, t("community.quarter", { quarter: page.quarter })),
    page.groups.length ? table(t("community.tab.groups"), columns, page.groups, "group-health") : empty("community.nothing"),
    csv("groups")];
}

// ----- leaders, thanks, announcements -----

function leaders(data, period) {
  const columns = [
    { label: t("community.leader"), cell: (l) => personLink(l.leader) },
    { label: t("leader.posts"), num: true, cell: (l) => number(l.posts) },
    { label: t("leader.replies"), num: true, cell: (l) => number(l.replies_to_employees) },
    { label: t("leader.reactions"), num: true, cell: (l) => number(l.reactions_given) },
    { label: t("leader.praise"), num: true, cell: (l) => number(l.praise_given) },
    { label: t("leader.median"), num: true, cell: (l) => number(l.median_hours_to_reply) },
    { label: t("leader.recognised"), num: true, cell: (l) => (l.department_recognised < 0 ? t("group.tooFew")
      : `${number(l.department_recognised)} / ${number(l.department_size)}`) },
  ];
  return [h("p", { class: "muted" }, t("community.since", { date: dateTime(data.start, { dateStyle: "long" }) })),
    data.leaders.length ? table(t("community.tab.leaders"), columns, data.leaders, "leaders") : empty("community.nothing"),
    csv("leaders", { period })];
}

function thanks(list) {
  return [h("p", {}, t("thanks.intro")), list.people.length
    ? h("ul", { class: "plain", testid: "thanks" }, list.people.map((c) => h("li", { class: "card" }, personLink(c.person),
      h("p", { class: "small" }, [c.accepted_answers ? t("thanks.accepted", { count: c.accepted_answers }) : null,
        c.well_received_posts ? t("thanks.posts", { count: c.well_received_posts }) : null,
        c.praised_by_peers ? t("thanks.praised", { count: c.praised_by_peers }) : null].filter(Boolean).join(" · ")),
      h("p", { class: "small" }, c.post_ids.map((id, i) => [i ? " · " : null,
        h("a", { href: `/posts/${encodeURIComponent(id)}` }, t("thanks.look", { n: i + 1 }))])))))
    : empty("thanks.empty"), csv("thanks")];
}

function announcements(data) {
  const reach = (r) => [["audience", r.audience], ["reached", r.reached], ["read", r.read], ["reacted", r.reacted]];
  return [data.announcements.length ? h("ul", { class: "plain" }, data.announcements.map((a) => h("li", { class: "card", testid: "reach" },
    h("a", { href: `/posts/${encodeURIComponent(a.post_id)}` }, a.snippet || t("community.privateAnnouncement")),
    h("p", { class: "muted small" }, [a.author.display_name, a.group_id ? groupName(a.group_name) : "", dateTime(a.created_at, { dateStyle: "medium" }),
      t("ann.views", { count: Number(a.views) })].filter(Boolean).join(" · ")),
    h("dl", { class: "stats reach-stats" }, reach(a.reach).map(([k, v]) => h("div", {}, h("dt", { class: "stat-label" }, t(`ann.${k}`)),
      h("dd", { class: "stat-value" }, number(v))))),
    a.departments.length ? table(t("community.byDepartment"), [
      { label: t("community.department"), cell: (d) => d.department },
      ...["audience", "reached", "read", "reacted"].map((k) => ({ label: t(`ann.${k}`), num: true, cell: (d) => number(d.reach[k]) })),
    ], a.departments) : null)))
    : empty("ann.empty"), csv("announcements")];
}

// ----- the page -----

// each tab: how to load it (again, on retry) and how to show it
const SHOW = {
  inbox: () => [() => get("/insights/inbox"), inbox],
  participation: (period) => [() => get("/insights/participation", { period }), (d) => participation(d, period)],
  questions: () => [() => Promise.all([get("/insights/unanswered", { limit: 50 }), get("/insights/answer-times")]), questions],
  groups: () => [() => get("/insights/groups"), groups],
  leaders: (period) => [() => get("/insights/leaders", { period }), (d) => leaders(d, period)],
  thanks: () => [() => get("/insights/thanks"), thanks],
  announcements: () => [() => get("/insights/announcements"), announcements],
};

export function render(view, { query }) {
  const available = tabs();
  const tab = available.includes(query.get("tab")) ? query.get("tab") : available[0];
  const period = query.get("period") === "month" ? "month" : "week";
  const body = h("div", { testid: `community-${tab}` });
  const periodTabs = ["participation", "leaders"].includes(tab)
    ? h("nav", { class: "tabs", "aria-label": t("community.period") }, ["week", "month"].map((p) =>
      h("a", { href: path("/community", { tab, period: p }), "aria-current": p === period ? "page" : null }, t(`board.${p}`))))
    : null;
  add(view, pageHeader(t("nav.community")),
    h("nav", { class: "tabs", "aria-label": t("nav.community") }, available.map((k) =>
      h("a", { href: path("/community", { tab: k }), testid: `tab-${k}`, "aria-current": k === tab ? "page" : null }, t(`community.tab.${k}`)))),
    periodTabs, body);
  const [load, show] = SHOW[tab](period);
  section(body, load, show);
}
