// The leaderboard of the organisation or of one group, for a week, month, quarter or all time. Where
// leaderboards are switched off, only the totals are shown (nobody is ranked).

import { h, path, add } from "../dom.js";
import { get } from "../api.js";
import { t, number, dateTime } from "../i18n.js";
import { myId } from "../state.js";
import { pageHeader, section, avatar } from "./common.js";

export const title = () => t("nav.leaderboard");
const PERIODS = ["week", "month", "quarter", "all"];

function table(board) {
  return h("table", { class: "board", testid: "leaderboard" },
    h("caption", { class: "sr-only" }, t("nav.leaderboard")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("board.rank")), h("th", { scope: "col" }, t("board.person")),
      h("th", { scope: "col", class: "num" }, t("board.points")))),
    h("tbody", {}, board.entries.map((e) => h("tr", { class: e.user_id === myId() ? "me" : "" },
      h("td", { class: "rank" }, number(e.rank)),
      h("td", {}, h("a", { href: `/people/${encodeURIComponent(e.user_id)}`, class: "member" }, avatar(e.user_id, e.display_name, "small"),
        h("span", {}, e.display_name, e.department ? h("span", { class: "muted small block" }, e.department) : null))),
      h("td", { class: "num" }, number(e.points))))));
}

function totals(board) {
  return [
    h("p", {}, t("board.totals", { people: number(board.participants), points: number(board.points) })),
    board.departments.length ? h("ul", { class: "departments" }, board.departments.map((d) =>
      h("li", {}, h("strong", {}, d.department), ` · ${t("board.deptLine", { people: number(d.people), points: number(d.points) })}`))) : null,
  ];
}

export function render(view, { query }) {
  const period = PERIODS.includes(query.get("period")) ? query.get("period") : "week";
  const groupId = query.get("group") || "";
  const body = h("div");
  add(view, pageHeader(t("nav.leaderboard")),
    h("nav", { class: "tabs", "aria-label": t("board.period") }, PERIODS.map((p) =>
      h("a", { href: path("/leaderboard", { period: p, group: groupId }), "aria-current": p === period ? "page" : null }, t(`board.${p}`)))),
    body);
  const load = () => groupId ? get(`/groups/${encodeURIComponent(groupId)}/leaderboard`, { period })
    : get("/leaderboard", { period, limit: 50 });
  section(body, load, (board) => [
    board.period_start ? h("p", { class: "muted" }, t("board.since", { date: dateTime(board.period_start, { dateStyle: "long" }) })) : null,
    board.personal
      ? [board.viewer_rank ? h("p", { class: "you" }, t("board.yourRank", { rank: number(board.viewer_rank) })) : null,
        board.entries.length ? table(board) : h("p", { class: "empty" }, t("board.empty"))]
      : h("p", { class: "notice" }, t("board.off")),
    h("section", { class: "card" }, h("h2", {}, t("board.together")), totals(board)),
    h("p", { class: "hint" }, h("a", { href: "/settings/notifications#privacy" }, t("board.hideMe"))),
  ]);
}
