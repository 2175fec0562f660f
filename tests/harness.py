"""In-process wiring of the feed and a consumer for integration tests: the same classes the service
processes use, minus process start-up, so a test can stop, crash and restart each part. Each service
is on NATS as its own user, with its permissions, when the tests' server has them (tests/bus.py)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import asyncpg
import grpc
from nats.aio.client import Client as NatsClient

from kantine import db
from kantine.consumer import Consumer, ConsumerSettings, Router
from kantine.envelope import H_MSG_ID
from kantine.grpcutil import GrpcServer, channel
from kantine.platform.procs import free_port
from kantine.relay import Relay
from kantine.service import cancel_all
from kantine.topology import Topology
from kantine.v1 import feed_pb2, feed_pb2_grpc, gamify_pb2_grpc, insights_pb2_grpc, notify_pb2_grpc, search_pb2_grpc
from services.feed.api import FeedApi
from services.feed.store import MIGRATIONS as FEED_MIGRATIONS
from services.gamify import projection as gamify_projection
from services.gamify import store as gamify_store
from services.gamify.api import GamifyApi
from services.gamify.config import RulesSettings
from services.gamify.handlers import build_router as build_gamify_router
from services.insights import store as insights_store
from services.insights.api import InsightsApi
from services.insights.handlers import Counting
from services.insights.handlers import build_router as build_insights_router
from services.notify import store as notify_store
from services.notify.api import NotifyApi
from services.notify.fanout import FanoutWorker
from services.notify.handlers import Delivery, build_router
from services.notify.links import Links
from services.notify.live import Hub
from services.notify.mailer import Mailer
from services.notify.smtp import SmtpConfig, SmtpSender
from services.search import store as search_store
from services.search.api import SearchApi, read_pool
from services.search.handlers import build_router as build_search_router
from tests.bus import ServiceBus, service_bus

NOTIFY_SECRET = "a-test-secret-that-is-long-enough"
NOWHERE = "127.0.0.1:9"  # a service a test leaves out: nothing listens there (the discard port)


async def serve(add: Any, servicer: object, service: str) -> tuple[GrpcServer, str]:
    """A service's gRPC API on a free loopback port, serving (health SERVING) when this returns."""
    address = f"127.0.0.1:{free_port()}"
    server = GrpcServer(address)
    server.add(add, servicer, f"kantine.v1.{service}")
    await server.start()
    await server.serving()
    return server, address


@dataclasses.dataclass
class FeedHarness:
    pool: asyncpg.Pool
    server: GrpcServer
    address: str
    relay: Relay
    relay_task: asyncio.Task[None] | None = None
    known: set[str] = dataclasses.field(default_factory=set)
    bus: ServiceBus | None = None

    @classmethod
    async def start(cls, database_url: str, nc: NatsClient, topology: Topology, *, relay: bool = True) -> FeedHarness:
        pool = await db.prepare_schema(database_url, "feed", FEED_MIGRATIONS)
        server, address = await serve(feed_pb2_grpc.add_FeedServiceServicer_to_server, FeedApi(pool), "FeedService")
        bus = await service_bus(nc, topology, "feed")
        harness = cls(pool, server, address, Relay(pool, bus.nc.jetstream(), bus.topology, idle_poll_s=0.2), bus=bus)
        if relay:
            harness.start_relay()
        return harness

    def start_relay(self) -> None:
        self.relay_task = asyncio.create_task(self.relay.run())

    async def stop_relay(self) -> None:
        if self.relay_task is not None:
            await cancel_all([self.relay_task])
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
        if self.bus is not None:
            await self.bus.close()


