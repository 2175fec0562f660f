"""The queries behind SearchService.

Every query filters by what the viewer may read inside SQL (`_READABLE`): entries of private and secret
groups only for their members, nothing unpublished, by the rule every service shares (`kantine.visibility`).
Counts, facets, suggested groups and the evidence behind an expert are computed over the same filtered
rows, so none of them can reveal what the hits do not. Who is a member or an invitee, a group's
visibility and a person's name and standing are read from feed's directory as the SDK keeps it
(`kantine.directory`: the `directory_*` tables); what people and groups are found by is search's own
(`people`, `groups`).

A query's words are matched in every language at once: the tsquery is the OR of the words analysed as
Danish, Norwegian, Swedish, Dutch, English and as written, and each entry was analysed in its own
language when it was indexed, so "medarbejderne" meets "medarbejder" in a Danish post and the same
search finds an English one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any, cast

import asyncpg

from kantine import visibility
from services.search.domain import estimate
from services.search.domain.language import CONFIGS
from services.search.domain.ranking import EVIDENCE, NEWEST_RANKED, RANKING
from services.search.domain.snippets import LT, START, STOP
from services.search.store import COMMENT

# `visibility.may_read` for an entry: its group's openness is on the entry (`open`, kept by the store with
# `visibility.open_sql`), so the test is one column and, for the rest, the viewer's groups, one lookup by
# directory_members' index by person.
_READABLE = """e.published AND (e.open OR e.group_id IN (
    SELECT dm.group_id FROM directory_members dm WHERE dm.user_id = {viewer}))"""
# Over `g`, a row of directory_groups, by `kantine.visibility` over its visibility (in hand already: the
# SDK's `directory.readable_sql` would look it up again for every group). A group is offered once its
# settings have arrived (before that nothing of it is known, not even to its members: `may_know`); secret
# groups exist only for their members and invitees; merged groups live on in their target.
_IS_MEMBER = """EXISTS (
    SELECT 1 FROM directory_members dm WHERE dm.group_id = g.group_id AND dm.user_id = {viewer})"""
_IS_INVITED = """EXISTS (
    SELECT 1 FROM directory_invitations di WHERE di.group_id = g.group_id AND di.user_id = {viewer})"""
_KNOWS_GROUP = visibility.known_sql("g.visibility", f"({_IS_MEMBER} OR {_IS_INVITED})")
_LISTED = f"g.visibility IS NOT NULL AND g.merged_into IS NULL AND {_KNOWS_GROUP}"
# a group whose entries the viewer may read
_READS_GROUP = visibility.readable_sql("g.visibility", _IS_MEMBER)
_HEADLINE = f'StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
SNIPPET_CHARS = 240
FACET_VALUES = 10
MERGES_FOLLOWED = 5  # merges in a row that a group's id is followed through (one merged into one merged later)


class Params:
    """Numbered placeholders for a query built from parts: every value a person typed is a parameter."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def _variants(p: Params, words: Sequence[str], phrases: Sequence[str], any_word: bool) -> list[str]:
    """The SQL of the query analysed in each language."""
    word_params = [p(w) for w in words] if any_word else ([p(" ".join(words))] if words else [])
    phrase_params = [p(x) for x in phrases]
    variants = []
    for config in CONFIGS:
        if any_word:
            parts = [f"plainto_tsquery({config!r}, {w})" for w in word_params]
            parts += [f"phraseto_tsquery({config!r}, {x})" for x in phrase_params]
            variants.append(" || ".join(parts))
        else:
            parts = [f"plainto_tsquery({config!r}, {w})" for w in word_params]
            parts += [f"phraseto_tsquery({config!r}, {x})" for x in phrase_params]
            variants.append(" && ".join(parts))
    return variants


