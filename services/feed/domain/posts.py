"""Posts, comments and reactions: who may write what where, and what each kind of post needs."""

from __future__ import annotations

import dataclasses
import datetime as dt

from google.protobuf.message import Message

from kantine.errors import check_version, denied, invalid, not_found, precondition
from kantine.v1 import events_pb2 as ev
from services.feed.domain.groups import can_read, can_see
from services.feed.domain.model import (
    ANNOUNCEMENT,
    DISCUSSION,
    POLL,
    PRAISE,
    QUESTION,
    Comment,
    Group,
    Limits,
    Membership,
    Person,
    Post,
)
from services.feed.domain.people import require_active
from services.feed.domain.text import (
    check_tags,
    clean_text,
    extract_links,
    extract_mentions,
    extract_tags,
    require_uuid,
)

KINDS = {DISCUSSION, QUESTION, ANNOUNCEMENT, PRAISE, POLL}
MAX_SCHEDULE = dt.timedelta(days=366)


@dataclasses.dataclass(frozen=True, slots=True)
class NewPost:
    post_id: str
    body: str
    kind: ev.PostKind = DISCUSSION
    praised_user_ids: tuple[str, ...] = ()
    company_value: str = ""
    poll_options: tuple[str, ...] = ()
    must_read: bool = False
    publish_at: str = ""


def can_see_post(viewer_id: str, post: Post | None, group: Group | None, membership: Membership) -> bool:
    if post is None or post.deleted:
        return False
    if not post.published and post.author_id != viewer_id:
        return False
    if not post.group_id:
        return True
    return group is not None and can_see(group, membership) and can_read(group, membership)


def visible_post(viewer_id: str, post: Post | None, group: Group | None, membership: Membership) -> Post:
    if post is None or not can_see_post(viewer_id, post, group, membership):
        raise not_found("post")
    return post


def _text_facts(body: str, limits: Limits) -> tuple[list[str], list[str], list[str]]:
    tags, mentions, links = extract_tags(body), extract_mentions(body), extract_links(body)
    if len(tags) > limits.tags:
        raise invalid(f"at most {limits.tags} tags in one text (this one has {len(tags)})", "body")
    if len(mentions) > limits.mentions:
        raise invalid(f"at most {limits.mentions} mentions in one text (this one has {len(mentions)})", "body")
    return tags, mentions, links


def _post_facts(body: str, limits: Limits) -> tuple[list[str], list[str], list[str]]:
    """A post's tags are kept, so a #tag too long to keep is refused (a comment's tags are not kept)."""
    check_tags(body)
    return _text_facts(body, limits)


def _company_value(value: str, limits: Limits) -> str:
    """Decision: a configured company value is recognised in any case and stored as configured."""
    if not limits.company_values or not value:
        return value
    for configured in limits.company_values:
        if configured.casefold() == value.casefold():
            return configured
    raise invalid(f"company value is one of: {', '.join(limits.company_values)}", "company_value")


def _writable(group: Group | None) -> None:
    """Decision: an archived (or merged) group is read-only: no posts, edits, comments, votes,
    reactions, pins or accepted answers; deleting and leaving stay possible."""
    if group is not None and group.merged_into:
        raise precondition(f"this group was merged into group {group.merged_into}")
    if group is not None and group.archived:
        raise precondition("this group is archived")


