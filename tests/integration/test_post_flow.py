"""One post from gRPC to the example consumer's table, on real NATS JetStream and PostgreSQL."""

from __future__ import annotations

import grpc
import pytest
from nats.aio.client import Client as NatsClient

from examples.author_stats.handlers import MIGRATIONS, router
from kantine.envelope import H_MSG_ID
from kantine.ids import new_id
from kantine.topology import Topology
from kantine.v1 import feed_pb2, feed_pb2_grpc
from tests.harness import FeedHarness, eventually, fetchval, start_consumer, stop_consumer


async def count(url: str, sql: str, *args: object) -> int:
    return int(await fetchval(url, sql, *args) or 0)  # type: ignore[call-overload]


async def test_post_reaches_consumer_table(database_url: str, nc: NatsClient, topology: Topology) -> None:
    feed = await FeedHarness.start(database_url, nc, topology)
    consumer = await start_consumer(router, MIGRATIONS, database_url, nc, topology)
    author = new_id()
    try:
        reply = await feed.create_post(author, "first day at #Kantine")
        assert reply.position == 2  # after the author's UserProvisioned

        async def projected() -> bool:
            return (
                await count(database_url, "SELECT posts FROM author_stats.author_stats WHERE author_id = $1", author)
                == 1
            )

        await eventually(projected)
        row_author = await count(
            database_url,
            "SELECT count(*) FROM author_stats.author_posts WHERE post_id = $1 AND author_id = $2",
            reply.post_id,
            author,
        )
        assert row_author == 1
        assert await fetchval(database_url, "SELECT tags FROM feed.posts WHERE post_id = $1", reply.post_id) == [
            "kantine"
        ]
    finally:
        await stop_consumer(consumer)
        await feed.close()


async def test_same_event_twice_changes_nothing(database_url: str, nc: NatsClient, topology: Topology) -> None:
    feed = await FeedHarness.start(database_url, nc, topology)
    consumer = await start_consumer(router, MIGRATIONS, database_url, nc, topology)
    author = new_id()
    try:
        await feed.create_post(author)

        async def applied_once() -> bool:
            return consumer.applied == 1

        await eventually(applied_once)
        # Deliver the very same event again, past JetStream's de-duplication (as after a window expiry).
        js = nc.jetstream()
        original = await js.get_msg(topology.events_stream, 1)
        headers = dict(original.headers or {})
        headers[H_MSG_ID] = headers[H_MSG_ID] + "-again"
        await js.publish(original.subject, original.data, headers=headers)
        await consumer.wait_idle()
        assert consumer.applied == 1
        assert (
            await count(database_url, "SELECT posts FROM author_stats.author_stats WHERE author_id = $1", author) == 1
        )
        assert await count(database_url, "SELECT count(*) FROM author_stats.processed_events") == 1
    finally:
        await stop_consumer(consumer)
        await feed.close()


async def test_bad_input_is_refused_and_writes_nothing(database_url: str, nc: NatsClient, topology: Topology) -> None:
    feed = await FeedHarness.start(database_url, nc, topology)
    author = await feed.provision(new_id())
    invalid = grpc.StatusCode.INVALID_ARGUMENT
    try:
        cases = [
            (feed_pb2.CreatePostRequest(author_id="not-a-uuid", body="hi"), grpc.StatusCode.PERMISSION_DENIED),
            (feed_pb2.CreatePostRequest(author_id=new_id(), body="hi"), grpc.StatusCode.PERMISSION_DENIED),
            (feed_pb2.CreatePostRequest(author_id=author, body="   "), invalid),
            (feed_pb2.CreatePostRequest(author_id=author, body="x" * 10_001), invalid),
            (feed_pb2.CreatePostRequest(author_id=author, body="hi", kind=99), invalid),  # type: ignore[arg-type]
            (feed_pb2.CreatePostRequest(author_id=author, body="hi", post_id="nope"), invalid),
            (feed_pb2.CreatePostRequest(author_id=author, body="hi", group_id="nope"), grpc.StatusCode.NOT_FOUND),
            (feed_pb2.CreatePostRequest(author_id=author, body="hi", group_id=new_id()), grpc.StatusCode.NOT_FOUND),
        ]
        async with grpc.aio.insecure_channel(feed.address) as ch:
            stub = feed_pb2_grpc.FeedServiceStub(ch)
            for request, code in cases:
                with pytest.raises(grpc.aio.AioRpcError) as info:
                    await stub.CreatePost(request)
                assert info.value.code() == code, request
                assert info.value.details()
        # only the author's provisioning was written
        assert await count(database_url, "SELECT count(*) FROM feed.events") == 1
        assert await count(database_url, "SELECT count(*) FROM feed.posts") == 0
    finally:
        await feed.close()


async def test_retried_create_with_same_id_is_one_post(database_url: str, nc: NatsClient, topology: Topology) -> None:
    feed = await FeedHarness.start(database_url, nc, topology, relay=False)
    try:
        post_id, author = new_id(), new_id()
        first = await feed.create_post(author, post_id=post_id)
        second = await feed.create_post(author, post_id=post_id)
        third = await feed.create_post(author, idempotency_key="k1")
        fourth = await feed.create_post(author, idempotency_key="k1")
        assert first.position == second.position
        assert third.post_id == fourth.post_id and third.position == fourth.position
        assert await count(database_url, "SELECT count(*) FROM feed.events WHERE event_type = 'PostCreated'") == 2
    finally:
        await feed.close()


async def test_read_events_streams_from_a_position(database_url: str, nc: NatsClient, topology: Topology) -> None:
    feed = await FeedHarness.start(database_url, nc, topology, relay=False)
    author = await feed.provision(new_id())  # position 1
    try:
        for i in range(5):
            await feed.create_post(author, f"post {i}")  # positions 2 to 6
        async with grpc.aio.insecure_channel(feed.address) as ch:
            stub = feed_pb2_grpc.FeedServiceStub(ch)
            events = [e async for e in stub.ReadEvents(feed_pb2.ReadEventsRequest(after_position=3))]
            limited = [e async for e in stub.ReadEvents(feed_pb2.ReadEventsRequest(after_position=0, limit=2))]
        assert [e.position for e in events] == [4, 5, 6]
        assert [e.position for e in limited] == [1, 2]
        assert [e.event_type for e in limited] == ["UserProvisioned", "PostCreated"]
        assert {e.event_type for e in events} == {"PostCreated"}
        assert events[0].metadata["Kantine-Event-Type"] == "PostCreated"
    finally:
        await feed.close()
