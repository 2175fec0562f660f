"""The queries behind the figures; who may see what is decided in `domain.privacy` by the API. A row's
`visibility` is its group's, NULL when it is in no group (`group_id` "") or in one insights does not know
(which is then closed: see `kantine.visibility`).

People, groups, members and join requests are read from feed's directory as `kantine.directory` keeps
it (`directory_*`); a group is known once its settings have arrived (a membership or an archiving can
come first: the directory then keeps it with no visibility, closed). When a person counts from is the
earlier of their provisioning and their first deed (`people_seen`): history imported after the
directory provisioned them counts from when they were there."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from kantine.visibility import open_sql
from services.insights.domain.privacy import Viewer
from services.insights.store import NIL

Row = dict[str, Any]
# a person `p` (directory_people) with `s` (people_seen) left-joined: since when they count
_JOINED = "least(p.joined_at, s.first_seen_at)"


async def viewer(conn: asyncpg.Connection, user_id: uuid.UUID) -> Viewer | None:
    """The person asking, with the groups they own and belong to; None for someone insights does not know."""
    row = await conn.fetchrow(
        """SELECT p.community_manager,
                  coalesce(array_agg(m.group_id::text) FILTER (WHERE m.role = 3), '{}') AS owns,
                  coalesce(array_agg(m.group_id::text) FILTER (WHERE m.group_id IS NOT NULL), '{}') AS member_of
           FROM directory_people p LEFT JOIN directory_members m ON m.user_id = p.user_id
           WHERE p.user_id = $1 AND p.active GROUP BY p.user_id""",
        user_id,
    )
    if row is None:
        return None
    return Viewer(str(user_id), row["community_manager"], frozenset(row["owns"]), frozenset(row["member_of"]))


async def group(conn: asyncpg.Connection, group_id: uuid.UUID) -> Row | None:
    row = await conn.fetchrow(
        """SELECT g.group_id::text, g.name, g.visibility, g.members FROM directory_groups g
           WHERE g.group_id = $1 AND g.visibility IS NOT NULL""",
        group_id,
    )
    return dict(row) if row else None


async def population(conn: asyncpg.Connection, *, department: str | None = None,
                     group_id: uuid.UUID | None = None) -> dict[str, tuple[dt.datetime, str]]:  # fmt: skip
    """Who is counted, with when they joined and their department: the organisation's or a department's
    active people, or a group's members (when they joined the group)."""
    if group_id is not None:
        rows = await conn.fetch(
            """SELECT m.user_id::text, m.joined_at, p.department
               FROM directory_members m JOIN directory_people p USING (user_id)
               WHERE m.group_id = $1 AND p.active""",
            group_id,
        )
    else:
        rows = await conn.fetch(
            f"""SELECT p.user_id::text, {_JOINED}, p.department
                FROM directory_people p LEFT JOIN people_seen s USING (user_id)
                WHERE p.active AND ($1::text IS NULL OR p.department = $1)""",
            department,
        )
    return {r[0]: (r[1], r[2]) for r in rows}


async def levels(
    conn: asyncpg.Connection, scope: uuid.UUID, code: str, starts: Sequence[dt.date], people: Sequence[str]
) -> dict[str, dict[dt.date, int]]:
    """Each person's tier per period in a scope (the organisation: NIL, or a group)."""
    rows = await conn.fetch(
        """SELECT user_id::text, start, level FROM activity
           WHERE scope = $1 AND period = $2 AND start = ANY($3::date[]) AND user_id = ANY($4::uuid[])""",
        scope, code, list(starts), list(people),
    )  # fmt: skip
    out: dict[str, dict[dt.date, int]] = {}
    for user_id, start, level in rows:
        out.setdefault(user_id, {})[start] = level
    return out


async def names(conn: asyncpg.Connection, user_ids: Sequence[str]) -> list[Row]:
    rows = await conn.fetch(
        """SELECT user_id::text, display_name, department FROM directory_people WHERE user_id = ANY($1::uuid[])
           ORDER BY display_name, user_id""",
        list(user_ids),
    )
    return [dict(r) for r in rows]


_TARGET = "coalesce(t.hours, $1)"


