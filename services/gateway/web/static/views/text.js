// A post's or comment's text as nodes: #tags and @mentions become links, web addresses become links
// (http and https only), and everything else stays text. Line breaks are kept by CSS (pre-wrap).

import { h, safeUrl } from "../dom.js";

// The same rules as kantine/markup.py: a mention is written as @[Display Name](user id).
const MENTION = String.raw`@\[([^\]\n]{1,200})\]\(([0-9a-fA-F-]{36})\)`;
const TAG = String.raw`(?<![\p{L}\p{N}\p{M}_#])#([\p{L}\p{N}\p{M}][\p{L}\p{N}\p{M}_-]{0,63})(?![\p{L}\p{N}\p{M}_-])`;
const URL_RE = String.raw`\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]`;
const TOKENS = new RegExp(`${MENTION}|${TAG}|${URL_RE}`, "gu");
const MENTIONS = new RegExp(MENTION, "gu");

export function richText(text) {
  const nodes = [];
  let last = 0;
  for (const match of String(text || "").matchAll(TOKENS)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const [whole, name, userId, tag] = match;
    if (userId) {
      nodes.push(h("a", { href: `/people/${encodeURIComponent(userId)}`, class: "mention" }, `@${name}`));
    } else if (tag) {
      nodes.push(h("a", { href: `/tags/${encodeURIComponent(tag.toLowerCase())}`, class: "hashtag" }, `#${tag}`));
    } else {
      const href = safeUrl(whole);
      nodes.push(href ? h("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, whole) : whole);
    }
    last = match.index + whole.length;
  }
  if (last < String(text || "").length) nodes.push(text.slice(last));
  return nodes;
}

/** The text with mentions shown as "@Name" (for snippets that are not linked). */
export function plainText(text) {
  return String(text || "").replace(MENTIONS, (_, name) => `@${name}`);
}

/**
 * A snippet with its highlights in <mark>: ranges are [start, end) in Unicode code points, so the
 * text is split by code point (an emoji is one point but two JavaScript characters).
 */
export function highlighted(snippet, highlights) {
  const points = Array.from(String(snippet || ""));
  const ranges = (highlights || [])
    .map((r) => [Math.max(0, r.start | 0), Math.min(points.length, r.end | 0)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const nodes = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue; // overlapping ranges: the first one wins
    if (start > at) nodes.push(points.slice(at, start).join(""));
    nodes.push(h("mark", {}, points.slice(start, end).join("")));
    at = end;
  }
  if (at < points.length) nodes.push(points.slice(at).join(""));
  return nodes;
}
