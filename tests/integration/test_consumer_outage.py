"""A consumer whose PostgreSQL goes away (killed, then started again, as a failover does): the events
that arrive meanwhile wait for it, none is dead-lettered, each is applied once; an event that breaks
its handler is still dead-lettered while the database is up."""

from __future__ import annotations

from pathlib import Path

from nats.aio.client import Client as NatsClient

from kantine import deadletters
from kantine.consumer import ConsumerSettings
from kantine.ids import new_id
from kantine.platform.postgres_server import PostgresServer, create_database
from kantine.topology import Topology
from tests.harness import FeedHarness, eventually, start_consumer, stop_consumer
from tests.integration.test_consumer_faults import POISON, bodies, failing_router


async def test_a_database_outage_holds_the_events_and_dead_letters_none(
    database_url: str, nc: NatsClient, topology: Topology, tmp_path: Path
) -> None:
    server = PostgresServer(tmp_path / "pg").start()
    own = await create_database(server.url(), "outage")
    router, migrations = failing_router("patient", {"on": True})
    # as few tries as possible before the dead letters: an outage counted as failures would reach them
    settings = ConsumerSettings(max_deliveries=2, backoff_s=(0.05,))
    feed = await FeedHarness.start(database_url, nc, topology)
    consumer = await start_consumer(router, migrations, own, nc, topology, settings)
    try:
        for i in range(3):
            await feed.create_post(new_id(), f"before {i}")
        await feed.create_post(new_id(), POISON)  # the control: a broken event is still dead-lettered

        async def flowed() -> bool:
            return consumer.dead_lettered == 1 and len(await bodies(own, "patient")) == 3

        await eventually(flowed)

        server.kill()  # SIGKILL: every connection of the pool is gone at once
        for i in range(10):
            await feed.create_post(new_id(), f"during {i}")

        async def waiting() -> bool:  # tried again more often than max_deliveries allows a failure
            return bool(consumer.outage) and consumer.outage_waits >= 2 * settings.max_deliveries

        await eventually(waiting, timeout=60)
        assert consumer.dead_lettered == 1
        server.start()  # the same port and data: the failover is over

        async def caught_up() -> bool:
            return consumer.outage == "" and len(await bodies(own, "patient")) == 13

        await eventually(caught_up, timeout=60)
        seen = await bodies(own, "patient")
        assert sorted(seen) == sorted([f"before {i}" for i in range(3)] + [f"during {i}" for i in range(10)])
        assert consumer.dead_lettered == 1
        letters = await deadletters.list_dead_letters(nc.jetstream(), topology, "patient")
        assert [(letter.event_type, "cannot handle this post" in letter.error) for letter in letters] == [
            ("PostCreated", True)
        ]
    finally:
        await stop_consumer(consumer)
        await feed.close()
        server.stop()
