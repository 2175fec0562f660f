"""Notify's tables: the inbox, the e-mail outbox, preferences, and its projection of people and groups.

Delivery is set-based: one statement filters the candidates by activity, preferences and privacy,
writes the notifications, queues the e-mail and returns who was told, so the rules a person relies on
("nothing from a private group I am not in", "not about what I did myself", "off means off") hold in
one place for every kind of notification and every path (inline or a large fan-out).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import asyncpg

from kantine import db, directory
from kantine.consumer import NotYet
from kantine.ids import optional_uuid
from services.notify.domain import preferences as prefs
from services.notify.domain.model import Category, Digest, Draft, Level
from services.notify.domain.rules import Fanout

SCHEMA = "notify"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer", "directory"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
ORGANISATION = "00000000-0000-0000-0000-000000000000"  # the owner of the organisation's preferences
INBOX_CHANNEL = "kantine_notify_inbox"
FANOUT_CHANNEL = "kantine_notify_fanout"  # wakes the fan-out worker when a large audience waits
EVERYONE = "*"
NOTIFY_MAX_NAMES = 200  # recipients named in one NOTIFY payload (8 kB); more wake every stream

_BUILT_IN = (
    [c.value for c in Category],
    [prefs.BUILT_IN.channels[c].in_app for c in Category],
    [prefs.BUILT_IN.channels[c].email for c in Category],
)


_readable = directory.readable_sql  # whether the person may read a post of the group, by the shared rule


def _allowed(actor: str, group: str, post: str, built_in: str) -> str:
    """Each candidate with the channels that apply to them: their own choice, else the organisation's,
    else Kantine's; never the actor (told of their own action), never about a post of a group that is
    not public to someone outside it."""
    return f"""
    JOIN directory_people u ON u.user_id = c.recipient AND u.active
    LEFT JOIN recipients r ON r.user_id = c.recipient
    JOIN unnest({built_in}) AS b(category, in_app, email) ON b.category = c.category
    LEFT JOIN pref_channels o ON o.owner = '00000000-0000-0000-0000-000000000000' AND o.category = c.category
    LEFT JOIN pref_channels p ON p.owner = c.recipient AND p.category = c.category
    WHERE c.recipient IS DISTINCT FROM {actor}
      AND coalesce(p.in_app, o.in_app, b.in_app)
      AND ({group} IS NULL OR {post} IS NULL OR {_readable(group, "c.recipient")})
"""


def _send(mail_on: str) -> str:
    return f"(coalesce(p.email, o.email, b.email) AND coalesce(r.email, '') <> '' AND c.email AND {mail_on})"


def _mail(due: str, same: str) -> str:
    """Queue the e-mail of each notification written (`ins`) whose candidate (`ok`, matched by `same`) gets one."""
    return f"""
    INSERT INTO email_outbox (email_id, dedup_key, recipient, kind, notification_id, due_at)
    SELECT gen_random_uuid(), 'n:' || i.notification_id || ':' || i.generation, i.recipient, 'notification',
           i.notification_id, {due}
    FROM ins i JOIN ok ON {same} AND ok.send
    ON CONFLICT (dedup_key) DO NOTHING
