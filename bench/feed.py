"""The feed's paths: CreatePost over gRPC, and a home-feed page for a well-connected person in a big store.

The feed runs as its own process (`python -m services.feed`), as in production, and the clients talk
to it over gRPC from this process. The store for the read benchmark is written through the feed's
own event store and projection (the same `apply` a rebuild uses), which is far quicker than gRPC
for 100,000 posts and leaves the same tables behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
from google.protobuf.message import Message

from bench.common import Results, n, service_process
from kantine import db
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.platform.postgres_server import create_database
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2, feed_pb2_grpc
from services.feed.domain.model import SYSTEM
from services.feed.handlers import record
from services.feed.store import MIGRATIONS, SCHEMA

CREATE = "feed: CreatePost over gRPC (16 in flight, relay on)"
HOME = "feed: HomeFeed page of 20 over gRPC (8 readers)"
RAW_POINT = "raw PostgreSQL primary-key select (8 connections)"
STORE_POSTS = 100_000
PEOPLE, GROUPS, TAGS = 2_000, 200, 60
FOLLOWS, MEMBERSHIPS, TAG_FOLLOWS, READERS = 200, 20, 5, 8


@contextlib.asynccontextmanager
async def feed_process(
    nats_url: str, database_url: str, log: Path, prefix: str, *, relay: bool = True
) -> AsyncIterator[str]:
    """The feed service in a process of its own; yields its gRPC address once it is healthy."""
    env = {"KANTINE_FEED_RELAY": "true" if relay else "false"}
    async with service_process("services.feed", nats_url, database_url, log, prefix, env) as address:
        yield address


async def provision_authors(stub: feed_pb2_grpc.FeedServiceStub, count: int = 200) -> list[str]:
    authors = [new_id() for _ in range(count)]
    for author in authors:
        profile = feed_pb2.Profile(display_name=f"Author {author[:8]}")
        await stub.ProvisionUser(feed_pb2.ProvisionUserRequest(user_id=author, profile=profile))
    return authors


async def create_posts(stub: feed_pb2_grpc.FeedServiceStub, authors: list[str], count: int, in_flight: int) -> None:
    """`count` CreatePost calls, `in_flight` at a time, round-robin over the authors."""
    queue = list(range(count))

    async def client() -> None:
        while queue:
            i = queue.pop()
            body = f"post {i} about #topic{i % 7} with a link https://example.com/{i}"
            await stub.CreatePost(feed_pb2.CreatePostRequest(author_id=authors[i % len(authors)], body=body))

    await asyncio.gather(*(client() for _ in range(in_flight)))


async def create_rate(nats_url: str, pg_server_url: str, home: Path, results: Results, round_no: int) -> float:
    """CreatePost with 16 calls in flight from 200 authors, into a fresh database."""
    database_url = await create_database(pg_server_url, f"bench_create_{round_no}")
    count, in_flight = n(3_000), 16
    log = home / "feed-create.log"
    async with feed_process(nats_url, database_url, log, f"benchcreate{round_no}") as address, channel(address) as ch:
        stub = feed_pb2_grpc.FeedServiceStub(ch)
        authors = await provision_authors(stub)
        start = time.perf_counter()
        await create_posts(stub, authors, count, in_flight)
        rate = count / (time.perf_counter() - start)
    return results.add(CREATE, rate, "one commit per post, under the event store's append lock")


async def raw_point_select(pg_url: str, results: Results) -> float:
    """The floor of a read: one indexed row over the wire, 8 connections at once."""
    pool = await asyncpg.create_pool(pg_url, min_size=READERS, max_size=READERS)
    assert pool is not None
    await pool.execute("CREATE TABLE IF NOT EXISTS bench_point (id int PRIMARY KEY, body text)")
    await pool.execute("INSERT INTO bench_point SELECT g, repeat('x', 200) FROM generate_series(1, 10000) g "
                       "ON CONFLICT DO NOTHING")  # fmt: skip
    count = n(20_000)
    per = count // READERS

    async def reader() -> None:
        async with pool.acquire() as conn:
            for i in range(per):
                await conn.fetchrow("SELECT * FROM bench_point WHERE id = $1", i % 10000 + 1)

    start = time.perf_counter()
    await asyncio.gather(*(reader() for _ in range(READERS)))
    rate = per * READERS / (time.perf_counter() - start)
    await pool.close()
    return results.add(RAW_POINT, rate)


class Seeder:
    """Records events through the feed's own append-and-project path, many to a transaction."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self.versions: dict[str, int] = {}

    async def record(self, aggregate: str, aggregate_id: str, event: Message) -> None:
        stream = f"{aggregate}-{aggregate_id}"
        self.versions[stream], _ = await record(
            self.conn, aggregate, aggregate_id, self.versions.get(stream, 0), [event], SYSTEM
        )


