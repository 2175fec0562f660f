"""The feed's queries: timelines, a post with its comments, people and groups, as the viewer may see them.

Timelines are pulled, not fanned out: the newest posts of the viewer's sources (people, groups, tags,
company-wide announcements) below the cursor, cut to a page. Visibility is part of every scan
(`open_to_all` or a group the viewer is in), so a private group's post never reaches a page it should
not be on.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import asyncpg

from kantine.v1 import events_pb2 as ev
from services.feed.projection import NIL

MAX_PAGE = 100
PINNED = "p.pinned AND (p.group_id IS NULL OR p.group_id IN (SELECT group_id FROM mine))"
MINE = "mine AS (SELECT group_id FROM group_members WHERE user_id = $1::uuid)"
LIVE = "p.published AND NOT p.deleted AND p.rank < $2"
READABLE = "(p.open_to_all OR p.group_id IN (SELECT group_id FROM mine))"


AUTHORS = "authors AS (SELECT followee_id AS id FROM follows_users WHERE follower_id = $1 UNION SELECT $1::uuid)"
FLOOR = "(SELECT rank FROM floor)"


def _above_floor(rank: str, floored: bool) -> str:
    """The second pass reads down to the page's floor and as many as a page; the first, one post."""
    return f"AND {rank} >= {FLOOR} ORDER BY {rank} DESC LIMIT $3" if floored else f"ORDER BY {rank} DESC LIMIT 1"


def _by_author(floored: bool) -> str:
    return f"""SELECT p.post_id, p.rank FROM posts p
        WHERE p.author_id = a.id AND {LIVE} AND {READABLE} AND NOT ({PINNED}) {_above_floor("p.rank", floored)}"""


def _by_group(floored: bool) -> str:
    return f"""SELECT p.post_id, p.rank FROM posts p
        WHERE p.group_id = g.group_id AND {LIVE} AND NOT p.pinned {_above_floor("p.rank", floored)}"""


def _by_tag(floored: bool) -> str:
    return f"""SELECT p.post_id, p.rank FROM post_tags pt JOIN posts p USING (post_id)
        WHERE pt.tag = t.tag AND pt.rank < $2 AND {LIVE} AND {READABLE} AND NOT ({PINNED})
        {_above_floor("pt.rank", floored)}"""


# A page is the newest $3 posts of all the viewer's sources together (people, groups, tags and
# company-wide announcements). Reading $3 posts of each of 200 sources would touch 4,000 rows for 20;
# instead the newest post of each source is read first (one index probe per source), the $3-th
# newest of those is a floor the page cannot go below (they are $3 distinct real candidates), and
# only the sources whose newest post reaches the floor are read again, down to the floor.
HOME = f"""
WITH {MINE},
{AUTHORS},
tags AS (SELECT tag FROM follows_tags WHERE follower_id = $1),
by_author AS (SELECT a.id, x.* FROM authors a CROSS JOIN LATERAL ({_by_author(False)}) x),
by_group AS (SELECT g.group_id, x.* FROM mine g CROSS JOIN LATERAL ({_by_group(False)}) x),
by_tag AS (SELECT t.tag, x.* FROM tags t CROSS JOIN LATERAL ({_by_tag(False)}) x),
announced AS (SELECT p.post_id, p.rank FROM posts p
              WHERE p.kind = 3 AND p.group_id IS NULL AND {LIVE} AND NOT p.pinned ORDER BY p.rank DESC LIMIT $3),
newest AS (SELECT post_id, rank FROM by_author UNION SELECT post_id, rank FROM by_group
           UNION SELECT post_id, rank FROM by_tag UNION SELECT post_id, rank FROM announced),
floor AS (SELECT CASE WHEN count(*) >= $3 THEN min(rank) ELSE 0 END AS rank
          FROM (SELECT rank FROM newest ORDER BY rank DESC LIMIT $3) n),
candidates AS (
    SELECT x.* FROM by_author a CROSS JOIN LATERAL ({_by_author(True)}) x
    WHERE a.rank >= {FLOOR}
    UNION
    SELECT x.* FROM by_group g CROSS JOIN LATERAL ({_by_group(True)}) x
    WHERE g.rank >= {FLOOR}
    UNION
    SELECT x.* FROM by_tag t CROSS JOIN LATERAL ({_by_tag(True)}) x
    WHERE t.rank >= {FLOOR}
    UNION
    SELECT post_id, rank FROM announced
)
SELECT post_id, rank FROM candidates ORDER BY rank DESC LIMIT $3
"""
# Most home feeds draw from a good share of what is posted, so the newest few hundred posts of the
# whole company usually hold a full page. One index-only scan over them ($4 at most) decides: if it
# finds $3 posts for the viewer, they are the page (every older post ranks below all of them);
# otherwise the per-source query above answers.
HOME_RECENT = f"""
WITH {MINE},
{AUTHORS},
tags AS (SELECT coalesce(array_agg(tag), '{{}}') AS tags FROM follows_tags WHERE follower_id = $1)
SELECT p.post_id, p.rank FROM (
    SELECT * FROM posts p WHERE {LIVE} ORDER BY p.rank DESC LIMIT $4) p
WHERE (p.group_id IN (SELECT group_id FROM mine) AND NOT p.pinned)
   OR (p.kind = 3 AND p.group_id IS NULL AND NOT p.pinned)
   OR ((p.author_id IN (SELECT id FROM authors) OR p.tags && (SELECT tags FROM tags))
       AND {READABLE} AND NOT ({PINNED}))
ORDER BY p.rank DESC LIMIT $3
"""
RECENT_WINDOW = 50  # posts scanned per post of the page

