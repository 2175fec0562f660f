// The sign-in screen, shown whenever the API answers 401: the company's sign-in, or the demo's list of
// people where it is switched on. Either returns to the page the person was on. `ended`: the session was
// ended while the page was open (signed out on another device, or by the company), which it says.

import { h, path, add } from "../dom.js";
import { t } from "../i18n.js";

export async function render(view, { ended = false } = {}) {
  let methods = { oidc: false, dev: false };
  try {
    const response = await fetch("/auth/methods", { headers: { Accept: "application/json" } });
    if (response.ok) methods = await response.json();
  } catch {
    // keep both off: the text below says sign-in is not available
  }
  const next = location.pathname + location.search;
  const links = [];
  if (methods.oidc) links.push(h("a", { href: path("/auth/login", { next }), class: "btn btn-primary", testid: "signin-oidc" }, t("signin.oidc")));
  if (methods.dev) links.push(h("a", { href: path("/auth/dev", { next }), class: ["btn", methods.oidc ? "" : "btn-primary"], testid: "signin-dev" }, t("signin.dev")));
  add(view, h("p", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "K"), "Kantine"),
    h("section", { class: "card signin", testid: "signin", "aria-labelledby": "signin-h" },
    h("h1", { id: "signin-h", tabindex: "-1" }, t("signin.title")),
    ended ? h("p", { class: "notice", role: "status", testid: "signin-ended" }, t("signin.ended")) : null,
    h("p", {}, t("signin.text")),
    links.length ? h("div", { class: "stack" }, links) : h("p", { class: "problem" }, t("signin.none"))));
}
