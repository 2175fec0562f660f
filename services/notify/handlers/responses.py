"""Comments, reactions and answers: who is told of a response to what they wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kantine.consumer import BatchContext, EventContext, NotYet, Router
from kantine.consumer import Delivery as Arrived
from kantine.v1 import events_pb2 as ev
from services.notify import store
from services.notify.domain import rules
from services.notify.domain.model import Draft
from services.notify.handlers.telling import (
    SNIPPET,
    Teller,
    canonical,
    comment_author,
    comment_authors,
    ids,
    post,
    posts,
)


def mount(router: Router, teller: Teller) -> None:
    @router.on(ev.CommentEdited)
    async def comment_edited(event: ev.CommentEdited, ctx: EventContext) -> None:
        before = await store.edit_comment(
            ctx.conn, event.comment_id, event.body[:SNIPPET], ids(event.mentioned_user_ids)
        )
        if before is None:  # deleted meanwhile
            return
        facts = await post(ctx.conn, event.post_id)
        if facts is None:
            return
        drafts = rules.comment_edited(event.comment_id, event.editor_id, before, event.mentioned_user_ids)
        await teller.tell(ctx, drafts, post_id=facts.post_id, group_id=facts.group_id, comment_id=event.comment_id)

    @router.on(ev.CommentDeleted)
    async def comment_deleted(event: ev.CommentDeleted, ctx: EventContext) -> None:
        if not await store.delete_comment(ctx.conn, event.post_id, event.comment_id):
            raise NotYet(f"comment {event.comment_id}")

    @router.on_batch(ev.CommentAdded, ev.ReactionAdded)
    async def responses(batch: Sequence[Arrived[ev.CommentAdded | ev.ReactionAdded]], ctx: BatchContext) -> None:
        """Comments and reactions, the most common events, a run at a time: the run's comments, counts and
        signs of life are written in one statement each, its posts and comment authors read in one query
        each, and whom each event tells (decided event by event) delivered together (`store.deliver_all`)."""
        conn = ctx.conn
        await store.add_comments(conn, [
            store.NewComment(e.comment_id, e.post_id, e.author_id, e.body[:SNIPPET], ids(e.mentioned_user_ids))
            for e in (d.event for d in batch) if isinstance(e, ev.CommentAdded)
        ])  # fmt: skip
        counts: dict[str, tuple[int, int]] = {}  # post -> (comments, reactions to the post itself)
        seen: dict[str, dt.datetime] = {}
        for d in batch:
            event, at = d.event, d.envelope.occurred_at
            c, r = counts.get(event.post_id, (0, 0))
            if isinstance(event, ev.CommentAdded):
                counts[event.post_id] = (c + 1, r)
                who = event.author_id
            else:
                counts[event.post_id] = (c, r + (0 if event.comment_id else 1))
                who = event.user_id
            seen[who] = max(seen.get(who, at), at)
        await store.count_responses(conn, counts)
        await store.seen(conn, seen)
        found = await posts(conn, (d.event.post_id for d in batch))
        authors = await comment_authors(conn, (
            d.event.parent_comment_id if isinstance(d.event, ev.CommentAdded) else d.event.comment_id for d in batch
        ))  # fmt: skip
        pending: list[tuple[Draft, store.About]] = []
        for d in batch:
            event = d.event
            facts = found.get(canonical(event.post_id))
            if facts is None or d.envelope.imported:  # imported history: kept in the picture, told to nobody
                continue
            if isinstance(event, ev.CommentAdded):
                drafts = rules.comment_added(
                    facts, comment_id=event.comment_id, author_id=event.author_id,
                    parent_author_id=authors.get(canonical(event.parent_comment_id), ""),
                    parent_comment_id=event.parent_comment_id, mentions=event.mentioned_user_ids,
                )  # fmt: skip
                where = teller.about(
                    d.envelope, post_id=facts.post_id, group_id=facts.group_id, comment_id=event.comment_id
                )
            else:
                target = authors.get(canonical(event.comment_id), "") if event.comment_id else facts.author_id
                drafts = rules.reaction_added(target, event.user_id, event.post_id, event.comment_id)
                detail = "comment" if event.comment_id else ""
                where = teller.about(d.envelope, post_id=facts.post_id, group_id=facts.group_id,
                                     comment_id=event.comment_id, detail=detail)  # fmt: skip
            pending += [(draft, where) for draft in drafts]
        await store.deliver_all(conn, pending)

    @router.on(ev.ReactionRemoved)
    async def reaction_removed(event: ev.ReactionRemoved, ctx: EventContext) -> None:
        if not event.comment_id:
            await store.unreact(ctx.conn, event.post_id)
        facts = await post(ctx.conn, event.post_id)
        if facts is None:
            return
        target = await comment_author(ctx.conn, event.comment_id) if event.comment_id else facts.author_id
        if target:
            await store.withdraw(ctx.conn, target, rules.reaction_key(event.post_id, event.comment_id), event.user_id)

    @router.on(ev.AnswerAccepted)
    async def answer_accepted(event: ev.AnswerAccepted, ctx: EventContext) -> None:
        facts = await post(ctx.conn, event.post_id)
        if facts is None:
            return
        drafts = rules.answer_accepted(event.answer_author_id, event.accepted_by, event.comment_id)
        await teller.tell(ctx, drafts, post_id=facts.post_id, group_id=facts.group_id, comment_id=event.comment_id)