@dataclasses.dataclass
class NotifyHarness:
    """The notify service's parts, in-process: consumer, API with its live hub, fan-out worker and, when an
    SMTP port is given, the e-mail outbox sender (the digest planner is called by tests directly)."""

    pool: asyncpg.Pool
    consumer: Consumer
    server: GrpcServer
    address: str
    links: Links
    mailer: Mailer | None
    tasks: list[asyncio.Task[None]]
    bus: ServiceBus | None = None

    @classmethod
    async def start(
        cls,
        database_url: str,
        nc: NatsClient,
        topology: Topology,
        *,
        smtp_port: int | None = None,
        email_delay_s: float = 1.0,
        fanout_inline: int = 500,
        fanout_chunk: int = 2000,
        large_group: int = 200,
        retry_s: tuple[float, ...] = (0.3, 0.6, 1.0),
        run_outbox: bool = True,
    ) -> NotifyHarness:
        pool = await db.prepare_schema(database_url, notify_store.SCHEMA, notify_store.MIGRATIONS)
        delay = email_delay_s if smtp_port else None
        router = build_router(Delivery(email_delay_s=delay, fanout_inline=fanout_inline, large_group=large_group))
        bus = await service_bus(nc, topology, router.name)
        consumer = Consumer(router, pool, bus.nc, bus.topology)
        links = Links("http://kantine.test", NOTIFY_SECRET)
        hub = Hub(database_url, reconnect_s=0.2)
        server, address = await serve(
            notify_pb2_grpc.add_NotifyServiceServicer_to_server, NotifyApi(pool, hub, links), "NotifyService"
        )
        tasks = [
            asyncio.create_task(hub.run()),
            asyncio.create_task(FanoutWorker(pool, chunk=fanout_chunk, email_delay_s=delay, idle_s=0.2).run()),
        ]
        mailer = None
        if smtp_port:
            sender = SmtpSender(SmtpConfig(host="127.0.0.1", port=smtp_port, security="none", timeout_s=5))
            mailer = Mailer(pool, sender, links, retry_s=retry_s, poll_s=0.1)
            if run_outbox:  # else the test calls send_due itself, as one replica or several
                tasks.append(asyncio.create_task(mailer.run_outbox()))
        await asyncio.wait_for(hub.listening.wait(), 10)
        await consumer.start()
        return cls(pool, consumer, server, address, links, mailer, tasks, bus)

    async def close(self) -> None:
        await self.consumer.stop()
        await cancel_all(self.tasks)
        await self.server.stop(0)
        await self.pool.close()
        if self.bus is not None:
            await self.bus.close()


@dataclasses.dataclass
class GamifyHarness:
    """The gamify service's parts, in-process: consumer, API and the relay of its own event store."""

    pool: asyncpg.Pool
    consumer: Consumer
    server: GrpcServer
    address: str
    relay_task: asyncio.Task[None]
    new_rules: list[str]
    bus: ServiceBus | None = None

    @classmethod
    async def start(
        cls,
        database_url: str,
        nc: NatsClient,
        topology: Topology,
        *,
        rules_path: str = "",
        minimum_group_size: int = 5,
        time_zone: str = "Europe/Copenhagen",
    ) -> GamifyHarness:
        pool = await db.prepare_schema(database_url, gamify_store.SCHEMA, gamify_store.MIGRATIONS)
        settings = RulesSettings(rules_path=rules_path, time_zone=time_zone)
        async with pool.acquire() as conn:
            game, new_rules = await gamify_projection.game(conn, settings.rules(), settings.zone())
        router = build_gamify_router(game)
        bus = await service_bus(nc, topology, router.name)
        consumer = Consumer(router, pool, bus.nc, bus.topology)
        api = GamifyApi(pool, game.awarder.rules, game.time_zone, minimum_group_size)
        server, address = await serve(gamify_pb2_grpc.add_GamifyServiceServicer_to_server, api, "GamifyService")
        relay = Relay(pool, bus.nc.jetstream(), bus.topology, idle_poll_s=0.2)
        relay_task = asyncio.create_task(relay.run())
        await consumer.start()
        return cls(pool, consumer, server, address, relay_task, new_rules, bus)

    async def close(self) -> None:
        await self.consumer.stop()
        await cancel_all([self.relay_task])
        await self.server.stop(0)
        await self.pool.close()
        if self.bus is not None:
            await self.bus.close()


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


