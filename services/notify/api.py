"""NotifyService over gRPC: the inbox, its live stream, and preferences."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator

import asyncpg

from kantine.errors import invalid, not_found
from kantine.grpcutil import Context, run
from kantine.v1 import events_pb2 as ev
from kantine.v1 import notify_pb2, notify_pb2_grpc
from services.notify import commands, messages, present, projection, store
from services.notify.domain import preferences as prefs
from services.notify.domain.model import Category, Digest, Level
from services.notify.links import Links
from services.notify.live import Hub

PAGE, MAX_PAGE = 20, 100
STREAM_BATCH = 50


def _user(value: str, field: str = "user_id") -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise invalid(f"{field} must be a UUID, got {value!r}", field) from None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class NotifyApi(notify_pb2_grpc.NotifyServiceServicer):
    def __init__(self, pool: asyncpg.Pool, hub: Hub, links: Links) -> None:
        self.pool = pool
        self.hub = hub
        self.links = links

    # ----- the inbox -----

    async def ListNotifications(
        self, request: notify_pb2.ListNotificationsRequest, context: Context
    ) -> notify_pb2.NotificationPage:
        return await run(context, self._list(request))

    async def _list(self, request: notify_pb2.ListNotificationsRequest) -> notify_pb2.NotificationPage:
        user = _user(request.user_id)
        limit = request.limit or PAGE
        if not 1 <= limit <= MAX_PAGE:
            raise invalid(f"limit must be between 1 and {MAX_PAGE}", "limit")
        before = None
        if request.cursor:
            if not request.cursor.isdigit():
                raise invalid("cursor is not one this service gave out", "cursor")
            before = int(request.cursor)
        async with self.pool.acquire() as conn:
            rows = await store.inbox_page(
                conn, user, limit=limit + 1, before_seq=before, unread_only=request.unread_only
            )
            count = await store.unread(conn, user)
            locale = await self._locale(conn, user)
            await store.seen(conn, {user: _now()})
        more = len(rows) > limit
        rows = rows[:limit]
        return notify_pb2.NotificationPage(
            notifications=[present.notification(r, locale) for r in rows],
            next_cursor=str(rows[-1]["seq"]) if more else "",
            unread_count=count,
        )

    async def UnreadCount(self, request: notify_pb2.UserRequest, context: Context) -> notify_pb2.UnreadCountReply:
        return await run(context, self._count(request.user_id))

    async def _count(self, user_id: str) -> notify_pb2.UnreadCountReply:
        user = _user(user_id)
        async with self.pool.acquire() as conn:
            return notify_pb2.UnreadCountReply(unread_count=await store.unread(conn, user))

    async def MarkRead(self, request: notify_pb2.MarkReadRequest, context: Context) -> notify_pb2.UnreadCountReply:
        return await run(context, self._mark(request.user_id, request.notification_id))

    async def MarkAllRead(self, request: notify_pb2.UserRequest, context: Context) -> notify_pb2.UnreadCountReply:
        return await run(context, self._mark(request.user_id, None))

    async def _mark(self, user_id: str, notification_id: str | None) -> notify_pb2.UnreadCountReply:
        user = _user(user_id)
        now = _now()
        async with self.pool.acquire() as conn, conn.transaction():
            if notification_id is None:
                await conn.execute(
                    "UPDATE notifications SET read_at = $2 WHERE recipient = $1 AND read_at IS NULL",
                    uuid.UUID(user), now,
                )  # fmt: skip
            else:
                found = await conn.fetchval(
                    """UPDATE notifications SET read_at = coalesce(read_at, $3)
                       WHERE recipient = $1 AND notification_id = $2 RETURNING true""",
                    uuid.UUID(user), uuid.UUID(_user(notification_id, "notification_id")), now,
                )  # fmt: skip
                if not found:
                    raise not_found("notification")
            await store.seen(conn, {user: now})
            await store.wake(conn, [user])
            return notify_pb2.UnreadCountReply(unread_count=await store.unread(conn, user))

    async def Stream(self, request: notify_pb2.UserRequest, context: Context) -> AsyncIterator[notify_pb2.InboxUpdate]:
        user = await run(context, _checked_user(request.user_id))
        wake = self.hub.subscribe(user)
        try:
            async with self.pool.acquire() as conn:
                sent = await store.newest_seq(conn, user)
                count = await store.unread(conn, user)
                locale = await self._locale(conn, user)
            yield notify_pb2.InboxUpdate(unread_count=count)
            while True:
                await wake.wait()
                wake.clear()
                async with self.pool.acquire() as conn:
                    rows = await store.inbox_since(conn, user, sent, STREAM_BATCH)
                    if len(rows) == STREAM_BATCH:
                        wake.set()  # more than one batch is waiting: come straight back
                    new_count = await store.unread(conn, user)
                for row in rows:
                    sent = max(sent, row["seq"])
                    yield notify_pb2.InboxUpdate(notification=present.notification(row, locale), unread_count=new_count)
                if not rows and new_count != count:
                    yield notify_pb2.InboxUpdate(unread_count=new_count)
                count = new_count
        finally:
            self.hub.unsubscribe(user, wake)

    # ----- preferences -----

    async def GetPreferences(self, request: notify_pb2.UserRequest, context: Context) -> notify_pb2.Preferences:
        return await run(context, self._own_preferences(request.user_id))

    async def GetOrganisationDefaults(
        self, request: notify_pb2.UserRequest, context: Context
    ) -> notify_pb2.Preferences:
        return await run(context, self._preferences(""))

    async def _own_preferences(self, user_id: str) -> notify_pb2.Preferences:
        return await self._preferences(_user(user_id))

    async def _preferences(self, user_id: str) -> notify_pb2.Preferences:
        """A person's preferences, or with user_id "" the organisation's defaults."""
        async with self.pool.acquire() as conn:
            org = await store.load_settings(conn, store.ORGANISATION)
            own = await store.load_settings(conn, user_id) if user_id else org
            version = await commands.version(conn, projection.owner_of(user_id))
        effective = prefs.resolve(org, own) if user_id else prefs.resolve(org)
        return _preferences_reply(user_id, own, effective, version)

    async def UpdatePreferences(
        self, request: notify_pb2.UpdatePreferencesRequest, context: Context
    ) -> notify_pb2.Preferences:
        return await run(context, self._update(request, organisation=False))

    async def UpdateOrganisationDefaults(
        self, request: notify_pb2.UpdatePreferencesRequest, context: Context
    ) -> notify_pb2.Preferences:
        return await run(context, self._update(request, organisation=True))

    async def _update(
        self, request: notify_pb2.UpdatePreferencesRequest, *, organisation: bool
    ) -> notify_pb2.Preferences:
        if organisation and request.user_id:
            raise invalid("leave user_id empty: the organisation's defaults belong to no one person", "user_id")
        user = "" if organisation else _user(request.user_id)
        actor = _user(request.actor_id or request.user_id, "actor_id")
        requested = _change(request)
        await commands.change(
            self.pool, user_id=user, actor=actor, decide=lambda current: prefs.change(current, requested),
            via="settings", expected_version=request.expected_version,
        )  # fmt: skip
        return await self._preferences(user)

    async def ApplyPreset(self, request: notify_pb2.ApplyPresetRequest, context: Context) -> notify_pb2.Preferences:
        return await run(context, self._preset(request))

    async def _preset(self, request: notify_pb2.ApplyPresetRequest) -> notify_pb2.Preferences:
        user = _user(request.user_id)
        name = request.preset.strip().lower()
        prefs.preset(name, prefs.Settings())  # a clear error before anything is touched
        await commands.change(
            self.pool, user_id=user, actor=user, decide=lambda current: prefs.preset(name, current),
            via=f"preset:{name}",
        )  # fmt: skip
        return await self._preferences(user)

    async def Unsubscribe(
        self, request: notify_pb2.UnsubscribeRequest, context: Context
    ) -> notify_pb2.UnsubscribeReply:
        return await run(context, self._unsubscribe(request.token))

    async def _unsubscribe(self, token: str) -> notify_pb2.UnsubscribeReply:
        user, what = self.links.verify(token)
        if what != "digest":
            prefs.category(what)
        await commands.change(
            self.pool, user_id=user, actor=user, decide=lambda current: prefs.unsubscribe(current, what),
            via=f"unsubscribe:{what}",
        )  # fmt: skip
        return notify_pb2.UnsubscribeReply(user_id=user, category=what)

    async def _locale(self, conn: asyncpg.Connection, user_id: str) -> str:
        return messages.locale_of(await store.locale(conn, user_id))


async def _checked_user(value: str) -> str:
    return _user(value)


def _change(request: notify_pb2.UpdatePreferencesRequest) -> prefs.Change:
    levels: dict[int, Level | None] = {0: None}
    levels.update(projection.LEVELS)
    for g in request.groups:
        if g.level not in levels:
            raise invalid(f"unknown level {g.level} for group {g.group_id}", "groups")
    if request.HasField("group_default") and request.group_default not in levels:
        raise invalid(f"unknown group_default {request.group_default}", "group_default")
    digests: dict[int, Digest | None] = {0: None}
    digests.update(projection.DIGESTS)
    if request.HasField("digest") and request.digest not in digests:
        raise invalid(f"unknown digest {request.digest}", "digest")
    quiet = request.quiet_hours
    given = quiet.start or quiet.end or quiet.time_zone
    if given and request.clear_quiet_hours:
        raise invalid("give quiet hours or clear them, not both", "quiet_hours")
    return prefs.Change(
        channels={
            c.category: prefs.Channel(
                c.in_app if c.HasField("in_app") else None, c.email if c.HasField("email") else None
            )
            for c in request.channels
        },
        groups={g.group_id: levels[g.level] for g in request.groups},
        reset_categories=list(request.reset_categories),
        group_default=levels[request.group_default] if request.HasField("group_default") else None,
        clear_group_default=request.HasField("group_default") and request.group_default == 0,
        digest=digests[request.digest] if request.HasField("digest") else None,
        clear_digest=request.HasField("digest") and request.digest == 0,
        quiet_hours=(quiet.start, quiet.end, quiet.time_zone) if given else None,
        clear_quiet_hours=request.clear_quiet_hours,
    )


def _preferences_reply(
    user_id: str, own: prefs.Settings, effective: prefs.Effective, version: int
) -> notify_pb2.Preferences:
    quiet = effective.quiet_hours
    return notify_pb2.Preferences(
        user_id=user_id,
        categories=[
            notify_pb2.CategoryPreference(
                category=c.value, in_app=effective.channels[c].in_app, email=effective.channels[c].email,
                overridden=c in own.channels, immediate_email=c in prefs.IMMEDIATE_EMAIL,
            )
            for c in Category
        ],
        groups=[ev.GroupPreference(group_id=g, level=projection.LEVEL_CODES[level])
                for g, level in sorted(own.groups.items())],
        group_default=projection.LEVEL_CODES[effective.group_default],
        digest=projection.DIGEST_CODES[effective.digest],
        quiet_hours=ev.QuietHours(start=quiet.start.strftime("%H:%M"), end=quiet.end.strftime("%H:%M"),
                                  time_zone=quiet.time_zone) if quiet else None,
        version=version,
        presets=list(prefs.PRESETS),
        preset=prefs.active_preset(own) if user_id else "",
    )  # fmt: skip


__all__ = ["Level", "NotifyApi"]
