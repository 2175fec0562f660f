"""Insights' tables and the writes its handlers share."""

from __future__ import annotations

import datetime as dt
import json
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


_WRITE = """
WITH new_posts AS (
    INSERT INTO posts (post_id, author_id, group_id, question, announcement, must_read, snippet, tags, created_at,
                       published, first_answer_at, reactions)
    SELECT p, a, g, q, an, mr, sn, ARRAY(SELECT jsonb_array_elements_text(tg)), at, pub, fa, r
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bool[], $5::bool[], $6::bool[], $7::text[], $8::jsonb[],
                $9::timestamptz[], $10::bool[], $11::timestamptz[], $12::int[])
         AS t(p, a, g, q, an, mr, sn, tg, at, pub, fa, r)
    ON CONFLICT (post_id) DO NOTHING
), known_posts AS (
    UPDATE posts p SET first_answer_at = least(p.first_answer_at, t.at), reactions = greatest(p.reactions + t.n, 0)
    FROM unnest($13::uuid[], $14::timestamptz[], $15::int[]) AS t(post_id, at, n) WHERE p.post_id = t.post_id
), groups_posted AS (
    UPDATE groups g SET last_post_at = greatest(g.last_post_at, t.at)
    FROM unnest($16::uuid[], $17::timestamptz[]) AS t(group_id, at) WHERE g.group_id = t.group_id
), new_comments AS (
    INSERT INTO comments (comment_id, post_id, author_id, created_at)
    SELECT * FROM unnest($18::uuid[], $19::uuid[], $20::uuid[], $21::timestamptz[]) ON CONFLICT DO NOTHING
), tiers AS (
    INSERT INTO activity (scope, period, start, user_id, level)
    SELECT * FROM unnest($22::uuid[], $23::char[], $24::date[], $25::uuid[], $26::smallint[])
    ON CONFLICT (scope, period, start, user_id)
    DO UPDATE SET level = excluded.level WHERE activity.level < excluded.level
), seen AS (
    -- history imported after the directory provisioned its people: they were here from their first deed
    UPDATE people p SET last_seen_at = greatest(p.last_seen_at, t.last), joined_at = least(p.joined_at, t.first)
    FROM unnest($27::uuid[], $28::timestamptz[], $29::timestamptz[]) AS t(user_id, first, last)
    WHERE p.user_id = t.user_id
), new_acts AS (
    INSERT INTO acts (kind, target_id, actor_id, subject_id, post_id, at, after_hours)
    SELECT * FROM unnest($30::text[], $31::uuid[], $32::uuid[], $33::uuid[], $34::uuid[], $35::timestamptz[],
                         $36::float8[])
    ON CONFLICT DO NOTHING
), answers AS (
    INSERT INTO expertise (user_id, key, answers, accepted)
    SELECT * FROM unnest($37::uuid[], $38::text[], $39::int[], $40::int[])
    ON CONFLICT (key, user_id) DO UPDATE
    SET answers = expertise.answers + excluded.answers, accepted = expertise.accepted + excluded.accepted
), reacted AS (
    INSERT INTO announcement_reactions (post_id, user_id) SELECT * FROM unnest($41::uuid[], $42::uuid[])
    ON CONFLICT DO NOTHING
), confirmed AS (
    INSERT INTO announcement_reads (post_id, user_id) SELECT * FROM unnest($43::uuid[], $44::uuid[])
    ON CONFLICT DO NOTHING
)
SELECT 1
"""


async def write(conn: asyncpg.Connection, tally: Tally) -> None:
    """Everything a tally holds, in one statement (one round trip for a whole run of events).

    Its parts see the database as it was before the statement, so a post the run created gets its first
    answer and reactions in its own new row, not from the update of the posts that were there."""
    new = tally.new_posts
    known = [p for p in dict.fromkeys([*tally.first_answers, *tally.reactions]) if p not in new]
    await conn.execute(
        _WRITE,
        *db.columns(((p, n.post.author, n.post.group_id or None, n.post.question, n.post.announcement, n.must_read,
                      n.snippet, json.dumps(n.post.tags), n.post.created_at, n.published, tally.first_answers.get(p),
                      tally.reactions.get(p, 0)) for p, n in new.items()), 12),
        *db.columns(((p, tally.first_answers.get(p), tally.reactions.get(p, 0)) for p in known), 3),
        *db.columns(tally.group_posts.items(), 2),
        *db.columns(((c, *row) for c, row in tally.new_comments.items()), 4),
        *db.columns(((scope or NIL, *rest, level) for (scope, *rest), level in tally.levels.items()), 5),
        *db.columns(((user, first, last) for user, (first, last) in tally.seen.items()), 3),
        *db.columns(((a.kind, a.target, a.actor, a.subject or NIL, a.post, a.at, a.after_hours)
                     for a in tally.acts.values()), 7),
        *db.columns(((user, key, counts[0], counts[1]) for (user, key), counts in tally.expertise.items()), 4),
        *db.columns(tally.announcement_reactions, 2),
        *db.columns(tally.announcement_reads, 2),
    )  # fmt: skip


async def forget_before(conn: asyncpg.Connection, day: dt.date) -> int:
    """Delete activity of periods that ended before `day`, and acts before it (the retention)."""
    # a month's row starts up to 31 days before it ends: kept until its whole period is past `day`
    status = await conn.execute("DELETE FROM activity WHERE start < $1::date - 31", day)
    acts = await conn.execute("DELETE FROM acts WHERE at < $1", dt.datetime.combine(day, dt.time(), dt.UTC))
    return int(status.split()[-1]) + int(acts.split()[-1])
