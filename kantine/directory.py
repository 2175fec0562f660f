"""What every consumer keeps of feed's directory (people, groups, memberships), safe against events that
arrive late.

Events do arrive late: a handler that failed is retried while the events after it flow on, and a dead
letter is replayed (`kantine dlq replay`) after everything that followed it. A `MemberJoined` applied
after the `MemberLeft` that followed it put the person back in the group, with that private group's
notifications, snippets, leaderboard and radar; a late `GroupUpdated` turned a group public again. So
each directory event is applied only when it is newer than the last one applied to the same part of
its aggregate: `await newest(ctx, part)` at the top of the handler, with `part` from the helpers below.
The versions are the feed's own (`Envelope.aggregate_version`, one sequence per person and per group)
and are recorded in the consumer's schema (`aggregate_versions`), kept after a person has left, in the
transaction of the handler, and rebuilt with the consumer's read models.

Each service still writes its own tables (notify keeps e-mail addresses, insights departments); the
rule of which directory event wins is this one, for all of them.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from kantine.consumer import EventContext

E = TypeVar("E")
Handler = Callable[[E, EventContext], Awaitable[None]]

SETTINGS = "settings"  # a group's name, purpose and visibility: GroupCreated, GroupUpdated
ARCHIVED = "archived"  # GroupArchived, GroupUnarchived
PROFILE = "profile"  # a person's profile: UserProvisioned, UserUpdated
ACTIVE = "active"  # UserDeactivated, UserReactivated


def standing(user_id: str) -> str:
    """One person's standing in a group: invited, asked to join, joined, role changed, declined, left."""
    return f"member:{user_id}"


async def newest(ctx: EventContext, part: str) -> bool:
    """Whether this event is newer than every one applied before to `part` of its aggregate (and then it
    is recorded as the newest). An event without a version (0: never from the feed) always applies."""
    version = ctx.envelope.aggregate_version
    if version <= 0:
        return True
    applied = await ctx.conn.fetchval(
        """INSERT INTO aggregate_versions AS a (consumer, aggregate_id, part, version) VALUES ($1, $2, $3, $4)
           ON CONFLICT (consumer, aggregate_id, part) DO UPDATE SET version = excluded.version
           WHERE a.version < excluded.version
           RETURNING true""",
        ctx.consumer, uuid.UUID(ctx.envelope.aggregate_id), part, version,
    )  # fmt: skip
    return bool(applied)


def only_newest(part: Callable[[Any], str]) -> Callable[[Handler[E]], Handler[E]]:
    """A handler that does nothing for an event older than the newest applied to `part(event)`:

    @router.on(ev.MemberJoined)
    @directory.only_newest(lambda e: directory.standing(e.user_id))
    async def joined(event: ev.MemberJoined, ctx: EventContext) -> None: ...
    """

    def wrap(handler: Handler[E]) -> Handler[E]:
        @functools.wraps(handler)
        async def guarded(event: E, ctx: EventContext) -> None:
            if await newest(ctx, part(event)):
                await handler(event, ctx)

        return guarded

    return wrap


def fixed(part: str) -> Callable[[Any], str]:
    """The same part whatever the event (a group's settings, a person's profile)."""
    return lambda _: part


by_person: Callable[[Any], str] = lambda event: standing(event.user_id)  # noqa: E731 (one rule, named)