async def analysed(
    conn: asyncpg.Connection, words: Sequence[str], phrases: Sequence[str] = (), *, any_word: bool = False
) -> str | None:
    """The tsquery (as text) matching the words (all of them, or any with any_word) and phrases in every
    language: the OR of the query analysed as Danish, Norwegian, Swedish, Dutch, English and as written,
    each variant once; None when nothing is left to match.

    Analysed first, in a round trip of its own, so that the search itself gets a constant: the planner
    then estimates how many entries match from the index statistics and chooses the time index for a
    common word and the text index for a rare one. (Variants that stem alike are merged: counted three
    times, "print" would look three times as common as it is.)
    """
    if not words and not phrases:
        return None
    p = Params()
    return cast("str | None", await conn.fetchval(f"SELECT {_agg(_variants(p, words, phrases, any_word))}", *p.values))


def _age_days(now: str, column: str) -> str:
    return f"greatest(extract(epoch FROM {now} - {column}) / 86400.0, 0)"


def score_sql(p: Params, now: str, relevance: str) -> str:
    """ranking.score in SQL, with its figures as parameters."""
    r = RANKING
    reactions = f"e.reactions + {p(r.comment_weight)}::float8 * e.comments"
    return f"""({relevance}) * (1 + {p(r.engagement)}::float8 * ln(1 + {reactions})
        + CASE WHEN e.answered THEN {p(r.answered_boost)}::float8 ELSE 0 END)
        * (1 + {p(r.fresh_boost)}::float8 / (1 + {_age_days(now, "e.created_at")} / {p(r.fresh_days)}::float8))"""


# ----- who asks -----


async def deactivated(conn: asyncpg.Connection, viewer: uuid.UUID) -> bool:
    """Whether the directory has the viewer deactivated (one it does not know yet is not)."""
    return bool(await conn.fetchval("SELECT NOT active FROM directory_people WHERE user_id = $1", viewer))


async def community_manager(conn: asyncpg.Connection, viewer: uuid.UUID) -> bool:
    """Whether the viewer is an active community manager, as the directory has them."""
    return bool(
        await conn.fetchval("SELECT community_manager AND active FROM directory_people WHERE user_id = $1", viewer)
    )


# ----- resolving the names a person typed -----


@dataclasses.dataclass(frozen=True, slots=True)
class Found:
    """A person, group or tag a reference resolved to, and whether a typo was forgiven on the way."""

    id: Any
    label: str
    guessed: bool


# The people whose name is like `q` (lower case): served by search's trigram index on directory_people.
_PEOPLE_NAMED = """SELECT user_id FROM directory_people
                   WHERE lower(display_name) % {q} OR {q} <% lower(display_name)"""


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


async def person(conn: asyncpg.Connection, ref: str) -> Found | None:
    """By id, by handle (the e-mail's local part), else the most similar name. When several people share
    the handle or the name, the one chosen is said (`guessed`), as for a typo."""
    ref = ref.strip().lstrip("@")
    if (id_ := _as_uuid(ref)) is not None:
        row = await conn.fetchrow(
            """SELECT pe.user_id, dp.display_name FROM people pe JOIN directory_people dp USING (user_id)
               WHERE pe.user_id = $1""",
            id_,
        )  # fmt: skip
        return None if row is None else Found(row["user_id"], row["display_name"], False)
    # the handle is search's, the name the directory's: each found by its own index, then the two joined
    row = await conn.fetchrow(
        f"""WITH found AS ({_PEOPLE_NAMED.format(q="$1")} UNION SELECT user_id FROM people WHERE handle = $1)
            SELECT pe.user_id, dp.display_name, pe.handle = $1 OR lower(dp.display_name) = $1 AS exact,
                   count(*) FILTER (WHERE pe.handle = $1 OR lower(dp.display_name) = $1) OVER () AS namesakes
            FROM found JOIN people pe USING (user_id) JOIN directory_people dp USING (user_id)
            ORDER BY pe.handle = $1 DESC, lower(dp.display_name) = $1 DESC,
                     greatest(similarity(lower(dp.display_name), $1), word_similarity($1, lower(dp.display_name)))
                     DESC, dp.active DESC, dp.display_name
            LIMIT 1""",
        ref.lower(),
    )  # fmt: skip
    if row is None:
        return None
    return Found(row["user_id"], row["display_name"], not (row["exact"] and row["namesakes"] == 1))


