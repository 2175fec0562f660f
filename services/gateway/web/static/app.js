// Kantine's web page: who is signed in, the page's frame (skip link, header, navigation with the red
// bubble), and the client-side router that shows one view per path with history.pushState.
// Views live in views/*.js: render(view, {params, query, navigate, signOut}) fills `view` and may
// return a function that undoes what it started (live listeners).

import { h, icon, add, fill } from "./dom.js";
import { get, whenSignedOut, csrfToken } from "./api.js";
import { setLanguage, chooseLanguage, t } from "./i18n.js";
import { session, myId, isCommunityManager, isLeader } from "./state.js";
import * as live from "./live.js";
import { avatar, problemBox } from "./views/common.js";
import * as home from "./views/home.js";
import * as post from "./views/post.js";
import * as groups from "./views/groups.js";
import * as group from "./views/group.js";
import * as profile from "./views/profile.js";
import * as notifications from "./views/notifications.js";
import * as search from "./views/search.js";
import * as leaderboard from "./views/leaderboard.js";
import * as settings from "./views/settings.js";
import * as unsubscribe from "./views/unsubscribe.js";
import * as community from "./views/community.js";
import * as signin from "./views/signin.js";
import * as tag from "./views/tag.js";

// [path pattern, view, the live feed it watches]
const ROUTES = [
  [/^\/$/, home, () => "home"],
  [/^\/posts\/([^/]+)$/, post],
  [/^\/groups$/, groups],
  [/^\/groups\/([^/]+)$/, group, (params) => `group:${params[0]}`],
  [/^\/people\/([^/]+)$/, profile],
  [/^\/tags\/([^/]+)$/, tag],
  [/^\/notifications$/, notifications],
  [/^\/search$/, search],
  [/^\/leaderboard$/, leaderboard],
  [/^\/settings\/notifications$/, settings],
  [/^\/unsubscribe$/, unsubscribe],
  [/^\/community$/, community],
];
const PUBLIC = new Set(["/unsubscribe"]);

const app = document.getElementById("app");
let main = null;
let bubble = null;
let announcer = null;
let cleanup = null;
let shownPath = "";

function navLink(name, href, iconName, extra = null) {
  return h("li", { class: `nav-${name}` }, h("a", { href, testid: `nav-${name}`, class: "nav-link" },
    h("span", { class: "nav-icon" }, icon(iconName), extra), h("span", { class: "nav-label" }, t(`nav.${name}`))));
}

function shell() {
  // the number is for the eye; the hidden label next to it says "3 unread" to a screen reader
  bubble = h("span", { class: "bubble", testid: "bubble", hidden: true, "aria-hidden": "true" }, "0");
  announcer = h("div", { class: "sr-only", role: "status", "aria-live": "polite" });
  main = h("main", { id: "main", tabindex: "-1" });
  const me = session.me;
  const skip = h("a", { href: "#main", class: "skip-link", onclick: (e) => { e.preventDefault(); focusMain(); } }, t("nav.skip"));
  fill(app, skip,
    h("header", { class: "topbar" },
      h("a", { href: "/", class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "K"), "Kantine"),
      h("a", { href: `/people/${encodeURIComponent(myId())}`, class: "me-link", testid: "nav-profile",
        "aria-label": t("nav.profileOf", { name: me.profile.display_name }) }, avatar(me.user_id, me.profile.display_name))),
    h("nav", { class: "mainnav", "aria-label": t("nav.main") }, h("ul", {},
      navLink("home", "/", "home"),
      navLink("groups", "/groups", "groups"),
      navLink("search", "/search", "search"),
      navLink("notifications", "/notifications", "bell", [bubble, h("span", { class: "sr-only bubble-label" })]),
      navLink("leaderboard", "/leaderboard", "trophy"),
      navLink("settings", "/settings/notifications", "settings"),
      isCommunityManager() || isLeader() ? navLink("community", "/community", "chart") : null,
      h("li", { class: "nav-signout" }, h("button", { type: "button", class: "nav-link", testid: "nav-signout", onclick: signOut },
        h("span", { class: "nav-icon" }, icon("logout")), h("span", { class: "nav-label" }, t("nav.signOut")))))),
    main, announcer);
}

function focusMain() {
  const heading = main.querySelector("h1");
  (heading || main).focus();
}

// notify is away: the bubble's number may be stale, and the link says so until a count arrives again
function showUnavailable() {
  const link = app.querySelector("[data-testid=nav-notifications]");
  if (!link || !bubble) return;
  link.classList.add("unavailable");
  link.title = t("error.unavailable", { part: t("service.notify") });
  bubble.nextElementSibling.textContent = link.title;
}

