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
from services.search.domain import language

SCHEMA = "search"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
COMMENT = 6  # an entry's kind when it is a comment (after the post kinds 1-5)
PRIVATE_KINDS = (ev.GROUP_VISIBILITY_PRIVATE, ev.GROUP_VISIBILITY_SECRET)

# A document: its words in its language (weight B) and its tags as they are (weight A), so a tag
# counts as a word of the text too and ranks first.
_DOCUMENT = """setweight(to_tsvector({lang}, {body}), 'B')
               || setweight(to_tsvector('simple', array_to_string({tags}, ' ')), 'A')"""


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
                    community_manager, profile)
VALUES ($1, $2, $3, $4, $5, $6, $7, $10::text::regconfig, true, $8,
        to_tsvector('simple', $9) || to_tsvector(coalesce($10::text, 'simple')::regconfig, $9))
ON CONFLICT (user_id) DO UPDATE
SET display_name = excluded.display_name, handle = excluded.handle, title = excluded.title,
    department = excluded.department, skills = excluded.skills, locale = excluded.locale,
    language = excluded.language, community_manager = excluded.community_manager, profile = excluded.profile
"""


def handle_of(email: str) -> str:
    """What people type after @ or from: for a colleague: the e-mail's local part."""
    return email.partition("@")[0].strip().lower()


async def upsert_people(conn: asyncpg.Connection, people: Sequence[ev.UserProvisioned | ev.UserUpdated]) -> None:
    """A profile is searchable by its title, department and skills both as written (`simple`, for names of
    tools and products) and stemmed in the person's language."""
    await conn.executemany(
        _PERSON,
        [
            (
                uuid.UUID(p.user_id), p.display_name, handle_of(p.email), p.title, p.department, list(p.skills),
                p.locale, p.community_manager, profile_words(p.title, p.department, p.skills),
                language.config_for_locale(p.locale),
            )
            for p in people
        ],
    )  # fmt: skip


async def set_active(conn: asyncpg.Connection, user_id: str, active: bool) -> None:
    await conn.execute("UPDATE people SET active = $2 WHERE user_id = $1", uuid.UUID(user_id), active)


# ----- groups and who may read them -----


async def upsert_group(
    conn: asyncpg.Connection, group_id: str, name: str, purpose: str, visibility: int, posting_policy: int
) -> None:
    """A group's name and purpose, and the openness of everything in it when its visibility changed."""
    lang = language.detect(f"{name}. {purpose}")
    group = uuid.UUID(group_id)
    before = await conn.fetchval(
        """INSERT INTO groups AS g (group_id, name, purpose, visibility, posting_policy, document)
           VALUES ($1, $2, $3, $4, $6, setweight(to_tsvector($5::text::regconfig, $2), 'A')
                                   || setweight(to_tsvector($5::text::regconfig, $3), 'B')
                                   || setweight(to_tsvector('simple', $2), 'A'))
           ON CONFLICT (group_id) DO UPDATE
           SET name = excluded.name, purpose = excluded.purpose, visibility = excluded.visibility,
               posting_policy = excluded.posting_policy, document = excluded.document
           RETURNING (SELECT visibility FROM groups WHERE group_id = $1)""",
        group, name, purpose, visibility, lang, posting_policy,
    )  # fmt: skip
    if before is not None and (before in PRIVATE_KINDS) != (visibility in PRIVATE_KINDS):
        await conn.execute("UPDATE entries SET open = $2 WHERE group_id = $1", group, visibility not in PRIVATE_KINDS)


async def add_members(conn: asyncpg.Connection, group_id: str, user_ids: Sequence[str], *, member: bool) -> None:
    """Members read a private group; invitees (member=false) only see that a secret group exists."""
    group = uuid.UUID(group_id)
    added = await conn.fetchval(
        """WITH added AS (
               INSERT INTO members (user_id, group_id, member) SELECT unnest($2::uuid[]), $1, $3
               ON CONFLICT (user_id, group_id) DO UPDATE SET member = members.member OR excluded.member
               WHERE NOT members.member AND excluded.member
               RETURNING member)
           SELECT count(*) FILTER (WHERE member) FROM added""",
        group, ids(user_ids), member,
    )  # fmt: skip
    if added:
        await conn.execute("UPDATE groups SET members = members + $2 WHERE group_id = $1", group, added)


