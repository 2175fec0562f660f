// @mentions while typing: after "@" and two letters, people who match are offered under the field; the
// chosen one is written as @[Display Name](user id), the form the feed reads (kantine/markup.py).
// Arrow down moves from the field into the suggestions, Escape closes them.

import { h, fill } from "../dom.js";
import { get } from "../api.js";
import { t } from "../i18n.js";

const TYPING = /(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}._-]{2,40})$/u;

export function attachMentions(field) {
  const list = h("ul", { class: "mention-list", hidden: true, "aria-label": t("mention.suggestions") });
  let token = null;
  let timer = 0;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    fill(list);
    token = null;
  };

  const insert = (person) => {
    const name = person.display_name.replace(/[\]\n]/g, " ").trim();
    const text = `@[${name}](${person.user_id}) `;
    field.value = field.value.slice(0, token.start) + text + field.value.slice(token.end);
    const caret = token.start + text.length;
    close();
    field.focus();
    field.setSelectionRange(caret, caret);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  };

  const lookup = async () => {
    const caret = field.selectionStart;
    const match = field.value.slice(0, caret).match(TYPING);
    if (!match) return close();
    const ticket = ++asked;
    const reply = await get("/search/people", { query: match[1], limit: 5 }).catch(() => null);
    if (ticket !== asked) return undefined; // a later keystroke asked again
    if (!reply || !reply.people.length) return close();
    token = { start: caret - match[1].length - 1, end: caret };
    fill(list, ...reply.people.filter((p) => p.active).map((person) => h("li", {},
      h("button", { type: "button", class: "mention-option", onclick: () => insert(person) },
        h("strong", {}, person.display_name), person.title ? h("span", { class: "muted" }, ` · ${person.title}`) : null))));
    list.hidden = !list.children.length;
    return undefined;
  };

  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 200);
  });
  field.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      list.querySelector("button").focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  list.addEventListener("keydown", (e) => {
    const buttons = Array.from(list.querySelectorAll("button"));
    const at = buttons.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = at + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) field.focus();
      else buttons[Math.min(next, buttons.length - 1)].focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
      field.focus();
    }
  });
  return list;
}
