"""What search does with each event: keep its index of posts, comments, groups and people equal to the
feed's, and its picture of who may read what.

Who is in which group, who is invited, a group's visibility and a person's standing are feed's directory,
kept by the SDK's projection of it (`kantine.directory`, mounted here), which applies each event only when
it is newer than what it applied before; search adds its own documents in reactions to what the directory
applied (`@dir.after`), in the same transaction, so a late event changes search's index no more than the
directory.

Each handler runs in the consumer's transaction that also records the event id, so a redelivered event
changes nothing, and a deleted post is gone from results at the moment the deletion commits, as fast as
a new one appears. The events that come in bulk (posts, comments, reactions) are handled a run at a
time in one round trip. The same handlers rebuild the index from the events stream (`kantine
projections rebuild search`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from kantine import directory
from kantine.consumer import BatchContext, Delivery, EventContext, Router
from kantine.ids import optional_uuid
from kantine.v1 import events_pb2 as ev
from services.search import store
from services.search.domain.text import plain

NAME = "search"


def build_router() -> Router:
    router = Router(NAME)
    dir = directory.Directory(router)  # people, groups, who is in which: every directory event

    # ----- people and groups: the directory's, and search's documents of them -----

    @dir.after(ev.UserProvisioned, ev.UserUpdated)
    async def profile(event: ev.UserProvisioned | ev.UserUpdated, ctx: EventContext, _: directory.Change) -> None:
        await store.index_person(ctx.conn, event)

    @dir.after(ev.GroupCreated, ev.GroupUpdated)
    async def settings(event: ev.GroupCreated | ev.GroupUpdated, ctx: EventContext, _: directory.Change) -> None:
        """Indexed as the directory now has the group, not as the event says: a GroupCreated is reacted to
        even when a newer GroupUpdated was applied first (its owners still join)."""
        await store.index_group(ctx.conn, event.group_id)

    @dir.after(ev.GroupMerged)
    async def merged(event: ev.GroupMerged, ctx: EventContext, _: directory.Change) -> None:
        await store.merge_entries(ctx.conn, event.group_id, event.into_group_id)

    # ----- posts and comments -----

    @router.on_batch(ev.PostCreated, ev.CommentAdded)
    async def written(batch: Sequence[Delivery[ev.PostCreated | ev.CommentAdded]], ctx: BatchContext) -> None:
        """Comments of a post created in the same run see it: entries are inserted in stream order."""
        entries = []
        for d in batch:
            e = d.event
            if isinstance(e, ev.PostCreated):
                entries.append(
                    store.Entry(
                        entry_id=uuid.UUID(e.post_id), post_id=uuid.UUID(e.post_id), author_id=uuid.UUID(e.author_id),
                        group_id=optional_uuid(e.group_id), kind=int(e.kind), body=plain(e.body),
                        tags=list(e.tags), mentions=store.ids(e.mentioned_user_ids),
                        created_at=d.envelope.occurred_at, published=not e.publish_at,
                        version=d.envelope.aggregate_version, extra=_extra(e), praised=store.ids(e.praised_user_ids),
                    )
                )  # fmt: skip
            else:
                entries.append(
                    store.Entry(
                        entry_id=uuid.UUID(e.comment_id), post_id=uuid.UUID(e.post_id),
                        author_id=uuid.UUID(e.author_id), group_id=None, kind=store.COMMENT, body=plain(e.body),
                        tags=(), mentions=store.ids(e.mentioned_user_ids), created_at=d.envelope.occurred_at,
                        version=d.envelope.aggregate_version,
                    )
                )  # fmt: skip
        await store.add_entries(ctx.conn, entries)

    @router.on(ev.PostPublished)
    async def published(event: ev.PostPublished, ctx: EventContext) -> None:
        await store.publish(ctx.conn, event.post_id, ctx.envelope.occurred_at)

    @router.on(ev.PostEdited)
    async def post_edited(event: ev.PostEdited, ctx: EventContext) -> None:
        await store.edit_entry(
            ctx.conn, event.post_id, plain(event.body), list(event.tags), event.mentioned_user_ids,
            ctx.envelope.aggregate_version,
        )  # fmt: skip

    @router.on(ev.CommentEdited)
    async def comment_edited(event: ev.CommentEdited, ctx: EventContext) -> None:
        await store.edit_entry(
            ctx.conn, event.comment_id, plain(event.body), None, event.mentioned_user_ids,
            ctx.envelope.aggregate_version,
        )  # fmt: skip

    @router.on(ev.PostDeleted)
    async def post_deleted(event: ev.PostDeleted, ctx: EventContext) -> None:
        await store.delete_post(ctx.conn, event.post_id)

    @router.on(ev.CommentDeleted)
    async def comment_deleted(event: ev.CommentDeleted, ctx: EventContext) -> None:
        await store.delete_comment(ctx.conn, event.post_id, event.comment_id)

    @router.on_batch(ev.ReactionAdded, ev.ReactionRemoved)
    async def reactions(batch: Sequence[Delivery[ev.ReactionAdded | ev.ReactionRemoved]], ctx: BatchContext) -> None:
        changes: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        for d in batch:
            target = (uuid.UUID(d.event.comment_id or d.event.post_id), uuid.UUID(d.event.post_id))
            changes[target] = changes.get(target, 0) + (1 if isinstance(d.event, ev.ReactionAdded) else -1)
        await store.react(ctx.conn, changes)

    @router.on(ev.AnswerAccepted)
    async def accepted(event: ev.AnswerAccepted, ctx: EventContext) -> None:
        if await directory.newest(ctx, directory.ACCEPTED):  # a late accept moves the mark nowhere
            await store.accept_answer(ctx.conn, event.post_id, event.comment_id)

    return router


def _extra(post: ev.PostCreated) -> str:
    """What a post says besides its text: a poll's options, the company value a praise names."""
    return "\n".join([*post.poll_options, post.company_value]).strip()
