"""Groups: who asks to join and who is let in, invitations, and what a closed group's outsiders forget."""

from __future__ import annotations

import uuid

from kantine import directory, visibility
from kantine.consumer import EventContext
from kantine.v1 import events_pb2 as ev
from services.notify import store
from services.notify.domain import rules
from services.notify.handlers.telling import Teller


def mount(mounted: directory.Directory, teller: Teller) -> None:
    @mounted.after(ev.GroupUpdated)
    async def updated(event: ev.GroupUpdated, ctx: EventContext, change: directory.Change) -> None:
        if not visibility.is_open(change.visibility):
            await store.forget_for_outsiders(ctx.conn, uuid.UUID(event.group_id))

    @mounted.after(ev.GroupMerged)
    async def merged(event: ev.GroupMerged, ctx: EventContext, _: directory.Change) -> None:
        await store.move_posts(ctx.conn, event.group_id, event.into_group_id)

    @mounted.after(ev.MemberJoined)
    async def joined(event: ev.MemberJoined, ctx: EventContext, change: directory.Change) -> None:
        if change.requested and event.added_by and event.added_by != event.user_id:
            await teller.tell(ctx, rules.join_approved(event.user_id, event.group_id))

    @mounted.after(ev.MemberLeft)
    async def left(event: ev.MemberLeft, ctx: EventContext, change: directory.Change) -> None:
        if not visibility.is_open(change.visibility):
            secret = not visibility.may_know(change.visibility, member=False)
            await store.forget_group_for(ctx.conn, uuid.UUID(event.user_id), uuid.UUID(event.group_id), secret=secret)

    @mounted.after(ev.JoinRequested)
    async def requested(event: ev.JoinRequested, ctx: EventContext, _: directory.Change) -> None:
        admins = await store.group_admins(ctx.conn, event.group_id)
        await teller.tell(ctx, rules.join_requested(admins, event.user_id, event.group_id), group_id=event.group_id)

    @mounted.after(ev.MemberInvited)
    async def invited(event: ev.MemberInvited, ctx: EventContext, _: directory.Change) -> None:
        await teller.tell(ctx, rules.invited(event.user_id, event.invited_by, event.group_id), group_id=event.group_id)
