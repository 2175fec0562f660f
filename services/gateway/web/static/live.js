// Live updates from GET /api/v1/live (Server-Sent Events): the unread count, new notifications, and
// new posts in the feed being viewed. EventSource reconnects by itself after a network error and sends
// Last-Event-ID; the first `unread` after a (re)connect is the true count, so it simply replaces ours.
// When the stream cannot be opened at all (an HTTP error closes an EventSource for good), the count is
// polled instead and the stream is tried again later. An `ended` message is the server's last word (the
// session was ended, or the group may not be read): the stream is closed and not reopened.

import { get } from "./api.js";

// "unread" {count}, "notification" {notification, count}, "posts" {feed, ids}, "unavailable" {service},
// "ended" {reason: "signed_out" | "not_readable"}
export const bus = new EventTarget();

let source = null;
let feed = "home";
let pollTimer = 0;
let retryTimer = 0;
let retryDelay = 15000;
const POLL_MS = 30000;

function emit(type, detail) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}

function parse(event) {
  try {
    return JSON.parse(event.data);
  } catch {
    return null;
  }
}

function open(since = "") {
  clearTimeout(retryTimer);
  if (source) source.close();
  const query = new URLSearchParams({ feed });
  if (since) query.set("since", since);
  source = new EventSource(`/api/v1/live?${query}`);
  const mine = source;
  source.addEventListener("open", () => {
    retryDelay = 15000;
    stopPolling();
  });
  source.addEventListener("unread", (e) => {
    const data = parse(e);
    if (data) emit("unread", { count: Number(data.unread_count) || 0 });
  });
  source.addEventListener("notification", (e) => {
    const data = parse(e);
    if (data && data.notification) {
      emit("notification", { notification: data.notification, count: Number(data.unread_count) || 0 });
    }
  });
  source.addEventListener("posts", (e) => {
    const data = parse(e);
    if (data && Array.isArray(data.post_ids)) emit("posts", { feed: data.feed, ids: data.post_ids });
  });
  source.addEventListener("unavailable", (e) => {
    const data = parse(e);
    emit("unavailable", { service: (data && data.service) || "notify" });
  });
  source.addEventListener("ended", (e) => {
    const data = parse(e);
    stop();
    emit("ended", { reason: (data && data.reason) || "signed_out" });
  });
  source.addEventListener("error", () => {
    if (mine.readyState !== EventSource.CLOSED) return; // reconnecting on its own
    startPolling();
    retryTimer = setTimeout(open, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 300000);
  });
}

async function pollOnce() {
  try {
    const reply = await get("/notifications/unread-count");
    emit("unread", { count: Number(reply.unread_count) || 0 });
  } catch {
    // notify is down or we are signed out; the bubble keeps its last number
  }
}

function startPolling() {
  if (pollTimer) return;
  pollOnce();
  pollTimer = setInterval(pollOnce, POLL_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = 0;
}

/**
 * Start the stream for the feed being viewed ("home" or "group:<id>"); switching reconnects. `since` is
 * the time of the newest post the page shows, so that posts written between loading the page and opening
 * the stream are announced too (afterwards EventSource's Last-Event-ID carries it).
 */
export function watch(feedKey, since = "") {
  if (source && feedKey === feed && !since && source.readyState !== EventSource.CLOSED) return;
  feed = feedKey;
  open(since);
}

export function stop() {
  clearTimeout(retryTimer);
  stopPolling();
  if (source) source.close();
  source = null;
}

export function currentFeed() {
  return feed;
}

/** A count the page learnt itself (a reply to "mark read"): the bubble follows it at once. */
export function setUnread(count) {
  emit("unread", { count: Number(count) || 0 });
}