async def unanswered(
    conn: asyncpg.Connection, now: dt.datetime, default_hours: int, *, group_id: uuid.UUID | None
) -> list[Row]:
    """Every question past its target without an answer, the longest waiting first."""
    rows = await conn.fetch(
        f"""SELECT p.post_id::text, coalesce(p.group_id::text, '') AS group_id, coalesce(g.name, '') AS group_name,
                   g.visibility, p.author_id::text, a.display_name AS author_name,
                   a.department AS author_department, p.snippet, p.tags, p.created_at, {_TARGET} AS target_hours
            FROM posts p
            LEFT JOIN directory_groups g ON g.group_id = p.group_id
            LEFT JOIN answer_targets t ON t.group_id = p.group_id
            LEFT JOIN directory_people a ON a.user_id = p.author_id
            WHERE p.question AND p.first_answer_at IS NULL AND NOT p.deleted AND p.published
              AND NOT coalesce(g.archived, false)
              AND p.created_at < $2::timestamptz - make_interval(hours => {_TARGET})
              AND ($3::uuid IS NULL OR p.group_id = $3)
            ORDER BY p.created_at, p.post_id""",
        default_hours, now, group_id,
    )  # fmt: skip
    return [dict(r) for r in rows]


async def likely_answerers(conn: asyncpg.Connection, question: Row, limit: int = 3) -> list[Row]:
    """Who answered questions of the same group or tags before, accepted answers weighing most."""
    keys = [f"g:{question['group_id'] or NIL}", *(f"t:{t}" for t in question["tags"])]
    rows = await conn.fetch(
        """SELECT e.user_id::text, p.display_name, p.department, sum(e.accepted * 3 + e.answers) AS score
           FROM expertise e JOIN directory_people p ON p.user_id = e.user_id AND p.active
           WHERE e.key = ANY($1::text[]) AND e.user_id <> $2
           GROUP BY e.user_id, p.display_name, p.department ORDER BY score DESC, p.display_name LIMIT $3""",
        keys, uuid.UUID(question["author_id"]), limit,
    )  # fmt: skip
    return [dict(r) for r in rows]


async def asked(conn: asyncpg.Connection, since: dt.datetime, default_hours: int) -> list[Row]:
    """The questions asked since a time, with their first answer and target."""
    rows = await conn.fetch(
        f"""SELECT coalesce(p.group_id::text, '') AS group_id, coalesce(g.name, '') AS group_name,
                   g.visibility, p.created_at, p.first_answer_at,
                   {_TARGET} AS target_hours
            FROM posts p LEFT JOIN directory_groups g ON g.group_id = p.group_id
            LEFT JOIN answer_targets t ON t.group_id = p.group_id
            WHERE p.question AND NOT p.deleted AND p.published AND p.created_at >= $2""",
        default_hours, since,
    )  # fmt: skip
    return [dict(r) for r in rows]


async def groups_health(conn: asyncpg.Connection, now: dt.datetime, default_hours: int) -> list[Row]:
    """Every open group's figures: members, who was active in it lately, posts, questions waiting, and
    whether an owner has been around."""
    rows = await conn.fetch(
        f"""WITH recent AS (
                SELECT scope AS group_id, count(DISTINCT user_id) AS active FROM activity
                WHERE period = 'w' AND start >= ($2::timestamptz - interval '30 days')::date
                  AND scope <> '00000000-0000-0000-0000-000000000000' AND level >= 2
                GROUP BY scope)
            SELECT g.group_id::text, g.name, g.purpose, g.visibility, g.created_at, ga.last_post_at, g.members,
                   coalesce(r.active, 0) AS active_members,
                   (SELECT count(*) FROM posts p WHERE p.group_id = g.group_id AND NOT p.deleted AND p.published
                      AND p.created_at >= $2 - interval '30 days') AS posts_last_30_days,
                   (SELECT count(*) FROM posts p LEFT JOIN answer_targets t ON t.group_id = p.group_id
                    WHERE p.group_id = g.group_id AND p.question AND p.first_answer_at IS NULL AND NOT p.deleted
                      AND p.published AND p.created_at < $2::timestamptz - make_interval(hours => {_TARGET}))
                     AS unanswered,
                   EXISTS (SELECT 1 FROM directory_members m JOIN directory_people o ON o.user_id = m.user_id
                           JOIN people_seen s ON s.user_id = m.user_id
                           WHERE m.group_id = g.group_id AND m.role = 3 AND o.active
                             AND s.last_seen_at >= $2 - interval '30 days') AS owners_present,
                   coalesce((SELECT array_agg(m.user_id::text) FROM directory_members m
                             WHERE m.group_id = g.group_id), '{{}}') AS member_ids,
                   coalesce((SELECT array_agg(m.user_id::text) FROM directory_members m
                             WHERE m.group_id = g.group_id AND m.role = 3), '{{}}') AS owner_ids
            FROM directory_groups g LEFT JOIN recent r ON r.group_id = g.group_id
            LEFT JOIN group_activity ga ON ga.group_id = g.group_id
            WHERE NOT g.archived AND g.visibility IS NOT NULL
            ORDER BY g.name, g.group_id""",
        default_hours, now,
    )  # fmt: skip
    return [dict(r) for r in rows]


