"""The search service's paths on a network of 200,000 posts in the five languages: how fast the index
takes the platform's events in, how long common queries take at 8 at once, and how soon a new post is
found while posts keep arriving.

Search runs as its own process (`python -m services.search`); the events are published to JetStream
from here, as the feed's relay would, and queries go over gRPC as the gateway's would.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import time
import uuid
from pathlib import Path

import grpc

from bench.common import Results, World, service_world, wait_applied
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.v1 import events_pb2 as ev
from kantine.v1 import search_pb2, search_pb2_grpc

INDEX = "search: posts in -> multilingual index (consumer process)"
QUERIES = "search: common queries over gRPC, 8 at once"
POSTS = 200_000  # the size, whatever BENCH_SCALE says: latency depends on it
PEOPLE, GROUPS, PRIVATE_GROUPS = 2_000, 40, 10
READERS = 8

WORDS_TEXT = {
    "da": (
        "og det er at en til på med for ikke vi har jeg kan som af der de skal også",
        "medarbejder medarbejderne møde møderne projekt projektet kunde kunderne løsning løsningen kantine "
        "frokost kaffe ferie ferien rejse rejser regning faktura budget budgettet kontor kontoret system "
        "systemet adgangskode printer netværk opgave opgaverne leverandør aftale aftalen plan planen",
    ),
    "no": (
        "og det er at en til på med for ikke vi har jeg kan som av der de skal også noen hva",
        "medarbeider medarbeiderne møte møtene prosjekt prosjektet kunde kundene løsning løsningen kantine "
        "lunsj kaffe ferie ferien reise reiser regning faktura budsjett budsjettet kontor kontoret system "
        "systemet passord skriver nettverk oppgave oppgavene leverandør avtale avtalen plan planen",
    ),
    "sv": (
        "och det är att en till på med för inte vi har jag kan som av där de ska också mycket",
        "medarbetare medarbetarna möte mötena projekt projektet kund kunderna lösning lösningen matsal "
        "lunch kaffe semester semestern resa resor räkning faktura budget budgeten kontor kontoret system "
        "systemet lösenord skrivare nätverk uppgift uppgifterna leverantör avtal avtalet plan planen",
    ),
    "nl": (
        "de het een en van is niet ik we zijn voor met ook dat op te hebben",
        "medewerker medewerkers vergadering vergaderingen project projecten klant klanten oplossing "
        "oplossingen kantine lunch koffie vakantie reis reizen rekening factuur budget budgetten kantoor "
        "kantoren systeem systemen wachtwoord printer netwerk taak taken leverancier afspraak afspraken plan",
    ),
    "en": (
        "the and of to is not we have i can for with that this it on be also",
        "employee employees meeting meetings project projects customer customers solution solutions canteen "
        "lunch coffee holiday holidays travel trips invoice invoices budget budgets office offices system "
        "systems password printer network task tasks supplier agreement agreements plan plans",
    ),
}
# Each language's everyday words: function words, enough for the language to be told, and content words
# in several forms (so stemming matters). Earlier content words are drawn more often (Zipf-like).
WORDS = {language: (function.split(), content.split()) for language, (function, content) in WORDS_TEXT.items()}
LOCALES = {"da": "da-DK", "no": "nb-NO", "sv": "sv-SE", "nl": "nl-NL", "en": "en-GB"}
TAGS = str.split("ops security hr it finance travel kantine onboarding release kubernetes python sales support fika")
COMMON_QUERIES = [
    "medarbejder", "møte", "meeting budget", "lösning", "vergadering", "printer", "kunde projekt", "invoices",
    '"the budget"', "#security", "#kubernetes printer", "is:unanswered", "type:question password", "kaffe -lunch",
    "system after:2026-01-01",
]  # fmt: skip


def _pick(words: list[str]) -> str:
    return words[min(int(random.paretovariate(1.1)) - 1, len(words) - 1)]


def _body(language: str) -> str:
    function, content = WORDS[language]
    words = []
    for _ in range(random.randint(12, 40)):
        words.append(random.choice(function) if random.random() < 0.45 else _pick(content))
    text = " ".join(words).capitalize() + "."
    if random.random() < 0.3:
        text += f" #{random.choice(TAGS)}"
    return text


def _world_events(posts: int) -> tuple[list[tuple[object, str, str]], list[str], list[str]]:
    """People, groups with members, and posts: the events, the people's ids and the groups' ids."""
    events: list[tuple[object, str, str]] = []
    people, languages = [], list(WORDS)
    for i in range(PEOPLE):
        user, language = new_id(), languages[i % len(languages)]
        profile = ev.UserProvisioned(user_id=user, display_name=f"Person {i}", email=f"person{i}@example.com",
                                     department=f"Dept {i % 12}", locale=LOCALES[language],
                                     skills=random.sample(TAGS, 2))  # fmt: skip
        events.append((profile, user, ""))
        people.append(user)
    groups = []
    for i in range(GROUPS):
        group = new_id()
        visibility = ev.GROUP_VISIBILITY_PRIVATE if i < PRIVATE_GROUPS else ev.GROUP_VISIBILITY_PUBLIC
        events.append((ev.GroupCreated(group_id=group, name=f"Group {i}", purpose=f"everything about topic {i}",
                                       visibility=visibility, owner_ids=[people[i]]), group, people[i]))  # fmt: skip
        for member in random.sample(people, 60):
            events.append((ev.MemberJoined(group_id=group, user_id=member), group, member))
        groups.append(group)
    for _ in range(posts):
        author = random.randrange(PEOPLE)
        language = languages[author % len(languages)]
        body = _body(language)
        tags = [w[1:-1] if w.endswith(".") else w[1:] for w in body.split() if w.startswith("#")]
        kind = ev.POST_KIND_QUESTION if random.random() < 0.15 else ev.POST_KIND_DISCUSSION
        group = random.choice(groups) if random.random() < 0.5 else ""
        post = ev.PostCreated(post_id=new_id(), author_id=people[author], group_id=group, kind=kind, body=body,
                              tags=tags)  # fmt: skip
        events.append((post, post.post_id, post.author_id))
    return events, people, groups


async def index_and_query(
    nats_url: str, pg_server_url: str, home: Path, results: Results
) -> tuple[float, float, float, float, float, int]:
    """Returns (query p50 ms, p99 ms, publish-to-searchable p50 ms, p99 ms, the ingest rate it held, posts)."""
    async with service_world("services.search", nats_url, pg_server_url, home / "search.log", "search", {}) as world:
        events, people, _ = _world_events(POSTS)
        setup = [e for e in events if not isinstance(e[0], ev.PostCreated)]
        posts = [e for e in events if isinstance(e[0], ev.PostCreated)]
        await world.publish(setup)  # type: ignore[arg-type]
        await wait_applied(world.pool, "search", len(setup))
        rate = await world.drain_rate("search", posts, len(setup), timeout=1800)  # type: ignore[arg-type]
        results.add(INDEX, rate, f"{len(posts):,} posts of 12-40 words in five languages, {PEOPLE:,} people")
        await world.pool.execute("ANALYZE search.entries")
        p50, p99, qps = await _query_latency(world, people)
        results.add(QUERIES, qps, f"{len(COMMON_QUERIES)} common queries; p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        fresh = await _searchable_latency(world, people, rate=min(500.0, rate / 2))
    return p50, p99, fresh[0], fresh[1], fresh[2], len(posts)


async def _query_latency(world: World, people: list[str]) -> tuple[float, float, float]:
    """READERS clients asking the common queries as people would, for a while: (p50 ms, p99 ms, queries/s)."""
    latencies: list[float] = []
    count = 1_500

    async with channel(world.address) as ch:
        stub = search_pb2_grpc.SearchServiceStub(ch)
        queue = [(random.choice(people), COMMON_QUERIES[i % len(COMMON_QUERIES)]) for i in range(count)]

        async def reader() -> None:
            while queue:
                viewer, query = queue.pop()
                started = time.perf_counter()
                with contextlib.suppress(grpc.aio.AioRpcError):
                    await stub.Search(search_pb2.SearchRequest(viewer_id=viewer, query=query))
                latencies.append((time.perf_counter() - started) * 1000)

        for viewer, query in queue[:50]:  # warm up
            await stub.Search(search_pb2.SearchRequest(viewer_id=viewer, query=query))
        start = time.perf_counter()
        await asyncio.gather(*(reader() for _ in range(READERS)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99)], count / elapsed


async def _searchable_latency(world: World, people: list[str], rate: float) -> tuple[float, float, float]:
    """New posts published at `rate` while the index is full: publish to the row being in the index (from then
    on every query finds it). Returns (p50 ms, p99 ms, achieved rate)."""
    sent: dict[uuid.UUID, float] = {}
    seen: list[float] = []
    done = asyncio.Event()

    async def watch() -> None:
        while not done.is_set() or sent:
            if sent:
                rows = await world.pool.fetch(
                    "SELECT entry_id FROM search.entries WHERE entry_id = ANY($1::uuid[])", list(sent)
                )
                now = time.perf_counter()
                for r in rows:
                    seen.append((now - sent.pop(r["entry_id"])) * 1000)
            await asyncio.sleep(0.002)

    watcher = asyncio.create_task(watch())
    count = 2_000
    start = time.perf_counter()
    for i in range(count):
        author = random.choice(people)
        post = ev.PostCreated(post_id=new_id(), author_id=author, kind=ev.POST_KIND_DISCUSSION, body=_body("da"))
        sent[uuid.UUID(post.post_id)] = time.perf_counter()
        await world.publish([(post, post.post_id, author)])
        await asyncio.sleep(max(0.0, start + (i + 1) / rate - time.perf_counter()))
    achieved = count / (time.perf_counter() - start)
    done.set()
    await asyncio.wait_for(watcher, 120)
    seen.sort()
    return statistics.median(seen), seen[int(len(seen) * 0.99)], achieved