"""


_INSERT = """INSERT INTO notifications AS n (notification_id, recipient, key, kind, category, priority, reason,
    subject, post_id, comment_id, group_id, detail, actors, actor_count, created_at, updated_at)"""
# A second reason for the same notification replaces the first only if it is stronger and still unread.
_UPGRADE = """ON CONFLICT (recipient, key) DO UPDATE
        SET kind = EXCLUDED.kind, category = EXCLUDED.category, priority = EXCLUDED.priority,
            reason = EXCLUDED.reason, subject = EXCLUDED.subject, updated_at = EXCLUDED.updated_at,
            seq = nextval('inbox_seq')
        WHERE n.priority < EXCLUDED.priority AND n.read_at IS NULL"""

# One row per draft, each with what it is about: $1-$3 Kantine's channels, $4... the drafts.
_ROWS = """
    SELECT * FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::smallint[], $9::text[], $10::text[],
                         $11::bool[], $12::uuid[], $13::uuid[], $14::uuid[], $15::uuid[], $16::text[],
                         $17::timestamptz[], $18::timestamptz[])
        AS c(recipient, key, kind, category, priority, reason, subject, email, actor, group_id, post_id, comment_id,
             detail, at, due)"""
_ROWS_OK = f"""SELECT c.*, {_send("c.due IS NOT NULL")} AS send
    FROM c {_allowed("c.actor", "c.group_id", "c.post_id", "$1::text[], $2::bool[], $3::bool[]")}"""
_ROWS_MAIL = _mail("ok.due", "ok.recipient = i.recipient AND ok.key = i.key")

_DELIVER = f"""
WITH c AS ({_ROWS}), ok AS ({_ROWS_OK}), ins AS (
    {_INSERT}
    SELECT gen_random_uuid(), recipient, key, kind, category, priority, reason, subject, post_id, comment_id, group_id,
           detail, CASE WHEN actor IS NULL THEN '{{}}'::uuid[] ELSE ARRAY[actor] END,
           CASE WHEN actor IS NULL THEN 0 ELSE 1 END, at, at
    FROM ok
    {_UPGRADE}
    RETURNING n.notification_id, n.recipient, n.key, n.generation
), mail AS ({_ROWS_MAIL})
SELECT recipient::text FROM ins
"""

# Several people's reactions to one thing are one notification: the newest five actors and how many.
# The actor of a row is its `actors[1]`, on the new row as on the one it updates.
_CONSOLIDATE = f"""
WITH c AS ({_ROWS}), ok AS ({_ROWS_OK}), ins AS (
    {_INSERT}
    SELECT gen_random_uuid(), recipient, key, kind, category, priority, reason, subject, post_id, comment_id, group_id,
           detail, ARRAY[actor], 1, at, at
    FROM ok
    ON CONFLICT (recipient, key) DO UPDATE
        SET updated_at = EXCLUDED.updated_at, seq = nextval('inbox_seq'), read_at = NULL,
            generation = n.generation + CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END,
            actors = (array_prepend(EXCLUDED.actors[1], array_remove(n.actors, EXCLUDED.actors[1])))[1:5],
            actor_count = n.actor_count + CASE WHEN EXISTS (
                SELECT 1 FROM notification_actors a
                WHERE a.notification_id = n.notification_id AND a.actor_id = EXCLUDED.actors[1]
            ) THEN 0 ELSE 1 END
    RETURNING n.notification_id, n.recipient, n.key, n.generation, n.actors[1] AS actor, n.updated_at
), act AS (
    INSERT INTO notification_actors (notification_id, actor_id, added_at)
    SELECT notification_id, actor, updated_at FROM ins
    ON CONFLICT (notification_id, actor_id) DO UPDATE SET added_at = EXCLUDED.added_at
), mail AS ({_ROWS_MAIL})
SELECT recipient::text FROM ins
"""

# The level each candidate has for the group: theirs for it, the organisation's for it, else the
# default level (a large group never chosen for reads as highlights).
_LEVEL = """coalesce(pg.level, og.level, CASE
    WHEN $13::bool AND coalesce(ps.group_default, os.group_default, 'all') = 'all' THEN 'highlights'
    ELSE coalesce(ps.group_default, os.group_default, 'all') END)"""

_FANOUT = f"""
WITH c AS (
    SELECT r AS recipient, $10::text AS category, $16::bool AS email FROM unnest($9::uuid[]) AS r
), ok AS (
    SELECT c.*, {_send("$7::bool")} AS send FROM c
    LEFT JOIN pref_groups pg ON pg.owner = c.recipient AND pg.group_id = $2
    LEFT JOIN pref_groups og ON og.owner = '00000000-0000-0000-0000-000000000000' AND og.group_id = $2
    LEFT JOIN pref_settings ps ON ps.owner = c.recipient
    LEFT JOIN pref_settings os ON os.owner = '00000000-0000-0000-0000-000000000000'
    {_allowed("$1::uuid", "$2::uuid", "$3::uuid", "$4::text[], $5::bool[], $6::bool[]")}
      AND {_LEVEL} = ANY($14::text[])
      AND NOT EXISTS (SELECT 1 FROM post_reads r WHERE r.post_id = $3 AND r.user_id = c.recipient)
), ins AS (
    {_INSERT}
    SELECT gen_random_uuid(), recipient, $11::text, $12::text, category, $17::smallint, $15::text,
           coalesce($2::text, ''), $3, NULL, $2, '', ARRAY[$1::uuid], 1, $18::timestamptz, $18::timestamptz
    FROM ok
    {_UPGRADE}
    RETURNING n.notification_id, n.recipient, n.generation
), mail AS ({_mail("$8::timestamptz", "ok.recipient = i.recipient")})
SELECT recipient::text FROM ins
"""


async def wake(conn: asyncpg.Connection, recipients: Iterable[str]) -> None:
    """Tell every live stream of these people, once the transaction commits, that their inbox moved."""
    names = list(dict.fromkeys(recipients))
    if not names:
        return
    payload = EVERYONE if len(names) > NOTIFY_MAX_NAMES else ",".join(names)
    await conn.execute("SELECT pg_notify($1, $2)", INBOX_CHANNEL, payload)


@dataclasses.dataclass(frozen=True, slots=True)
class About:
    """What a draft is about and who caused it when: the event's side of a notification."""

    actor: str
    at: dt.datetime
    email_due: dt.datetime | None  # None: no e-mail is queued (no SMTP server is configured)
    post_id: str = ""
    comment_id: str = ""
    group_id: str = ""
    detail: str = ""