_TEAM = """SELECT p.user_id FROM directory_people p, directory_people l
           WHERE l.user_id = $1 AND p.active AND p.user_id <> l.user_id
             AND ((l.department <> '' AND p.department = l.department) OR p.manager_id = l.user_id)"""


async def leaders(conn: asyncpg.Connection, leader_id: uuid.UUID | None) -> list[Row]:
    """The active leaders (or one), with their manager."""
    rows = await conn.fetch(
        """SELECT user_id::text, display_name, department, coalesce(manager_id::text, '') AS manager_id
           FROM directory_people WHERE active AND leader AND ($1::uuid IS NULL OR user_id = $1)
           ORDER BY display_name, user_id""",
        leader_id,
    )
    return [dict(r) for r in rows]


async def leader_figures(conn: asyncpg.Connection, leader_id: uuid.UUID, start: dt.datetime, end: dt.datetime) -> Row:
    """What one leader did between start and end (see LeaderFigures)."""
    row = await conn.fetchrow(
        f"""WITH mine AS (
                SELECT a.*, coalesce(s.leader, false) AS to_leader
                FROM acts a LEFT JOIN directory_people s ON s.user_id = a.subject_id
                JOIN posts p ON p.post_id = a.post_id AND NOT p.deleted
                WHERE a.actor_id = $1 AND a.at >= $2 AND a.at < $3),
            team AS ({_TEAM})
            SELECT count(*) FILTER (WHERE kind = 'post') AS posts,
                   count(*) FILTER (WHERE kind = 'reply' AND NOT to_leader) AS replies_to_employees,
                   count(*) FILTER (WHERE kind = 'reaction') AS reactions_given,
                   count(*) FILTER (WHERE kind = 'praise') AS praise_given,
                   coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY after_hours)
                            FILTER (WHERE kind = 'reply'), 0) AS median_hours_to_reply,
                   (SELECT count(*) FROM team) AS department_size,
                   (SELECT count(DISTINCT subject_id) FROM mine
                    WHERE kind IN ('reply', 'reaction', 'praise') AND subject_id IN (SELECT user_id FROM team))
                     AS department_recognised
            FROM mine""",
        leader_id, start, end,
    )  # fmt: skip
    return dict(row)


async def deserving(conn: asyncpg.Connection, leader_id: uuid.UUID, since: dt.datetime) -> list[Row]:
    """The leader's people with good work in public places since a time and no recognition from any
    leader since then: accepted answers, posts with three or more reactions, praise from colleagues."""
    rows = await conn.fetch(
        f"""WITH team AS ({_TEAM}),
            public AS (SELECT p.* FROM posts p LEFT JOIN directory_groups g ON g.group_id = p.group_id
                       WHERE NOT p.deleted AND p.published AND (p.group_id IS NULL OR {open_sql("g.visibility")})),
            good AS (
                SELECT a.subject_id AS user_id, 'accepted' AS what, a.post_id FROM acts a JOIN public p USING (post_id)
                WHERE a.kind = 'accepted' AND a.at >= $2
                UNION ALL
                SELECT p.author_id, 'post', p.post_id FROM public p
                WHERE p.created_at >= $2 AND p.reactions >= 3 AND NOT p.question
                UNION ALL
                SELECT a.subject_id, 'praise', a.post_id FROM acts a JOIN public p USING (post_id)
                JOIN directory_people giver ON giver.user_id = a.actor_id AND NOT giver.leader
                WHERE a.kind = 'praise' AND a.at >= $2)
            SELECT g.user_id::text, p.display_name, p.department,
                   count(*) FILTER (WHERE what = 'accepted') AS accepted_answers,
                   count(*) FILTER (WHERE what = 'post') AS well_received_posts,
                   count(*) FILTER (WHERE what = 'praise') AS praised_by_peers,
                   array_agg(DISTINCT g.post_id::text) AS post_ids
            FROM good g JOIN directory_people p ON p.user_id = g.user_id
            WHERE g.user_id IN (SELECT user_id FROM team)
              AND NOT EXISTS (SELECT 1 FROM acts r JOIN directory_people l ON l.user_id = r.actor_id AND l.leader
                              WHERE r.subject_id = g.user_id AND r.kind IN ('reply', 'reaction', 'praise')
                                AND r.at >= $2)
            GROUP BY g.user_id, p.display_name, p.department
            ORDER BY count(*) DESC, p.display_name""",
        leader_id, since,
    )  # fmt: skip
    return [dict(r) for r in rows]


