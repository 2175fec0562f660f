"""Feed's directory (people, groups, memberships, invitations, join requests) as every consumer keeps it:
one projection, written by one set of handlers, safe against events that arrive late.

Each consumer needs to know who is in which group to keep a private group private, and each once wrote
that projection itself; four copies drifted, and three of them let a late event undo a newer one. Events
do arrive late: a handler that failed is retried while the events after it flow on, and a dead letter is
replayed (`kantine dlq replay`) after everything that followed it. A `MemberJoined` applied after the
`MemberLeft` that followed it put the person back in the group, with that private group's notifications,
snippets, leaderboard and radar; a late `GroupUpdated` turned a group public again.

So a service mounts `Directory(router)`: its handlers write the `directory_*` tables in the service's
schema (migration `kantine/sql/directory`, rebuilt with the service's read models: `TABLES`), and apply
each event only when it is newer than the last one applied to the same part of its aggregate. The
versions are the feed's own (`Envelope.aggregate_version`, one sequence per person and per group) and
are recorded in the consumer's `aggregate_versions`, kept after a person has left, in the transaction of
the handler. What a service does besides (notify tells the admins of a join request, gamify counts a
creator's members) it registers with `@directory.after(...)`: called in the same transaction, only when
the event was applied, with what changed. What only one service keeps (notify's e-mail addresses,
search's documents) stays in that service's own tables.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from kantine import visibility
from kantine.consumer import EventContext, Router
from kantine.ids import optional_uuid
from kantine.v1 import events_pb2 as ev

E = TypeVar("E")
Handler = Callable[[E, EventContext], Awaitable[None]]

SETTINGS = "settings"  # a group's name, purpose and visibility: GroupCreated, GroupUpdated
ARCHIVED = "archived"  # GroupArchived, GroupUnarchived
MERGED = "merged"  # GroupMerged
PROFILE = "profile"  # a person's profile: UserProvisioned, UserUpdated
ACTIVE = "active"  # UserDeactivated, UserReactivated
# Not of the directory, guarded the same way (`newest`): a question's accepted answer, where accepting
# another moves the mark and the points, so a late AnswerAccepted must not move them back.
ACCEPTED = "accepted"

TABLES = ("directory_people", "directory_groups", "directory_members", "directory_invitations", "directory_requests")
EVENTS = (
    ev.UserProvisioned, ev.UserUpdated, ev.UserDeactivated, ev.UserReactivated,
    ev.GroupCreated, ev.GroupUpdated, ev.GroupArchived, ev.GroupUnarchived, ev.GroupMerged,
    ev.MemberJoined, ev.MemberLeft, ev.MemberRoleChanged, ev.MemberInvited, ev.JoinRequested, ev.JoinRequestDeclined,
)  # fmt: skip


def standing(user_id: str) -> str:
    """One person's standing in a group: invited, asked to join, joined, role changed, declined, left."""
    return f"member:{user_id}"


async def newest(ctx: EventContext, part: str) -> bool:
    """Whether this event is newer than every one applied before to `part` of its aggregate (and then it
    is recorded as the newest). An event without a version (0: never from the feed) always applies. Any
    consumer may guard any part of any aggregate with it, not only the directory's (`ACCEPTED`)."""
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
    """A handler that does nothing for an event older than the newest applied to `part(event)`, for a
    consumer that keeps no directory but reacts to one of its events (the gateway's revocations):

    @router.on(ev.UserDeactivated)
    @directory.only_newest(directory.fixed(directory.ACTIVE))
    async def deactivated(event: ev.UserDeactivated, ctx: EventContext) -> None: ...
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


# ----- what a service reads -----


def readable_sql(group: str, person: str) -> str:
    """Whether `person` may read a post of `group` (SQL expressions), by `visibility.may_read`: a group not
    known here is closed. Its own aliases start with `rule_`, so a caller's `g` or `m` is never shadowed."""
    return visibility.readable_sql(
        f"SELECT rule_g.visibility FROM directory_groups rule_g WHERE rule_g.group_id = {group}",
        f"""EXISTS (SELECT 1 FROM directory_members rule_m
                    WHERE rule_m.group_id = {group} AND rule_m.user_id = {person})""",
    )