async def deliver(
    conn: asyncpg.Connection,
    drafts: Sequence[Draft],
    *,
    actor: str,
    at: dt.datetime,
    email_due: dt.datetime | None,
    post_id: str = "",
    comment_id: str = "",
    group_id: str = "",
    detail: str = "",
) -> list[str]:
    """Write the drafts of one event (see `deliver_all`) and wake the live streams of whom it told."""
    about = About(actor, at, email_due, post_id, comment_id, group_id, detail)
    return await deliver_all(conn, [(d, about) for d in drafts])


async def deliver_all(conn: asyncpg.Connection, drafts: Sequence[tuple[Draft, About]]) -> list[str]:
    """Write the drafts that the recipients' preferences and the privacy of the group allow, and wake the
    live streams of whom it told (once, whatever the number of drafts); returns who was told.

    The drafts of a whole run of events go in a few statements: one per "wave" of each kind, a wave holding
    each recipient's notification at most once (an upsert cannot touch one row twice), in event order."""
    told: list[str] = []
    for consolidated, sql in ((False, _DELIVER), (True, _CONSOLIDATE)):
        for wave in _waves([(d, a) for d, a in drafts if d.consolidated == consolidated]):
            rows = await conn.fetch(sql, *_BUILT_IN, *db.columns(_rows(wave), 15))
            told += [r[0] for r in rows]
    await wake(conn, told)
    return told


def _waves(drafts: Sequence[tuple[Draft, About]]) -> list[list[tuple[Draft, About]]]:
    """The drafts in order, split so that no wave has one recipient's notification (key) twice."""
    waves: list[list[tuple[Draft, About]]] = []
    seen: dict[tuple[str, str], int] = {}
    for draft, about in drafts:
        n = seen.get((draft.recipient, draft.key), 0)
        seen[(draft.recipient, draft.key)] = n + 1
        if n == len(waves):
            waves.append([])
        waves[n].append((draft, about))
    return waves


def _rows(wave: Sequence[tuple[Draft, About]]) -> list[tuple[Any, ...]]:
    return [
        (d.recipient, d.key, d.kind.value, d.category.value, d.priority, d.reason.value, d.subject, d.email,
         optional_uuid(a.actor), optional_uuid(a.group_id), optional_uuid(a.post_id), optional_uuid(a.comment_id),
         a.detail, a.at, a.email_due)
        for d, a in wave
    ]  # fmt: skip


async def fan_out(
    conn: asyncpg.Connection,
    spec: Fanout,
    recipients: Sequence[str],
    *,
    post_id: str,
    group_id: str,
    actor: str,
    at: dt.datetime,
    email_due: dt.datetime | None,
    large: bool,
) -> list[str]:
    """Notify a chunk of a post's audience at the level each member chose for the group."""
    draft = spec.draft(ORGANISATION, post_id, group_id)
    rows = await conn.fetch(
        _FANOUT, optional_uuid(actor), optional_uuid(group_id), optional_uuid(post_id), *_BUILT_IN,
        email_due is not None, email_due or at,
        [uuid.UUID(r) for r in recipients], draft.category.value, draft.key, draft.kind.value, large,
        [level.value for level in spec.levels], draft.reason.value, spec.email, draft.priority, at,
    )  # fmt: skip
    told = [r[0] for r in rows]
    await wake(conn, told)
    return told


async def withdraw(conn: asyncpg.Connection, recipient: str, key: str, actor: str) -> None:
    """One actor takes back what made a consolidated notification (a reaction removed)."""
    row = await conn.fetchrow(
        """WITH n AS (SELECT notification_id FROM notifications WHERE recipient = $1 AND key = $2),
                gone AS (DELETE FROM notification_actors a USING n
                         WHERE a.notification_id = n.notification_id AND a.actor_id = $3 RETURNING a.notification_id)
           UPDATE notifications SET actor_count = actor_count - 1
           WHERE notification_id IN (SELECT notification_id FROM gone)
           RETURNING notification_id, actor_count""",
        uuid.UUID(recipient),
        key,
        uuid.UUID(actor),
    )
    if row is None:
        return
    if row["actor_count"] <= 0:
        await conn.execute("DELETE FROM notifications WHERE notification_id = $1", row["notification_id"])
    else:
        await conn.execute(
            """UPDATE notifications SET actors = ARRAY(
                   SELECT actor_id FROM notification_actors WHERE notification_id = $1 ORDER BY added_at DESC LIMIT 5)
               WHERE notification_id = $1""",
            row["notification_id"],
        )
    await wake(conn, [recipient])