async def group(conn: asyncpg.Connection, viewer: uuid.UUID, ref: str) -> Found | None:
    """By id (a merged group's id leads to the group it was merged into, as the feed's does) or the most
    similar name, among the groups the viewer may know of."""
    listed = _LISTED.format(viewer="$2")
    if (id_ := _as_uuid(ref.strip())) is not None:
        for _ in range(MERGES_FOLLOWED):
            merged_into = await conn.fetchval("SELECT merged_into FROM directory_groups WHERE group_id = $1", id_)
            if merged_into is None:
                break
            id_ = merged_into
        row = await conn.fetchrow(
            f"SELECT g.group_id, g.name FROM directory_groups g WHERE g.group_id = $1 AND {listed}", id_, viewer
        )
        return None if row is None else Found(row["group_id"], row["name"], False)
    row = await conn.fetchrow(
        f"""SELECT g.group_id, g.name, lower(s.name) = $1 AS exact
            FROM groups s JOIN directory_groups g USING (group_id)
            WHERE (lower(s.name) % $1 OR $1 <% lower(s.name)) AND {listed}
            ORDER BY lower(s.name) = $1 DESC,
                     greatest(similarity(lower(s.name), $1), word_similarity($1, lower(s.name))) DESC, g.members DESC
            LIMIT 1""",
        ref.strip().lower(), viewer,
    )  # fmt: skip
    return None if row is None else Found(row["group_id"], row["name"], not row["exact"])


async def tag(conn: asyncpg.Connection, viewer: uuid.UUID, value: str) -> Found | None:
    """The tag itself, else the most similar one, as long as the viewer can read an entry with it: a tag
    used only where the viewer may not read (a private group, a scheduled or deleted post) looks exactly
    like a tag nobody ever used."""
    readable = _READABLE.format(viewer="$2")
    if await conn.fetchval(
        f"SELECT true FROM entries e WHERE e.tags @> ARRAY[$1::text] AND {readable} LIMIT 1", value, viewer
    ):
        return Found(value, value, False)
    found = await conn.fetchval(
        f"""SELECT t.tag FROM tags t
            WHERE t.tag % $1 AND EXISTS (SELECT 1 FROM entries e WHERE e.tags @> ARRAY[t.tag] AND {readable})
            ORDER BY similarity(t.tag, $1) DESC, t.tag LIMIT 1""",
        value, viewer,
    )  # fmt: skip
    return None if found is None else Found(found, found, True)


# ----- posts and comments -----


@dataclasses.dataclass(frozen=True, slots=True)
class Filters:
    """A parsed query with its references resolved to ids."""

    words: Sequence[str] = ()
    phrases: Sequence[str] = ()
    excluded: Sequence[str] = ()
    tags: Sequence[str] = ()
    mentions: Sequence[uuid.UUID] = ()
    groups: Sequence[uuid.UUID] = ()
    authors: Sequence[uuid.UUID] = ()
    kinds: Sequence[int] = ()
    answered: bool | None = None
    after: dt.datetime | None = None
    before: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class After:
    """Where the previous page ended: the ranking's clock and the last hit's score and id."""

    now: dt.datetime
    score: float
    entry_id: uuid.UUID


@dataclasses.dataclass(frozen=True, slots=True)
class Prepared:
    """What a search needs before its statement: whether the viewer may search, and the query's words
    analysed in every language (see `analysed`)."""

    deactivated: bool
    text: str | None
    excluded: str | None


async def prepare(
    conn: asyncpg.Connection, viewer: uuid.UUID, words: Sequence[str], phrases: Sequence[str], excluded: Sequence[str]
) -> Prepared:
    """One round trip for the viewer's standing and the analysed words and exclusions."""
    p = Params()
    me = p(viewer)
    text = _agg(_variants(p, words, phrases, False)) if words or phrases else "NULL::text"
    left_out = _agg(_variants(p, [], excluded, True)) if excluded else "NULL::text"
    row = await conn.fetchrow(
        f"""SELECT coalesce((SELECT NOT active FROM directory_people WHERE user_id = {me}), false) AS deactivated,
                   {text} AS text, {left_out} AS excluded""",
        *p.values,
    )
    assert row is not None
    return Prepared(row["deactivated"], row["text"], row["excluded"])