async def seed_store(database_url: str, posts: int) -> list[str]:
    """People, groups, follows and `posts` posts; returns the readers, each following 200 people, in 20 groups."""
    pool = await db.prepare_schema(database_url, SCHEMA, MIGRATIONS)
    rnd = random.Random(7)
    people = [new_id() for _ in range(PEOPLE)]
    groups = [new_id() for _ in range(GROUPS)]
    tags = [f"topic{i}" for i in range(TAGS)]
    readers = people[:READERS]
    async with pool.acquire() as conn:
        seeder = Seeder(conn)
        async with conn.transaction():
            for i, user in enumerate(people):
                await seeder.record("user", user, ev.UserProvisioned(user_id=user, display_name=f"Person {i}",
                                                                     locale="en", leader=i % 50 == 0))  # fmt: skip
            for i, group in enumerate(groups):
                visibility = ev.GROUP_VISIBILITY_PRIVATE if i % 5 == 0 else ev.GROUP_VISIBILITY_PUBLIC
                owner = people[rnd.randrange(PEOPLE)]
                await seeder.record("group", group, ev.GroupCreated(
                    group_id=group, name=f"Group {i}", purpose="benchmark", visibility=visibility,
                    posting_policy=ev.POSTING_POLICY_EVERYONE, created_by=owner, owner_ids=[owner]))  # fmt: skip
            for user in people:  # everyone is in a few groups; the readers in 20
                for group in rnd.sample(groups, MEMBERSHIPS if user in readers else 4):
                    await seeder.record("group", group, ev.MemberJoined(group_id=group, user_id=user,
                                                                       role=ev.MEMBER_ROLE_MEMBER))  # fmt: skip
            for reader in readers:
                for followee in rnd.sample(people[READERS:], FOLLOWS):
                    await seeder.record("user", reader, ev.Followed(follower_id=reader, followee_user_id=followee))
                for tag in rnd.sample(tags, TAG_FOLLOWS):
                    await seeder.record("user", reader, ev.Followed(follower_id=reader, tag=tag))
        done, started = 0, time.perf_counter()
        while done < posts:
            async with conn.transaction():
                for _ in range(min(1000, posts - done)):
                    post = new_id()
                    author = people[rnd.randrange(PEOPLE)]
                    in_group = rnd.random() < 0.4
                    tag = rnd.choice(tags)
                    kind = (
                        ev.POST_KIND_ANNOUNCEMENT if rnd.random() < 0.005 and not in_group else ev.POST_KIND_DISCUSSION
                    )
                    await seeder.record("post", post, ev.PostCreated(
                        post_id=post, author_id=author, group_id=rnd.choice(groups) if in_group else "",
                        kind=kind, body=f"post {done} on #{tag}", tags=[tag]))  # fmt: skip
                    done += 1
            if done % 20_000 == 0:
                print(f"   seeded {done:,} posts ({done / (time.perf_counter() - started):,.0f}/s)", flush=True)
        await conn.execute("VACUUM ANALYZE")
    await pool.close()
    return readers


async def home_feed_latency(
    nats_url: str, pg_server_url: str, home: Path, results: Results
) -> tuple[float, float, float, int]:
    """HomeFeed pages (first pages and the next) by 8 readers at once; returns (rate, p50 ms, p99 ms, posts).

    The relay is off: in a running service it is caught up and idle, while here it would spend the
    measurement publishing the 100,000 seeded events.
    """
    database_url = await create_database(pg_server_url, "bench_home")
    posts = max(STORE_POSTS, n(STORE_POSTS))
    print(f"   seeding {posts:,} posts for the home-feed benchmark …", flush=True)
    readers = await seed_store(database_url, posts)
    calls = n(4_000)
    latencies: list[float] = []
    async with (
        feed_process(nats_url, database_url, home / "feed-home.log", "benchhome", relay=False) as address,
        channel(address) as ch,
    ):
        stub = feed_pb2_grpc.FeedServiceStub(ch)
        for reader in readers:  # warm the caches as a running service would be
            await stub.HomeFeed(feed_pb2.FeedRequest(viewer_id=reader, limit=20))

        async def read(reader: str) -> None:
            cursor = ""
            for i in range(calls // READERS):
                t0 = time.perf_counter()
                page = await stub.HomeFeed(feed_pb2.FeedRequest(viewer_id=reader, limit=20, cursor=cursor))
                latencies.append((time.perf_counter() - t0) * 1000)
                assert len(page.posts) >= 20, "a reader's home feed should be full"
                cursor = "" if i % 3 == 2 else page.next_cursor  # first page, then two more, again

        start = time.perf_counter()
        await asyncio.gather(*(read(r) for r in readers))
        rate = len(latencies) / (time.perf_counter() - start)
    latencies.sort()
    p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
    results.add(HOME, rate, f"p50 {p50:.1f} ms, p99 {p99:.1f} ms; store of {posts:,} posts")
    return rate, p50, p99, posts
