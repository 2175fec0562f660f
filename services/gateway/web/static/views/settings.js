// Settings: what notifies the person and how (one-click presets first, then each category on each
// channel, the digest, group posts, quiet hours), the page's language, and privacy (leaderboards,
// expert suggestions). Every change is saved at once and said so in a status line.

import { h, add, fill } from "../dom.js";
import { api, get } from "../api.js";
import { t, LANGUAGES, languageOf } from "../i18n.js";
import { session, myId } from "../state.js";
import { pageHeader, section, problemBox, busy, enumWord } from "./common.js";

export const title = () => t("nav.settings");

const LANGUAGE_NAMES = { en: "English", da: "Dansk", nb: "Norsk (bokmål)", sv: "Svenska", nl: "Nederlands" };

function saver(status) {
  return async (control, change) => {
    fill(status);
    try {
      const result = await busy(control, change);
      fill(status, h("p", { class: "ok" }, `✓ ${t("settings.saved")}`));
      return result;
    } catch (error) {
      fill(status, problemBox(error));
      return null;
    }
  };
}

function preferences(prefs, redraw, save) {
  const patch = (control, body) => save(control, async () => redraw(await api("PATCH", "/notifications/preferences", { body })));
  const presets = h("section", { class: "card", "aria-labelledby": "presets-h" },
    h("h2", { id: "presets-h" }, t("settings.presets")), h("p", { class: "hint" }, t("settings.presetsHint")),
    h("div", { class: "presets" }, prefs.presets.map((p) => h("button", { type: "button", class: "preset", testid: `preset-${p}`,
      "aria-pressed": String(prefs.preset === p),
      onclick: (e) => save(e.currentTarget, async () =>
        redraw(await api("POST", "/notifications/preferences/preset", { body: { preset: p } }))) },
    h("strong", {}, t(`preset.${p}`)), h("span", { class: "muted small block" }, t(`preset.${p}.hint`))))));

  const rows = prefs.categories.map((c) => {
    const inApp = h("input", { type: "checkbox", id: `app-${c.category}`, checked: c.in_app });
    const email = h("input", { type: "checkbox", id: `mail-${c.category}`, checked: c.email });
    const change = (control) => patch(control, { channels: [{ category: c.category, in_app: inApp.checked, email: email.checked }] });
    inApp.addEventListener("change", () => change(inApp));
    email.addEventListener("change", () => change(email));
    return h("tr", {},
      h("th", { scope: "row" }, t(`category.${c.category}`), h("span", { class: "muted small block" }, t(`category.${c.category}.hint`)),
        c.overridden ? h("button", { type: "button", class: "link-button small", onclick: (e) => patch(e.currentTarget, { reset_categories: [c.category] }) },
          t("settings.reset")) : null),
      h("td", { class: "check-cell" }, inApp, h("label", { for: inApp.id, class: "sr-only" }, `${t(`category.${c.category}`)}: ${t("settings.inApp")}`)),
      h("td", { class: "check-cell" }, email, h("label", { for: email.id, class: "sr-only" },
        `${t(`category.${c.category}`)}: ${c.immediate_email ? t("settings.email") : t("settings.digestOnly")}`)));
  });
  const categories = h("section", { class: "card", "aria-labelledby": "categories-h" },
    h("h2", { id: "categories-h" }, t("settings.categories")),
    h("table", { class: "prefs" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, h("span", { class: "sr-only" }, t("settings.what"))),
      h("th", { scope: "col" }, t("settings.inApp")), h("th", { scope: "col" }, t("settings.email")))), h("tbody", {}, rows)),
    h("p", { class: "hint" }, t("settings.emailHint")));

  const select = (id, label, prefix, values, current, field) => {
    const control = h("select", { id, class: "input" }, values.map((v) =>
      h("option", { value: `${prefix}${v.toUpperCase()}`, selected: enumWord(current, prefix) === v }, t(`${field}.${v}`))));
    control.addEventListener("change", () => patch(control, { [field === "digest" ? "digest" : "group_default"]: control.value }));
    return h("div", { class: "field" }, h("label", { for: id }, label), control);
  };
  const start = h("input", { type: "time", id: "quiet-start", class: "input", value: prefs.quiet_hours ? prefs.quiet_hours.start : "" });
  const end = h("input", { type: "time", id: "quiet-end", class: "input", value: prefs.quiet_hours ? prefs.quiet_hours.end : "" });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const saveQuiet = h("button", { type: "button", class: "btn", onclick: (e) => {
    if (start.value && end.value) patch(e.currentTarget, { quiet_hours: { start: start.value, end: end.value, time_zone: zone } });
  } }, t("action.save"));
  const clearQuiet = h("button", { type: "button", class: "btn btn-quiet", onclick: (e) => patch(e.currentTarget, { clear_quiet_hours: true }) },
    t("settings.quietOff"));
  const more = h("section", { class: "card", "aria-labelledby": "more-h" }, h("h2", { id: "more-h" }, t("settings.more")),
    select("digest", t("settings.digest"), "DIGEST_FREQUENCY_", ["daily", "weekly", "off"], prefs.digest, "digest"),
    select("group-level", t("settings.groupLevel"), "NOTIFICATION_LEVEL_", ["all", "highlights", "muted"], prefs.group_default, "level"),
    h("fieldset", { class: "field" }, h("legend", {}, t("settings.quiet")),
      h("p", { class: "hint" }, t("settings.quietHint", { zone })),
      h("div", { class: "row wrap" }, h("label", { for: start.id }, t("settings.from")), start, h("label", { for: end.id }, t("settings.to")), end),
      h("div", { class: "row wrap" }, saveQuiet, prefs.quiet_hours ? clearQuiet : null)));
  return [presets, categories, more];
}