def _agg(variants: list[str]) -> str:
    return f"""(SELECT string_agg(DISTINCT '(' || v::text || ')', ' | ')
                FROM unnest(ARRAY[{", ".join(variants)}]) AS v WHERE numnode(v) > 0)"""


async def statistics(conn: asyncpg.Connection) -> estimate.Statistics:
    """The index's statistics as ANALYZE (or autovacuum) last gathered them."""
    rows = await conn.fetch(
        """SELECT attname, most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
           FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'entries'
             AND attname IN ('document', 'tags')"""
    )
    total = await conn.fetchval("SELECT reltuples FROM pg_class WHERE oid = 'entries'::regclass")
    shares: dict[str, tuple[dict[str, float], float]] = {}
    for r in rows:
        elems, freqs = list(r["elems"] or []), list(r["freqs"] or [])
        common = dict(zip(elems, freqs[: len(elems)], strict=True))
        floor = min(estimate.DEFAULT_SHARE, min(common.values()) / 2) if common else estimate.DEFAULT_SHARE
        shares[r["attname"]] = (common, floor)
    lexemes, floor = shares.get("document", ({}, estimate.DEFAULT_SHARE))
    tags, tag_floor = shares.get("tags", ({}, estimate.DEFAULT_SHARE))
    return estimate.Statistics(max(float(total or 0), 0.0), lexemes, floor, tags, tag_floor)


def walk_newest(f: Filters, prepared: Prepared, stats: estimate.Statistics) -> bool:
    """Whether the newest matches are found by walking entries newest first or from an index (estimate).
    A person, a group or a mention narrows a query to a few hundred entries at most: from the index."""
    if f.authors or f.groups or f.mentions:
        return False
    share = 1.0
    if prepared.text:
        share *= estimate.text_share(prepared.text, stats)
    if f.tags:
        share *= estimate.tags_share(f.tags, stats)
    return estimate.walk_newest(share, stats.rows, NEWEST_RANKED)


