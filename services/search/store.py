"""Search's index: the writes that keep it equal to the platform's events.

Posts and comments are rows of one table, `entries`, each analysed in its own language, so one index
scan, one ranking and one set of facets covers both. Whether a row may be read by everybody (`open`)
is copied from its group and rewritten for the whole group when the group changes, so that the
permission test inside every query is one column and one membership lookup.

The writes that arrive in bulk (new posts, comments, reactions) take a batch of events in one round
trip; the language of each text is decided in Python (`domain.language`), the analysis itself is
PostgreSQL's (`to_tsvector`) so the index and the queries stem alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import asyncpg

from kantine import db
from kantine.v1 import events_pb2 as ev
from kantine.visibility import is_open, open_sql
from services.search.domain import language

SCHEMA = "search"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
COMMENT = 6  # an entry's kind when it is a comment (after the post kinds 1-5)

# A document: its words in its language (weight B), its tags as they are (weight A), so a tag counts as a
# word of the text too and ranks first, and the words that are not in the text (a poll's options, a
# company value; weight C).
_DOCUMENT = """setweight(to_tsvector({lang}, {body}), 'B')
               || setweight(to_tsvector('simple', array_to_string({tags}, ' ')), 'A')
               || setweight(to_tsvector({lang}, {extra}), 'C')"""


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """A post or a comment as indexed."""

    entry_id: uuid.UUID
    post_id: uuid.UUID
    author_id: uuid.UUID
    group_id: uuid.UUID | None
    kind: int
    body: str
    tags: Sequence[str]
    mentions: Sequence[uuid.UUID]
    created_at: dt.datetime
    published: bool = True
    version: int = 0  # of the post's event that wrote it
    extra: str = ""
    praised: Sequence[uuid.UUID] = ()


def told_language(body: str) -> str | None:
    """The text's own language, or None when it does not tell (then the author's locale decides)."""
    found = language.detect(body)
    return None if found == language.SIMPLE else found


def ids(values: Iterable[str]) -> list[uuid.UUID]:
    out = []
    for value in values:
        try:
            out.append(uuid.UUID(value))
        except ValueError:
            continue
    return out


# ----- people -----


def profile_words(title: str, department: str, skills: Sequence[str]) -> str:
    return " ".join([title, department, *skills])


_PERSON = """
INSERT INTO people (user_id, display_name, handle, title, department, skills, locale, language, active,
                    community_manager, profile, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $10::text::regconfig, true, $8,
        to_tsvector('simple', $9) || to_tsvector(coalesce($10::text, 'simple')::regconfig, $9), $11)
ON CONFLICT (user_id) DO UPDATE
SET display_name = excluded.display_name, handle = excluded.handle, title = excluded.title,
    department = excluded.department, skills = excluded.skills, locale = excluded.locale,
    language = excluded.language, community_manager = excluded.community_manager, profile = excluded.profile,
    version = excluded.version
WHERE people.version < excluded.version
"""


def handle_of(email: str) -> str:
    """What people type after @ or from: for a colleague: the e-mail's local part."""
    return email.partition("@")[0].strip().lower()


async def upsert_people(
    conn: asyncpg.Connection, people: Sequence[tuple[ev.UserProvisioned | ev.UserUpdated, int]]
) -> None:
    """Profiles with the version of their event (an older one than applied changes nothing). A profile is
    searchable by its title, department and skills both as written (`simple`, for names of tools and
    products) and stemmed in the person's language."""
    await conn.executemany(
        _PERSON,
        [
            (
                uuid.UUID(p.user_id), p.display_name, handle_of(p.email), p.title, p.department, list(p.skills),
                p.locale, p.community_manager, profile_words(p.title, p.department, p.skills),
                language.config_for_locale(p.locale), version,
            )
            for p, version in people
        ],
    )  # fmt: skip


async def set_active(conn: asyncpg.Connection, user_id: str, active: bool, version: int) -> None:
    await conn.execute(
        "UPDATE people SET active = $2, version = $3 WHERE user_id = $1 AND version < $3",
        uuid.UUID(user_id), active, version,
    )  # fmt: skip


# ----- groups and who may read them -----

# A person's standing in a group (members.state): members read a private group's entries; invitees only
# see that a secret group exists; a person who left keeps a row, so that a late event cannot readmit them.
LEFT, INVITED, MEMBER = 0, 1, 2


async def upsert_group(
    conn: asyncpg.Connection,
    group_id: str,
    name: str,
    purpose: str,
    visibility: int,
    posting_policy: int,
    version: int,
) -> None:
    """A group's name and purpose, unless a newer event of the group was applied already; then the
    openness of everything in it (also what arrived before the group did)."""
    lang = language.detect(f"{name}. {purpose}")
    group = uuid.UUID(group_id)
    written = await conn.fetchval(
        """INSERT INTO groups AS g (group_id, name, purpose, visibility, posting_policy, version, document)
           VALUES ($1, $2, $3, $4, $6, $7, setweight(to_tsvector($5::text::regconfig, $2), 'A')
                                       || setweight(to_tsvector($5::text::regconfig, $3), 'B')
                                       || setweight(to_tsvector('simple', $2), 'A'))
           ON CONFLICT (group_id) DO UPDATE
           SET name = excluded.name, purpose = excluded.purpose, visibility = excluded.visibility,
               posting_policy = excluded.posting_policy, document = excluded.document, version = excluded.version
           WHERE g.version < excluded.version
           RETURNING true""",
        group, name, purpose, visibility, lang, posting_policy, version,
    )  # fmt: skip
    if written:
        open_ = is_open(visibility)
        await conn.execute(
            "UPDATE entries SET open = $2 WHERE group_id = $1 AND open IS DISTINCT FROM $2", group, open_
        )