def _parse_time(value: str, field: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(f"{field} is a time in RFC 3339 (2026-05-01T09:00:00Z)", field) from None
    if moment.tzinfo is None:
        raise invalid(f"{field} needs a time zone (Z or +01:00)", field)
    return moment


def create_post(
    actor: Person | None,
    group: Group | None,
    membership: Membership,
    cmd: NewPost,
    limits: Limits,
    now: dt.datetime,
    praised_active: set[str],
) -> list[Message]:
    """Members post in their groups (admins only where the group says so); anyone on their own profile."""
    me = require_active(actor)
    post_id = require_uuid(cmd.post_id, "post_id")
    body = clean_text(cmd.body, limits.post_chars)
    kind = cmd.kind or DISCUSSION
    if kind not in KINDS:
        raise invalid(f"unknown post kind {cmd.kind}", "kind")
    if group is not None:
        if not (can_see(group, membership) and can_read(group, membership)):
            raise not_found("group")
        _writable(group)
        if not membership.member:
            raise denied("join the group to post in it")
        if group.posting_policy == ev.POSTING_POLICY_ADMINS and not membership.admin:
            raise denied("in this group only its owners and admins post")
    if kind == ANNOUNCEMENT and not (me.leader or me.community_manager or (group is not None and membership.admin)):
        raise denied("announcements are for leaders and group admins")
    if cmd.must_read and kind != ANNOUNCEMENT:
        raise invalid("only an announcement can be must-read", "must_read")
    praised: list[str] = []
    value = cmd.company_value.strip()
    if kind == PRAISE:
        praised = list(dict.fromkeys(require_uuid(u, "praised_user_ids") for u in cmd.praised_user_ids))
        if not praised:
            raise invalid("praise names at least one colleague", "praised_user_ids")
        if len(praised) > limits.praised:
            raise invalid(f"praise names at most {limits.praised} colleagues", "praised_user_ids")
        if praised == [me.user_id]:
            raise invalid("praise is for colleagues, not yourself", "praised_user_ids")
        unknown = [u for u in praised if u not in praised_active]
        if unknown:
            raise invalid(f"not active colleagues: {', '.join(unknown)}", "praised_user_ids")
        value = _company_value(value, limits)
        if len(value) > 60:
            raise invalid("a company value is at most 60 characters", "company_value")
    elif cmd.praised_user_ids:
        raise invalid("only praise names colleagues", "praised_user_ids")
    elif value:
        raise invalid("only praise has a company value", "company_value")
    options: list[str] = []
    if kind == POLL:
        options = [o.strip() for o in cmd.poll_options]
        if not 2 <= len(options) <= limits.poll_options:
            raise invalid(f"a poll has 2 to {limits.poll_options} options", "poll_options")
        if any(not o or len(o) > 200 for o in options):
            raise invalid("each poll option has 1 to 200 characters", "poll_options")
        if len({o.lower() for o in options}) != len(options):
            raise invalid("poll options must differ", "poll_options")
    elif cmd.poll_options:
        raise invalid("only a poll has options", "poll_options")
    publish_at = ""
    if cmd.publish_at:
        moment = _parse_time(cmd.publish_at, "publish_at")
        if moment <= now:
            raise invalid("publish_at is in the past; leave it empty to publish now", "publish_at")
        if moment - now > MAX_SCHEDULE:
            raise invalid("a post can be scheduled at most a year ahead", "publish_at")
        publish_at = moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    tags, mentions, links = _post_facts(body, limits)
    return [
        ev.PostCreated(
            post_id=post_id,
            author_id=me.user_id,
            group_id=group.group_id if group else "",
            kind=kind,
            body=body,
            tags=tags,
            mentioned_user_ids=mentions,
            links=links,
            praised_user_ids=praised,
            company_value=value,
            poll_options=options,
            must_read=cmd.must_read,
            publish_at=publish_at,
        )
    ]


def publish_due(post: Post, now: dt.datetime) -> list[Message]:
    """The scheduler's rule: a scheduled post whose time has come is published."""
    if post.published or post.deleted or not post.publish_at or _parse_time(post.publish_at, "publish_at") > now:
        return []
    return [ev.PostPublished(post_id=post.post_id)]


def edit_post(
    actor: Person | None,
    post: Post | None,
    group: Group | None,
    membership: Membership,
    body: str,
    expected_version: int,
    limits: Limits,
) -> list[Message]:
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if p.author_id != me.user_id:
        raise denied("only the author edits a post")
    _writable(group)
    check_version(expected_version, p.version, "the post")
    text = clean_text(body, limits.post_chars)
    tags, mentions, links = _post_facts(text, limits)
    return [
        ev.PostEdited(
            post_id=p.post_id, editor_id=me.user_id, body=text, tags=tags, mentioned_user_ids=mentions, links=links
        )
    ]


def _moderates(me: Person, post: Post, membership: Membership) -> bool:
    return me.community_manager or (bool(post.group_id) and membership.admin)


def delete_post(actor: Person | None, post: Post | None, group: Group | None, membership: Membership) -> list[Message]:
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if p.author_id != me.user_id and not _moderates(me, p, membership):
        raise denied("only the author, a group admin or a community manager deletes a post")
    return [ev.PostDeleted(post_id=p.post_id, deleted_by=me.user_id)]


def pin(
    actor: Person | None, post: Post | None, group: Group | None, membership: Membership, on: bool
) -> list[Message]:
    """Group admins pin in their group; community managers pin anywhere; not in an archived group."""
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if not _moderates(me, p, membership):
        raise denied("only group admins and community managers pin posts")
    _writable(group)
    if p.pinned == on:
        return []
    if on:
        return [ev.PostPinned(post_id=p.post_id, pinned_by=me.user_id)]
    return [ev.PostUnpinned(post_id=p.post_id, unpinned_by=me.user_id)]


def mark_read(
    actor: Person | None, post: Post | None, group: Group | None, membership: Membership, already: bool
) -> list[Message]:
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if not p.must_read:
        raise precondition("read receipts are kept for must-read announcements only")
    return [] if already else [ev.PostRead(post_id=p.post_id, user_id=me.user_id)]


def read_receipts(actor: Person | None, post: Post | None, group: Group | None, membership: Membership) -> Post:
    """Who has read a must-read post is for its author, the group's admins and community managers."""
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if not p.must_read:
        raise precondition("read receipts are kept for must-read announcements only")
    if p.author_id != me.user_id and not _moderates(me, p, membership):
        raise denied("only the author, a group admin or a community manager sees who has read a post")
    return p


def vote(
    actor: Person | None,
    post: Post | None,
    group: Group | None,
    membership: Membership,
    option: int,
    current: int | None,
) -> list[Message]:
    """Decision: whoever may read the poll votes, so a non-member votes in a public group (as with
    reactions; commenting needs membership). Not in an archived group."""
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if p.kind != POLL:
        raise precondition("this post is not a poll")
    _writable(group)
    if not 0 <= option < p.poll_options:
        raise invalid(f"option is 0 to {p.poll_options - 1}", "option")
    return [] if current == option else [ev.PollVoted(post_id=p.post_id, user_id=me.user_id, option=option)]


def accept_answer(
    actor: Person | None, post: Post | None, group: Group | None, membership: Membership, comment: Comment | None
) -> list[Message]:
    """The asker, a group admin or a community manager accepts an answer; not in an archived group."""
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if p.kind != QUESTION:
        raise precondition("only a question has an accepted answer")
    if p.author_id != me.user_id and not _moderates(me, p, membership):
        raise denied("the asker or a group admin accepts an answer")
    _writable(group)
    if comment is None or comment.deleted:
        raise not_found("comment")
    if p.accepted_comment_id == comment.comment_id:
        return []
    return [
        ev.AnswerAccepted(
            post_id=p.post_id, comment_id=comment.comment_id, accepted_by=me.user_id, answer_author_id=comment.author_id
        )
    ]


def add_comment(
    actor: Person | None,
    post: Post | None,
    group: Group | None,
    membership: Membership,
    comment_id: str,
    parent: Comment | None,
    parent_id: str,
    body: str,
    limits: Limits,
) -> list[Message]:
    """In a group, its members comment; on a profile post, everyone. Replies are one level deep."""
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    _writable(group)
    if not p.published:
        raise precondition("the post is not published yet")
    if group is not None and not membership.member:
        raise denied("join the group to comment in it")
    if parent_id and (parent is None or parent.deleted):
        raise not_found("comment to reply to")
    text = clean_text(body, limits.comment_chars, what="a comment")
    _, mentions, links = _text_facts(text, limits)
    top = (parent.parent_comment_id or parent.comment_id) if parent else ""
    return [
        ev.CommentAdded(
            post_id=p.post_id,
            comment_id=require_uuid(comment_id, "comment_id"),
            author_id=me.user_id,
            parent_comment_id=top,
            body=text,
            mentioned_user_ids=mentions,
            links=links,
        )
    ]


def edit_comment(
    actor: Person | None,
    post: Post | None,
    group: Group | None,
    membership: Membership,
    comment: Comment | None,
    body: str,
    limits: Limits,
) -> list[Message]:
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if comment is None or comment.deleted:
        raise not_found("comment")
    if comment.author_id != me.user_id:
        raise denied("only the author edits a comment")
    _writable(group)
    text = clean_text(body, limits.comment_chars, what="a comment")
    _, mentions, links = _text_facts(text, limits)
    return [
        ev.CommentEdited(
            post_id=p.post_id,
            comment_id=comment.comment_id,
            editor_id=me.user_id,
            body=text,
            mentioned_user_ids=mentions,
            links=links,
        )
    ]


def delete_comment(
    actor: Person | None, post: Post | None, group: Group | None, membership: Membership, comment: Comment | None
) -> list[Message]:
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    if comment is None or comment.deleted:
        raise not_found("comment")
    if comment.author_id != me.user_id and not _moderates(me, p, membership):
        raise denied("only the author, a group admin or a community manager deletes a comment")
    return [ev.CommentDeleted(post_id=p.post_id, comment_id=comment.comment_id, deleted_by=me.user_id)]


def react(
    actor: Person | None,
    post: Post | None,
    group: Group | None,
    membership: Membership,
    comment_id: str,
    comment: Comment | None,
    reaction: str,
    current: str,
    limits: Limits,
) -> list[Message]:
    """Set, change or (with an empty reaction) remove the actor's one reaction on a post or comment.

    Decision: whoever may read the post reacts, so a non-member reacts in a public group (as with votes).
    """
    me = require_active(actor)
    p = visible_post(me.user_id, post, group, membership)
    _writable(group)
    if comment_id and (comment is None or comment.deleted):
        raise not_found("comment")
    reaction = reaction.strip().lower()
    if reaction and reaction not in limits.reactions:
        raise invalid(f"reaction is one of: {', '.join(limits.reactions)}", "reaction")
    if reaction == current:
        return []
    target = {"post_id": p.post_id, "comment_id": comment_id, "user_id": me.user_id}
    events: list[Message] = []
    if current:
        events.append(ev.ReactionRemoved(reaction=current, **target))
    if reaction:
        events.append(ev.ReactionAdded(reaction=reaction, **target))
    return events