function showUnread(count) {
  const link = app.querySelector("[data-testid=nav-notifications]");
  if (link) {
    link.classList.remove("unavailable");
    link.removeAttribute("title");
  }
  const previous = session.unread;
  session.unread = count;
  if (!bubble) return;
  bubble.textContent = count > 99 ? "99+" : String(count);
  bubble.hidden = count === 0;
  bubble.nextElementSibling.textContent = count ? t("bubble.label", { count }) : "";
  if (count > previous) announcer.textContent = t("bubble.announce", { count });
  titleCount();
}

// The count in the tab's title too, so a page in a background tab shows it.
function titleCount() {
  const count = session.unread;
  document.title = document.title.replace(/^\(\d+\+?\) /, "");
  if (count) document.title = `(${count > 99 ? "99+" : count}) ${document.title}`;
}

export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  route({ moveFocus: true });
}

// `everywhere`: every session of the person (their other browsers and phones) ends too
async function signOut({ everywhere = false } = {}) {
  try {
    const url = everywhere === true ? "/auth/logout-everywhere" : "/auth/logout";
    await fetch(url, { method: "POST", headers: { "X-CSRF-Token": csrfToken() }, credentials: "same-origin" });
  } finally {
    live.stop();
    location.assign("/");
  }
}

function markCurrent(pathname) {
  for (const link of app.querySelectorAll(".mainnav a")) {
    const href = link.getAttribute("href");
    const here = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
    if (here) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function route({ moveFocus = false } = {}) {
  const { pathname, search } = location;
  shownPath = pathname + search;
  if (cleanup) cleanup();
  cleanup = null;
  const match = ROUTES.map(([re, view, feed]) => [re.exec(pathname), view, feed]).find(([m]) => m);
  const view = h("div", { class: "view" });
  fill(main, view);
  if (!match) {
    add(view, h("h1", { tabindex: "-1" }, t("error.notFound")), h("p", {}, h("a", { href: "/" }, t("nav.home"))));
    return;
  }
  const [m, module, feed] = match;
  const params = m.slice(1).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part; // a malformed %-escape: the API will answer "not found"
    }
  });
  document.title = `${module.title()} · Kantine`;
  // a feed's list opens the stream itself once its first page is shown, passing that page's newest time
  if (session.me && !feed) live.watch("home");
  markCurrent(pathname);
  const result = module.render(view, { params, query: new URLSearchParams(search), navigate, signOut });
  cleanup = typeof result === "function" ? result : null;
  titleCount();
  if (moveFocus) {
    window.scrollTo(0, 0);
    focusMain();
  }
}

// Links inside the page change the view without loading the page again.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const link = e.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download") || !main) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || /^\/(auth|api|static)\//.test(url.pathname)) return;
  if (url.pathname + url.search === location.pathname + location.search && url.hash) return; // an anchor here
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

window.addEventListener("popstate", () => {
  if (location.pathname + location.search !== shownPath) route({ moveFocus: true });
});

let signingIn = false;
function showSignIn({ ended = false } = {}) {
  if (signingIn) return;
  signingIn = true;
  live.stop();
  if (cleanup) cleanup();
  bubble = null;
  main = null;
  const view = h("main", { id: "main", class: "signin-page" });
  fill(app, view);
  document.title = `${t("signin.title")} · Kantine`;
  signin.render(view, { ended });
}

function showPublic() {
  main = h("main", { id: "main", tabindex: "-1", class: "public-page" });
  fill(app, h("header", { class: "topbar" }, h("a", { href: "/", class: "brand" },
    h("span", { class: "brand-mark", "aria-hidden": "true" }, "K"), "Kantine")), main);
  route();
}

async function boot() {
  whenSignedOut(showSignIn);
  let me = null;
  let failure = null;
  try {
    me = await get("/me", {}, { quiet401: true });
  } catch (error) {
    failure = error;
  }
  await setLanguage(chooseLanguage(me && me.profile.locale));
  if (PUBLIC.has(location.pathname)) {
    showPublic();
    return;
  }
  if (failure && failure.status === 401) {
    showSignIn();
    return;
  }
  if (!me) {
    const view = h("main", { id: "main", class: "signin-page" }, h("h1", {}, "Kantine"), problemBox(failure, () => location.reload()));
    fill(app, view);
    return;
  }
  session.me = me;
  shell();
  live.bus.addEventListener("unread", (e) => showUnread(e.detail.count));
  live.bus.addEventListener("notification", (e) => showUnread(e.detail.count));
  live.bus.addEventListener("unavailable", showUnavailable);
  // signed out elsewhere, or deactivated: this page shows nothing more until its person signs in again
  live.bus.addEventListener("ended", (e) => { if (e.detail.reason === "signed_out") showSignIn({ ended: true }); });
  route();
}

boot();
