// The home feed: the composer on top, then what the person follows. `/?compose=question&text=…&group=…`
// opens the composer ready to ask (search's "Ask this as a question").

import { h, add } from "../dom.js";
import { get } from "../api.js";
import { t } from "../i18n.js";
import { composer, postableGroups } from "./composer.js";
import { feedList } from "./feed.js";
import { pageHeader } from "./common.js";

export const title = () => t("nav.home");

export function render(view, { query }) {
  const feed = feedList({
    feed: "home",
    load: (cursor) => get("/feed", { limit: 20, cursor, mark_visited: !cursor }),
    empty: t("home.empty"),
  });
  const prefill = { kind: query.get("compose") || "", text: query.get("text") || "", group: query.get("group") || "" };
  const form = composer({ groups: postableGroups(), prefill, onCreated: (post) => feed.prepend(post) });
  add(view, pageHeader(t("home.title")), form, h("h2", { class: "sr-only" }, t("feed.label")), feed.element);
  if (prefill.text) form.querySelector("textarea").focus();
  return () => feed.dispose();
}
