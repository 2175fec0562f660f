// One post as a card: who, where and when, its text, praise, poll, must-read, reactions and a link to
// its comments. The card redraws itself from GET /posts/{id} after a change, keeping keyboard focus
// on the control that was used.

import { h, path, add } from "../dom.js";
import { api, get } from "../api.js";
import { t, number } from "../i18n.js";
import { myId } from "../state.js";
import { personName } from "../people.js";
import { avatar, personLink, timeEl, enumWord, busy, flash, act as actThenRedraw } from "./common.js";
import { richText } from "./text.js";

export const REACTIONS = [["like", "👍"], ["celebrate", "🎉"], ["support", "🤝"], ["insightful", "💡"], ["love", "❤️"]];
const EMOJI = Object.fromEntries(REACTIONS);

export function kindWord(kind) {
  return enumWord(kind, "POST_KIND_") || "discussion";
}

/** Replaces `old` with `fresh`, then focuses the control with the same data-focus as the one in use. */
export function swapKeepingFocus(old, fresh) {
  const active = document.activeElement;
  const key = active && old.contains(active) ? active.dataset.focus : "";
  old.replaceWith(fresh);
  if (key) {
    const again = fresh.querySelector(`[data-focus="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

/** A short message next to the control that failed (the card stays as it is). */
/**
 * The reactions of a post or comment: the counts, and a React button opening the five choices.
 * `onSet(reaction, button)` gets the chosen kind, or "" to remove the person's reaction.
 */
export function reactionBar(reactions, viewerReaction, onSet, focusPrefix) {
  const counts = (reactions || []).filter((r) => Number(r.count) > 0);
  const summary = counts.length
    ? h("span", { class: "reaction-counts" }, counts.map((r) =>
      h("span", { class: "reaction-count", title: t(`reaction.${r.reaction}`) },
        h("span", { "aria-hidden": "true" }, EMOJI[r.reaction] || "•"),
        h("span", { class: "sr-only" }, t(`reaction.${r.reaction}`)), ` ${number(r.count)}`)))
    : null;
  const choices = h("div", { class: "reaction-choices", role: "group", "aria-label": t("reaction.choose"), hidden: true },
    REACTIONS.map(([kind, emoji]) => h("button", {
      type: "button", class: "reaction-choice", "aria-pressed": String(viewerReaction === kind),
      title: t(`reaction.${kind}`), dataset: { focus: `${focusPrefix}react` }, // focus returns to the toggle
      onclick: (e) => onSet(viewerReaction === kind ? "" : kind, e.currentTarget),
    }, h("span", { "aria-hidden": "true" }, emoji), h("span", { class: "sr-only" }, t(`reaction.${kind}`)))));
  const toggle = h("button", {
    type: "button", class: ["btn", "btn-quiet", viewerReaction ? "reacted" : ""], "aria-expanded": "false",
    dataset: { focus: `${focusPrefix}react` }, testid: "react",
    onclick: () => {
      const open = choices.hidden;
      choices.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) choices.querySelector("button").focus();
    },
  }, viewerReaction ? h("span", { "aria-hidden": "true" }, `${EMOJI[viewerReaction] || ""} `) : null,
  viewerReaction ? t(`reaction.${viewerReaction}`) : t("reaction.react"));
  choices.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      choices.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
  return h("div", { class: "reactions" }, toggle, summary, choices);
}

function praiseLine(post) {
  if (!post.praised_user_ids.length && !post.company_value) return null;
  const people = h("span", { class: "praised" });
  post.praised_user_ids.forEach((id, i) => {
    const link = h("a", { href: `/people/${encodeURIComponent(id)}`, class: "person" }, "…");
    personName(id).then((name) => { link.textContent = name || t("person.unknown"); });
    if (i) add(people, ", ");
    add(people, link);
  });
  return h("p", { class: "praise-line" }, h("span", { "aria-hidden": "true" }, "🌟 "),
    post.praised_user_ids.length ? [t("post.praised"), " ", people] : null,
    post.company_value ? h("span", { class: "chip value-chip" }, post.company_value) : null);
}

function pollBlock(post, act) {
  const total = post.poll.reduce((sum, o) => sum + Number(o.votes), 0);
  return h("fieldset", { class: "poll" },
    h("legend", {}, t("poll.legend"), h("span", { class: "muted" }, ` · ${t("poll.votes", { count: total })}`)),
    post.poll.map((option, i) => h("button", {
      type: "button", class: "poll-option", "aria-pressed": String(post.viewer_vote === i),
      dataset: { focus: `vote-${i}` },
      onclick: (e) => act(e.currentTarget, () => api("POST", `/posts/${post.post_id}/vote`, { body: { option: i } })),
    }, h("span", { class: "poll-text" }, option.text),
    h("span", { class: "poll-count" }, number(option.votes)),
    h("progress", { max: String(Math.max(total, 1)), value: String(Number(option.votes)), "aria-hidden": "true" }))));
}

function mustRead(post, act, full) {
  if (!post.must_read) return null;
  const mine = post.author_id === myId();
  const block = h("div", { class: "must-read" }, h("strong", {}, t("post.mustRead")), " ");
  if (post.viewer_read) add(block, h("span", { class: "ok" }, `✓ ${t("post.youRead")}`));
  else if (!mine) {
    add(block, h("button", { type: "button", class: "btn btn-small", dataset: { focus: "read" },
      onclick: (e) => act(e.currentTarget, () => api("POST", `/posts/${post.post_id}/read`)) }, t("post.confirmRead")));
  }
  if (full && mine) {
    const receipts = h("span", { class: "muted" });
    get(`/posts/${post.post_id}/readers`).then((r) => {
      receipts.textContent = t("post.readBy", { count: r.read_by.length, audience: number(r.audience) });
    }).catch(() => {});
    add(block, receipts);
  }
  return block;
}

function ownerTools(post, card, opts, act) {
  if (post.author_id !== myId()) return null;
  const edit = h("button", { type: "button", class: "btn btn-quiet", dataset: { focus: "edit" } }, t("action.edit"));
  edit.addEventListener("click", () => {
    const body = card.querySelector(".post-body");
    const field = h("textarea", { name: "body", rows: "4", class: "input", "aria-label": t("post.editLabel") });
    field.value = post.body;
    const form = h("form", { class: "edit-form" }, field,
      h("div", { class: "row" }, h("button", { type: "submit", class: "btn btn-primary" }, t("action.save")),
        h("button", { type: "button", class: "btn", onclick: () => opts.redraw() }, t("action.cancel"))));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      act(form.querySelector("[type=submit]"), () => api("PATCH", `/posts/${post.post_id}`,
        { body: { body: field.value, expected_version: post.version } }));
    });
    body.replaceWith(form);
    field.focus();
  });
  const remove = h("button", { type: "button", class: "btn btn-quiet danger", onclick: async (e) => {
    if (!window.confirm(t("post.confirmDelete"))) return;
    await busy(e.currentTarget, async () => {
      try {
        await api("DELETE", `/posts/${post.post_id}`);
        if (opts.onDeleted) opts.onDeleted(post);
        else card.remove();
      } catch (error) {
        flash(e.target, error);
      }
    });
  } }, t("action.delete"));
  return h("div", { class: "owner-tools" }, edit, remove);
}

/**
 * postCard(post, {full, canPin, onDeleted, onRedraw}): the card of a PostView. In a list (full = false)
 * it links to the post's page; on that page (full = true) the caller shows the comments under it.
 * `canPin`: the viewer administers the post's group, so may pin it to the top.
 */
export function postCard(post, opts = {}) {
  const kind = kindWord(post.kind);
  const titleId = `post-${post.post_id}-title`;
  const card = h("article", {
    class: ["card", "post", `post-${kind}`, post.is_new ? "is-new" : ""], testid: "post",
    dataset: { postId: post.post_id }, "aria-labelledby": titleId,
  });
  const redraw = async () => {
    const fresh = await get(`/posts/${post.post_id}`);
    if (opts.onRedraw) opts.onRedraw(fresh);
    else swapKeepingFocus(card, postCard(fresh, opts));
  };
  opts = { ...opts, redraw: () => redraw().catch(() => {}) };
  const act = (button, change) => actThenRedraw(button, change, redraw);
  const answered = kind === "question" && post.accepted_comment_id;
  const head = h("header", { class: "post-head" },
    avatar(post.author_id, post.author_name),
    h("div", { class: "post-meta" },
      h("div", { id: titleId, class: "post-who" }, personLink(post.author_id, post.author_name, post.author_active),
        post.group_id ? [h("span", { class: "muted" }, ` ${t("post.in")} `),
          h("a", { href: `/groups/${encodeURIComponent(post.group_id)}`, class: "group-link" }, post.group_name)] : null),
      h("div", { class: "post-sub" },
        h("a", { href: `/posts/${encodeURIComponent(post.post_id)}`, class: "muted permalink" }, timeEl(post.created_at)),
        h("span", { class: ["chip", `kind-${kind}`] }, t(`kind.${kind}`)),
        post.pinned ? h("span", { class: "chip" }, t("post.pinned")) : null,
        post.is_new ? h("span", { class: "chip chip-new" }, t("post.new")) : null,
        post.edited_at ? h("span", { class: "muted" }, t("post.edited")) : null,
        answered ? h("span", { class: "chip chip-answered", testid: "answered" }, `✓ ${t("post.answered")}`) : null)));
  const commentsLabel = kind === "question"
    ? t("post.answers", { count: Number(post.comment_count) })
    : t("post.comments", { count: Number(post.comment_count) });
  add(card, head,
    kind === "praise" ? praiseLine(post) : null,
    h("div", { class: "post-body" }, richText(post.body)),
    kind === "poll" && post.poll.length ? pollBlock(post, act) : null,
    mustRead(post, act, opts.full),
    h("footer", { class: "post-actions" },
      reactionBar(post.reactions, post.viewer_reaction, (reaction, button) => act(button, () =>
        reaction ? api("PUT", `/posts/${post.post_id}/reaction`, { body: { reaction } })
          : api("DELETE", `/posts/${post.post_id}/reaction`)), ""),
      opts.full ? null : h("a", { href: path(`/posts/${encodeURIComponent(post.post_id)}`), class: "btn btn-quiet",
        dataset: { focus: "comments" } }, commentsLabel),
      opts.canPin ? h("button", { type: "button", class: "btn btn-quiet", dataset: { focus: "pin" },
        onclick: (e) => act(e.currentTarget, () => api("POST", `/posts/${post.post_id}/${post.pinned ? "unpin" : "pin"}`)) },
      t(post.pinned ? "post.unpin" : "post.pin")) : null,
      opts.full ? ownerTools(post, card, opts, act) : null));
  return card;
}