HOME_PINNED = f"""
WITH {MINE}
SELECT p.post_id, p.rank FROM posts p WHERE {PINNED} AND p.published AND NOT p.deleted ORDER BY p.rank DESC LIMIT 20
"""
GROUP = f"""
WITH {MINE}
SELECT p.post_id, p.rank FROM posts p
WHERE p.group_id = $4::uuid AND {LIVE} AND {READABLE} AND p.pinned = $5 ORDER BY p.rank DESC LIMIT $3
"""
PROFILE = f"""
WITH {MINE}
SELECT p.post_id, p.rank FROM posts p
WHERE p.author_id = $4::uuid AND {LIVE} AND {READABLE} AND p.pinned = $5 ORDER BY p.rank DESC LIMIT $3
"""
TAG = f"""
WITH {MINE}
SELECT p.post_id, p.rank FROM post_tags pt JOIN posts p USING (post_id)
WHERE pt.tag = $4 AND pt.rank < $2 AND {LIVE} AND {READABLE} AND p.pinned = $5 ORDER BY pt.rank DESC LIMIT $3
"""

VIEW = f"""
SELECT p.*, u.display_name AS author_name, coalesce(u.active, false) AS author_active, g.name AS group_name,
    (SELECT coalesce(json_agg(json_build_array(reaction, n) ORDER BY n DESC, reaction), '[]')
       FROM (SELECT reaction, count(*) AS n FROM reactions r
             WHERE r.post_id = p.post_id AND r.comment_id = '{NIL}' GROUP BY reaction) x) AS reaction_counts,
    (SELECT reaction FROM reactions r
      WHERE r.post_id = p.post_id AND r.comment_id = '{NIL}' AND r.user_id = $2) AS viewer_reaction,
    (SELECT count(*) FROM comments c WHERE c.post_id = p.post_id AND NOT c.deleted) AS comment_count,
    EXISTS (SELECT 1 FROM post_reads pr WHERE pr.post_id = p.post_id AND pr.user_id = $2) AS viewer_read,
    (SELECT option FROM poll_votes v WHERE v.post_id = p.post_id AND v.user_id = $2) AS viewer_vote,
    (SELECT coalesce(array_agg((SELECT count(*) FROM poll_votes v WHERE v.post_id = p.post_id AND v.option = o - 1)
                               ORDER BY o), '{{}}')
       FROM generate_subscripts(p.poll_options, 1) AS o) AS poll_counts
FROM posts p LEFT JOIN users u ON u.user_id = p.author_id LEFT JOIN groups g ON g.group_id = p.group_id
WHERE p.post_id = ANY($1::uuid[])
"""


def clamp(limit: int) -> int:
    return MAX_PAGE if limit <= 0 else min(limit, MAX_PAGE)


FIRST_PAGE = 2**62  # above every rank: ranks are bigints (PostgreSQL's int8) and never reach it


def parse_cursor(cursor: str) -> int:
    """A cursor is the rank of the last post on the previous page; opaque to clients.

    Only a rank this service could have given out passes: anything past int8 would fail inside
    PostgreSQL's parameter binding rather than here, as bad input."""
    if not cursor:
        return FIRST_PAGE
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 19 or not 0 < int(cursor) <= FIRST_PAGE:
        raise ValueError("cursor: pass next_cursor from the previous page")
    return int(cursor)


async def timeline(
    conn: asyncpg.Connection, kind: str, viewer_id: str, key: str, limit: int, cursor: str
) -> tuple[list[str], str]:
    """Post ids of one page, pinned first on the first page, and the cursor of the next page."""
    below, n = parse_cursor(cursor), clamp(limit)
    pinned: list[str] = []
    if kind == "home":
        if not cursor:
            pinned = [str(r[0]) for r in await conn.fetch(HOME_PINNED, viewer_id)]
        rows = await conn.fetch(HOME_RECENT, viewer_id, below, n, n * RECENT_WINDOW)
        if len(rows) < n:
            rows = await conn.fetch(HOME, viewer_id, below, n)
    else:
        sql = {"group": GROUP, "profile": PROFILE, "tag": TAG}[kind]
        if not cursor:
            pinned = [str(r[0]) for r in await conn.fetch(sql, viewer_id, FIRST_PAGE, 20, key, True)]
        rows = await conn.fetch(sql, viewer_id, below, n, key, False)
    ids = pinned + [str(r[0]) for r in rows]
    next_cursor = str(rows[-1][1]) if len(rows) == n else ""
    return ids, next_cursor


