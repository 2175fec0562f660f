// The inbox: newest first, unread ones marked, each leading to what it is about. Opening one marks it
// read; new ones arrive live at the top (a notification that gathers more people moves up again).

import { h, path, add, fill } from "../dom.js";
import { api, get } from "../api.js";
import { t } from "../i18n.js";
import { myId } from "../state.js";
import { bus, setUnread } from "../live.js";
import { avatar, timeEl, pageHeader, problemBox, loading, busy } from "./common.js";
import { plainText } from "./text.js";

export const title = () => t("nav.notifications");

function target(n) {
  if (n.post_id) return `/posts/${encodeURIComponent(n.post_id)}${n.comment_id ? `#comment-${n.comment_id}` : ""}`;
  if (n.group_id) return `/groups/${encodeURIComponent(n.group_id)}`;
  if (n.kind === "new_follower" && n.actor_ids.length) return `/people/${encodeURIComponent(n.actor_ids[0])}`;
  if (n.kind === "badge" || n.kind === "level") return `/people/${encodeURIComponent(myId())}`;
  return "/notifications";
}

function markRead(n, item) {
  if (n.read) return;
  n.read = true;
  item.classList.remove("unread");
  item.querySelector(".unread-dot")?.remove();
  api("POST", `/notifications/${encodeURIComponent(n.notification_id)}/read`)
    .then((reply) => setUnread(reply.unread_count)).catch(() => {});
}

export function notificationItem(n) {
  const award = n.kind === "badge" || n.kind === "level";
  const item = h("li", { class: ["notification", n.read ? "" : "unread"], testid: "notification",
    dataset: { notificationId: n.notification_id } });
  add(item, h("a", { href: target(n), class: "notification-link", onclick: () => markRead(n, item) },
    award ? h("span", { class: "avatar award", "aria-hidden": "true" }, "🏅")
      : avatar(n.actor_ids[0] || n.notification_id, n.actor_names[0] || "?"),
    h("span", { class: "notification-text" },
      h("span", { class: "notification-what" }, n.text),
      n.snippet ? h("span", { class: "snippet" }, `“${plainText(n.snippet)}”`) : null,
      h("span", { class: "muted small" }, timeEl(n.updated_at || n.created_at), n.reason ? ` · ${n.reason}` : "")),
    n.read ? null : h("span", { class: "unread-dot" }, h("span", { class: "sr-only" }, t("inbox.unread")))));
  return item;
}

export function render(view, { query }) {
  const unreadOnly = query.get("unread") === "1";
  const list = h("ol", { class: "inbox", testid: "inbox", "aria-label": t("nav.notifications") });
  const status = h("div", {}, loading());
  const more = h("button", { type: "button", class: "btn more", hidden: true }, t("feed.more"));
  const readAll = h("button", { type: "button", class: "btn", testid: "read-all" }, t("inbox.readAll"));
  let cursor = "";

  const load = async () => {
    try {
      const page = await get("/notifications", { limit: 30, cursor, unread_only: unreadOnly });
      fill(status);
      add(list, ...page.notifications.filter((n) => !list.querySelector(`[data-notification-id="${CSS.escape(n.notification_id)}"]`))
        .map(notificationItem));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      setUnread(page.unread_count); // the server's count as of this page
      if (!list.children.length) fill(status, h("p", { class: "empty" }, t(unreadOnly ? "inbox.noUnread" : "inbox.empty")));
    } catch (error) {
      if (error.status !== 401) fill(status, problemBox(error, () => { fill(status, loading()); load(); }));
    }
  };
  more.addEventListener("click", () => busy(more, load));
  readAll.addEventListener("click", () => busy(readAll, async () => {
    try {
      const reply = await api("POST", "/notifications/read-all");
      setUnread(reply.unread_count);
      list.querySelectorAll(".unread").forEach((el) => { el.classList.remove("unread"); el.querySelector(".unread-dot")?.remove(); });
    } catch (error) {
      fill(status, problemBox(error));
    }
  }));
  const onNotification = (e) => {
    const n = e.detail.notification;
    list.querySelector(`[data-notification-id="${CSS.escape(n.notification_id)}"]`)?.remove();
    list.prepend(notificationItem(n));
    status.querySelector(".empty")?.remove();
  };
  bus.addEventListener("notification", onNotification);

  add(view, 
    pageHeader(t("nav.notifications"), h("div", { class: "row wrap" }, readAll,
      h("a", { href: path("/notifications", { unread: unreadOnly ? "" : "1" }), class: "btn btn-quiet" }, t(unreadOnly ? "inbox.showAll" : "inbox.showUnread")),
      h("a", { href: "/settings/notifications", class: "btn btn-quiet" }, t("nav.settings")))),
    list, status, more);
  load();
  return () => bus.removeEventListener("notification", onNotification);
}