async def entries(
    conn: asyncpg.Connection,
    viewer: uuid.UUID,
    f: Filters,
    prepared: Prepared,
    *,
    walk: bool,
    now: dt.datetime,
    limit: int,
    after: After | None,
) -> asyncpg.Record:
    """One statement: the page of `limit` rows, the total and the facets.

    The matches are found newest first and at most ranking.NEWEST_RANKED of them are ranked, counted and
    faceted, so a query costs the same on a network of a million posts as on one of a thousand. `walk`
    (see `walk_newest`) says how: along the time index, with the text and tag tests written as function
    calls that no index can serve, or from the text and tag indexes, sorted afterwards. The statement's
    shape fixes the plan, so a cached plan is as good as a fresh one.
    """
    p = Params()
    me, clock = p(viewer), p(now)
    text, excluded = prepared.text, prepared.excluded
    tq = f"{p(text)}::tsquery" if text else None
    where = [_READABLE.format(viewer=me)]
    if tq:
        where.append(f"ts_match_vq(e.document, {tq})" if walk else f"e.document @@ {tq}")
    elif f.words or f.phrases:
        where.append("false")  # nothing but stop words and punctuation: nothing to find
    if excluded:
        where.append(f"NOT e.document @@ {p(excluded)}::tsquery")
    if f.tags:
        tags = f"{p(list(f.tags))}::text[]"
        where.append(f"arraycontains(e.tags, {tags})" if walk else f"e.tags @> {tags}")
    if f.mentions:
        where.append(f"e.mentions @> {p(list(f.mentions))}::uuid[]")
    if f.groups:
        where.append(f"e.group_id = ANY({p(list(f.groups))}::uuid[])")
    if f.authors:
        where.append(f"e.author_id = ANY({p(list(f.authors))}::uuid[])")
    if f.kinds:
        where.append(f"e.kind = ANY({p(list(f.kinds))}::smallint[])")
    if f.answered is not None:
        where.append(f"e.kind = 2 AND e.answered = {p(f.answered)}")
    if f.after:
        where.append(f"e.created_at >= {p(f.after)}")
    if f.before:
        where.append(f"e.created_at < {p(f.before)}")
    relevance = f"ts_rank(e.document, {tq}, 1)" if tq else "1.0"
    score = score_sql(p, clock, relevance)
    page_where = f"WHERE (score, entry_id) < ({p(after.score)}::float8, {p(after.entry_id)}::uuid)" if after else ""
    n = p(limit)
    facet_n = p(FACET_VALUES)
    columns = "e.entry_id, e.kind, e.author_id, e.group_id, e.created_at, e.reactions, e.comments, e.answered"
    # one more than are ranked, to tell whether more matched; entry ids break ties, so every page ranks
    # the same matches
    newest = f"ORDER BY e.created_at DESC, e.entry_id DESC LIMIT {p(NEWEST_RANKED + 1)}"
    ranked = p(NEWEST_RANKED)
    if walk:
        matches = f"""matches AS MATERIALIZED (
    SELECT {columns}, e.document FROM entries e WHERE {" AND ".join(where)} {newest})"""
    else:
        matches = f"""found AS MATERIALIZED (SELECT {columns} FROM entries e WHERE {" AND ".join(where)}),
matches AS MATERIALIZED (
    SELECT e.*, x.document FROM (SELECT * FROM found e {newest}) e JOIN entries x USING (entry_id))"""
    sql = f"""
WITH q AS (SELECT {tq or "NULL::tsquery"} AS tq),
{matches},
hits AS MATERIALIZED (
    SELECT e.entry_id, e.kind, e.author_id, e.group_id, {score} AS score
    FROM (SELECT * FROM matches e ORDER BY e.created_at DESC, e.entry_id DESC LIMIT {ranked}) e),
page AS (SELECT * FROM hits {page_where} ORDER BY score DESC, entry_id DESC LIMIT {n})
SELECT
  (SELECT count(*) FROM hits) AS total,
  (SELECT count(*) > {ranked} FROM matches) AS capped,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(f.group_id, g.name, f.n) ORDER BY f.n DESC, g.name), '[]')
   FROM (SELECT group_id, count(*) AS n FROM hits WHERE group_id IS NOT NULL GROUP BY 1
         ORDER BY 2 DESC, 1 LIMIT {facet_n}) f JOIN directory_groups g USING (group_id)
   WHERE g.visibility IS NOT NULL) AS groups,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(f.kind, f.n) ORDER BY f.n DESC, f.kind), '[]')
   FROM (SELECT kind, count(*) AS n FROM hits GROUP BY 1) f) AS kinds,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(f.author_id, pe.display_name, f.n)
                              ORDER BY f.n DESC, pe.display_name), '[]')
   FROM (SELECT author_id, count(*) AS n FROM hits GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {facet_n}) f
   LEFT JOIN directory_people pe ON pe.user_id = f.author_id) AS authors,
  (SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.score DESC, r.entry_id DESC), '[]') FROM (
     SELECT pg.entry_id, e.post_id, e.kind, pg.score, e.author_id, pe.display_name AS author_name,
            coalesce(pe.active, true) AS author_active, e.group_id, g.name AS group_name,
            coalesce(CASE WHEN q.tq IS NOT NULL THEN ts_headline(e.language, replace(e.body, '<', {p(LT)}), q.tq,
                                                                   {p(_HEADLINE)}) END,
                     left(e.body, {SNIPPET_CHARS})) AS snippet,
            e.tags, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
            e.reactions, e.comments, e.answered
     FROM page pg JOIN entries e USING (entry_id) CROSS JOIN q
     LEFT JOIN directory_people pe ON pe.user_id = e.author_id
     LEFT JOIN directory_groups g ON g.group_id = e.group_id AND g.visibility IS NOT NULL) r) AS page
"""
    row = await conn.fetchrow(sql, *p.values)
    assert row is not None
    return row


def decoded(value: str | list[Any]) -> list[Any]:
    """asyncpg hands jsonb over as text."""
    return json.loads(value) if isinstance(value, str) else value


