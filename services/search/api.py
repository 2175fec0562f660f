"""SearchService over gRPC: the search box, groups, people, experts, where to ask, and what was not found."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from kantine import db
from kantine.errors import denied, invalid
from kantine.fields import page_limit, required_id, rfc3339
from kantine.grpcutil import Context, run
from kantine.v1 import search_pb2, search_pb2_grpc
from services.search import commands, reads
from services.search.domain import estimate
from services.search.domain.query import Kind, SearchQuery, clean, parse
from services.search.domain.snippets import highlighted
from services.search.store import COMMENT, SCHEMA

PAGE, MAX_PAGE = 20, 100
EXPERTS, MAX_EXPERTS = 10, 50
SUGGESTED, MAX_SUGGESTED = 3, 10
MISSED, MAX_MISSED = 50, 500
FEW = 3  # fewer hits than this: offer where to ask it as a question
STATISTICS_S = 300.0
DEACTIVATED = "this account is deactivated"
CURSOR_LIFE = dt.timedelta(days=1)  # a page ranked with an older clock is stale
KIND_CODES = {
    Kind.DISCUSSION: 1, Kind.QUESTION: 2, Kind.ANNOUNCEMENT: 3, Kind.PRAISE: 4, Kind.POLL: 5, Kind.COMMENT: COMMENT,
}  # fmt: skip
KIND_NAMES = {code: kind.value for kind, code in KIND_CODES.items()}


def _words(text: str, field: str) -> list[str]:
    """A topic for experts or suggestions: the words and phrases of a query, without its filters."""
    query = parse(text)
    words = [*query.words, *query.phrases]
    if not words:
        raise invalid("name a topic in words", field)
    return words


def _day(value: dt.date | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.combine(value, dt.time(), dt.UTC)


def _fingerprint(query: SearchQuery) -> str:
    return hashlib.sha256(query.normalised().encode()).hexdigest()[:16]


def _encode_cursor(query: SearchQuery, now: dt.datetime, score: float, entry_id: str) -> str:
    raw = json.dumps({"q": _fingerprint(query), "n": now.isoformat(), "s": score, "i": entry_id})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(value: str, query: SearchQuery) -> reads.After:
    """A cursor holds the ranking's clock, so every page ranks as the first did."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        clock, score, entry, fingerprint = str(raw["n"]), float(raw["s"]), str(raw["i"]), str(raw["q"])
        after = reads.After(dt.datetime.fromisoformat(clock), score, uuid.UUID(entry))
        if after.now.tzinfo is None or not math.isfinite(score):
            raise ValueError(value)
    except (ValueError, KeyError, TypeError, OverflowError):
        raise invalid("cursor: not one this service gave out", "cursor") from None
    age = dt.datetime.now(dt.UTC) - after.now
    if not dt.timedelta(minutes=-1) <= age <= CURSOR_LIFE:
        raise invalid("cursor: expired (pages are kept for a day); search again", "cursor")
    if fingerprint != _fingerprint(query):
        raise invalid("cursor: it belongs to another query; send the query it came with", "cursor")
    return after


def _person(row: asyncpg.Record) -> search_pb2.PersonHit:
    return search_pb2.PersonHit(
        user_id=str(row["user_id"]), display_name=row["display_name"], title=row["title"],
        department=row["department"], skills=list(row["skills"]), active=row["active"], score=float(row["score"]),
    )  # fmt: skip


def _expert(row: asyncpg.Record) -> search_pb2.Expert:
    return search_pb2.Expert(
        person=_person(row), score=float(row["score"]), accepted_answers=row["accepted_answers"],
        answers=row["answers"], posts=row["posts"], reactions_received=row["reactions_received"],
        profile_match=row["profile_match"], last_active_on_topic=rfc3339(row["last_active_on_topic"]),
    )  # fmt: skip


# How the API's sessions plan. A search's statement fixes its own access path (reads.entries: along the
# time index or from the text index, chosen from the index's statistics), so a plan made once per
# statement and connection serves every later search of that shape: planning the big statement anew
# each time cost more than running it. Matching a text costs far more than the planner's default for an
# operator; no parallel workers: many small queries at once are served better by one core each.
QUERY_SETTINGS = {
    "plan_cache_mode": "force_generic_plan",
    "cpu_operator_cost": "0.02",
    "max_parallel_workers_per_gather": "0",
}


