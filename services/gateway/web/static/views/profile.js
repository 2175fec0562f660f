// A person's profile: who they are, following them, their points, level and badges (as far as their
// and the organisation's privacy settings allow), and their posts. One's own profile also shows the
// progress towards the next badges and the latest points with their reasons.

import { h, add, fill } from "../dom.js";
import { api, get } from "../api.js";
import { t, number, dateTime } from "../i18n.js";
import { myId, isCommunityManager, isLeader } from "../state.js";
import { avatar, pageHeader, section, busy, timeEl, flash } from "./common.js";
import { feedList } from "./feed.js";

export const title = () => t("nav.profile");

const TIER = { bronze: "🥉", silver: "🥈", gold: "🥇" };

function recognition(rec, self) {
  if (!rec.visible) return h("p", { class: "muted" }, t("profile.private"));
  const next = Number(rec.next_level_points);
  const points = Number(rec.points);
  return [
    h("div", { class: "stats" },
      h("div", { class: "stat" }, h("span", { class: "stat-value", testid: "points" }, number(points)),
        h("span", { class: "stat-label" }, t("profile.points", { count: points }))),
      h("div", { class: "stat" }, h("span", { class: "stat-value", testid: "level" }, number(rec.level)),
        h("span", { class: "stat-label" }, rec.level_name || t("profile.level")))),
    next > 0 ? h("div", { class: "level-progress" },
      h("label", { for: "level-progress" }, t("profile.toNextLevel", { points: number(points), next: number(next) })),
      h("progress", { id: "level-progress", max: String(next), value: String(Math.min(points, next)) })) : null,
    h("h3", {}, t("profile.badges")),
    rec.badges.length ? h("ul", { class: "badges", testid: "badges" }, rec.badges.map((b) => h("li", { class: "badge" },
      h("span", { class: "badge-icon", "aria-hidden": "true" }, TIER[b.tier] || "🏅"),
      h("span", {}, h("strong", {}, b.name), b.tier ? h("span", { class: "muted" }, ` · ${t(`tier.${b.tier}`)}`) : null,
        h("span", { class: "muted small block" }, [b.reason, dateTime(b.awarded_at, { dateStyle: "medium" })].filter(Boolean).join(" · "))))))
      : h("p", { class: "muted" }, t("profile.noBadges")),
    self && rec.progress.length ? [h("h3", {}, t("profile.nextBadges")), h("ul", { class: "badge-progress" },
      rec.progress.map((p, i) => h("li", {},
        h("label", { for: `badge-progress-${i}` }, h("strong", {}, p.name),
          p.next_tier ? ` · ${t(`tier.${p.next_tier}`)}` : "", h("span", { class: "muted" }, ` ${number(p.current)} / ${number(p.target)}`)),
        h("progress", { id: `badge-progress-${i}`, max: String(Number(p.target) || 1), value: String(Math.min(Number(p.current), Number(p.target))) }))))] : null,
  ];
}

function pointsLedger() {
  const target = h("div");
  const details = h("details", { class: "card" }, h("summary", {}, t("profile.ledger")), target);
  details.addEventListener("toggle", () => {
    if (details.open && !target.childNodes.length) {
      section(target, () => get("/points", { limit: 20 }), (page) => page.entries.length
        ? h("ul", { class: "ledger" }, page.entries.map((e) => h("li", {},
          h("span", { class: ["points", Number(e.points) < 0 ? "negative" : ""] }, `${Number(e.points) > 0 ? "+" : ""}${number(e.points)}`),
          h("span", {}, e.reason), h("span", { class: "muted small" }, timeEl(e.at)))))
        : h("p", { class: "empty" }, t("profile.noPoints")));
    }
  });
  return details;
}

function ownLinks(signOut) {
  return h("nav", { class: "card own-links", "aria-label": t("profile.yourLinks") }, h("ul", {},
    h("li", {}, h("a", { href: "/settings/notifications" }, t("nav.settings"))),
    h("li", {}, h("a", { href: "/leaderboard" }, t("nav.leaderboard"))),
    isCommunityManager() || isLeader() ? h("li", {}, h("a", { href: "/community", testid: "own-community" }, t("nav.community"))) : null,
    h("li", {}, h("button", { type: "button", class: "link-button", testid: "signout", onclick: signOut }, t("nav.signOut"))),
    h("li", {}, h("button", { type: "button", class: "link-button", testid: "signout-everywhere", title: t("nav.signOutEverywhereHint"),
      onclick: () => signOut({ everywhere: true }) }, t("nav.signOutEverywhere")))));
}

export function render(view, { params, signOut }) {
  const userId = params[0] === "me" ? myId() : params[0];
  const self = userId === myId();
  const head = h("div");
  const rec = h("div");
  const feed = feedList({ load: (cursor) => get(`/people/${encodeURIComponent(userId)}/posts`, { limit: 20, cursor }),
    empty: t("profile.noPosts") });
  add(view, head,
    self ? ownLinks(signOut) : null,
    h("section", { class: "card recognition", "aria-labelledby": "recognition-h" },
      h("h2", { id: "recognition-h" }, t("profile.recognition")), rec),
    self ? pointsLedger() : null,
    h("section", { "aria-labelledby": "posts-h" }, h("h2", { id: "posts-h" }, t("profile.posts")), feed.element));

  const drawHead = (user) => {
    const p = user.profile;
    const follow = self ? null : h("button", { type: "button", class: ["btn", user.followed_by_viewer ? "" : "btn-primary"],
      testid: "follow", "aria-pressed": String(user.followed_by_viewer),
      onclick: (e) => busy(e.currentTarget, async () => {
        try {
          await api(user.followed_by_viewer ? "DELETE" : "PUT", `/people/${encodeURIComponent(userId)}/follow`);
          const fresh = await get(`/people/${encodeURIComponent(userId)}`);
          drawHead(fresh);
          head.querySelector("[data-testid=follow]")?.focus();
        } catch (error) {
          flash(e.target, error);
        }
      }) }, user.followed_by_viewer ? t("profile.following") : t("profile.follow"));
    fill(head, h("div", { class: "profile-head" },
      avatar(user.user_id, p.display_name, "large"),
      h("div", { class: "profile-who" },
        pageHeader(p.display_name),
        h("p", { class: "muted" }, [p.title, p.department, p.location].filter(Boolean).join(" · ")),
        h("p", { class: "row wrap small" },
          p.leader ? h("span", { class: "chip" }, t("profile.leader")) : null,
          p.community_manager ? h("span", { class: "chip" }, t("profile.communityManager")) : null,
          user.active ? null : h("span", { class: "chip" }, t("person.deactivated")),
          h("span", { class: "muted" }, t("profile.followers", { count: Number(user.followers) }))),
        p.skills.length ? h("ul", { class: "chips", "aria-label": t("profile.skills") }, p.skills.map((s) => h("li", { class: "chip" }, s))) : null,
        follow)));
  };
  section(head, () => get(`/people/${encodeURIComponent(userId)}`), (user) => { drawHead(user); return null; });
  section(rec, () => get(`/people/${encodeURIComponent(userId)}/recognition`), (r) => recognition(r, self));
  return () => feed.dispose();
}
