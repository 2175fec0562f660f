// One post with its comments: reply to a comment (one level), react to comments, and, for the person
// who asked a question, accept the answer that solved it. The page redraws from GET /posts/{id} after
// each change, keeping focus where it was.

import { h, add } from "../dom.js";
import { api, get, newKey } from "../api.js";
import { t } from "../i18n.js";
import { myId } from "../state.js";
import { postCard, reactionBar, swapKeepingFocus, kindWord } from "./postcard.js";
import {
  avatar, personLink, timeEl, pageHeader, section, showFormProblem, clearFormProblem, busy, act as actThenRedraw,
  submitOnCtrlEnter,
} from "./common.js";
import { richText } from "./text.js";
import { attachMentions } from "./mentions.js";

export const title = () => t("post.title");

let formCounter = 0;

function commentForm(post, { parentId = "", label, testids = true, onDone, onCancel }) {
  const n = ++formCounter;
  let key = newKey();
  const field = h("textarea", { id: `comment-${n}`, name: "body", rows: parentId ? "2" : "3", class: "input",
    required: true, maxlength: "10000", testid: testids ? "comment-body" : "reply-body" });
  const submit = h("button", { type: "submit", class: "btn btn-primary", testid: testids ? "comment-submit" : "reply-submit" },
    parentId ? t("comment.reply") : t(kindWord(post.kind) === "question" ? "comment.answer" : "comment.send"));
  const form = h("form", { class: ["comment-form", parentId ? "reply-form" : ""] },
    h("label", { for: field.id }, label), field, attachMentions(field),
    h("div", { class: "row end" }, onCancel ? h("button", { type: "button", class: "btn", onclick: onCancel }, t("action.cancel")) : null,
      submit));
  submitOnCtrlEnter(field, form);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    busy(submit, async () => {
      clearFormProblem(form);
      try {
        const body = { body: field.value };
        if (parentId) body.parent_comment_id = parentId;
        const reply = await api("POST", `/posts/${post.post_id}/comments`, { body, key });
        key = newKey();
        field.value = "";
        await onDone(reply.comment_id);
      } catch (error) {
        showFormProblem(form, error);
      }
    });
  });
  return form;
}

function commentItem(post, comment, replies, redraw) {
  const question = kindWord(post.kind) === "question";
  const mine = comment.author_id === myId();
  const asker = post.author_id === myId();
  const focus = (what) => `c-${comment.comment_id}-${what}`;
  const act = (button, change) => actThenRedraw(button, change, redraw);
  const accepted = comment.accepted_answer || post.accepted_comment_id === comment.comment_id;
  const item = h("li", { class: ["comment", accepted ? "accepted" : ""], id: `comment-${comment.comment_id}`,
    tabindex: "-1", testid: "comment", dataset: { commentId: comment.comment_id } });
  const actions = h("div", { class: "comment-actions" },
    reactionBar(comment.reactions, comment.viewer_reaction, (reaction, button) => act(button, () =>
      reaction ? api("PUT", `/posts/${post.post_id}/comments/${comment.comment_id}/reaction`, { body: { reaction } })
        : api("DELETE", `/posts/${post.post_id}/comments/${comment.comment_id}/reaction`)), focus("")));
  if (!comment.parent_comment_id) {
    const replyButton = h("button", { type: "button", class: "btn btn-quiet", dataset: { focus: focus("reply") } },
      t("comment.reply"));
    replyButton.addEventListener("click", () => {
      const form = commentForm(post, {
        parentId: comment.comment_id, label: t("comment.replyTo", { name: comment.author_name }), testids: false,
        onDone: (id) => redraw(id), onCancel: () => { form.remove(); replyButton.hidden = false; replyButton.focus(); },
      });
      replyButton.hidden = true;
      add(item, form);
      form.querySelector("textarea").focus();
    });
    add(actions, replyButton);
  }
  if (question && asker && !comment.parent_comment_id && !accepted && !mine) {
    add(actions, h("button", { type: "button", class: "btn btn-accept", testid: "accept-answer",
      dataset: { focus: focus("accept") },
      onclick: (e) => act(e.currentTarget, () => api("POST", `/posts/${post.post_id}/accept`,
        { body: { comment_id: comment.comment_id } })) }, `✓ ${t("comment.accept")}`));
  }
  if (mine) {
    add(actions, h("button", { type: "button", class: "btn btn-quiet danger", onclick: (e) => {
      if (window.confirm(t("comment.confirmDelete"))) {
        act(e.currentTarget, () => api("DELETE", `/posts/${post.post_id}/comments/${comment.comment_id}`));
      }
    } }, t("action.delete")));
  }
  add(item, 
    h("div", { class: "comment-head" }, avatar(comment.author_id, comment.author_name, "small"),
      personLink(comment.author_id, comment.author_name), " ", h("span", { class: "muted" }, timeEl(comment.created_at)),
      comment.edited_at ? h("span", { class: "muted" }, ` · ${t("post.edited")}`) : null,
      accepted ? h("span", { class: "chip chip-answered", testid: "accepted-answer", tabindex: "-1",
        dataset: { focus: focus("accept") } }, `✓ ${t("comment.accepted")}`) : null),
    h("div", { class: "comment-body" }, richText(comment.body)),
    actions);
  if (replies.length) {
    add(item, h("ol", { class: "replies" }, replies.map((r) => commentItem(post, r, [], redraw))));
  }
  return item;
}

function postPage(post, redraw) {
  const question = kindWord(post.kind) === "question";
  const top = post.comments.filter((c) => !c.parent_comment_id);
  const repliesOf = (id) => post.comments.filter((c) => c.parent_comment_id === id);
  const heading = question ? t("post.answers", { count: top.length }) : t("post.comments", { count: post.comments.length });
  return h("div", { class: "post-page" },
    postCard(post, { full: true, onDeleted: () => history.back(), onRedraw: (fresh) => redraw("", fresh) }),
    h("section", { class: "comments", "aria-labelledby": "comments-heading" },
      h("h2", { id: "comments-heading" }, heading),
      top.length ? h("ol", { class: "comment-list" }, top.map((c) => commentItem(post, c, repliesOf(c.comment_id), redraw)))
        : h("p", { class: "empty" }, question ? t("comment.noAnswers") : t("comment.none")),
      commentForm(post, { label: question ? t("comment.yourAnswer") : t("comment.yours"), onDone: (id) => redraw(id) })));
}

export function render(view, { params }) {
  const postId = params[0];
  const holder = h("div");
  add(view, pageHeader(t("post.title")), holder);
  let current = null;
  // Redraws the whole post; with `commentId`, moves to that comment (the one just written).
  const redraw = async (commentId = "", known = null) => {
    const post = known || await get(`/posts/${encodeURIComponent(postId)}`);
    const fresh = postPage(post, redraw);
    if (current) swapKeepingFocus(current, fresh);
    else add(holder, fresh);
    current = fresh;
    if (commentId) fresh.querySelector(`#comment-${CSS.escape(commentId)}`)?.focus();
  };
  section(holder, () => get(`/posts/${encodeURIComponent(postId)}`), (post) => {
    current = postPage(post, redraw);
    const target = location.hash.startsWith("#comment-") ? current.querySelector(location.hash.replace(/[^\w#-]/g, "")) : null;
    if (target) requestAnimationFrame(() => { target.scrollIntoView({ block: "center" }); target.focus(); });
    return current;
  });
}
