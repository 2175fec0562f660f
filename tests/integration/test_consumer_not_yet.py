"""An event that needs an earlier one which has not arrived yet waits for it (kantine.consumer.NotYet).

After a crash, a consumer's unacknowledged batch comes again only once its ack wait has passed, while
the events after it go straight to the restarted process: a comment can arrive before its post. The
chaos campaign (tools/chaos.py) found comments missing from gamify and counts of zero in notify that
way. The handler raises NotYet; the event is tried again later, not counted as a failure, and applied
once its post is there. The control: a comment whose post never comes is dead-lettered once the wait,
three ack waits long, is over, so nothing waits for ever unseen."""

from __future__ import annotations

import json

import asyncpg
from nats.aio.client import Client as NatsClient

from kantine import db
from kantine.consumer import ConsumerSettings, EventContext, NotYet, Router
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from tests.harness import FeedHarness, eventually, fetchval, start_consumer, stop_consumer

NAME = "threads"


def threads() -> tuple[Router, list[db.Migration]]:
    router = Router(NAME)

    @router.on(ev.PostCreated)
    async def post(event: ev.PostCreated, ctx: EventContext) -> None:
        await ctx.conn.execute("INSERT INTO posts (post_id) VALUES ($1) ON CONFLICT DO NOTHING", event.post_id)

    @router.on(ev.CommentAdded)
    async def comment(event: ev.CommentAdded, ctx: EventContext) -> None:
        if not await ctx.conn.fetchval("SELECT true FROM posts WHERE post_id = $1", event.post_id):
            raise NotYet(f"post {event.post_id}")
        await ctx.conn.execute("INSERT INTO comments (comment_id) VALUES ($1)", event.comment_id)

    sql = "CREATE TABLE posts (post_id uuid PRIMARY KEY); CREATE TABLE comments (comment_id uuid PRIMARY KEY)"
    return router, [*db.sdk_migrations("consumer"), db.Migration(NAME, 1, "threads", sql)]


async def publish(url: str, nc: NatsClient, topology: Topology, event_type: str, aggregate: str) -> None:
    """One of the feed's stored events, straight to this consumer (as a redelivery would come)."""
    conn = await asyncpg.connect(url)
    try:
        row = await conn.fetchrow(
            "SELECT data, metadata FROM feed.events WHERE event_type = $1 AND stream_id LIKE '%' || $2",
            event_type, aggregate,
        )  # fmt: skip
    finally:
        await conn.close()
    assert row is not None
    await nc.jetstream().publish(topology.replay_subject(NAME, event_type), row["data"],
                                 headers=dict(json.loads(row["metadata"])))  # fmt: skip


async def test_a_comment_before_its_post_waits_for_it_and_one_whose_post_never_comes_is_dead_lettered(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    feed = await FeedHarness.start(database_url, nc, topology, relay=False)  # its events stay in its store
    router, migrations = threads()
    consumer = await start_consumer(router, migrations, database_url, nc, topology,
                                    ConsumerSettings(ack_wait_s=2.0, max_deliveries=2, backoff_s=(0.05,)))  # fmt: skip
    try:
        author = new_id()
        waiting, orphan = (await feed.create_post(author, "the post")).post_id, (await feed.create_post(author)).post_id
        async with channel(feed.address) as ch:
            add = feed_pb2_grpc.FeedServiceStub(ch).AddComment
            comment = (await add(f.AddCommentRequest(actor_id=author, post_id=waiting, body="first!"))).comment_id
            lonely = (await add(f.AddCommentRequest(actor_id=author, post_id=orphan, body="hello?"))).comment_id

        await publish(database_url, nc, topology, "CommentAdded", waiting)  # the comment first
        await publish(database_url, nc, topology, "CommentAdded", orphan)

        async def put_back() -> bool:
            return consumer.waited >= 2

        await eventually(put_back)
        assert await fetchval(database_url, f"SELECT count(*) FROM {NAME}.comments") == 0
        await publish(database_url, nc, topology, "PostCreated", waiting)  # then its post

        async def applied() -> bool:
            return await fetchval(database_url, f"SELECT count(*) FROM {NAME}.comments WHERE comment_id = $1",
                                  comment) == 1  # fmt: skip

        await eventually(applied)

        async def given_up() -> bool:  # the control: its post never came
            return consumer.dead_lettered == 1

        await eventually(given_up)
        assert await fetchval(database_url, f"SELECT count(*) FROM {NAME}.comments WHERE comment_id = $1", lonely) == 0
        assert consumer.waited > 2  # it waited several times, each without counting as a failure
    finally:
        await stop_consumer(consumer)
        await feed.close()
