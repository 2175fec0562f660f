"""Insights' tables and the writes its handlers make. Feed's directory (people, groups, members, join
requests) is `kantine.directory`'s, in the same schema; insights keeps beside it only what it alone needs:
when a person was first and last seen (`people_seen`) and when a group last had a post (`group_activity`)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from pathlib import Path

import asyncpg

from kantine import db
from kantine.consumer import NotYet
from services.insights.domain.tally import Comment, Post, Tally

SCHEMA = "insights"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer", "directory"),
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
    INSERT INTO group_activity (group_id, last_post_at) SELECT * FROM unnest($16::uuid[], $17::timestamptz[])
    ON CONFLICT (group_id) DO UPDATE SET last_post_at = greatest(group_activity.last_post_at, excluded.last_post_at)
), new_comments AS (
    INSERT INTO comments (comment_id, post_id, author_id, created_at)
    SELECT * FROM unnest($18::uuid[], $19::uuid[], $20::uuid[], $21::timestamptz[]) ON CONFLICT DO NOTHING
), tiers AS (
    INSERT INTO activity (scope, period, start, user_id, level)
    SELECT * FROM unnest($22::uuid[], $23::char[], $24::date[], $25::uuid[], $26::smallint[])
    ON CONFLICT (scope, period, start, user_id)
    DO UPDATE SET level = excluded.level WHERE activity.level < excluded.level
), seen AS (
    -- also history imported after the directory provisioned its people: they were here from their first deed
    INSERT INTO people_seen (user_id, first_seen_at, last_seen_at)
    SELECT * FROM unnest($27::uuid[], $28::timestamptz[], $29::timestamptz[])
    ON CONFLICT (user_id) DO UPDATE SET first_seen_at = least(people_seen.first_seen_at, excluded.first_seen_at),
                                        last_seen_at = greatest(people_seen.last_seen_at, excluded.last_seen_at)
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


# ----- what single events change -----


async def published(conn: asyncpg.Connection, post_id: uuid.UUID, at: dt.datetime) -> uuid.UUID | None:
    """A scheduled post appears: it is asked (and waits for its answer) from now. Its group; None when it
    is in none, was published already or is not known."""
    found = await conn.fetchrow(
        """UPDATE posts SET published = true, created_at = $2 WHERE post_id = $1 AND NOT published
           RETURNING group_id""",
        post_id, at,
    )  # fmt: skip
    return None if found is None else found["group_id"]


async def group_posted(conn: asyncpg.Connection, group_id: uuid.UUID, at: dt.datetime) -> None:
    """A group had a post at `at` (its last one, unless a newer one is known)."""
    await conn.execute(
        """INSERT INTO group_activity (group_id, last_post_at) VALUES ($1, $2)
           ON CONFLICT (group_id) DO UPDATE SET last_post_at = greatest(group_activity.last_post_at, $2)""",
        group_id, at,
    )  # fmt: skip


async def edit_post(conn: asyncpg.Connection, post_id: uuid.UUID, snippet: str, tags: list[str]) -> None:
    await conn.execute("UPDATE posts SET snippet = $2, tags = $3 WHERE post_id = $1", post_id, snippet, tags)


async def delete_post(conn: asyncpg.Connection, post_id: uuid.UUID) -> None:
    """Kept for the figures (it was asked, it was answered), without its words. Every post is recorded
    here, so one not known yet is on its way (NotYet): deleted first, it would be counted later."""
    deleted = await conn.fetchval(
        "UPDATE posts SET deleted = true, snippet = '' WHERE post_id = $1 RETURNING true", post_id
    )
    if not deleted:
        raise NotYet(f"post {post_id}")


async def move_posts(conn: asyncpg.Connection, group_id: uuid.UUID, into: uuid.UUID) -> None:
    """A merged group's posts and questions belong to the group it was merged into."""
    await conn.execute("UPDATE posts SET group_id = $2 WHERE group_id = $1", group_id, into)


