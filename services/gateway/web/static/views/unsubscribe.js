// The one-click unsubscribe from an e-mail's link (no sign-in: the signed token is the proof). The
// person presses one button rather than the page acting on load, so a mail scanner that opens links
// does not unsubscribe anyone.

import { h, add, fill } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { pageHeader, problemBox, busy } from "./common.js";

export const title = () => t("unsubscribe.title");

export function render(view, { query }) {
  const token = query.get("token") || "";
  const result = h("div", { role: "status" });
  add(view, pageHeader(t("unsubscribe.title")), result);
  if (!token) {
    add(result, h("p", {}, t("unsubscribe.noToken")));
    return;
  }
  const button = h("button", { type: "button", class: "btn btn-primary", testid: "unsubscribe" }, t("unsubscribe.button"));
  button.addEventListener("click", () => busy(button, async () => {
    try {
      const reply = await api("POST", "/unsubscribe", { query: { token }, quiet401: true });
      const what = reply.category === "digest" ? t("settings.digest") : t(`category.${reply.category}`);
      fill(result, h("p", {}, t("unsubscribe.done", { what })),
        h("p", {}, h("a", { href: "/settings/notifications" }, t("unsubscribe.more"))));
    } catch (error) {
      result.querySelector(".problem")?.remove();
      add(result, problemBox(error));
    }
  }));
  add(result, h("p", {}, t("unsubscribe.explain")), button);
}
