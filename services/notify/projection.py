"""Notify's own event store holds preference changes; their tables are its projection, rebuildable with
`kantine projections rebuild notify`. (The inbox is a projection of other services' events, kept by
the consumer.)"""

from __future__ import annotations

import asyncpg
from google.protobuf.message import Message

from kantine.envelope import Envelope
from kantine.projections import ReadModels
from kantine.v1 import events_pb2 as ev
from services.notify import store
from services.notify.domain import preferences as prefs
from services.notify.domain.model import Category, Digest, Level

TABLES = ("pref_settings", "pref_channels", "pref_groups")
LEVEL_CODES: dict[Level, ev.NotificationLevel] = {
    Level.ALL: ev.NOTIFICATION_LEVEL_ALL,
    Level.HIGHLIGHTS: ev.NOTIFICATION_LEVEL_HIGHLIGHTS,
    Level.MUTED: ev.NOTIFICATION_LEVEL_MUTED,
}
DIGEST_CODES: dict[Digest, ev.DigestFrequency] = {
    Digest.DAILY: ev.DIGEST_FREQUENCY_DAILY,
    Digest.WEEKLY: ev.DIGEST_FREQUENCY_WEEKLY,
    Digest.OFF: ev.DIGEST_FREQUENCY_OFF,
}
LEVELS: dict[int, Level] = {int(code): level for level, code in LEVEL_CODES.items()}
DIGESTS: dict[int, Digest] = {int(code): digest for digest, code in DIGEST_CODES.items()}


def owner_of(user_id: str) -> str:
    return user_id or store.ORGANISATION


def event_of(user_id: str, actor: str, settings: prefs.Settings, via: str) -> ev.NotificationPreferencesChanged:
    quiet = settings.quiet_hours
    return ev.NotificationPreferencesChanged(
        user_id=user_id, changed_by=actor,
        channels=[ev.ChannelPreference(category=c.value, in_app=ch.in_app, email=ch.email)
                  for c, ch in sorted(settings.channels.items())],
        groups=[ev.GroupPreference(group_id=g, level=LEVEL_CODES[level])
                for g, level in sorted(settings.groups.items())],
        group_default=LEVEL_CODES[settings.group_default] if settings.group_default else None,
        digest=DIGEST_CODES[settings.digest] if settings.digest else None,
        quiet_hours=ev.QuietHours(start=quiet.start.strftime("%H:%M"), end=quiet.end.strftime("%H:%M"),
                                  time_zone=quiet.time_zone) if quiet else None,
        via=via,
    )  # fmt: skip


def settings_of(event: ev.NotificationPreferencesChanged) -> prefs.Settings:
    known = {c.value for c in Category}
    quiet = None
    if event.HasField("quiet_hours"):
        q = event.quiet_hours
        quiet = prefs.quiet_hours(q.start, q.end, q.time_zone)
    return prefs.Settings(
        channels={
            Category(c.category): prefs.Channel(
                c.in_app if c.HasField("in_app") else None, c.email if c.HasField("email") else None
            )
            for c in event.channels
            if c.category in known
        },
        groups={g.group_id: LEVELS[g.level] for g in event.groups if g.level in LEVELS},
        group_default=LEVELS.get(event.group_default),
        digest=DIGESTS.get(event.digest),
        quiet_hours=quiet,
    )


async def apply(conn: asyncpg.Connection, event: Message, env: Envelope, position: int) -> None:
    if isinstance(event, ev.NotificationPreferencesChanged):
        await store.save_settings(conn, owner_of(event.user_id), settings_of(event))


READ_MODELS = ReadModels(store.SCHEMA, TABLES, apply)
