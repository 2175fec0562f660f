// A group's page: what it is for, who is in it, joining (or asking to, for a private group), its posts
// and composer, and for its admins the requests to join, inviting, members' roles and removing them, and
// (owners) the group's settings and archiving it. New posts arrive live ("group:<id>").

import { h, path, add, fill } from "../dom.js";
import { api, get } from "../api.js";
import { t, dateTime } from "../i18n.js";
import { composer } from "./composer.js";
import { feedList } from "./feed.js";
import { avatar, pageHeader, section, problemBox, busy, flash, act } from "./common.js";
import { visibilityWord, roleWord, groupForm } from "./groups.js";
import { myId } from "../state.js";

export const title = () => t("nav.groups");

function isAdmin(group) {
  return ["admin", "owner"].includes(roleWord(group.viewer_role));
}

function isMember(group) {
  const role = roleWord(group.viewer_role);
  return Boolean(role) && role !== "unspecified";
}

function membership(group, reload) {
  if (group.archived) return h("p", { class: "muted" }, t("group.archivedNote"));
  if (isMember(group)) {
    return h("div", { class: "row wrap" }, h("span", { class: "chip chip-member" }, t(`role.${roleWord(group.viewer_role)}`)),
      h("button", { type: "button", class: "btn", testid: "leave-group", dataset: { focus: "membership" },
        onclick: (e) => act(e.currentTarget, () => api("POST", `/groups/${group.group_id}/leave`), reload) }, t("group.leave")));
  }
  if (group.viewer_requested && !group.viewer_invited) {
    return h("p", { class: "muted", tabindex: "-1", dataset: { focus: "membership" } }, t("group.requested"));
  }
  const label = group.viewer_invited ? t("group.acceptInvite")
    : visibilityWord(group) === "public" ? t("group.join") : t("group.askToJoin");
  return h("button", { type: "button", class: "btn btn-primary", testid: "join-group", dataset: { focus: "membership" },
    onclick: (e) => act(e.currentTarget, () => api("POST", `/groups/${group.group_id}/join`), reload) }, label);
}

function memberList(group, reload) {
  const target = h("div");
  const admin = isAdmin(group) && !group.archived;
  const manageMember = (m) => {
    const role = roleWord(m.role);
    const select = h("select", { class: "input input-small", "aria-label": t("group.roleOf", { name: m.display_name }),
      testid: "member-role" }, ["member", "admin", "owner"].map((r) => h("option", { value: `MEMBER_ROLE_${r.toUpperCase()}` }, t(`role.${r}`))));
    select.value = `MEMBER_ROLE_${role.toUpperCase()}`;
    select.addEventListener("change", () => act(select, () => api("PUT", `/groups/${group.group_id}/members/${m.user_id}/role`,
      { body: { role: select.value } }), draw));
    const remove = h("button", { type: "button", class: "btn btn-small", testid: "remove-member",
      "aria-label": t("group.removeWho", { name: m.display_name }),
      onclick: (e) => act(e.currentTarget, () => api("DELETE", `/groups/${group.group_id}/members/${m.user_id}`), reload) },
    t("group.remove"));
    return h("span", { class: "row wrap member-admin" }, select, remove);
  };
  const draw = () => section(target, () => get(`/groups/${group.group_id}/members`, { limit: 100 }), (reply) =>
    h("ul", { class: "member-list" }, reply.members.map((m) => h("li", { class: admin ? "row wrap" : null },
      h("a", { href: `/people/${encodeURIComponent(m.user_id)}`, class: "member" }, avatar(m.user_id, m.display_name, "small"),
        h("span", {}, m.display_name),
        ["admin", "owner"].includes(roleWord(m.role)) ? h("span", { class: "chip small" }, t(`role.${roleWord(m.role)}`)) : null),
      admin && m.user_id !== myId() ? manageMember(m) : null))));
  draw();
  return h("details", { class: "card members", open: window.matchMedia("(min-width: 900px)").matches },
    h("summary", {}, t("group.members", { count: Number(group.members) })), target);
}

/** For a group's admins: inviting people; for its owners also its settings and archiving it. */
function manage(group, reload) {
  const found = h("ul", { class: "invite-list", "aria-live": "polite" });
  const query = h("input", { class: "input", type: "search", id: "invite-query", autocomplete: "off", testid: "invite-query" });
  let asked = 0;
  query.addEventListener("input", async () => {
    const ticket = ++asked;
    const words = query.value.trim();
    if (words.length < 2) return fill(found);
    const reply = await get("/search/people", { query: words, limit: 5 }).catch(() => null);
    if (ticket !== asked || !reply) return undefined;
    return fill(found, ...reply.people.filter((p) => p.active).map((p) => h("li", { class: "row wrap" },
      h("span", {}, p.display_name),
      h("button", { type: "button", class: "btn btn-small", testid: "invite",
        onclick: (e) => act(e.currentTarget, () => api("POST", `/groups/${group.group_id}/members/${p.user_id}/invite`),
          async () => fill(found, h("li", { role: "status" }, t("group.invitedNote", { name: p.display_name })))) },
      t("group.invite")))));
  });
  const parts = [h("div", { class: "field" }, h("label", { for: "invite-query" }, t("group.inviteLabel")), query, found)];
  if (roleWord(group.viewer_role) === "owner") {
    const archive = h("button", { type: "button", class: "btn", testid: "archive-group" }, t("group.archive"));
    archive.addEventListener("click", () => {
      if (archive.dataset.armed !== "1") { // two steps instead of a dialog: the second press archives
        archive.dataset.armed = "1";
        archive.textContent = t("group.archiveConfirm");
        return;
      }
      act(archive, () => api("POST", `/groups/${group.group_id}/archive`), reload);
    });
    parts.push(h("h3", {}, t("group.settings")),
      groupForm({ group, prefix: "edit-group", label: t("group.save"),
        save: async (body) => { await api("PUT", `/groups/${group.group_id}`, { body }); await reload(); } }),
      h("div", { class: "row wrap" }, archive));
  }
  return h("details", { class: "card manage-group", testid: "manage-group" }, h("summary", {}, t("group.manage")), ...parts);
}