async def _forget(conn: asyncpg.Connection, where: str, *args: Any) -> None:
    """Delete notifications and wake their owners."""
    rows = await conn.fetch(f"DELETE FROM notifications WHERE {where} RETURNING recipient::text", *args)
    await wake(conn, [r[0] for r in rows])


async def forget_post(conn: asyncpg.Connection, post_id: uuid.UUID) -> None:
    await _forget(conn, "post_id = $1", post_id)


async def forget_comment(conn: asyncpg.Connection, comment_id: uuid.UUID) -> None:
    await _forget(conn, "comment_id = $1", comment_id)


async def forget_for_outsiders(conn: asyncpg.Connection, group_id: uuid.UUID) -> None:
    """A group made private: what non-members were told about its posts is no longer theirs to see."""
    await _forget(
        conn,
        """group_id = $1 AND post_id IS NOT NULL AND NOT EXISTS
           (SELECT 1 FROM directory_members m WHERE m.group_id = $1 AND m.user_id = recipient)""",
        group_id,
    )


async def forget_group_for(conn: asyncpg.Connection, user_id: uuid.UUID, group_id: uuid.UUID, *, secret: bool) -> None:
    """Someone left a closed group: its posts are no longer theirs to read; a secret group exists only for
    its members and invitees, so their inbox forgets it altogether, the invitation that named it too."""
    if secret:
        await _forget(conn, "recipient = $1 AND (group_id = $2 OR subject = $2::text)", user_id, group_id)
    else:
        await _forget(conn, "recipient = $1 AND group_id = $2 AND post_id IS NOT NULL", user_id, group_id)


# ----- preferences -----


async def load_settings(conn: asyncpg.Connection, owner: str) -> prefs.Settings:
    key = uuid.UUID(owner)
    row = await conn.fetchrow("SELECT * FROM pref_settings WHERE owner = $1", key)
    channels = {
        Category(r["category"]): prefs.Channel(r["in_app"], r["email"])
        for r in await conn.fetch("SELECT category, in_app, email FROM pref_channels WHERE owner = $1", key)
        if r["category"] in Category.__members__.values()
    }
    groups = {
        str(r["group_id"]): Level(r["level"])
        for r in await conn.fetch("SELECT group_id, level FROM pref_groups WHERE owner = $1", key)
    }
    if row is None:
        return prefs.Settings(channels, groups)
    quiet = None
    if row["quiet_start"] is not None and row["quiet_end"] is not None and row["quiet_zone"]:
        quiet = prefs.QuietHours(row["quiet_start"], row["quiet_end"], row["quiet_zone"])
    return prefs.Settings(
        channels,
        groups,
        Level(row["group_default"]) if row["group_default"] else None,
        Digest(row["digest"]) if row["digest"] else None,
        quiet,
    )


async def save_settings(conn: asyncpg.Connection, owner: str, settings: prefs.Settings) -> None:
    """Overwrite one owner's layer (the projection of NotificationPreferencesChanged)."""
    key = uuid.UUID(owner)
    quiet = settings.quiet_hours
    await conn.execute(
        """INSERT INTO pref_settings (owner, group_default, digest, quiet_start, quiet_end, quiet_zone)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (owner) DO UPDATE SET group_default = $2, digest = $3, quiet_start = $4, quiet_end = $5,
                                             quiet_zone = $6""",
        key,
        settings.group_default.value if settings.group_default else None,
        settings.digest.value if settings.digest else None,
        quiet.start if quiet else None,
        quiet.end if quiet else None,
        quiet.time_zone if quiet else None,
    )
    await conn.execute("DELETE FROM pref_channels WHERE owner = $1", key)
    await conn.executemany(
        "INSERT INTO pref_channels (owner, category, in_app, email) VALUES ($1, $2, $3, $4)",
        [(key, c.value, ch.in_app, ch.email) for c, ch in settings.channels.items()],
    )
    await conn.execute("DELETE FROM pref_groups WHERE owner = $1", key)
    await conn.executemany(
        "INSERT INTO pref_groups (owner, group_id, level) VALUES ($1, $2, $3)",
        [(key, uuid.UUID(g), level.value) for g, level in settings.groups.items()],
    )


# ----- the digest as it is sent -----