async def remove_member(conn: asyncpg.Connection, group_id: str, user_id: str) -> None:
    group = uuid.UUID(group_id)
    was_member = await conn.fetchval(
        "DELETE FROM members WHERE group_id = $1 AND user_id = $2 RETURNING member", group, uuid.UUID(user_id)
    )
    if was_member:
        await conn.execute("UPDATE groups SET members = greatest(members - 1, 0) WHERE group_id = $1", group)


async def archive_group(conn: asyncpg.Connection, group_id: str) -> None:
    await conn.execute("UPDATE groups SET archived = true WHERE group_id = $1", uuid.UUID(group_id))


async def merge_groups(conn: asyncpg.Connection, group_id: str, into_group_id: str) -> None:
    """The posts move into the other group and take its openness (its members arrive by their own
    MemberJoined); the merged group is no longer offered."""
    source, target = uuid.UUID(group_id), uuid.UUID(into_group_id)
    await conn.execute(
        """UPDATE entries SET group_id = $2,
               open = coalesce((SELECT visibility NOT IN (2, 3) FROM groups WHERE group_id = $2), false)
           WHERE group_id = $1""",
        source, target,
    )  # fmt: skip
    await conn.execute("UPDATE groups SET merged_into = $2, archived = true WHERE group_id = $1", source, target)


# ----- posts and comments -----

# Openness and the question flag come from the group and the post as they are now; the language from
# the text, else the author's locale, else none. A redelivered event finds its row and changes nothing.
_INSERT = f"""
INSERT INTO entries (entry_id, post_id, kind, question, author_id, group_id, open, published, body, tags, mentions,
                     language, document, created_at)
SELECT $1, $2, $3, $4 OR coalesce(post.question, false), $5, coalesce(post.group_id, $6),
       CASE WHEN post.entry_id IS NOT NULL THEN post.open
            WHEN $6::uuid IS NULL THEN true
            ELSE coalesce((SELECT visibility NOT IN (2, 3) FROM groups WHERE group_id = $6), false) END,
       $7, $8, $9, $10, lang.config,
       {_DOCUMENT.format(lang="lang.config", body="$8", tags="$9::text[]")},
       $11
FROM (SELECT coalesce($12::text::regconfig, (SELECT language FROM people WHERE user_id = $5),
                      'simple'::regconfig) AS config) lang
LEFT JOIN entries post ON post.entry_id = $2 AND $3 = {COMMENT}
ON CONFLICT (entry_id) DO NOTHING
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
                e.published, e.body, list(e.tags), list(e.mentions), e.created_at, told_language(e.body),
            )
            for e in entries
        ],
    )  # fmt: skip
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
    conn: asyncpg.Connection, entry_id: str, body: str, tags: Sequence[str] | None, mentions: Sequence[str]
) -> None:
    """New text, analysed again (in its own language if it now tells one); tags=None keeps them (a comment)."""
    lang = "coalesce($5::text::regconfig, e.language)"
    await conn.execute(
        f"""UPDATE entries e SET body = $2, tags = coalesce($3::text[], e.tags), mentions = $4, language = {lang},
                document = {_DOCUMENT.format(lang=lang, body="$2", tags="coalesce($3::text[], e.tags)")}
            WHERE e.entry_id = $1""",
        uuid.UUID(entry_id), body, list(tags) if tags is not None else None, ids(mentions), told_language(body),
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
    moment this commits."""
    await conn.execute("DELETE FROM entries WHERE post_id = $1", uuid.UUID(post_id))


async def delete_comment(conn: asyncpg.Connection, post_id: str, comment_id: str) -> None:
    post = uuid.UUID(post_id)
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