# ----- events delivered out of order: as a retried event or a replayed dead letter comes -----


async def hold_back(feed: FeedHarness, consumers: Iterable[Consumer]) -> int:
    """Everything so far published and applied by `consumers`; from now on the feed's events wait in its
    store. Returns the position they start after (for `deliver_late`)."""
    await feed.relay.publish_pending()
    for consumer in consumers:
        await consumer.wait_idle()
    await feed.stop_relay()
    return int(await feed.pool.fetchval("SELECT coalesce(max(position), 0) FROM events"))


async def deliver_late(
    url: str, nc: NatsClient, topology: Topology, consumers: Sequence[str], since: int,
    late: Callable[[int, str], bool],
) -> list[str]:  # fmt: skip
    """The feed's events after `since` to each consumer's replay subject, in their order except those
    `late(index, type)` picks, which come after the others; returns their types in the order sent. Each
    consumer gets a copy of its own, as `kantine dlq replay` sends: the stream drops a second Nats-Msg-Id."""
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT event_type, data, metadata FROM feed.events WHERE position > $1 ORDER BY position", since
        )
    finally:
        await conn.close()
    picked = [late(i, r["event_type"]) for i, r in enumerate(rows)]
    ordered = [r for r, p in zip(rows, picked, strict=True) if not p] + [
        r for r, p in zip(rows, picked, strict=True) if p
    ]
    js = nc.jetstream()
    for consumer in consumers:
        for row in ordered:
            headers = dict(json.loads(row["metadata"]))
            headers[H_MSG_ID] = f"{headers[H_MSG_ID]}:late:{consumer}"
            await js.publish(topology.replay_subject(consumer, row["event_type"]), row["data"], headers=headers)
    return [r["event_type"] for r in ordered]


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


__all__ = [
    "FeedHarness", "NotifyHarness", "deliver_late", "eventually", "fetchval", "grpc", "hold_back", "start_consumer",
    "stop_consumer",
]  # fmt: skip


@dataclasses.dataclass
class SearchHarness:
    """The search service's parts, in-process: consumer, API and the relay of its own event store."""

    pool: asyncpg.Pool
    queries: asyncpg.Pool
    consumer: Consumer
    server: GrpcServer
    address: str
    relay_task: asyncio.Task[None]
    bus: ServiceBus | None = None

    @classmethod
    async def start(cls, database_url: str, nc: NatsClient, topology: Topology) -> SearchHarness:
        pool = await db.prepare_schema(database_url, search_store.SCHEMA, search_store.MIGRATIONS)
        router = build_search_router()
        bus = await service_bus(nc, topology, router.name)
        consumer = Consumer(router, pool, bus.nc, bus.topology)
        queries = await read_pool(database_url)
        server, address = await serve(
            search_pb2_grpc.add_SearchServiceServicer_to_server, SearchApi(queries), "SearchService"
        )
        relay_task = asyncio.create_task(Relay(pool, bus.nc.jetstream(), bus.topology, idle_poll_s=0.2).run())
        await consumer.start()
        return cls(pool, queries, consumer, server, address, relay_task, bus)

    async def close(self) -> None:
        await self.consumer.stop()
        await cancel_all([self.relay_task])
        await self.server.stop(0)
        await self.queries.close()
        await self.pool.close()
        if self.bus is not None:
            await self.bus.close()


