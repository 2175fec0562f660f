"""Gamify's tables: the points ledger and what it sums up to (daily caps, counts, totals, leaderboards),
the posts and comments the points are for, the figures badges count, and the awards. Who is who and who
is in which group is kantine.directory's projection (`directory_*`, in gamify's schema), read here.

Every change of points is one SQL statement: the ledger rows and all their sums are written together
(data-modifying CTEs), so the sums can never disagree with the ledger, and an event costs one round
trip for its points whatever the number of people and periods it touches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import asyncpg

from kantine import db, visibility
from kantine.consumer import NotYet
from kantine.ids import optional_uuid
from services.gamify.domain import points as deeds
from services.gamify.domain.points import Earn, PostFacts
from services.gamify.domain.rules import COUNTED, BadgeRule, RuleSet

SCHEMA = "gamify"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer", "directory"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
NIL = uuid.UUID(int=0)
# Whether the group `g` (a LEFT JOIN of directory_groups) keeps its activity inside: not open, a group whose
# settings have not arrived included; the points move out to the organisation when they say it is open.
_CLOSED = f"NOT {visibility.open_sql('g.visibility')}"
_ENTRY = uuid.UUID("0f9a3c56-3e1d-4c0b-9a57-6761d6966679")  # namespace of ledger entry ids

# Applies the rows of `booked` (user_id, action, points, day, group_id, private, n) to every sum (the
# statement that includes it adds its own final SELECT):
# the day's points per action (caps), the count of deeds standing, the total, and the leaderboards
# (the organisation's counts only public activity; a group's counts its own).
_BOOK = """
, d AS (
    INSERT INTO daily (user_id, action, day, points)
    SELECT user_id, action, day, sum(points) FROM booked GROUP BY 1, 2, 3
    ON CONFLICT (user_id, action, day) DO UPDATE SET points = daily.points + excluded.points
), c AS (
    INSERT INTO counts (user_id, action, n)
    SELECT user_id, action, sum(n) FROM booked GROUP BY 1, 2
    ON CONFLICT (user_id, action) DO UPDATE SET n = counts.n + excluded.n
), t AS (
    INSERT INTO totals (user_id, points)
    SELECT user_id, sum(points) FROM booked GROUP BY 1
    ON CONFLICT (user_id) DO UPDATE SET points = totals.points + excluded.points
    RETURNING user_id, points
), s AS (
    INSERT INTO scores (scope, period, start, user_id, points)
    SELECT sc.scope, p.period, p.start, b.user_id, sum(b.points)
    FROM booked b
    CROSS JOIN LATERAL (VALUES ('w', date_trunc('week', b.day)::date), ('m', date_trunc('month', b.day)::date),
                               ('q', date_trunc('quarter', b.day)::date), ('a', DATE '2000-01-01')) AS p(period, start)
    CROSS JOIN LATERAL (SELECT '00000000-0000-0000-0000-000000000000'::uuid WHERE NOT b.private
                        UNION ALL SELECT b.group_id WHERE b.group_id IS NOT NULL) AS sc(scope)
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (scope, period, start, user_id) DO UPDATE SET points = scores.points + excluded.points
)
"""

_EARN = (
    """
WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::text[], $7::uuid[],
                         $8::uuid[], $9::uuid[])
        AS i(entry_id, user_id, action, points, cap, key, other_id, post_id, comment_id)
), priced AS (
    SELECT i.*, CASE WHEN i.cap = 0 THEN i.points
                     ELSE least(i.points, greatest(0, i.cap - coalesce(d.points, 0))) END AS earned
    FROM input i LEFT JOIN daily d ON d.user_id = i.user_id AND d.action = i.action AND d.day = $10
), booked AS (
    INSERT INTO ledger (entry_id, user_id, action, points, capped, key, other_id, post_id, comment_id, group_id,
                        private, source_event_id, at, day)
    SELECT entry_id, user_id, action, earned, earned < points, key, other_id, post_id, comment_id, $11, $12, $13,
           $14, $10
    FROM priced
    ON CONFLICT (user_id, key) WHERE reverses IS NULL AND NOT reversed DO NOTHING
    RETURNING user_id, action, points, day, group_id, private, 1 AS n
)"""
    + _BOOK
    + """
