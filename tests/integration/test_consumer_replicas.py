"""Replicas of one consumer share its durable consumer: each event is handled once between them."""

from __future__ import annotations

import asyncio

from nats.aio.client import Client as NatsClient

from kantine.consumer import ConsumerSettings
from kantine.ids import new_id
from kantine.topology import Topology
from kantine.v1.events_pb2 import PostCreated
from tests.harness import eventually, fetchval, start_consumer, stop_consumer

from .test_consumer_batches import logging_router, publish


async def test_two_replicas_of_one_consumer_process_each_event_once_between_them(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    settings = ConsumerSettings(batch_size=10, idle_wait_s=0.2)
    calls_a: list[int] = []
    calls_b: list[int] = []
    router_a, migrations = logging_router("shared", calls_a, set())
    router_b, _ = logging_router("shared", calls_b, set())
    a = await start_consumer(router_a, migrations, database_url, nc, topology, settings)
    b = await start_consumer(router_b, migrations, database_url, nc, topology, settings)
    try:
        posts = [new_id() for _ in range(300)]
        await asyncio.gather(*(publish(nc, topology, PostCreated(post_id=p, body="hello")) for p in posts))

        async def all_applied() -> bool:
            return a.applied + b.applied == len(posts)

        await eventually(all_applied, timeout=60)
        assert a.applied > 0 and b.applied > 0, (a.applied, b.applied)  # both took a share
        assert sum(calls_a) + sum(calls_b) == len(posts)  # no event handled twice
        rows = await fetchval(database_url, "SELECT count(*) FROM shared.log")
        distinct = await fetchval(database_url, "SELECT count(DISTINCT post_id) FROM shared.log")
        assert rows == distinct == len(posts)
        await asyncio.sleep(0.5)  # nothing more arrives later either
        assert a.applied + b.applied == len(posts)
    finally:
        await stop_consumer(a)
        await stop_consumer(b)