# ----- groups and people -----


async def groups(conn: asyncpg.Connection, viewer: uuid.UUID, text: str, limit: int) -> list[asyncpg.Record]:
    p = Params()
    me, q = p(viewer), p(text.lower())
    tq = f"{p(await analysed(conn, [text]) or '')}::tsquery"
    return list(await conn.fetch(
        f"""SELECT g.group_id, g.name, g.purpose, g.visibility, g.members, g.archived,
                   {_IS_MEMBER.format(viewer=me)} AS viewer_is_member,
                   ts_rank(s.document, {tq})
                   + greatest(similarity(lower(s.name), {q}), word_similarity({q}, lower(s.name))) AS score
            FROM groups s JOIN directory_groups g USING (group_id)
            WHERE (s.document @@ {tq} OR lower(s.name) % {q} OR {q} <% lower(s.name))
              AND {_LISTED.format(viewer=me)}
            ORDER BY score DESC, g.members DESC, g.name LIMIT {p(limit)}""",
        *p.values,
    ))  # fmt: skip


# A person as a hit shows them: over `pe` (search's people) and `dp` (directory_people).
_PERSON = "pe.user_id, dp.display_name, pe.title, dp.department, pe.skills, dp.active"


async def people(conn: asyncpg.Connection, text: str, limit: int, include_inactive: bool) -> list[asyncpg.Record]:
    """Names forgive typos (trigrams); title, department and skills match as words. The names are the
    directory's and the rest search's: each is matched by its own table's indexes, then the two joined."""
    p = Params()
    q = p(text.lower())
    tq = f"{p(await analysed(conn, [text]) or '')}::tsquery"
    return list(await conn.fetch(
        f"""WITH found AS (
                {_PEOPLE_NAMED.format(q=q)}
                UNION SELECT user_id FROM people WHERE handle = {q} OR profile @@ {tq})
            SELECT {_PERSON},
                   2 * greatest(similarity(lower(dp.display_name), {q}), word_similarity({q}, lower(dp.display_name)))
                   + ts_rank(pe.profile, {tq}) + CASE WHEN pe.handle = {q} THEN 3 ELSE 0 END AS score
            FROM found JOIN people pe USING (user_id) JOIN directory_people dp USING (user_id)
            WHERE dp.active OR {p(include_inactive)}
            ORDER BY score DESC, dp.display_name LIMIT {p(limit)}""",
        *p.values,
    ))  # fmt: skip


# ----- expertise and where to ask -----