async def posts(conn: asyncpg.Connection, post_ids: list[str], viewer_id: str) -> list[dict[str, Any]]:
    """The posts as the viewer sees them, in the order asked."""
    if not post_ids:
        return []
    rows = {str(r["post_id"]): dict(r) for r in await conn.fetch(VIEW, post_ids, viewer_id or None)}
    out = []
    for post_id in post_ids:
        row = rows.get(post_id)
        if row is None:
            continue
        row["reaction_counts"] = json.loads(row["reaction_counts"])
        out.append(row)
    return out


async def comments(conn: asyncpg.Connection, post_id: str, viewer_id: str) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        """SELECT c.*, u.display_name AS author_name,
               (SELECT coalesce(json_agg(json_build_array(reaction, n) ORDER BY n DESC, reaction), '[]')
                  FROM (SELECT reaction, count(*) AS n FROM reactions r
                        WHERE r.post_id = c.post_id AND r.comment_id = c.comment_id GROUP BY reaction) x)
                 AS reaction_counts,
               (SELECT reaction FROM reactions r
                 WHERE r.post_id = c.post_id AND r.comment_id = c.comment_id AND r.user_id = $2) AS viewer_reaction
           FROM comments c LEFT JOIN users u ON u.user_id = c.author_id
           WHERE c.post_id = $1 AND NOT c.deleted ORDER BY c.created_at, c.comment_id""",
        post_id,
        viewer_id or None,
    )
    out = []
    for r in rows:
        row = dict(r)
        row["reaction_counts"] = json.loads(row["reaction_counts"])
        out.append(row)
    return out


async def history(conn: asyncpg.Connection, post_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in await conn.fetch("SELECT * FROM post_edits WHERE post_id = $1 ORDER BY version", post_id)]


async def visit(conn: asyncpg.Connection, viewer_id: str, feed: str, newest_rank: int, mark: bool) -> int:
    """The newest rank the viewer had seen in this feed before; records this visit when asked."""
    seen = await conn.fetchval("SELECT seen_rank FROM feed_visits WHERE user_id = $1 AND feed = $2", viewer_id, feed)
    if mark and newest_rank:
        await conn.execute(
            """INSERT INTO feed_visits (user_id, feed, seen_rank) VALUES ($1, $2, $3)
               ON CONFLICT (user_id, feed)
               DO UPDATE SET seen_rank = greatest(feed_visits.seen_rank, excluded.seen_rank), visited_at = now()""",
            viewer_id,
            feed,
            newest_rank,
        )
    return int(seen or 0)


def parse_key_cursor(cursor: str) -> tuple[str, str]:
    """A directory cursor: the sort name and id of the last row on the previous page, opaque to clients."""
    if not cursor:
        return "", NIL
    try:
        name, key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(name), str(uuid.UUID(key))
    except (ValueError, TypeError):
        raise ValueError("cursor: pass next_cursor from the previous page") from None


def key_cursor(name: str, key: str) -> str:
    """`name` is the row's sort key as PostgreSQL computed it (lower() in SQL): Python's str.lower() differs
    for some letters (İ, final Σ), and a cursor that is not the sort key skips or repeats rows."""
    return base64.urlsafe_b64encode(json.dumps([name, key]).encode()).decode()


async def user(conn: asyncpg.Connection, user_id: str, viewer_id: str | None) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        """SELECT u.*, (SELECT count(*) FROM follows_users f WHERE f.followee_id = u.user_id) AS followers,
                  EXISTS (SELECT 1 FROM follows_users f
                          WHERE f.followee_id = u.user_id AND f.follower_id = $2) AS followed_by_viewer
           FROM users u WHERE u.user_id = $1""",
        user_id,
        viewer_id,
    )
    return None if row is None else dict(row)