async def digest_posts(
    conn: asyncpg.Connection, recipient: uuid.UUID, post_ids: Sequence[uuid.UUID]
) -> list[asyncpg.Record]:
    """The posts of a planned digest, in its order, that are still there and that the person may read now.

    A digest waits between planning and sending (quiet hours, retries, a slow SMTP server), and meanwhile
    people leave private groups and groups turn private: what it says is decided as it is sent."""
    return await conn.fetch(  # type: ignore[no-any-return]
        f"""SELECT p.post_id, p.snippet, p.reactions, p.comments, coalesce(u.display_name, '') AS author,
                   coalesce(g.name, '') AS group_name
            FROM unnest($1::uuid[]) WITH ORDINALITY AS s(post_id, ord)
            JOIN posts p ON p.post_id = s.post_id AND NOT p.deleted
            LEFT JOIN directory_people u ON u.user_id = p.author_id
            LEFT JOIN directory_groups g ON g.group_id = p.group_id
            WHERE p.group_id IS NULL OR {_readable("p.group_id", "$2")}
            ORDER BY s.ord""",
        list(post_ids),
        recipient,
    )


# ----- the inbox as it is read -----

INBOX_COLUMNS = """
    n.notification_id, n.recipient, n.key, n.kind, n.category, n.reason, n.subject, n.post_id, n.comment_id, n.group_id,
    n.detail, n.actors, n.actor_count, n.created_at, n.updated_at, n.seq, n.read_at,
    ARRAY(SELECT coalesce(u.display_name, '') FROM unnest(n.actors) WITH ORDINALITY AS a(id, ord)
          LEFT JOIN directory_people u ON u.user_id = a.id ORDER BY a.ord) AS actor_names,
    g.name AS group_name,
    coalesce(c.snippet, p.snippet, '') AS snippet,
    CASE WHEN n.reason IN ('member', 'group_admin', 'your_request', 'invitation')
              THEN (SELECT name FROM directory_groups WHERE group_id::text = n.subject)
         WHEN n.reason = 'follow_person'
              THEN (SELECT display_name FROM directory_people WHERE user_id::text = n.subject)
         ELSE n.subject END AS subject_label,
    p.author_id AS post_author
"""
INBOX_FROM = """
    FROM notifications n
    LEFT JOIN directory_groups g ON g.group_id = n.group_id
    LEFT JOIN posts p ON p.post_id = n.post_id
    LEFT JOIN comments c ON c.comment_id = n.comment_id
"""


async def inbox_page(
    conn: asyncpg.Connection, user_id: str, *, limit: int, before_seq: int | None, unread_only: bool
) -> list[asyncpg.Record]:
    return await conn.fetch(  # type: ignore[no-any-return]
        f"""SELECT {INBOX_COLUMNS} {INBOX_FROM}
            WHERE n.recipient = $1 AND ($2::bigint IS NULL OR n.seq < $2) AND (NOT $3 OR n.read_at IS NULL)
            ORDER BY n.seq DESC LIMIT $4""",
        uuid.UUID(user_id),
        before_seq,
        unread_only,
        limit,
    )


async def inbox_since(conn: asyncpg.Connection, user_id: str, after_seq: int, limit: int) -> list[asyncpg.Record]:
    """What is new or bumped since a live stream last sent, oldest first."""
    return await conn.fetch(  # type: ignore[no-any-return]
        f"""SELECT {INBOX_COLUMNS} {INBOX_FROM}
            WHERE n.recipient = $1 AND n.seq > $2 ORDER BY n.seq LIMIT $3""",
        uuid.UUID(user_id),
        after_seq,
        limit,
    )


async def notification(conn: asyncpg.Connection, notification_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {INBOX_COLUMNS} {INBOX_FROM} WHERE n.notification_id = $1", notification_id)


async def unread(conn: asyncpg.Connection, user_id: str) -> int:
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM notifications WHERE recipient = $1 AND read_at IS NULL", uuid.UUID(user_id)
        )
    )


async def newest_seq(conn: asyncpg.Connection, user_id: str) -> int:
    value = await conn.fetchval("SELECT max(seq) FROM notifications WHERE recipient = $1", uuid.UUID(user_id))
    return int(value or 0)


async def seen(conn: asyncpg.Connection, times: Mapping[str, dt.datetime]) -> None:
    """Signs of life (the latest of each person): the digest goes only to people who have not been here
    since the last one."""
    if times:
        await conn.execute(
            """UPDATE recipients r SET last_seen_at = greatest(r.last_seen_at, t.at)
               FROM unnest($1::uuid[], $2::timestamptz[]) AS t(user_id, at) WHERE r.user_id = t.user_id""",
            [uuid.UUID(u) for u in times], list(times.values()),
        )  # fmt: skip


# ----- notify's picture of people, follows, posts and comments (the directory is kantine.directory's) -----


