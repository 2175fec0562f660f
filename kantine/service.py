"""The composition root every Kantine process uses: config, logs, traces, database, NATS, gRPC, and a
clean shutdown, so a service's `__main__` only says what it serves and what it consumes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

import asyncpg
import nats
import uvloop
from grpc_health.v1 import health_pb2
from nats.aio.client import Client as NatsClient

from kantine import db, grpcutil, metrics, telemetry
from kantine.background import HEALTH_NAME, Background
from kantine.config import PlatformSettings, load
from kantine.consumer import Consumer, ConsumerSettings, Router
from kantine.grpcutil import GrpcServer
from kantine.logs import setup_logging
from kantine.topology import Topology, inbox_prefix

log = logging.getLogger("kantine.service")


async def connect_nats(url: str, name: str, user: str = "", password: str = "", **overrides: Any) -> NatsClient:
    """A connection that keeps reconnecting for as long as the process lives: NATS may restart. `url` may
    name several servers of a cluster, comma-separated (KANTINE_NATS_URL=nats://a:4222,nats://b:4222).

    As `user` (with its password) when given: the server then allows only that user's subjects, and its
    replies come on the user's own inbox prefix, which no other user may read or write. A refused publish
    or subscription is logged as an error: it is a deployment whose permissions do not match the code.
    `overrides` replace the connection options (a command gives up sooner than a service)."""

    async def refused(exc: Exception) -> None:
        if "permissions violation" in str(exc).lower():
            log.error("NATS refused an operation", extra={"error": str(exc), "nats_user": user})
        else:  # a dropped connection and the like: nats-py reconnects
            log.warning("NATS connection error", extra={"error": str(exc) or type(exc).__name__})

    options: dict[str, Any] = {
        "name": name,
        "max_reconnect_attempts": -1,
        "reconnect_time_wait": 0.25,
        "connect_timeout": 5,
        "error_cb": refused,
    }
    if user:
        options |= {"user": user, "password": password, "inbox_prefix": inbox_prefix(user)}
    # a cluster's nodes, comma-separated: the client starts with any of them and moves to another
    servers = [u.strip() for u in url.split(",") if u.strip()]
    return await nats.connect(servers if len(servers) > 1 else url, **(options | overrides))


class Service:
    """One running Kantine process. Use `async with Service(...) as svc:` then `await svc.run()`."""

    def __init__(self, name: str, migrations: Sequence[db.Migration], settings: PlatformSettings | None = None) -> None:
        self.name = name
        self.migrations = migrations
        self.settings = settings or load(PlatformSettings)
        self.topology = Topology.of(self.settings)
        self.consumers: list[Consumer] = []
        self._tasks: list[tuple[str, Callable[[], Awaitable[None]]]] = []
        self.jobs = Background(lambda _: self._tell_health())
        self._degraded: bool | None = None
        self._health_updates: set[asyncio.Future[None]] = set()
        self._running: list[asyncio.Task[None]] = []
        self._stop = asyncio.Event()
        self.pool: asyncpg.Pool
        self.grpc: GrpcServer
        self.nc: NatsClient

    async def __aenter__(self) -> Service:
        setup_logging(self.name, self.settings.log_level)
        telemetry.setup_telemetry(self.name)
        metrics.setup_metrics(self.name, self.settings.metrics_listen)
        grpcutil.use_tls(grpcutil.GrpcTls.of(self.settings))  # every server and channel of this process
        # created after telemetry so the gRPC instrumentation wraps it
        self.grpc = GrpcServer(self.settings.grpc_listen, health_listen=self.settings.grpc_health_listen)
        self.pool = await db.prepare_schema(self.settings.database_url, self.name, self.migrations)
        self.nc = await connect_nats(
            self.settings.nats_url, self.name, self.settings.nats_user, self.settings.nats_password
        )
        await self.topology.ensure_streams(self.nc.jetstream())
        if metrics.enabled():
            watch = metrics.BusWatch(
                self.nc.jetstream(), self.topology, self.pool, self.name, self.settings.metrics_bus_every_s
            )
            self.background("bus-watch", watch.run)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        for consumer in self.consumers:
            await consumer.stop()
        await cancel_all(self._running)
        with contextlib.suppress(Exception):
            await self.nc.drain()
        await self.pool.close()
        telemetry.shutdown_telemetry()
        metrics.shutdown_metrics()

    def consume(self, router: Router, settings: ConsumerSettings | None = None) -> Consumer:
        settings = settings or ConsumerSettings(
            ack_wait_s=self.settings.consumer_ack_wait_s, max_deliveries=self.settings.consumer_max_deliveries
        )
        consumer = Consumer(router, self.pool, self.nc, self.topology, settings)
        consumer.on_outage = self._tell_health
        self.consumers.append(consumer)
        return consumer

    def background(self, name: str, task: Callable[[], Awaitable[None]]) -> None:
        """A task that runs for the life of the service (a relay, a scheduler), restarted when it fails,
        by a name its failures are counted and logged under (`kantine.background`)."""
        self._tasks.append((name, task))

    @property
    def degraded(self) -> bool:
        """Up and answering, but not doing all its work: a background task keeps failing, or a consumer
        is waiting for its database or the bus to come back (`kantine.background`, `kantine.outages`)."""
        return bool(self.jobs.failing) or any(c.outage for c in self.consumers)

    def _tell_health(self) -> None:
        """Say `degraded` on the health service `kantine.background` whenever it changes."""
        degraded = self.degraded
        if degraded == self._degraded:
            return
        self._degraded = degraded
        status = health_pb2.HealthCheckResponse.NOT_SERVING if degraded else health_pb2.HealthCheckResponse.SERVING
        update = asyncio.ensure_future(self.grpc.health.set(HEALTH_NAME, status))
        self._health_updates.add(update)
        update.add_done_callback(self._health_updates.discard)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Serve until SIGTERM or SIGINT; report SERVING only once everything has started."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop)
        port = await self.grpc.start()
        for consumer in self.consumers:
            await consumer.start()
        self._running = [asyncio.create_task(self.jobs.guard(name, task)) for name, task in self._tasks]
        await self.grpc.serving()
        self._degraded = None
        self._tell_health()
        log.info("service started", extra={"grpc_port": port})
        await self._stop.wait()
        log.info("service stopping")
        await self.grpc.stop()


async def cancel_all(tasks: Sequence[asyncio.Task[Any]]) -> None:
    """Cancel tasks until they have ended. One cancel is not always enough: on Python 3.11
    `asyncio.wait_for` (aiosmtplib reads every SMTP reply with it) swallows a cancel that arrives together
    with the reply, and a loop around it goes on; a shutdown that cancels once and waits would hang."""
    for task in tasks:
        while not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=0.5)
        if not task.cancelled():
            with contextlib.suppress(Exception):
                task.result()


def main(build: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a service's async main on uvloop (measurably faster for the consume path)."""
    uvloop.run(build())