GROUP_VIEW = """
SELECT g.*, lower(g.name) AS sort_name,
    (SELECT count(*) FROM group_members m WHERE m.group_id = g.group_id) AS members,
    coalesce((SELECT role FROM group_members m WHERE m.group_id = g.group_id AND m.user_id = $1), 0) AS viewer_role,
    EXISTS (SELECT 1 FROM group_pending p
            WHERE p.group_id = g.group_id AND p.user_id = $1 AND p.kind = 'request') AS viewer_requested,
    EXISTS (SELECT 1 FROM group_pending p
            WHERE p.group_id = g.group_id AND p.user_id = $1 AND p.kind = 'invite') AS viewer_invited
FROM groups g
"""
# Secret groups are listed to their members and invitees only; merged groups live on in their target.
LISTED = f"""(g.visibility <> {ev.GROUP_VISIBILITY_SECRET}
    OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.group_id AND m.user_id = $1)
    OR EXISTS (SELECT 1 FROM group_pending p WHERE p.group_id = g.group_id AND p.user_id = $1 AND p.kind = 'invite'))"""


async def group(conn: asyncpg.Connection, group_id: str, viewer_id: str | None) -> dict[str, Any] | None:
    row = await conn.fetchrow(GROUP_VIEW + "WHERE g.group_id = $2", viewer_id, group_id)
    return None if row is None else dict(row)


async def groups(
    conn: asyncpg.Connection, viewer_id: str | None, mine: bool, limit: int, cursor: str
) -> tuple[list[dict[str, Any]], str]:
    """The groups the viewer may know of (secret ones only to members and invitees), by name."""
    only_mine = "AND EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.group_id AND m.user_id = $1)"
    sql = (
        GROUP_VIEW
        + f"""WHERE g.merged_into IS NULL AND {LISTED} {only_mine if mine else ""}
              AND (lower(g.name), g.group_id) > ($2, $3::uuid)
              ORDER BY lower(g.name), g.group_id LIMIT $4"""
    )
    return await _keyset_page(conn, sql, viewer_id, "group_id", limit, cursor)


async def users(
    conn: asyncpg.Connection, external_id: str, email: str, limit: int, cursor: str
) -> tuple[list[dict[str, Any]], str]:
    """The directory by display name, deactivated people too; narrowed to an external id and/or an e-mail."""
    sql = """SELECT u.*, lower(u.display_name) AS sort_name, 0::bigint AS followers, false AS followed_by_viewer
            FROM users u
            WHERE ($1::jsonb ->> 'external_id' IS NULL OR u.external_id = $1::jsonb ->> 'external_id')
              AND ($1::jsonb ->> 'email' IS NULL OR lower(u.email) = lower($1::jsonb ->> 'email'))
              AND (lower(u.display_name), u.user_id) > ($2, $3::uuid)
            ORDER BY lower(u.display_name), u.user_id LIMIT $4"""
    narrowed = {k: v for k, v in (("external_id", external_id), ("email", email)) if v}
    return await _keyset_page(conn, sql, json.dumps(narrowed), "user_id", limit, cursor)


async def members(
    conn: asyncpg.Connection, group_id: str, requests: bool, limit: int, cursor: str
) -> tuple[list[dict[str, Any]], str]:
    """Members (or people asking to join) by display name."""
    source = (
        "SELECT user_id, 0 AS role FROM group_pending WHERE group_id = $1 AND kind = 'request'"
        if requests
        else "SELECT user_id, role FROM group_members WHERE group_id = $1"
    )
    sql = f"""SELECT m.user_id, m.role, coalesce(u.display_name, '') AS display_name,
                   coalesce(u.active, false) AS active,
                   lower(coalesce(u.display_name, '')) AS sort_name
            FROM ({source}) m LEFT JOIN users u USING (user_id)
            WHERE (lower(coalesce(u.display_name, '')), m.user_id) > ($2, $3::uuid)
            ORDER BY lower(coalesce(u.display_name, '')), m.user_id LIMIT $4"""
    return await _keyset_page(conn, sql, group_id, "user_id", limit, cursor)


async def _keyset_page(
    conn: asyncpg.Connection, sql: str, first: object, key_column: str, limit: int, cursor: str
) -> tuple[list[dict[str, Any]], str]:
    """One page of a directory listing ordered by (sort_name, key): $1 is `first`, $2 $3 the cursor, $4 the size."""
    name, key = parse_key_cursor(cursor)
    n = clamp(limit)
    out = [dict(r) for r in await conn.fetch(sql, first, name, key, n)]
    last = out[-1] if len(out) == n else None
    return out, key_cursor(last["sort_name"], str(last[key_column])) if last else ""


async def read_receipts(conn: asyncpg.Connection, post_id: str, group_id: str) -> tuple[list[str], int]:
    """Who has read the post, in order of reading, and how many it reaches."""
    read_by = [str(r[0]) for r in await conn.fetch(
        "SELECT user_id FROM post_reads WHERE post_id = $1 ORDER BY at, user_id", post_id)]  # fmt: skip
    if group_id:
        audience = await conn.fetchval("SELECT count(*) FROM group_members WHERE group_id = $1", group_id)
    else:
        audience = await conn.fetchval("SELECT count(*) FROM users WHERE active")
    return read_by, int(audience)
