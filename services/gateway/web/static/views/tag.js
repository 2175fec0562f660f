// A tag's page: its posts, newest first, and following the tag, so that what is written under it reaches
// one's home feed. Every #tag in a post or comment links here.

import { h, add, fill, path } from "../dom.js";
import { api, get } from "../api.js";
import { t } from "../i18n.js";
import { pageHeader, busy, flash } from "./common.js";
import { feedList } from "./feed.js";

export const title = () => t("tag.title");

export function render(view, { params }) {
  const tag = decodeURIComponent(params[0]).replace(/^#/, "").toLowerCase();
  const head = h("div", { class: "tag-head" }, pageHeader(`#${tag}`));
  const drawFollow = (following) => {
    const button = h("button", { type: "button", class: ["btn", following ? "" : "btn-primary"], testid: "follow-tag",
      "aria-pressed": String(following),
      onclick: (e) => busy(e.currentTarget, async () => {
        try {
          await api(following ? "DELETE" : "PUT", `/tags/${encodeURIComponent(tag)}/follow`);
          drawFollow(!following);
          head.querySelector("[data-testid=follow-tag]")?.focus();
        } catch (error) {
          flash(e.target, error);
        }
      }) }, following ? t("tag.following") : t("tag.follow"));
    fill(head, pageHeader(`#${tag}`), h("p", { class: "muted" }, t("tag.hint")),
      h("div", { class: "row wrap" }, button,
        h("a", { href: path("/search", { q: `#${tag}` }), class: "btn btn-quiet" }, t("tag.search"))));
  };
  const feed = feedList({
    load: async (cursor) => {
      const page = await get(`/tags/${encodeURIComponent(tag)}/posts`, { limit: 20, cursor });
      if (!cursor) drawFollow(Boolean(page.viewer_follows));
      return page;
    },
    empty: t("tag.noPosts"),
  });
  add(view, head, h("h2", { class: "sr-only" }, t("feed.label")), feed.element);
  return () => feed.dispose();
}
