"""Search's index: the writes that keep it equal to the platform's events.

Posts and comments are rows of one table, `entries`, each analysed in its own language, so one index
scan, one ranking and one set of facets covers both. Whether a row may be read by everybody (`open`)
is copied from its group and rewritten for the whole group when the group changes, so that the
permission test inside every query is one column and one membership lookup.

Feed's directory (people, groups, who is in which) is not written here: the SDK's handlers keep it
(`kantine.directory`, the `directory_*` tables), and this module writes what search adds to what they
applied, in the same transaction: people's and groups' documents, and the openness of entries.

The writes that arrive in bulk (new posts, comments, reactions) take a batch of events in one round
trip; the language of each text is decided in Python (`domain.language`), the analysis itself is
PostgreSQL's (`to_tsvector`) so the index and the queries stem alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import asyncpg

from kantine import db
from kantine.consumer import NotYet
from kantine.v1 import events_pb2 as ev
from kantine.visibility import is_open, open_sql
from services.search.domain import language

SCHEMA = "search"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer", "directory"),
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
# Who a person is (name, department, locale, whether active or a community manager) is the directory's
# (`directory_people`, kept by kantine.directory); search keeps what people are found by.


def profile_words(title: str, department: str, skills: Sequence[str]) -> str:
    return " ".join([title, department, *skills])


def handle_of(email: str) -> str:
    """What people type after @ or from: for a colleague: the e-mail's local part."""
    return email.partition("@")[0].strip().lower()


async def index_person(conn: asyncpg.Connection, person: ev.UserProvisioned | ev.UserUpdated) -> None:
    """A profile as search finds it, from an event the directory applied (a late one never gets here). It is
    searchable by its title, department and skills both as written (`simple`, for names of tools and
    products) and stemmed in the person's language; the language also analyses their texts that do not
    tell their own."""
    await conn.execute(
        """INSERT INTO people (user_id, handle, title, skills, language, profile)
           VALUES ($1, $2, $3, $4, $6::text::regconfig,
                   to_tsvector('simple', $5) || to_tsvector(coalesce($6::text, 'simple')::regconfig, $5))
           ON CONFLICT (user_id) DO UPDATE
           SET handle = excluded.handle, title = excluded.title, skills = excluded.skills,
               language = excluded.language, profile = excluded.profile""",
        uuid.UUID(person.user_id), handle_of(person.email), person.title, list(person.skills),
        profile_words(person.title, person.department, person.skills), language.config_for_locale(person.locale),
    )  # fmt: skip


# ----- groups -----
# Who may read or know a group (members, invitees, its visibility, archiving, merge, member count) is the
# directory's (`directory_groups`, `directory_members`, `directory_invitations`); search keeps each group's
# document and, on every entry, whether everybody may read it (`open`).


async def index_group(conn: asyncpg.Connection, group_id: str) -> None:
    """A group's document and the openness of everything in it (also what arrived before the group did),
    from the group as the directory now has it: a GroupCreated that arrived after a newer GroupUpdated is
    still reacted to (for its owners), and must then write the update's settings, not its own."""
    group = uuid.UUID(group_id)
    row = await conn.fetchrow("SELECT name, purpose, visibility FROM directory_groups WHERE group_id = $1", group)
    if row is None or row["visibility"] is None:
        return  # its settings are not known yet: nothing to index, its entries stay closed
    name, purpose = row["name"], row["purpose"]
    await conn.execute(
        """INSERT INTO groups (group_id, name, document)
           VALUES ($1, $2, setweight(to_tsvector($4::text::regconfig, $2), 'A')
                           || setweight(to_tsvector($4::text::regconfig, $3), 'B')
                           || setweight(to_tsvector('simple', $2), 'A'))
           ON CONFLICT (group_id) DO UPDATE SET name = excluded.name, document = excluded.document""",
        group, name, purpose, language.detect(f"{name}. {purpose}"),
    )  # fmt: skip
    open_ = is_open(row["visibility"])
    await conn.execute("UPDATE entries SET open = $2 WHERE group_id = $1 AND open IS DISTINCT FROM $2", group, open_)


async def merge_entries(conn: asyncpg.Connection, group_id: str, into_group_id: str) -> None:
    """The posts move into the other group and take its openness (its members arrive by their own
    MemberJoined; the directory marks the merged group, which is then no longer offered)."""
    await conn.execute(
        f"""UPDATE entries
            SET group_id = $2, open = {open_sql("SELECT visibility FROM directory_groups WHERE group_id = $2")}
            WHERE group_id = $1""",
        uuid.UUID(group_id), uuid.UUID(into_group_id),
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
            ELSE {open_sql("SELECT visibility FROM directory_groups WHERE group_id = $6")} END,
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


async def react(conn: asyncpg.Connection, changes: Mapping[tuple[uuid.UUID, uuid.UUID], int]) -> None:
    """Reactions added and removed, summed per (entry, its post) first: one statement for a batch; not
    clamped at 0, so a removal that comes before its addition (a crash reorders) still adds up. A
    reaction to an entry neither here nor deleted, itself or its post (its event is still on its way,
    after a crash), raises NotYet, so its count is not lost."""
    changes = {k: v for k, v in changes.items() if v}
    if not changes:
        return
    missing = await conn.fetch(
        """WITH c AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS c(entry_id, post_id, n)),
                counted AS (UPDATE entries e SET reactions = e.reactions + c.n
                            FROM c WHERE e.entry_id = c.entry_id RETURNING e.entry_id)
           SELECT c.entry_id::text FROM c
           WHERE c.entry_id NOT IN (SELECT entry_id FROM counted)
             AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.entry_id IN (c.entry_id, c.post_id))""",
        [k[0] for k in changes], [k[1] for k in changes], list(changes.values()),
    )  # fmt: skip
    if missing:
        raise NotYet(f"entry {', '.join(r[0] for r in missing)}")


async def accept_answer(conn: asyncpg.Connection, post_id: str, comment_id: str) -> None:
    """One accepted answer per question: accepting another takes the mark from the first."""
    await conn.execute(
        """UPDATE entries SET answered = (entry_id = $2 OR entry_id = $1)
           WHERE post_id = $1 AND (answered OR entry_id = $2 OR entry_id = $1)""",
        uuid.UUID(post_id), uuid.UUID(comment_id),
    )  # fmt: skip