async def experts(
    conn: asyncpg.Connection,
    viewer: uuid.UUID,
    topic: str,
    *,
    now: dt.datetime,
    limit: int,
    besides: uuid.UUID | None = None,
) -> list[asyncpg.Record]:
    """People ranked by the evidence on a topic (a tsquery from `analysed`, any of its words) that the viewer
    may see, and by their profile (ranking.Evidence); `besides` is left out (the person asking, when
    suggesting whom to ask)."""
    p = Params()
    me, clock = p(viewer), p(now)
    tq = f"{p(topic)}::tsquery"
    e = EVIDENCE
    return list(await conn.fetch(
        f"""
WITH evidence AS (
    SELECT e.author_id, e.reactions, e.created_at,
           e.kind = {COMMENT} AND e.answered AS accepted,
           e.kind = {COMMENT} AND e.question AND NOT e.answered AS answer,
           e.kind <> {COMMENT} AND e.kind <> 2 AS post,
           CASE WHEN e.kind = {COMMENT} THEN
                    CASE WHEN e.answered THEN {p(e.accepted_answer)}::float8
                         WHEN e.question THEN {p(e.answer)}::float8 ELSE {p(e.comment)}::float8 END
                WHEN e.kind = 2 THEN {p(e.question)}::float8 ELSE {p(e.post)}::float8 END
           * (1 + ln(1 + e.reactions))
           * power(0.5, {_age_days(clock, "e.created_at")} / {p(e.half_life_days)}::float8) AS weight
    FROM entries e
    WHERE e.document @@ {tq} AND {_READABLE.format(viewer=me)}
),
by_person AS (
    SELECT author_id AS user_id, sum(weight) AS weight, count(*) FILTER (WHERE accepted) AS accepted_answers,
           count(*) FILTER (WHERE answer) AS answers, count(*) FILTER (WHERE post) AS posts,
           sum(reactions) AS reactions_received, max(created_at) AS last_active_on_topic
    FROM evidence GROUP BY 1
),
profiles AS (SELECT user_id FROM people WHERE profile @@ {tq}),
candidates AS (SELECT user_id FROM by_person UNION SELECT user_id FROM profiles)
SELECT {_PERSON},
       coalesce(b.weight, 0) + CASE WHEN pr.user_id IS NULL THEN 0 ELSE {p(e.profile)}::float8 END AS score,
       coalesce(b.accepted_answers, 0) AS accepted_answers, coalesce(b.answers, 0) AS answers,
       coalesce(b.posts, 0) AS posts, coalesce(b.reactions_received, 0) AS reactions_received,
       b.last_active_on_topic, pr.user_id IS NOT NULL AS profile_match
FROM candidates c JOIN people pe USING (user_id) JOIN directory_people dp USING (user_id)
LEFT JOIN by_person b USING (user_id) LEFT JOIN profiles pr USING (user_id)
WHERE dp.active AND NOT EXISTS (SELECT 1 FROM hidden_experts h WHERE h.user_id = pe.user_id)
  AND pe.user_id IS DISTINCT FROM {p(besides)}::uuid
ORDER BY score DESC, dp.display_name LIMIT {p(limit)}""",
        *p.values,
    ))  # fmt: skip


async def where_to_ask(conn: asyncpg.Connection, viewer: uuid.UUID, topic: str, limit: int) -> list[asyncpg.Record]:
    """Groups the viewer can read and post questions in (not announcement-only), by the entries on a topic
    (as for `experts`) in them and by their name and purpose."""
    p = Params()
    me = p(viewer)
    tq = f"{p(topic)}::tsquery"
    return list(await conn.fetch(
        f"""
WITH readable AS (
    SELECT g.group_id, g.name, g.purpose, g.members, s.document
    FROM directory_groups g JOIN groups s USING (group_id)
    WHERE g.visibility IS NOT NULL AND g.merged_into IS NULL AND NOT g.archived AND g.posting_policy <> 2
      AND {_READS_GROUP.format(viewer=me)}
),
matching AS (
    SELECT e.group_id, count(*) AS n FROM entries e
    WHERE e.document @@ {tq} AND e.published AND e.group_id IN (SELECT group_id FROM readable)
    GROUP BY 1
)
SELECT g.group_id, g.name, g.purpose, coalesce(m.n, 0) AS matching_posts,
       {_IS_MEMBER.format(viewer=me)} AS viewer_is_member,
       coalesce(m.n, 0) + 5 * ts_rank(g.document, {tq}) AS score
FROM readable g LEFT JOIN matching m USING (group_id)
WHERE m.n IS NOT NULL OR g.document @@ {tq}
ORDER BY score DESC, g.members DESC, g.name LIMIT {p(limit)}""",
        *p.values,
    ))  # fmt: skip


# ----- what was not found -----


async def record_miss(conn: asyncpg.Connection, query: str, at: dt.datetime) -> None:
    """Counted per week, without who asked."""
    await conn.execute(
        """INSERT INTO missed_queries (week, query, last_at)
           VALUES (date_trunc('week', $2 AT TIME ZONE 'UTC')::date, $1, $2)
           ON CONFLICT (week, query) DO UPDATE SET times = missed_queries.times + 1, last_at = excluded.last_at""",
        query, at,
    )  # fmt: skip


async def missed(conn: asyncpg.Connection, week: dt.date, limit: int) -> list[asyncpg.Record]:
    return list(await conn.fetch(
        "SELECT * FROM missed_queries WHERE week = $1 ORDER BY times DESC, last_at DESC LIMIT $2", week, limit
    ))  # fmt: skip
