// The composer: a discussion, question, announcement, praise or poll, in the home feed or a group.
// Each kind shows only the fields it needs. A retried submit sends the same Idempotency-Key, so a
// post is never created twice; a refused post keeps its text and shows why at the field at fault.

import { h, add, fill } from "../dom.js";
import { api, get, newKey } from "../api.js";
import { t } from "../i18n.js";
import { showFormProblem, clearFormProblem, busy, submitOnCtrlEnter } from "./common.js";
import { attachMentions } from "./mentions.js";

export const KINDS = ["discussion", "question", "announcement", "praise", "poll"];
let counter = 0;

function praisePicker() {
  const chosen = new Map();
  const id = `praise-${++counter}`;
  const input = h("input", { id, type: "search", class: "input", autocomplete: "off", name: "praised_user_ids" });
  const results = h("ul", { class: "mention-list", hidden: true, "aria-label": t("mention.suggestions") });
  const chips = h("ul", { class: "chips", "aria-label": t("composer.praised") });
  const draw = () => {
    fill(chips, ...[...chosen].map(([userId, name]) => h("li", { class: "chip" }, name,
      h("button", { type: "button", class: "chip-remove", "aria-label": t("composer.removePerson", { name }),
        onclick: () => { chosen.delete(userId); draw(); input.focus(); } }, "×"))));
  };
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value.trim();
      if (query.length < 2) { results.hidden = true; return; }
      const reply = await get("/search/people", { query, limit: 5 }).catch(() => null);
      const people = reply ? reply.people.filter((p) => p.active && !chosen.has(p.user_id)) : [];
      fill(results, ...people.map((p) => h("li", {}, h("button", { type: "button", class: "mention-option",
        onclick: () => { chosen.set(p.user_id, p.display_name); input.value = ""; results.hidden = true; draw(); input.focus(); },
      }, h("strong", {}, p.display_name), p.title ? h("span", { class: "muted" }, ` · ${p.title}`) : null))));
      results.hidden = !people.length;
    }, 200);
  });
  const block = h("div", { class: "field" }, h("label", { for: id }, t("composer.praiseWho")), input, results, chips);
  return { block, ids: () => [...chosen.keys()], reset: () => { chosen.clear(); draw(); } };
}

function pollFields() {
  const list = h("ol", { class: "poll-fields" });
  const addOption = (value = "") => {
    const n = list.children.length + 1;
    const id = `poll-${++counter}`;
    const input = h("input", { id, class: "input", name: "poll_options", maxlength: "200", value });
    add(list, h("li", {}, h("label", { for: id, class: "sr-only" }, t("composer.option", { n })), input));
    return input;
  };
  addOption();
  addOption();
  const more = h("button", { type: "button", class: "btn btn-quiet", onclick: () => {
    if (list.children.length < 10) addOption().focus();
  } }, t("composer.addOption"));
  const block = h("fieldset", { class: "field" }, h("legend", {}, t("composer.options")), list, more);
  return {
    block,
    values: () => [...list.querySelectorAll("input")].map((i) => i.value.trim()).filter(Boolean),
    reset: () => { fill(list); addOption(); addOption(); },
  };
}

/**
 * composer({groupId, groups, prefill: {kind, text, group}, onCreated(post)}): `groupId` fixes the group
 * (a group's page); otherwise the person picks Everyone or one of `groups` (a list or a promise of one).
 */
export function composer({ groupId = "", groups = null, prefill = {}, onCreated }) {
  const n = ++counter;
  let key = newKey();
  const kind = h("select", { id: `kind-${n}`, name: "kind", class: "input", testid: "composer-kind" },
    KINDS.map((k) => h("option", { value: k, selected: k === (prefill.kind || "discussion") }, t(`kind.${k}`))));
  const body = h("textarea", { id: `body-${n}`, name: "body", rows: "3", class: "input", testid: "composer-body",
    maxlength: "10000" });
  body.value = prefill.text || "";
  const where = groupId ? null : h("select", { id: `group-${n}`, name: "group_id", class: "input" },
    h("option", { value: "" }, t("composer.everyone")));
  if (where && groups) {
    // the list may still be loading: the composer is usable at once, the groups join when they come
    Promise.resolve(groups).then((list) => list.forEach((g) =>
      add(where, h("option", { value: g.group_id, selected: g.group_id === prefill.group }, g.name)))).catch(() => {});
  }
  const mustRead = h("input", { type: "checkbox", id: `must-${n}`, name: "must_read" });
  const mustReadField = h("div", { class: "field check", hidden: true }, mustRead,
    h("label", { for: `must-${n}` }, t("composer.mustRead")));
  const praise = praisePicker();
  const value = h("input", { id: `value-${n}`, name: "company_value", class: "input", maxlength: "100" });
  const praiseFields = h("div", { hidden: true }, praise.block,
    h("div", { class: "field" }, h("label", { for: `value-${n}` }, t("composer.companyValue")), value));
  const poll = pollFields();
  poll.block.hidden = true;
  const bodyLabel = h("label", { for: `body-${n}` });
  const submit = h("button", { type: "submit", class: "btn btn-primary", testid: "composer-submit" });
  const hint = h("p", { class: "hint", id: `hint-${n}` });
  body.setAttribute("aria-describedby", hint.id);

  const showKind = () => {
    const k = kind.value;
    bodyLabel.textContent = t(`composer.label.${k}`);
    hint.textContent = t(`composer.hint.${k}`);
    submit.textContent = t(k === "question" ? "composer.ask" : "composer.post");
    mustReadField.hidden = k !== "announcement";
    praiseFields.hidden = k !== "praise";
    poll.block.hidden = k !== "poll";
  };
  kind.addEventListener("change", showKind);

  const form = h("form", { class: "card composer", testid: "composer", "aria-label": t("composer.title") },
    h("div", { class: "composer-top" },
      h("div", { class: "field" }, h("label", { for: kind.id }, t("composer.kind")), kind),
      where ? h("div", { class: "field" }, h("label", { for: where.id }, t("composer.where")), where) : null),
    praiseFields, // who first, then why
    h("div", { class: "field" }, bodyLabel, body, attachMentions(body), hint),
    poll.block, mustReadField,
    h("div", { class: "row end" }, submit));
  showKind();

  submitOnCtrlEnter(body, form);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    busy(submit, async () => {
      clearFormProblem(form);
      const k = kind.value;
      const request = { kind: `POST_KIND_${k.toUpperCase()}`, body: body.value };
      const group = groupId || (where ? where.value : "");
      if (group) request.group_id = group;
      if (k === "praise") {
        request.praised_user_ids = praise.ids();
        if (value.value.trim()) request.company_value = value.value.trim();
      }
      if (k === "poll") request.poll_options = poll.values();
      if (k === "announcement" && mustRead.checked) request.must_read = true;
      try {
        const created = await api("POST", "/posts", { body: request, key });
        key = newKey();
        body.value = "";
        value.value = "";
        mustRead.checked = false;
        praise.reset();
        poll.reset();
        const post = await get(`/posts/${created.post_id}`);
        if (onCreated) onCreated(post);
        body.focus();
      } catch (error) {
        showFormProblem(form, error);
      }
    });
  });
  return form;
}

/** The groups a person may post in, for the composer's "Post in" list. */
export async function postableGroups() {
  const reply = await get("/groups", { mine: true, limit: 100 });
  return reply.groups.filter((g) => !g.archived && (g.posting_policy !== "POSTING_POLICY_ADMINS"
    || g.viewer_role === "MEMBER_ROLE_ADMIN" || g.viewer_role === "MEMBER_ROLE_OWNER"));
}