def known_sql(group: str, person: str) -> str:
    """Whether `person` may know that `group` exists, by `visibility.may_know` (members and invitees)."""
    return visibility.known_sql(
        f"SELECT rule_g.visibility FROM directory_groups rule_g WHERE rule_g.group_id = {group}",
        f"""(EXISTS (SELECT 1 FROM directory_members rule_m
                     WHERE rule_m.group_id = {group} AND rule_m.user_id = {person})
             OR EXISTS (SELECT 1 FROM directory_invitations rule_i
                        WHERE rule_i.group_id = {group} AND rule_i.user_id = {person}))""",
    )


# ----- the projection -----


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """What the directory did with an applied event, for the reaction of the service that mounts it."""

    added: bool = False  # MemberJoined: the person was not a member before; GroupCreated: the owners joined
    removed: bool = False  # MemberLeft: the person was a member
    requested: bool = False  # MemberJoined: a join request of theirs was waiting
    visibility: int | None = None  # the group's visibility after the event (None: not known here)
    previous_visibility: int | None = None  # GroupUpdated: before it (None: not known here)


Reaction = Callable[[Any, EventContext, Change], Awaitable[None]]


class Directory:
    """The directory's handlers on a consumer's router, and the service's reactions to what they applied.

    A router has one handler per event type, so a service that mounts the directory reacts to its events
    only through `after`; the reaction runs in the handler's transaction, after the directory tables are
    written, and only for an event that was applied (not for a late one; a group's creation is always
    applied in part: it names the creator, and its settings apply unless a newer update came first, so
    its reaction always runs and reads `change.visibility` for what holds). Imported history is applied
    like any other; whether to tell anyone of it is the reaction's decision (`ctx.envelope.imported`).
    """

    def __init__(self, router: Router) -> None:
        self._reactions: dict[type[Any], Reaction] = {}
        on = router.on
        on(ev.UserProvisioned, ev.UserUpdated)(self._profile)
        on(ev.UserDeactivated, ev.UserReactivated)(self._active)
        on(ev.GroupCreated)(self._group_created)
        on(ev.GroupUpdated)(self._group_updated)
        on(ev.GroupArchived, ev.GroupUnarchived)(self._archived)
        on(ev.GroupMerged)(self._merged)
        on(ev.MemberJoined)(self._joined)
        on(ev.MemberLeft)(self._left)
        on(ev.MemberRoleChanged)(self._role_changed)
        on(ev.MemberInvited)(self._invited)
        on(ev.JoinRequested)(self._requested)
        on(ev.JoinRequestDeclined)(self._declined)

    def after(self, *events: type[Any]) -> Callable[[Reaction], Reaction]:
        """Register the service's reaction to these directory events (one per event type)."""

        def register(reaction: Reaction) -> Reaction:
            for event in events:
                if event not in EVENTS:
                    raise ValueError(f"{event.__name__} is not a directory event")
                if event in self._reactions:
                    raise ValueError(f"a reaction to {event.__name__} is already registered")
                self._reactions[event] = reaction
            return reaction

        return register

    async def _react(self, event: Any, ctx: EventContext, change: Change | None = None) -> None:
        reaction = self._reactions.get(type(event))
        if reaction is not None:
            await reaction(event, ctx, change or Change())

    # ----- people -----

    async def _profile(self, event: ev.UserProvisioned | ev.UserUpdated, ctx: EventContext) -> None:
        if not await newest(ctx, PROFILE):
            return
        await ctx.conn.execute(
            """INSERT INTO directory_people AS p (user_id, display_name, department, country, locale, leader,
                                                  community_manager, manager_id, joined_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
               ON CONFLICT (user_id) DO UPDATE SET display_name = $2, department = $3, country = $4, locale = $5,
                   leader = $6, community_manager = $7, manager_id = $8, joined_at = least(p.joined_at, $9)""",
            uuid.UUID(event.user_id), event.display_name, event.department, event.country.upper(), event.locale,
            event.leader, event.community_manager, optional_uuid(event.manager_id), ctx.envelope.occurred_at,
        )  # fmt: skip
        await self._react(event, ctx)

    async def _active(self, event: ev.UserDeactivated | ev.UserReactivated, ctx: EventContext) -> None:
        if not await newest(ctx, ACTIVE):
            return
        await ctx.conn.execute(  # also before the profile: a late provisioning keeps the deactivation
            """INSERT INTO directory_people (user_id, active, joined_at) VALUES ($1, $2, $3)
               ON CONFLICT (user_id) DO UPDATE SET active = $2""",
            uuid.UUID(event.user_id), isinstance(event, ev.UserReactivated), ctx.envelope.occurred_at,
        )  # fmt: skip
        await self._react(event, ctx)

    # ----- groups -----

    async def _settings(self, ctx: EventContext, group: uuid.UUID, event: ev.GroupCreated | ev.GroupUpdated) -> None:
        await ctx.conn.execute(
            """INSERT INTO directory_groups (group_id, name, purpose, visibility, posting_policy, created_at)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (group_id) DO UPDATE SET name = $2, purpose = $3, visibility = $4, posting_policy = $5""",
            group, event.name, event.purpose, event.visibility or visibility.PUBLIC, event.posting_policy or 1,
            ctx.envelope.occurred_at,
        )  # fmt: skip

    async def _group_created(self, event: ev.GroupCreated, ctx: EventContext) -> None:
        group, at = uuid.UUID(event.group_id), ctx.envelope.occurred_at
        if await newest(ctx, SETTINGS):  # else a newer update arrived first: it keeps its settings
            await self._settings(ctx, group, event)
        creator = event.created_by or (event.owner_ids[0] if event.owner_ids else "")
        await ctx.conn.execute(
            """UPDATE directory_groups SET created_by = coalesce(created_by, $2), created_at = least(created_at, $3)
               WHERE group_id = $1""",
            group, optional_uuid(creator), at,
        )  # fmt: skip
        # an owner who has left since (the creation arrived late) stays gone
        owners = [o for o in dict.fromkeys(event.owner_ids) if await newest(ctx, standing(o))]
        added = await self._add_members(ctx, group, owners, ev.MEMBER_ROLE_OWNER)
        await self._react(event, ctx, Change(added=added > 0, visibility=await self._visibility(ctx, group)))

    async def _group_updated(self, event: ev.GroupUpdated, ctx: EventContext) -> None:
        if not await newest(ctx, SETTINGS):
            return
        group = uuid.UUID(event.group_id)
        before = await self._visibility(ctx, group)
        await self._settings(ctx, group, event)
        await self._react(
            event, ctx, Change(visibility=event.visibility or visibility.PUBLIC, previous_visibility=before)
        )

    async def _archived(self, event: ev.GroupArchived | ev.GroupUnarchived, ctx: EventContext) -> None:
        if not await newest(ctx, ARCHIVED):
            return
        await self._set_archived(ctx, uuid.UUID(event.group_id), isinstance(event, ev.GroupArchived))
        await self._react(event, ctx)

    async def _merged(self, event: ev.GroupMerged, ctx: EventContext) -> None:
        """The group is closed into the other (its members arrive there by their own MemberJoined)."""
        if not await newest(ctx, MERGED):
            return
        group = uuid.UUID(event.group_id)
        if await newest(ctx, ARCHIVED):
            await self._set_archived(ctx, group, True)
        await ctx.conn.execute(
            "UPDATE directory_groups SET merged_into = $2 WHERE group_id = $1", group, uuid.UUID(event.into_group_id)
        )
        await self._react(event, ctx)

    async def _set_archived(self, ctx: EventContext, group: uuid.UUID, archived: bool) -> None:
        await ctx.conn.execute(
            """INSERT INTO directory_groups (group_id, archived, created_at) VALUES ($1, $2, $3)
               ON CONFLICT (group_id) DO UPDATE SET archived = $2""",
            group, archived, ctx.envelope.occurred_at,
        )  # fmt: skip

    # ----- memberships -----

    async def _add_members(self, ctx: EventContext, group: uuid.UUID, people: list[str], role: int) -> int:
        """Adds people to a group (or changes their role); returns how many were not members before."""
        if not people:
            return 0
        added = await ctx.conn.fetchval(
            """WITH added AS (
                   INSERT INTO directory_members AS m (group_id, user_id, role, joined_at)
                   SELECT $1, u, $3, $4 FROM unnest($2::uuid[]) AS u
                   ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role
                   RETURNING xmax = 0 AS new),
               gone AS (DELETE FROM directory_invitations WHERE group_id = $1 AND user_id = ANY($2::uuid[]))
               SELECT count(*) FILTER (WHERE new) FROM added""",
            group, [uuid.UUID(p) for p in people], role, ctx.envelope.occurred_at,
        )  # fmt: skip
        await self._count(ctx, group, int(added))
        return int(added)

    async def _count(self, ctx: EventContext, group: uuid.UUID, change: int) -> None:
        if change:
            await ctx.conn.execute(
                """INSERT INTO directory_groups (group_id, created_at, members) VALUES ($1, $3, greatest($2, 0))
                   ON CONFLICT (group_id) DO UPDATE SET members = greatest(directory_groups.members + $2, 0)""",
                group, change, ctx.envelope.occurred_at,
            )  # fmt: skip

    async def _visibility(self, ctx: EventContext, group: uuid.UUID) -> int | None:
        found = await ctx.conn.fetchval("SELECT visibility FROM directory_groups WHERE group_id = $1", group)
        return None if found is None else int(found)

    async def _joined(self, event: ev.MemberJoined, ctx: EventContext) -> None:
        if not await newest(ctx, standing(event.user_id)):
            return
        group, user = uuid.UUID(event.group_id), uuid.UUID(event.user_id)
        added = await self._add_members(ctx, group, [event.user_id], event.role or ev.MEMBER_ROLE_MEMBER)
        requested = await ctx.conn.fetchval(
            "DELETE FROM directory_requests WHERE group_id = $1 AND user_id = $2 RETURNING true", group, user
        )
        change = Change(added=added > 0, requested=bool(requested), visibility=await self._visibility(ctx, group))
        await self._react(event, ctx, change)

    async def _left(self, event: ev.MemberLeft, ctx: EventContext) -> None:
        if not await newest(ctx, standing(event.user_id)):
            return
        group, user = uuid.UUID(event.group_id), uuid.UUID(event.user_id)
        removed = await ctx.conn.fetchval(
            """WITH gone AS (DELETE FROM directory_members WHERE group_id = $1 AND user_id = $2 RETURNING 1),
                    uninvited AS (DELETE FROM directory_invitations WHERE group_id = $1 AND user_id = $2),
                    unasked AS (DELETE FROM directory_requests WHERE group_id = $1 AND user_id = $2)
               SELECT count(*) FROM gone""",
            group, user,
        )  # fmt: skip
        await self._count(ctx, group, -int(removed))
        change = Change(removed=bool(removed), visibility=await self._visibility(ctx, group))
        await self._react(event, ctx, change)

    async def _role_changed(self, event: ev.MemberRoleChanged, ctx: EventContext) -> None:
        """Only a member's role changes, so the person is a member from now on: when the change comes before
        the join (or the creation naming them owner), the join that follows is older and is refused, and
        this is what makes them one."""
        if not await newest(ctx, standing(event.user_id)):
            return
        await self._add_members(ctx, uuid.UUID(event.group_id), [event.user_id], event.role or ev.MEMBER_ROLE_MEMBER)
        await self._react(event, ctx)

    async def _invited(self, event: ev.MemberInvited, ctx: EventContext) -> None:
        if not await newest(ctx, standing(event.user_id)):
            return
        group = uuid.UUID(event.group_id)
        await ctx.conn.execute(
            """INSERT INTO directory_invitations (group_id, user_id, invited_at)
               SELECT $1, $2, $3 WHERE NOT EXISTS
                   (SELECT 1 FROM directory_members WHERE group_id = $1 AND user_id = $2)
               ON CONFLICT DO NOTHING""",
            group, uuid.UUID(event.user_id), ctx.envelope.occurred_at,
        )  # fmt: skip
        await self._react(event, ctx, Change(visibility=await self._visibility(ctx, group)))

    async def _requested(self, event: ev.JoinRequested, ctx: EventContext) -> None:
        if not await newest(ctx, standing(event.user_id)):
            return
        await ctx.conn.execute(
            """INSERT INTO directory_requests (group_id, user_id, requested_at) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING""",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id), ctx.envelope.occurred_at,
        )  # fmt: skip
        await self._react(event, ctx)

    async def _declined(self, event: ev.JoinRequestDeclined, ctx: EventContext) -> None:
        if not await newest(ctx, standing(event.user_id)):
            return
        await ctx.conn.execute(
            "DELETE FROM directory_requests WHERE group_id = $1 AND user_id = $2",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id),
        )  # fmt: skip
        await self._react(event, ctx)
