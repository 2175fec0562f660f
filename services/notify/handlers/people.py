"""People: where to write to them, their signs of life, whom they follow."""

from __future__ import annotations

from kantine import directory
from kantine.consumer import EventContext, Router
from kantine.v1 import events_pb2 as ev
from services.notify import store
from services.notify.domain import rules
from services.notify.handlers.telling import Teller, seen


def mount(router: Router, mounted: directory.Directory, teller: Teller) -> None:
    @mounted.after(ev.UserProvisioned, ev.UserUpdated)
    async def profile(event: ev.UserProvisioned | ev.UserUpdated, ctx: EventContext, _: directory.Change) -> None:
        await store.remember_recipient(ctx.conn, event.user_id, event.email, ctx.envelope.occurred_at)

    @mounted.after(ev.UserDeactivated)
    async def deactivated(event: ev.UserDeactivated, ctx: EventContext, _: directory.Change) -> None:
        await store.skip_pending_mail(ctx.conn, event.user_id)

    @router.on(ev.Visited)
    async def visited(event: ev.Visited, ctx: EventContext) -> None:
        await seen(ctx, event.user_id)

    @router.on(ev.Followed)
    async def follow(event: ev.Followed, ctx: EventContext) -> None:
        await store.follow(ctx.conn, event.follower_id, person=event.followee_user_id, tag=event.tag)
        if not event.tag:
            await seen(ctx, event.follower_id)
            await teller.tell(ctx, rules.followed(event.followee_user_id, event.follower_id))

    @router.on(ev.Unfollowed)
    async def unfollow(event: ev.Unfollowed, ctx: EventContext) -> None:
        await store.unfollow(ctx.conn, event.follower_id, person=event.followee_user_id, tag=event.tag)
        if not event.tag:
            await store.withdraw(ctx.conn, event.followee_user_id, "followers", event.follower_id)