async def set_members(
    conn: asyncpg.Connection, group_id: str, user_ids: Sequence[str], state: int, version: int
) -> None:
    """People joined, were invited or left, unless a newer event of the group decided already; an
    invitation never demotes a member. Keeps the group's member count."""
    group = uuid.UUID(group_id)
    change = await conn.fetchval(
        """WITH before AS (
               SELECT user_id, state FROM members WHERE group_id = $1 AND user_id = ANY($2::uuid[])),
           written AS (
               INSERT INTO members AS m (user_id, group_id, state, version)
               SELECT unnest($2::uuid[]), $1, $3, $4
               ON CONFLICT (user_id, group_id) DO UPDATE SET state = excluded.state, version = excluded.version
               WHERE m.version < excluded.version AND NOT (excluded.state = $5 AND m.state = $6)
               RETURNING user_id, state)
           SELECT coalesce(sum(CASE WHEN w.state = $6 THEN 1 ELSE 0 END
                               - CASE WHEN b.state = $6 THEN 1 ELSE 0 END), 0)
           FROM written w LEFT JOIN before b USING (user_id)""",
        group, ids(user_ids), state, version, INVITED, MEMBER,
    )  # fmt: skip
    if change:
        await conn.execute("UPDATE groups SET members = greatest(members + $2, 0) WHERE group_id = $1", group, change)


async def archive_group(conn: asyncpg.Connection, group_id: str, version: int, *, archived: bool = True) -> None:
    """Archive a group, or open it again (`archived=False`); an older event than the row's changes nothing."""
    await conn.execute(
        "UPDATE groups SET archived = $3, version = $2 WHERE group_id = $1 AND version < $2",
        uuid.UUID(group_id), version, archived,
    )  # fmt: skip


async def merge_groups(conn: asyncpg.Connection, group_id: str, into_group_id: str, version: int) -> None:
    """The posts move into the other group and take its openness (its members arrive by their own
    MemberJoined); the merged group is no longer offered."""
    source, target = uuid.UUID(group_id), uuid.UUID(into_group_id)
    await conn.execute(
        f"""UPDATE entries SET group_id = $2, open = {open_sql("SELECT visibility FROM groups WHERE group_id = $2")}
            WHERE group_id = $1""",
        source, target,
    )  # fmt: skip
    await conn.execute(
        "UPDATE groups SET merged_into = $2, archived = true, version = greatest(version, $3) WHERE group_id = $1",
        source, target, version,
    )  # fmt: skip


# ----- posts and comments -----

# Openness and the question flag come from the group and the post as they are now (a comment whose post
# is not indexed yet is closed to all until it is: see _ADOPT); the language from the text, else the
# author's locale, else none. A redelivered event finds its row, a late one for a deleted post or comment
# its tombstone, and changes nothing.
_INSERT = f"""
INSERT INTO entries (entry_id, post_id, kind, question, author_id, group_id, open, published, body, tags, mentions,
                     language, document, created_at, version, extra, praised)
SELECT $1, $2, $3, $4 OR coalesce(post.question, false), $5, coalesce(post.group_id, $6),
       CASE WHEN post.entry_id IS NOT NULL THEN post.open
            WHEN $3 = {COMMENT} THEN false
            WHEN $6::uuid IS NULL THEN true
            ELSE {open_sql("SELECT visibility FROM groups WHERE group_id = $6")} END,
       $7, $8, $9, $10, lang.config,
       {_DOCUMENT.format(lang="lang.config", body="$8", tags="$9::text[]", extra="$14")},
       $11, $13, $14, $15
FROM (SELECT coalesce($12::text::regconfig, (SELECT language FROM people WHERE user_id = $5),
                      'simple'::regconfig) AS config) lang
LEFT JOIN entries post ON post.entry_id = $2 AND $3 = {COMMENT}
WHERE NOT EXISTS (SELECT 1 FROM gone WHERE entry_id = $1 OR entry_id = $2)
ON CONFLICT (entry_id) DO NOTHING
"""
# Comments indexed before their post (a PostCreated retried after them) take its group, openness and
# question flag when it arrives, and the post counts them.
_ADOPT = f"""
WITH adopted AS (
    UPDATE entries c SET group_id = p.group_id, open = p.open, question = p.question
    FROM entries p
    WHERE p.entry_id = ANY($1::uuid[]) AND c.post_id = p.entry_id AND c.kind = {COMMENT}
      AND c.entry_id <> ALL($2::uuid[])
    RETURNING c.post_id)
UPDATE entries p SET comments = p.comments + n.count
FROM (SELECT post_id, count(*) FROM adopted GROUP BY 1) n WHERE p.entry_id = n.post_id
"""


