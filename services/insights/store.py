"""Insights' tables and the writes its handlers share."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path

import asyncpg

from kantine import db
from services.insights.domain.tally import Comment, Post, Tally

SCHEMA = "insights"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
NIL = uuid.UUID(int=0)  # the organisation, as a scope of activity


async def posts_and_comments(
    conn: asyncpg.Connection, post_ids: Iterable[str], comment_ids: Iterable[str]
) -> tuple[dict[str, Post], dict[str, Comment]]:
    """What a tally needs to know of the posts and comments a run of events names: two queries a run."""
    rows = await conn.fetch(
        """SELECT post_id, author_id, group_id, created_at, question, announcement, tags FROM posts
           WHERE post_id = ANY($1::uuid[])""",
        list({uuid.UUID(p) for p in post_ids if p}),
    )
    posts = {
        str(r["post_id"]): Post(
            str(r["author_id"]),
            str(r["group_id"] or ""),
            r["created_at"],
            r["question"],
            r["announcement"],
            tuple(r["tags"]),
        )
        for r in rows
    }
    wanted = list({uuid.UUID(c) for c in comment_ids if c})
    comments = (
        {
            str(r["comment_id"]): Comment(str(r["author_id"]), r["created_at"])
            for r in await conn.fetch(
                "SELECT comment_id, author_id, created_at FROM comments WHERE comment_id = ANY($1::uuid[])", wanted
            )
        }
        if wanted
        else {}
    )
    return posts, comments


async def write(conn: asyncpg.Connection, tally: Tally) -> None:
    """Everything a tally holds, one statement per table it changed (most events change three or four)."""
    if tally.new_comments:
        rows = list(tally.new_comments.items())
        await conn.execute(
            """INSERT INTO comments (comment_id, post_id, author_id, created_at)
               SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) ON CONFLICT DO NOTHING""",
            [c for c, _ in rows], [r[0] for _, r in rows], [r[1] for _, r in rows], [r[2] for _, r in rows],
        )  # fmt: skip
    if tally.first_answers or tally.reactions:
        posts = list(dict.fromkeys([*tally.first_answers, *tally.reactions]))
        await conn.execute(
            """UPDATE posts p SET first_answer_at = least(p.first_answer_at, t.at),
                                  reactions = greatest(p.reactions + t.n, 0)
               FROM unnest($1::uuid[], $2::timestamptz[], $3::int[]) AS t(post_id, at, n)
               WHERE p.post_id = t.post_id""",
            posts, [tally.first_answers.get(p) for p in posts], [tally.reactions.get(p, 0) for p in posts],
        )  # fmt: skip
    if tally.levels:
        keys = list(tally.levels)
        await conn.execute(
            """INSERT INTO activity (scope, period, start, user_id, level)
               SELECT * FROM unnest($1::uuid[], $2::char[], $3::date[], $4::uuid[], $5::smallint[])
               ON CONFLICT (scope, period, start, user_id)
               DO UPDATE SET level = excluded.level WHERE activity.level < excluded.level""",
            [k[0] or NIL for k in keys], [k[1] for k in keys], [k[2] for k in keys], [k[3] for k in keys],
            list(tally.levels.values()),
        )  # fmt: skip
    if tally.seen:
        # history imported after the directory provisioned its people: they were here from their first deed
        await conn.execute(
            """UPDATE people p
               SET last_seen_at = greatest(p.last_seen_at, t.last), joined_at = least(p.joined_at, t.first)
               FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(user_id, first, last)
               WHERE p.user_id = t.user_id""",
            list(tally.seen), [s[0] for s in tally.seen.values()], [s[1] for s in tally.seen.values()],
        )  # fmt: skip
    if tally.acts:
        acts = list(tally.acts.values())
        await conn.execute(
            """INSERT INTO acts (kind, target_id, actor_id, subject_id, post_id, at, after_hours)
               SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[],
                                    $7::float8[])
               ON CONFLICT DO NOTHING""",
            [a.kind for a in acts], [a.target for a in acts], [a.actor for a in acts],
            [a.subject or NIL for a in acts], [a.post for a in acts], [a.at for a in acts],
            [a.after_hours for a in acts],
        )  # fmt: skip
    if tally.expertise:
        answerers = list(tally.expertise)
        await conn.execute(
            """INSERT INTO expertise (user_id, key, answers, accepted)
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[])
               ON CONFLICT (key, user_id) DO UPDATE
               SET answers = expertise.answers + excluded.answers, accepted = expertise.accepted + excluded.accepted""",
            [a[0] for a in answerers], [a[1] for a in answerers], [c[0] for c in tally.expertise.values()],
            [c[1] for c in tally.expertise.values()],
        )  # fmt: skip
    for table, pairs in (("announcement_reactions", tally.announcement_reactions),
                         ("announcement_reads", tally.announcement_reads)):  # fmt: skip
        if pairs:
            await conn.execute(
                f"""INSERT INTO {table} (post_id, user_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])
                    ON CONFLICT DO NOTHING""",
                [p for p, _ in pairs],
                [u for _, u in pairs],
            )


async def forget_before(conn: asyncpg.Connection, day: dt.date) -> int:
    """Delete activity of periods that ended before `day`, and acts before it (the retention)."""
    status = await conn.execute("DELETE FROM activity WHERE start < $1 - 31", day)
    acts = await conn.execute("DELETE FROM acts WHERE at < $1", dt.datetime.combine(day, dt.time(), dt.UTC))
    return int(status.split()[-1]) + int(acts.split()[-1])