@dataclasses.dataclass
class InsightsHarness:
    """The insights service's parts, in-process: consumer, API and the relay of its own event store."""

    pool: asyncpg.Pool
    consumer: Consumer
    server: GrpcServer
    address: str
    relay_task: asyncio.Task[None]
    api: InsightsApi

    search_channel: grpc.aio.Channel | None = None
    bus: ServiceBus | None = None

    @classmethod
    async def start(
        cls, database_url: str, nc: NatsClient, topology: Topology, *, time_zone: str = "Europe/Copenhagen",
        search_address: str = "", **options: Any,
    ) -> InsightsHarness:  # fmt: skip
        from zoneinfo import ZoneInfo

        pool = await db.prepare_schema(database_url, insights_store.SCHEMA, insights_store.MIGRATIONS)
        zone = ZoneInfo(time_zone)
        router = build_insights_router(Counting(zone))
        bus = await service_bus(nc, topology, router.name)
        consumer = Consumer(router, pool, bus.nc, bus.topology)
        search_channel = channel(search_address) if search_address else None
        search = search_pb2_grpc.SearchServiceStub(search_channel) if search_channel else None
        api = InsightsApi(pool, zone, search=search, **options)
        server, address = await serve(insights_pb2_grpc.add_InsightsServiceServicer_to_server, api, "InsightsService")
        relay_task = asyncio.create_task(Relay(pool, bus.nc.jetstream(), bus.topology, idle_poll_s=0.2).run())
        await consumer.start()
        return cls(pool, consumer, server, address, relay_task, api, search_channel, bus)

    async def close(self) -> None:
        await self.consumer.stop()
        await cancel_all([self.relay_task])
        await self.server.stop(0)
        await self.pool.close()
        if self.search_channel is not None:
            await self.search_channel.close()
        if self.bus is not None:
            await self.bus.close()


@dataclasses.dataclass
class GatewayHarness:
    """The gateway's HTTP application on a loopback port (uvicorn, as in production), in front of the
    services' gRPC addresses. `url` is its base; settings not given are the production defaults."""

    server: Any
    task: asyncio.Task[None]
    upstreams: Any
    http: Any
    gateway: Any
    pool: asyncpg.Pool
    url: str
    relay: asyncio.Task[None] | None = None
    bus: ServiceBus | None = None

    @classmethod
    async def start(
        cls,
        database_url: str,
        nats_url: str,
        addresses: dict[str, str],
        nc: NatsClient | None = None,
        topology: Topology | None = None,
        **settings: Any,
    ) -> GatewayHarness:
        import httpx

        from services.gateway.app import Gateway
        from services.gateway.config import GatewaySettings
        from services.gateway.server import serve_http
        from services.gateway.store import MIGRATIONS, SCHEMA
        from services.gateway.upstream import Upstreams

        port = free_port()
        config = GatewaySettings(
            database_url=database_url, nats_url=nats_url, grpc_listen="127.0.0.1:0",
            http_listen=f"127.0.0.1:{port}", public_url=settings.pop("public_url", f"http://127.0.0.1:{port}"),
            feed_address=addresses.get("feed", NOWHERE), notify_address=addresses.get("notify", NOWHERE),
            gamify_address=addresses.get("gamify", NOWHERE), search_address=addresses.get("search", NOWHERE),
            insights_address=addresses.get("insights", NOWHERE),
            session_secret="a-session-secret-for-tests-only-0123456789", **settings,
        )  # fmt: skip
        upstreams = Upstreams.of(config)
        http = httpx.AsyncClient(timeout=10)
        pool = await db.prepare_schema(database_url, SCHEMA, MIGRATIONS)
        bus = await service_bus(nc, topology, "gateway") if nc is not None and topology is not None else None
        gateway = Gateway(config, upstreams, http, bus and bus.nc, bus and bus.topology, pool)
        await gateway.start()
        server, task = await serve_http(gateway.app(), config.http_listen)
        # the gateway's presence events reach the bus as in production
        relay = (
            asyncio.create_task(Relay(pool, bus.nc.jetstream(), bus.topology, idle_poll_s=0.2).run())
            if bus is not None
            else None
        )
        return cls(server, task, upstreams, http, gateway, pool, f"http://127.0.0.1:{port}", relay, bus)

    async def close(self) -> None:
        self.server.should_exit = True
        await self.task
        await self.gateway.stop()
        if self.relay is not None:
            await cancel_all([self.relay])
        await self.upstreams.close()
        await self.http.aclose()
        await self.pool.close()
        if self.bus is not None:
            await self.bus.close()
