"""The feed's command handlers: load the state, let the domain decide, append and project in one transaction.

Each handler runs in one PostgreSQL transaction: the aggregate's row is locked, the pure rule in
`domain` decides, the events are appended to the event store and applied to the read models by
`projection`. So an event and its effect commit together or not at all, and a rule that fails leaves
nothing behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TypeVar

import asyncpg
from google.protobuf.message import Message

from kantine import history, telemetry
from kantine.envelope import Envelope
from kantine.errors import invalid, not_found
from kantine.eventstore import EventStore, NewEvent
from kantine.ids import new_id
from kantine.v1 import events_pb2 as ev
from services.feed import projection, store
from services.feed.domain import groups, imports, people, posts
from services.feed.domain.model import SYSTEM, Group, Limits, Post
from services.feed.domain.text import normal_tag

events = EventStore(store.SCHEMA)
log = logging.getLogger(__name__)
SWEEP_PAGE = 500  # aggregates per scheduler query
Clock = Callable[[], dt.datetime]
S = TypeVar("S", Post, Group)


async def record(
    conn: asyncpg.Connection, aggregate: str, aggregate_id: str, version: int, decided: Sequence[Message], actor: str
) -> tuple[int, list[int]]:
    """Append the decided events at version+1… and project them; returns (new version, positions).

    Imported history (`kantine.history`) is recorded at the time it happened, marked as imported."""
    if not decided:
        return version, []
    trace = telemetry.current_trace_headers()
    at = history.occurred_at()
    new = [
        NewEvent(Envelope.new(type(e).__name__, aggregate_id, version + i, actor, trace=trace, occurred_at=at,
                              imported=at is not None), e)
        for i, e in enumerate(decided, start=1)
    ]  # fmt: skip
    positions = await events.append(conn, f"{aggregate}-{aggregate_id}", version, new)
    for item, position in zip(new, positions, strict=True):
        await projection.apply(conn, item.payload, item.envelope, position)
    return version + len(new), positions


def _importing() -> bool:
    return history.occurred_at() is not None


def _members_of(group: Group | None) -> None:
    """Imported history changes the members only of a group it brought in (unknown: the rule says so)."""
    imports.only_imported(_importing(), group is None or group.imported, "change the members of a group")


def _imported_post(post: Post | None, change: str) -> None:
    imports.only_imported(_importing(), post is None or post.imported, change)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _drain(step: Callable[[], Awaitable[int]]) -> int:
    """Repeat a scheduler step, a page at a time, until a page comes back short; returns the total."""
    total = 0
    while (n := await step()) > 0:
        total += n
        if n < SWEEP_PAGE:
            break
    return total


class Feed:
    """Every command of the feed; the gRPC layer only translates requests and errors."""

    def __init__(self, pool: asyncpg.Pool, limits: Limits | None = None, clock: Clock = utc_now) -> None:
        self.pool = pool
        self.limits = limits or Limits()
        self.clock = clock

    def now(self) -> dt.datetime:
        """The time a rule decides at: when imported history happened, else the clock's now."""
        return history.occurred_at() or self.clock()

    @contextlib.asynccontextmanager
    async def _tx(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn

    # ----- people -----

    async def provision_user(
        self, actor_id: str, user_id: str, external_id: str, profile: people.Profile
    ) -> tuple[str, int]:
        async with self._tx() as conn:
            if external_id:  # concurrent first provisionings of one person (a retry, two first requests) queue
                await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"feed.external_id:{external_id}")
            known = await store.user_by_external_id(conn, external_id)
            user_id = known or user_id or new_id()
            actor = await store.person(conn, actor_id)
            existing = await store.person(conn, user_id, lock=True)
            decided = people.provision_user(actor_id, actor, user_id, existing, external_id, profile)
            version, _ = await record(conn, "user", user_id, existing.version if existing else 0, decided, actor_id)
            return user_id, version

    async def update_profile(self, actor_id: str, user_id: str, profile: people.Profile, expected: int) -> int:
        imports.never(_importing(), "change a profile")
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            target = await store.person(conn, user_id, lock=True)
            decided = people.update_profile(
                actor_id, actor, target, await store.flags(conn, user_id), profile, expected
            )
            assert target is not None
            return (await record(conn, "user", user_id, target.version, decided, actor_id))[0]

    async def set_active(self, actor_id: str, user_id: str, active: bool) -> int:
        imports.never(_importing(), "deactivate or reactivate people")
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            target = await store.person(conn, user_id, lock=True)
            decided = people.set_active(actor_id, actor, target, active)
            assert target is not None
            return (await record(conn, "user", user_id, target.version, decided, actor_id))[0]

    async def follow(self, actor_id: str, user_id: str, tag: str, on: bool) -> int:
        if not on:
            imports.never(_importing(), "remove anyone's follows")
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id, lock=True)
            target = None if tag else await store.person(conn, user_id)
            if tag:
                following = await store.follows_tag(conn, actor_id, normal_tag(tag))
            else:
                following = await store.follows_user(conn, actor_id, user_id) if target else False
            decided = people.follow(actor, target, tag, following, on)
            assert actor is not None
            return (await record(conn, "user", actor_id, actor.version, decided, actor_id))[0]

    # ----- groups -----

    async def create_group(
        self, actor_id: str, key: str, settings: groups.Settings, owner_ids: list[str]
    ) -> tuple[str, int]:
        async with self._tx() as conn:
            earlier = await store.claim_key(conn, actor_id, key, "CreateGroup")
            if earlier:
                return earlier, 1
            group_id = new_id()
            actor = await store.person(conn, actor_id)
            owners = await store.people(conn, owner_ids)
            decided = groups.create_group(actor, group_id, settings, owner_ids, owners, self.now().date())
            version, _ = await record(conn, "group", group_id, 0, decided, actor_id)
            await store.settle_key(conn, actor_id, key, group_id)
            return group_id, version

    async def update_group(self, actor_id: str, group_id: str, settings: groups.Settings, expected: int) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            imports.never(_importing(), "change a group's settings")
            decided = groups.update_group(actor, group, mine, settings, expected, self.now().date())
            return await self._group_record(conn, group, decided, actor_id)

    async def _group_record(self, conn: asyncpg.Connection, group: Group | None, decided: Sequence[Message],
                            actor_id: str) -> int:  # fmt: skip
        if group is None:
            raise not_found("group")
        return (await record(conn, "group", group.group_id, group.version, decided, actor_id))[0]

    async def join(self, actor_id: str, group_id: str) -> tuple[bool, int]:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            _members_of(group)
            decided = groups.join(actor, group, mine)
            version = await self._group_record(conn, group, decided, actor_id)
            return mine.member or any(isinstance(e, ev.MemberJoined) for e in decided), version

    async def leave(self, actor_id: str, group_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            _members_of(group)
            decided = groups.leave(actor, group, mine, await store.owners(conn, group_id) if group else 0)
            return await self._group_record(conn, group, decided, actor_id)

    async def answer_request(self, actor_id: str, group_id: str, user_id: str, approve: bool) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            _members_of(group)
            user = await store.person(conn, user_id)
            theirs = await store.membership(conn, group_id, user_id)
            decided = groups.answer_request(actor, group, mine, user, theirs, approve)
            return await self._group_record(conn, group, decided, actor_id)

    async def invite(self, actor_id: str, group_id: str, user_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            _members_of(group)
            user = await store.person(conn, user_id)
            decided = groups.invite(actor, group, mine, user, await store.membership(conn, group_id, user_id))
            return await self._group_record(conn, group, decided, actor_id)

    async def remove(self, actor_id: str, group_id: str, user_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            imports.never(_importing(), "remove members")
            theirs = await store.membership(conn, group_id, user_id)
            decided = groups.remove(actor, group, mine, user_id, theirs, await store.owners(conn, group_id))
            return await self._group_record(conn, group, decided, actor_id)

    async def sync_members(
        self, actor_id: str, group_id: str, add: list[str], remove: list[str]
    ) -> tuple[int, list[str]]:
        """The directory's sync: (the group's version, the people skipped)."""
        async with self._tx() as conn:
            group = await store.group(conn, group_id, lock=True)
            people = await store.people(conn, add)
            roles = await store.roles(conn, group_id, [*add, *remove]) if group else {}
            owners = await store.owners(conn, group_id) if group else 0
            decided, skipped = groups.sync_members(actor_id, group, add, remove, people, roles, owners)
            return await self._group_record(conn, group, decided, actor_id), skipped

    async def set_role(self, actor_id: str, group_id: str, user_id: str, role: ev.MemberRole) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            _members_of(group)
            theirs = await store.membership(conn, group_id, user_id)
            decided = groups.set_role(actor, group, mine, user_id, theirs, role, await store.owners(conn, group_id))
            return await self._group_record(conn, group, decided, actor_id)

    async def archive(self, actor_id: str, group_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            imports.never(_importing(), "archive a group")
            return await self._group_record(conn, group, groups.archive(actor, group, mine), actor_id)

    async def unarchive(self, actor_id: str, group_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id)
            imports.never(_importing(), "reopen a group")
            decided = groups.unarchive(actor, group, mine, self.now().date())
            return await self._group_record(conn, group, decided, actor_id)

    async def merge(self, actor_id: str, group_id: str, into_group_id: str) -> int:
        """One transaction: the source records the merge, the target the members it gains."""
        imports.never(_importing(), "merge groups")
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            first, second = sorted([group_id, into_group_id])  # lock in a fixed order: no deadlock
            loaded = {g: await store.group(conn, g, lock=True) for g in (first, second)}
            source, target = loaded[group_id], loaded[into_group_id]
            source_members = await store.members(conn, group_id) if source else {}
            target_members = set(await store.members(conn, into_group_id)) if target else set()
            on_source, on_target = groups.merge(actor, source, target, source_members, target_members)
            assert source is not None and target is not None
            await record(conn, "group", into_group_id, target.version, on_target, actor_id)
            version, _ = await record(conn, "group", group_id, source.version, on_source, actor_id)
            return version

    # ----- posts -----

    async def _post_record(self, conn: asyncpg.Connection, post: Post | None, decided: Sequence[Message],
                           actor_id: str) -> int:  # fmt: skip
        if post is None:
            raise not_found("post")
        return (await record(conn, "post", post.post_id, post.version, decided, actor_id))[0]

    async def create_post(self, actor_id: str, group_id: str, cmd: posts.NewPost, key: str = "") -> tuple[str, int]:
        """Returns (post id, position). Repeating a call with the same post id or key returns the first result."""
        async with self._tx() as conn:
            earlier = await store.claim_key(conn, actor_id, key, "CreatePost")
            if earlier:
                return earlier, await store.post_position(conn, earlier)
            if await store.post(conn, cmd.post_id) is not None:
                return cmd.post_id, await store.post_position(conn, cmd.post_id)
            actor = await store.person(conn, actor_id)
            group, mine = await store.group_context(conn, group_id, actor_id, lock=False)  # no group: (None, nobody)
            if group_id and group is None:
                raise not_found("group")
            if group is not None:
                imports.only_imported(_importing(), group.imported, "post in a group")
            if cmd.publish_at and history.occurred_at():
                raise invalid("imported history is published when it happened: leave publish_at out", "publish_at")
            praised = await store.people(conn, list(cmd.praised_user_ids)) if cmd.praised_user_ids else {}
            active = {u for u, p in praised.items() if p.active}
            decided = posts.create_post(actor, group, mine, cmd, self.limits, self.now(), active)
            post_id = decided[0].post_id  # type: ignore[attr-defined]
            _, positions = await record(conn, "post", post_id, 0, decided, actor_id)
            await store.settle_key(conn, actor_id, key, post_id)
            return post_id, positions[0]

    async def edit_post(self, actor_id: str, post_id: str, body: str, expected: int) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            _imported_post(post, "edit a post")
            decided = posts.edit_post(actor, post, group, mine, body, expected, self.limits)
            return await self._post_record(conn, post, decided, actor_id)

    async def delete_post(self, actor_id: str, post_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            _imported_post(post, "delete a post")
            return await self._post_record(conn, post, posts.delete_post(actor, post, group, mine), actor_id)

    async def pin(self, actor_id: str, post_id: str, on: bool) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            _imported_post(post, "pin or unpin a post")
            return await self._post_record(conn, post, posts.pin(actor, post, group, mine, on), actor_id)

    async def mark_read(self, actor_id: str, post_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            _imported_post(post, "confirm reading a post")
            already = await store.has_read(conn, post_id, actor_id) if post else False
            return await self._post_record(conn, post, posts.mark_read(actor, post, group, mine, already), actor_id)

    async def vote(self, actor_id: str, post_id: str, option: int) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            _imported_post(post, "vote in a poll")
            current = await store.vote(conn, post_id, actor_id) if post else None
            return await self._post_record(conn, post, posts.vote(actor, post, group, mine, option, current), actor_id)

    async def accept_answer(self, actor_id: str, post_id: str, comment_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            _imported_post(post, "accept an answer to a post")
            found = await store.comment(conn, post_id, comment_id) if post else None
            decided = posts.accept_answer(actor, post, group, mine, found)
            return await self._post_record(conn, post, decided, actor_id)

    async def add_comment(
        self, actor_id: str, post_id: str, parent_id: str, body: str, key: str = ""
    ) -> tuple[str, int]:
        async with self._tx() as conn:
            earlier = await store.claim_key(conn, actor_id, key, "AddComment")
            if earlier:
                return earlier, 0
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            _imported_post(post, "comment on a post")
            parent = await store.comment(conn, post_id, parent_id) if post else None
            comment_id = new_id()
            decided = posts.add_comment(actor, post, group, mine, comment_id, parent, parent_id, body, self.limits)
            version = await self._post_record(conn, post, decided, actor_id)
            await store.settle_key(conn, actor_id, key, comment_id)
            return comment_id, version

    async def edit_comment(self, actor_id: str, post_id: str, comment_id: str, body: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            found = await store.comment(conn, post_id, comment_id) if post else None
            imports.only_imported(_importing(), found is None or found.imported, "edit a comment")
            decided = posts.edit_comment(actor, post, group, mine, found, body, self.limits)
            return await self._post_record(conn, post, decided, actor_id)

    async def delete_comment(self, actor_id: str, post_id: str, comment_id: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            found = await store.comment(conn, post_id, comment_id) if post else None
            imports.only_imported(_importing(), found is None or found.imported, "delete a comment")
            return await self._post_record(conn, post, posts.delete_comment(actor, post, group, mine, found), actor_id)

    async def react(self, actor_id: str, post_id: str, comment_id: str, reaction: str) -> int:
        async with self._tx() as conn:
            actor = await store.person(conn, actor_id)
            post, group, mine = await store.post_context(conn, post_id, actor_id, lock=True)
            found = await store.comment(conn, post_id, comment_id) if post else None
            _imported_post(post, "react to a post")
            current = await store.reaction(conn, post_id, comment_id if found else "", actor_id) if post else ""
            decided = posts.react(actor, post, group, mine, comment_id, found, reaction, current, self.limits)
            return await self._post_record(conn, post, decided, actor_id)

    # ----- the scheduler's rules -----

    async def run_scheduler(self, interval_s: float) -> None:
        """Publish scheduled posts and archive ended groups, every `interval_s`, for the life of the service.

        Every replica may run it: each post or group is decided under its row lock, and a second
        replica finds it published or archived already and records nothing.
        """
        while True:
            published, archived = await self.sweep()
            if published or archived:
                log.info("scheduler: published %d post(s), archived %d group(s)", published, archived)
            await asyncio.sleep(interval_s)

    async def sweep(self) -> tuple[int, int]:
        """One pass of the scheduler, through every due post and ended group; returns their numbers."""
        return await _drain(self.publish_due), await _drain(self.archive_ended)

    async def publish_due(self) -> int:
        """Publish the scheduled posts whose time has come; returns how many."""
        now = self.clock()
        due = "SELECT post_id FROM posts WHERE NOT published AND NOT deleted AND publish_at <= $1"
        due += f" ORDER BY publish_at, post_id LIMIT {SWEEP_PAGE}"
        return await self._sweep(due, now, "post", store.post, lambda post: posts.publish_due(post, now))

    async def archive_ended(self) -> int:
        """Archive the groups whose end date has passed; returns how many."""
        today = self.clock().date()
        ended = "SELECT group_id FROM groups WHERE NOT archived AND end_date < $1"
        ended += f" ORDER BY end_date, group_id LIMIT {SWEEP_PAGE}"
        return await self._sweep(ended, today, "group", store.group, lambda group: groups.expire(group, today))

    async def _sweep(
        self, select: str, arg: object, aggregate: str,
        load: Callable[..., Awaitable[S | None]], decide: Callable[[S], list[Message]],
    ) -> int:  # fmt: skip
        """Apply a scheduler rule to each aggregate the query names, each in a transaction of its own."""
        async with self.pool.acquire() as conn:
            ids = [str(r[0]) for r in await conn.fetch(select, arg)]
        done = 0
        for aggregate_id in ids:
            async with self._tx() as conn:
                state = await load(conn, aggregate_id, lock=True)
                if state is None:
                    continue
                decided = decide(state)
                await record(conn, aggregate, aggregate_id, state.version, decided, SYSTEM)
                done += len(decided)
        return done
