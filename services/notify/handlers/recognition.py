"""Recognition from gamify: a badge or a level reached is told to the person who earned it."""

from __future__ import annotations

from kantine.consumer import EventContext, Router
from kantine.v1 import events_pb2 as ev
from services.notify import store
from services.notify.domain import rules
from services.notify.handlers.telling import Teller


def mount(router: Router, teller: Teller) -> None:
    @router.on(ev.BadgeAwarded)
    async def badge(event: ev.BadgeAwarded, ctx: EventContext) -> None:
        if ctx.envelope.imported:
            return
        name = f"{event.badge_name} ({event.tier})" if event.tier else event.badge_name
        await store.deliver(
            ctx.conn, rules.badge_awarded(event), actor="", at=ctx.envelope.occurred_at,
            email_due=teller.due(ctx.envelope), detail=name or event.badge_id,
        )  # fmt: skip

    @router.on(ev.LevelReached)
    async def level(event: ev.LevelReached, ctx: EventContext) -> None:
        if ctx.envelope.imported:
            return
        await store.deliver(
            ctx.conn, rules.level_reached(event), actor="", at=ctx.envelope.occurred_at,
            email_due=teller.due(ctx.envelope), detail=event.level_name or str(event.level),
        )  # fmt: skip