async def announcements(conn: asyncpg.Connection, since: dt.datetime, post_id: uuid.UUID | None) -> list[Row]:
    """Announcements and must-reads posted since a time (or one), newest first, with their group."""
    rows = await conn.fetch(
        """SELECT p.post_id::text, p.author_id::text, a.display_name AS author_name, a.department AS author_department,
                  coalesce(p.group_id::text, '') AS group_id, coalesce(g.name, '') AS group_name,
                  g.visibility, p.snippet, p.must_read, p.created_at, p.views,
                  coalesce((SELECT array_agg(m.user_id::text) FROM directory_members m
                            WHERE m.group_id = p.group_id AND m.role = 3), '{}') AS owner_ids
           FROM posts p LEFT JOIN directory_groups g ON g.group_id = p.group_id
           LEFT JOIN directory_people a ON a.user_id = p.author_id
           WHERE p.announcement AND NOT p.deleted AND p.published
             AND (($2::uuid IS NULL AND p.created_at >= $1) OR p.post_id = $2)
           ORDER BY p.created_at DESC, p.post_id""",
        since, post_id,
    )  # fmt: skip
    return [dict(r) for r in rows]


async def reach(conn: asyncpg.Connection, post: Row) -> list[Row]:
    """Per department of the audience: its size, who came since the post, read it, reacted."""
    rows = await conn.fetch(
        """WITH audience AS (
               SELECT p.user_id, p.department, s.last_seen_at FROM directory_people p
               LEFT JOIN people_seen s USING (user_id)
               WHERE p.active
                 AND ($2::uuid IS NULL OR p.user_id IN (SELECT user_id FROM directory_members WHERE group_id = $2)))
           SELECT a.department, count(*) AS audience,
                  count(*) FILTER (WHERE a.last_seen_at >= $3) AS reached,
                  count(r.user_id) AS read, count(x.user_id) AS reacted
           FROM audience a
           LEFT JOIN announcement_reads r ON r.post_id = $1 AND r.user_id = a.user_id
           LEFT JOIN announcement_reactions x ON x.post_id = $1 AND x.user_id = a.user_id
           GROUP BY a.department ORDER BY a.department""",
        uuid.UUID(post["post_id"]), uuid.UUID(post["group_id"]) if post["group_id"] else None, post["created_at"],
    )  # fmt: skip
    return [dict(r) for r in rows]


async def join_requests(conn: asyncpg.Connection) -> list[Row]:
    rows = await conn.fetch(
        """SELECT r.group_id::text, g.name AS group_name, g.visibility, r.user_id::text, p.display_name,
                  p.department, r.requested_at
           FROM directory_requests r JOIN directory_groups g ON g.group_id = r.group_id AND NOT g.archived
           JOIN directory_people p ON p.user_id = r.user_id AND p.active
           ORDER BY r.requested_at, r.group_id, r.user_id"""
    )
    return [dict(r) for r in rows]


async def quiet_newcomers(conn: asyncpg.Connection, now: dt.datetime) -> list[Row]:
    """People who joined 14 to 60 days ago and have not posted or asked anything yet."""
    rows = await conn.fetch(
        f"""SELECT * FROM (
                SELECT p.user_id::text, p.display_name, p.department, {_JOINED} AS joined_at
                FROM directory_people p LEFT JOIN people_seen s USING (user_id)
                WHERE p.active AND NOT EXISTS (SELECT 1 FROM posts x WHERE x.author_id = p.user_id AND NOT x.deleted)
            ) n
            WHERE n.joined_at < $1::timestamptz - interval '14 days'
              AND n.joined_at >= $1::timestamptz - interval '60 days'
            ORDER BY n.joined_at, n.display_name""",
        now,
    )
    return [dict(r) for r in rows]
