// The groups one can see (or only one's own), and creating a group, which needs a purpose: a group
// that says what it is for is a group people join and keep alive.

import { h, path, add } from "../dom.js";
import { api, get, newKey } from "../api.js";
import { t } from "../i18n.js";
import { pageHeader, section, showFormProblem, clearFormProblem, busy, enumWord } from "./common.js";

export const title = () => t("nav.groups");

export function visibilityWord(group) {
  return enumWord(group.visibility, "GROUP_VISIBILITY_") || "public";
}

export function roleWord(role) {
  return enumWord(role, "MEMBER_ROLE_");
}

function groupCard(group) {
  const role = roleWord(group.viewer_role);
  return h("li", { class: "card group-card", testid: "group", dataset: { groupId: group.group_id } },
    h("h2", { class: "group-name" }, h("a", { href: `/groups/${encodeURIComponent(group.group_id)}` }, group.name)),
    h("p", { class: "row wrap small" },
      h("span", { class: "chip" }, t(`visibility.${visibilityWord(group)}`)),
      h("span", { class: "muted" }, t("group.members", { count: Number(group.members) })),
      role && role !== "unspecified" ? h("span", { class: "chip chip-member" }, t(`role.${role}`)) : null,
      group.archived ? h("span", { class: "chip" }, t("group.archived")) : null),
    group.purpose ? h("p", { class: "purpose clamp" }, group.purpose) : null);
}

/**
 * The form of a group's settings: empty for a new group, or filled with `group`'s to change them.
 * `save(body)` sends them; a problem is shown on the form and nothing changes.
 */
export function groupForm({ group = null, prefix, label, save }) {
  const field = (name, text, control, hint) => {
    control.id = `${prefix}-${name}`;
    control.name = name;
    return h("div", { class: "field" }, h("label", { for: control.id }, text), control,
      hint ? h("p", { class: "hint" }, hint) : null);
  };
  const name = h("input", { class: "input", required: true, maxlength: "100", value: group ? group.name : "" });
  const purpose = h("textarea", { class: "input", rows: "3", required: true, maxlength: "1000" });
  purpose.value = group ? group.purpose : "";
  const visibility = h("select", { class: "input" },
    ["public", "private", "secret"].map((v) => h("option", { value: `GROUP_VISIBILITY_${v.toUpperCase()}` }, t(`visibility.${v}`))));
  visibility.value = `GROUP_VISIBILITY_${(group ? visibilityWord(group) : "public").toUpperCase()}`;
  const policy = h("select", { class: "input" },
    h("option", { value: "POSTING_POLICY_EVERYONE" }, t("group.policy.everyone")),
    h("option", { value: "POSTING_POLICY_ADMINS" }, t("group.policy.admins")));
  policy.value = group && group.posting_policy === "POSTING_POLICY_ADMINS" ? "POSTING_POLICY_ADMINS" : "POSTING_POLICY_EVERYONE";
  const end = h("input", { class: "input", type: "date", value: group ? group.end_date : "" });
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, label);
  const form = h("form", { class: "stack" },
    field("name", t("group.name"), name),
    field("purpose", t("group.purpose"), purpose, t("group.purposeHint")),
    field("visibility", t("group.visibility"), visibility, t("group.visibilityHint")),
    field("posting_policy", t("group.policy"), policy),
    field("end_date", t("group.endDate"), end, t("group.endDateHint")),
    h("div", { class: "row end" }, submit));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    busy(submit, async () => {
      clearFormProblem(form);
      try {
        const body = { name: name.value, purpose: purpose.value, visibility: visibility.value, posting_policy: policy.value };
        if (end.value) body.end_date = end.value;
        await save(body);
      } catch (error) {
        showFormProblem(form, error);
      }
    });
  });
  return form;
}

function createForm(navigate) {
  let key = newKey();
  const form = groupForm({ prefix: "new-group", label: t("group.create"), save: async (body) => {
    const reply = await api("POST", "/groups", { body, key });
    key = newKey();
    navigate(`/groups/${reply.group_id}`);
  } });
  return h("details", { class: "card create-group" }, h("summary", {}, t("group.createTitle")), form);
}

export function render(view, { query, navigate }) {
  const mine = query.get("mine") === "1";
  const list = h("div");
  add(view, 
    pageHeader(t("nav.groups")),
    h("nav", { class: "tabs", "aria-label": t("group.which") },
      h("a", { href: "/groups", "aria-current": mine ? null : "page" }, t("group.all")),
      h("a", { href: path("/groups", { mine: "1" }), "aria-current": mine ? "page" : null }, t("group.mine"))),
    createForm(navigate), list);
  section(list, () => get("/groups", { mine, limit: 100 }), (reply) => reply.groups.length
    ? h("ul", { class: "group-list" }, reply.groups.map(groupCard))
    : h("p", { class: "empty" }, t(mine ? "group.noneMine" : "group.none")));
}