async def read_pool(database_url: str) -> asyncpg.Pool:
    """The API's own pool, planning as QUERY_SETTINGS say; the consumer's statements keep the defaults."""
    return await db.create_pool(database_url, SCHEMA, settings=QUERY_SETTINGS, keep_sessions=True)


class SearchApi(search_pb2_grpc.SearchServiceServicer):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self._stats = estimate.Statistics()
        self._stats_at = -STATISTICS_S

    async def _statistics(self, conn: asyncpg.Connection) -> estimate.Statistics:
        """The index's statistics, read again every few minutes (ANALYZE changes them about as often)."""
        if time.monotonic() - self._stats_at > STATISTICS_S:
            self._stats, self._stats_at = await reads.statistics(conn), time.monotonic()
        return self._stats

    # ----- the search box -----

    async def Search(self, request: search_pb2.SearchRequest, context: Context) -> search_pb2.SearchResults:
        return await run(context, self._search(request))

    async def _search(self, request: search_pb2.SearchRequest) -> search_pb2.SearchResults:
        viewer = required_id(request.viewer_id, "viewer_id")
        limit = page_limit(request.limit, PAGE, MAX_PAGE)
        query = parse(request.query)
        if query.is_empty:
            raise invalid("type what to search for", "query")
        after = _decode_cursor(request.cursor, query) if request.cursor else None
        now = after.now if after else dt.datetime.now(dt.UTC)
        async with self.pool.acquire() as conn:
            prepared = await reads.prepare(conn, viewer, query.words, query.phrases, query.excluded)
            if prepared.deactivated:
                raise denied(DEACTIVATED)
            filters, notices = await self._filters(conn, viewer, query)
            if filters is None:
                return search_pb2.SearchResults(notices=notices)
            walk = reads.walk_newest(filters, prepared, await self._statistics(conn))
            row = await reads.entries(conn, viewer, filters, prepared, walk=walk, now=now, limit=limit + 1, after=after)
            page = reads.decoded(row["page"])
            more = len(page) > limit
            page = page[:limit]
            results = search_pb2.SearchResults(
                hits=[_hit(h) for h in page],
                total=row["total"],
                facets=search_pb2.Facets(
                    groups=[search_pb2.FacetValue(value=g, label=name, count=n)
                            for g, name, n in reads.decoded(row["groups"])],
                    kinds=[search_pb2.FacetValue(value=KIND_NAMES[k], label=KIND_NAMES[k], count=n)
                           for k, n in reads.decoded(row["kinds"])],
                    authors=[search_pb2.FacetValue(value=a, label=name or "", count=n)
                             for a, name, n in reads.decoded(row["authors"])],
                ),
                next_cursor=_encode_cursor(query, now, page[-1]["score"], page[-1]["entry_id"]) if more else "",
                notices=notices,
                total_capped=row["capped"],
            )  # fmt: skip
            if after is None and row["total"] < FEW and query.has_text:
                words = [*query.words, *query.phrases]
                results.suggestions.CopyFrom(await self._suggestions(conn, viewer, words, SUGGESTED, now))
                if row["total"] == 0:
                    await reads.record_miss(conn, _missed_text(query), now)
        return results

    async def _filters(
        self, conn: asyncpg.Connection, viewer: uuid.UUID, query: SearchQuery
    ) -> tuple[reads.Filters | None, list[str]]:
        """The query with its people, groups and tags resolved; None when one of them names nothing."""
        notices: list[str] = []
        unknown = False

        async def each(
            refs: tuple[str, ...], find: Callable[[str], Awaitable[reads.Found | None]], prefix: str, nobody: str
        ) -> list[Any]:
            nonlocal unknown
            ids = []
            for ref in refs:
                found = await find(ref)
                if found is None:
                    notices.append(f"{prefix}{ref}: {nobody}")
                    unknown = True
                else:
                    if found.guessed:
                        shown = f"#{found.label}" if prefix == "#" else found.label
                        notices.append(f"{prefix}{ref}: showing {shown}")
                    ids.append(found.id)
            return ids

        tags = await each(query.tags, lambda t: reads.tag(conn, viewer, t), "#", "no posts with this tag")
        mentions = await each(query.mentions, lambda r: reads.person(conn, r), "@", "nobody by that name")
        authors = await each(query.authors, lambda r: reads.person(conn, r), "from:", "nobody by that name")
        groups = await each(query.groups, lambda r: reads.group(conn, viewer, r), "in:", "no group by that name")
        if unknown:
            return None, notices
        kinds = sorted(KIND_CODES[k] for k in query.kinds)
        return reads.Filters(
            words=query.words, phrases=query.phrases, excluded=query.excluded, tags=tags,
            mentions=mentions, groups=groups, authors=authors, kinds=kinds, answered=query.answered,
            after=_day(query.after), before=_day(query.before),
        ), notices  # fmt: skip

    # ----- groups, people, experts -----

    async def SearchGroups(self, request: search_pb2.SearchGroupsRequest, context: Context) -> search_pb2.GroupResults:
        return await run(context, self._groups(request))

    async def _groups(self, request: search_pb2.SearchGroupsRequest) -> search_pb2.GroupResults:
        viewer = required_id(request.viewer_id, "viewer_id")
        limit = page_limit(request.limit, PAGE, MAX_PAGE)
        text = _text(request.query)
        async with self.pool.acquire() as conn:
            await _may_search(conn, viewer)
            rows = await reads.groups(conn, viewer, text, limit)
        return search_pb2.GroupResults(
            groups=[
                search_pb2.GroupHit(
                    group_id=str(r["group_id"]), name=r["name"], purpose=r["purpose"], visibility=r["visibility"],
                    members=r["members"], viewer_is_member=r["viewer_is_member"], archived=r["archived"],
                    score=float(r["score"]),
                )
                for r in rows
            ]
        )  # fmt: skip

    async def SearchPeople(self, request: search_pb2.SearchPeopleRequest, context: Context) -> search_pb2.PeopleResults:
        return await run(context, self._people(request))

    async def _people(self, request: search_pb2.SearchPeopleRequest) -> search_pb2.PeopleResults:
        viewer = required_id(request.viewer_id, "viewer_id")
        limit = page_limit(request.limit, PAGE, MAX_PAGE)
        text = _text(request.query)
        async with self.pool.acquire() as conn:
            await _may_search(conn, viewer)
            rows = await reads.people(conn, text, limit, request.include_inactive)
        return search_pb2.PeopleResults(people=[_person(r) for r in rows])

    async def FindExperts(self, request: search_pb2.FindExpertsRequest, context: Context) -> search_pb2.Experts:
        return await run(context, self._experts(request))

    async def _experts(self, request: search_pb2.FindExpertsRequest) -> search_pb2.Experts:
        viewer = required_id(request.viewer_id, "viewer_id")
        limit = page_limit(request.limit, EXPERTS, MAX_EXPERTS)
        words = _words(request.topic, "topic")
        async with self.pool.acquire() as conn:
            await _may_search(conn, viewer)
            topic = await reads.analysed(conn, words, any_word=True)
            rows = await reads.experts(conn, viewer, topic, now=dt.datetime.now(dt.UTC), limit=limit) if topic else []
        return search_pb2.Experts(experts=[_expert(r) for r in rows])

    async def SuggestWhereToAsk(self, request: search_pb2.SuggestRequest, context: Context) -> search_pb2.Suggestions:
        return await run(context, self._suggest(request))

    async def _suggest(self, request: search_pb2.SuggestRequest) -> search_pb2.Suggestions:
        viewer = required_id(request.viewer_id, "viewer_id")
        limit = page_limit(request.limit, SUGGESTED, MAX_SUGGESTED)
        words = _words(request.query, "query")
        async with self.pool.acquire() as conn:
            await _may_search(conn, viewer)
            return await self._suggestions(conn, viewer, words, limit, dt.datetime.now(dt.UTC))

    async def _suggestions(
        self, conn: asyncpg.Connection, viewer: uuid.UUID, words: list[str], limit: int, now: dt.datetime
    ) -> search_pb2.Suggestions:
        topic = await reads.analysed(conn, words, any_word=True)  # once, for the groups and the people
        if topic is None:
            return search_pb2.Suggestions()
        groups = await reads.where_to_ask(conn, viewer, topic, limit)
        people = await reads.experts(conn, viewer, topic, now=now, limit=limit, besides=viewer)
        return search_pb2.Suggestions(
            groups=[
                search_pb2.GroupSuggestion(
                    group_id=str(g["group_id"]), name=g["name"], purpose=g["purpose"],
                    matching_posts=g["matching_posts"], viewer_is_member=g["viewer_is_member"],
                )
                for g in groups
            ],
            people=[_expert(r) for r in people],
        )  # fmt: skip

    # ----- the person's choice, and what was not found -----

    async def SetExpertiseVisibility(
        self, request: search_pb2.SetExpertiseVisibilityRequest, context: Context
    ) -> search_pb2.ExpertiseVisibility:
        return await run(context, self._set_visibility(request))

    async def _set_visibility(
        self, request: search_pb2.SetExpertiseVisibilityRequest
    ) -> search_pb2.ExpertiseVisibility:
        viewer = required_id(request.viewer_id, "viewer_id")
        hidden = await commands.set_expertise_visibility(self.pool, user_id=viewer, hidden=request.hidden)
        return search_pb2.ExpertiseVisibility(user_id=str(viewer), hidden=hidden)

    async def GetExpertiseVisibility(
        self, request: search_pb2.GetExpertiseVisibilityRequest, context: Context
    ) -> search_pb2.ExpertiseVisibility:
        return await run(context, self._get_visibility(request))

    async def _get_visibility(
        self, request: search_pb2.GetExpertiseVisibilityRequest
    ) -> search_pb2.ExpertiseVisibility:
        viewer = required_id(request.viewer_id, "viewer_id")
        async with self.pool.acquire() as conn:
            hidden = bool(await conn.fetchval("SELECT true FROM hidden_experts WHERE user_id = $1", viewer))
        return search_pb2.ExpertiseVisibility(user_id=str(viewer), hidden=hidden)

    async def ListMissedQueries(
        self, request: search_pb2.ListMissedQueriesRequest, context: Context
    ) -> search_pb2.MissedQueries:
        return await run(context, self._missed(request))

    async def _missed(self, request: search_pb2.ListMissedQueriesRequest) -> search_pb2.MissedQueries:
        viewer = required_id(request.viewer_id, "viewer_id")
        limit = page_limit(request.limit, MISSED, MAX_MISSED)
        if request.week:
            try:
                week = dt.date.fromisoformat(request.week)
            except ValueError:
                raise invalid("week: a date, YYYY-MM-DD (the week's Monday)", "week") from None
        else:
            week = dt.datetime.now(dt.UTC).date()
        week -= dt.timedelta(days=week.weekday())
        async with self.pool.acquire() as conn:
            if not await reads.community_manager(conn, viewer):
                raise denied("only community managers see what people searched for")
            rows = await reads.missed(conn, week, limit)
        return search_pb2.MissedQueries(
            week=week.isoformat(),
            queries=[search_pb2.MissedQuery(query=r["query"], times=r["times"], last_at=rfc3339(r["last_at"]))
                     for r in rows],
        )  # fmt: skip


