"""In-process wiring of the feed and a consumer for integration tests: the same classes the service
processes use, minus process start-up, so a test can stop, crash and restart each part."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses

import asyncpg
import grpc
from nats.aio.client import Client as NatsClient

from kantine import db
from kantine.consumer import Consumer, ConsumerSettings, Router
from kantine.grpcutil import GrpcServer, channel
from kantine.platform.procs import free_port
from kantine.relay import Relay
from kantine.topology import Topology
from kantine.v1 import feed_pb2, feed_pb2_grpc
from services.feed.api import FeedApi
from services.feed.store import MIGRATIONS as FEED_MIGRATIONS


@dataclasses.dataclass
class FeedHarness:
    pool: asyncpg.Pool
    server: GrpcServer
    address: str
    relay: Relay
    relay_task: asyncio.Task[None] | None = None
    known: set[str] = dataclasses.field(default_factory=set)

    @classmethod
    async def start(cls, database_url: str, nc: NatsClient, topology: Topology, *, relay: bool = True) -> FeedHarness:
        pool = await db.prepare_schema(database_url, "feed", FEED_MIGRATIONS)
        address = f"127.0.0.1:{free_port()}"
        server = GrpcServer(address)
        server.add(feed_pb2_grpc.add_FeedServiceServicer_to_server, FeedApi(pool), "kantine.v1.FeedService")
        await server.start()
        await server.serving()
        harness = cls(pool, server, address, Relay(pool, nc.jetstream(), topology, idle_poll_s=0.2))
        if relay:
            harness.start_relay()
        return harness

    def start_relay(self) -> None:
        self.relay_task = asyncio.create_task(self.relay.run())

    async def stop_relay(self) -> None:
        if self.relay_task is not None:
            self.relay_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.relay_task
            self.relay_task = None

    async def provision(self, user_id: str, name: str = "", **profile: object) -> str:
        """Provision a person as the directory would (idempotent)."""
        async with channel(self.address) as ch:
            await feed_pb2_grpc.FeedServiceStub(ch).ProvisionUser(
                feed_pb2.ProvisionUserRequest(
                    user_id=user_id, profile=feed_pb2.Profile(display_name=name or f"Person {user_id[:8]}", **profile)
                )
            )
        self.known.add(user_id)
        return user_id

    async def create_post(self, author_id: str, body: str = "hello", **kw: str) -> feed_pb2.CreatePostResponse:
        """Create a post over gRPC; the author is provisioned first if this harness has not seen them."""
        if author_id not in self.known:
            await self.provision(author_id)
        async with channel(self.address) as ch:
            return await feed_pb2_grpc.FeedServiceStub(ch).CreatePost(
                feed_pb2.CreatePostRequest(author_id=author_id, body=body, **kw)
            )

    async def close(self) -> None:
        await self.stop_relay()
        await self.server.stop(0)
        await self.pool.close()


async def start_consumer(
    router: Router,
    migrations: list[db.Migration],
    database_url: str,
    nc: NatsClient,
    topology: Topology,
    settings: ConsumerSettings | None = None,
) -> Consumer:
    pool = await db.prepare_schema(database_url, router.name, migrations)
    consumer = Consumer(router, pool, nc, topology, settings)
    await consumer.start()
    return consumer


async def stop_consumer(consumer: Consumer) -> None:
    await consumer.stop()
    await consumer.pool.close()


async def fetchval(url: str, sql: str, *args: object) -> object:
    """One value from the test database, on a connection of its own."""
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def eventually(check: object, timeout: float = 20.0, interval: float = 0.05) -> None:
    """Await an async predicate until it is true; fails with the predicate's name on timeout."""
    assert callable(check)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if await check():
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{getattr(check, '__name__', check)} not true after {timeout} s")
        await asyncio.sleep(interval)


__all__ = ["FeedHarness", "eventually", "fetchval", "grpc", "start_consumer", "stop_consumer"]
