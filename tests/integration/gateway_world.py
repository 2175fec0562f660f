"""What the gateway tests share: the four services in-process on real NATS and PostgreSQL, the gateway on
a loopback port in front of them, a token issuer, and clients that act as a signed-in person."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
from nats.aio.client import Client as NatsClient

from kantine.topology import Topology
from kantine.v1 import feed_pb2
from tests.harness import FeedHarness, GamifyHarness, GatewayHarness, InsightsHarness, NotifyHarness, SearchHarness
from tests.oidc import TokenIssuer


@dataclasses.dataclass
class Person:
    user_id: str
    sub: str
    client: httpx.AsyncClient


@dataclasses.dataclass
class GatewayWorld:
    feed: FeedHarness
    gateway: GatewayHarness
    issuer: TokenIssuer
    others: list[Any]
    clients: list[httpx.AsyncClient] = dataclasses.field(default_factory=list)

    @property
    def url(self) -> str:
        return self.gateway.url

    def anonymous(self) -> httpx.AsyncClient:
        client = httpx.AsyncClient(base_url=self.url, timeout=15)
        self.clients.append(client)
        return client

    async def person(self, name: str, **profile: Any) -> Person:
        """A person the directory provisioned, with an API client carrying their bearer token."""
        sub = f"idp-{name.lower().replace(' ', '-')}"
        email = f"{name.lower().replace(' ', '.')}@contoso.example"
        reply = await self.feed_stub().ProvisionUser(
            feed_pb2.ProvisionUserRequest(
                external_id=sub, profile=feed_pb2.Profile(display_name=name, email=email, **profile)
            )
        )
        client = httpx.AsyncClient(
            base_url=self.url, timeout=15, headers={"Authorization": f"Bearer {self.issuer.token(sub)}"}
        )
        self.clients.append(client)
        return Person(reply.user_id, sub, client)

    def feed_stub(self) -> Any:
        from kantine.v1 import feed_pb2_grpc

        return feed_pb2_grpc.FeedServiceStub(self.gateway.upstreams.channels["feed"])

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()
        await self.gateway.close()
        for other in reversed(self.others):
            await other.close()
        await self.feed.close()
        await self.issuer.stop()


async def gateway_world(
    database_url: str,
    nats_url: str,
    nc: NatsClient,
    topology: Topology,
    *,
    services: tuple[str, ...] = ("notify", "gamify", "search", "insights"),
    notify_smtp_port: int | None = None,
    **settings: Any,
) -> AsyncIterator[GatewayWorld]:
    issuer = await TokenIssuer().start()
    feed = await FeedHarness.start(database_url, nc, topology)
    others: list[Any] = []
    addresses = {"feed": feed.address}
    if "notify" in services:
        notify = await NotifyHarness.start(database_url, nc, topology, smtp_port=notify_smtp_port)
        others.append(notify)
        addresses["notify"] = notify.address
    if "gamify" in services:
        gamify = await GamifyHarness.start(database_url, nc, topology)
        others.append(gamify)
        addresses["gamify"] = gamify.address
    if "search" in services:
        search = await SearchHarness.start(database_url, nc, topology)
        others.append(search)
        addresses["search"] = search.address
    if "insights" in services:
        insights = await InsightsHarness.start(database_url, nc, topology, search_address=addresses.get("search", ""))
        others.append(insights)
        addresses["insights"] = insights.address
    settings = {"oidc_issuer": issuer.issuer, "oidc_client_id": issuer.audience, **settings}
    gateway = await GatewayHarness.start(database_url, nats_url, addresses, nc, topology, **settings)
    world = GatewayWorld(feed, gateway, issuer, others)
    try:
        yield world
    finally:
        await world.close()
