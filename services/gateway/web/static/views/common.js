// Pieces more than one view uses: error boxes, the loading line, people's avatars and names, times.

import { h, add, fill } from "../dom.js";
import { t, relativeTime, dateTime } from "../i18n.js";

/** A problem, written for the person: a 503 names the part that is down; the rest keeps working. */
export function problemText(error) {
  if (!error) return t("error.generic");
  if (error.code === "network" || error.status === 0) return t("error.network");
  if (error.status === 503) return t("error.unavailable", { part: t(`service.${error.service || "unknown"}`) });
  if (error.status === 429) return t("error.rateLimited");
  if (error.status === 404) return t("error.notFound");
  if (error.status === 403 && error.code === "permission_denied") return error.message || t("error.denied");
  if (error.status >= 500) return t("error.generic");
  return error.message || t("error.generic");
}

export function problemBox(error, retry) {
  const box = h("div", { class: ["problem", error && error.status === 503 ? "problem-unavailable" : ""],
    role: "alert" }, h("p", {}, problemText(error)));
  if (retry) add(box, h("button", { type: "button", class: "btn", onclick: retry }, t("action.retry")));
  return box;
}

export function loading() {
  return h("p", { class: "loading", role: "status" }, t("state.loading"));
}

/**
 * Fills `target` with what `load()` gives, through `show(data)`; on failure an error box with a retry
 * button takes the section's place, and only that section's.
 */
export async function section(target, load, show) {
  fill(target, loading());
  try {
    const data = await load();
    fill(target);
    const shown = show(data);
    if (shown) add(target, ...[shown].flat().filter(Boolean));
  } catch (error) {
    if (error && error.status === 401) return;
    fill(target, problemBox(error, () => section(target, load, show)));
  }
}

/** A form's problem: shown at the form, its field marked and focused when the API names it. */
export function showFormProblem(form, error) {
  let box = form.querySelector(":scope > .problem");
  if (!box) {
    box = h("div", { class: "problem", role: "alert" });
    add(form, box);
  }
  fill(box, h("p", {}, problemText(error)));
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  const field = error && error.field ? form.querySelector(`[name="${CSS.escape(error.field)}"]`) : null;
  if (field) {
    field.setAttribute("aria-invalid", "true");
    field.focus();
  }
}

export function clearFormProblem(form) {
  const box = form.querySelector(":scope > .problem");
  if (box) box.remove();
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
}

/** Disables a button while its action runs, so a double click does not send twice. */
export async function busy(button, action) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

function hash(text) {
  let n = 0;
  for (const ch of String(text)) n = (n * 31 + ch.codePointAt(0)) >>> 0;
  return n;
}

export function initials(name) {
  const parts = String(name || "?").trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => Array.from(p)[0] || "").join("").toUpperCase() || "?";
}

/** A round avatar with the person's initials; its colour comes from their id (a class, not a style). */
export function avatar(userId, name, size = "") {
  return h("span", { class: ["avatar", `avatar-c${hash(userId) % 8}`, size ? `avatar-${size}` : ""],
    "aria-hidden": "true" }, initials(name));
}

export function personLink(userId, name, active = true) {
  const label = name || t("person.unknown");
  if (!userId) return h("span", {}, label);
  return h("a", { href: `/people/${encodeURIComponent(userId)}`, class: "person" }, label,
    active === false ? h("span", { class: "muted" }, ` (${t("person.deactivated")})`) : null);
}

export function timeEl(iso) {
  if (!iso) return null;
  return h("time", { datetime: iso, title: dateTime(iso) }, relativeTime(iso));
}

export function pageHeader(title, ...extra) {
  return h("div", { class: "page-header" }, h("h1", { tabindex: "-1" }, title), ...extra);
}

/** The API's enum names without their prefix, lower-cased: POST_KIND_QUESTION → "question". */
export function enumWord(value, prefix) {
  return String(value || "").replace(prefix, "").toLowerCase();
}

/** A short-lived problem note next to the control whose action failed. */
export function flash(anchor, error) {
  const note = h("p", { class: "problem inline", role: "alert" }, problemText(error));
  anchor.after(note);
  setTimeout(() => note.remove(), 6000);
}

/** Runs a change from a button, then redraws; a failure is shown next to the button and changes nothing. */
export function act(button, change, redraw) {
  return busy(button, async () => {
    try {
      await change();
      await redraw();
    } catch (error) {
      flash(button, error);
    }
  });
}

/** Ctrl+Enter (Cmd+Enter on a Mac) in a text field sends its form, as in mail and chat programs. */
export function submitOnCtrlEnter(field, form) {
  field.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
}