async def remember_recipient(conn: asyncpg.Connection, user_id: str, email: str, at: dt.datetime) -> None:
    """Where to write to a person, and their first digest a day after they arrived."""
    person = uuid.UUID(user_id)
    await conn.execute(
        """INSERT INTO recipients (user_id, email, created_at) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET email = $2""",
        person, email, at,
    )  # fmt: skip
    await conn.execute(
        "INSERT INTO digests (user_id, next_due_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        person, at + dt.timedelta(days=1),
    )  # fmt: skip


async def skip_pending_mail(conn: asyncpg.Connection, user_id: str) -> None:
    """A deactivated person gets no more e-mail, not even what was already queued."""
    await conn.execute(
        """UPDATE email_outbox SET status = 'skipped', finished_at = now(), last_error = 'deactivated'
           WHERE recipient = $1 AND status = 'pending'""",
        uuid.UUID(user_id),
    )


async def follow(conn: asyncpg.Connection, follower: str, *, person: str = "", tag: str = "") -> None:
    if tag:
        await conn.execute(
            "INSERT INTO follows_tags (follower, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING", uuid.UUID(follower), tag
        )
    else:
        await conn.execute(
            "INSERT INTO follows_people (follower, followee) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            uuid.UUID(follower), uuid.UUID(person),
        )  # fmt: skip


async def unfollow(conn: asyncpg.Connection, follower: str, *, person: str = "", tag: str = "") -> None:
    if tag:
        await conn.execute("DELETE FROM follows_tags WHERE follower = $1 AND tag = $2", uuid.UUID(follower), tag)
    else:
        await conn.execute(
            "DELETE FROM follows_people WHERE follower = $1 AND followee = $2", uuid.UUID(follower), uuid.UUID(person)
        )


async def followers(
    conn: asyncpg.Connection, author: str, tags: Sequence[str]
) -> tuple[list[str], dict[str, list[str]]]:
    """Who follows the author, and who follows each of the tags."""
    people = await conn.fetch("SELECT follower::text FROM follows_people WHERE followee = $1", uuid.UUID(author))
    by_tag: dict[str, list[str]] = {}
    for row in await conn.fetch("SELECT tag, follower::text FROM follows_tags WHERE tag = ANY($1::text[])", list(tags)):
        by_tag.setdefault(row[0], []).append(row[1])
    return [p[0] for p in people], by_tag


async def group_admins(conn: asyncpg.Connection, group_id: str) -> list[str]:
    rows = await conn.fetch(
        "SELECT user_id::text FROM directory_members WHERE group_id = $1 AND role >= 2", uuid.UUID(group_id)
    )
    return [r[0] for r in rows]


async def move_posts(conn: asyncpg.Connection, group_id: str, into_group_id: str) -> None:
    """A merged group's posts are the other group's now: who may read them is decided there."""
    await conn.execute(
        "UPDATE posts SET group_id = $2 WHERE group_id = $1", uuid.UUID(group_id), uuid.UUID(into_group_id)
    )


@dataclasses.dataclass(frozen=True, slots=True)
class NewPost:
    post_id: str
    author_id: str
    group_id: str
    kind: int
    must_read: bool
    snippet: str
    tags: Sequence[str]
    mentions: Sequence[uuid.UUID]
    praised: Sequence[uuid.UUID]
    published: bool
    at: dt.datetime


async def add_post(conn: asyncpg.Connection, post: NewPost) -> None:
    await conn.execute(
        """INSERT INTO posts (post_id, author_id, group_id, kind, must_read, snippet, tags, mentions, praised,
                              published, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (post_id) DO NOTHING""",
        uuid.UUID(post.post_id), uuid.UUID(post.author_id), optional_uuid(post.group_id), post.kind, post.must_read,
        post.snippet, list(post.tags), list(post.mentions), list(post.praised), post.published, post.at,
    )  # fmt: skip


async def publish_post(conn: asyncpg.Connection, post_id: str, at: dt.datetime) -> bool | None:
    """A scheduled post goes out: True the first time (its audience is told then), False after, None for
    a post not known here."""
    return await conn.fetchval(  # type: ignore[no-any-return]
        """WITH p AS (SELECT post_id, published FROM posts WHERE post_id = $1 FOR UPDATE),
                u AS (UPDATE posts SET published = true, created_at = $2
                      WHERE post_id = $1 AND NOT published RETURNING true)
           SELECT NOT p.published FROM p""",
        uuid.UUID(post_id), at,
    )  # fmt: skip