function language(save) {
  const current = languageOf(session.me?.profile?.locale) || "";
  const control = h("select", { id: "language", class: "input" }, h("option", { value: "" }, t("settings.browserLanguage")),
    LANGUAGES.map((l) => h("option", { value: l, selected: l === current, lang: l }, LANGUAGE_NAMES[l])));
  control.addEventListener("change", () => save(control, async () => {
    const me = await get("/me");
    await api("PUT", `/people/${encodeURIComponent(me.user_id)}/profile`,
      { body: { profile: { ...me.profile, locale: control.value }, expected_version: me.version } });
    location.reload(); // every word on the page changes: start it again in the new language
  }));
  return h("section", { class: "card", "aria-labelledby": "language-h" }, h("h2", { id: "language-h" }, t("settings.language")),
    h("div", { class: "field" }, h("label", { for: "language" }, t("settings.languageLabel")), control));
}

function privacy(save) {
  const board = h("div");
  const experts = h("div");
  const toggle = (id, label, hidden, put) => {
    const box = h("input", { type: "checkbox", id, checked: hidden });
    box.addEventListener("change", () => save(box, () => put(box.checked)));
    return h("div", { class: "field check" }, box, h("label", { for: id }, label));
  };
  section(board, () => get(`/people/${encodeURIComponent(myId())}/recognition`), (r) => toggle("hide-board", t("settings.hideBoard"),
    r.hidden, (hidden) => api("PUT", "/me/recognition-visibility", { body: { hidden } })));
  section(experts, () => get("/me/expertise-visibility"), (v) => toggle("hide-expert", t("settings.hideExpert"),
    v.hidden, (hidden) => api("PUT", "/me/expertise-visibility", { body: { hidden } })));
  return h("section", { class: "card", id: "privacy", "aria-labelledby": "privacy-h" },
    h("h2", { id: "privacy-h" }, t("settings.privacy")), board, experts);
}

export function render(view) {
  const status = h("div", { class: "save-status", role: "status" });
  const save = saver(status);
  const prefsBox = h("div");
  const redraw = (prefs) => {
    const focused = document.activeElement && prefsBox.contains(document.activeElement) ? document.activeElement.id
      || document.activeElement.dataset.testid : "";
    fill(prefsBox, ...preferences(prefs, redraw, save));
    if (focused) (prefsBox.querySelector(`#${CSS.escape(focused)}`) || prefsBox.querySelector(`[data-testid="${CSS.escape(focused)}"]`))?.focus();
  };
  add(view, pageHeader(t("nav.settings")), status, prefsBox, language(save), privacy(save));
  section(prefsBox, () => get("/notifications/preferences"), (prefs) => { redraw(prefs); return null; });
}