async def add_entries(conn: asyncpg.Connection, entries: Sequence[Entry]) -> None:
    """New posts, or new comments (whose posts are already indexed), in one round trip."""
    if not entries:
        return
    await conn.executemany(
        _INSERT,
        [
            (
                e.entry_id, e.post_id, e.kind, e.kind == ev.POST_KIND_QUESTION, e.author_id, e.group_id,
                e.published, e.body, list(e.tags), [*e.mentions, *e.praised], e.created_at, told_language(e.body),
                e.version, e.extra, list(e.praised),
            )
            for e in entries
        ],
    )  # fmt: skip
    posts = [e.entry_id for e in entries if e.kind != COMMENT]
    if posts:  # the comments of this batch saw their posts already
        await conn.execute(_ADOPT, posts, [e.entry_id for e in entries if e.kind == COMMENT])
    await conn.execute(
        "INSERT INTO tags (tag) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING",
        sorted({t for e in entries for t in e.tags}),
    )
    counts: dict[uuid.UUID, int] = {}
    for e in entries:
        if e.kind == COMMENT:
            counts[e.post_id] = counts.get(e.post_id, 0) + 1
    if counts:
        await conn.execute(
            """UPDATE entries e SET comments = e.comments + c.n
               FROM unnest($1::uuid[], $2::int[]) AS c(post_id, n) WHERE e.entry_id = c.post_id""",
            list(counts), list(counts.values()),
        )  # fmt: skip


async def edit_entry(
    conn: asyncpg.Connection,
    entry_id: str,
    body: str,
    tags: Sequence[str] | None,
    mentions: Sequence[str],
    version: int,
) -> None:
    """New text, analysed again (in its own language if it now tells one), unless a newer text is there
    already; tags=None keeps them (a comment)."""
    lang = "coalesce($5::text::regconfig, e.language)"
    document = _DOCUMENT.format(lang=lang, body="$2", tags="coalesce($3::text[], e.tags)", extra="e.extra")
    await conn.execute(
        f"""UPDATE entries e SET body = $2, tags = coalesce($3::text[], e.tags), mentions = $4 || e.praised,
                language = {lang},
                document = {document},
                version = $6
            WHERE e.entry_id = $1 AND e.version < $6""",
        uuid.UUID(entry_id), body, list(tags) if tags is not None else None, ids(mentions), told_language(body),
        version,
    )  # fmt: skip
    if tags:
        await conn.execute("INSERT INTO tags (tag) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", list(tags))


async def publish(conn: asyncpg.Connection, post_id: str, at: dt.datetime) -> None:
    """A scheduled post appears when it is published, as new as that moment."""
    await conn.execute(
        "UPDATE entries SET published = true, created_at = $2 WHERE post_id = $1", uuid.UUID(post_id), at
    )


async def delete_post(conn: asyncpg.Connection, post_id: str) -> None:
    """Gone with its comments, in the same transaction that records the event: found no more from the
    moment this commits; the tombstone keeps a late event from bringing it back."""
    post = uuid.UUID(post_id)
    await conn.execute("DELETE FROM entries WHERE post_id = $1", post)
    await conn.execute("INSERT INTO gone (entry_id) VALUES ($1) ON CONFLICT DO NOTHING", post)


async def delete_comment(conn: asyncpg.Connection, post_id: str, comment_id: str) -> None:
    post = uuid.UUID(post_id)
    await conn.execute("INSERT INTO gone (entry_id) VALUES ($1) ON CONFLICT DO NOTHING", uuid.UUID(comment_id))
    accepted = await conn.fetchval(
        "DELETE FROM entries WHERE entry_id = $1 AND post_id = $2 RETURNING answered", uuid.UUID(comment_id), post
    )
    if accepted is None:
        return
    await conn.execute(
        """UPDATE entries SET comments = greatest(comments - 1, 0), answered = answered AND NOT $2
           WHERE entry_id = $1""",
        post, accepted,
    )  # fmt: skip


async def react(conn: asyncpg.Connection, changes: dict[uuid.UUID, int]) -> None:
    """Reactions added and removed, summed per entry first: one statement for a batch."""
    changes = {k: v for k, v in changes.items() if v}
    if not changes:
        return
    await conn.execute(
        """UPDATE entries e SET reactions = greatest(e.reactions + c.n, 0)
           FROM unnest($1::uuid[], $2::int[]) AS c(entry_id, n) WHERE e.entry_id = c.entry_id""",
        list(changes), list(changes.values()),
    )  # fmt: skip


async def accept_answer(conn: asyncpg.Connection, post_id: str, comment_id: str) -> None:
    """One accepted answer per question: accepting another takes the mark from the first."""
    await conn.execute(
        """UPDATE entries SET answered = (entry_id = $2 OR entry_id = $1)
           WHERE post_id = $1 AND (answered OR entry_id = $2 OR entry_id = $1)""",
        uuid.UUID(post_id), uuid.UUID(comment_id),
    )  # fmt: skip