SELECT b.user_id, b.action, t.points AS total,
       (SELECT coalesce(max(level), 1) FROM levels_reached l WHERE l.user_id = b.user_id) AS reached
FROM (SELECT DISTINCT user_id, action FROM booked) b JOIN t ON t.user_id = b.user_id
"""
)

_TAKE_BACK = """
WITH original AS (
    UPDATE ledger SET reversed = true
    WHERE {where} AND reverses IS NULL AND NOT reversed
    RETURNING *
), booked AS (
    INSERT INTO ledger (entry_id, user_id, action, points, key, other_id, post_id, comment_id, group_id, private,
                        source_event_id, at, day, reverses)
    SELECT md5(entry_id::text || $2::uuid::text)::uuid, user_id, action, -points, key, other_id, post_id, comment_id,
           group_id, private, $2::uuid, $3, day, entry_id
    FROM original
    RETURNING user_id, action, points, day, group_id, private, -1 AS n
)"""


@dataclasses.dataclass(frozen=True, slots=True)
class Booked:
    """A deed booked for a person, with their new total and the highest level recorded for them."""

    user_id: str
    action: str
    total: int
    reached: int


@dataclasses.dataclass(frozen=True, slots=True)
class Standing:
    """What a person has: deeds standing per action, and the badge tiers awarded."""

    counts: Mapping[str, int]
    have: set[tuple[str, str]]


def entry_id(event_id: str, earn: Earn) -> uuid.UUID:
    return uuid.uuid5(_ENTRY, f"{event_id}/{earn.user_id}/{earn.action}")


async def earn(
    conn: asyncpg.Connection,
    rules: RuleSet,
    earns: Sequence[Earn],
    *,
    event_id: str,
    at: dt.datetime,
    day: dt.date,
    group_id: uuid.UUID | None,
    private: bool,
) -> list[Booked]:
    """Book the deeds of one event; returns what was booked (for badges and levels)."""
    if not earns:
        return []
    columns = list(
        zip(
            *(
                (entry_id(event_id, e), uuid.UUID(e.user_id), e.action, rules.points[e.action].points,
                 rules.points[e.action].daily_cap, e.key, optional_uuid(e.other_id), optional_uuid(e.post_id),
                 optional_uuid(e.comment_id))
                for e in earns
            ),
            strict=True,
        )
    )  # fmt: skip
    rows = await conn.fetch(_EARN, *map(list, columns), day, group_id, private, uuid.UUID(event_id), at)
    return [Booked(str(r["user_id"]), r["action"], r["total"], r["reached"]) for r in rows]


async def take_back(
    conn: asyncpg.Connection, *, event_id: str, at: dt.datetime, keys: Iterable[str] = (),
    post_id: str = "", comment_id: str = "",
) -> None:  # fmt: skip
    """Reverse the standing entries of some deeds (by key, or all of a post or comment). Badges already
    awarded stay: a figure going down never takes one away."""
    if keys:
        where, value = "key = ANY($1::text[])", list(keys)
    elif comment_id:
        where, value = "comment_id = $1::uuid", uuid.UUID(comment_id)  # type: ignore[assignment]
    else:
        where, value = "post_id = $1::uuid", uuid.UUID(post_id)  # type: ignore[assignment]
    await conn.execute(
        _TAKE_BACK.format(where=where) + _BOOK + "SELECT count(*) FROM booked", value, uuid.UUID(event_id), at
    )


async def sync_group_privacy(conn: asyncpg.Connection, group_id: uuid.UUID) -> None:
    """Move a group's points out of (or back into) the organisation's leaderboards when the directory's
    visibility of the group no longer matches its ledger entries' (it changed, or its settings arrived
    after activity booked as closed meanwhile). By the entries that flip, so the organisation's boards
    stay the sum of its public entries whatever was booked when."""
    await conn.execute(
        f"""WITH flipped AS (
                UPDATE ledger l SET private = x.private
                FROM (SELECT coalesce((SELECT {_CLOSED} FROM directory_groups g WHERE g.group_id = $1), true)
                             AS private) x
                WHERE l.group_id = $1 AND l.private <> x.private
                RETURNING l.user_id, l.day, CASE WHEN x.private THEN -l.points ELSE l.points END AS points
            )
            INSERT INTO scores (scope, period, start, user_id, points)
            SELECT $2::uuid, p.period, p.start, f.user_id, sum(f.points)
            FROM flipped f
            CROSS JOIN LATERAL (VALUES ('w', date_trunc('week', f.day)::date),
                                       ('m', date_trunc('month', f.day)::date),
                                       ('q', date_trunc('quarter', f.day)::date),
                                       ('a', DATE '2000-01-01')) AS p(period, start)
            GROUP BY 1, 2, 3, 4
            ON CONFLICT (scope, period, start, user_id) DO UPDATE SET points = scores.points + excluded.points""",
        group_id, NIL,
    )  # fmt: skip


async def group_creator(conn: asyncpg.Connection, group_id: uuid.UUID) -> str | None:
    """Who created the group (whose community-builder figure its members are), if known yet."""
    creator = await conn.fetchval("SELECT created_by FROM directory_groups WHERE group_id = $1", group_id)
    return None if creator is None else str(creator)


async def move_posts(conn: asyncpg.Connection, group_id: uuid.UUID, into: uuid.UUID) -> None:
    """A merged group's posts are the other group's from now on (what was booked stays where it was)."""
    await conn.execute("UPDATE posts SET group_id = $2 WHERE group_id = $1", group_id, into)


# ----- posts, comments and reactions -----


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """Where a deed happens: whether the one doing it leads, and whether its group keeps it inside."""

    leader: bool
    private: bool


@dataclasses.dataclass(frozen=True, slots=True)
class OnPost:
    """A post that stands, its group, and where a deed on it happens."""

    post: PostFacts
    group: uuid.UUID | None
    place: Place


async def place(conn: asyncpg.Connection, actor: str, group_id: uuid.UUID | None) -> Place:
    """Whether `actor` leads and whether the group (None: no group, the organisation's) is closed."""
    row = await conn.fetchrow(
        f"""SELECT coalesce((SELECT leader FROM directory_people WHERE user_id = $1), false) AS leader,
                   $2::uuid IS NOT NULL
                   AND coalesce((SELECT {_CLOSED} FROM directory_groups g WHERE g.group_id = $2), true) AS private""",
        uuid.UUID(actor), group_id,
    )  # fmt: skip
    return Place(row["leader"], row["private"])


async def on_post(conn: asyncpg.Connection, post_id: str, actor: str) -> OnPost | None:
    """The post (None if deleted), where it is, and whether `actor` leads: one round trip. A post not
    known yet raises NotYet: every post is recorded here, so its event is still on its way."""
    row = await conn.fetchrow(
        f"""SELECT p.author_id, p.group_id, p.question, p.first, p.deleted,
                   p.group_id IS NOT NULL AND {_CLOSED} AS private,
                   coalesce((SELECT leader FROM directory_people WHERE user_id = $2), false) AS leader
            FROM posts p LEFT JOIN directory_groups g ON g.group_id = p.group_id
            WHERE p.post_id = $1""",
        uuid.UUID(post_id), uuid.UUID(actor),
    )  # fmt: skip
    if row is None:
        raise NotYet(f"post {post_id}")
    if row["deleted"]:
        return None
    facts = PostFacts(post_id, str(row["author_id"]), row["question"], row["first"])
    return OnPost(facts, row["group_id"], Place(row["leader"], row["private"]))


async def add_post(
    conn: asyncpg.Connection, post_id: str, author: str, group_id: uuid.UUID | None, question: bool
) -> bool | None:
    """Record a post; returns whether it is its author's first, None if it was recorded before."""
    first = await conn.fetchval(
        """INSERT INTO posts (post_id, author_id, group_id, question, first)
           VALUES ($1, $2, $3, $4, NOT EXISTS (SELECT 1 FROM posts WHERE author_id = $2))
           ON CONFLICT DO NOTHING RETURNING first""",
        uuid.UUID(post_id), uuid.UUID(author), group_id, question,
    )  # fmt: skip
    return None if first is None else bool(first)


async def delete_post(conn: asyncpg.Connection, post_id: str) -> bool:
    """Mark a post deleted; False if it was already. Every post is recorded here, so one not known yet is
    on its way (NotYet): deleted first, its points would be booked after."""
    was = await conn.fetchval(
        """WITH p AS (SELECT deleted FROM posts WHERE post_id = $1 FOR UPDATE),
                d AS (UPDATE posts SET deleted = true WHERE post_id = $1 AND NOT deleted)
           SELECT deleted FROM p""",
        uuid.UUID(post_id),
    )
    if was is None:
        raise NotYet(f"post {post_id}")
    return not was


async def add_comment(conn: asyncpg.Connection, comment_id: str, post_id: str, author: str) -> bool:
    """Record a comment; False if it was recorded before."""
    added = await conn.fetchval(
        """INSERT INTO comments (comment_id, post_id, author_id) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING true""",
        uuid.UUID(comment_id), uuid.UUID(post_id), uuid.UUID(author),
    )  # fmt: skip
    return bool(added)


async def delete_comment(conn: asyncpg.Connection, comment_id: str, post_id: str) -> tuple[str, str] | None:
    """Mark a comment deleted; returns (its author, its post's author), None if it was already or was
    never booked (made on a deleted post). One not known on a post that stands is on its way (NotYet)."""
    row = await conn.fetchrow(
        """UPDATE comments c SET deleted = true FROM posts p
           WHERE c.comment_id = $1 AND NOT c.deleted AND p.post_id = c.post_id
           RETURNING c.author_id, p.author_id AS post_author""",
        uuid.UUID(comment_id),
    )
    if row is not None:
        return str(row["author_id"]), str(row["post_author"])
    known = await conn.fetchval("SELECT true FROM comments WHERE comment_id = $1", uuid.UUID(comment_id))
    post = await conn.fetchval("SELECT deleted FROM posts WHERE post_id = $1", uuid.UUID(post_id))
    if not known and (post is None or not post):  # its post is on its way, or stands: so is the comment
        raise NotYet(f"comment {comment_id}")
    return None


async def comment_author(conn: asyncpg.Connection, comment_id: str) -> str | None:
    """Who wrote a comment that stands (None: deleted). Every comment on a post that stands is recorded
    here, so one not known yet raises NotYet: ask only about comments of such a post."""
    row = await conn.fetchrow("SELECT author_id, deleted FROM comments WHERE comment_id = $1", uuid.UUID(comment_id))
    if row is None:
        raise NotYet(f"comment {comment_id}")
    return None if row["deleted"] else str(row["author_id"])


async def add_reaction(conn: asyncpg.Connection, post_id: str, comment_id: str, user_id: str) -> bool:
    """Record a person's reaction to a post or comment; False if they had reacted (of any kind) before."""
    added = await conn.fetchval(
        """INSERT INTO reactions (post_id, comment_id, user_id) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING true""",
        uuid.UUID(post_id), optional_uuid(comment_id) or NIL, uuid.UUID(user_id),
    )  # fmt: skip
    return bool(added)


async def remove_reaction(conn: asyncpg.Connection, post_id: str, comment_id: str, user_id: str) -> bool:
    """Forget a person's reaction; False if there was none."""
    removed = await conn.fetchval(
        "DELETE FROM reactions WHERE post_id = $1 AND comment_id = $2 AND user_id = $3 RETURNING true",
        uuid.UUID(post_id), optional_uuid(comment_id) or NIL, uuid.UUID(user_id),
    )  # fmt: skip
    return bool(removed)


async def conversation(conn: asyncpg.Connection, post_id: str, writer: str, step: int) -> None:
    """Count comments by people other than the author, and how many different people wrote them."""
    post, person = uuid.UUID(post_id), uuid.UUID(writer)
    if step > 0:
        n = await conn.fetchval(
            """INSERT INTO commenters (post_id, user_id, comments) VALUES ($1, $2, 1)
               ON CONFLICT (post_id, user_id) DO UPDATE SET comments = commenters.comments + 1 RETURNING comments""",
            post, person,
        )  # fmt: skip
    else:
        n = await conn.fetchval(
            "UPDATE commenters SET comments = comments - 1 WHERE post_id = $1 AND user_id = $2 RETURNING comments + 1",
            post, person,
        )  # fmt: skip
        await conn.execute("DELETE FROM commenters WHERE post_id = $1 AND user_id = $2 AND comments <= 0", post, person)
    new_person = 1 if n == 1 else 0
    await conn.execute(
        "UPDATE posts SET comments = comments + $2, commenters = commenters + $3 WHERE post_id = $1",
        post, step, step * new_person,
    )  # fmt: skip


# ----- figures -----


async def mark_active(conn: asyncpg.Connection, user_id: str, day: dt.date) -> bool:
    """Record the person's activity in the week of `day`; True if the week is new (the streak may grow)."""
    inserted = await conn.fetchval(
        "INSERT INTO active_weeks (user_id, week) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
        uuid.UUID(user_id), deeds.week_of(day),
    )  # fmt: skip
    return bool(inserted)


async def standing(conn: asyncpg.Connection, user_id: str) -> Standing:
    row = await conn.fetchrow(
        """SELECT ARRAY(SELECT action FROM counts WHERE user_id = $1 ORDER BY action) AS actions,
                  ARRAY(SELECT n FROM counts WHERE user_id = $1 ORDER BY action) AS ns,
                  ARRAY(SELECT badge_id FROM awards WHERE user_id = $1 ORDER BY badge_id, tier) AS badges,
                  ARRAY(SELECT tier FROM awards WHERE user_id = $1 ORDER BY badge_id, tier) AS tiers""",
        uuid.UUID(user_id),
    )
    return Standing(
        dict(zip(row["actions"], row["ns"], strict=True)), set(zip(row["badges"], row["tiers"], strict=True))
    )


async def figures(
    conn: asyncpg.Connection, user_id: str, badges: Sequence[BadgeRule], counts: Mapping[str, int],
    day: dt.date,
) -> dict[str, int]:  # fmt: skip
    """The figure each of these badges looks at, by badge id (counted ones from `counts`, the rest queried)."""
    uid = uuid.UUID(user_id)
    values: dict[str, int] = {}
    for b in badges:
        if b.metric in COUNTED:
            values[b.badge_id] = sum(counts.get(action, 0) for action in COUNTED[b.metric])
        elif b.metric == "conversations":
            values[b.badge_id] = await conn.fetchval(
                """SELECT count(*) FROM posts
                   WHERE author_id = $1 AND NOT deleted AND comments >= $2 AND commenters >= $3""",
                uid, b.param("comments"), b.param("people"),
            )  # fmt: skip
        elif b.metric == "streak_weeks":
            longest = max(t.threshold for t in b.tiers)
            weeks = await conn.fetch(
                "SELECT week FROM active_weeks WHERE user_id = $1 AND week <= $2 ORDER BY week DESC LIMIT $3",
                uid, day, longest + 1,
            )  # fmt: skip
            values[b.badge_id] = deeds.streak((r["week"] for r in weeks), day)
        elif b.metric == "group_members":
            values[b.badge_id] = await conn.fetchval(
                "SELECT coalesce(max(members), 0) FROM directory_groups WHERE created_by = $1", uid
            )
    return values


async def levels_reached(conn: asyncpg.Connection, user_id: str) -> set[int]:
    rows = await conn.fetch("SELECT level FROM levels_reached WHERE user_id = $1", uuid.UUID(user_id))
    return {r["level"] for r in rows}


async def register_rules(conn: asyncpg.Connection, keys: Sequence[str], now: dt.datetime) -> list[str]:
    """Record the rules in force and since when; returns the keys that are new. A rule taken out of the
    file is forgotten, so putting it back later counts as new (and is backfilled quietly)."""
    await conn.execute("DELETE FROM rules_seen WHERE rule_key <> ALL($1::text[])", list(keys))
    rows = await conn.fetch(
        """INSERT INTO rules_seen (rule_key, first_seen_at) SELECT unnest($1::text[]), $2
           ON CONFLICT DO NOTHING RETURNING rule_key""",
        list(keys), now,
    )  # fmt: skip
    return [r["rule_key"] for r in rows]


async def rules_seen(conn: asyncpg.Connection) -> dict[str, dt.datetime]:
    return {r["rule_key"]: r["first_seen_at"] for r in await conn.fetch("SELECT * FROM rules_seen")}
