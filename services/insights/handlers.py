"""What insights keeps of each event: people, groups, members and questions as they are now, the tier each
person reached per period, and who answers what.

Each handler runs in the consumer's transaction that records the event id, so a redelivery changes
nothing. Times are the events' own, so imported history is counted in the periods it happened in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from google.protobuf.message import Message

from kantine import directory
from kantine.consumer import BatchContext, Delivery, EventContext, Router
from kantine.ids import optional_uuid
from kantine.v1 import events_pb2 as ev
from services.insights import store
from services.insights.domain.tally import Act, Comment, NewPost, Post, Tally

NAME = "insights"
SNIPPET = 280


@dataclasses.dataclass(frozen=True)
class Counting:
    """How this deployment counts: the organisation's time zone decides where weeks and months start."""

    zone: ZoneInfo


def build_router(counting: Counting) -> Router:
    router = Router(NAME)
    zone = counting.zone

    def tally(posts: dict[str, Post] | None = None, comments: dict[str, Comment] | None = None) -> Tally:
        return Tally(zone, posts or {}, comments or {})

    # ----- people -----

    @router.on(ev.UserProvisioned, ev.UserUpdated)
    @directory.only_newest(directory.fixed(directory.PROFILE))
    async def profile(event: ev.UserProvisioned | ev.UserUpdated, ctx: EventContext) -> None:
        await ctx.conn.execute(
            """INSERT INTO people (user_id, display_name, department, leader, community_manager, manager_id, joined_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (user_id) DO UPDATE SET display_name = $2, department = $3, leader = $4,
                   community_manager = $5, manager_id = $6""",
            uuid.UUID(event.user_id), event.display_name, event.department, event.leader, event.community_manager,
            optional_uuid(event.manager_id), ctx.envelope.occurred_at,
        )  # fmt: skip

    @router.on(ev.UserDeactivated, ev.UserReactivated)
    @directory.only_newest(directory.fixed(directory.ACTIVE))
    async def activity(event: ev.UserDeactivated | ev.UserReactivated, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE people SET active = $2 WHERE user_id = $1",
            uuid.UUID(event.user_id), isinstance(event, ev.UserReactivated),
        )  # fmt: skip

    # ----- groups -----

    @router.on(ev.GroupCreated)
    async def group_created(event: ev.GroupCreated, ctx: EventContext) -> None:
        at = ctx.envelope.occurred_at
        await ctx.conn.execute(
            """INSERT INTO groups (group_id, name, purpose, visibility, created_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (group_id) DO UPDATE SET created_at = least(groups.created_at, excluded.created_at)""",
            uuid.UUID(event.group_id), event.name, event.purpose, event.visibility or ev.GROUP_VISIBILITY_PUBLIC, at,
        )  # fmt: skip
        # an owner who has left since (the creation arrived late) stays gone
        staying = [o for o in dict.fromkeys(event.owner_ids) if await directory.newest(ctx, directory.standing(o))]
        await ctx.conn.executemany(
            "INSERT INTO members (group_id, user_id, role, joined_at) VALUES ($1, $2, 3, $3) ON CONFLICT DO NOTHING",
            [(uuid.UUID(event.group_id), uuid.UUID(o), at) for o in staying],
        )

    @router.on(ev.GroupUpdated)
    @directory.only_newest(directory.fixed(directory.SETTINGS))
    async def group_updated(event: ev.GroupUpdated, ctx: EventContext) -> None:
        await ctx.conn.execute(  # also when it arrives before the group's creation
            """INSERT INTO groups (group_id, name, purpose, visibility, created_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (group_id) DO UPDATE SET name = $2, purpose = $3, visibility = $4""",
            uuid.UUID(event.group_id), event.name, event.purpose, event.visibility or ev.GROUP_VISIBILITY_PUBLIC,
            ctx.envelope.occurred_at,
        )  # fmt: skip

    @router.on(ev.GroupArchived, ev.GroupMerged)
    @directory.only_newest(directory.fixed(directory.ARCHIVED))
    async def group_closed(event: ev.GroupArchived | ev.GroupMerged, ctx: EventContext) -> None:
        await ctx.conn.execute("UPDATE groups SET archived = true WHERE group_id = $1", uuid.UUID(event.group_id))
        if isinstance(event, ev.GroupMerged):  # its posts and questions now belong to the other group
            await ctx.conn.execute(
                "UPDATE posts SET group_id = $2 WHERE group_id = $1",
                uuid.UUID(event.group_id), uuid.UUID(event.into_group_id),
            )  # fmt: skip

    @router.on(ev.GroupUnarchived)
    @directory.only_newest(directory.fixed(directory.ARCHIVED))
    async def group_reopened(event: ev.GroupUnarchived, ctx: EventContext) -> None:
        await ctx.conn.execute("UPDATE groups SET archived = false WHERE group_id = $1", uuid.UUID(event.group_id))

    @router.on(ev.MemberJoined)
    @directory.only_newest(directory.by_person)
    async def joined(event: ev.MemberJoined, ctx: EventContext) -> None:
        group, user = uuid.UUID(event.group_id), uuid.UUID(event.user_id)
        await ctx.conn.execute(
            """INSERT INTO members (group_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role""",
            group, user, event.role or ev.MEMBER_ROLE_MEMBER, ctx.envelope.occurred_at,
        )  # fmt: skip
        await ctx.conn.execute("DELETE FROM join_requests WHERE group_id = $1 AND user_id = $2", group, user)

    @router.on(ev.MemberLeft)
    @directory.only_newest(directory.by_person)
    async def left(event: ev.MemberLeft, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "DELETE FROM members WHERE group_id = $1 AND user_id = $2",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id),
        )  # fmt: skip

    @router.on(ev.MemberRoleChanged)
    @directory.only_newest(directory.by_person)
    async def role_changed(event: ev.MemberRoleChanged, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE members SET role = $3 WHERE group_id = $1 AND user_id = $2",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id), event.role,
        )  # fmt: skip

    @router.on(ev.JoinRequested)
    @directory.only_newest(directory.by_person)
    async def join_requested(event: ev.JoinRequested, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "INSERT INTO join_requests (group_id, user_id, requested_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id), ctx.envelope.occurred_at,
        )  # fmt: skip

    @router.on(ev.JoinRequestDeclined)
    @directory.only_newest(directory.by_person)
    async def declined(event: ev.JoinRequestDeclined, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "DELETE FROM join_requests WHERE group_id = $1 AND user_id = $2",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id),
        )  # fmt: skip

    # ----- posts -----

    async def _posted(ctx: EventContext, group_id: str) -> None:
        if group_id:
            await ctx.conn.execute(
                "UPDATE groups SET last_post_at = greatest(last_post_at, $2) WHERE group_id = $1",
                uuid.UUID(group_id), ctx.envelope.occurred_at,
            )  # fmt: skip

    @router.on(ev.PostPublished)
    async def post_published(event: ev.PostPublished, ctx: EventContext) -> None:
        """A scheduled post is asked (and waits for its answer) from when it appears."""
        group = await ctx.conn.fetchval(
            """UPDATE posts SET published = true, created_at = $2 WHERE post_id = $1 AND NOT published
               RETURNING group_id""",
            uuid.UUID(event.post_id), ctx.envelope.occurred_at,
        )  # fmt: skip
        if group is not None:
            await _posted(ctx, str(group))

    @router.on(ev.PostEdited)
    async def post_edited(event: ev.PostEdited, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE posts SET snippet = $2, tags = $3 WHERE post_id = $1",
            uuid.UUID(event.post_id), event.body[:SNIPPET], list(event.tags),
        )  # fmt: skip

    @router.on(ev.PostDeleted)
    async def post_deleted(event: ev.PostDeleted, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE posts SET deleted = true, snippet = '' WHERE post_id = $1", uuid.UUID(event.post_id)
        )

    # ----- comments, reactions, answers -----

    @router.on_batch(ev.PostCreated, ev.ReactionAdded, ev.CommentAdded, ev.Visited, ev.Followed, ev.PostRead,
                     ev.PollVoted)  # fmt: skip
    async def took_part(batch: Sequence[Delivery[Message]], ctx: BatchContext) -> None:
        """The most common events, a run of them at a time: what each changes is summed up (domain.tally)
        and written in one statement for the run."""
        post_ids = [getattr(d.event, "post_id", "") for d in batch]
        comment_ids = [getattr(d.event, "comment_id", "") or getattr(d.event, "parent_comment_id", "") for d in batch]
        posts, comments = await store.posts_and_comments(ctx.conn, post_ids, comment_ids)
        run = tally(posts, comments)
        for delivery in batch:
            event, at = delivery.event, delivery.envelope.occurred_at
            if isinstance(event, ev.PostCreated):
                run.posted(event.post_id, _new_post(event, at), event.praised_user_ids)
            elif isinstance(event, ev.ReactionAdded):
                run.reacted(event.post_id, event.comment_id, event.user_id, at)
            elif isinstance(event, ev.CommentAdded):
                run.commented(event.post_id, event.comment_id, event.parent_comment_id, event.author_id, at)
            elif isinstance(event, ev.Visited):
                run.visited(event.user_id, at)
            elif isinstance(event, ev.Followed):
                run.visited(event.follower_id, at)  # a sign of life, not a contribution
            elif isinstance(event, ev.PostRead):
                run.read(event.post_id, event.user_id, at)
            elif isinstance(event, ev.PollVoted):
                run.voted(event.post_id, event.user_id, at)
        await store.write(ctx.conn, run)

    @router.on(ev.CommentDeleted)
    async def comment_deleted(event: ev.CommentDeleted, ctx: EventContext) -> None:
        """A question whose only answer was deleted is waiting again."""
        await ctx.conn.execute("DELETE FROM comments WHERE comment_id = $1", uuid.UUID(event.comment_id))
        await ctx.conn.execute("DELETE FROM acts WHERE target_id = $1", uuid.UUID(event.comment_id))
        await ctx.conn.execute(
            """UPDATE posts p SET first_answer_at = (
                   SELECT min(c.created_at) FROM comments c WHERE c.post_id = p.post_id AND c.author_id <> p.author_id)
               WHERE p.post_id = $1 AND p.question""",
            uuid.UUID(event.post_id),
        )

    @router.on(ev.ReactionRemoved)
    async def reaction_removed(event: ev.ReactionRemoved, ctx: EventContext) -> None:
        gone = await ctx.conn.fetchval(
            "DELETE FROM acts WHERE kind = 'reaction' AND target_id = $1 AND actor_id = $2 RETURNING true",
            uuid.UUID(event.comment_id or event.post_id), uuid.UUID(event.user_id),
        )  # fmt: skip
        if gone and not event.comment_id:
            await _reacted(ctx, event.post_id, event.user_id, -1)

    async def _reacted(ctx: EventContext, post_id: str, user_id: str, change: int) -> None:
        """A reaction to a post by someone else taken back: no longer counted, nor for an announcement."""
        announcement = await ctx.conn.fetchval(
            "UPDATE posts SET reactions = greatest(reactions + $2, 0) WHERE post_id = $1 RETURNING announcement",
            uuid.UUID(post_id), change,
        )  # fmt: skip
        if announcement:
            await ctx.conn.execute(
                "DELETE FROM announcement_reactions WHERE post_id = $1 AND user_id = $2",
                uuid.UUID(post_id), uuid.UUID(user_id),
            )  # fmt: skip

    @router.on(ev.FeedViewed)
    async def viewed(event: ev.FeedViewed, ctx: EventContext) -> None:
        """How often each announcement was shown; the gateway never says to whom."""
        await ctx.conn.executemany(
            "UPDATE posts SET views = views + $2 WHERE post_id = $1 AND announcement",
            [(uuid.UUID(p.post_id), p.viewers) for p in event.posts],
        )

    @router.on(ev.AnswerAccepted)
    async def answer_accepted(event: ev.AnswerAccepted, ctx: EventContext) -> None:
        question = await ctx.conn.fetchrow(
            "UPDATE posts SET accepted = true WHERE post_id = $1 AND NOT accepted RETURNING group_id, tags",
            uuid.UUID(event.post_id),
        )
        if not event.answer_author_id:
            return
        accepted = tally()
        if question is not None:
            accepted.answered(event.answer_author_id, str(question["group_id"] or ""), question["tags"], accepted=1)
        accepted.act(Act("accepted", event.comment_id, event.accepted_by, event.answer_author_id, event.post_id,
                         ctx.envelope.occurred_at))  # fmt: skip
        await store.write(ctx.conn, accepted)

    return router


def _new_post(event: ev.PostCreated, at: dt.datetime) -> NewPost:
    """A scheduled post (`publish_at`) is not published yet: it is asked, and waited for, once it is."""
    post = Post(event.author_id, event.group_id, at, event.kind == ev.POST_KIND_QUESTION,
                event.kind == ev.POST_KIND_ANNOUNCEMENT or event.must_read, tuple(event.tags))  # fmt: skip
    return NewPost(post, event.must_read, event.body[:SNIPPET], published=not event.publish_at)
