"""Posts: who hears of a new one (inline, or a fan-out job for a large audience), edits, deletions, reads."""

from __future__ import annotations

import uuid

from kantine.consumer import EventContext, NotYet, Router
from kantine.v1 import events_pb2 as ev
from services.notify import store
from services.notify.domain import rules
from services.notify.handlers.telling import SNIPPET, Teller, ids, post, seen


def mount(router: Router, teller: Teller) -> None:
    settings = teller.settings

    @router.on(ev.PostCreated)
    async def created(event: ev.PostCreated, ctx: EventContext) -> None:
        scheduled = bool(event.publish_at)
        await store.add_post(ctx.conn, store.NewPost(
            event.post_id, event.author_id, event.group_id, event.kind, event.must_read, event.body[:SNIPPET],
            list(event.tags), ids(event.mentioned_user_ids), ids(event.praised_user_ids), not scheduled,
            ctx.envelope.occurred_at,
        ))  # fmt: skip
        await seen(ctx, event.author_id)
        if not scheduled:
            await publish(ctx, event.post_id)

    @router.on(ev.PostPublished)
    async def published(event: ev.PostPublished, ctx: EventContext) -> None:
        first = await store.publish_post(ctx.conn, event.post_id, ctx.envelope.occurred_at)
        if first is None:
            raise NotYet(f"post {event.post_id}")
        if first:
            await publish(ctx, event.post_id)

    async def publish(ctx: EventContext, post_id: str) -> None:
        facts = await post(ctx.conn, post_id)
        if facts is None or ctx.envelope.imported:
            return
        followers, by_tag = await store.followers(ctx.conn, facts.author_id, facts.tags)
        drafts = rules.post_published(facts, followers=followers, tag_followers=by_tag)
        # actor: the author, as the envelope of a scheduled post's PostPublished is the scheduler's
        at, due = ctx.envelope.occurred_at, teller.due(ctx.envelope)
        await store.deliver(
            ctx.conn, drafts, actor=facts.author_id, at=at, email_due=due, post_id=facts.post_id,
            group_id=facts.group_id,
        )  # fmt: skip
        spec = rules.fanout(facts)
        if spec is None:
            return
        group = None if spec.everyone else facts.group_id
        size = await store.audience_size(ctx.conn, group)
        large = not spec.everyone and size >= settings.large_group
        if size <= settings.fanout_inline:
            await store.fan_out(
                ctx.conn, spec, await store.audience(ctx.conn, group), post_id=facts.post_id, group_id=facts.group_id,
                actor=facts.author_id, at=at, email_due=due, large=large,
            )  # fmt: skip
            return
        await store.queue_fanout(
            ctx.conn, spec, post_id=facts.post_id, group_id=facts.group_id, actor=facts.author_id, large=large, at=at
        )

    @router.on(ev.PostEdited)
    async def edited(event: ev.PostEdited, ctx: EventContext) -> None:
        before = await store.edit_post(
            ctx.conn, event.post_id, event.body[:SNIPPET], list(event.tags), ids(event.mentioned_user_ids)
        )
        if before is None:  # deleted meanwhile
            return
        facts = await post(ctx.conn, event.post_id)
        if facts is None:
            return
        drafts = rules.post_edited(facts, before, event.editor_id)
        await teller.tell(ctx, drafts, post_id=facts.post_id, group_id=facts.group_id)

    @router.on(ev.PostDeleted)
    async def deleted(event: ev.PostDeleted, ctx: EventContext) -> None:
        if not await store.delete_post(ctx.conn, uuid.UUID(event.post_id)):
            raise NotYet(f"post {event.post_id}")

    @router.on(ev.PostRead)
    async def read(event: ev.PostRead, ctx: EventContext) -> None:
        """Confirming a must-read announcement reads its notification: no e-mail about it follows."""
        await store.read_post(ctx.conn, event.post_id, event.user_id, ctx.envelope.occurred_at)