function requestList(group) {
  const target = h("div");
  const draw = () => section(target, () => get(`/groups/${group.group_id}/members`, { requests: true, limit: 100 }), (reply) =>
    reply.members.length ? h("ul", { class: "request-list" }, reply.members.map((m) => h("li", { class: "row wrap" },
      h("a", { href: `/people/${encodeURIComponent(m.user_id)}` }, m.display_name),
      ...["approve", "decline"].map((what) => h("button", { type: "button", class: ["btn", what === "approve" ? "btn-primary" : ""],
        onclick: (e) => busy(e.currentTarget, async () => {
          try {
            await api("POST", `/groups/${group.group_id}/members/${m.user_id}/${what}`);
            draw();
          } catch (error) {
            flash(e.target, error);
          }
        }) }, t(`group.${what}`))))))
      : h("p", { class: "empty" }, t("group.noRequests")));
  draw();
  return h("section", { class: "card" }, h("h2", {}, t("group.requests")), target);
}

export function render(view, { params }) {
  const groupId = params[0];
  const head = h("div");
  const body = h("div");
  let feed = null;
  add(view, head, body);

  const draw = async (group) => {
    const fresh = h("div", { class: "group-head" },
      pageHeader(group.name),
      h("p", { class: "row wrap small" },
        h("span", { class: "chip" }, t(`visibility.${visibilityWord(group)}`)),
        group.posting_policy === "POSTING_POLICY_ADMINS" ? h("span", { class: "chip" }, t("group.policy.admins")) : null,
        group.end_date ? h("span", { class: "muted" }, t("group.ends", { date: dateTime(group.end_date, { dateStyle: "medium" }) })) : null),
      h("section", { class: "purpose-box", "aria-label": t("group.purpose") },
        h("h2", { class: "small-heading" }, t("group.purpose")),
        h("p", { class: "purpose" }, group.purpose || t("group.noPurpose"))),
      h("div", { class: "row wrap" }, membership(group, reload),
        h("a", { href: path("/leaderboard", { group: group.group_id }), class: "btn btn-quiet" }, t("nav.leaderboard"))));
    fill(head, fresh);
  };
  const reload = async () => {
    const group = await get(`/groups/${encodeURIComponent(groupId)}`);
    const focused = document.activeElement?.dataset?.focus;
    await draw(group);
    if (focused) head.querySelector(`[data-focus="${CSS.escape(focused)}"]`)?.focus();
    drawBody(group);
  };
  const drawBody = (group) => {
    if (feed) feed.dispose();
    feed = null;
    fill(body);
    const canRead = isMember(group) || visibilityWord(group) === "public";
    const canPost = isMember(group) && !group.archived
      && (group.posting_policy !== "POSTING_POLICY_ADMINS" || isAdmin(group));
    add(body, memberList(group, reload));
    if (isAdmin(group) && !group.archived) add(body, manage(group, reload));
    if (isAdmin(group) && visibilityWord(group) !== "public") add(body, requestList(group));
    if (!canRead) {
      add(body, h("p", { class: "empty" }, t("group.joinToRead")));
      return;
    }
    feed = feedList({ feed: `group:${group.group_id}`, load: (cursor) =>
      get(`/groups/${group.group_id}/posts`, { limit: 20, cursor, mark_visited: !cursor }), empty: t("group.noPosts"),
    card: { canPin: isAdmin(group) } });
    if (canPost) add(body, composer({ groupId: group.group_id, onCreated: (post) => feed.prepend(post) }));
    add(body, h("h2", { class: "sr-only" }, t("feed.label")), feed.element);
  };

  add(head, h("p", { class: "loading" }, t("state.loading")));
  get(`/groups/${encodeURIComponent(groupId)}`).then((group) => {
    if (group.merged_into) {
      fill(head, pageHeader(group.name), h("p", {}, t("group.merged"), " ",
        h("a", { href: `/groups/${encodeURIComponent(group.merged_into)}` }, t("group.goToMerged"))));
      return;
    }
    draw(group);
    drawBody(group);
  }).catch((error) => {
    if (error.status !== 401) fill(head, pageHeader(t("nav.groups")), problemBox(error));
  });
  return () => feed && feed.dispose();
}
