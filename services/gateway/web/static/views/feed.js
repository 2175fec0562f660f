// A list of posts (home, a group, a person): pages of 20 with "Show more", and, where the live stream
// says new posts arrived in this feed, a "3 new posts — show" button that loads just those.

import { h, add, fill } from "../dom.js";
import { get } from "../api.js";
import { t } from "../i18n.js";
import { bus, watch } from "../live.js";
import { postCard } from "./postcard.js";
import { problemBox, loading, busy } from "./common.js";

/**
 * feedList({load(cursor) → FeedPage, feed: "home" | "group:<id>" | "", empty, card: postCard's options}) →
 * {element, prepend(post), dispose()}.
 */
export function feedList({ load, feed = "", empty = "", card = {} }) {
  const known = new Set();
  const pending = [];
  const list = h("div", { class: "feed-posts" });
  const status = h("div", { class: "feed-status" }, loading());
  const more = h("button", { type: "button", class: "btn more", hidden: true }, t("feed.more"));
  const banner = h("button", { type: "button", class: "new-posts", testid: "new-posts", hidden: true });
  const note = h("p", { class: "muted since", hidden: true });
  const element = h("section", { class: "feed", "aria-label": t("feed.label") }, banner, note, list, status, more);
  let cursor = "";

  const addPosts = (posts, atTop) => {
    const cards = posts.filter((p) => !known.has(p.post_id)).map((p) => {
      known.add(p.post_id);
      return postCard(p, { ...card, onDeleted: () => cardOf(p.post_id)?.remove() });
    });
    if (atTop) list.prepend(...cards);
    else add(list, ...cards);
    return cards;
  };
  const cardOf = (postId) => list.querySelector(`[data-post-id="${CSS.escape(postId)}"]`);

  const nextPage = async () => {
    try {
      const page = await load(cursor);
      fill(status);
      const fresh = Number(page.new_since_last_visit) || 0;
      if (fresh > 0 && !cursor) {
        note.textContent = t("feed.sinceLastVisit", { count: fresh });
        note.hidden = false;
      }
      addPosts(page.posts, false);
      if (feed && !cursor) {
        const times = page.posts.map((p) => String(p.created_at || "")).sort();
        watch(feed, times[times.length - 1] || "");
      }
      cursor = page.next_cursor;
      more.hidden = !cursor;
      if (!known.size) fill(status, h("p", { class: "empty" }, empty || t("feed.empty")));
    } catch (error) {
      if (error.status === 401) return;
      if (feed && !cursor) watch(feed); // the bubble stays live while the feed is away
      fill(status, problemBox(error, () => { fill(status, loading()); nextPage(); }));
    }
  };
  more.addEventListener("click", () => busy(more, nextPage));

  const showBanner = () => {
    banner.hidden = !pending.length;
    banner.textContent = t("feed.newPosts", { count: pending.length });
  };
  const onPosts = (e) => {
    if (!feed || e.detail.feed !== feed) return;
    for (const id of e.detail.ids) if (!known.has(id) && !pending.includes(id)) pending.push(id);
    showBanner();
  };
  banner.addEventListener("click", () => busy(banner, async () => {
    const ids = pending.splice(0, pending.length);
    const posts = (await Promise.all(ids.map((id) => get(`/posts/${id}`).catch(() => null)))).filter(Boolean);
    posts.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    const cards = addPosts(posts, true);
    showBanner();
    if (status.querySelector(".empty")) fill(status);
    // keyboard and screen-reader users land on the first new post
    const first = cards[cards.length - 1];
    if (first) first.querySelector("a.permalink")?.focus();
  }));
  bus.addEventListener("posts", onPosts);
  nextPage();

  return {
    element,
    prepend(post) {
      addPosts([post], true);
      if (status.querySelector(".empty")) fill(status);
    },
    dispose() {
      bus.removeEventListener("posts", onPosts);
    },
  };
}
