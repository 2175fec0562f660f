// The page's words in the person's language. English is complete and is the fallback for a key a
// translation lacks, so a missing word shows in English rather than as its key.
// A value may be {"one": …, "other": …}: t() picks the plural form with Intl.PluralRules.

export const LANGUAGES = ["en", "da", "nb", "sv", "nl"];
// Norwegian arrives as nb, nn or plain no and is shown in Bokmål (as the gateway does too).
const ALIASES = { no: "nb", nn: "nb" };

let lang = "en";
let strings = {};
let english = {};

/** The supported language of a locale tag ("da-DK", "sv_SE", "nn"), or "" when none fits. */
export function languageOf(tag) {
  const primary = String(tag || "").trim().toLowerCase().replace("_", "-").split("-")[0];
  const mapped = ALIASES[primary] || primary;
  return LANGUAGES.includes(mapped) ? mapped : "";
}

/** The profile's locale first, then what the browser asks for, then English. */
export function chooseLanguage(profileLocale) {
  const fromProfile = languageOf(profileLocale);
  if (fromProfile) return fromProfile;
  for (const tag of navigator.languages || [navigator.language]) {
    const found = languageOf(tag);
    if (found) return found;
  }
  return "en";
}

async function fetchStrings(language) {
  const response = await fetch(`/static/i18n/${language}.json`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`no strings for ${language}`);
  return response.json();
}

export async function setLanguage(language) {
  english = Object.keys(english).length ? english : await fetchStrings("en");
  try {
    strings = language === "en" ? english : await fetchStrings(language);
    lang = language;
  } catch {
    strings = english;
    lang = "en";
  }
  document.documentElement.lang = lang;
}

export function language() {
  return lang;
}

/** t("feed.newPosts", {count: 3}) → "3 new posts"; {name} placeholders are filled from params. */
export function t(key, params = {}) {
  let value = strings[key] ?? english[key] ?? key;
  if (value && typeof value === "object") {
    const form = new Intl.PluralRules(lang).select(Number(params.count ?? 0));
    value = value[form] ?? value.other ?? key;
  }
  return String(value).replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? (name === "count" ? number(params[name]) : String(params[name])) : whole);
}

export function number(n) {
  return new Intl.NumberFormat(lang).format(Number(n) || 0);
}

/** "5 minutes ago" in the person's language; older than a week: the date. */
export function relativeTime(iso) {
  const then = new Date(iso);
  if (!iso || Number.isNaN(then.getTime())) return "";
  const seconds = Math.round((then.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), "day");
  return dateTime(iso, { dateStyle: "medium" });
}

export function dateTime(iso, options = { dateStyle: "medium", timeStyle: "short" }) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : new Intl.DateTimeFormat(lang, options).format(d);
}
