"""What insights keeps of each event: questions and posts as they are now, the tier each person reached
per period, and who answers what. People, groups and who is in which are feed's directory, kept by
`kantine.directory` (late events undo nothing newer); insights only reacts to a merge.

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
from kantine.consumer import BatchContext, Delivery, EventContext, NotYet, Router
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

    # ----- the directory -----

    dir = directory.Directory(router)  # people, groups, members and join requests: the SDK's, late-safe

    @dir.after(ev.GroupMerged)
    async def merged(event: ev.GroupMerged, ctx: EventContext, change: directory.Change) -> None:
        """The directory archives the group; its posts and questions now count for the other one."""
        await store.move_posts(ctx.conn, uuid.UUID(event.group_id), uuid.UUID(event.into_group_id))

    # ----- posts -----

    @router.on(ev.PostPublished)
    async def post_published(event: ev.PostPublished, ctx: EventContext) -> None:
        """A scheduled post is asked (and waits for its answer) from when it appears."""
        group = await store.published(ctx.conn, uuid.UUID(event.post_id), ctx.envelope.occurred_at)
        if group is not None:
            await store.group_posted(ctx.conn, group, ctx.envelope.occurred_at)

    @router.on(ev.PostEdited)
    async def post_edited(event: ev.PostEdited, ctx: EventContext) -> None:
        await store.edit_post(ctx.conn, uuid.UUID(event.post_id), event.body[:SNIPPET], list(event.tags))

    @router.on(ev.PostDeleted)
    async def post_deleted(event: ev.PostDeleted, ctx: EventContext) -> None:
        await store.delete_post(ctx.conn, uuid.UUID(event.post_id))

    # ----- comments, reactions, answers -----

    @router.on_batch(ev.PostCreated, ev.ReactionAdded, ev.CommentAdded, ev.Visited, ev.Followed, ev.PostRead,
                     ev.PollVoted)  # fmt: skip
    async def took_part(batch: Sequence[Delivery[Message]], ctx: BatchContext) -> None:
        """The most common events, a run of them at a time: what each changes is summed up (domain.tally)
        and written in one statement for the run."""
        post_ids = [getattr(d.event, "post_id", "") for d in batch]
        comment_ids = [getattr(d.event, "comment_id", "") or getattr(d.event, "parent_comment_id", "") for d in batch]
        posts, comments = await store.posts_and_comments(ctx.conn, post_ids, comment_ids)
        # every post is recorded here: one that neither is nor comes in this run is still on its way
        created = {d.event.post_id for d in batch if isinstance(d.event, ev.PostCreated)}
        missing = {p for p in post_ids if p and p not in created and str(uuid.UUID(p)) not in posts}
        if missing:
            raise NotYet(f"post {', '.join(sorted(missing))}")
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
        await store.delete_comment(ctx.conn, uuid.UUID(event.comment_id), uuid.UUID(event.post_id))

    @router.on(ev.ReactionRemoved)
    async def reaction_removed(event: ev.ReactionRemoved, ctx: EventContext) -> None:
        await store.remove_reaction(ctx.conn, uuid.UUID(event.post_id), optional_uuid(event.comment_id),
                                    uuid.UUID(event.user_id))  # fmt: skip

    @router.on(ev.FeedViewed)
    async def viewed(event: ev.FeedViewed, ctx: EventContext) -> None:
        """How often each announcement was shown; the gateway never says to whom."""
        await store.count_views(ctx.conn, [(uuid.UUID(p.post_id), p.viewers) for p in event.posts])

    @router.on(ev.AnswerAccepted)
    async def answer_accepted(event: ev.AnswerAccepted, ctx: EventContext) -> None:
        question = await store.accept(ctx.conn, uuid.UUID(event.post_id))
        if not event.answer_author_id:
            return
        accepted = tally()
        if question is not None:
            group_id, tags = question
            accepted.answered(event.answer_author_id, group_id, tags, accepted=1)
        accepted.act(Act("accepted", event.comment_id, event.accepted_by, event.answer_author_id, event.post_id,
                         ctx.envelope.occurred_at))  # fmt: skip
        await store.write(ctx.conn, accepted)

    return router


def _new_post(event: ev.PostCreated, at: dt.datetime) -> NewPost:
    """A scheduled post (`publish_at`) is not published yet: it is asked, and waited for, once it is."""
    post = Post(event.author_id, event.group_id, at, event.kind == ev.POST_KIND_QUESTION,
                event.kind == ev.POST_KIND_ANNOUNCEMENT or event.must_read, tuple(event.tags))  # fmt: skip
    return NewPost(post, event.must_read, event.body[:SNIPPET], published=not event.publish_at)
