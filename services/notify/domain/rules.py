"""Who is told about what, and why: one pure function per kind of event.

The handlers load the facts (the post, its group, who follows whom) and the store applies each
person's preferences, membership and activity, so these rules only decide the candidates and their
reasons. Never the actor themselves: nobody is notified about what they did.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from kantine.v1 import events_pb2 as ev
from services.notify.domain.model import Draft, Kind, Level, Reason

EMAIL_AT_ONCE = frozenset(
    {Kind.COMMENT, Kind.ANSWER, Kind.REPLY, Kind.MENTION, Kind.PRAISE, Kind.ANSWER_ACCEPTED, Kind.BADGE, Kind.LEVEL}
)


@dataclasses.dataclass(frozen=True, slots=True)
class PostFacts:
    post_id: str
    author_id: str
    group_id: str = ""  # empty: on the author's profile, visible to everyone
    kind: int = ev.POST_KIND_DISCUSSION
    must_read: bool = False
    author_leader: bool = False
    mentions: tuple[str, ...] = ()
    praised: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Fanout:
    """Everyone in an audience (a group's members, or everyone) whose level for it is in `levels`."""

    kind: Kind
    reason: Reason
    levels: frozenset[Level]
    email: bool
    everyone: bool = False  # the audience is every active person, not a group

    def draft(self, recipient: str, post_id: str, subject: str) -> Draft:
        return Draft(recipient, self.kind, post_key(post_id), self.reason, subject, self.email)


def post_key(post_id: str) -> str:
    """Everything said about one post to one person is one notification."""
    return f"post:{post_id}"


def _email(kind: Kind, must_read: bool = False) -> bool:
    return kind in EMAIL_AT_ONCE or (kind == Kind.ANNOUNCEMENT and must_read)


def one_per_person(drafts: Iterable[Draft]) -> list[Draft]:
    """A person named for several reasons in one event gets one notification, for the strongest."""
    best: dict[str, Draft] = {}
    for draft in drafts:
        held = best.get(draft.recipient)
        if held is None or draft.priority > held.priority:
            best[draft.recipient] = draft
    return list(best.values())


def post_published(
    post: PostFacts,
    *,
    followers: Iterable[str] = (),
    tag_followers: Mapping[str, Iterable[str]] | None = None,
) -> list[Draft]:
    """The people a new post names or who follow its author or tags; its audience comes via `fanout`."""
    key = post_key(post.post_id)
    drafts = [Draft(u, Kind.MENTION, key, Reason.MENTIONED, email=True) for u in post.mentions]
    if post.kind == ev.POST_KIND_PRAISE:
        drafts += [Draft(u, Kind.PRAISE, key, Reason.PRAISED, email=True) for u in post.praised]
    drafts += [Draft(u, Kind.FOLLOWED_POST, key, Reason.FOLLOW_PERSON, post.author_id) for u in followers]
    for tag, people in (tag_followers or {}).items():
        drafts += [Draft(u, Kind.FOLLOWED_POST, key, Reason.FOLLOW_TAG, tag) for u in people]
    return [d for d in one_per_person(drafts) if d.recipient != post.author_id]


def fanout(post: PostFacts) -> Fanout | None:
    """Who in the post's audience hears of it: all members at level "all"; questions, announcements and
    leaders' posts also reach "highlights"; a must-read announcement reaches even a muted member, and
    one on a profile reaches everyone."""
    announcement = post.kind == ev.POST_KIND_ANNOUNCEMENT
    kind = Kind.ANNOUNCEMENT if announcement else Kind.GROUP_POST
    if not post.group_id:
        if announcement and post.must_read:
            return Fanout(Kind.ANNOUNCEMENT, Reason.EVERYONE, frozenset(Level), email=True, everyone=True)
        return None
    levels = {Level.ALL}
    if announcement or post.must_read or post.author_leader or post.kind == ev.POST_KIND_QUESTION:
        levels.add(Level.HIGHLIGHTS)
    if post.must_read:
        levels.add(Level.MUTED)
    return Fanout(kind, Reason.MEMBER, frozenset(levels), email=_email(kind, post.must_read))


def post_edited(post: PostFacts, before: Iterable[str], editor_id: str) -> list[Draft]:
    """Only the people an edit newly mentions: the others were told already."""
    told = set(before)
    key = post_key(post.post_id)
    return [
        Draft(u, Kind.MENTION, key, Reason.MENTIONED, email=True)
        for u in dict.fromkeys(post.mentions)
        if u not in told and u not in (editor_id, post.author_id)
    ]


def comment_added(
    post: PostFacts,
    *,
    comment_id: str,
    author_id: str,
    parent_author_id: str = "",
    parent_comment_id: str = "",
    mentions: Iterable[str] = (),
) -> list[Draft]:
    """The post's author (their question answered, or their post commented), the author of the comment
    replied to, and the people mentioned; each once, with the most specific reason."""
    drafts: list[Draft] = []
    if post.author_id != author_id:
        kind = Kind.ANSWER if post.kind == ev.POST_KIND_QUESTION else Kind.COMMENT
        drafts.append(Draft(post.author_id, kind, f"comments:{post.post_id}", Reason.YOUR_POST, email=True))
    if parent_author_id and parent_author_id not in (author_id, post.author_id):
        drafts.append(
            Draft(parent_author_id, Kind.REPLY, f"replies:{parent_comment_id}", Reason.YOUR_COMMENT, email=True)
        )
    told = {d.recipient for d in drafts} | {author_id}
    drafts += [
        Draft(u, Kind.MENTION, f"mention:{comment_id}", Reason.MENTIONED, email=True)
        for u in dict.fromkeys(mentions)
        if u not in told
    ]
    return drafts


def comment_edited(comment_id: str, author_id: str, before: Iterable[str], after: Iterable[str]) -> list[Draft]:
    told = set(before) | {author_id}
    return [
        Draft(u, Kind.MENTION, f"mention:{comment_id}", Reason.MENTIONED, email=True)
        for u in dict.fromkeys(after)
        if u not in told
    ]


def reaction_key(post_id: str, comment_id: str = "") -> str:
    return f"reactions:{comment_id or post_id}"


def reaction_added(target_author_id: str, actor_id: str, post_id: str, comment_id: str = "") -> list[Draft]:
    if not target_author_id or target_author_id == actor_id:
        return []
    reason = Reason.YOUR_COMMENT if comment_id else Reason.YOUR_POST
    return [Draft(target_author_id, Kind.REACTION, reaction_key(post_id, comment_id), reason)]


def answer_accepted(answer_author_id: str, accepted_by: str, comment_id: str) -> list[Draft]:
    if not answer_author_id or answer_author_id == accepted_by:
        return []
    return [Draft(answer_author_id, Kind.ANSWER_ACCEPTED, f"accepted:{comment_id}", Reason.YOUR_COMMENT, email=True)]


def join_requested(admin_ids: Iterable[str], requester_id: str, group_id: str) -> list[Draft]:
    return [
        Draft(a, Kind.JOIN_REQUEST, f"join_requests:{group_id}", Reason.GROUP_ADMIN, group_id)
        for a in dict.fromkeys(admin_ids)
        if a != requester_id
    ]


def join_approved(user_id: str, group_id: str) -> list[Draft]:
    return [Draft(user_id, Kind.JOIN_APPROVED, f"joined:{group_id}", Reason.YOUR_REQUEST, group_id)]


def invited(user_id: str, inviter_id: str, group_id: str) -> list[Draft]:
    if user_id == inviter_id:
        return []
    return [Draft(user_id, Kind.INVITED, f"invited:{group_id}", Reason.INVITATION, group_id)]


def followed(followee_id: str, follower_id: str) -> list[Draft]:
    if not followee_id or followee_id == follower_id:
        return []
    return [Draft(followee_id, Kind.NEW_FOLLOWER, "followers", Reason.YOU)]


def badge_awarded(event: ev.BadgeAwarded) -> list[Draft]:
    """A badge from backfilling a new rule over history is recorded by gamify but told to nobody."""
    if event.backfilled or not event.user_id:
        return []
    key = f"badge:{event.badge_id}:{event.tier}" if event.tier else f"badge:{event.badge_id}"
    return [Draft(event.user_id, Kind.BADGE, key, Reason.YOU, email=True)]


def level_reached(event: ev.LevelReached) -> list[Draft]:
    if event.backfilled or not event.user_id:
        return []
    return [Draft(event.user_id, Kind.LEVEL, f"level:{event.level}", Reason.YOU, email=True)]