async def delete_comment(conn: asyncpg.Connection, comment_id: uuid.UUID, post_id: uuid.UUID) -> None:
    """The comment and what it did for anyone go; a question whose only answer it was is waiting again.
    Every comment is recorded here, so one not known yet is on its way (NotYet)."""
    if not await conn.fetchval("DELETE FROM comments WHERE comment_id = $1 RETURNING true", comment_id):
        raise NotYet(f"comment {comment_id}")
    await conn.execute("DELETE FROM acts WHERE target_id = $1", comment_id)
    await conn.execute(
        """UPDATE posts p SET first_answer_at = (
               SELECT min(c.created_at) FROM comments c WHERE c.post_id = p.post_id AND c.author_id <> p.author_id)
           WHERE p.post_id = $1 AND p.question""",
        post_id,
    )


async def remove_reaction(
    conn: asyncpg.Connection, post_id: uuid.UUID, comment_id: uuid.UUID | None, user_id: uuid.UUID
) -> None:
    """A reaction taken back. One to a post by someone else is no longer counted, nor for an announcement;
    one nobody counted (to one's own post) changes nothing."""
    gone = await conn.fetchval(
        "DELETE FROM acts WHERE kind = 'reaction' AND target_id = $1 AND actor_id = $2 RETURNING true",
        comment_id or post_id, user_id,
    )  # fmt: skip
    if not gone or comment_id is not None:
        return
    announcement = await conn.fetchval(
        "UPDATE posts SET reactions = greatest(reactions - 1, 0) WHERE post_id = $1 RETURNING announcement", post_id
    )
    if announcement:
        await conn.execute("DELETE FROM announcement_reactions WHERE post_id = $1 AND user_id = $2", post_id, user_id)


async def count_views(conn: asyncpg.Connection, views: Iterable[tuple[uuid.UUID, int]]) -> None:
    """How often each announcement was shown (the gateway never says to whom)."""
    await conn.executemany("UPDATE posts SET views = views + $2 WHERE post_id = $1 AND announcement", list(views))


async def accept(conn: asyncpg.Connection, post_id: uuid.UUID) -> tuple[str, list[str]] | None:
    """A question's answer accepted (once): its group ("" outside one) and tags; None when it was already
    accepted or is not known."""
    row = await conn.fetchrow(
        "UPDATE posts SET accepted = true WHERE post_id = $1 AND NOT accepted RETURNING group_id, tags", post_id
    )
    return None if row is None else (str(row["group_id"] or ""), list(row["tags"]))


# ----- answer targets (insights' own events) -----


async def set_answer_target(conn: asyncpg.Connection, group_id: uuid.UUID, hours: int) -> None:
    """A group's own target; 0 hours: back to the organisation's default."""
    if hours:
        await conn.execute(
            """INSERT INTO answer_targets (group_id, hours) VALUES ($1, $2)
               ON CONFLICT (group_id) DO UPDATE SET hours = excluded.hours""",
            group_id, hours,
        )  # fmt: skip
    else:
        await conn.execute("DELETE FROM answer_targets WHERE group_id = $1", group_id)


async def may_set_answer_target(conn: asyncpg.Connection, group_id: uuid.UUID, person: uuid.UUID) -> bool | None:
    """Whether the person may set the group's answer target (an owner, or an active community manager);
    None for a group not known here (its settings have not arrived)."""
    row = await conn.fetchrow(
        """SELECT coalesce((SELECT community_manager FROM directory_people WHERE user_id = $2 AND active), false)
                  OR EXISTS (SELECT 1 FROM directory_members WHERE group_id = $1 AND user_id = $2 AND role = 3)
                  AS allowed
           FROM directory_groups WHERE group_id = $1 AND visibility IS NOT NULL""",
        group_id, person,
    )  # fmt: skip
    return None if row is None else bool(row["allowed"])