def _text(value: str) -> str:
    """A name or words to look for: invisible and control characters go, as in the search box."""
    text = " ".join(clean(value).split())
    if not text:
        raise invalid("type what to search for", "query")
    if len(text) > 200:
        raise invalid("at most 200 characters", "query")
    return text


def _missed_text(query: SearchQuery) -> str:
    """What was looked for, without the filters that name people or groups."""
    return SearchQuery(words=query.words, phrases=query.phrases, tags=query.tags).normalised()


async def _may_search(conn: asyncpg.Connection, viewer: uuid.UUID) -> None:
    """A deactivated account searches nothing; one not yet known here searches what is open to all."""
    if await reads.deactivated(conn, viewer):
        raise denied(DEACTIVATED)


def _hit(h: dict[str, Any]) -> search_pb2.Hit:
    """One row of the page as `reads.entries` returns it (JSON)."""
    snippet, ranges = highlighted(h["snippet"] or "")
    comment = h["kind"] == COMMENT
    return search_pb2.Hit(
        post_id=h["post_id"], comment_id=h["entry_id"] if comment else "",
        kind=KIND_NAMES.get(h["kind"], "discussion"),
        author_id=h["author_id"], author_name=h["author_name"] or "", author_active=h["author_active"],
        group_id=h["group_id"] or "", group_name=h["group_name"] or "",
        snippet=snippet, highlights=[search_pb2.Highlight(start=a, end=b) for a, b in ranges],
        tags=h["tags"], created_at=rfc3339(dt.datetime.fromisoformat(h["created_at"])), reactions=h["reactions"],
        comments=h["comments"],
        answered=h["answered"], score=h["score"],
    )  # fmt: skip