async def edit_post(
    conn: asyncpg.Connection, post_id: str, snippet: str, tags: Sequence[str], mentions: Sequence[uuid.UUID]
) -> list[str] | None:
    """The new words of a post; returns whom it mentioned before, None for a deleted post (its words stay
    gone). Every post is recorded here: one not known yet raises NotYet."""
    row = await conn.fetchrow(
        """WITH old AS (SELECT mentions, deleted FROM posts WHERE post_id = $1 FOR UPDATE),
                new AS (UPDATE posts SET snippet = $2, tags = $3, mentions = $4 WHERE post_id = $1 AND NOT deleted)
           SELECT mentions, deleted FROM old""",
        uuid.UUID(post_id), snippet, list(tags), list(mentions),
    )  # fmt: skip
    if row is None:
        raise NotYet(f"post {post_id}")
    return None if row["deleted"] else [str(u) for u in row["mentions"]]


async def delete_post(conn: asyncpg.Connection, post_id: uuid.UUID) -> bool:
    """Its words go, its pending fan-out stops, its confirmations and notifications with it; False for a
    post not known here."""
    if not await conn.fetchval(
        "UPDATE posts SET deleted = true, snippet = '' WHERE post_id = $1 RETURNING true", post_id
    ):
        return False
    await conn.execute("UPDATE fanouts SET done = true WHERE post_id = $1", post_id)
    await conn.execute("DELETE FROM post_reads WHERE post_id = $1", post_id)
    await forget_post(conn, post_id)
    return True


async def read_post(conn: asyncpg.Connection, post_id: str, user_id: str, at: dt.datetime) -> None:
    """A must-read confirmed: its notification is read, so no e-mail about it follows."""
    post, user = uuid.UUID(post_id), uuid.UUID(user_id)
    await conn.execute("INSERT INTO post_reads (post_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", post, user)
    rows = await conn.fetch(
        """UPDATE notifications SET read_at = $3
           WHERE recipient = $1 AND post_id = $2 AND read_at IS NULL RETURNING recipient::text""",
        user, post, at,
    )  # fmt: skip
    await wake(conn, [r[0] for r in rows])


async def audience_size(conn: asyncpg.Connection, group_id: str | None) -> int:
    """How many a post reaches: the group's members, or everyone active (None)."""
    if group_id is None:
        size = await conn.fetchval("SELECT count(*) FROM directory_people WHERE active")
    else:
        size = await conn.fetchval("SELECT members FROM directory_groups WHERE group_id = $1", uuid.UUID(group_id))
    return int(size or 0)


async def audience(
    conn: asyncpg.Connection, group_id: str | None, *, after: uuid.UUID | None = None, limit: int | None = None
) -> list[str]:
    """The group's members, or everyone active (None), in id order from `after`: the candidates of a fan-out."""
    if group_id is None:
        rows = await conn.fetch(
            """SELECT user_id::text FROM directory_people WHERE active AND ($1::uuid IS NULL OR user_id > $1)
               ORDER BY user_id LIMIT $2""",
            after, limit,
        )  # fmt: skip
    else:
        rows = await conn.fetch(
            """SELECT user_id::text FROM directory_members WHERE group_id = $1 AND ($2::uuid IS NULL OR user_id > $2)
               ORDER BY user_id LIMIT $3""",
            uuid.UUID(group_id), after, limit,
        )  # fmt: skip
    return [r[0] for r in rows]


async def queue_fanout(
    conn: asyncpg.Connection, spec: Fanout, *, post_id: str, group_id: str, actor: str, large: bool, at: dt.datetime
) -> None:
    """A post whose audience is too large to tell inline: the fan-out worker, woken, tells it in chunks."""
    await conn.execute(
        """INSERT INTO fanouts (post_id, group_id, kind, reason, levels, email, actor_id, large, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (post_id) DO NOTHING""",
        uuid.UUID(post_id), optional_uuid(group_id), spec.kind.value, spec.reason.value,
        [level.value for level in spec.levels], spec.email, uuid.UUID(actor), large, at,
    )  # fmt: skip
    await conn.execute("SELECT pg_notify($1, '')", FANOUT_CHANNEL)


async def edit_comment(
    conn: asyncpg.Connection, comment_id: str, snippet: str, mentions: Sequence[uuid.UUID]
) -> list[str] | None:
    """The new words of a comment; returns whom it mentioned before, None for a deleted one (its words
    stay gone). Every comment is recorded here: one not known yet raises NotYet."""
    row = await conn.fetchrow(
        """WITH old AS (SELECT mentions, deleted FROM comments WHERE comment_id = $1 FOR UPDATE),
                new AS (UPDATE comments SET snippet = $2, mentions = $3 WHERE comment_id = $1 AND NOT deleted)
           SELECT mentions, deleted FROM old""",
        uuid.UUID(comment_id), snippet, list(mentions),
    )  # fmt: skip
    if row is None:
        raise NotYet(f"comment {comment_id}")
    return None if row["deleted"] else [str(u) for u in row["mentions"]]


async def delete_comment(conn: asyncpg.Connection, post_id: str, comment_id: str) -> bool:
    """False for a comment not known here."""
    comment = uuid.UUID(comment_id)
    # kept, without its words, so that an edit arriving after it (a crash reorders) finds it gone
    if not await conn.fetchval(
        "UPDATE comments SET deleted = true, snippet = '' WHERE comment_id = $1 AND NOT deleted RETURNING true",
        comment,
    ):
        return False
    await conn.execute("UPDATE posts SET comments = greatest(comments - 1, 0) WHERE post_id = $1", uuid.UUID(post_id))
    await forget_comment(conn, comment)
    return True


@dataclasses.dataclass(frozen=True, slots=True)
class NewComment:
    comment_id: str
    post_id: str
    author_id: str
    snippet: str
    mentions: Sequence[uuid.UUID]


async def add_comments(conn: asyncpg.Connection, comments: Sequence[NewComment]) -> None:
    """A run of comments in one statement."""
    if comments:
        await conn.execute(
            """INSERT INTO comments (comment_id, post_id, author_id, snippet, mentions)
               SELECT c, p, a, s, ARRAY(SELECT jsonb_array_elements_text(m))::uuid[]
               FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[]) AS t(c, p, a, s, m)
               ON CONFLICT (comment_id) DO NOTHING""",
            [c.comment_id for c in comments], [c.post_id for c in comments], [c.author_id for c in comments],
            [c.snippet for c in comments], [json.dumps([str(u) for u in c.mentions]) for c in comments],
        )  # fmt: skip


async def count_responses(conn: asyncpg.Connection, counts: Mapping[str, tuple[int, int]]) -> None:
    """Add comments and reactions (to the post itself) to each post's counts, in one statement."""
    await conn.execute(
        """UPDATE posts p SET comments = p.comments + t.c, reactions = p.reactions + t.r
           FROM unnest($1::uuid[], $2::int[], $3::int[]) AS t(post_id, c, r) WHERE p.post_id = t.post_id""",
        list(counts), [c[0] for c in counts.values()], [c[1] for c in counts.values()],
    )  # fmt: skip


async def unreact(conn: asyncpg.Connection, post_id: str) -> None:
    """Not clamped at 0: a removal that comes before its addition (a crash reorders) still adds up."""
    await conn.execute("UPDATE posts SET reactions = reactions - 1 WHERE post_id = $1", uuid.UUID(post_id))


async def comment_authors(conn: asyncpg.Connection, comment_ids: Sequence[uuid.UUID]) -> dict[str, str]:
    if not comment_ids:
        return {}
    rows = await conn.fetch(
        "SELECT comment_id::text, author_id::text FROM comments WHERE comment_id = ANY($1)", list(comment_ids)
    )
    return {r[0]: r[1] for r in rows}


async def known_posts(conn: asyncpg.Connection, post_ids: Sequence[uuid.UUID]) -> list[asyncpg.Record]:
    """The posts known here with whether each is live (published, not deleted) and whether its author
    leads; one not known (yet) is missing."""
    return await conn.fetch(  # type: ignore[no-any-return]
        """SELECT p.post_id::text, p.author_id::text, coalesce(p.group_id::text, '') AS group_id, p.kind, p.must_read,
                  p.tags, p.mentions, p.praised, coalesce(u.leader, false) AS leader,
                  p.published AND NOT p.deleted AS live
           FROM posts p LEFT JOIN directory_people u ON u.user_id = p.author_id
           WHERE p.post_id = ANY($1)""",
        list(post_ids),
    )


async def person_for_mail(conn: asyncpg.Connection, user_id: uuid.UUID) -> asyncpg.Record | None:
    """What an e-mail to the person needs: the address, language, name, and whether they are active."""
    return await conn.fetchrow(  # type: ignore[no-any-return]
        """SELECT coalesce(r.email, '') AS email, u.locale, u.display_name, u.active
           FROM directory_people u LEFT JOIN recipients r USING (user_id) WHERE u.user_id = $1""",
        user_id,
    )


async def locale(conn: asyncpg.Connection, user_id: str) -> str:
    value = await conn.fetchval("SELECT locale FROM directory_people WHERE user_id = $1", uuid.UUID(user_id))
    return str(value or "")


async def is_community_manager(conn: asyncpg.Connection, user_id: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT community_manager FROM directory_people WHERE user_id = $1 AND active", uuid.UUID(user_id)
        )
    )
